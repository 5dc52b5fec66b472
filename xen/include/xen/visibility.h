/*
 * visibility.h - forced into every hypervisor C file (xen/Makefile).
 *
 * The hypervisor is built position-independent (-fpie) so that calls are
 * direct and data is reached RIP-relative from its high link address;
 * every symbol is one of ours, so all of them, declarations included,
 * are hidden: the compiler then never goes through a GOT.
 */
#pragma GCC visibility push(hidden)

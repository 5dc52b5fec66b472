/*
 * hypercall.h - the hypercall table, multicall and continuations.
 *
 * The arch's entry path (syscall from a PV guest kernel) collects rax and
 * the argument registers and calls hypercall_entry(); the value it returns
 * goes back in rax.  Handlers are registered by number (Xen's numbers,
 * __HYPERVISOR_* in public/xen.h); an unregistered number returns -ENOSYS.
 *
 * Continuations.  A handler that has done part of a long operation and
 * should give the CPU back calls hypercall_preempt_check() between steps
 * and, when it says so, returns hypercall_create_continuation(op, args)
 * with arguments describing the remaining work.  At top level the arch then
 * rewinds the guest to re-issue the hypercall with those arguments
 * (arch_hypercall_continue); inside a multicall the remaining work is
 * written into the multicall entry instead and the multicall itself
 * continues from that entry.  A continuation is only a return value plus
 * per-vCPU state (v->cont): nothing is kept on the hypervisor stack.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <xen/types.h>

#define NR_HYPERCALLS 64

/* Arguments beyond what a handler takes are ignored. */
typedef long (*hypercall_fn_t)(unsigned long, unsigned long, unsigned long,
                               unsigned long, unsigned long, unsigned long);

/* Boot only, before guests run.  0, or -EINVAL/-EEXIST. */
int hypercall_register(unsigned int op, hypercall_fn_t fn);
/* Registers the handlers of xen/common (event channels, grants, ...). */
void hypercall_register_common(void);

/* Runs hypercall op for the current vCPU; the result for rax. */
long hypercall_entry(unsigned long op, const unsigned long args[6]);
/* Runs op without continuation handling (multicall entries). */
long hypercall_call(unsigned long op, const unsigned long args[6]);

/* Should a long hypercall stop here and continue later? */
bool hypercall_preempt_check(void);
/*
 * Records that op must be re-issued with these arguments; returns the
 * value the handler must return (HYPERCALL_CONTINUATION).
 */
long hypercall_create_continuation(unsigned int op, unsigned long a0,
                                   unsigned long a1, unsigned long a2,
                                   unsigned long a3, unsigned long a4,
                                   unsigned long a5);
#define HYPERCALL_CONTINUATION (-0x7fff0001L)   /* never seen by guests */

/* Hypercall 13. */
long do_multicall(unsigned long call_list, unsigned long nr_calls);

/* ---- hooks the arch provides ---- */
/*
 * Makes the current vCPU re-execute its hypercall instruction with rax =
 * op and the argument registers = args when it next returns to the guest.
 */
void arch_hypercall_continue(unsigned int op, const unsigned long args[6]);

#endif

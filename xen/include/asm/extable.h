/*
 * asm/extable.h - exception fixups.
 *
 * An instruction that may fault on purpose (guest memory, probing MSRs)
 * gets an entry { faulting address, continue address }.  A fault at a
 * listed address in hypervisor mode resumes at the fixup instead of
 * crashing; the code there decides what the failure means.
 */
#ifndef ASM_EXTABLE_H
#define ASM_EXTABLE_H

#ifdef __ASSEMBLY__
#define _ASM_EXTABLE(from, to)              \
    .pushsection .ex_table, "a";            \
    .balign 8;                              \
    .quad from, to;                         \
    .popsection
#else
#include <xen/types.h>

#define _ASM_EXTABLE(from, to)              \
    ".pushsection .ex_table, \"a\"\n"       \
    ".balign 8\n"                           \
    ".quad " #from ", " #to "\n"            \
    ".popsection\n"

struct exception_table_entry {
    unsigned long addr, fixup;
};

/* Fixup address for a faulting rip, 0 when none. */
unsigned long search_exception_table(unsigned long rip);
#endif

#endif

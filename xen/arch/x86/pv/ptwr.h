/*
 * ptwr.h - emulation of guest-kernel writes into its own page tables
 * ("writable page tables", VMASST_TYPE_writable_pagetables).
 *
 * Linux writes some entries of pinned L1 tables with ordinary instructions
 * (fork's ptep_set_wrprotect, munmap's xchg, the accessed-bit clear of page
 * reclaim).  The table is mapped read-only, so the write faults; the #PF
 * handler hands it here.  We decode the instruction, compute what the
 * entry would become, and apply it through the PV MMU's checked update, as
 * if the guest had called mmu_update.  Anything not a plain aligned write
 * of a supported instruction into a validated L1 is refused, and the
 * caller reflects the #PF to the guest.
 */
#ifndef X86_PV_PTWR_H
#define X86_PV_PTWR_H

#include <xen/sched.h>
#include <public/xen.h>

struct ptwr_ctx {
    struct vcpu *v;               /* the faulting vCPU (current) */
    struct cpu_user_regs *regs;   /* its registers; updated on success */
    unsigned long cr2;            /* the faulting address */
    uint64_t fs_base, gs_base;    /* for FS:/GS: overrides */
    /* Copies up to n instruction bytes at guest va; returns bytes read. */
    unsigned int (*fetch)(unsigned long va, uint8_t *buf, unsigned int n);
};

enum ptwr_result {
    PTWR_DONE,      /* emulated: registers and RIP updated */
    PTWR_REFUSED,   /* not emulated: reflect the fault to the guest */
};

/* *flush is set when the caller must flush the domain's TLBs. */
enum ptwr_result pv_ptwr_emulate(struct ptwr_ctx *c, bool *flush);

#endif

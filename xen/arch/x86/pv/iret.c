/*
 * iret.c - HYPERVISOR_iret (23): the guest kernel's only way back to a
 * trapped context, kernel or user.
 *
 * The guest pushed {rax, r11, rcx, flags, rip, cs, rflags, rsp, ss} (rax
 * lowest) and issued syscall.  CS RPL 3 selects user mode (the vCPU
 * switches to its user L4 and GS base).  The event mask becomes !IF of the
 * saved RFLAGS; the real IF stays set and IOPL clear.  Selectors are
 * forced to RPL 3; a selector the CPU still refuses makes the final iretq
 * fault, which entry.S turns into the failsafe callback.
 */
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/processor.h>
#include "pv.h"

struct iret_frame {
    uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

#define EFLAGS_GUEST_MASK 0x00000dd5UL  /* CF PF AF ZF SF TF DF OF */
#define EFLAGS_USER_MASK  (EFLAGS_GUEST_MASK | (1UL << 18) | (1UL << 21) | \
                           (1UL << 14))  /* AC, ID, NT */

static bool canonical(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

long do_iret(void)
{
    struct vcpu *v = current;
    struct pv_vcpu *pv = pv_vcpu(v);
    struct cpu_user_regs *regs = guest_cpu_user_regs();
    struct iret_frame f;

    if (copy_from_guest(&f, regs->rsp, sizeof(f)))
        pv_domain_crash("HYPERVISOR_iret: unreadable frame");
    if (!canonical(f.rip) || !canonical(f.rsp))
        pv_domain_crash("HYPERVISOR_iret: non-canonical rip/rsp");

    if ((f.cs & 3) == 3 && pv->in_kernel) {
        if (!pv->mmu.guest_table_user && !pv->mmu.guest_table)
            pv_domain_crash("HYPERVISOR_iret to user mode: no tables");
        pv_toggle_mode(v);
    }
    regs->rip = f.rip;
    regs->cs = f.cs | 3;
    regs->rflags = (f.rflags & EFLAGS_USER_MASK) | X86_EFLAGS_IF | 2;
    regs->rsp = f.rsp;
    regs->ss = f.ss | 3;
    if (!(f.flags & VGCF_in_syscall)) {
        regs->r11 = f.r11;
        regs->rcx = f.rcx;
    }
    WRITE_ONCE(v->vcpu_info->evtchn_upcall_mask,
               !(f.rflags & X86_EFLAGS_IF));
    /* The hypercall's result is the guest's saved rax. */
    return f.rax;
}

/*
 * hypercall.c - guest SYSCALL: hypercalls from the guest kernel, system
 * calls from guest user code; continuations; the hypercall page.
 *
 * ABI: rax = number; arguments rdi, rsi, rdx, r10, r8, r9; the result goes
 * back in rax.  Other registers are the guest's and are left alone.
 */
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include "pv.h"

#define SYSCALL_INSN_LEN 2

void do_guest_syscall(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    struct pv_vcpu *pv = pv_vcpu(v);
    unsigned long args[6];

    if (regs->entry_vector == TRAP_syscall32) {
        /* A compat-mode syscall: the guest kernel's syscall32 callback. */
        if (pv->syscall32_cb.address)
            pv_bounce_callback(regs, &pv->syscall32_cb, false);
        else
            pv_inject_trap(regs, 6, false, 0);
        return;
    }
    if (!pv->in_kernel) {
        if (pv->syscall_cb.address)
            pv_bounce_callback(regs, &pv->syscall_cb, false);
        else
            pv_inject_trap(regs, 6, false, 0);   /* #UD, as Xen */
        return;
    }
    args[0] = regs->rdi;
    args[1] = regs->rsi;
    args[2] = regs->rdx;
    args[3] = regs->r10;
    args[4] = regs->r8;
    args[5] = regs->r9;
    regs->rax = hypercall_entry(regs->rax, args);
}

void arch_hypercall_continue(unsigned int op, const unsigned long args[6])
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();

    regs->rip -= SYSCALL_INSN_LEN;
    regs->rax = op;
    regs->rdi = args[0];
    regs->rsi = args[1];
    regs->rdx = args[2];
    regs->r10 = args[3];
    regs->r8 = args[4];
    regs->r9 = args[5];
}

/*
 * The hypercall page (ELF note HYPERCALL_PAGE): 32 bytes per hypercall.
 * Each stub keeps rcx/r11 (which SYSCALL clobbers) on the stack around
 * the syscall.  HYPERVISOR_iret's stub pushes rax on top of what the guest
 * pushed (flags, rcx, r11) and never returns.
 */
void pv_write_hypercall_page(uint8_t *p)
{
    for (unsigned int i = 0; i < 4096 / 32; i++) {
        uint8_t *s = p + i * 32;
        unsigned int n = 0;

        memset(s, 0xcc, 32);
        if (i == __HYPERVISOR_iret) {
            s[n++] = 0x50;                          /* push %rax */
            s[n++] = 0xb8;                          /* mov $i, %eax */
            memcpy(&s[n], &i, 4);
            n += 4;
            s[n++] = 0x0f; s[n++] = 0x05;           /* syscall */
            continue;
        }
        s[n++] = 0x51;                              /* push %rcx */
        s[n++] = 0x41; s[n++] = 0x53;               /* push %r11 */
        s[n++] = 0xb8;                              /* mov $i, %eax */
        memcpy(&s[n], &i, 4);
        n += 4;
        s[n++] = 0x0f; s[n++] = 0x05;               /* syscall */
        s[n++] = 0x41; s[n++] = 0x5b;               /* pop %r11 */
        s[n++] = 0x59;                              /* pop %rcx */
        s[n++] = 0xc3;                              /* ret */
    }
}

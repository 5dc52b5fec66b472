/*
 * misc_op.c - small per-vCPU hypercalls: fpu_taskswitch (5),
 * set_debugreg (8), get_debugreg (9), vm_assist (21).
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/processor.h>
#include "pv.h"

/* Virtual CR0.TS; the real one follows it while the vCPU runs. */
long do_fpu_taskswitch(unsigned long set)
{
    struct pv_vcpu *pv = pv_vcpu(current);

    pv->fpu_ts = !!set;
    if (set)
        write_cr0(read_cr0() | X86_CR0_TS);
    else
        __asm__ volatile("clts");
    return 0;
}

static bool guest_addr(unsigned long a)
{
    return a < HYPERVISOR_VIRT_START - 8 || (a >= HYPERVISOR_VIRT_END &&
           (uint64_t)((int64_t)(a << 16) >> 16) == a);
}

/*
 * Breakpoints may only cover guest addresses; DR7 may enable only local
 * and global breakpoints with no I/O breakpoints (R/W = 2), and never the
 * general-detect bit.  Loaded on the next context switch in.
 */
long do_set_debugreg(unsigned long reg, unsigned long value)
{
    struct pv_vcpu *pv = pv_vcpu(current);

    switch (reg) {
    case 0: case 1: case 2: case 3:
        if (!guest_addr(value))
            return -EPERM;
        pv->debugreg[reg] = value;
        __asm__ volatile("" ::: "memory");
        break;
    case 6:
        pv->debugreg[6] = (value & 0xe00f) | 0xffff0ff0UL;
        break;
    case 7:
        if (value & (1UL << 13))
            return -EPERM;
        for (unsigned int i = 0; i < 4; i++)
            if (((value >> (16 + i * 4)) & 3) == 2)
                return -EPERM;
        pv->debugreg[7] = value & 0xffff23ffUL;
        break;
    default:
        return -ENODEV;                  /* Xen 4.17's answer */
    }
    if (reg == 7 || (pv->debugreg[7] & 0xff)) {
        __asm__ volatile("mov %0, %%db0" :: "r"(pv->debugreg[0]));
        __asm__ volatile("mov %0, %%db1" :: "r"(pv->debugreg[1]));
        __asm__ volatile("mov %0, %%db2" :: "r"(pv->debugreg[2]));
        __asm__ volatile("mov %0, %%db3" :: "r"(pv->debugreg[3]));
        __asm__ volatile("mov %0, %%db7" :: "r"(pv->debugreg[7]));
    }
    return 0;
}

long do_get_debugreg(unsigned long reg)
{
    struct pv_vcpu *pv = pv_vcpu(current);

    if (reg > 7 || reg == 4 || reg == 5)
        return -EINVAL;
    return pv->debugreg[reg];
}

#define VMASST_VALID ((1UL << VMASST_TYPE_4gb_segments) |           \
                      (1UL << VMASST_TYPE_4gb_segments_notify) |    \
                      (1UL << VMASST_TYPE_writable_pagetables) |    \
                      (1UL << VMASST_TYPE_pae_extended_cr3) |       \
                      (1UL << VMASST_TYPE_runstate_update_flag))

long do_vm_assist(unsigned long cmd, unsigned long type)
{
    struct pv_domain *pd = pv_domain(current->domain);

    if (type >= 64 || !(VMASST_VALID & (1UL << type)))
        return -EINVAL;
    switch (cmd) {
    case VMASST_CMD_enable:
        __atomic_fetch_or(&pd->mmu.vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
        return 0;
    case VMASST_CMD_disable:
        __atomic_fetch_and(&pd->mmu.vm_assist, ~(1UL << type),
                           __ATOMIC_SEQ_CST);
        return 0;
    }
    return -ENOSYS;
}

/*
 * ldt.c - a PV guest's LDT on the CPU: the per-CPU LDT window, LDTR, and
 * the faults that map LDT pages lazily.
 *
 * MMUEXT_SET_LDT (pv/mm.c: pv_set_ldt) records only a base and an entry
 * count, as Xen 4.17 does; no page is looked at then.  LDTR points at this
 * CPU's LDT window (asm/config.h, 16 pages) with the guest's limit, and the
 * window starts empty.  The first descriptor the CPU reads from a page
 * faults (#PF in the window, a supervisor access even from guest code);
 * then the page the vCPU's kernel tables map at ldt_base + offset is taken
 * as a descriptor page (every entry checked, no writable mapping while the
 * type is held: pv_ldt_get_page) and mapped into the window.  When that
 * fails the guest sees what Xen shows it: #PF at the LDT's linear address,
 * or #GP(selector) when that address is not canonical.
 *
 * Invariants:
 *  - a CPU's LDT window maps exactly the ldt_frames of the guest vCPU
 *    current on it, none when it runs the idle vCPU, and LDTR is null
 *    unless that vCPU has ldt_ents > 0;
 *  - ldt_frames change only on the vCPU itself (SET_LDT, its faults, a new
 *    kernel L4) or while it is not running (teardown, VCPUOP_initialise),
 *    so no lock is needed; a frame leaves the window (invlpg) before its
 *    references are dropped (pv_destroy_ldt);
 *  - frames stay mapped across context switches (reloaded from
 *    ldt_frames), and are dropped on SET_LDT with another base or size, a
 *    new kernel L4, and vCPU teardown (pv_drop_guest_tables).
 *
 * Faults in hypervisor mode (loading a guest's data segments on a context
 * switch, the iretq to a guest CS in its LDT) map the page the same way;
 * if that fails the instruction's exception-table fixup runs: a null data
 * selector; for the iretq, the #PF (or #GP) above on the frame it was
 * returning to, as Xen 4.17 delivers it (pv_ldt_iret_fault).
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include "pv.h"

#define PFEC_USER  (1U << 2)
#define PFEC_RSVD  (1U << 3)
#define TRAP_gp_fault 13

static bool canonical(unsigned long a)
{
    return (unsigned long)((long)(a << 16) >> 16) == a;
}

/* v's LDT into this CPU's window and LDTR (v is, or becomes, current). */
void pv_ldt_load(struct vcpu *v)
{
    const struct pv_mmu_vcpu *m = pv_mmu_vcpu(v);

    for (unsigned int i = 0; i < LDT_WINDOW_PAGES; i++)
        ldt_window_set(i, m->ldt_frames[i]);
    ldt_window_load(m->ldt_ents);
}

/* This CPU leaves guest context: nothing of any vCPU stays mapped. */
void pv_ldt_unload(void)
{
    ldt_window_load(0);
    for (unsigned int i = 0; i < LDT_WINDOW_PAGES; i++)
        ldt_window_set(i, 0);
}

void arch_ldt_changed(struct vcpu *v)
{
    if (v == current)
        pv_ldt_load(v);
}

/*
 * A #PF at cr2: true if it was an LDT access this file dealt with (the
 * page is mapped now, or, for a guest-mode fault, the guest got its
 * exception); false leaves the fault to the caller.
 */
static bool ldt_fault(struct cpu_user_regs *regs, unsigned long cr2,
                      bool from_guest)
{
    struct vcpu *v = current;
    struct pv_mmu_vcpu *m;
    unsigned long linear;
    unsigned int off;

    if (!v || is_idle_vcpu(v) || (regs->error_code & (PFEC_USER | PFEC_RSVD)) ||
        !ldt_window_offset(cr2, &off))
        return false;
    m = pv_mmu_vcpu(v);
    linear = m->ldt_base + off;
    if (canonical(linear) && !pv_ldt_get_page(v, off)) {
        ldt_window_set(off >> PAGE_SHIFT, m->ldt_frames[off >> PAGE_SHIFT]);
        return true;
    }
    if (!from_guest)
        return false;
    if (!canonical(linear))
        pv_inject_trap(regs, TRAP_gp_fault, true, (off & ~3U) | 4);
    else
        pv_inject_page_fault(regs, linear, regs->error_code);
    return true;
}

/* Is sel an LDT selector within the limit whose page is not mapped? */
static bool ldt_sel_unmapped(const struct pv_mmu_vcpu *m, uint16_t sel,
                             unsigned int *off)
{
    *off = sel & ~7U;
    return (sel & 4) && *off / 8 < m->ldt_ents &&
           !m->ldt_frames[*off >> PAGE_SHIFT];
}

/*
 * The iretq to the guest faulted (pv_iret_fault).  If its CS or SS names
 * an LDT descriptor on a page that could not be mapped, the guest gets
 * the fault Xen 4.17 gives it: #PF at the descriptor's linear address
 * (#GP(selector) if that is not canonical), delivered on the frame it was
 * returning to.  True if so (or if the page can be mapped now: the iretq
 * is simply retried); false leaves the fault to the failsafe callback.
 */
bool pv_ldt_iret_fault(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    struct pv_mmu_vcpu *m = pv_mmu_vcpu(v);
    uint16_t sels[2] = { (uint16_t)regs->cs, (uint16_t)regs->ss };
    unsigned int off;

    for (unsigned int i = 0; i < 2; i++) {
        unsigned long linear;

        if (!ldt_sel_unmapped(m, sels[i], &off))
            continue;
        linear = m->ldt_base + off;
        if (canonical(linear) && !pv_ldt_get_page(v, off)) {
            ldt_window_set(off >> PAGE_SHIFT, m->ldt_frames[off >> PAGE_SHIFT]);
            return true;
        }
        if (!canonical(linear))
            pv_inject_trap(regs, TRAP_gp_fault, true, off | 4);
        else
            pv_inject_page_fault(regs, linear, 0);
        return true;
    }
    return false;
}

bool pv_ldt_guest_fault(struct cpu_user_regs *regs, unsigned long cr2)
{
    return ldt_fault(regs, cr2, true);
}

/* xen/arch/x86/traps.c: a hypervisor-mode #PF, before its fixup. */
bool pv_fixup_hypervisor_page_fault(struct cpu_user_regs *regs)
{
    return ldt_fault(regs, read_cr2(), false);
}

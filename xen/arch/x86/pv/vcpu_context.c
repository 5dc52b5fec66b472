/*
 * vcpu_context.c - a PV vCPU's whole register and descriptor state as
 * struct vcpu_guest_context: XEN_DOMCTL_getvcpucontext/setvcpucontext
 * (xen/toolctl.h hooks arch_get_vcpu_context / arch_set_vcpu_context).
 *
 * The caller (domctl.c) has paused the domain, so the vCPU is not running
 * and its saved state in struct pv_vcpu is authoritative (pv.h).
 *
 * A vCPU "has a context" (pv->initialised) once the dom0 builder,
 * VCPUOP_initialise (vcpu.c, which installs through here) or a set here
 * gave it one.  Setting the context of a
 * vCPU without one installs everything: the GDT frames (descriptor type
 * references), the kernel L4 (ctrlreg[3]) and the user L4 (ctrlreg[1]),
 * each an L4 type reference taken through pv_set_guest_table.  A vCPU that
 * already has a context keeps its references: its page tables, GDT and
 * LDT must be given unchanged (-EOPNOTSUPP otherwise, as Xen's
 * arch_set_info_guest) and only registers, traps, callbacks, segments,
 * FPU and debug state are replaced.  The whole context is checked before
 * anything changes, and a reference that cannot be taken undoes those
 * taken before it, so a refused context leaves the vCPU as it was.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/toolctl.h>
#include <public/xen.h>
#include <asm/page.h>
#include <asm/processor.h>
#include "pv.h"

#define LDT_MAX_ENTS 8192

static bool canonical(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

/* A guest code or data address: canonical and outside the hypervisor. */
static bool guest_addr_ok(uint64_t a)
{
    return canonical(a) &&
           (a < HYPERVISOR_VIRT_START || a >= HYPERVISOR_VIRT_END);
}

/* Guest kernels run in ring 3: a non-null selector gets RPL 3. */
static uint16_t fix_rpl(uint64_t sel)
{
    sel &= 0xffff;
    return sel ? (uint16_t)(sel | 3) : 0;
}

static bool has_context(struct vcpu *v)
{
    return pv_vcpu(v)->initialised;
}

/* ---- checks ---- */

static int check_addresses(const struct vcpu_guest_context *c)
{
    if (!guest_addr_ok(c->user_regs.rip) || !canonical(c->user_regs.rsp) ||
        !canonical(c->kernel_sp) || !canonical(c->fs_base) ||
        !canonical(c->gs_base_kernel) || !canonical(c->gs_base_user))
        return -EINVAL;
    if ((c->event_callback_eip && !guest_addr_ok(c->event_callback_eip)) ||
        (c->failsafe_callback_eip &&
         !guest_addr_ok(c->failsafe_callback_eip)) ||
        (c->syscall_callback_eip && !guest_addr_ok(c->syscall_callback_eip)))
        return -EINVAL;
    for (unsigned int i = 0; i < 256; i++)
        if (c->trap_ctxt[i].address &&
            !guest_addr_ok(c->trap_ctxt[i].address))
            return -EINVAL;
    /* Breakpoints only on guest addresses (none may fire in the
     * hypervisor) and no I/O breakpoints, as set_debugreg. */
    for (unsigned int i = 0; i < 4; i++)
        if (!guest_addr_ok(c->debugreg[i]) ||
            ((c->debugreg[7] >> (16 + i * 4)) & 3) == 2)
            return -EINVAL;
    return 0;
}

static int check_tables(const struct vcpu_guest_context *c)
{
    if (c->gdt_ents > PV_MAX_GDT_FRAMES * 512 ||
        c->gdt_ents > FIRST_RESERVED_GDT_ENTRY)
        return -EINVAL;
    if (c->ldt_ents > LDT_MAX_ENTS || (c->ldt_base & (PAGE_SIZE - 1)) ||
        !guest_addr_ok(c->ldt_base) ||
        !guest_addr_ok(c->ldt_base + c->ldt_ents * 8))
        return -EINVAL;
    /* A kernel L4 always; user mode needs a user L4. */
    if (!(c->ctrlreg[3] >> PAGE_SHIFT))
        return -EINVAL;
    if (!(c->flags & VGCF_in_kernel) && !(c->ctrlreg[1] >> PAGE_SHIFT))
        return -EINVAL;
    return 0;
}

/* The reference-holding state a vCPU with a context must keep. */
static bool tables_unchanged(struct vcpu *v,
                             const struct vcpu_guest_context *c)
{
    struct pv_vcpu *pv = pv_vcpu(v);
    unsigned int nr = (c->gdt_ents + 511) / 512;

    if ((c->ctrlreg[3] >> PAGE_SHIFT) != pv->mmu.guest_table ||
        (c->ctrlreg[1] >> PAGE_SHIFT) != pv->mmu.guest_table_user ||
        c->gdt_ents != pv->gdt_ents || c->ldt_base != pv->mmu.ldt_base ||
        c->ldt_ents != pv->mmu.ldt_ents)
        return false;
    for (unsigned int i = 0; i < nr; i++)
        if (c->gdt_frames[i] != pv->gdt_frames[i])
            return false;
    return true;
}

/* ---- installing ---- */

/* GDT, kernel and user L4 of a vCPU without a context; all or nothing. */
static int install_tables(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct pv_vcpu *pv = pv_vcpu(v);
    mfn_t gdt[PV_MAX_GDT_FRAMES];
    unsigned int nr = (c->gdt_ents + 511) / 512;
    int rc;

    for (unsigned int i = 0; i < nr; i++)
        gdt[i] = c->gdt_frames[i];
    if ((rc = pv_set_gdt(v, gdt, c->gdt_ents)))
        return rc;
    if ((rc = pv_set_guest_table(v, c->ctrlreg[3] >> PAGE_SHIFT, false)))
        goto drop_gdt;
    if ((rc = pv_set_guest_table(v, c->ctrlreg[1] >> PAGE_SHIFT, true)))
        goto drop_kernel;
    pv->mmu.ldt_base = c->ldt_base;
    pv->mmu.ldt_ents = c->ldt_ents;
    return 0;

 drop_kernel:
    pv_set_guest_table(v, 0, false);
 drop_gdt:
    pv_drop_gdt(v);
    return rc;
}

static void load_regs(struct pv_vcpu *pv, const struct vcpu_guest_context *c)
{
    pv->regs = c->user_regs;
    pv->regs.error_code = 0;
    pv->regs.entry_vector = 0;
    pv->regs.saved_upcall_mask = 0;
    pv->regs.es = pv->regs.ds = pv->regs.fs = pv->regs.gs = 0;  /* in pv */
    pv->regs.cs = fix_rpl(c->user_regs.cs);
    pv->regs.ss = fix_rpl(c->user_regs.ss);
    if (!pv->regs.cs)
        pv->regs.cs = FLAT_RING3_CS64;
    if (!pv->regs.ss)
        pv->regs.ss = FLAT_RING3_SS64;
    /* Real IF always on and IOPL 0; the guest's IOPL is virtual. */
    pv->iopl = (c->user_regs.rflags >> 12) & 3;
    pv->regs.rflags = (c->user_regs.rflags & 0xcd5) | X86_EFLAGS_IF | 2;
    pv->ds = fix_rpl(c->user_regs.ds);
    pv->es = fix_rpl(c->user_regs.es);
    pv->fs = fix_rpl(c->user_regs.fs);
    pv->gs = fix_rpl(c->user_regs.gs);
    pv->fs_base = c->fs_base;
    pv->gs_base_kernel = c->gs_base_kernel;
    pv->gs_base_user = c->gs_base_user;
    pv->in_kernel = c->flags & VGCF_in_kernel;
}

static void load_fpu_debug(struct pv_vcpu *pv,
                           const struct vcpu_guest_context *c)
{
    pv_fpu_init(pv);
    if (c->flags & VGCF_i387_valid) {
        memcpy(pv->fpu, c->fpu_ctxt.x, sizeof(pv->fpu));
        /* MXCSR reserved bits would fault in FXRSTOR. */
        *(uint32_t *)&pv->fpu[24] &= 0xffff;
        *(uint32_t *)&pv->fpu[28] = 0xffff;
    }
    pv->fpu_ts = c->ctrlreg[0] & X86_CR0_TS;
    memset(pv->debugreg, 0, sizeof(pv->debugreg));
    for (unsigned int i = 0; i < 4; i++)
        pv->debugreg[i] = c->debugreg[i];
    /* Only local/global enables and their conditions; no GD. */
    pv->debugreg[7] = c->debugreg[7] & 0xffff00ffUL;
}

static void load_traps(struct pv_vcpu *pv, const struct vcpu_guest_context *c)
{
    for (unsigned int i = 0; i < 256; i++) {
        pv->traps[i].address = c->trap_ctxt[i].address;
        pv->traps[i].flags = c->trap_ctxt[i].flags & 7;
    }
    pv->kernel_ss = fix_rpl(c->kernel_ss);
    pv->kernel_sp = c->kernel_sp;
    pv->event_cb.address = c->event_callback_eip;
    pv->event_cb.mask_events = true;
    pv->failsafe_cb.address = c->failsafe_callback_eip;
    pv->failsafe_cb.mask_events = c->flags & VGCF_failsafe_disables_events;
    pv->syscall_cb.address = c->syscall_callback_eip;
    pv->syscall_cb.mask_events = c->flags & VGCF_syscall_disables_events;
}

int arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct pv_vcpu *pv = pv_vcpu(v);
    int rc;

    if ((rc = check_addresses(c)) || (rc = check_tables(c)))
        return rc;
    if (has_context(v)) {
        if (!tables_unchanged(v, c))
            return -EOPNOTSUPP;
    } else if ((rc = install_tables(v, c))) {
        return rc;
    }
    load_regs(pv, c);
    load_fpu_debug(pv, c);
    load_traps(pv, c);
    pv->initialised = true;
    return 0;
}

/* ---- reading ---- */

static void save_traps(const struct pv_vcpu *pv, struct vcpu_guest_context *c)
{
    for (unsigned int i = 0; i < 256; i++) {
        c->trap_ctxt[i].vector = (uint8_t)i;
        c->trap_ctxt[i].flags = pv->traps[i].flags;
        c->trap_ctxt[i].cs = pv->traps[i].address ? FLAT_KERNEL_CS : 0;
        c->trap_ctxt[i].address = pv->traps[i].address;
    }
    c->kernel_ss = pv->kernel_ss;
    c->kernel_sp = pv->kernel_sp;
    c->event_callback_eip = pv->event_cb.address;
    c->failsafe_callback_eip = pv->failsafe_cb.address;
    c->syscall_callback_eip = pv->syscall_cb.address;
    if (pv->failsafe_cb.mask_events)
        c->flags |= VGCF_failsafe_disables_events;
    if (pv->syscall_cb.mask_events)
        c->flags |= VGCF_syscall_disables_events;
}

int arch_get_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c)
{
    struct pv_vcpu *pv = pv_vcpu(v);

    if (!has_context(v))
        return -ENODATA;
    memset(c, 0, sizeof(*c));
    memcpy(c->fpu_ctxt.x, pv->fpu, sizeof(c->fpu_ctxt.x));
    c->flags = VGCF_i387_valid;
    if (pv->in_kernel)
        c->flags |= VGCF_in_kernel;
    if (!(READ_ONCE(v->pause_flags) & VPF_down))
        c->flags |= VGCF_online;
    c->user_regs = pv->regs;
    c->user_regs.rflags = (pv->regs.rflags & ~X86_EFLAGS_IF) |
                          ((unsigned long)pv->iopl << 12);
    if (!v->vcpu_info->evtchn_upcall_mask)
        c->user_regs.rflags |= X86_EFLAGS_IF;
    c->user_regs.ds = pv->ds;
    c->user_regs.es = pv->es;
    c->user_regs.fs = pv->fs;
    c->user_regs.gs = pv->gs;
    save_traps(pv, c);
    c->ldt_base = pv->mmu.ldt_base;
    c->ldt_ents = pv->mmu.ldt_ents;
    for (unsigned int i = 0; i < PV_MAX_GDT_FRAMES; i++)
        c->gdt_frames[i] = pv->gdt_frames[i];
    c->gdt_ents = pv->gdt_ents;
    c->ctrlreg[0] = X86_CR0_PE | X86_CR0_PG | (pv->fpu_ts ? X86_CR0_TS : 0);
    c->ctrlreg[1] = (unsigned long)pv->mmu.guest_table_user << PAGE_SHIFT;
    c->ctrlreg[3] = (unsigned long)pv->mmu.guest_table << PAGE_SHIFT;
    for (unsigned int i = 0; i < 8; i++)
        c->debugreg[i] = pv->debugreg[i];
    c->debugreg[6] |= 0xffff0ff0UL;
    c->debugreg[7] |= 0x400UL;
    c->vm_assist = pv_domain(v->domain)->mmu.vm_assist;
    c->fs_base = pv->fs_base;
    c->gs_base_kernel = pv->gs_base_kernel;
    c->gs_base_user = pv->gs_base_user;
    return 0;
}

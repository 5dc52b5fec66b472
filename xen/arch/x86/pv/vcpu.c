/*
 * vcpu.c - hypercall 24 (vcpu_op) for PV guests: bringing vCPUs up and
 * down (initialise, up, down, is_up), placing vcpu_info in a guest frame
 * (register_vcpu_info), and dispatch of the timer and runstate sub-ops to
 * time.c.
 *
 * A vCPU other than 0 starts down and uninitialised; VCPUOP_initialise
 * gives it a full register and descriptor context (struct
 * vcpu_guest_context) while it is down, and VCPUOP_up makes it runnable.
 * Only the vCPU itself or a down vCPU may be changed (the others' state is
 * live on some CPU).  The context is checked whole before anything is
 * installed, so a refused context leaves the vCPU as it was.
 *
 * A registered vcpu_info lives in a frame of the domain that keeps a
 * general and a writable-type reference until the domain is relinquished
 * (pv_release_vcpu_info).
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <public/vcpu.h>
#include <asm/page.h>
#include <asm/processor.h>
#include "pv.h"

long pv_vcpu_timer_op(unsigned long cmd, struct vcpu *v, unsigned long arg);


static bool canonical(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

/* A guest code address: canonical and outside the hypervisor's range. */
static bool guest_addr_ok(uint64_t a)
{
    return canonical(a) &&
           (a < HYPERVISOR_VIRT_START || a >= HYPERVISOR_VIRT_END);
}

/* Guest kernels run in ring 3: a selector's RPL is raised to 3. */
static uint16_t fix_rpl(uint64_t sel)
{
    sel &= 0xffff;
    return sel ? (uint16_t)(sel | 3) : 0;
}

/* ---- register_vcpu_info ---- */

static int register_vcpu_info(struct vcpu *v, unsigned long arg)
{
    struct vcpu_register_vcpu_info info;
    struct domain *d = v->domain;
    struct pv_vcpu *pv = pv_vcpu(v);
    struct page_info *pg;
    vcpu_info_t *new;

    if (copy_from_guest(&info, arg, sizeof(info)))
        return -EFAULT;
    if (v != current && !(READ_ONCE(v->pause_flags) & VPF_down))
        return -EINVAL;
    if (pv->vcpu_info_mfn)
        return -EINVAL;                       /* once per vCPU, as Xen */
    if (info.offset > PAGE_SIZE - sizeof(vcpu_info_t) ||
        (info.offset & (__alignof__(vcpu_info_t) - 1)))
        return -EINVAL;
    if (!mfn_valid(info.mfn) || !info.mfn)
        return -EINVAL;
    pg = mfn_to_page(info.mfn);
    if (get_page_and_type(pg, d, PGT_writable_page))
        return -EINVAL;

    new = (vcpu_info_t *)((char *)mfn_to_virt(info.mfn) + info.offset);
    spin_lock(&d->event_lock);
    memcpy(new, v->vcpu_info, sizeof(*new));
    __atomic_store_n(&v->vcpu_info, new, __ATOMIC_RELEASE);
    pv->vcpu_info_mfn = info.mfn;
    /* Events sent to the old area meanwhile: make the guest rescan. */
    __atomic_store_n(&new->evtchn_pending_sel, ~0UL, __ATOMIC_RELEASE);
    __atomic_store_n(&new->evtchn_upcall_pending, 1, __ATOMIC_RELEASE);
    spin_unlock(&d->event_lock);
    pv_update_vcpu_time(v);
    return 0;
}

void pv_release_vcpu_info(struct vcpu *v)
{
    struct pv_vcpu *pv = pv_vcpu(v);
    struct domain *d = v->domain;

    if (!pv->vcpu_info_mfn)
        return;
    spin_lock(&d->event_lock);
    if (d->shared_info && v->vcpu_id < XEN_LEGACY_MAX_VCPUS)
        v->vcpu_info = &d->shared_info->vcpu_info[v->vcpu_id];
    spin_unlock(&d->event_lock);
    put_page_and_type(mfn_to_page(pv->vcpu_info_mfn));
    pv->vcpu_info_mfn = 0;
}

/* ---- initialise ---- */

static int check_context(const struct vcpu_guest_context *c)
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
    if (c->gdt_ents > FIRST_RESERVED_GDT_ENTRY)
        return -EINVAL;
    if (c->ldt_ents > 8192 || (c->ldt_base & (PAGE_SIZE - 1)) ||
        !guest_addr_ok(c->ldt_base) ||
        !guest_addr_ok(c->ldt_base + c->ldt_ents * 8))
        return -EINVAL;
    for (unsigned int i = 0; i < 4; i++)
        if (!canonical(c->debugreg[i]))
            return -EINVAL;
    return 0;
}

static int install_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct pv_vcpu *pv = pv_vcpu(v);
    mfn_t gdt[PV_MAX_GDT_FRAMES];
    unsigned int nr_gdt = (c->gdt_ents + 511) / 512;
    mfn_t kl4 = c->ctrlreg[3] >> PAGE_SHIFT;
    mfn_t ul4 = c->ctrlreg[1] >> PAGE_SHIFT;
    int rc;

    if (!kl4)
        return -EINVAL;
    for (unsigned int i = 0; i < nr_gdt; i++)
        gdt[i] = c->gdt_frames[i];
    if ((rc = pv_set_gdt(v, gdt, c->gdt_ents)))
        return rc;
    if ((rc = pv_set_guest_table(v, kl4, false))) {
        pv_drop_gdt(v);
        return rc;
    }
    if ((rc = pv_set_guest_table(v, ul4, true))) {
        pv_set_guest_table(v, 0, false);
        pv_drop_gdt(v);
        return rc;
    }

    pv->in_kernel = c->flags & VGCF_in_kernel;
    memset(&pv->regs, 0, sizeof(pv->regs));
    pv->regs.rax = c->user_regs.rax;
    pv->regs.rbx = c->user_regs.rbx;
    pv->regs.rcx = c->user_regs.rcx;
    pv->regs.rdx = c->user_regs.rdx;
    pv->regs.rsi = c->user_regs.rsi;
    pv->regs.rdi = c->user_regs.rdi;
    pv->regs.rbp = c->user_regs.rbp;
    pv->regs.r8 = c->user_regs.r8;
    pv->regs.r9 = c->user_regs.r9;
    pv->regs.r10 = c->user_regs.r10;
    pv->regs.r11 = c->user_regs.r11;
    pv->regs.r12 = c->user_regs.r12;
    pv->regs.r13 = c->user_regs.r13;
    pv->regs.r14 = c->user_regs.r14;
    pv->regs.r15 = c->user_regs.r15;
    pv->regs.rip = c->user_regs.rip;
    pv->regs.rsp = c->user_regs.rsp;
    pv->regs.cs = fix_rpl(c->user_regs.cs);
    pv->regs.ss = fix_rpl(c->user_regs.ss);
    if (!pv->regs.cs)
        pv->regs.cs = FLAT_RING3_CS64;
    if (!pv->regs.ss)
        pv->regs.ss = FLAT_RING3_SS64;
    /* Real IF always set, IOPL virtual (Xen: eflags IOPL -> virtual). */
    pv->iopl = (c->user_regs.rflags >> 12) & 3;
    pv->regs.rflags = (c->user_regs.rflags & 0xcd5) | X86_EFLAGS_IF | 2;
    pv->ds = fix_rpl(c->user_regs.ds);
    pv->es = fix_rpl(c->user_regs.es);
    pv->fs = fix_rpl(c->user_regs.fs);
    pv->gs = fix_rpl(c->user_regs.gs);
    pv->fs_base = c->fs_base;
    pv->gs_base_kernel = c->gs_base_kernel;
    pv->gs_base_user = c->gs_base_user;

    pv_fpu_init(pv);
    if (c->flags & VGCF_i387_valid) {
        memcpy(pv->fpu, c->fpu_ctxt.x, sizeof(pv->fpu));
        /* MXCSR reserved bits would fault in FXRSTOR. */
        *(uint32_t *)&pv->fpu[24] &= 0xffff;
        *(uint32_t *)&pv->fpu[28] = 0xffff;
    }
    pv->fpu_ts = c->ctrlreg[0] & X86_CR0_TS;

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
    pv->mmu.ldt_base = c->ldt_base;
    pv->mmu.ldt_ents = c->ldt_ents;
    memset(pv->debugreg, 0, sizeof(pv->debugreg));
    for (unsigned int i = 0; i < 4; i++)
        pv->debugreg[i] = c->debugreg[i];
    /* Only local/global enables and their conditions; no GD. */
    pv->debugreg[7] = c->debugreg[7] & 0xffff00ffUL;
    return 0;
}

static int vcpu_initialise(struct vcpu *v, unsigned long arg)
{
    struct vcpu_guest_context *c;
    struct pv_vcpu *pv = pv_vcpu(v);
    int rc;

    c = xmalloc(struct vcpu_guest_context);
    if (!c)
        return -ENOMEM;
    rc = copy_from_guest(c, arg, sizeof(*c)) ? -EFAULT : 0;
    if (!rc && pv->initialised)
        rc = -EEXIST;
    if (!rc && !(READ_ONCE(v->pause_flags) & VPF_down))
        rc = -EINVAL;
    if (!rc)
        rc = check_context(c);
    if (!rc)
        rc = install_context(v, c);
    if (!rc) {
        pv->initialised = true;
        if (c->flags & VGCF_online)
            vcpu_up(v);
    }
    xfree(c);
    return rc;
}

/* ---- down: the caller stops here until brought up again ---- */

static long vcpu_op_down(struct vcpu *v)
{
    vcpu_down(v);
    return 0;
}

long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if (vcpuid >= d->max_vcpus || !(v = d->vcpu[vcpuid]))
        return -ENOENT;
    switch (cmd) {
    case VCPUOP_initialise:
        return vcpu_initialise(v, arg);
    case VCPUOP_up:
        if (!pv_vcpu(v)->initialised)
            return -EINVAL;
        vcpu_up(v);
        return 0;
    case VCPUOP_down:
        return vcpu_op_down(v);
    case VCPUOP_is_up:
        return !(READ_ONCE(v->pause_flags) & VPF_down);
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, arg);
    }
    return pv_vcpu_timer_op(cmd, v, arg);
}

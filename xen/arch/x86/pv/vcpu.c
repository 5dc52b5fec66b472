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
 *
 * Locks: vcpu_op_lock serialises initialise and up (two vCPUs of a guest
 * may race to initialise a third); register_vcpu_info decides under
 * d->event_lock, which also orders it against event delivery.
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/toolctl.h>
#include <xen/xmalloc.h>
#include <public/vcpu.h>
#include <asm/page.h>
#include <asm/processor.h>
#include "pv.h"

long pv_vcpu_timer_op(unsigned long cmd, struct vcpu *v, unsigned long arg);

static DEFINE_SPINLOCK(vcpu_op_lock);


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
    if (READ_ONCE(pv->vcpu_info_mfn))
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
    if (pv->vcpu_info_mfn) {                  /* another caller won */
        spin_unlock(&d->event_lock);
        put_page_and_type(pg);
        return -EINVAL;
    }
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

static int vcpu_initialise(struct vcpu *v, unsigned long arg)
{
    struct vcpu_guest_context *c;
    struct pv_vcpu *pv = pv_vcpu(v);
    int rc;

    c = xmalloc(struct vcpu_guest_context);
    if (!c)
        return -ENOMEM;
    rc = copy_from_guest(c, arg, sizeof(*c)) ? -EFAULT : 0;
    spin_lock(&vcpu_op_lock);
    if (!rc && pv->initialised)
        rc = -EEXIST;
    if (!rc && !(READ_ONCE(v->pause_flags) & VPF_down))
        rc = -EINVAL;
    if (!rc)
        rc = arch_set_vcpu_context(v, c);   /* checks, then installs */
    if (!rc) {
        pv->initialised = true;
        if (c->flags & VGCF_online)
            vcpu_up(v);
    }
    spin_unlock(&vcpu_op_lock);
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
    case VCPUOP_up: {
        long rc = 0;

        spin_lock(&vcpu_op_lock);
        if (pv_vcpu(v)->initialised)
            vcpu_up(v);
        else
            rc = -EINVAL;
        spin_unlock(&vcpu_op_lock);
        return rc;
    }
    case VCPUOP_down:
        return vcpu_op_down(v);
    case VCPUOP_is_up:
        return !(READ_ONCE(v->pause_flags) & VPF_down);
    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, arg);
    }
    return pv_vcpu_timer_op(cmd, v, arg);
}

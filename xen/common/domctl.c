/*
 * domctl.c - hypercall 36: per-domain operations for the toolstack in the
 * control domain (Xen 4.17's XEN_DOMCTL_*, interface version 0x15).
 *
 * Order of checks, as Xen's do_domctl: copy the whole struct in (-EFAULT),
 * interface version (-EACCES), look the target domain up (-ESRCH; not for
 * createdomain, and getdomaininfo searches onwards), caller is the control
 * domain (-EPERM), then the operation.  The struct goes back whole when the
 * operation has something to report.
 *
 * Locking: domctl_lock serialises operations, as Xen's domctl_lock; it is
 * only try-locked, and a busy lock turns the call into a continuation, so
 * two vCPUs of dom0 cannot deadlock while one pauses a domain the other
 * waits for.  The toolstack fields of struct domain (handle,
 * controller_pause_count, create_flags, ...) change only under it.
 *
 * Every operation validates all of its input before changing anything, so
 * a refused call leaves no half-done state.  Operations that need the
 * target's vCPUs still (contexts, max_vcpus) refuse to act on the caller's
 * own domain (-EINVAL), as Xen does.
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <xen/toolctl.h>
#include <xen/xmalloc.h>

static DEFINE_SPINLOCK(domctl_lock);

/* Limits Xen 4.17 applies by default. */
#define MAX_GRANT_FRAMES     GNTTAB_MAX_FRAMES  /* opt_max_grant_frames */
#define MAX_MAPTRACK_FRAMES  1024               /* opt_max_maptrack_frames */
#define MAX_CONTROLLER_PAUSE 255
#define MAX_IOPORT           0x10000
#define MAX_PIRQ             256
#define MAX_PFINFO_BATCH     1024

/* ---- getdomaininfo ---- */

/* ns v has spent running, including the current stint. */
static uint64_t vcpu_run_time(const struct vcpu *v)
{
    uint64_t t = v->runstate.time[RUNSTATE_running];

    s_time_t now = NOW();

    if (v->runstate.state == RUNSTATE_running &&
        (uint64_t)now > v->runstate.state_entry_time)
        t += (uint64_t)now - v->runstate.state_entry_time;
    return t;
}

void toolctl_getdomaininfo(struct domain *d,
                           struct xen_domctl_getdomaininfo *info)
{
    uint32_t flags = XEN_DOMINF_blocked;
    uint64_t cpu_time = 0;

    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    /* Blocked only if every online vCPU is; running if any is. */
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];
        uint32_t pf;

        if (!v)
            continue;
        pf = READ_ONCE(v->pause_flags);
        cpu_time += vcpu_run_time(v);
        info->max_vcpu_id = i;
        if (pf & VPF_down)
            continue;
        if (!(pf & VPF_blocked))
            flags &= ~XEN_DOMINF_blocked;
        if (READ_ONCE(v->is_running))
            flags |= XEN_DOMINF_running;
        info->nr_online_vcpus++;
    }
    info->flags = (info->nr_online_vcpus ? flags : 0);
    if (d->state == DOMSTATE_dead)
        info->flags |= XEN_DOMINF_dying;
    if (d->controller_pause_count > 0)
        info->flags |= XEN_DOMINF_paused;
    if (d->create_flags & XEN_DOMCTL_CDF_xs_domain)
        info->flags |= XEN_DOMINF_xs_domain;
    /* Xen keeps SHUTDOWN_CODE_INVALID (0xff as a byte) until a shutdown. */
    if (d->is_shutting_down)
        info->flags |= XEN_DOMINF_shutdown |
                       (uint32_t)d->shutdown_code << XEN_DOMINF_shutdownshift;
    else
        info->flags |= (uint32_t)XEN_DOMINF_shutdownmask
                       << XEN_DOMINF_shutdownshift;
    info->tot_pages = READ_ONCE(d->tot_pages);
    info->max_pages = READ_ONCE(d->max_pages);
    info->shared_info_frame = d->shared_info ? virt_to_mfn(d->shared_info)
                                             : 0;
    info->cpu_time = cpu_time;
    info->ssidref = 0;
    memcpy(info->handle, d->handle, sizeof(info->handle));
    info->cpupool = 0;
    info->gpaddr_bits = 52;
}

/* The domain with the lowest id at or after `from`, referenced; or NULL.
 * Ids are sparse: the walk stops once every domain has been passed. */
static struct domain *domain_at_or_after(unsigned int from)
{
    unsigned int left = domain_count();

    for (unsigned int id = from; id < DOMID_FIRST_RESERVED && left; id++) {
        struct domain *d = get_domain_by_id((domid_t)id);

        if (d)
            return d;
    }
    return NULL;
}

static long domctl_getdomaininfo(struct xen_domctl *op, struct domain *d)
{
    bool found = false;

    if (!d) {
        if (op->domain >= DOMID_FIRST_RESERVED)
            return -EINVAL;
        d = domain_at_or_after(op->domain);
        if (!d)
            return -ESRCH;
        found = true;
    }
    toolctl_getdomaininfo(d, &op->u.getdomaininfo);
    op->domain = op->u.getdomaininfo.domain;
    if (found)
        put_domain(d);
    return 0;
}

/* ---- createdomain ---- */

/* Xen 4.17's sanitise_domain_config and the x86 arch checks, for PV. */
static long check_create_config(const struct xen_domctl_createdomain *c)
{
    unsigned int gv = XEN_DOMCTL_GRANT_version(c->grant_opts);

    if (c->flags & ~(XEN_DOMCTL_CDF_MAX * 2 - 1))
        return -EINVAL;
    if (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask)
        return -EINVAL;
    if (c->max_vcpus < 1 || c->max_vcpus > DOMAIN_MAX_VCPUS)
        return -EINVAL;
    /* No HVM (so no HAP, nested virt), IOMMU, vmtrace, vPMU, tboot. */
    if (c->flags & (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap |
                    XEN_DOMCTL_CDF_iommu | XEN_DOMCTL_CDF_nested_virt |
                    XEN_DOMCTL_CDF_vpmu | XEN_DOMCTL_CDF_s3_integrity))
        return -EINVAL;
    if (c->iommu_opts || c->vmtrace_size)
        return -EINVAL;
    if (c->arch.emulation_flags & ~XEN_X86_EMU_PIT)
        return -EINVAL;
    if (c->arch.misc_flags & ~XEN_X86_MSR_RELAXED)
        return -EINVAL;
    /* Grant tables v1 only; frame limits within the hypervisor's. */
    if (gv != 1)
        return -EINVAL;
    if (c->max_grant_frames >= 0 &&
        (c->max_grant_frames < 1 || c->max_grant_frames > MAX_GRANT_FRAMES))
        return -EINVAL;
    if (c->max_maptrack_frames > MAX_MAPTRACK_FRAMES)
        return -EINVAL;
    if (c->cpupool_id != 0)
        return -ENOENT;
    return 0;
}

static long domctl_createdomain(struct xen_domctl *op)
{
    struct xen_domctl_createdomain *c = &op->u.createdomain;
    domid_t want = op->domain;
    struct domain *d;
    int err;
    long rc = check_create_config(c);

    if (rc)
        return rc;
    /* 0 and reserved ids ask the hypervisor to choose. */
    if (want == 0 || want >= DOMID_FIRST_RESERVED)
        want = DOMID_INVALID;
    d = domain_create(want, c->max_vcpus, 0, &err);
    if (!d)
        return err == -ENOSPC ? -ENOMEM : err;
    /* The creation pause (domain_create's) belongs to the controller. */
    d->controller_pause_count = 1;
    d->create_flags = c->flags;
    d->max_evtchn_port = c->max_evtchn_port;
    memcpy(d->handle, c->handle, sizeof(d->handle));
    op->domain = d->domain_id;
    /* The creation reference stays with the domain until destroydomain. */
    return 0;
}

/* ---- lifecycle ---- */

static long domctl_destroydomain(struct domain *d)
{
    int rc;

    if (d == current->domain)
        return -EINVAL;
    /* A zombie (dead, frames still referenced) is already destroyed. */
    if (d->state != DOMSTATE_alive)
        return 0;
    rc = domain_kill(d);
    return rc == -EINVAL && d->state != DOMSTATE_alive ? 0 : rc;
}

static long domctl_pausedomain(struct domain *d)
{
    if (d == current->domain)
        return -EINVAL;
    if (d->controller_pause_count >= MAX_CONTROLLER_PAUSE)
        return -EOVERFLOW;
    d->controller_pause_count++;
    domain_pause(d);
    return 0;
}

static long domctl_unpausedomain(struct domain *d)
{
    if (d->controller_pause_count <= 0)
        return -EINVAL;
    d->controller_pause_count--;
    domain_unpause(d);
    return 0;
}

static long domctl_max_vcpus(struct domain *d, uint32_t max)
{
    long rc = 0;

    if (d == current->domain || max != d->max_vcpus)
        return -EINVAL;
    domain_pause(d);
    for (unsigned int i = 0; i < max && !rc; i++)
        if (!d->vcpu[i] && !vcpu_create(d, i))
            rc = -ENOMEM;
    domain_unpause(d);
    return rc;
}

/* ---- vCPUs ---- */

/* vCPU id of d, or NULL: the error is -EINVAL out of range, else -ESRCH. */
static struct vcpu *domctl_vcpu(struct domain *d, uint32_t id, long *err)
{
    if (id >= d->max_vcpus) {
        *err = -EINVAL;
        return NULL;
    }
    *err = -ESRCH;
    return d->vcpu[id];
}

static long domctl_setvcpucontext(struct domain *d,
                                  struct xen_domctl_vcpucontext *vc)
{
    struct vcpu_guest_context *c;
    struct vcpu *v;
    long rc;

    if (d == current->domain || vc->vcpu >= d->max_vcpus ||
        !(v = d->vcpu[vc->vcpu]))
        return -EINVAL;
    if (!guest_handle_addr(vc->ctxt))
        return -EOPNOTSUPP;             /* vCPU reset: not offered */
    c = xmalloc(struct vcpu_guest_context);
    if (!c)
        return -ENOMEM;
    rc = copy_from_guest(c, guest_handle_addr(vc->ctxt), sizeof(*c));
    if (!rc) {
        domain_pause(d);
        rc = arch_set_vcpu_context(v, c);
        if (!rc && (c->flags & VGCF_online))
            vcpu_up(v);
        else if (!rc)
            vcpu_down(v);
        domain_unpause(d);
    }
    xfree(c);
    return rc;
}

static long domctl_getvcpucontext(struct domain *d,
                                  struct xen_domctl_vcpucontext *vc)
{
    struct vcpu_guest_context *c;
    struct vcpu *v;
    long rc;

    if (vc->vcpu >= d->max_vcpus || !(v = d->vcpu[vc->vcpu]) ||
        v == current)
        return -EINVAL;
    c = xzalloc(struct vcpu_guest_context);
    if (!c)
        return -ENOMEM;
    vcpu_pause(v);
    rc = arch_get_vcpu_context(v, c);
    vcpu_unpause(v);
    if (!rc && copy_to_guest(guest_handle_addr(vc->ctxt), c, sizeof(*c)))
        rc = -EFAULT;
    xfree(c);
    return rc;
}

static long domctl_getvcpuinfo(struct domain *d,
                               struct xen_domctl_getvcpuinfo *vi)
{
    long rc;
    struct vcpu *v = domctl_vcpu(d, vi->vcpu, &rc);
    uint32_t pf;

    if (!v)
        return rc;
    pf = READ_ONCE(v->pause_flags);
    vi->online = !(pf & VPF_down);
    vi->blocked = !!(pf & VPF_blocked);
    vi->running = READ_ONCE(v->is_running);
    vi->cpu_time = vcpu_run_time(v);
    vi->cpu = READ_ONCE(v->processor);
    return 0;
}

/* A guest CPU bitmap (nr_bits wide) as a cpumask; bits past it are 0. */
static int get_cpumap(const struct xenctl_bitmap *b, cpumask_t *m)
{
    unsigned int bytes = (b->nr_bits + 7) / 8;
    uint8_t buf[NR_CPUS / 8] = { 0 };

    if (bytes > sizeof(buf))
        bytes = sizeof(buf);
    if (bytes && copy_from_guest(buf, guest_handle_addr(b->bitmap), bytes))
        return -EFAULT;
    if (bytes && (b->nr_bits & 7) && bytes == (b->nr_bits + 7) / 8)
        buf[bytes - 1] &= (uint8_t)((1U << (b->nr_bits & 7)) - 1);
    cpumask_clear(m);
    for (unsigned int c = 0; c < bytes * 8; c++)
        if (buf[c / 8] >> (c % 8) & 1)
            cpumask_set_cpu(c, m);
    return 0;
}

/* Writes m into a guest bitmap of nr_bits; bytes beyond NR_CPUS are 0. */
static int put_cpumap(const struct xenctl_bitmap *b, const cpumask_t *m)
{
    unsigned int bytes = (b->nr_bits + 7) / 8;
    unsigned long dst = guest_handle_addr(b->bitmap);

    for (unsigned int i = 0; i < bytes; i++) {
        uint8_t v = i < NR_CPUS / 8 ? (uint8_t)(m->bits >> (8 * i)) : 0;

        if (copy_to_guest(dst + i, &v, 1))
            return -EFAULT;
    }
    return 0;
}

static long domctl_vcpuaffinity(struct domain *d,
                                struct xen_domctl_vcpuaffinity *va, bool set)
{
    cpumask_t online = { arch_online_cpus() }, hard;
    long rc;
    struct vcpu *v = domctl_vcpu(d, va->vcpu, &rc);

    if (!v)
        return rc;
    if (!va->flags ||
        (va->flags & ~(XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT |
                       XEN_VCPUAFFINITY_FORCE)) ||
        ((va->flags & XEN_VCPUAFFINITY_HARD) &&
         !guest_handle_addr(va->cpumap_hard.bitmap)) ||
        ((va->flags & XEN_VCPUAFFINITY_SOFT) &&
         !guest_handle_addr(va->cpumap_soft.bitmap)))
        return -EINVAL;
    if (set && (va->flags & XEN_VCPUAFFINITY_HARD)) {
        if ((rc = get_cpumap(&va->cpumap_hard, &hard)))
            return rc;
        if ((rc = vcpu_set_affinity(v, &hard)))
            return rc;
    }
    /* Soft affinity is accepted and ignored: every online CPU. */
    hard.bits = READ_ONCE(v->affinity.bits) & online.bits;
    if ((va->flags & XEN_VCPUAFFINITY_HARD) &&
        (rc = put_cpumap(&va->cpumap_hard, set ? &hard : &v->affinity)))
        return rc;
    if (va->flags & XEN_VCPUAFFINITY_SOFT)
        return put_cpumap(&va->cpumap_soft, &online);
    return 0;
}

/* ---- scheduling, time ---- */

static long domctl_scheduler_op(struct domain *d,
                                struct xen_domctl_scheduler_op *s)
{
    unsigned int cap;

    if (s->sched_id != XEN_SCHEDULER_CREDIT)
        return -EINVAL;
    switch (s->cmd) {
    case XEN_DOMCTL_SCHEDOP_getinfo:
        spin_lock(&d->sched_lock);
        s->u.credit.weight = (uint16_t)d->weight;
        s->u.credit.cap = (uint16_t)d->cap;
        spin_unlock(&d->sched_lock);
        return 0;
    case XEN_DOMCTL_SCHEDOP_putinfo:
        /* Weight 0 and cap 0xffff keep the current value, as credit. */
        cap = s->u.credit.cap == 0xffff ? READ_ONCE(d->cap)
                                        : s->u.credit.cap;
        return sched_set_params(d, s->u.credit.weight, cap);
    }
    return -EINVAL;
}

static long domctl_settscinfo(struct domain *d, struct xen_domctl_tsc_info *t)
{
    if (d == current->domain || t->pad)
        return -EINVAL;
    if (t->tsc_mode == 0)
        return 0;                  /* default: native TSC, as we run */
    return t->tsc_mode <= 2 ? -EOPNOTSUPP : -EINVAL;
}

static long domctl_gettscinfo(struct xen_domctl_tsc_info *t)
{
    struct xen_sysctl_physinfo pi = { 0 };

    arch_physinfo(&pi);
    memset(t, 0, sizeof(*t));
    t->tsc_mode = 0;
    t->gtsc_khz = pi.cpu_khz;
    return 0;
}

/* ---- I/O permissions ---- */

/* Records [s, e] as allowed or not in r. */
static long permit(struct rangeset *r, uint64_t s, uint64_t e, bool allow)
{
    return allow ? rangeset_add(r, s, e) : rangeset_remove(r, s, e);
}

static long domctl_iomem_permission(struct domain *d,
                                    struct xen_domctl_iomem_permission *p)
{
    uint64_t s = p->first_mfn, e = s + p->nr_mfns - 1;

    if (!p->nr_mfns || e < s)
        return -EINVAL;
    return permit(&d->iomem_caps, s, e, p->allow_access);
}

static long domctl_ioport_permission(struct domain *d,
                                     struct xen_domctl_ioport_permission *p)
{
    uint64_t s = p->first_port, end = s + p->nr_ports;

    if (end <= s || end > MAX_IOPORT)
        return -EINVAL;
    return permit(&d->ioport_caps, s, end - 1, p->allow_access);
}

static long domctl_irq_permission(struct domain *d,
                                  struct xen_domctl_irq_permission *p)
{
    if (p->pirq >= MAX_PIRQ)
        return -EINVAL;
    return permit(&d->irq_caps, p->pirq, p->pirq, p->allow_access);
}

/* ---- page frame types (save/restore) ---- */

/* XEN_DOMCTL_PFINFO_* of frame mfn for domain d. */
static uint64_t frame_type(struct domain *d, uint64_t mfn)
{
    struct page_info *pg;
    uint64_t t, type = XEN_DOMCTL_PFINFO_NOTAB;

    if (!mfn_valid(mfn))
        return XEN_DOMCTL_PFINFO_XTAB;
    pg = mfn_to_page(mfn);
    if (!get_page(pg, d))
        return XEN_DOMCTL_PFINFO_XTAB;
    /* Hypervisor frames shared with d (shared_info, grants) are special. */
    if (pg->count_info & PGC_xen_heap) {
        put_page(pg);
        return XEN_DOMCTL_PFINFO_XTAB;
    }
    t = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
    switch (t & PGT_type_mask) {
    case PGT_l1_page_table: type = XEN_DOMCTL_PFINFO_L1TAB; break;
    case PGT_l2_page_table: type = XEN_DOMCTL_PFINFO_L2TAB; break;
    case PGT_l3_page_table: type = XEN_DOMCTL_PFINFO_L3TAB; break;
    case PGT_l4_page_table: type = XEN_DOMCTL_PFINFO_L4TAB; break;
    }
    if (t & PGT_pinned)
        type |= XEN_DOMCTL_PFINFO_LPINTAB;
    put_page(pg);
    return type;
}

/* MFNs in, bare types out, in place; at most MAX_PFINFO_BATCH. */
static long domctl_getpageframeinfo3(struct domain *d,
                                     struct xen_domctl_getpageframeinfo3 *p)
{
    unsigned long arr = guest_handle_addr(p->array);

    if (p->num > MAX_PFINFO_BATCH)
        return -E2BIG;
    for (unsigned int i = 0; i < p->num; i++) {
        uint64_t mfn, type;

        if (copy_from_guest_elem(&mfn, arr, i, sizeof(mfn)))
            return -EFAULT;
        type = frame_type(d, mfn);
        if (copy_to_guest_elem(arr, i, &type, sizeof(type)))
            return -EFAULT;
    }
    return 0;
}

/* ---- CPU policy ---- */

/* The PV CPUID policy is fixed: a set is read and checked, not applied. */
static long domctl_set_cpu_policy(struct xen_domctl_cpu_policy *p)
{
    xen_cpuid_leaf_t leaf;
    xen_msr_entry_t msr;

    if (p->nr_leaves > TOOLCTL_MAX_LEAVES * 4 ||
        p->nr_msrs > TOOLCTL_MAX_MSRS * 16)
        return -E2BIG;
    for (uint32_t i = 0; i < p->nr_leaves; i++)
        if (copy_from_guest_elem(&leaf, guest_handle_addr(p->leaves), i,
                                 sizeof(leaf)))
            return -EFAULT;
    for (uint32_t i = 0; i < p->nr_msrs; i++)
        if (copy_from_guest_elem(&msr, guest_handle_addr(p->msrs), i,
                                 sizeof(msr)))
            return -EFAULT;
    p->err_leaf = p->err_subleaf = p->err_msr = ~0U;
    return 0;
}

static long domctl_get_cpu_policy(struct xen_domctl_cpu_policy *p)
{
    return toolctl_copy_cpu_policy(XEN_SYSCTL_cpu_policy_pv_default,
                                   &p->nr_leaves,
                                   guest_handle_addr(p->leaves),
                                   &p->nr_msrs, guest_handle_addr(p->msrs));
}

/* ---- dispatch ---- */

/*
 * Runs op on d (NULL only for createdomain and a getdomaininfo search);
 * *copyback says whether the struct goes back to the caller.
 */
static long domctl_dispatch(struct xen_domctl *op, struct domain *d,
                            bool *copyback)
{
    *copyback = false;
    switch (op->cmd) {
    case XEN_DOMCTL_createdomain:
        *copyback = true;
        return domctl_createdomain(op);
    case XEN_DOMCTL_destroydomain:
        return domctl_destroydomain(d);
    case XEN_DOMCTL_pausedomain:
        return domctl_pausedomain(d);
    case XEN_DOMCTL_unpausedomain:
        return domctl_unpausedomain(d);
    case XEN_DOMCTL_resumedomain:
        if (d == current->domain)
            return -EINVAL;
        domain_resume(d);           /* as Xen: not shut down is no error */
        return 0;
    case XEN_DOMCTL_getdomaininfo:
        *copyback = true;
        return domctl_getdomaininfo(op, d);
    case XEN_DOMCTL_max_mem:
        /* Below tot_pages is allowed: the domain must balloon down. */
        domain_set_max_pages(d, op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10));
        return 0;
    case XEN_DOMCTL_max_vcpus:
        return domctl_max_vcpus(d, op->u.max_vcpus.max);
    case XEN_DOMCTL_setdomainhandle:
        memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
        return 0;
    case XEN_DOMCTL_setvcpucontext:
        return domctl_setvcpucontext(d, &op->u.vcpucontext);
    case XEN_DOMCTL_getvcpucontext:
        *copyback = true;
        return domctl_getvcpucontext(d, &op->u.vcpucontext);
    case XEN_DOMCTL_getvcpuinfo:
        *copyback = true;
        return domctl_getvcpuinfo(d, &op->u.getvcpuinfo);
    case XEN_DOMCTL_setvcpuaffinity:
    case XEN_DOMCTL_getvcpuaffinity:
        return domctl_vcpuaffinity(d, &op->u.vcpuaffinity,
                                   op->cmd == XEN_DOMCTL_setvcpuaffinity);
    case XEN_DOMCTL_scheduler_op:
        *copyback = true;
        return domctl_scheduler_op(d, &op->u.scheduler_op);
    case XEN_DOMCTL_set_address_size:
        return op->u.address_size.size == 64 ? 0 : -EINVAL;
    case XEN_DOMCTL_get_address_size:
        *copyback = true;
        op->u.address_size.size = 64;
        return 0;
    case XEN_DOMCTL_settscinfo:
        return domctl_settscinfo(d, &op->u.tsc_info);
    case XEN_DOMCTL_gettscinfo:
        *copyback = true;
        return domctl_gettscinfo(&op->u.tsc_info);
    case XEN_DOMCTL_settimeoffset:
        d->time_offset_seconds = op->u.settimeoffset.time_offset_seconds;
        return 0;
    case XEN_DOMCTL_iomem_permission:
        return domctl_iomem_permission(d, &op->u.iomem_permission);
    case XEN_DOMCTL_ioport_permission:
        return domctl_ioport_permission(d, &op->u.ioport_permission);
    case XEN_DOMCTL_irq_permission:
        return domctl_irq_permission(d, &op->u.irq_permission);
    case XEN_DOMCTL_getpageframeinfo3:
        return domctl_getpageframeinfo3(d, &op->u.getpageframeinfo3);
    case XEN_DOMCTL_set_virq_handler:
        /* Global VIRQs already go to dom0; nobody else may take them. */
        if (op->u.set_virq_handler.virq >= NR_VIRQS)
            return -EINVAL;
        return d == hardware_domain ? 0 : -EOPNOTSUPP;
    case XEN_DOMCTL_set_cpu_policy:
        *copyback = true;
        return domctl_set_cpu_policy(&op->u.cpu_policy);
    case XEN_DOMCTL_get_cpu_policy:
        *copyback = true;
        return domctl_get_cpu_policy(&op->u.cpu_policy);
    }
    return -EOPNOTSUPP;
}

long do_domctl(unsigned long arg)
{
    struct xen_domctl op;
    struct domain *d = NULL;
    bool copyback;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    if (op.cmd != XEN_DOMCTL_createdomain) {
        d = get_domain_by_id(op.domain);
        if (!d && op.cmd != XEN_DOMCTL_getdomaininfo)
            return -ESRCH;
    }
    if (!current->domain->is_privileged) {
        rc = -EPERM;
        goto out;
    }
    if (!spin_trylock(&domctl_lock)) {
        rc = hypercall_create_continuation(__HYPERVISOR_domctl, arg,
                                           0, 0, 0, 0, 0);
        goto out;
    }
    rc = domctl_dispatch(&op, d, &copyback);
    spin_unlock(&domctl_lock);
    if (copyback && (rc == 0 || rc == -ENOBUFS) &&
        copy_to_guest(arg, &op, sizeof(op)))
        rc = -EFAULT;
 out:
    if (d)
        put_domain(d);
    return rc;
}

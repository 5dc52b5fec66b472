/*
 * test_domctl.c - hypercall 36 (xen/common/domctl.c) driven as the
 * toolstack would from dom0: every operation's success path, and hostile
 * callers (wrong version, unprivileged, bad domids, vCPU ids, pointers and
 * sizes, destroying dom0, double destroys).
 */
#include <stdlib.h>
#include "unit.h"
#include "host_toolctl.h"
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/toolctl.h>
#include <public/sched.h>

#define FRAMES 4096

static struct domain *dom0;
static struct xen_domctl op;

static void world(void)
{
    int err;

    host_sched_world_init(FRAMES, 2);
    host_guest_windows_clear();
    host_contexts_reset();
    dom0 = domain_create(0, 2, DOMCREATE_privileged, &err);
    domain_unpause(dom0);
    host_current = dom0->vcpu[0];
    host_guest_window_add(&op, sizeof(op));
}

static long domctl(uint32_t cmd, domid_t dom)
{
    op.cmd = cmd;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op.domain = dom;
    return do_domctl((unsigned long)&op);
}

static void clear_op(void)
{
    memset(&op, 0, sizeof(op));
}

/* A PV domU made through the interface, as libxl does. */
static domid_t create(domid_t want, uint32_t vcpus)
{
    clear_op();
    op.u.createdomain.max_vcpus = vcpus;
    op.u.createdomain.max_evtchn_port = 1023;
    op.u.createdomain.max_grant_frames = -1;
    op.u.createdomain.max_maptrack_frames = -1;
    op.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
    op.u.createdomain.handle[0] = 0xab;
    if (domctl(XEN_DOMCTL_createdomain, want))
        return DOMID_INVALID;
    return op.domain;
}

static struct domain *dom(domid_t id)
{
    struct domain *d = get_domain_by_id(id);

    if (d)
        put_domain(d);
    return d;
}

TEST(header_checks_version_privilege_pointer_domid)
{
    world();
    clear_op();
    op.cmd = XEN_DOMCTL_getdomaininfo;
    op.interface_version = 0x14;
    CHECK_EQ(do_domctl((unsigned long)&op), -EACCES);
    CHECK_EQ(do_domctl(8), -EFAULT);                   /* unmapped */
    CHECK_EQ(do_domctl((unsigned long)&op + 1), -EFAULT); /* runs off */
    CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, 77), -ESRCH);
    CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, DOMID_SELF), -ESRCH);
    CHECK_EQ(domctl(12345, 0), -EOPNOTSUPP);
    /* An unprivileged caller: nothing, not even its own info. */
    domid_t u = create(0, 1);
    host_current = dom(u)->vcpu[0];
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, u), -EPERM);
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -EPERM);
    CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, 0), -EPERM);
    CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, 77), -ESRCH); /* as Xen */
    host_current = dom0->vcpu[0];
}

TEST(createdomain_picks_or_takes_ids_and_starts_paused)
{
    struct domain *d;

    world();
    CHECK_EQ(create(0, 2), 1);
    CHECK_EQ(create(DOMID_FIRST_RESERVED, 1), 2);
    CHECK_EQ(create(42, 1), 42);
    CHECK_EQ(create(42, 1), DOMID_INVALID);
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 42), -EEXIST);
    d = dom(1);
    CHECK(d != NULL);
    CHECK_EQ(d->controller_pause_count, 1);
    CHECK_EQ(d->max_vcpus, 2);
    CHECK_EQ(d->handle[0], 0xab);
    CHECK_EQ(d->max_evtchn_port, 1023);
    CHECK(!d->is_privileged);
    CHECK_EQ(domain_count(), 4);
}

TEST(createdomain_refuses_what_pv_cannot_do)
{
    static const uint32_t bad_flags[] = {
        XEN_DOMCTL_CDF_hvm, XEN_DOMCTL_CDF_hap,
        XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, XEN_DOMCTL_CDF_iommu,
        XEN_DOMCTL_CDF_nested_virt, XEN_DOMCTL_CDF_vpmu,
        XEN_DOMCTL_CDF_s3_integrity, 1U << 8, 1U << 31,
    };

    world();
    for (unsigned int i = 0; i < sizeof(bad_flags) / sizeof(bad_flags[0]);
         i++) {
        create(0, 1);       /* fills a good config; then spoil it */
        op.u.createdomain.flags = bad_flags[i];
        CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -EINVAL);
    }
    unsigned int n = domain_count();
#define SPOIL(field, val, err) \
    do { create(0, 1); op.u.createdomain.field = (val); \
         CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), (err)); } while (0)
    SPOIL(max_vcpus, 0, -EINVAL);
    SPOIL(max_vcpus, DOMAIN_MAX_VCPUS + 1, -EINVAL);
    SPOIL(grant_opts, XEN_DOMCTL_GRANT_version(2), -EINVAL);
    SPOIL(grant_opts, 0x11, -EINVAL);
    SPOIL(max_grant_frames, 0, -EINVAL);
    SPOIL(max_grant_frames, GNTTAB_MAX_FRAMES + 1, -EINVAL);
    SPOIL(max_maptrack_frames, 1025, -EINVAL);
    SPOIL(iommu_opts, 1, -EINVAL);
    SPOIL(vmtrace_size, 4096, -EINVAL);
    SPOIL(cpupool_id, 1, -ENOENT);
    SPOIL(arch.emulation_flags, XEN_X86_EMU_LAPIC, -EINVAL);
    SPOIL(arch.misc_flags, 2, -EINVAL);
#undef SPOIL
    /* Each create() above made one domain; the refusals made none. */
    CHECK_EQ(domain_count(), n + 12);
    create(0, 1);
    op.u.createdomain.flags = XEN_DOMCTL_CDF_xs_domain;
    op.u.createdomain.arch.misc_flags = XEN_X86_MSR_RELAXED;
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), 0);
}

TEST(getdomaininfo_reports_and_searches_onwards)
{
    struct xen_domctl_getdomaininfo *gi = &op.u.getdomaininfo;
    domid_t a, b;

    world();
    a = create(0, 3);
    b = create(7, 1);
    clear_op();
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, a), 0);
    CHECK_EQ(op.domain, a);
    CHECK_EQ(gi->domain, a);
    CHECK(gi->flags & XEN_DOMINF_paused);
    CHECK(!(gi->flags & XEN_DOMINF_shutdown));
    CHECK_EQ((gi->flags >> XEN_DOMINF_shutdownshift) & 0xff, 0xff);
    CHECK_EQ(gi->max_vcpu_id, 0);             /* only vCPU 0 so far */
    CHECK_EQ(gi->nr_online_vcpus, 0);
    CHECK_EQ(gi->handle[0], 0xab);
    CHECK_EQ(gi->shared_info_frame, virt_to_mfn(dom(a)->shared_info));
    CHECK_EQ(gi->cpupool, 0);
    /* A missing id: the next one up. */
    clear_op();
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, a + 1), 0);
    CHECK_EQ(op.domain, b);
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, b + 1), -ESRCH);
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, DOMID_FIRST_RESERVED), -EINVAL);
    /* dom0 runs: not paused, privileged flags are none of ours. */
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, 0), 0);
    CHECK(!(gi->flags & XEN_DOMINF_paused));
    CHECK_EQ(gi->nr_online_vcpus, 0);         /* dom0's vCPUs are down here */
    /* A shutdown domain reports its reason. */
    domain_shutdown(dom(b), SHUTDOWN_reboot);
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, b), 0);
    CHECK(gi->flags & XEN_DOMINF_shutdown);
    CHECK_EQ((gi->flags >> XEN_DOMINF_shutdownshift) & 0xff, SHUTDOWN_reboot);
    /* Resume undoes it. */
    CHECK_EQ(domctl(XEN_DOMCTL_resumedomain, b), 0);
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, b), 0);
    CHECK(!(gi->flags & XEN_DOMINF_shutdown));
    CHECK_EQ(domctl(XEN_DOMCTL_resumedomain, 0), -EINVAL);   /* itself */
}

TEST(max_vcpus_must_match_and_makes_vcpus)
{
    domid_t a;
    struct domain *d;

    world();
    a = create(0, 3);
    d = dom(a);
    op.u.max_vcpus.max = 2;
    CHECK_EQ(domctl(XEN_DOMCTL_max_vcpus, a), -EINVAL);
    CHECK(d->vcpu[1] == NULL);
    op.u.max_vcpus.max = 3;
    CHECK_EQ(domctl(XEN_DOMCTL_max_vcpus, a), 0);
    CHECK(d->vcpu[1] && d->vcpu[2]);
    CHECK_EQ(domctl(XEN_DOMCTL_max_vcpus, a), 0);      /* idempotent */
    op.u.max_vcpus.max = 2;
    CHECK_EQ(domctl(XEN_DOMCTL_max_vcpus, 0), -EINVAL); /* itself */
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, a), 0);
    CHECK_EQ(op.u.getdomaininfo.max_vcpu_id, 2);
}

TEST(pause_unpause_count_and_refuse_extremes)
{
    domid_t a;
    struct domain *d;

    world();
    a = create(0, 1);
    d = dom(a);
    CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, a), 0);   /* the builder's */
    CHECK_EQ(d->pause_count, 0);
    CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, a), -EINVAL);
    CHECK_EQ(d->pause_count, 0);
    CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, a), 0);
    CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, a), 0);
    CHECK_EQ(d->pause_count, 2);
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, a), 0);
    CHECK(op.u.getdomaininfo.flags & XEN_DOMINF_paused);
    CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, a), 0);
    CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, a), 0);
    CHECK_EQ(d->pause_count, 0);
    for (int i = 0; i < 255; i++)
        CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, a), 0);
    CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, a), -EOVERFLOW);
    CHECK_EQ(d->pause_count, 255);
    CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, 0), -EINVAL);   /* itself */
}

TEST(destroydomain_frees_and_refuses_dom0_and_repeats)
{
    domid_t a, b;
    struct domain *zombie;

    world();
    a = create(0, 1);
    b = create(0, 1);
    CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, 0), -EINVAL);  /* dom0 */
    CHECK(dom(0) != NULL && dom0->state == DOMSTATE_alive);
    CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, a), 0);
    CHECK(dom(a) == NULL);
    CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, a), -ESRCH);   /* gone */
    /* A zombie (someone still holds it): a second destroy is fine. */
    zombie = get_domain_by_id(b);
    CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, b), 0);
    CHECK_EQ(zombie->state, DOMSTATE_dead);
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, b), 0);
    CHECK(op.u.getdomaininfo.flags & XEN_DOMINF_dying);
    CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, b), 0);
    put_domain(zombie);
    CHECK(dom(b) == NULL);
    CHECK_EQ(domain_count(), 1);
}

TEST(max_mem_sets_limit_even_below_current_use)
{
    domid_t a;
    struct domain *d;
    struct page_info *pg[4];

    world();
    a = create(0, 1);
    d = dom(a);
    op.u.max_mem.max_memkb = 16;                 /* 4 frames */
    CHECK_EQ(domctl(XEN_DOMCTL_max_mem, a), 0);
    CHECK_EQ(d->max_pages, 4);
    for (int i = 0; i < 4; i++)
        CHECK((pg[i] = alloc_domheap_pages(d, 0)) != NULL);
    CHECK(alloc_domheap_pages(d, 0) == NULL);
    op.u.max_mem.max_memkb = 4;                  /* below tot_pages */
    CHECK_EQ(domctl(XEN_DOMCTL_max_mem, a), 0);
    CHECK_EQ(d->max_pages, 1);
    CHECK_EQ(d->tot_pages, 4);
    CHECK(alloc_domheap_pages(d, 0) == NULL);
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, a), 0);
    CHECK_EQ(op.u.getdomaininfo.tot_pages, 4);
    CHECK_EQ(op.u.getdomaininfo.max_pages, 1);
    (void)pg;
}

TEST(setdomainhandle_settimeoffset_address_size_tsc)
{
    domid_t a;

    world();
    a = create(0, 1);
    for (int i = 0; i < 16; i++)
        op.u.setdomainhandle.handle[i] = (uint8_t)(i + 1);
    CHECK_EQ(domctl(XEN_DOMCTL_setdomainhandle, a), 0);
    CHECK_EQ(dom(a)->handle[15], 16);
    op.u.settimeoffset.time_offset_seconds = -3600;
    CHECK_EQ(domctl(XEN_DOMCTL_settimeoffset, a), 0);
    CHECK_EQ(dom(a)->time_offset_seconds, -3600);
    op.u.address_size.size = 64;
    CHECK_EQ(domctl(XEN_DOMCTL_set_address_size, a), 0);
    op.u.address_size.size = 32;
    CHECK_EQ(domctl(XEN_DOMCTL_set_address_size, a), -EINVAL);
    op.u.address_size.size = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_get_address_size, a), 0);
    CHECK_EQ(op.u.address_size.size, 64);
    memset(&op.u.tsc_info, 0, sizeof(op.u.tsc_info));
    CHECK_EQ(domctl(XEN_DOMCTL_settscinfo, a), 0);
    op.u.tsc_info.tsc_mode = 1;
    CHECK_EQ(domctl(XEN_DOMCTL_settscinfo, a), -EOPNOTSUPP);
    op.u.tsc_info.tsc_mode = 9;
    CHECK_EQ(domctl(XEN_DOMCTL_settscinfo, a), -EINVAL);
    op.u.tsc_info.tsc_mode = 0;
    op.u.tsc_info.pad = 1;
    CHECK_EQ(domctl(XEN_DOMCTL_settscinfo, a), -EINVAL);
    CHECK_EQ(domctl(XEN_DOMCTL_gettscinfo, a), 0);
    CHECK_EQ(op.u.tsc_info.tsc_mode, 0);
    CHECK_EQ(op.u.tsc_info.gtsc_khz, HOST_CPU_KHZ);
}

TEST(vcpucontext_round_trip_and_hostile_input)
{
    static struct vcpu_guest_context c, back;
    domid_t a;
    struct domain *d;

    world();
    a = create(0, 2);
    d = dom(a);
    op.u.max_vcpus.max = 2;
    CHECK_EQ(domctl(XEN_DOMCTL_max_vcpus, a), 0);
    host_guest_window_add(&c, sizeof(c));
    host_guest_window_add(&back, sizeof(back));
    memset(&c, 0, sizeof(c));
    c.user_regs.rip = 0xffffffff81000000UL;
    c.ctrlreg[3] = 0x1234000;
    c.flags = VGCF_in_kernel | VGCF_online;

    op.u.vcpucontext.vcpu = 0;
    op.u.vcpucontext.ctxt.p = &back;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpucontext, a), -ENODATA);
    op.u.vcpucontext.vcpu = 2;
    op.u.vcpucontext.ctxt.p = &c;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpucontext, a), -EINVAL);   /* range */
    op.u.vcpucontext.vcpu = 0;
    op.u.vcpucontext.ctxt.p = NULL;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpucontext, a), -EOPNOTSUPP);
    op.u.vcpucontext.ctxt.p = (void *)((char *)&c + 8);         /* runs off */
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpucontext, a), -EFAULT);
    op.u.vcpucontext.ctxt.p = &c;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpucontext, 0), -EINVAL);   /* itself */
    host_set_context_rc = -EBUSY;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpucontext, a), -EBUSY);
    CHECK(d->vcpu[0]->pause_flags & VPF_down);                  /* unchanged */
    host_set_context_rc = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpucontext, a), 0);
    CHECK(!(d->vcpu[0]->pause_flags & VPF_down));               /* online */
    CHECK_EQ(d->pause_count, 1);                                /* balanced */
    op.u.vcpucontext.ctxt.p = &back;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpucontext, a), 0);
    CHECK(memcmp(&c, &back, sizeof(c)) == 0);
    op.u.vcpucontext.ctxt.p = (void *)16;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpucontext, a), -EFAULT);
    op.u.vcpucontext.vcpu = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpucontext, 0), -EINVAL);   /* current */
    /* Not online: the vCPU goes down. */
    c.flags = VGCF_in_kernel;
    op.u.vcpucontext.ctxt.p = &c;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpucontext, a), 0);
    CHECK(d->vcpu[0]->pause_flags & VPF_down);
}

TEST(getvcpuinfo_ranges_and_fields)
{
    domid_t a;

    world();
    a = create(0, 2);
    op.u.getvcpuinfo.vcpu = 2;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpuinfo, a), -EINVAL);
    op.u.getvcpuinfo.vcpu = 1;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpuinfo, a), -ESRCH);     /* not made */
    op.u.getvcpuinfo.vcpu = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpuinfo, a), 0);
    CHECK_EQ(op.u.getvcpuinfo.online, 0);
    CHECK_EQ(op.u.getvcpuinfo.running, 0);
    CHECK_EQ(op.u.getvcpuinfo.cpu, 0);
    vcpu_up(dom(a)->vcpu[0]);
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpuinfo, a), 0);
    CHECK_EQ(op.u.getvcpuinfo.online, 1);
    CHECK_EQ(op.u.getvcpuinfo.blocked, 0);
}

TEST(vcpuaffinity_hard_set_get_and_bad_maps)
{
    uint8_t hard[8], soft[8];
    struct xen_domctl_vcpuaffinity *va = &op.u.vcpuaffinity;
    domid_t a;

    world();
    a = create(0, 1);
    host_guest_window_add(hard, sizeof(hard));
    host_guest_window_add(soft, sizeof(soft));
    memset(hard, 0, sizeof(hard));
    hard[0] = 2;                              /* CPU 1 only */
    va->vcpu = 0;
    va->flags = XEN_VCPUAFFINITY_HARD;
    va->cpumap_hard.bitmap.p = hard;
    va->cpumap_hard.nr_bits = 64;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpuaffinity, a), 0);
    CHECK_EQ(dom(a)->vcpu[0]->affinity.bits, 2);
    memset(hard, 0xff, sizeof(hard));
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpuaffinity, a), 0);
    CHECK_EQ(hard[0], 2);
    CHECK_EQ(hard[7], 0);
    /* Soft is accepted; it reads back as every CPU. */
    va->flags = XEN_VCPUAFFINITY_SOFT;
    va->cpumap_soft.bitmap.p = soft;
    va->cpumap_soft.nr_bits = 8;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpuaffinity, a), 0);
    CHECK_EQ(soft[0], 3);
    /* Hostile. */
    memset(hard, 0, sizeof(hard));
    hard[0] = 0x80;                           /* CPU 7: not online */
    va->flags = XEN_VCPUAFFINITY_HARD;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpuaffinity, a), -EINVAL);
    CHECK_EQ(dom(a)->vcpu[0]->affinity.bits, 2);
    hard[0] = 1;
    va->cpumap_hard.nr_bits = 0;              /* reads as empty */
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpuaffinity, a), -EINVAL);
    va->cpumap_hard.nr_bits = 64;
    va->flags = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpuaffinity, a), -EINVAL);
    va->flags = XEN_VCPUAFFINITY_HARD;
    va->cpumap_hard.bitmap.p = NULL;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpuaffinity, a), -EINVAL);
    va->cpumap_hard.bitmap.p = (void *)32;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpuaffinity, a), -EFAULT);
    va->vcpu = 1;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpuaffinity, a), -EINVAL);
}

TEST(scheduler_op_credit_weight_and_cap)
{
    struct xen_domctl_scheduler_op *s = &op.u.scheduler_op;
    domid_t a;

    world();
    a = create(0, 1);
    s->sched_id = XEN_SCHEDULER_CREDIT;
    s->cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, a), 0);
    CHECK_EQ(s->u.credit.weight, SCHED_DEFAULT_WEIGHT);
    CHECK_EQ(s->u.credit.cap, 0);
    s->cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    s->u.credit.weight = 512;
    s->u.credit.cap = 50;
    CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, a), 0);
    CHECK_EQ(dom(a)->weight, 512);
    CHECK_EQ(dom(a)->cap, 50);
    s->u.credit.weight = 0;                   /* keep */
    s->u.credit.cap = 0xffff;                 /* keep */
    CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, a), 0);
    s->cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, a), 0);
    CHECK_EQ(s->u.credit.weight, 512);
    CHECK_EQ(s->u.credit.cap, 50);
    s->sched_id = XEN_SCHEDULER_CREDIT2;
    CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, a), -EINVAL);
    s->sched_id = XEN_SCHEDULER_CREDIT;
    s->cmd = XEN_DOMCTL_SCHEDOP_putvcpuinfo;
    CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, a), -EINVAL);
}

TEST(io_permissions_are_recorded_ranges)
{
    struct domain *d;
    domid_t a;

    world();
    a = create(0, 1);
    d = dom(a);
    op.u.iomem_permission.first_mfn = 0xfe000;
    op.u.iomem_permission.nr_mfns = 16;
    op.u.iomem_permission.allow_access = 1;
    CHECK_EQ(domctl(XEN_DOMCTL_iomem_permission, a), 0);
    CHECK(rangeset_contains(&d->iomem_caps, 0xfe000, 0xfe00f));
    CHECK(!rangeset_contains(&d->iomem_caps, 0xfe000, 0xfe010));
    op.u.iomem_permission.first_mfn = 0xfe004;
    op.u.iomem_permission.nr_mfns = 2;
    op.u.iomem_permission.allow_access = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_iomem_permission, a), 0);
    CHECK(!rangeset_overlaps(&d->iomem_caps, 0xfe004, 0xfe005));
    CHECK(rangeset_contains(&d->iomem_caps, 0xfe006, 0xfe00f));
    op.u.iomem_permission.nr_mfns = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_iomem_permission, a), -EINVAL);
    op.u.iomem_permission.first_mfn = ~0ULL;
    op.u.iomem_permission.nr_mfns = 2;                /* wraps */
    CHECK_EQ(domctl(XEN_DOMCTL_iomem_permission, a), -EINVAL);

    op.u.ioport_permission.first_port = 0x3f8;
    op.u.ioport_permission.nr_ports = 8;
    op.u.ioport_permission.allow_access = 1;
    CHECK_EQ(domctl(XEN_DOMCTL_ioport_permission, a), 0);
    CHECK(rangeset_contains(&d->ioport_caps, 0x3f8, 0x3ff));
    op.u.ioport_permission.first_port = 0xfff0;
    op.u.ioport_permission.nr_ports = 0x11;
    CHECK_EQ(domctl(XEN_DOMCTL_ioport_permission, a), -EINVAL);
    op.u.ioport_permission.nr_ports = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_ioport_permission, a), -EINVAL);

    op.u.irq_permission.pirq = 9;
    op.u.irq_permission.allow_access = 1;
    CHECK_EQ(domctl(XEN_DOMCTL_irq_permission, a), 0);
    CHECK(rangeset_contains(&d->irq_caps, 9, 9));
    op.u.irq_permission.pirq = 256;
    CHECK_EQ(domctl(XEN_DOMCTL_irq_permission, a), -EINVAL);
}

TEST(rangeset_full_set_refuses_without_change)
{
    static struct rangeset r;

    rangeset_init(&r);
    for (uint64_t i = 0; i < RANGESET_MAX; i++)
        CHECK_EQ(rangeset_add(&r, i * 10, i * 10 + 1), 0);
    CHECK_EQ(rangeset_add(&r, 1000, 1001), -ENOSPC);
    CHECK_EQ(rangeset_remove(&r, 0, 0), 0);           /* shrinks, fits */
    CHECK_EQ(rangeset_add(&r, 2, 9), 0);              /* 1-11: 31 left */
    CHECK(rangeset_contains(&r, 1, 11));
    CHECK_EQ(r.nr, RANGESET_MAX - 1);
    CHECK_EQ(rangeset_add(&r, 1000, 1001), 0);        /* full again */
    CHECK_EQ(rangeset_remove(&r, 5, 5), -ENOSPC);     /* split needs room */
    CHECK(rangeset_contains(&r, 1, 11));
    CHECK_EQ(rangeset_add(&r, 5, 1), -EINVAL);
    CHECK_EQ(rangeset_add(&r, 0, ~0ULL), 0);
    CHECK_EQ(r.nr, 1);
}

TEST(getpageframeinfo3_types_for_save)
{
    uint64_t arr[8];
    struct page_info *pt, *plain, *other;
    struct domain *d, *e;
    domid_t a, b;

    world();
    a = create(0, 1);
    b = create(0, 1);
    d = dom(a);
    e = dom(b);
    domain_set_max_pages(d, 16);
    domain_set_max_pages(e, 16);
    pt = alloc_domheap_pages(d, 0);
    plain = alloc_domheap_pages(d, 0);
    other = alloc_domheap_pages(e, 0);
    CHECK_EQ(get_page_and_type(pt, d, PGT_l1_page_table), 0);
    pt->type_info |= PGT_pinned;
    host_guest_window_add(arr, sizeof(arr));
    arr[0] = page_to_mfn(pt);
    arr[1] = page_to_mfn(plain);
    arr[2] = page_to_mfn(other);
    arr[3] = max_mfn + 5;
    arr[4] = virt_to_mfn(d->shared_info);
    op.u.getpageframeinfo3.num = 5;
    op.u.getpageframeinfo3.array.p = arr;
    CHECK_EQ(domctl(XEN_DOMCTL_getpageframeinfo3, a), 0);
    CHECK_EQ(arr[0], XEN_DOMCTL_PFINFO_L1TAB | XEN_DOMCTL_PFINFO_LPINTAB);
    CHECK_EQ(arr[1], XEN_DOMCTL_PFINFO_NOTAB);
    CHECK_EQ(arr[2], XEN_DOMCTL_PFINFO_XTAB);
    CHECK_EQ(arr[3], XEN_DOMCTL_PFINFO_XTAB);
    CHECK_EQ(arr[4], XEN_DOMCTL_PFINFO_XTAB);
    /* Unaligned arrays are fine (Xen copies bytes). */
    {
        static uint8_t raw[8 * 2 + 3];
        uint64_t m = page_to_mfn(plain);

        host_guest_window_add(raw, sizeof(raw));
        memcpy(raw + 3, &m, 8);
        memcpy(raw + 11, &m, 8);
        op.u.getpageframeinfo3.num = 2;
        op.u.getpageframeinfo3.array.p = (uint64_t *)(raw + 3);
        CHECK_EQ(domctl(XEN_DOMCTL_getpageframeinfo3, a), 0);
        memcpy(&m, raw + 11, 8);
        CHECK_EQ(m, XEN_DOMCTL_PFINFO_NOTAB);
    }
    op.u.getpageframeinfo3.num = 1025;
    op.u.getpageframeinfo3.array.p = arr;
    CHECK_EQ(domctl(XEN_DOMCTL_getpageframeinfo3, a), -E2BIG);
    op.u.getpageframeinfo3.num = 9;                   /* one past arr */
    CHECK_EQ(domctl(XEN_DOMCTL_getpageframeinfo3, a), -EFAULT);
    op.u.getpageframeinfo3.num = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_getpageframeinfo3, a), 0);
    put_page_and_type(pt);
}

TEST(virq_handler_and_cpu_policy)
{
    xen_cpuid_leaf_t leaves[8];
    xen_msr_entry_t msrs[4];
    struct xen_domctl_cpu_policy *p = &op.u.cpu_policy;
    domid_t a;

    world();
    a = create(0, 1);
    op.u.set_virq_handler.virq = VIRQ_DOM_EXC;
    CHECK_EQ(domctl(XEN_DOMCTL_set_virq_handler, 0), 0);
    CHECK_EQ(domctl(XEN_DOMCTL_set_virq_handler, a), -EOPNOTSUPP);
    op.u.set_virq_handler.virq = NR_VIRQS;
    CHECK_EQ(domctl(XEN_DOMCTL_set_virq_handler, 0), -EINVAL);

    host_guest_window_add(leaves, sizeof(leaves));
    host_guest_window_add(msrs, sizeof(msrs));
    memset(p, 0, sizeof(*p));
    p->nr_leaves = 8;
    p->nr_msrs = 4;
    p->leaves.p = leaves;
    p->msrs.p = msrs;
    CHECK_EQ(domctl(XEN_DOMCTL_get_cpu_policy, a), 0);
    CHECK_EQ(p->nr_leaves, HOST_POLICY_LEAVES);
    CHECK_EQ(p->nr_msrs, 2);
    CHECK_EQ(leaves[0].a, XEN_SYSCTL_cpu_policy_pv_default);
    CHECK_EQ(domctl(XEN_DOMCTL_set_cpu_policy, a), 0);
    p->nr_leaves = 9;                                 /* one past */
    CHECK_EQ(domctl(XEN_DOMCTL_set_cpu_policy, a), -EFAULT);
    p->nr_leaves = 100000;
    CHECK_EQ(domctl(XEN_DOMCTL_set_cpu_policy, a), -E2BIG);
}

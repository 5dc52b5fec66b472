/*
 * test_domain.c - domain lifecycle, domids, references, per-domain memory
 * accounting and frames returned on destruction.
 */
#include <stdlib.h>
#include "unit.h"
#include "host.h"
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/mm.h>
#include <xen/xmalloc.h>
#include <public/sched.h>

#define FRAMES 2048

static unsigned long free0;

static void world(void)
{
    host_sched_world_init(FRAMES, 2);
    host_current = idle_domain->vcpu[0];   /* calls come from "Xen" */
    free0 = heap_free_pages();
}

static struct domain *mk(domid_t id, unsigned int flags)
{
    int err;

    return domain_create(id, 1, flags, &err);
}

static bool page_zero(mfn_t m)
{
    const unsigned char *p = mfn_to_virt(m);

    for (unsigned long i = 0; i < PAGE_SIZE; i++)
        if (p[i])
            return false;
    return true;
}

TEST(create_and_kill_return_everything)
{
    struct domain *d;
    unsigned long x0;

    world();
    x0 = xmalloc_live_objects();
    d = mk(DOMID_INVALID, 0);
    CHECK(d != NULL);
    CHECK_EQ(d->domain_id, 1);
    CHECK_EQ(domain_count(), 1);
    CHECK_EQ(d->pause_count, 1);              /* created paused */
    CHECK(d->vcpu[0] != NULL);
    CHECK(d->vcpu[0]->vcpu_info == &d->shared_info->vcpu_info[0]);
    CHECK_EQ(d->vcpu[0]->vcpu_info->evtchn_upcall_mask, 1);
    CHECK(heap_free_pages() < free0);
    CHECK_EQ(domain_kill(d), 0);
    CHECK_EQ(domain_count(), 0);
    CHECK_EQ(heap_free_pages(), free0);
    CHECK_EQ(xmalloc_live_objects(), x0);
}

TEST(domids_are_unique_and_round_robin)
{
    struct domain *a, *b, *c;
    int err;

    world();
    a = mk(0, DOMCREATE_privileged);
    CHECK(a && a->domain_id == 0);
    CHECK(hardware_domain == a);
    CHECK(mk(0, 0) == NULL);                  /* taken */
    CHECK(domain_create(0, 1, 0, &err) == NULL && err == -EEXIST);
    b = mk(DOMID_INVALID, 0);
    c = mk(DOMID_INVALID, 0);
    CHECK_EQ(b->domain_id, 1);
    CHECK_EQ(c->domain_id, 2);
    domain_kill(b);
    b = mk(DOMID_INVALID, 0);
    CHECK_EQ(b->domain_id, 3);                /* 1 is not reused at once */
    CHECK(domain_create(DOMID_SELF, 1, 0, &err) == NULL && err == -EINVAL);
    CHECK(domain_create(DOMID_IDLE, 1, 0, &err) == NULL && err == -EINVAL);
    CHECK(domain_create(5, 0, 0, &err) == NULL && err == -EINVAL);
    CHECK(domain_create(5, DOMAIN_MAX_VCPUS + 1, 0, &err) == NULL);
    CHECK(get_domain_by_id(2) == c);
    put_domain(c);
    CHECK(get_domain_by_id(77) == NULL);
    domain_kill(a);
    domain_kill(b);
    domain_kill(c);
    CHECK_EQ(domain_count(), 0);
    CHECK(hardware_domain == NULL);
    CHECK_EQ(heap_free_pages(), free0);
}

TEST(references_keep_a_killed_domain_until_released)
{
    struct domain *d;

    world();
    d = mk(DOMID_INVALID, 0);
    CHECK(get_domain(d));
    CHECK_EQ(domain_kill(d), 0);
    CHECK_EQ(domain_kill(d), -EINVAL);        /* twice */
    CHECK_EQ(domain_count(), 1);              /* our reference holds it */
    CHECK(d->state == DOMSTATE_dead);
    put_domain(d);
    CHECK_EQ(domain_count(), 0);
    CHECK_EQ(heap_free_pages(), free0);
}

TEST(lookup_of_self_and_privilege)
{
    struct domain *dom0, *du, *x;

    world();
    dom0 = mk(0, DOMCREATE_privileged);
    du = mk(DOMID_INVALID, 0);
    x = get_domain_for_caller(du, DOMID_SELF, false);
    CHECK(x == du);
    put_domain(x);
    CHECK(get_domain_for_caller(du, 0, false) == NULL);   /* not allowed */
    x = get_domain_for_caller(dom0, du->domain_id, false);
    CHECK(x == du);
    put_domain(x);
    x = get_domain_for_caller(du, 0, true);
    CHECK(x == dom0);
    put_domain(x);
    domain_kill(du);
    domain_kill(dom0);
}

TEST(max_pages_is_enforced)
{
    struct domain *d;
    struct page_info *pg[10];

    world();
    d = mk(DOMID_INVALID, 0);
    CHECK(alloc_domheap_pages(d, 0) == NULL);     /* max_pages 0 */
    domain_set_max_pages(d, 8);
    pg[0] = alloc_domheap_pages(d, 2);            /* 4 */
    pg[1] = alloc_domheap_pages(d, 1);            /* 2 */
    CHECK(pg[0] && pg[1]);
    CHECK_EQ(d->tot_pages, 6);
    CHECK(alloc_domheap_pages(d, 2) == NULL);     /* 6 + 4 > 8 */
    pg[2] = alloc_domheap_pages(d, 1);
    CHECK(pg[2] != NULL);
    CHECK(alloc_domheap_pages(d, 0) == NULL);     /* full */
    CHECK(alloc_domheap_pages(d, MAX_ORDER + 1) == NULL);
    CHECK(page_get_owner(pg[0]) == d);
    CHECK_EQ(pg[0]->count_info, PGC_allocated | 1);
    /* Ballooning down below the current size is allowed. */
    domain_set_max_pages(d, 2);
    CHECK(alloc_domheap_pages(d, 0) == NULL);
    page_release_allocation(pg[1]);
    page_release_allocation(pg[1]);               /* twice: no effect */
    CHECK_EQ(d->tot_pages, 7);
    domain_kill(d);
    CHECK_EQ(heap_free_pages(), free0);
}

TEST(frames_are_returned_on_destroy_and_scrubbed_before_reuse)
{
    struct domain *d, *e;
    struct page_info *pg;
    mfn_t m;

    world();
    d = mk(DOMID_INVALID, 0);
    domain_set_max_pages(d, 64);
    pg = alloc_domheap_pages(d, 5);
    CHECK(pg != NULL);
    m = page_to_mfn(pg);
    for (int i = 0; i < 32; i++)
        CHECK(page_zero(m + i));                  /* scrubbed for d */
    memset(mfn_to_virt(m), 0xAB, 32 * PAGE_SIZE); /* d's secrets */
    domain_kill(d);
    CHECK_EQ(heap_free_pages(), free0);
    CHECK(heap_dirty_pages() >= 32);
    e = mk(DOMID_INVALID, 0);
    domain_set_max_pages(e, 2048);
    /* Take everything: no frame may show d's data. */
    for (int i = 0; i < 1000; i++) {
        struct page_info *p = alloc_domheap_pages(e, 0);

        if (!p)
            break;
        if (!page_zero(page_to_mfn(p))) {
            CHECK(!"dirty frame handed out");
            break;
        }
    }
    domain_kill(e);
    CHECK_EQ(heap_free_pages(), free0);
}

TEST(foreign_reference_keeps_frame_and_zombie)
{
    struct domain *d;
    struct page_info *pg;

    world();
    d = mk(DOMID_INVALID, 0);
    domain_set_max_pages(d, 4);
    pg = alloc_domheap_pages(d, 0);
    CHECK(get_page(pg, d));                       /* e.g. a foreign map */
    CHECK(!get_page(pg, idle_domain));            /* wrong owner */
    domain_kill(d);
    CHECK_EQ(domain_count(), 1);                  /* zombie */
    CHECK_EQ(d->tot_pages, 1);
    CHECK(alloc_domheap_pages(d, 0) == NULL);     /* dead: no new memory */
    put_page(pg);                                 /* last use goes */
    CHECK_EQ(domain_count(), 0);
    CHECK_EQ(heap_free_pages(), free0);
}

TEST(shutdown_records_first_reason_and_pauses)
{
    struct domain *dom0, *d;
    evtchn_bind_virq_t bv = { .virq = VIRQ_DOM_EXC, .vcpu = 0 };

    world();
    dom0 = mk(0, DOMCREATE_privileged);
    d = mk(DOMID_INVALID, 0);
    CHECK_EQ(evtchn_bind_virq(dom0, &bv), 0);
    vcpu_up(d->vcpu[0]);
    domain_unpause(d);
    host_run_until(MILLISECS(5));
    CHECK_EQ(domain_shutdown(d, SHUTDOWN_MAX + 1), -EINVAL);
    CHECK_EQ(domain_shutdown(d, SHUTDOWN_crash), 0);
    CHECK_EQ(domain_shutdown(d, SHUTDOWN_reboot), 0);
    CHECK(d->is_shutting_down);
    CHECK_EQ(d->shutdown_code, SHUTDOWN_crash);
    CHECK(!vcpu_runnable(d->vcpu[0]));
    CHECK(evtchn_is_pending(dom0, bv.port));      /* dom0 told */
    host_run_until(MILLISECS(10));
    CHECK(sched_curr(0) != d->vcpu[0] && sched_curr(1) != d->vcpu[0]);
    CHECK_EQ(domain_resume(d), 0);
    CHECK(!d->is_shutting_down);
    CHECK(vcpu_runnable(d->vcpu[0]));
    CHECK_EQ(domain_resume(d), -EINVAL);
    CHECK_EQ(host_hwdom_shutdowns, 0);
    domain_shutdown(dom0, SHUTDOWN_poweroff);
    CHECK_EQ(host_hwdom_shutdowns, 1);
    domain_kill(d);
    domain_kill(dom0);
    CHECK_EQ(heap_free_pages(), free0);
}

TEST(vcpus_created_down_and_brought_up)
{
    struct domain *d;
    int err;

    world();
    d = domain_create(DOMID_INVALID, 4, 0, &err);
    CHECK(d != NULL);
    CHECK(vcpu_create(d, 0) == NULL);             /* exists */
    CHECK(vcpu_create(d, 4) == NULL);             /* beyond max */
    CHECK(vcpu_create(d, 3) != NULL);
    CHECK(d->vcpu[3]->pause_flags & VPF_down);
    CHECK_EQ(d->vcpu[3]->runstate.state, RUNSTATE_offline);
    domain_unpause(d);
    vcpu_up(d->vcpu[3]);
    host_run_until(MILLISECS(5));
    CHECK(d->vcpu[3]->runstate.time[RUNSTATE_running] > 0 ||
          d->vcpu[3]->runstate.state == RUNSTATE_running);
    CHECK(!(d->vcpu[0]->runstate.time[RUNSTATE_running]));  /* still down */
    domain_kill(d);
    CHECK_EQ(heap_free_pages(), free0);
}

TEST(creation_failing_for_memory_leaks_nothing)
{
    static struct domain *all[512];
    unsigned int n = 0;
    unsigned long x0;
    int err = 0;

    /* A small machine: creation fails part-way at some point. */
    host_sched_world_init(256, 1);
    host_current = idle_domain->vcpu[0];
    free0 = heap_free_pages();
    x0 = xmalloc_live_objects();
    while (n < 512) {
        struct domain *d = domain_create(DOMID_INVALID, 2, 0, &err);

        if (!d)
            break;
        all[n++] = d;
    }
    CHECK(n > 10 && n < 512);
    CHECK_EQ(err, -ENOMEM);
    CHECK_EQ(domain_count(), n);
    for (unsigned int i = 0; i < n; i++)
        domain_kill(all[i]);
    CHECK_EQ(domain_count(), 0);
    CHECK_EQ(heap_free_pages(), free0);
    CHECK_EQ(xmalloc_live_objects(), x0);
}

TEST(exchange_primitives_steal_assign_and_limit)
{
    struct domain *d;
    struct page_info *a, *low, *none;

    world();
    d = mk(1, 0);
    domain_set_max_pages(d, 4);
    a = alloc_domheap_pages(d, 1);
    CHECK(a != NULL);
    CHECK_EQ(d->tot_pages, 2);
    /* A frame with a second reference cannot be taken. */
    CHECK(get_page(&a[0], d));
    CHECK_EQ(steal_domain_page(d, &a[0]), -EBUSY);
    put_page(&a[0]);
    /* Another domain's frame neither. */
    CHECK_EQ(steal_domain_page(idle_domain, &a[0]), -EBUSY);
    CHECK_EQ(steal_domain_page(d, &a[0]), 0);
    CHECK_EQ(d->tot_pages, 1);
    CHECK(a[0].owner == NULL);
    CHECK(!get_page(&a[0], d));                   /* no longer d's */
    CHECK_EQ(steal_domain_page(d, &a[0]), -EBUSY); /* twice: refused */
    /* Given back, it is d's again with its allocation reference. */
    CHECK_EQ(assign_domain_pages(d, &a[0], 0), 0);
    CHECK_EQ(d->tot_pages, 2);
    CHECK(get_page(&a[0], d));
    put_page(&a[0]);
    /* Address-limited anonymous frames end at or below the limit. */
    low = alloc_anon_pages_below(2, 64);
    CHECK(low != NULL);
    CHECK(page_to_mfn(low) + 4 <= 64);
    CHECK_EQ(page_to_mfn(low) & 3, 0);
    CHECK(page_zero(page_to_mfn(low)));
    none = alloc_anon_pages_below(3, 4);          /* frames 0-7 cannot be */
    CHECK(none == NULL);
    CHECK(alloc_anon_pages_below(0, 0) == NULL);
    /* Over max_pages: refused, the frames stay anonymous. */
    CHECK_EQ(assign_domain_pages(d, low, 2), -ENOMEM);
    free_domheap_pages(low, 2);
    CHECK_EQ(steal_domain_page(d, &a[1]), 0);
    put_page(&a[1]);                              /* back to the heap */
    CHECK_EQ(d->tot_pages, 1);
    domain_kill(d);
    CHECK_EQ(domain_count(), 0);
    CHECK_EQ(heap_free_pages(), free0);
}

/*
 * domain.c - creating, finding, pausing, shutting down and destroying
 * domains; domid allocation; reference counts.  See domain.h for the life
 * of a domain.
 *
 * Invariants:
 *  - domain_list (under domlist_lock) holds every domain whose struct is
 *    alive, zombies included; domids on it are unique and below
 *    DOMID_FIRST_RESERVED;
 *  - d->refcnt counts: the creation reference (until domain_kill), one
 *    while tot_pages > 0, and every get_domain();
 *  - a domain is freed (free_domain_struct) only at refcnt 0, after it
 *    left the list, so a lookup under domlist_lock never sees it freed.
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched_op.h>
#include <xen/xmalloc.h>
#include <public/sched.h>

static DEFINE_SPINLOCK(domlist_lock);
static struct list_head domain_list = LIST_HEAD_INIT(domain_list);
static unsigned int nr_domains;
static domid_t next_domid = 1;

struct domain *idle_domain;
struct domain *hardware_domain;

/* Events go here until a vCPU registers its own vcpu_info (Xen's dummy). */
static vcpu_info_t dummy_vcpu_info;

static void free_vcpu(struct vcpu *v)
{
    kill_timer(&v->poll_timer);
    sched_destroy_vcpu(v);
    arch_vcpu_destroy(v);
    xfree(v);
}

/* Frees whatever domain_create got to build; d is on no list. */
static void free_domain_struct(struct domain *d)
{
    for (unsigned int i = 0; d->vcpu && i < d->max_vcpus; i++)
        if (d->vcpu[i])
            free_vcpu(d->vcpu[i]);
    if (d->arch_priv)
        arch_domain_destroy(d);
    grant_table_destroy(d);
    evtchn_destroy_final(d);
    sched_destroy_domain(d);
    if (d->shared_info)
        release_shared_xen_page(mfn_to_page(virt_to_mfn(d->shared_info)));
    xfree(d->vcpu);
    xfree(d);
}

bool get_domain(struct domain *d)
{
    int x = __atomic_load_n(&d->refcnt, __ATOMIC_RELAXED);

    do {
        if (x <= 0)
            return false;
    } while (!__atomic_compare_exchange_n(&d->refcnt, &x, x + 1, false,
                                          __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
    return true;
}

void get_knownalive_domain(struct domain *d)
{
    int old = __atomic_fetch_add(&d->refcnt, 1, __ATOMIC_ACQUIRE);

    ASSERT(old > 0);
}

void put_domain(struct domain *d)
{
    int old = __atomic_fetch_sub(&d->refcnt, 1, __ATOMIC_ACQ_REL);

    ASSERT(old > 0);
    if (old != 1)
        return;
    spin_lock(&domlist_lock);
    list_del(&d->domlist);
    nr_domains--;
    spin_unlock(&domlist_lock);
    if (hardware_domain == d)
        hardware_domain = NULL;
    free_domain_struct(d);
}

struct domain *get_domain_by_id(domid_t domid)
{
    struct list_head *p;
    struct domain *found = NULL;

    spin_lock(&domlist_lock);
    list_for_each(p, &domain_list) {
        struct domain *d = list_entry(p, struct domain, domlist);

        if (d->domain_id == domid) {
            if (get_domain(d))
                found = d;
            break;
        }
    }
    spin_unlock(&domlist_lock);
    return found;
}

struct domain *get_domain_for_caller(struct domain *caller, domid_t domid,
                                     bool any)
{
    if (domid == DOMID_SELF || domid == caller->domain_id)
        return get_domain(caller) ? caller : NULL;
    if (!any && !caller->is_privileged)
        return NULL;
    return get_domain_by_id(domid);
}

unsigned int domain_count(void)
{
    unsigned int n;

    spin_lock(&domlist_lock);
    n = nr_domains;
    spin_unlock(&domlist_lock);
    return n;
}

static bool domid_in_use(domid_t domid)
{
    struct list_head *p;

    list_for_each(p, &domain_list)
        if (list_entry(p, struct domain, domlist)->domain_id == domid)
            return true;
    return false;
}

/* Gives d its domid and puts it on the list; false if none is free. */
static bool publish_domain(struct domain *d, domid_t want)
{
    bool ok = true;

    spin_lock(&domlist_lock);
    if (want != DOMID_INVALID) {
        ok = !domid_in_use(want);
    } else {
        domid_t id = next_domid;

        /* Round robin over 1..DOMID_FIRST_RESERVED-1: ids are not reused
         * at once, so a stale id names no new domain by accident. */
        ok = false;
        for (unsigned int n = 0; n < DOMID_FIRST_RESERVED - 1; n++) {
            if (id == 0 || id >= DOMID_FIRST_RESERVED)
                id = 1;
            if (!domid_in_use(id)) {
                ok = true;
                want = id;
                next_domid = (domid_t)(id + 1);
                break;
            }
            id++;
        }
    }
    if (ok) {
        d->domain_id = want;
        list_add_tail(&d->domlist, &domain_list);
        nr_domains++;
    }
    spin_unlock(&domlist_lock);
    return ok;
}

static void init_domain_fields(struct domain *d)
{
    d->refcnt = 1;
    list_init(&d->domlist);
    spin_lock_init(&d->shutdown_lock);
    spin_lock_init(&d->page_alloc_lock);
    list_init(&d->page_list);
    list_init(&d->relmem_list);
    spin_lock_init(&d->event_lock);
    d->state = DOMSTATE_alive;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v;

    if (id >= d->max_vcpus || d->vcpu[id])
        return NULL;
    v = xzalloc(struct vcpu);
    if (!v)
        return NULL;
    v->vcpu_id = id;
    v->domain = d;
    cpumask_setall(&v->affinity);
    v->pause_flags = VPF_down;
    if (d->shared_info && id < XEN_LEGACY_MAX_VCPUS)
        v->vcpu_info = &d->shared_info->vcpu_info[id];
    else
        v->vcpu_info = &dummy_vcpu_info;
    /* Linux expects events masked until it enables them. */
    v->vcpu_info->evtchn_upcall_mask = 1;
    init_timer(&v->poll_timer, vcpu_poll_timeout, v, 0);
    sched_init_vcpu(v, id % NR_CPUS);
    if (arch_vcpu_create(v)) {
        kill_timer(&v->poll_timer);
        xfree(v);
        return NULL;
    }
    d->vcpu[id] = v;
    return v;
}

void vcpu_up(struct vcpu *v)
{
    uint32_t old = __atomic_fetch_and(&v->pause_flags, ~VPF_down,
                                      __ATOMIC_SEQ_CST);

    if (old & VPF_down)
        vcpu_wake(v);
}

void vcpu_down(struct vcpu *v)
{
    __atomic_fetch_or(&v->pause_flags, VPF_down, __ATOMIC_SEQ_CST);
    vcpu_sleep_nosync(v);
}

static int build_domain(struct domain *d, unsigned int max_vcpus)
{
    void *si;
    int rc;

    d->max_vcpus = max_vcpus;
    d->vcpu = xzalloc_array(struct vcpu *, max_vcpus);
    if (!d->vcpu)
        return -ENOMEM;
    si = alloc_xenheap_page();
    if (!si)
        return -ENOMEM;
    share_xen_page_with_guest(mfn_to_page(virt_to_mfn(si)), d);
    d->shared_info = si;
    if ((rc = sched_init_domain(d)) || (rc = evtchn_init(d)) ||
        (rc = grant_table_init(d)))
        return rc;
    if ((rc = arch_domain_create(d)))
        return rc;
    if (!d->arch_priv)
        d->arch_priv = d;   /* marks arch_domain_create as done */
    if (!vcpu_create(d, 0))
        return -ENOMEM;
    return 0;
}

struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
                             unsigned int flags, int *err)
{
    struct domain *d;
    int rc;

    if (max_vcpus == 0 || max_vcpus > DOMAIN_MAX_VCPUS ||
        (domid != DOMID_INVALID && domid >= DOMID_FIRST_RESERVED)) {
        *err = -EINVAL;
        return NULL;
    }
    d = xzalloc(struct domain);
    if (!d) {
        *err = -ENOMEM;
        return NULL;
    }
    init_domain_fields(d);
    d->is_privileged = flags & DOMCREATE_privileged;
    d->pause_count = 1;                  /* the creator unpauses */
    rc = build_domain(d, max_vcpus);
    if (!rc && !publish_domain(d, domid))
        rc = domid == DOMID_INVALID ? -ENOSPC : -EEXIST;
    if (rc) {
        d->state = DOMSTATE_dead;
        free_domain_struct(d);
        *err = rc;
        return NULL;
    }
    if (d->is_privileged && !hardware_domain)
        hardware_domain = d;
    *err = 0;
    return d;
}

int idle_domain_init(unsigned int nr_cpus)
{
    struct domain *d = xzalloc(struct domain);

    if (!d || nr_cpus == 0 || nr_cpus > NR_CPUS)
        return -ENOMEM;
    init_domain_fields(d);
    d->domain_id = DOMID_IDLE;
    d->max_vcpus = nr_cpus;
    d->weight = SCHED_DEFAULT_WEIGHT;
    d->vcpu = xzalloc_array(struct vcpu *, nr_cpus);
    if (!d->vcpu)
        return -ENOMEM;
    for (unsigned int c = 0; c < nr_cpus; c++) {
        struct vcpu *v = xzalloc(struct vcpu);

        if (!v)
            return -ENOMEM;
        v->vcpu_id = c;
        v->domain = d;
        v->vcpu_info = &dummy_vcpu_info;
        cpumask_clear(&v->affinity);
        cpumask_set_cpu(c, &v->affinity);
        list_init(&v->sched.runq_elem);
        v->runstate.state = RUNSTATE_running;
        d->vcpu[c] = v;
        sched_init_cpu(c, v);
    }
    idle_domain = d;
    return 0;
}

void domain_set_max_pages(struct domain *d, unsigned long max_pages)
{
    spin_lock(&d->page_alloc_lock);
    d->max_pages = max_pages;
    spin_unlock(&d->page_alloc_lock);
}

int domain_shutdown(struct domain *d, unsigned int reason)
{
    if (reason > SHUTDOWN_MAX)
        return -EINVAL;
    spin_lock(&d->shutdown_lock);
    if (d->is_shutting_down || d->state != DOMSTATE_alive) {
        spin_unlock(&d->shutdown_lock);
        return 0;       /* the first reason stands */
    }
    d->is_shutting_down = true;
    d->shutdown_code = (uint8_t)reason;
    spin_unlock(&d->shutdown_lock);

    /* Calls from the domain's own vCPU: do not wait for ourselves. */
    domain_pause_nosync(d);
    if (d == hardware_domain)
        arch_hardware_domain_shutdown(reason);
    send_global_virq(VIRQ_DOM_EXC);
    return 0;
}

int domain_resume(struct domain *d)
{
    spin_lock(&d->shutdown_lock);
    if (!d->is_shutting_down || d->state != DOMSTATE_alive) {
        spin_unlock(&d->shutdown_lock);
        return -EINVAL;
    }
    d->is_shutting_down = false;
    spin_unlock(&d->shutdown_lock);
    domain_unpause(d);
    return 0;
}

int domain_kill(struct domain *d)
{
    struct vcpu *cur = current;

    if (cur && d == cur->domain)
        return -EINVAL;
    spin_lock(&d->shutdown_lock);
    if (d->state != DOMSTATE_alive) {
        spin_unlock(&d->shutdown_lock);
        return -EINVAL;
    }
    d->state = DOMSTATE_dying;
    spin_unlock(&d->shutdown_lock);

    domain_pause(d);
    evtchn_destroy(d);
    gnttab_release_mappings(d);
    arch_domain_relinquish(d);
    relinquish_domain_pages(d);
    d->state = DOMSTATE_dead;
    send_global_virq(VIRQ_DOM_EXC);
    put_domain(d);      /* the creation reference */
    return 0;
}

#ifdef XEN_HOST_TEST
/* Host tests replace the whole machine between cases. */
void domain_list_reset(void)
{
    list_init(&domain_list);
    nr_domains = 0;
    next_domid = 1;
    idle_domain = hardware_domain = NULL;
}
#endif

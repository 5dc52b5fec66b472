/*
 * domain_page.c - frames owned by domains: allocation against max_pages,
 * general reference counts, and giving frames back.
 *
 * Invariants:
 *  - a frame with PGC_allocated is on its owner's page_list and counted in
 *    owner->tot_pages (Xen-heap shared frames: in xenheap_pages instead);
 *  - a frame on page_list or relmem_list has a non-zero reference count;
 *    the reference that takes it to zero unlinks it, uncounts it and frees
 *    it to the heap (zeroed lazily);
 *  - d holds one reference on itself while tot_pages > 0, so an owner
 *    outlives all its frames.
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>

static inline uint64_t count_of(uint64_t x) { return x & PGC_count_mask; }

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order)
{
    unsigned long n = 1UL << order;
    struct page_info *pg;
    bool first;

    if (order > MAX_ORDER)
        return NULL;
    if (!d) {
        pg = heap_alloc_frames(order);
        for (unsigned long i = 0; pg && i < n; i++)
            pg[i].count_info = 1;
        return pg;
    }

    spin_lock(&d->page_alloc_lock);
    if (d->state != DOMSTATE_alive || d->tot_pages > d->max_pages ||
        n > d->max_pages - d->tot_pages) {
        spin_unlock(&d->page_alloc_lock);
        return NULL;
    }
    pg = heap_alloc_frames(order);
    if (!pg) {
        spin_unlock(&d->page_alloc_lock);
        return NULL;
    }
    first = d->tot_pages == 0;
    for (unsigned long i = 0; i < n; i++) {
        pg[i].owner = d;
        pg[i].count_info = PGC_allocated | 1;
        list_add_tail(&pg[i].list, &d->page_list);
    }
    d->tot_pages += n;
    spin_unlock(&d->page_alloc_lock);
    if (first)
        get_knownalive_domain(d);
    return pg;
}

struct page_info *alloc_anon_pages_below(unsigned int order, mfn_t limit)
{
    struct page_info *pg;

    if (order > MAX_ORDER || !limit)
        return NULL;
    pg = heap_alloc_frames_below(order, limit);
    for (unsigned long i = 0; pg && i < (1UL << order); i++)
        pg[i].count_info = 1;
    return pg;
}

int steal_domain_page(struct domain *d, struct page_info *pg)
{
    uint64_t x = PGC_allocated | 1;
    bool last;

    spin_lock(&d->page_alloc_lock);
    if (READ_ONCE(pg->owner) != d || (pg->count_info & PGC_xen_heap) ||
        !__atomic_compare_exchange_n(&pg->count_info, &x, 1, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
        spin_unlock(&d->page_alloc_lock);
        return -EBUSY;
    }
    /* Only the caller's reference is left; get_page now fails on owner. */
    WRITE_ONCE(pg->owner, NULL);
    list_del(&pg->list);
    ASSERT(d->tot_pages > 0);
    last = --d->tot_pages == 0;
    spin_unlock(&d->page_alloc_lock);
    if (last)
        put_domain(d);
    return 0;
}

int assign_domain_pages(struct domain *d, struct page_info *pg,
                        unsigned int order)
{
    unsigned long n = 1UL << order;
    bool first;

    spin_lock(&d->page_alloc_lock);
    if (d->state != DOMSTATE_alive || d->tot_pages > d->max_pages ||
        n > d->max_pages - d->tot_pages) {
        spin_unlock(&d->page_alloc_lock);
        return -ENOMEM;
    }
    first = d->tot_pages == 0;
    for (unsigned long i = 0; i < n; i++) {
        uint64_t one = 1;

        ASSERT(pg[i].owner == NULL);
        pg[i].type_info = 0;
        /*
         * A get_page racing with steal_domain_page may hold a reference
         * for a moment (it fails on the owner and drops it): wait for it.
         */
        while (!__atomic_compare_exchange_n(&pg[i].count_info, &one,
                                            PGC_allocated | 1, false,
                                            __ATOMIC_ACQ_REL,
                                            __ATOMIC_RELAXED)) {
            ASSERT(count_of(one) > 1);
            one = 1;
        }
        WRITE_ONCE(pg[i].owner, d);
        list_add_tail(&pg[i].list, &d->page_list);
    }
    d->tot_pages += n;
    spin_unlock(&d->page_alloc_lock);
    if (first)
        get_knownalive_domain(d);
    return 0;
}

/* Unlinks and uncounts a frame whose last reference just went. */
static void free_owned_frame(struct page_info *pg)
{
    struct domain *d = pg->owner;
    bool drop_ref = false;

    if (d) {
        spin_lock(&d->page_alloc_lock);
        list_del(&pg->list);
        if (pg->count_info & PGC_xen_heap) {
            d->xenheap_pages--;
        } else {
            ASSERT(d->tot_pages > 0);
            drop_ref = --d->tot_pages == 0;
        }
        pg->owner = NULL;
        spin_unlock(&d->page_alloc_lock);
    }
    pg->count_info = 0;
    pg->type_info = 0;
    heap_free_frames(pg, 0);
    if (drop_ref)
        put_domain(d);
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
    /* Anonymous frames: the caller holds the only reference. */
    for (unsigned long i = 0; i < (1UL << order); i++) {
        ASSERT(pg[i].owner == NULL && count_of(pg[i].count_info) == 1);
        pg[i].count_info = 0;
    }
    heap_free_frames(pg, order);
}

bool get_page(struct page_info *pg, struct domain *d)
{
    uint64_t x = __atomic_load_n(&pg->count_info, __ATOMIC_RELAXED);

    do {
        if ((x & PGC_free) || count_of(x) == 0 ||
            count_of(x) == PGC_count_mask)
            return false;
    } while (!__atomic_compare_exchange_n(&pg->count_info, &x, x + 1, false,
                                          __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
    /* The reference pins the owner field: it changes only at count zero. */
    if (d && READ_ONCE(pg->owner) != d) {
        put_page(pg);
        return false;
    }
    return true;
}

void put_page(struct page_info *pg)
{
    uint64_t x = __atomic_load_n(&pg->count_info, __ATOMIC_RELAXED);

    do {
        ASSERT(count_of(x) != 0);
    } while (!__atomic_compare_exchange_n(&pg->count_info, &x, x - 1, false,
                                          __ATOMIC_RELEASE, __ATOMIC_RELAXED));
    if (count_of(x) == 1) {
        ASSERT(!(x & PGC_allocated));
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        free_owned_frame(pg);
    }
}

void page_release_allocation(struct page_info *pg)
{
    uint64_t old = __atomic_fetch_and(&pg->count_info, ~PGC_allocated,
                                      __ATOMIC_ACQ_REL);

    if (old & PGC_allocated)
        put_page(pg);
}

void share_xen_page_with_guest(struct page_info *pg, struct domain *d)
{
    ASSERT(pg->count_info == PGC_xen_heap && pg->owner == NULL);
    spin_lock(&d->page_alloc_lock);
    pg->owner = d;
    pg->type_info = 0;
    __atomic_store_n(&pg->count_info, PGC_xen_heap | PGC_allocated | 1,
                     __ATOMIC_RELEASE);
    list_add_tail(&pg->list, &d->relmem_list);
    d->xenheap_pages++;
    spin_unlock(&d->page_alloc_lock);
}

void release_shared_xen_page(struct page_info *pg)
{
    struct domain *d = pg->owner;

    ASSERT(pg->count_info & PGC_xen_heap);
    if (d) {
        spin_lock(&d->page_alloc_lock);
        list_del(&pg->list);
        d->xenheap_pages--;
        WRITE_ONCE(pg->owner, NULL);
        spin_unlock(&d->page_alloc_lock);
    }
    page_release_allocation(pg);
}

void relinquish_domain_pages(struct domain *d)
{
    for (;;) {
        struct page_info *pg;
        uint64_t old;

        spin_lock(&d->page_alloc_lock);
        if (list_empty(&d->page_list)) {
            spin_unlock(&d->page_alloc_lock);
            return;
        }
        /* Park it on relmem_list: its last reference unlinks it there. */
        pg = list_first_entry(&d->page_list, struct page_info, list);
        list_del(&pg->list);
        list_add_tail(&pg->list, &d->relmem_list);
        old = __atomic_fetch_and(&pg->count_info, ~PGC_allocated,
                                 __ATOMIC_ACQ_REL);
        spin_unlock(&d->page_alloc_lock);
        if (old & PGC_allocated)
            put_page(pg);
    }
}

int get_page_and_type(struct page_info *pg, struct domain *d, uint64_t type)
{
    int rc;

    if (!get_page(pg, d))
        return -EINVAL;
    rc = get_page_type(pg, type);
    if (rc)
        put_page(pg);
    return rc;
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

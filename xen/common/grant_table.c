/*
 * grant_table.c - grant table v1: shared entries, active use counts,
 * host mappings with maptrack handles, and copies.
 *
 * Invariants, for each entry ref of a granting domain rd (under rd's
 * gt->lock):
 *  - act->host_ro + host_rw + copy_ro + copy_rw counts the current users
 *    of the grant (mappings and copies in progress); while it is non-zero,
 *    GTF_reading is set in the shared entry, act->domid is the only domain
 *    using it and act->frame the frame it uses;
 *  - GTF_writing is set exactly while host_rw + copy_rw is non-zero;
 *  - each user holds a general reference on act->frame, and a writable
 *    type reference when writing.
 * For each mapping domain ld (under ld's gt->maptrack_lock):
 *  - a maptrack entry in use names (rd, ref, flags, host_addr) of one
 *    mapping and holds a reference on rd, so rd's table outlives it;
 *  - free entries form a list through next_free.
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/xmalloc.h>

#define MAPTRACK_NONE 0xffffffffU
#define PIN_MAX       0xffffU

/* 16 bytes: v1 entries name 32-bit frames. */
struct active_grant {
    uint16_t host_ro, host_rw;   /* mappings */
    uint16_t copy_ro, copy_rw;   /* copies in progress */
    domid_t domid;               /* the domain using it */
    uint32_t frame;
};

enum { MT_FREE = 0, MT_BUSY, MT_MAPPED };

struct maptrack_entry {
    uint8_t state;               /* MT_*; BUSY: being set up or torn down */
    uint32_t flags;              /* GNTMAP_* of the mapping */
    grant_ref_t ref;
    uint32_t next_free;
    struct domain *rd;           /* granting domain (a reference) */
    uint64_t host_addr;
    mfn_t frame;
};

struct grant_table {
    spinlock_t lock;
    unsigned int nr_frames;
    grant_entry_v1_t *shared[GNTTAB_MAX_FRAMES];
    struct active_grant *active[GNTTAB_MAX_FRAMES];

    spinlock_t maptrack_lock;
    struct maptrack_entry **maptrack;    /* MAPTRACK_MAX_CHUNKS, lazily */
    unsigned int maptrack_limit;     /* handles with storage */
    unsigned int maptrack_used;
    uint32_t maptrack_free;          /* first free handle, or NONE */
};

/* ---- table storage ---- */

static unsigned int nr_entries(const struct grant_table *gt)
{
    return gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}

grant_entry_v1_t *gnttab_shared_entry(const struct domain *d, grant_ref_t ref)
{
    const struct grant_table *gt = d->grant_table;

    if (!gt || ref >= nr_entries(gt))
        return NULL;
    return &gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME]
                      [ref % GNTTAB_ENTRIES_PER_FRAME];
}

static struct active_grant *active_entry(struct grant_table *gt,
                                         grant_ref_t ref)
{
    return &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME]
                      [ref % GNTTAB_ENTRIES_PER_FRAME];
}

/* Grows d's table to nr frames (never shrinks); gt->lock held. */
static int grow_table(struct domain *d, struct grant_table *gt,
                      unsigned int nr)
{
    while (gt->nr_frames < nr) {
        unsigned int i = gt->nr_frames;
        void *page = alloc_xenheap_page();
        struct active_grant *act =
            xzalloc_array(struct active_grant, GNTTAB_ENTRIES_PER_FRAME);

        if (!page || !act) {
            free_xenheap_page(page);
            xfree(act);
            return -ENOMEM;
        }
        share_xen_page_with_guest(mfn_to_page(virt_to_mfn(page)), d);
        gt->shared[i] = page;
        gt->active[i] = act;
        gt->nr_frames = i + 1;
    }
    return 0;
}

int grant_table_init(struct domain *d)
{
    struct grant_table *gt = xzalloc(struct grant_table);
    int rc;

    if (!gt)
        return -ENOMEM;
    spin_lock_init(&gt->lock);
    spin_lock_init(&gt->maptrack_lock);
    gt->maptrack_free = MAPTRACK_NONE;
    d->grant_table = gt;
    spin_lock(&gt->lock);
    rc = grow_table(d, gt, 1);   /* Linux expects at least one frame */
    spin_unlock(&gt->lock);
    return rc;
}

void grant_table_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (!gt)
        return;
    ASSERT(gt->maptrack_used == 0);
    for (unsigned int i = 0; i < gt->nr_frames; i++) {
        release_shared_xen_page(mfn_to_page(virt_to_mfn(gt->shared[i])));
        xfree(gt->active[i]);
    }
    for (unsigned int c = 0; gt->maptrack && c < MAPTRACK_MAX_CHUNKS; c++)
        xfree(gt->maptrack[c]);
    xfree(gt->maptrack);
    xfree(gt);
    d->grant_table = NULL;
}

unsigned int gnttab_nr_frames(const struct domain *d)
{
    return d->grant_table ? d->grant_table->nr_frames : 0;
}

unsigned int gnttab_maptrack_in_use(const struct domain *d)
{
    return d->grant_table ? d->grant_table->maptrack_used : 0;
}

/* ---- maptrack ---- */

static struct maptrack_entry *mt_entry(struct grant_table *gt, uint32_t h)
{
    return &gt->maptrack[h / MAPTRACK_CHUNK][h % MAPTRACK_CHUNK];
}

/* A free handle marked BUSY, or MAPTRACK_NONE when out of space. */
static uint32_t maptrack_get(struct grant_table *gt)
{
    uint32_t h;

    spin_lock(&gt->maptrack_lock);
    if (!gt->maptrack)
        gt->maptrack = xzalloc_array(struct maptrack_entry *,
                                     MAPTRACK_MAX_CHUNKS);
    if (gt->maptrack && gt->maptrack_free == MAPTRACK_NONE &&
        gt->maptrack_limit < MAPTRACK_MAX_CHUNKS * MAPTRACK_CHUNK) {
        unsigned int c = gt->maptrack_limit / MAPTRACK_CHUNK;
        struct maptrack_entry *chunk =
            xzalloc_array(struct maptrack_entry, MAPTRACK_CHUNK);

        if (chunk) {
            gt->maptrack[c] = chunk;
            for (unsigned int i = MAPTRACK_CHUNK; i-- > 0;) {
                chunk[i].next_free = gt->maptrack_free;
                gt->maptrack_free = c * MAPTRACK_CHUNK + i;
            }
            gt->maptrack_limit += MAPTRACK_CHUNK;
        }
    }
    h = gt->maptrack_free;
    if (h != MAPTRACK_NONE) {
        struct maptrack_entry *e = mt_entry(gt, h);

        gt->maptrack_free = e->next_free;
        e->state = MT_BUSY;
        gt->maptrack_used++;
    }
    spin_unlock(&gt->maptrack_lock);
    return h;
}

static void maptrack_put(struct grant_table *gt, uint32_t h)
{
    struct maptrack_entry *e;

    spin_lock(&gt->maptrack_lock);
    e = mt_entry(gt, h);
    ASSERT(e->state == MT_BUSY);
    e->state = MT_FREE;
    e->rd = NULL;
    e->next_free = gt->maptrack_free;
    gt->maptrack_free = h;
    gt->maptrack_used--;
    spin_unlock(&gt->maptrack_lock);
}

/* Moves handle h from MAPPED to BUSY; false if it is not a mapping. */
static bool maptrack_claim(struct grant_table *gt, uint32_t h,
                           struct maptrack_entry *copy)
{
    bool ok = false;

    spin_lock(&gt->maptrack_lock);
    if (h < gt->maptrack_limit && mt_entry(gt, h)->state == MT_MAPPED) {
        mt_entry(gt, h)->state = MT_BUSY;
        *copy = *mt_entry(gt, h);
        ok = true;
    }
    spin_unlock(&gt->maptrack_lock);
    return ok;
}

/* ---- acquiring and releasing a grant ---- */

/* The flags and domid words of an entry, updated together. */
static uint32_t *entry_word(grant_entry_v1_t *e)
{
    return (uint32_t *)(void *)e;
}

static uint32_t make_word(uint16_t flags, domid_t domid)
{
    return (uint32_t)flags | ((uint32_t)domid << 16);
}

/*
 * Checks an entry the guest controls and sets the status bits for a new
 * use.  A guest racing us by rewriting the entry gets a few retries, then
 * an error.  Returns GNTST_okay or an error status.
 */
static int set_status_bits(grant_entry_v1_t *e, domid_t ldom, bool write,
                           bool need_reading)
{
    for (int tries = 0; tries < 4; tries++) {
        uint32_t old = __atomic_load_n(entry_word(e), __ATOMIC_ACQUIRE);
        uint16_t flags = (uint16_t)old;
        domid_t domid = (domid_t)(old >> 16);
        uint16_t want = flags;

        if ((flags & GTF_type_mask) != GTF_permit_access || domid != ldom)
            return GNTST_permission_denied;
        if (write && (flags & GTF_readonly))
            return GNTST_permission_denied;
        if (need_reading)
            want |= GTF_reading;
        if (write)
            want |= GTF_writing;
        if (want == flags)
            return GNTST_okay;
        if (__atomic_compare_exchange_n(entry_word(e), &old,
                                        make_word(want, domid), false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            return GNTST_okay;
    }
    return GNTST_general_error;
}

static uint32_t act_users(const struct active_grant *a)
{
    return (uint32_t)a->host_ro + a->host_rw + a->copy_ro + a->copy_rw;
}

/* Clears the status bits no user needs any more; gt->lock held. */
static void clear_status_bits(grant_entry_v1_t *e,
                              const struct active_grant *a)
{
    uint16_t clear = 0;

    if ((uint32_t)a->host_rw + a->copy_rw == 0)
        clear |= GTF_writing;
    if (act_users(a) == 0)
        clear |= GTF_reading;
    /* Only Xen clears these bits; the 16-bit flags word is atomic. */
    __atomic_fetch_and(&e->flags, (uint16_t)~clear, __ATOMIC_ACQ_REL);
}

enum use { USE_HOST, USE_COPY };

static uint16_t *use_counter(struct active_grant *a, enum use u, bool write)
{
    if (u == USE_HOST)
        return write ? &a->host_rw : &a->host_ro;
    return write ? &a->copy_rw : &a->copy_ro;
}

/*
 * Takes a use of rd's grant ref for ld: checks the entry, sets its status
 * bits, counts the use and takes the frame's references.  On success
 * *frame is the frame.  Returns GNTST_*.
 */
static int acquire_grant(struct domain *rd, grant_ref_t ref, domid_t ldom,
                         bool write, enum use use, mfn_t *frame)
{
    struct grant_table *gt = rd->grant_table;
    struct active_grant *act;
    grant_entry_v1_t *e;
    struct page_info *pg;
    uint16_t *ctr;
    bool first;
    int rc;

    spin_lock(&gt->lock);
    if (rd->state != DOMSTATE_alive) {
        rc = GNTST_bad_domain;
        goto out;
    }
    if (ref >= nr_entries(gt)) {
        rc = GNTST_bad_gntref;
        goto out;
    }
    e = gnttab_shared_entry(rd, ref);
    act = active_entry(gt, ref);
    ctr = use_counter(act, use, write);
    first = act_users(act) == 0;
    if (!first && act->domid != ldom) {
        rc = GNTST_permission_denied;
        goto out;
    }
    if (*ctr >= PIN_MAX) {
        rc = GNTST_no_space;
        goto out;
    }
    rc = set_status_bits(e, ldom, write, first);
    if (rc != GNTST_okay)
        goto out;
    if (first) {
        act->domid = ldom;
        act->frame = READ_ONCE(e->frame);
    }
    pg = mfn_valid(act->frame) ? mfn_to_page(act->frame) : NULL;
    if (!pg || !get_page(pg, rd)) {
        rc = GNTST_bad_page;
    } else if (write && get_page_type(pg, PGT_writable_page)) {
        put_page(pg);
        rc = GNTST_bad_page;
    }
    if (rc != GNTST_okay) {
        clear_status_bits(e, act);   /* undo bits this use set */
        goto out;
    }
    (*ctr)++;
    *frame = act->frame;
 out:
    spin_unlock(&gt->lock);
    return rc;
}

/* Gives back a use taken by acquire_grant. */
static void release_grant(struct domain *rd, grant_ref_t ref, bool write,
                          enum use use)
{
    struct grant_table *gt = rd->grant_table;
    struct active_grant *act;
    struct page_info *pg;
    uint16_t *ctr;

    spin_lock(&gt->lock);
    act = active_entry(gt, ref);
    ctr = use_counter(act, use, write);
    ASSERT(*ctr > 0);
    (*ctr)--;
    clear_status_bits(gnttab_shared_entry(rd, ref), act);
    pg = mfn_to_page(act->frame);
    spin_unlock(&gt->lock);
    if (write)
        put_page_type(pg);
    put_page(pg);
}

/* ---- map / unmap ---- */

void gnttab_map_grant_ref(struct domain *ld, gnttab_map_grant_ref_t *op)
{
    struct grant_table *lgt = ld->grant_table;
    bool write = !(op->flags & GNTMAP_readonly);
    struct maptrack_entry *mt;
    struct domain *rd;
    uint32_t h;
    mfn_t frame;
    int rc;

    op->handle = 0;
    op->dev_bus_addr = 0;
    if (!(op->flags & (GNTMAP_host_map | GNTMAP_device_map))) {
        op->status = GNTST_bad_gntref;
        return;
    }
    /*
     * A mapping names the granting domain by id: Xen 4.17 refuses
     * DOMID_SELF here (a domain may map its own grants by its real id).
     */
    rd = op->dom == DOMID_SELF ? NULL : get_domain_by_id(op->dom);
    if (!rd) {
        op->status = GNTST_bad_domain;
        return;
    }
    if ((h = maptrack_get(lgt)) == MAPTRACK_NONE) {
        put_domain(rd);
        op->status = GNTST_no_device_space;
        return;
    }
    rc = acquire_grant(rd, op->ref, ld->domain_id, write, USE_HOST, &frame);
    if (rc == GNTST_okay && (op->flags & GNTMAP_host_map)) {
        rc = arch_grant_map(ld, op->host_addr, frame, op->flags);
        if (rc != GNTST_okay)
            release_grant(rd, op->ref, write, USE_HOST);
    }
    if (rc != GNTST_okay) {
        maptrack_put(lgt, h);
        put_domain(rd);
        op->status = (int16_t)rc;
        return;
    }
    spin_lock(&lgt->maptrack_lock);
    mt = mt_entry(lgt, h);
    mt->rd = rd;                   /* keeps the reference */
    mt->ref = op->ref;
    mt->flags = op->flags;
    mt->host_addr = op->host_addr;
    mt->frame = frame;
    mt->state = MT_MAPPED;
    spin_unlock(&lgt->maptrack_lock);
    if (op->flags & GNTMAP_device_map)
        op->dev_bus_addr = (uint64_t)frame << PAGE_SHIFT;
    op->handle = h;
    op->status = GNTST_okay;
}

/* Drops a claimed (BUSY) mapping's grant use and frees its handle. */
static void finish_unmap(struct grant_table *lgt, uint32_t h,
                         const struct maptrack_entry *m)
{
    release_grant(m->rd, m->ref, !(m->flags & GNTMAP_readonly), USE_HOST);
    put_domain(m->rd);
    maptrack_put(lgt, h);
}

void gnttab_unmap_grant_ref(struct domain *ld, gnttab_unmap_grant_ref_t *op)
{
    struct grant_table *lgt = ld->grant_table;
    struct maptrack_entry m;
    int rc;

    if (!maptrack_claim(lgt, op->handle, &m)) {
        op->status = GNTST_bad_handle;
        return;
    }
    if ((m.flags & GNTMAP_host_map) && op->host_addr != m.host_addr) {
        rc = GNTST_bad_virt_addr;
    } else if (!(m.flags & GNTMAP_host_map) && op->dev_bus_addr &&
               op->dev_bus_addr != ((uint64_t)m.frame << PAGE_SHIFT)) {
        rc = GNTST_bad_dev_addr;
    } else if (m.flags & GNTMAP_host_map) {
        rc = arch_grant_unmap(ld, m.host_addr, m.frame, m.flags);
    } else {
        rc = GNTST_okay;
    }
    if (rc != GNTST_okay) {
        /* Nothing changed: the mapping stays. */
        spin_lock(&lgt->maptrack_lock);
        mt_entry(lgt, op->handle)->state = MT_MAPPED;
        spin_unlock(&lgt->maptrack_lock);
        op->status = (int16_t)rc;
        return;
    }
    finish_unmap(lgt, op->handle, &m);
    op->status = GNTST_okay;
}

void gnttab_release_mappings(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (!gt)
        return;
    /* d's page tables are being torn down: only the grant uses go. */
    for (uint32_t h = 0; h < gt->maptrack_limit; h++) {
        struct maptrack_entry m;

        if (maptrack_claim(gt, h, &m))
            finish_unmap(gt, h, &m);
    }
}

/* ---- copy ---- */

struct copy_side {
    struct domain *d;    /* referenced */
    mfn_t frame;
    bool gref;           /* a grant use to release */
    bool have_page;      /* a plain page reference to drop */
};

static int copy_acquire(struct domain *ld, const struct gnttab_copy_ptr *p,
                        bool is_gref, bool write, struct copy_side *s)
{
    struct page_info *pg;

    memset(s, 0, sizeof(*s));
    if (!is_gref && p->domid != DOMID_SELF && p->domid != ld->domain_id)
        return GNTST_permission_denied;
    s->d = (p->domid == DOMID_SELF || p->domid == ld->domain_id)
           ? (get_domain(ld) ? ld : NULL) : get_domain_by_id(p->domid);
    if (!s->d)
        return GNTST_bad_domain;
    if (is_gref) {
        int rc = acquire_grant(s->d, p->u.ref, ld->domain_id, write,
                               USE_COPY, &s->frame);

        s->gref = rc == GNTST_okay;
        return rc;
    }
    /* A frame of the caller's own (PV: gmfn is a machine frame). */
    if (!mfn_valid(p->u.gmfn))
        return GNTST_bad_page;
    pg = mfn_to_page(p->u.gmfn);
    if (!get_page(pg, ld))
        return GNTST_bad_page;
    if (write && get_page_type(pg, PGT_writable_page)) {
        put_page(pg);
        return GNTST_bad_page;
    }
    s->frame = p->u.gmfn;
    s->have_page = true;
    return GNTST_okay;
}

static void copy_release(const struct gnttab_copy_ptr *p, bool write,
                         struct copy_side *s)
{
    if (s->gref) {
        release_grant(s->d, p->u.ref, write, USE_COPY);
    } else if (s->have_page) {
        if (write)
            put_page_type(mfn_to_page(s->frame));
        put_page(mfn_to_page(s->frame));
    }
    if (s->d)
        put_domain(s->d);
}

void gnttab_copy(struct domain *ld, gnttab_copy_t *op)
{
    struct copy_side src, dst;
    int rc;

    if ((uint32_t)op->source.offset + op->len > PAGE_SIZE ||
        (uint32_t)op->dest.offset + op->len > PAGE_SIZE) {
        op->status = GNTST_bad_copy_arg;
        return;
    }
    rc = copy_acquire(ld, &op->source, op->flags & GNTCOPY_source_gref,
                      false, &src);
    if (rc == GNTST_okay) {
        rc = copy_acquire(ld, &op->dest, op->flags & GNTCOPY_dest_gref,
                          true, &dst);
        if (rc == GNTST_okay)
            memmove((char *)mfn_to_virt(dst.frame) + op->dest.offset,
                    (char *)mfn_to_virt(src.frame) + op->source.offset,
                    op->len);
        copy_release(&op->dest, true, &dst);
    }
    copy_release(&op->source, false, &src);
    op->status = (int16_t)rc;
}

/* ---- table management ---- */

/* The domain an op names, for the caller; NULL if not allowed. */
static struct domain *target_domain(struct domain *ld, domid_t dom)
{
    struct domain *d = get_domain_for_caller(ld, dom, false);

    if (d && d->state != DOMSTATE_alive) {
        put_domain(d);
        d = NULL;
    }
    return d;
}

void gnttab_query_size(struct domain *ld, gnttab_query_size_t *op)
{
    struct domain *d = target_domain(ld, op->dom);

    if (!d) {
        op->status = GNTST_bad_domain;
        return;
    }
    spin_lock(&d->grant_table->lock);
    op->nr_frames = d->grant_table->nr_frames;
    spin_unlock(&d->grant_table->lock);
    op->max_nr_frames = GNTTAB_MAX_FRAMES;
    op->status = GNTST_okay;
    put_domain(d);
}

int gnttab_setup_table(struct domain *ld, gnttab_setup_table_t *op)
{
    struct domain *d;
    struct grant_table *gt;

    if (op->nr_frames > GNTTAB_MAX_FRAMES) {
        op->status = GNTST_general_error;
        return 0;
    }
    if (!(d = target_domain(ld, op->dom))) {
        op->status = GNTST_bad_domain;
        return 0;
    }
    gt = d->grant_table;
    spin_lock(&gt->lock);
    op->status = grow_table(d, gt, op->nr_frames) ? GNTST_general_error
                                                  : GNTST_okay;
    for (unsigned int i = 0; op->status == GNTST_okay && i < op->nr_frames;
         i++) {
        xen_pfn_t mfn = virt_to_mfn(gt->shared[i]);

        /* Xen 4.17 reports an unwritable frame list in the status. */
        if (copy_to_guest_elem(guest_handle_addr(op->frame_list), i, &mfn,
                               sizeof(mfn))) {
            op->status = GNTST_bad_virt_addr;
            break;
        }
    }
    spin_unlock(&gt->lock);
    put_domain(d);
    return 0;
}

int gnttab_set_version(struct domain *ld, gnttab_set_version_t *op)
{
    (void)ld;
    if (op->version != 1 && op->version != 2)
        return -EINVAL;
    if (op->version == 2)
        return -ENOSYS;     /* as Xen does when v2 is not offered */
    op->version = 1;
    return 0;
}

int gnttab_get_version(struct domain *ld, gnttab_get_version_t *op)
{
    struct domain *d = get_domain_for_caller(ld, op->dom, false);

    if (!d)
        return -ESRCH;
    op->version = 1;
    put_domain(d);
    return 0;
}

/* ---- the hypercall ---- */

/* Runs count ops of one array kind, with preemption between them. */
#define GNTTAB_BATCH(type, fn)                                             \
    do {                                                                   \
        for (i = 0; i < count; i++) {                                      \
            type op_;                                                      \
            if (i && hypercall_preempt_check())                            \
                return hypercall_create_continuation(                      \
                    __HYPERVISOR_grant_table_op, cmd,                      \
                    uop + i * sizeof(type), count - i, 0, 0, 0);           \
            if (copy_from_guest_elem(&op_, uop, i, sizeof(type)))          \
                return -EFAULT;                                            \
            fn(ld, &op_);                                                  \
            if (copy_to_guest_elem(uop, i, &op_, sizeof(type)))            \
                return -EFAULT;                                            \
        }                                                                  \
    } while (0)

/* A single-struct op: copy in, run, copy out. */
#define GNTTAB_ONE(type, call)                                             \
    do {                                                                   \
        type op_;                                                          \
        if (count != 1)                                                    \
            return -EINVAL;                                                \
        if (copy_from_guest(&op_, uop, sizeof(op_)))                       \
            return -EFAULT;                                                \
        rc = (call);                                                       \
        if (rc == 0 && copy_to_guest(uop, &op_, sizeof(op_)))              \
            rc = -EFAULT;                                                  \
    } while (0)

long do_grant_table_op(unsigned long cmd, unsigned long uop,
                       unsigned long count)
{
    struct domain *ld = current->domain;
    unsigned long i;
    long rc = 0;

    if (count > 0x7fffffffUL)
        return -EINVAL;
    switch (cmd) {
    case GNTTABOP_map_grant_ref:
        GNTTAB_BATCH(gnttab_map_grant_ref_t, gnttab_map_grant_ref);
        break;
    case GNTTABOP_unmap_grant_ref:
        GNTTAB_BATCH(gnttab_unmap_grant_ref_t, gnttab_unmap_grant_ref);
        break;
    case GNTTABOP_copy:
        GNTTAB_BATCH(gnttab_copy_t, gnttab_copy);
        break;
    case GNTTABOP_query_size:
        GNTTAB_ONE(gnttab_query_size_t, (gnttab_query_size(ld, &op_), 0));
        break;
    case GNTTABOP_setup_table:
        GNTTAB_ONE(gnttab_setup_table_t, gnttab_setup_table(ld, &op_));
        break;
    case GNTTABOP_set_version:
        GNTTAB_ONE(gnttab_set_version_t, gnttab_set_version(ld, &op_));
        break;
    case GNTTABOP_get_version:
        GNTTAB_ONE(gnttab_get_version_t, gnttab_get_version(ld, &op_));
        break;
    default:
        rc = -ENOSYS;   /* transfer, v2-only ops, dump, cache flush */
    }
    return rc;
}

/*
 * page_alloc.c - the buddy heap over all RAM, and lazy scrubbing.
 *
 * Free memory is kept as naturally aligned blocks of 2^order frames, one
 * list per order.  Freeing merges a block with its buddy (the block whose
 * first frame differs only in bit `order`) while the buddy is a free block
 * of the same order.  Allocation splits the smallest large-enough block.
 *
 * Scrubbing.  A freed frame is marked PGC_need_scrub; it is zeroed before
 * it is handed out again, or earlier by scrub_free_pages() from the idle
 * loop.  A block head records first_dirty: every frame before that index
 * is clean.  Invariant on each free list: clean blocks (first_dirty NONE)
 * come before dirty ones, so allocation takes clean blocks from the front
 * and the scrubber finds dirty ones at the back.
 *
 * All of this is guarded by heap_lock.  Frames of a block being handed out
 * leave the free lists under the lock and are zeroed after it is dropped.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>

struct page_info *frame_table;
unsigned long max_mfn;

static DEFINE_SPINLOCK(heap_lock);
static struct list_head free_lists[MAX_ORDER + 1];
static unsigned long nr_free;     /* frames in the heap */
static unsigned long nr_dirty;    /* of those, frames with PGC_need_scrub */

/* Frames zeroed in one go while holding heap_lock in the scrubber. */
#define SCRUB_BATCH 64

void frame_table_init(struct page_info *table, unsigned long nr_frames)
{
    frame_table = table;
    max_mfn = nr_frames;
    for (unsigned long i = 0; i < nr_frames; i++) {
        list_init(&table[i].list);
        table[i].count_info = 0;
        table[i].type_info = 0;
        table[i].owner = NULL;
        table[i].u.free.order = FREE_NOT_HEAD;
        table[i].u.free.first_dirty = FIRST_DIRTY_NONE;
        table[i].tlbflush_stamp = 0;
    }
    for (unsigned int o = 0; o <= MAX_ORDER; o++)
        list_init(&free_lists[o]);
    nr_free = nr_dirty = 0;
}

static void scrub_one_page(struct page_info *pg)
{
    memset(mfn_to_virt(page_to_mfn(pg)), 0, PAGE_SIZE);
}

/* Puts a block head on its list, keeping clean blocks before dirty ones. */
static void list_insert_block(struct page_info *head, unsigned int order)
{
    head->u.free.order = order;
    if (head->u.free.first_dirty == FIRST_DIRTY_NONE)
        list_add(&head->list, &free_lists[order]);
    else
        list_add_tail(&head->list, &free_lists[order]);
}

static void list_remove_block(struct page_info *head)
{
    list_del(&head->list);
    head->u.free.order = FREE_NOT_HEAD;
}

/* Is the frame at buddy the head of a free block of exactly this order? */
static bool is_free_head(mfn_t buddy, unsigned int order)
{
    struct page_info *pg;

    if (!mfn_valid(buddy))
        return false;
    pg = mfn_to_page(buddy);
    return (pg->count_info & PGC_free) && pg->u.free.order == order;
}

static uint32_t merged_first_dirty(const struct page_info *lo,
                                   const struct page_info *hi,
                                   unsigned int order)
{
    if (lo->u.free.first_dirty != FIRST_DIRTY_NONE)
        return lo->u.free.first_dirty;
    if (hi->u.free.first_dirty != FIRST_DIRTY_NONE)
        return (1U << order) + hi->u.free.first_dirty;
    return FIRST_DIRTY_NONE;
}

/*
 * Returns a block to the heap and merges it as far as it goes.  The caller
 * holds heap_lock and has marked every frame PGC_free and set first_dirty.
 */
static void free_block_locked(struct page_info *head, unsigned int order)
{
    mfn_t mfn = page_to_mfn(head);

    while (order < MAX_ORDER) {
        mfn_t buddy = mfn ^ (1UL << order);
        struct page_info *b, *lo, *hi;

        if (!is_free_head(buddy, order))
            break;
        b = mfn_to_page(buddy);
        list_remove_block(b);
        lo = buddy < mfn ? b : head;
        hi = buddy < mfn ? head : b;
        lo->u.free.first_dirty = merged_first_dirty(lo, hi, order);
        hi->u.free.first_dirty = FIRST_DIRTY_NONE;
        hi->u.free.order = FREE_NOT_HEAD;
        head = lo;
        mfn = page_to_mfn(lo);
        order++;
    }
    list_insert_block(head, order);
}

/* Marks frames free (dirty) and gives them back; takes heap_lock. */
static void free_heap_pages(struct page_info *pg, unsigned int order)
{
    unsigned long n = 1UL << order;

    ASSERT(order <= MAX_ORDER);
    ASSERT((page_to_mfn(pg) & (n - 1)) == 0);
    spin_lock(&heap_lock);
    for (unsigned long i = 0; i < n; i++) {
        ASSERT(!(pg[i].count_info & PGC_free));
        pg[i].count_info = PGC_free | PGC_need_scrub;
        pg[i].type_info = 0;
        pg[i].owner = NULL;
        pg[i].u.free.order = FREE_NOT_HEAD;
        pg[i].u.free.first_dirty = FIRST_DIRTY_NONE;
    }
    pg->u.free.first_dirty = 0;
    nr_free += n;
    nr_dirty += n;
    free_block_locked(pg, order);
    spin_unlock(&heap_lock);
}

void heap_add_ram(mfn_t start, unsigned long nr_frames)
{
    /* Hand over the largest aligned blocks that fit, so boot stays fast. */
    while (nr_frames) {
        unsigned int order = 0;

        while (order < MAX_ORDER && !(start & (1UL << order)) &&
               (2UL << order) <= nr_frames)
            order++;
        ASSERT(mfn_valid(start + (1UL << order) - 1));
        free_heap_pages(mfn_to_page(start), order);
        start += 1UL << order;
        nr_frames -= 1UL << order;
    }
}

/*
 * Splits head (order `from`) until it is `order` frames, returning the
 * upper halves to the free lists.  heap_lock held; head is off the lists.
 */
static void split_block(struct page_info *head, unsigned int from,
                        unsigned int order)
{
    while (from > order) {
        uint32_t half = 1U << (from - 1);
        uint32_t fd = head->u.free.first_dirty;
        struct page_info *hi = head + half;

        from--;
        if (fd == FIRST_DIRTY_NONE)
            hi->u.free.first_dirty = FIRST_DIRTY_NONE;
        else
            hi->u.free.first_dirty = fd >= half ? fd - half : 0;
        head->u.free.first_dirty = (fd != FIRST_DIRTY_NONE && fd < half)
                                   ? fd : FIRST_DIRTY_NONE;
        list_insert_block(hi, from);
    }
}

/*
 * Like take_block_locked, but the block must end at or below limit (an
 * MFN): the lowest aligned sub-block of each free block is considered, so
 * a block qualifies if its start + 2^order <= limit.  Lists are scanned in
 * full: this serves rare DMA-constrained requests (XENMEM_exchange).
 */
static struct page_info *take_block_below_locked(unsigned int order,
                                                 mfn_t limit)
{
    for (unsigned int o = order; o <= MAX_ORDER; o++) {
        struct list_head *e;

        list_for_each(e, &free_lists[o]) {
            struct page_info *head = list_entry(e, struct page_info, list);

            if (page_to_mfn(head) + (1UL << order) > limit)
                continue;
            list_remove_block(head);
            split_block(head, o, order);
            return head;
        }
    }
    return NULL;
}

static struct page_info *take_block_locked(unsigned int order)
{
    for (unsigned int o = order; o <= MAX_ORDER; o++) {
        struct page_info *head;

        if (list_empty(&free_lists[o]))
            continue;
        /* The front of a list is its cleanest block. */
        head = list_first_entry(&free_lists[o], struct page_info, list);
        list_remove_block(head);
        split_block(head, o, order);
        return head;
    }
    return NULL;
}

/*
 * Takes 2^order frames off the heap and returns them zeroed, with
 * count_info 0 and no owner; NULL if no block is large enough.
 */
static struct page_info *alloc_heap_pages(unsigned int order, mfn_t limit)
{
    struct page_info *head;
    unsigned long n, dirty = 0;
    uint32_t fd;

    if (order > MAX_ORDER)
        return NULL;
    n = 1UL << order;
    spin_lock(&heap_lock);
    head = limit ? take_block_below_locked(order, limit)
                 : take_block_locked(order);
    if (!head) {
        spin_unlock(&heap_lock);
        return NULL;
    }
    fd = head->u.free.first_dirty;
    for (unsigned long i = 0; i < n; i++) {
        if (head[i].count_info & PGC_need_scrub)
            dirty++;
        head[i].count_info &= PGC_need_scrub;   /* PGC_free goes */
    }
    nr_free -= n;
    nr_dirty -= dirty;
    spin_unlock(&heap_lock);

    /*
     * No CPU may still reach these frames through a translation left from
     * a mapping removed without a flush: flush before zeroing them.
     */
    {
        uint64_t stamp = 0;

        for (unsigned long i = 0; i < n; i++) {
            stamp = MAX(stamp, head[i].tlbflush_stamp);
            head[i].tlbflush_stamp = 0;
        }
        arch_flush_stale_tlbs(stamp);
    }
    /* The block is ours now: zero what the previous owner left. */
    for (unsigned long i = fd == FIRST_DIRTY_NONE ? n : fd; i < n; i++)
        if (head[i].count_info & PGC_need_scrub)
            scrub_one_page(&head[i]);
    for (unsigned long i = 0; i < n; i++) {
        head[i].count_info = 0;
        head[i].u.free.first_dirty = FIRST_DIRTY_NONE;
    }
    return head;
}

/* Finds a dirty block at the back of some free list; heap_lock held. */
static struct page_info *find_dirty_block(void)
{
    for (int o = MAX_ORDER; o >= 0; o--) {
        struct page_info *pg;

        if (list_empty(&free_lists[o]))
            continue;
        pg = list_entry(free_lists[o].prev, struct page_info, list);
        if (pg->u.free.first_dirty != FIRST_DIRTY_NONE)
            return pg;
    }
    return NULL;
}

/*
 * Zeroes up to SCRUB_BATCH dirty frames of one block under heap_lock and
 * advances its first_dirty; a block that turns clean moves to the front of
 * its list.  Returns frames zeroed, or -1 when no dirty block is left.
 */
static long scrub_one_batch(void)
{
    struct page_info *head;
    unsigned long n, i, done = 0;

    spin_lock(&heap_lock);
    head = find_dirty_block();
    if (!head) {
        spin_unlock(&heap_lock);
        return -1;
    }
    n = 1UL << head->u.free.order;
    for (i = head->u.free.first_dirty; i < n && done < SCRUB_BATCH; i++) {
        if (!(head[i].count_info & PGC_need_scrub))
            continue;
        scrub_one_page(&head[i]);
        head[i].count_info &= ~PGC_need_scrub;
        done++;
    }
    nr_dirty -= done;
    if (i >= n) {
        unsigned int order = head->u.free.order;

        head->u.free.first_dirty = FIRST_DIRTY_NONE;
        list_remove_block(head);
        list_insert_block(head, order);
    } else {
        head->u.free.first_dirty = (uint32_t)i;
    }
    spin_unlock(&heap_lock);
    return (long)done;
}

unsigned long scrub_free_pages(unsigned long budget)
{
    unsigned long total = 0;

    while (total < budget) {
        long done = scrub_one_batch();

        if (done < 0)
            break;
        total += (unsigned long)done;
    }
    return total;
}

void *alloc_xenheap_pages(unsigned int order)
{
    struct page_info *pg = alloc_heap_pages(order, 0);

    if (!pg)
        return NULL;
    for (unsigned long i = 0; i < (1UL << order); i++)
        pg[i].count_info = PGC_xen_heap;
    return mfn_to_virt(page_to_mfn(pg));
}

void free_xenheap_pages(void *va, unsigned int order)
{
    struct page_info *pg;

    if (!va)
        return;
    pg = mfn_to_page(virt_to_mfn(va));
    for (unsigned long i = 0; i < (1UL << order); i++) {
        ASSERT(pg[i].count_info == PGC_xen_heap);
        ASSERT(pg[i].owner == NULL);
        pg[i].count_info = 0;
    }
    free_heap_pages(pg, order);
}

/* Used by domain_page.c: raw frames for a domain or anonymous use. */
struct page_info *heap_alloc_frames(unsigned int order)
{
    return alloc_heap_pages(order, 0);
}

struct page_info *heap_alloc_frames_below(unsigned int order, mfn_t limit)
{
    return limit ? alloc_heap_pages(order, limit) : NULL;
}

void heap_free_frames(struct page_info *pg, unsigned int order)
{
    free_heap_pages(pg, order);
}

unsigned long heap_free_pages(void)
{
    unsigned long n;

    spin_lock(&heap_lock);
    n = nr_free;
    spin_unlock(&heap_lock);
    return n;
}

unsigned long heap_dirty_pages(void)
{
    unsigned long n;

    spin_lock(&heap_lock);
    n = nr_dirty;
    spin_unlock(&heap_lock);
    return n;
}

unsigned long heap_free_blocks(unsigned int order)
{
    unsigned long n = 0;
    struct list_head *p;

    if (order > MAX_ORDER)
        return 0;
    spin_lock(&heap_lock);
    list_for_each(p, &free_lists[order])
        n++;
    spin_unlock(&heap_lock);
    return n;
}

/*
 * mm.h - the frame table, the buddy heap and page reference counting.
 *
 * Every machine frame below max_mfn has one struct page_info in the frame
 * table.  A frame is in exactly one of these states:
 *
 *   reserved   never given to the heap (firmware, the hypervisor image,
 *              the frame table itself): count_info == 0, no PGC_free.
 *   free       in the buddy heap: PGC_free set, owner NULL, count 0.
 *   xen heap   allocated for the hypervisor (alloc_xenheap_pages):
 *              PGC_xen_heap set, owner NULL unless shared with a guest.
 *   domain     allocated to a domain (alloc_domheap_pages): owner set,
 *              PGC_allocated holds one general reference; the frame is on
 *              owner->page_list and counted in owner->tot_pages.
 *
 * A domain frame returns to the heap when its general reference count
 * (count_info & PGC_count_mask) drops to zero, which needs PGC_allocated to
 * have been cleared first (the owner gave it up or is being destroyed).  Any
 * other holder (a page-table entry, a grant mapping) keeps the frame, and
 * through owner->tot_pages the owning struct domain, alive.
 *
 * Type counts (type_info) say how a frame is used: as a page table of some
 * level, a descriptor page, or plainly writable.  A frame has one type at a
 * time; the type can change only when its type count is zero.  The PV MMU
 * (arch) validates a page-table type on first use through a hook.
 *
 * Freed frames are marked PGC_need_scrub and zeroed lazily: on allocation,
 * or by scrub_free_pages() from the idle loop.  The heap never hands out a
 * frame that still holds another owner's data.
 *
 * Locks: heap_lock (private to page_alloc.c) guards free lists and the
 * PGC_free/PGC_need_scrub/u.free fields.  d->page_alloc_lock guards
 * d->page_list, tot_pages and max_pages.  Order: page_alloc_lock, then
 * heap_lock.  count_info and type_info are changed only with atomic
 * compare-and-swap, without a lock.
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <xen/list.h>
#include <xen/types.h>
#ifndef XEN_HOST_TEST
#include <asm/page.h>     /* PAGE_SHIFT, mfn_to_virt, virt_to_mfn */
#endif

#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12
#endif
#ifndef PAGE_SIZE
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#endif

/* Largest buddy block: 2^MAX_ORDER frames (1 GiB). */
#define MAX_ORDER 18

struct domain;

struct page_info {
    /* Free list (free), owner's page_list (domain), or xmalloc's lists. */
    struct list_head list;
    uint64_t count_info;   /* PGC_* flags | general reference count */
    uint64_t type_info;    /* PGT_* type and flags | type count */
    struct domain *owner;  /* NULL for free and private Xen frames */
    union {
        /* Head of a free block. */
        struct {
            uint32_t order;       /* log2 frames; FREE_NOT_HEAD otherwise */
            uint32_t first_dirty; /* frames before it are clean; or NONE */
        } free;
        /* A page carved into xmalloc objects of one size. */
        struct {
            uint32_t obj_size;    /* 0: a multi-page xmalloc block */
            uint32_t nr_used;
            void *free_objs;      /* singly linked through the objects */
            uint32_t order;       /* multi-page block: its order */
        } slab;
        /* Scratch for the arch's PV MMU (e.g. a linear-map counter). */
        uint64_t arch[3];
    } u;
    /*
     * TLB-flush clock (arch) when a mapping of the frame was last removed
     * without flushing TLBs; 0: none.  Before the frame becomes a page
     * table or descriptor page, or is handed out again by the heap, every
     * CPU that has not flushed since then is flushed
     * (arch_flush_stale_tlbs).  Kept while the frame is free.
     */
    uint64_t tlbflush_stamp;
};

#define FREE_NOT_HEAD   0xffffffffU
#define FIRST_DIRTY_NONE 0xffffffffU

/* count_info */
#define PGC_allocated   (1ULL << 63) /* the owner's allocation reference */
#define PGC_xen_heap    (1ULL << 62) /* hypervisor frame (maybe shared) */
#define PGC_free        (1ULL << 61) /* in the buddy heap */
#define PGC_need_scrub  (1ULL << 60) /* free but not yet zeroed */
#define PGC_count_mask  ((1ULL << 32) - 1)

/* type_info: a 4-bit type, two flags, and a 32-bit type count. */
#define PGT_type_shift      60
#define PGT_type_mask       (15ULL << PGT_type_shift)
#define PGT_none            (0ULL << PGT_type_shift)
#define PGT_l1_page_table   (1ULL << PGT_type_shift)
#define PGT_l2_page_table   (2ULL << PGT_type_shift)
#define PGT_l3_page_table   (3ULL << PGT_type_shift)
#define PGT_l4_page_table   (4ULL << PGT_type_shift)
#define PGT_seg_desc_page   (5ULL << PGT_type_shift)
#define PGT_writable_page   (7ULL << PGT_type_shift)
#define PGT_validated       (1ULL << 59) /* the type's contents were checked */
#define PGT_pinned          (1ULL << 58) /* guest pinned it (MMUEXT_PIN_*) */
#define PGT_count_mask      ((1ULL << 32) - 1)

/* ---- frame table ---- */
extern struct page_info *frame_table;
extern unsigned long max_mfn;   /* frames covered by the frame table */

static inline bool mfn_valid(mfn_t mfn) { return mfn < max_mfn; }
static inline struct page_info *mfn_to_page(mfn_t mfn) { return frame_table + mfn; }
static inline mfn_t page_to_mfn(const struct page_info *pg)
{ return (mfn_t)(pg - frame_table); }
static inline struct domain *page_get_owner(const struct page_info *pg)
{ return pg->owner; }

/*
 * Boot: the arch hands over zeroed storage for nr_frames entries (every
 * frame starts reserved), then gives RAM ranges to the heap.  Frames given
 * to the heap count as dirty: nothing zeroes RAM before dom0 starts.
 */
void frame_table_init(struct page_info *table, unsigned long nr_frames);
void heap_add_ram(mfn_t start, unsigned long nr_frames);

/* ---- heap ---- */
/* Hypervisor memory, reachable through the direct map. NULL when empty. */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);
static inline void *alloc_xenheap_page(void) { return alloc_xenheap_pages(0); }
static inline void free_xenheap_page(void *va) { free_xenheap_pages(va, 0); }

/*
 * Domain memory: counted against d->max_pages (fails with NULL beyond it,
 * or once d is dying).  d == NULL gives anonymous frames with one reference
 * and no owner, freed with free_domheap_pages().
 */
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order);
void free_domheap_pages(struct page_info *pg, unsigned int order);

/*
 * For XENMEM_exchange.  alloc_anon_pages_below: anonymous frames (as
 * alloc_domheap_pages(NULL, ...)) ending at or below MFN limit, or NULL.
 * steal_domain_page: takes a frame away from d if d's allocation reference
 * is its only reference (no mapping, pin or type use): it becomes
 * anonymous with one reference held by the caller (put_page frees it);
 * -EBUSY otherwise.  assign_domain_pages: gives anonymous frames (one
 * reference each, which becomes the allocation reference) to d, within
 * max_pages; -ENOMEM if they do not fit or d is dying.
 */
struct page_info *alloc_anon_pages_below(unsigned int order, mfn_t limit);
int steal_domain_page(struct domain *d, struct page_info *pg);
int assign_domain_pages(struct domain *d, struct page_info *pg,
                        unsigned int order);

/* Gives up the owner's allocation reference (decrease_reservation). */
void page_release_allocation(struct page_info *pg);

/*
 * Makes a Xen-heap frame visible to d (shared_info, grant frames): d may map
 * it, but it is not counted in tot_pages and d cannot free it.  The frame
 * then holds an allocation reference like a domain frame.
 */
void share_xen_page_with_guest(struct page_info *pg, struct domain *d);
/*
 * Ends the sharing (when d's struct is freed): the frame loses its owner
 * and its allocation reference, and returns to the heap with its last
 * reference, which may be a mapping held by another domain.  Never pass
 * a shared frame to free_xenheap_pages().
 */
void release_shared_xen_page(struct page_info *pg);

/* Drops every allocation reference d holds; used when destroying d. */
void relinquish_domain_pages(struct domain *d);

/* Zeroes up to budget dirty free frames; returns how many it zeroed. */
unsigned long scrub_free_pages(unsigned long budget);

unsigned long heap_free_pages(void);
unsigned long heap_dirty_pages(void);
/* Frames in free blocks of exactly this order (tests, diagnostics). */
unsigned long heap_free_blocks(unsigned int order);

/* Raw heap access for domain_page.c: zeroed frames, count_info 0. */
struct page_info *heap_alloc_frames(unsigned int order);
/* The same, ending at or below MFN limit (0: none is found). */
struct page_info *heap_alloc_frames_below(unsigned int order, mfn_t limit);
void heap_free_frames(struct page_info *pg, unsigned int order);

/* ---- reference counts ---- */
/* Takes a general reference if pg is owned by d (any owner if d NULL). */
bool get_page(struct page_info *pg, struct domain *d);
/* Drops one; the last one frees the frame to the heap. */
void put_page(struct page_info *pg);

/*
 * Takes a type reference of `type` (a PGT_* type).  Fails with -EBUSY if the
 * frame has another type in use, -EINVAL on a bad type, -EOVERFLOW when the
 * count would wrap, or the validation hook's error.  The caller must already
 * hold a general reference.
 */
int get_page_type(struct page_info *pg, uint64_t type);
void put_page_type(struct page_info *pg);
int get_page_and_type(struct page_info *pg, struct domain *d, uint64_t type);
void put_page_and_type(struct page_info *pg);

/* ---- hooks the arch provides (host tests: tests/unit/core) ---- */
#ifdef XEN_HOST_TEST
/*
 * Direct map: every frame below max_mfn has a hypervisor virtual address.
 * In the hypervisor these are asm/page.h's inlines.
 */
void *mfn_to_virt(mfn_t mfn);
mfn_t virt_to_mfn(const void *va);
#endif
/*
 * Called when a frame takes a page-table or descriptor type for the first
 * time (type count 0 -> 1 and not yet validated).  Returns 0 or -errno.
 */
int arch_validate_page_type(struct page_info *pg, uint64_t type);
/*
 * Flushes the TLB of every CPU that has not flushed since TLB-flush clock
 * value stamp (0: nothing to do).  May send IPIs and wait: callers hold no
 * lock that is taken with interrupts off.
 */
void arch_flush_stale_tlbs(uint64_t stamp);
/* Called when the last reference of a validated type goes away. */
void arch_invalidate_page_type(struct page_info *pg, uint64_t type);

#endif

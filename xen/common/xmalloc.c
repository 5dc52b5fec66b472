/*
 * xmalloc.c - power-of-two slab classes over Xen-heap pages.
 *
 * Invariants (under xmalloc_lock):
 *  - a slab page's frame has u.slab.obj_size == its class size and
 *    u.slab.nr_used slots handed out; its free slots form the singly linked
 *    list u.slab.free_objs (the first word of a free slot is the next one);
 *  - a slab page is on partial[class] exactly when it has a free slot;
 *  - a page with no used slot goes back to the heap at once;
 *  - a large block's head frame has obj_size 0 and u.slab.order set.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

#define MIN_SHIFT   4                 /* 16-byte slots */
#define MAX_SHIFT   (PAGE_SHIFT - 1)  /* 2 KiB slots */
#define NR_CLASSES  (MAX_SHIFT - MIN_SHIFT + 1)

static DEFINE_SPINLOCK(xmalloc_lock);
static struct list_head partial[NR_CLASSES];
static bool xmalloc_ready;
static unsigned long live_objects;

static void xmalloc_init_locked(void)
{
    for (unsigned int c = 0; c < NR_CLASSES; c++)
        list_init(&partial[c]);
    xmalloc_ready = true;
}

static unsigned int class_of(size_t size)
{
    unsigned int shift = MIN_SHIFT;

    while ((1UL << shift) < size)
        shift++;
    return shift - MIN_SHIFT;
}

/* Carves a fresh page into slots of class c; NULL if the heap is empty. */
static struct page_info *new_slab(unsigned int c)
{
    size_t sz = 1UL << (c + MIN_SHIFT);
    char *va = alloc_xenheap_page();
    struct page_info *pg;

    if (!va)
        return NULL;
    pg = mfn_to_page(virt_to_mfn(va));
    pg->u.slab.obj_size = (uint32_t)sz;
    pg->u.slab.nr_used = 0;
    pg->u.slab.free_objs = NULL;
    for (size_t off = PAGE_SIZE; off >= sz; off -= sz) {
        void **slot = (void **)(va + off - sz);

        *slot = pg->u.slab.free_objs;
        pg->u.slab.free_objs = slot;
    }
    list_add(&pg->list, &partial[c]);
    return pg;
}

static void *alloc_small(size_t size)
{
    unsigned int c = class_of(size);
    struct page_info *pg;
    void **obj;

    spin_lock(&xmalloc_lock);
    if (!xmalloc_ready)
        xmalloc_init_locked();
    if (list_empty(&partial[c]))
        pg = new_slab(c);
    else
        pg = list_first_entry(&partial[c], struct page_info, list);
    if (!pg) {
        spin_unlock(&xmalloc_lock);
        return NULL;
    }
    obj = pg->u.slab.free_objs;
    pg->u.slab.free_objs = *obj;
    pg->u.slab.nr_used++;
    if (!pg->u.slab.free_objs)
        list_del(&pg->list);
    live_objects++;
    spin_unlock(&xmalloc_lock);
    return obj;
}

static void *alloc_large(size_t size)
{
    unsigned int order = 0;
    char *va;
    struct page_info *pg;

    while (((size_t)PAGE_SIZE << order) < size) {
        if (++order > MAX_ORDER)
            return NULL;
    }
    va = alloc_xenheap_pages(order);
    if (!va)
        return NULL;
    pg = mfn_to_page(virt_to_mfn(va));
    pg->u.slab.obj_size = 0;
    pg->u.slab.order = order;
    spin_lock(&xmalloc_lock);
    live_objects++;
    spin_unlock(&xmalloc_lock);
    return va;
}

void *xmalloc_bytes(size_t size, size_t align)
{
    if (align == 0 || (align & (align - 1)) || align > PAGE_SIZE)
        return NULL;
    if (size > (size_t)PAGE_SIZE << MAX_ORDER)
        return NULL;
    size = MAX(size, align);
    if (size == 0)
        size = 1;
    if (size <= (1UL << MAX_SHIFT))
        return alloc_small(size);
    return alloc_large(size);
}

void *xzalloc_bytes(size_t size, size_t align)
{
    void *p = xmalloc_bytes(size, align);

    if (p)
        memset(p, 0, size);
    return p;
}

void xfree(void *ptr)
{
    struct page_info *pg;
    size_t sz;

    if (!ptr)
        return;
    pg = mfn_to_page(virt_to_mfn(ptr));
    ASSERT(pg->count_info & PGC_xen_heap);
    sz = pg->u.slab.obj_size;
    if (sz == 0) {
        ASSERT(((uintptr_t)ptr & (PAGE_SIZE - 1)) == 0);
        spin_lock(&xmalloc_lock);
        live_objects--;
        spin_unlock(&xmalloc_lock);
        free_xenheap_pages(ptr, pg->u.slab.order);
        return;
    }
    ASSERT(((uintptr_t)ptr & (sz - 1)) == 0);
    spin_lock(&xmalloc_lock);
    ASSERT(pg->u.slab.nr_used > 0);
    if (!pg->u.slab.free_objs)
        list_add(&pg->list, &partial[class_of(sz)]);
    *(void **)ptr = pg->u.slab.free_objs;
    pg->u.slab.free_objs = ptr;
    live_objects--;
    if (--pg->u.slab.nr_used == 0) {
        list_del(&pg->list);
        spin_unlock(&xmalloc_lock);
        free_xenheap_page(mfn_to_virt(page_to_mfn(pg)));
        return;
    }
    spin_unlock(&xmalloc_lock);
}

unsigned long xmalloc_live_objects(void)
{
    unsigned long n;

    spin_lock(&xmalloc_lock);
    n = live_objects;
    spin_unlock(&xmalloc_lock);
    return n;
}

#ifdef XEN_HOST_TEST
/* Host tests replace the whole heap between cases: forget every slab. */
void xmalloc_reset(void)
{
    spin_lock(&xmalloc_lock);
    xmalloc_init_locked();
    live_objects = 0;
    spin_unlock(&xmalloc_lock);
}
#endif

/*
 * xmalloc.h - the hypervisor's small-object heap.
 *
 * Objects up to half a page come from pages carved into equal power-of-two
 * slots (16 bytes to 2 KiB); larger requests take whole Xen-heap pages.
 * Every object is aligned to its slot size (at least 16 bytes), so
 * xmalloc_bytes can honour any alignment up to PAGE_SIZE.
 * Lock: xmalloc_lock (xmalloc.c), taken before heap_lock.
 */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include <xen/types.h>

/* NULL on failure or when align is not a power of two <= PAGE_SIZE. */
void *xmalloc_bytes(size_t size, size_t align);
void *xzalloc_bytes(size_t size, size_t align);
/* ptr NULL is ignored. */
void xfree(void *ptr);

#define xmalloc(type)  ((type *)xmalloc_bytes(sizeof(type), __alignof__(type)))
#define xzalloc(type)  ((type *)xzalloc_bytes(sizeof(type), __alignof__(type)))
/* NULL when n * sizeof(type) would overflow. */
#define xzalloc_array(type, n) \
    ((type *)xzalloc_array_bytes(sizeof(type), __alignof__(type), (n)))

static inline void *xzalloc_array_bytes(size_t size, size_t align, size_t n)
{
    if (n && size > SIZE_MAX / n)
        return NULL;
    return xzalloc_bytes(size * n, align);
}

/* Slots in use across all classes (leak checks in tests). */
unsigned long xmalloc_live_objects(void);
#ifdef XEN_HOST_TEST
void xmalloc_reset(void);
#endif

#endif

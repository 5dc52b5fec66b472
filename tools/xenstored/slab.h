/*
 * slab.h - allocator for the store's small objects (nodes).
 *
 * Objects of up to SLAB_MAX bytes come from 4 KiB pages, each page
 * holding objects of one size (a multiple of 8): no per-object header and
 * no rounding to 16 as malloc has, which is most of what a small node
 * would otherwise waste.  A page is free for any size again as soon as
 * its last object is freed, so churning node sizes holds at most one page
 * per live node.  Pages stay mapped (the daemon's peak, like malloc's
 * heap).  Larger objects go to malloc.  The caller passes the
 * same size to slab_free as to slab_alloc.
 */
#ifndef XENSTORED_SLAB_H
#define XENSTORED_SLAB_H

#include <stddef.h>

#define SLAB_MAX 256

void *slab_alloc(size_t size);
void slab_free(void *p, size_t size);

#endif

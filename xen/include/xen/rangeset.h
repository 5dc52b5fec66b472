/*
 * rangeset.h - small sets of integer ranges: the I/O memory frames, I/O
 * ports and IRQs the toolstack has granted a domain (XEN_DOMCTL_*_permission).
 *
 * A set holds at most RANGESET_MAX disjoint, non-adjacent ranges, sorted by
 * start, inside the struct itself: nothing to allocate or free, so a
 * domain's sets live and die with struct domain.  An update that would need
 * more ranges fails with -ENOSPC and changes nothing.
 *
 * Locking: r->lock guards the ranges; every function takes it, so readers
 * (the PV MMU asking whether a frame may be mapped) and the toolstack's
 * updates may run at the same time.
 */
#ifndef XEN_RANGESET_H
#define XEN_RANGESET_H

#include <xen/spinlock.h>
#include <xen/types.h>

#define RANGESET_MAX 32

struct rangeset {
    spinlock_t lock;
    unsigned int nr;
    struct { uint64_t s, e; } r[RANGESET_MAX];  /* inclusive bounds */
};

/* A zeroed struct rangeset is a valid empty set. */
void rangeset_init(struct rangeset *r);
/* Adds / removes [s, e] (s <= e): 0, -EINVAL or -ENOSPC. */
int rangeset_add(struct rangeset *r, uint64_t s, uint64_t e);
int rangeset_remove(struct rangeset *r, uint64_t s, uint64_t e);
/* Is every value of [s, e] in the set? */
bool rangeset_contains(struct rangeset *r, uint64_t s, uint64_t e);
/* Is any value of [s, e] in the set? */
bool rangeset_overlaps(struct rangeset *r, uint64_t s, uint64_t e);

#endif

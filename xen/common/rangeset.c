/*
 * rangeset.c - fixed-capacity sets of integer ranges (see rangeset.h).
 *
 * Invariant (under r->lock): r->r[0 .. nr-1] are sorted, each s <= e, and
 * r[i].e + 1 < r[i+1].s (disjoint and not adjacent, so a set has exactly
 * one representation).  Updates build the new array in a copy and install
 * it only when it fits, so a failed update leaves the set unchanged.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/rangeset.h>

typedef struct rangeset rangeset_t;

void rangeset_init(struct rangeset *r)
{
    spin_lock_init(&r->lock);
    r->nr = 0;
}

/* Appends [s, e] to out, merging with the last range when they touch. */
static bool emit(rangeset_t *out, uint64_t s, uint64_t e)
{
    if (out->nr && (out->r[out->nr - 1].e == UINT64_MAX ||
                    out->r[out->nr - 1].e + 1 >= s)) {
        if (e > out->r[out->nr - 1].e)
            out->r[out->nr - 1].e = e;
        return true;
    }
    if (out->nr == RANGESET_MAX)
        return false;
    out->r[out->nr].s = s;
    out->r[out->nr].e = e;
    out->nr++;
    return true;
}

/* Copies the ranges of tmp into r (r->lock held). */
static void install(rangeset_t *r, const rangeset_t *tmp)
{
    r->nr = tmp->nr;
    for (unsigned int i = 0; i < tmp->nr; i++)
        r->r[i] = tmp->r[i];
}

int rangeset_add(struct rangeset *r, uint64_t s, uint64_t e)
{
    rangeset_t tmp;              /* 520 bytes of stack */
    bool placed = false, ok = true;

    if (s > e)
        return -EINVAL;
    spin_lock(&r->lock);
    tmp.nr = 0;
    for (unsigned int i = 0; ok && i < r->nr; i++) {
        if (!placed && s <= r->r[i].s) {
            ok = emit(&tmp, s, e);
            placed = true;
        }
        ok = ok && emit(&tmp, r->r[i].s, r->r[i].e);
    }
    if (ok && !placed)
        ok = emit(&tmp, s, e);
    if (ok)
        install(r, &tmp);
    spin_unlock(&r->lock);
    return ok ? 0 : -ENOSPC;
}

int rangeset_remove(struct rangeset *r, uint64_t s, uint64_t e)
{
    rangeset_t tmp;
    bool ok = true;

    if (s > e)
        return -EINVAL;
    spin_lock(&r->lock);
    tmp.nr = 0;
    for (unsigned int i = 0; ok && i < r->nr; i++) {
        uint64_t rs = r->r[i].s, re = r->r[i].e;

        if (re < s || rs > e) {
            ok = emit(&tmp, rs, re);
            continue;
        }
        if (rs < s)
            ok = emit(&tmp, rs, s - 1);
        if (ok && re > e)
            ok = emit(&tmp, e + 1, re);
    }
    if (ok)
        install(r, &tmp);
    spin_unlock(&r->lock);
    return ok ? 0 : -ENOSPC;
}

bool rangeset_contains(struct rangeset *r, uint64_t s, uint64_t e)
{
    bool found = false;

    spin_lock(&r->lock);
    for (unsigned int i = 0; i < r->nr && !found; i++)
        found = r->r[i].s <= s && e <= r->r[i].e;
    spin_unlock(&r->lock);
    return found;
}

bool rangeset_overlaps(struct rangeset *r, uint64_t s, uint64_t e)
{
    bool found = false;

    spin_lock(&r->lock);
    for (unsigned int i = 0; i < r->nr && !found; i++)
        found = r->r[i].s <= e && s <= r->r[i].e;
    spin_unlock(&r->lock);
    return found;
}

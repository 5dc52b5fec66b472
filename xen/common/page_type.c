/*
 * page_type.c - type reference counts on frames (type_info).
 *
 * A frame's type says what the hypervisor lets it be used as: a page
 * table of one level, a descriptor (GDT/LDT) page, or writable memory.
 * Invariants:
 *  - while the type count is non-zero the type cannot change, so a frame
 *    is never both a page table and writable through some mapping;
 *  - a page-table or descriptor type is usable (PGT_validated) only after
 *    arch_validate_page_type() accepted the contents, checked once when
 *    the count leaves zero; the taker that moved it from zero validates,
 *    later takers wait for PGT_validated;
 *  - when the count returns to zero a validated checked type is
 *    invalidated (the arch drops what the table referenced);
 *  - before a checked type is validated, TLBs that may still hold a
 *    translation of the frame from a mapping removed without a flush are
 *    flushed (page_info.tlbflush_stamp).
 * All updates are compare-and-swap on the whole type_info word.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>

static bool type_is_known(uint64_t type)
{
    switch (type) {
    case PGT_none: case PGT_l1_page_table: case PGT_l2_page_table:
    case PGT_l3_page_table: case PGT_l4_page_table: case PGT_seg_desc_page:
    case PGT_writable_page:
        return true;
    }
    return false;
}

/* Types whose contents the arch checks before use. */
static bool type_needs_check(uint64_t type)
{
    return type != PGT_none && type != PGT_writable_page;
}

static inline uint64_t tcount(uint64_t x) { return x & PGT_count_mask; }

/* Undoes a first reference whose validation failed. */
static void drop_unvalidated(struct page_info *pg)
{
    uint64_t x = __atomic_load_n(&pg->type_info, __ATOMIC_RELAXED);

    do {
        ASSERT(tcount(x) != 0);
    } while (!__atomic_compare_exchange_n(&pg->type_info, &x, x - 1, false,
                                          __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

int get_page_type(struct page_info *pg, uint64_t type)
{
    uint64_t x, nx;
    int rc;

    if (!type_is_known(type))
        return -EINVAL;
    x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
    for (;;) {
        if (tcount(x) == PGT_count_mask)
            return -EOVERFLOW;
        if (tcount(x) == 0) {
            /* Free to (re)type; flags of the old type go. */
            nx = type | 1;
            if (!type_needs_check(type))
                nx |= PGT_validated;
        } else if ((x & PGT_type_mask) != type) {
            return -EBUSY;
        } else if (!(x & PGT_validated)) {
            /* Someone else is validating it (maybe flushing TLBs by IPI,
             * which we serve while we wait): wait for the outcome. */
            cpu_relax();
            arch_lock_relax();
            x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
            continue;
        } else {
            nx = x + 1;
        }
        if (__atomic_compare_exchange_n(&pg->type_info, &x, nx, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            break;
    }
    if (nx & PGT_validated)
        return 0;
    /*
     * It stops being plain memory: no CPU may keep a writable translation
     * from a mapping removed without a flush (pg->tlbflush_stamp).
     */
    arch_flush_stale_tlbs(__atomic_load_n(&pg->tlbflush_stamp,
                                          __ATOMIC_ACQUIRE));
    rc = arch_validate_page_type(pg, type);
    if (rc) {
        drop_unvalidated(pg);
        return rc;
    }
    __atomic_fetch_or(&pg->type_info, PGT_validated, __ATOMIC_RELEASE);
    return 0;
}

void put_page_type(struct page_info *pg)
{
    uint64_t x = __atomic_load_n(&pg->type_info, __ATOMIC_RELAXED), nx;
    bool invalidate;

    do {
        ASSERT(tcount(x) != 0);
        invalidate = tcount(x) == 1 && (x & PGT_validated) &&
                     type_needs_check(x & PGT_type_mask);
        nx = x - 1;
        if (tcount(nx) == 0)
            nx &= ~(PGT_validated | PGT_pinned);
    } while (!__atomic_compare_exchange_n(&pg->type_info, &x, nx, false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
    if (invalidate)
        arch_invalidate_page_type(pg, x & PGT_type_mask);
}

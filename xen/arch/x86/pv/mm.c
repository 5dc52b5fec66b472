/*
 * mm.c - validation and reference counting of PV guest page tables.
 *
 * See pv_mm.h for the rules.  This file holds the mechanisms: checking one
 * entry of each level and taking the references it implies, validating and
 * invalidating whole tables (the frame table's type hooks), changing one
 * entry of a live table, pinning, and the vCPUs' base pointers.
 *
 * Locking: none of its own.  Reference and type counts are atomic (see
 * xen/common/page_type.c); entry updates are compare-and-swap, so two CPUs
 * changing one entry serialise on the entry and each put/get pair stays
 * balanced.  The caller holds a general reference on the table frame.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include "pv_mm.h"

/*
 * Flag bits a guest may not set in a present entry of each level.  Upper
 * levels may not be superpages (we offer no PSE), and no level may set the
 * bits Xen reserves (none for 4K leaves beyond cache attributes, which
 * only domains with I/O access may use: they could otherwise create cache
 * aliases of RAM).
 */
#define L1_DISALLOW_NO_IO  PV_CACHE_ATTRS
#define LN_DISALLOW        (_PAGE_PSE | _PAGE_GLOBAL)

/* Domains given I/O memory (dom0, domUs granted some) may use cache
 * attributes. */
static bool domain_has_io(const struct domain *d)
{
    return d->is_privileged || READ_ONCE(d->iomem_caps.nr) != 0;
}

static inline pv_pte_t *table_va(mfn_t mfn)
{
    return (pv_pte_t *)mfn_to_virt(mfn);
}

static uint64_t level_type(unsigned int level)
{
    static const uint64_t t[5] = {
        PGT_none, PGT_l1_page_table, PGT_l2_page_table,
        PGT_l3_page_table, PGT_l4_page_table,
    };
    return level >= 1 && level <= 4 ? t[level] : PGT_none;
}

unsigned int pv_table_level(const struct page_info *pg)
{
    uint64_t x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);

    if (!(x & PGT_count_mask) || !(x & PGT_validated))
        return 0;
    switch (x & PGT_type_mask) {
    case PGT_l1_page_table: return 1;
    case PGT_l2_page_table: return 2;
    case PGT_l3_page_table: return 3;
    case PGT_l4_page_table: return 4;
    }
    return 0;
}

/*
 * The guest kernel runs in ring 3, so every present entry it writes must
 * allow user access or it could not reach its own memory.
 */
static pv_pte_t adjust_entry(pv_pte_t e)
{
    return pte_present(e) ? e | _PAGE_USER : e;
}

/* Does put_l1e_refs() owe this entry's frame a reference?  See get_l1e. */
static bool l1e_holds_refs(pv_pte_t e)
{
    mfn_t mfn = pte_mfn(e);

    return pte_present(e) && mfn_valid(mfn) &&
           page_get_owner(mfn_to_page(mfn)) != NULL;
}

/*
 * Takes the references a present L1 entry needs.  The frame must belong to
 * pg_owner; a privileged l1_owner may also map any other domain's frames
 * (privcmd foreign mappings) and I/O frames the arch permits.  A reference
 * that cannot be taken is -EBUSY, as Xen 4.17 answers (a malformed entry
 * is -EINVAL).
 */
static int get_l1e_refs(struct domain *l1_owner, struct domain *pg_owner,
                        pv_pte_t e)
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *pg;
    struct domain *owner;

    if (!pte_present(e))
        return 0;
    if (!domain_has_io(l1_owner) && (e & L1_DISALLOW_NO_IO))
        return -EINVAL;
    pg = mfn_valid(mfn) ? mfn_to_page(mfn) : NULL;
    owner = pg ? page_get_owner(pg) : NULL;
    if (!owner) {
        /* Not a guest frame: only permitted I/O memory, never RAM. */
        return arch_iomem_permitted(l1_owner, mfn) ? 0 : -EBUSY;
    }
    if (owner != pg_owner && !l1_owner->is_privileged)
        return -EBUSY;
    if (!get_page(pg, owner))
        return -EBUSY;
    if ((e & _PAGE_RW) && get_page_type(pg, PGT_writable_page)) {
        /* A page table or descriptor page never gets a writable mapping. */
        put_page(pg);
        return -EBUSY;
    }
    return 0;
}

static void put_l1e_refs(pv_pte_t e)
{
    struct page_info *pg;

    if (!l1e_holds_refs(e))
        return;
    pg = mfn_to_page(pte_mfn(e));
    if (e & _PAGE_RW)
        put_page_type(pg);
    put_page(pg);
}

/*
 * A general and a type reference on a frame used as a table (an upper
 * entry's target, a pin, a base pointer).  A frame d does not own, or one
 * in use with another type, is a malformed request (-EINVAL, as in Xen
 * 4.17); a table whose contents fail validation gives validation's error.
 */
static int get_table_ref(struct page_info *pg, struct domain *d,
                         uint64_t type)
{
    uint64_t x;
    int rc;

    if (!get_page(pg, d))
        return -EINVAL;
    rc = get_page_type(pg, type);
    if (!rc)
        return 0;
    put_page(pg);
    x = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
    if (rc == -EBUSY && (x & PGT_count_mask) && (x & PGT_type_mask) != type)
        return -EINVAL;
    return rc;
}

/* An upper-level entry references the table one level down, owned by d. */
static int get_upper_refs(struct domain *d, pv_pte_t e, unsigned int level)
{
    mfn_t mfn = pte_mfn(e);

    if (!pte_present(e))
        return 0;
    if (e & LN_DISALLOW)
        return -EINVAL;
    if (!mfn_valid(mfn))
        return -EINVAL;
    return get_table_ref(mfn_to_page(mfn), d, level_type(level - 1));
}

static void put_upper_refs(pv_pte_t e)
{
    if (pte_present(e))
        put_page_and_type(mfn_to_page(pte_mfn(e)));
}

static int get_entry_refs(struct domain *d, struct domain *pg_owner,
                          pv_pte_t e, unsigned int level)
{
    return level == 1 ? get_l1e_refs(d, pg_owner, e)
                      : get_upper_refs(d, e, level);
}

static void put_entry_refs(pv_pte_t e, unsigned int level)
{
    if (level == 1)
        put_l1e_refs(e);
    else
        put_upper_refs(e);
}

static bool slot_is_guest(unsigned int level, unsigned int i)
{
    return level != 4 || !pv_xen_l4_slot(i);
}

/* Drops the references of entries [0, end) of a table being torn down. */
static void put_table_entries(pv_pte_t *t, unsigned int level,
                              unsigned int end)
{
    for (unsigned int i = 0; i < end; i++)
        if (slot_is_guest(level, i))
            put_entry_refs(t[i], level);
}

static int validate_table(struct page_info *pg, unsigned int level)
{
    struct domain *d = page_get_owner(pg);
    pv_pte_t *t = table_va(page_to_mfn(pg));
    int rc;

    if (!d)
        return -EINVAL;
    for (unsigned int i = 0; i < PV_PT_ENTRIES; i++) {
        if (!slot_is_guest(level, i))
            continue;
        rc = get_entry_refs(d, d, t[i], level);
        if (rc) {
            printk(XENLOG_DEBUG "d%u: L%u mfn %#lx entry %u (%#lx) refused: %d\n",
                   d->domain_id, level, (unsigned long)page_to_mfn(pg), i,
                   (unsigned long)t[i], rc);
            put_table_entries(t, level, i);
            return rc;
        }
        t[i] = adjust_entry(t[i]);
    }
    if (level == 4)
        arch_init_xen_l4_slots(t);
    return 0;
}

/* ---- descriptors ---- */

#define DESC_P        (1ULL << 47)
#define DESC_DPL      (3ULL << 45)
#define DESC_S        (1ULL << 44)
#define DESC_TYPE(d)  (((d) >> 40) & 15)
#define DESC_GATE_RSVD (0xffULL << 32)   /* a 64-bit gate's bits 32-39 */
#define SYS_CALL_GATE 0xc

static bool gate_target_ok(uint16_t sel)
{
    return (sel >> 3) < PV_FIRST_RESERVED_GDT_ENTRY ||
           sel == PV_FLAT_KERNEL_CS || (sel & 4);
}

bool pv_check_descriptor(uint64_t *desc)
{
    uint64_t d = *desc;
    uint16_t sel;

    if (!(d & DESC_P))
        return true;
    if (d & DESC_S) {
        *desc = d | DESC_DPL;
        return true;
    }
    if (DESC_TYPE(d) == 0)
        return true;
    if (DESC_TYPE(d) != SYS_CALL_GATE)
        return false;
    sel = (uint16_t)(d >> 16);
    if (!gate_target_ok(sel) || (d & DESC_GATE_RSVD))
        return false;
    /* DPL 0 so that any use faults; the selector keeps RPL 3. */
    d = (d & ~(DESC_DPL | (0xffffULL << 16))) |
        ((uint64_t)(uint16_t)((sel & ~3) | 3) << 16);
    *desc = d;
    return true;
}

/*
 * A frame becomes a GDT or LDT page only if every descriptor in it passes
 * pv_check_descriptor; the fixed-up values are written back.  While the
 * type is held the guest has no writable mapping (and update_descriptor
 * checks each new entry), so the page stays valid.
 */
static int validate_desc_page(struct page_info *pg)
{
    uint64_t *e = (uint64_t *)table_va(page_to_mfn(pg));

    if (!page_get_owner(pg))
        return -EINVAL;
    for (unsigned int i = 0; i < PAGE_SIZE / 8; i++) {
        uint64_t d = e[i];

        if (!pv_check_descriptor(&d))
            return -EINVAL;
        if (d != e[i])
            e[i] = d;
    }
    return 0;
}

int arch_validate_page_type(struct page_info *pg, uint64_t type)
{
    switch (type) {
    case PGT_l1_page_table: return validate_table(pg, 1);
    case PGT_l2_page_table: return validate_table(pg, 2);
    case PGT_l3_page_table: return validate_table(pg, 3);
    case PGT_l4_page_table: return validate_table(pg, 4);
    case PGT_seg_desc_page: return validate_desc_page(pg);
    }
    return -EINVAL;
}

void arch_invalidate_page_type(struct page_info *pg, uint64_t type)
{
    unsigned int level;

    switch (type) {
    case PGT_l1_page_table: level = 1; break;
    case PGT_l2_page_table: level = 2; break;
    case PGT_l3_page_table: level = 3; break;
    case PGT_l4_page_table: level = 4; break;
    default: return;
    }
    put_table_entries(table_va(page_to_mfn(pg)), level, PV_PT_ENTRIES);
}

/* Same frame, same writability: no reference changes needed. */
static bool same_refs(pv_pte_t a, pv_pte_t b, unsigned int level)
{
    if (pte_present(a) != pte_present(b))
        return false;
    if (!pte_present(a))
        return true;
    if (pte_mfn(a) != pte_mfn(b))
        return false;
    return level != 1 || ((a ^ b) & _PAGE_RW) == 0;
}

/* Checks shared by both entry-update paths; the slot on success. */
static int mod_entry_slot(struct domain *d, mfn_t table_mfn, unsigned int idx,
                          unsigned int level, pv_pte_t nval, pv_pte_t **slot)
{
    struct page_info *tpg;

    if (idx >= PV_PT_ENTRIES || level < 1 || level > 4)
        return -EINVAL;
    if (!slot_is_guest(level, idx))
        return -EINVAL;
    if (!mfn_valid(table_mfn))
        return -EINVAL;
    tpg = mfn_to_page(table_mfn);
    if (page_get_owner(tpg) != d || pv_table_level(tpg) != level)
        return -EINVAL;
    if (pte_present(nval) && level == 1 && !domain_has_io(d) &&
        (nval & L1_DISALLOW_NO_IO))
        return -EINVAL;
    *slot = table_va(table_mfn) + idx;
    return 0;
}

/*
 * A present entry loses its frame or its write access.  Upper levels
 * flush at once (the caller does, through *flush).  An L1 change leaves
 * TLBs to the guest, as Xen does: the old frame is stamped with the flush
 * clock, before its references are dropped, so that nothing can retype or
 * reuse it while a stale translation may survive (xen/mm.h).
 */
static void note_flush(pv_pte_t old, pv_pte_t nval, bool took,
                       unsigned int level, bool *flush)
{
    if (!pte_present(old) || !(took || ((old & ~nval) & _PAGE_RW)))
        return;
    if (level == 1 && mfn_valid(pte_mfn(old))) {
        __atomic_store_n(&mfn_to_page(pte_mfn(old))->tlbflush_stamp,
                         arch_tlbflush_clock(), __ATOMIC_SEQ_CST);
        return;
    }
    *flush = true;
}

int pv_mod_entry(struct domain *d, struct domain *pg_owner, mfn_t table_mfn,
                 unsigned int idx, unsigned int level, pv_pte_t nval,
                 bool preserve_ad, bool *flush)
{
    pv_pte_t *slot, old;
    bool took;
    int rc;

    if (!pg_owner)
        pg_owner = d;
    if ((rc = mod_entry_slot(d, table_mfn, idx, level, nval, &slot)))
        return rc;
    nval = adjust_entry(nval);
    old = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    took = !same_refs(old, nval, level);
    if (took && (rc = get_entry_refs(d, pg_owner, nval, level)))
        return rc;
    for (;;) {
        pv_pte_t want = nval;

        if (preserve_ad)
            want |= old & (_PAGE_ACCESSED | _PAGE_DIRTY);
        if (__atomic_compare_exchange_n(slot, &old, want, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            break;
        /* The entry changed under us (A/D bits, another CPU): recheck. */
        if (took != !same_refs(old, nval, level)) {
            if (took)
                put_entry_refs(nval, level);
            took = !same_refs(old, nval, level);
            if (took && (rc = get_entry_refs(d, pg_owner, nval, level)))
                return rc;
        }
    }
    note_flush(old, nval, took, level, flush);
    if (took)
        put_entry_refs(old, level);
    return 0;
}

int pv_mod_entry_expect(struct domain *d, mfn_t table_mfn, unsigned int idx,
                        unsigned int level, pv_pte_t expect, pv_pte_t nval,
                        bool *flush)
{
    pv_pte_t *slot, old = expect;
    bool took;
    int rc;

    if ((rc = mod_entry_slot(d, table_mfn, idx, level, nval, &slot)))
        return rc;
    nval = adjust_entry(nval);
    took = !same_refs(expect, nval, level);
    if (took && (rc = get_entry_refs(d, d, nval, level)))
        return rc;
    if (!__atomic_compare_exchange_n(slot, &old, nval, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        if (took)
            put_entry_refs(nval, level);
        return -EAGAIN;
    }
    note_flush(expect, nval, took, level, flush);
    if (took)
        put_entry_refs(expect, level);
    return 0;
}

int pv_pin_table(struct domain *d, mfn_t mfn, unsigned int level)
{
    struct page_info *pg;
    int rc;

    if (level < 1 || level > 4 || !mfn_valid(mfn))
        return -EINVAL;
    pg = mfn_to_page(mfn);
    rc = get_table_ref(pg, d, level_type(level));
    if (rc)
        return rc;
    if (__atomic_fetch_or(&pg->type_info, PGT_pinned, __ATOMIC_ACQ_REL) &
        PGT_pinned) {
        put_page_and_type(pg);
        return -EINVAL;
    }
    return 0;
}

int pv_unpin_table(struct domain *d, mfn_t mfn)
{
    struct page_info *pg;

    if (!mfn_valid(mfn))
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if (!get_page(pg, d))
        return -EINVAL;
    if (!(__atomic_fetch_and(&pg->type_info, ~PGT_pinned, __ATOMIC_ACQ_REL) &
          PGT_pinned)) {
        put_page(pg);
        return -EINVAL;
    }
    put_page_and_type(pg);   /* the pin's references */
    put_page(pg);
    return 0;
}

/*
 * A dying domain's pins go, so its page tables can lose their types and
 * its frames their last references (no cycle survives: a table never
 * holds a type reference on itself or an ancestor).  Called after the
 * state became dying, so a concurrent foreign pin either sees that and
 * undoes itself or leaves its bit for this walk; the atomic test-and-clear
 * of PGT_pinned makes exactly one of them drop the pin.  page_alloc_lock
 * is not held while references are dropped (a freed frame leaves the list
 * under it), so pinned frames are collected in batches, each with a
 * general reference, then released with the lock dropped.
 */
#define UNPIN_BATCH 32

void pv_unpin_all(struct domain *d)
{
    struct page_info *batch[UNPIN_BATCH];
    unsigned int n;

    do {
        struct list_head *p;

        n = 0;
        spin_lock(&d->page_alloc_lock);
        list_for_each(p, &d->page_list) {
            struct page_info *pg = list_entry(p, struct page_info, list);

            if (!(__atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE) &
                  PGT_pinned) || !get_page(pg, d))
                continue;
            batch[n++] = pg;
            if (n == UNPIN_BATCH)
                break;
        }
        spin_unlock(&d->page_alloc_lock);
        for (unsigned int i = 0; i < n; i++) {
            struct page_info *pg = batch[i];

            if (__atomic_fetch_and(&pg->type_info, ~PGT_pinned,
                                   __ATOMIC_ACQ_REL) & PGT_pinned)
                put_page_and_type(pg);
            put_page(pg);
        }
    } while (n);
}

/* ---- the LDT ---- */

/* Below the hypervisor's range or above it (Xen's __addr_ok). */
static bool guest_va_ok(unsigned long va)
{
    return va < (1UL << 47) || va >= PV_HV_VIRT_END;
}

/* Moves v's LDT frames to out[]; returns how many there were. */
static unsigned int take_ldt_frames(struct pv_mmu_vcpu *m,
                                    mfn_t out[PV_LDT_PAGES])
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < PV_LDT_PAGES; i++) {
        out[i] = m->ldt_frames[i];
        m->ldt_frames[i] = 0;
        n += out[i] != 0;
    }
    return n;
}

static void put_ldt_frames(const mfn_t f[PV_LDT_PAGES])
{
    for (unsigned int i = 0; i < PV_LDT_PAGES; i++)
        if (f[i])
            put_page_and_type(mfn_to_page(f[i]));
}

/*
 * The frames leave ldt_frames and the CPU's view (arch_ldt_changed)
 * before their references go, so no CPU maps a frame it does not hold.
 */
bool pv_destroy_ldt(struct vcpu *v)
{
    mfn_t old[PV_LDT_PAGES];

    if (!take_ldt_frames(pv_mmu_vcpu(v), old))
        return false;
    arch_ldt_changed(v);
    put_ldt_frames(old);
    return true;
}

int pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents)
{
    struct pv_mmu_vcpu *m = pv_mmu_vcpu(v);
    mfn_t old[PV_LDT_PAGES];

    if (!ents)
        base = 0;
    if (ents > PV_LDT_MAX_ENTS || (base & (PAGE_SIZE - 1)) ||
        !guest_va_ok(base))
        return -EINVAL;
    if (base == m->ldt_base && ents == m->ldt_ents)
        return 0;
    take_ldt_frames(m, old);
    m->ldt_base = base;
    m->ldt_ents = ents;
    arch_ldt_changed(v);
    put_ldt_frames(old);
    return 0;
}

int pv_ldt_get_page(struct vcpu *v, unsigned int off)
{
    struct pv_mmu_vcpu *m = pv_mmu_vcpu(v);
    unsigned int i = off >> PAGE_SHIFT;
    struct page_info *pg;
    unsigned int idx;
    mfn_t l1, mfn;
    pv_pte_t e;

    if (i >= PV_LDT_PAGES || off / 8 >= m->ldt_ents)
        return -EINVAL;
    if (m->ldt_frames[i])
        return 0;
    /* Through the kernel's tables, whichever mode the vCPU is in. */
    if (pv_find_l1(v, m->ldt_base + ((unsigned long)i << PAGE_SHIFT), &l1,
                   &idx))
        return -EFAULT;
    e = __atomic_load_n(table_va(l1) + idx, __ATOMIC_ACQUIRE);
    mfn = pte_mfn(e);
    if (!pte_present(e) || !mfn_valid(mfn))
        return -EFAULT;
    pg = mfn_to_page(mfn);
    if (!get_page(pg, v->domain))
        return -EFAULT;
    if (get_page_type(pg, PGT_seg_desc_page)) {
        put_page(pg);
        return -EFAULT;
    }
    m->ldt_frames[i] = mfn;
    return 0;
}

int pv_set_guest_table(struct vcpu *v, mfn_t mfn, bool user)
{
    struct pv_mmu_vcpu *m = pv_mmu_vcpu(v);
    mfn_t *slot = user ? &m->guest_table_user : &m->guest_table;
    mfn_t old = *slot;
    int rc;

    if (mfn == 0 && !user)
        return -EINVAL;
    if (mfn) {
        if (!mfn_valid(mfn))
            return -EINVAL;
        rc = get_table_ref(mfn_to_page(mfn), v->domain, PGT_l4_page_table);
        if (rc)
            return rc;
    }
    *slot = mfn;
    arch_guest_table_changed(v);
    /* A new kernel L4 drops the LDT pages (they are looked up again in
     * the new tables when next used), as Xen's new_guest_cr3. */
    if (!user && mfn != old)
        pv_destroy_ldt(v);
    if (old)
        put_page_and_type(mfn_to_page(old));
    return 0;
}

void pv_drop_guest_tables(struct vcpu *v)
{
    struct pv_mmu_vcpu *m = pv_mmu_vcpu(v);

    pv_destroy_ldt(v);
    if (m->guest_table)
        put_page_and_type(mfn_to_page(m->guest_table));
    if (m->guest_table_user)
        put_page_and_type(mfn_to_page(m->guest_table_user));
    m->guest_table = m->guest_table_user = 0;
}

int pv_find_l1(struct vcpu *v, unsigned long va, mfn_t *l1_mfn,
               unsigned int *idx)
{
    mfn_t mfn = pv_mmu_vcpu(v)->guest_table;
    pv_pte_t e;

    if (va >= PV_HV_VIRT_START && va < PV_HV_VIRT_END)
        return -EINVAL;
    /* Non-canonical addresses have no entry. */
    if ((unsigned long)((long)(va << 16) >> 16) != va)
        return -EINVAL;
    for (unsigned int level = 4; level > 1; level--) {
        if (!mfn || !mfn_valid(mfn))
            return -EINVAL;
        e = __atomic_load_n(table_va(mfn) + ((va >> (12 + 9 * (level - 1))) & 511),
                            __ATOMIC_ACQUIRE);
        if (!pte_present(e))
            return -EINVAL;
        mfn = pte_mfn(e);
    }
    if (!mfn_valid(mfn))
        return -EINVAL;
    *l1_mfn = mfn;
    *idx = (va >> 12) & 511;
    return 0;
}

/*
 * mmu_op.c - the PV MMU hypercalls: mmu_update (1), update_va_mapping (14),
 * update_va_mapping_otherdomain (22) and mmuext_op (26).
 *
 * Each request is copied from guest memory (a failed copy is -EFAULT),
 * checked, and applied through mm.c.  Batches stop at the first failing
 * request; *pdone then says how many were applied.  Long batches give the
 * CPU back through a continuation: the remaining count carries
 * MMU_UPDATE_PREEMPTED and the done-so-far count is parked in *pdone (so a
 * batch without pdone is not preempted).
 *
 * Whenever a request removed a mapping, every TLB that may hold the
 * domain's translations is flushed before the hypercall returns: the frame
 * may be freed and reused, and a stale translation must never reach it.
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <public/xen.h>
#include "pv_mm.h"

#define MMU_UPDATE_PREEMPTED (1UL << 31)
#define PREEMPT_BATCH 64   /* requests between preemption checks */

/*
 * Resolves foreigndom for the frames a request maps.  Only a privileged
 * domain names another domain; DOMID_SELF and DOMID_IO mean the caller.
 * The caller's own id given explicitly is refused (-ESRCH), as Xen 4.17
 * refuses a "foreign" self.  Takes a reference on a foreign owner (drop
 * with put_pg_owner).
 */
static struct domain *get_pg_owner(struct domain *d, unsigned long foreigndom)
{
    struct domain *o;

    if (foreigndom == DOMID_SELF ||
        (foreigndom == DOMID_IO && d->is_privileged))
        return d;
    if (foreigndom == d->domain_id)
        return NULL;
    if (!d->is_privileged || foreigndom >= DOMID_FIRST_RESERVED)
        return NULL;
    o = get_domain_by_id((domid_t)foreigndom);
    return o;
}

static void put_pg_owner(struct domain *d, struct domain *o)
{
    if (o && o != d)
        put_domain(o);
}

/* A raw write of one entry into a frame that is not a page table. */
static int write_plain_entry(struct domain *d, mfn_t mfn, unsigned int off,
                             uint64_t val)
{
    struct page_info *pg = mfn_to_page(mfn);
    int rc = get_page_type(pg, PGT_writable_page);

    if (rc)
        return -EINVAL;
    __atomic_store_n((uint64_t *)((char *)mfn_to_virt(mfn) + off), val,
                     __ATOMIC_RELEASE);
    put_page_type(pg);
    (void)d;
    return 0;
}

static int mmu_pt_update(struct domain *d, struct domain *pg_owner,
                         uint64_t ptr, uint64_t val, bool preserve_ad,
                         bool *flush)
{
    mfn_t mfn = ptr >> 12;
    unsigned int off = ptr & 0xff8, level;
    struct page_info *pg;
    int rc;

    if (!mfn_valid(mfn) || (ptr & 4))
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if (!get_page(pg, d))
        return -EINVAL;       /* the table must be the caller's own */
    level = pv_table_level(pg);
    if (level)
        rc = pv_mod_entry(d, pg_owner, mfn, off / 8, level, val,
                          preserve_ad, flush);
    else
        rc = write_plain_entry(d, mfn, off, val);
    put_page(pg);
    return rc;
}

static int mmu_machphys_update(struct domain *pg_owner, uint64_t ptr,
                               uint64_t val)
{
    mfn_t mfn = ptr >> 12;
    struct page_info *pg;

    if (!mfn_valid(mfn))
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if (!get_page(pg, pg_owner))
        return -EINVAL;
    arch_m2p_set(mfn, val);
    put_page(pg);
    return 0;
}

static int one_mmu_update(struct domain *d, struct domain *pg_owner,
                          const struct mmu_update *req, bool *flush)
{
    uint64_t ptr = req->ptr & ~3ULL;

    switch (req->ptr & 3) {
    case MMU_NORMAL_PT_UPDATE:
    case MMU_PT_UPDATE_NO_TRANSLATE:
        return mmu_pt_update(d, pg_owner, ptr, req->val, false, flush);
    case MMU_PT_UPDATE_PRESERVE_AD:
        return mmu_pt_update(d, pg_owner, ptr, req->val, true, flush);
    case MMU_MACHPHYS_UPDATE:
        return mmu_machphys_update(pg_owner, ptr, req->val);
    }
    return -ENOSYS;
}

/* Reads back the count a preempted batch parked in *pdone. */
static int resume_done(unsigned long *count, unsigned long pdone,
                       unsigned int *done)
{
    *done = 0;
    if (!(*count & MMU_UPDATE_PREEMPTED))
        return 0;
    *count &= ~MMU_UPDATE_PREEMPTED;
    if (!pdone)
        return -EINVAL;
    return copy_from_guest(done, pdone, sizeof(*done));
}

/*
 * One batched MMU hypercall: the request array, where its done count
 * goes, and how to apply one request.  The loop, preemption, flushing and
 * the done count are the same for mmu_update and mmuext_op.
 */
struct mmu_batch {
    unsigned int op;                 /* hypercall number */
    unsigned long base, count, pdone, foreigndom;
    size_t elem_size;
    struct vcpu *v;
    struct domain *pg_owner;
    bool flush;                      /* a mapping went away */
    int (*apply)(struct mmu_batch *b, const void *elem);
};

/* Parks the progress in *pdone and asks to be called again for the rest. */
static long batch_preempt(struct mmu_batch *b, unsigned long i,
                          unsigned int done)
{
    done += i;
    if (copy_to_guest(b->pdone, &done, sizeof(done)))
        return -EFAULT;
    return hypercall_create_continuation(b->op, b->base + i * b->elem_size,
        (b->count - i) | MMU_UPDATE_PREEMPTED, b->pdone, b->foreigndom, 0, 0);
}

static long run_batch(struct mmu_batch *b, void *elem)
{
    struct domain *d = b->v->domain;
    unsigned int done;
    unsigned long i;
    long rc;

    if ((rc = resume_done(&b->count, b->pdone, &done)))
        return rc;
    if (b->count > (1UL << 30))
        return -EINVAL;
    if (!(b->pg_owner = get_pg_owner(d, b->foreigndom)))
        return -ESRCH;
    for (i = 0; i < b->count; i++) {
        if (i && (i % PREEMPT_BATCH) == 0 && b->pdone &&
            hypercall_preempt_check()) {
            rc = batch_preempt(b, i, done);
            break;
        }
        if (copy_from_guest_elem(elem, b->base, i, b->elem_size)) {
            rc = -EFAULT;
            break;
        }
        if ((rc = b->apply(b, elem)))
            break;
    }
    put_pg_owner(d, b->pg_owner);
    if (b->flush)
        arch_flush_domain_tlbs(d);
    if (rc == HYPERCALL_CONTINUATION)
        return rc;
    done += i;
    if (b->pdone && copy_to_guest(b->pdone, &done, sizeof(done)))
        return rc ? rc : -EFAULT;
    return rc;
}

static int apply_mmu_update(struct mmu_batch *b, const void *elem)
{
    return one_mmu_update(b->v->domain, b->pg_owner, elem, &b->flush);
}

long do_mmu_update(unsigned long ureqs, unsigned long count,
                   unsigned long pdone, unsigned long foreigndom)
{
    struct mmu_batch b = {
        .op = __HYPERVISOR_mmu_update, .base = ureqs, .count = count,
        .pdone = pdone, .foreigndom = foreigndom,
        .elem_size = sizeof(struct mmu_update), .v = current,
        .apply = apply_mmu_update,
    };
    struct mmu_update req;

    return run_batch(&b, &req);
}

/* Flushes requested through a guest vCPU bitmap: we flush all of d's. */
static int flush_multi(struct domain *d, unsigned long mask_va)
{
    unsigned long word;

    /* The mask must be readable even though we flush more than it asks. */
    if (copy_from_guest(&word, mask_va, sizeof(word)))
        return -EFAULT;
    arch_flush_domain_tlbs(d);
    return 0;
}

static bool page_op_target(struct domain *d, mfn_t mfn,
                           struct page_info **pg)
{
    if (!mfn_valid(mfn))
        return false;
    *pg = mfn_to_page(mfn);
    if (!get_page(*pg, d))
        return false;
    if (get_page_type(*pg, PGT_writable_page)) {
        put_page(*pg);
        return false;
    }
    return true;
}

static int clear_page_op(struct domain *d, mfn_t mfn)
{
    struct page_info *pg;

    if (!page_op_target(d, mfn, &pg))
        return -EINVAL;
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    put_page_and_type(pg);
    return 0;
}

static int copy_page_op(struct domain *d, mfn_t dst, mfn_t src)
{
    struct page_info *dpg, *spg;

    if (!mfn_valid(src))
        return -EINVAL;
    spg = mfn_to_page(src);
    if (!get_page(spg, d))
        return -EINVAL;
    if (!page_op_target(d, dst, &dpg)) {
        put_page(spg);
        return -EINVAL;
    }
    memcpy(mfn_to_virt(dst), mfn_to_virt(src), PAGE_SIZE);
    put_page_and_type(dpg);
    put_page(spg);
    return 0;
}

/*
 * Pins a table of pg_owner: the guest's own, or (the domain builder in
 * the control domain, foreigndom set) a domain being built.  A pin that
 * races the owner's death is taken back here, or by pv_unpin_all, never
 * both and never neither (see there).
 */
static int pin_op(struct domain *pg_owner, mfn_t mfn, unsigned int level)
{
    int rc = pv_pin_table(pg_owner, mfn, level);

    if (rc || pg_owner == current->domain)
        return rc;
    if (__atomic_load_n(&pg_owner->state, __ATOMIC_SEQ_CST) !=
        DOMSTATE_alive) {
        pv_unpin_table(pg_owner, mfn);
        return -EINVAL;
    }
    return 0;
}

static int one_mmuext_op(struct vcpu *v, struct domain *pg_owner,
                         const struct mmuext_op *op)
{
    struct domain *d = v->domain;

    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return pin_op(pg_owner, op->arg1.mfn,
                      op->cmd - MMUEXT_PIN_L1_TABLE + 1);
    case MMUEXT_UNPIN_TABLE:
        return pv_unpin_table(pg_owner, op->arg1.mfn);
    case MMUEXT_NEW_BASEPTR:
        return pv_set_guest_table(v, op->arg1.mfn, false);
    case MMUEXT_NEW_USER_BASEPTR:
        return pv_set_guest_table(v, op->arg1.mfn, true);
    case MMUEXT_TLB_FLUSH_LOCAL:
        arch_flush_tlb_local();
        return 0;
    case MMUEXT_INVLPG_LOCAL:
        arch_invlpg_local(op->arg1.linear_addr);
        return 0;
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_INVLPG_MULTI:
        return flush_multi(d, guest_handle_addr(op->arg2.vcpumask));
    case MMUEXT_TLB_FLUSH_ALL:
    case MMUEXT_INVLPG_ALL:
        arch_flush_domain_tlbs(d);
        return 0;
    case MMUEXT_FLUSH_CACHE:
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        return d->is_privileged ? 0 : -EPERM;
    case MMUEXT_SET_LDT:
        /* Only the caller's own LDT (Xen: -EPERM for a foreign owner). */
        if (pg_owner != d)
            return -EPERM;
        return pv_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
    case MMUEXT_CLEAR_PAGE:
        return clear_page_op(d, op->arg1.mfn);
    case MMUEXT_COPY_PAGE:
        return copy_page_op(d, op->arg1.mfn, op->arg2.src_mfn);
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -EOPNOTSUPP;
    }
    return -ENOSYS;
}

static int apply_mmuext_op(struct mmu_batch *b, const void *elem)
{
    const struct mmuext_op *op = elem;

    /* DOMID_IO names Xen's I/O pseudo-domain, never the caller's LDT. */
    if (op->cmd == MMUEXT_SET_LDT && b->foreigndom == DOMID_IO)
        return -EPERM;
    return one_mmuext_op(b->v, b->pg_owner, elem);
}

long do_mmuext_op(unsigned long uops, unsigned long count,
                  unsigned long pdone, unsigned long foreigndom)
{
    struct mmu_batch b = {
        .op = __HYPERVISOR_mmuext_op, .base = uops, .count = count,
        .pdone = pdone, .foreigndom = foreigndom,
        .elem_size = sizeof(struct mmuext_op), .v = current,
        .apply = apply_mmuext_op,
    };
    struct mmuext_op op;

    return run_batch(&b, &op);
}

static long update_va(struct vcpu *v, struct domain *pg_owner,
                      unsigned long va, unsigned long val,
                      unsigned long flags)
{
    struct domain *d = v->domain;
    unsigned int idx;
    mfn_t l1;
    bool flush = false;
    int rc;

    if ((rc = pv_find_l1(v, va, &l1, &idx)))
        return rc;
    rc = pv_mod_entry(d, pg_owner, l1, idx, 1, val, false, &flush);
    if (rc)
        return rc;
    switch (flags & UVMF_FLUSHTYPE_MASK) {
    case UVMF_TLB_FLUSH:
    case UVMF_INVLPG:
        if ((flags & ~UVMF_FLUSHTYPE_MASK) == UVMF_LOCAL && !flush) {
            if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_INVLPG)
                arch_invlpg_local(va);
            else
                arch_flush_tlb_local();
            return 0;
        }
        flush = true;
        break;
    }
    if (flush)
        arch_flush_domain_tlbs(d);
    return 0;
}

long do_update_va_mapping(unsigned long va, unsigned long val,
                          unsigned long flags)
{
    struct vcpu *v = current;

    return update_va(v, v->domain, va, val, flags);
}

long do_update_va_mapping_otherdomain(unsigned long va, unsigned long val,
                                      unsigned long flags,
                                      unsigned long domid)
{
    struct vcpu *v = current;
    struct domain *o = get_pg_owner(v->domain, domid);
    long rc;

    if (!o)
        return -ESRCH;
    rc = update_va(v, o, va, val, flags);
    put_pg_owner(v->domain, o);
    return rc;
}

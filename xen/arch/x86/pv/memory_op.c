/*
 * memory_op.c - hypercall 12 for PV guests: where the M2P is, how much
 * memory the domain has and may have, and the memory maps.
 * the reservation operations (increase, decrease, populate_physmap: the
 * balloon driver, and the toolstack building a domU), and XENMEM_exchange
 * (contiguous, address-limited frames for swiotlb-xen and
 * dma_alloc_coherent).
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <public/memory.h>
#include <asm/setup.h>
#include "pv.h"
#include "pv_mm.h"

static long machine_memory_map(unsigned long arg)
{
    struct xen_memory_map m;
    unsigned int n;

    if (copy_from_guest(&m, arg, sizeof(m)))
        return -EFAULT;
    if (!current->domain->is_privileged)
        return -EPERM;
    n = MIN(m.nr_entries, e820.nr);
    for (unsigned int i = 0; i < n; i++) {
        struct pv_e820_entry e = { e820.map[i].addr, e820.map[i].size,
                              e820.map[i].type };

        if (copy_to_guest_elem(guest_handle_addr(m.buffer), i, &e,
                               sizeof(e)))
            return -EFAULT;
    }
    m.nr_entries = n;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/*
 * A domU's pseudo-physical map: what the toolstack set with
 * XENMEM_set_memory_map.  Without one, -ENOSYS as Xen answers, and the
 * guest derives its map from start_info.nr_pages.  Dom0 sees the machine's.
 */
static long memory_map(unsigned long arg)
{
    struct xen_memory_map m;
    struct domain *d = current->domain;
    struct pv_domain *pd = pv_domain(d);
    long rc = 0;

    if (copy_from_guest(&m, arg, sizeof(m)))
        return -EFAULT;
    spin_lock(&pd->e820_lock);
    if (!pd->e820) {
        spin_unlock(&pd->e820_lock);
        return d->is_privileged ? machine_memory_map(arg) : -ENOSYS;
    }
    m.nr_entries = MIN(m.nr_entries, pd->nr_e820);
    if (copy_to_guest(guest_handle_addr(m.buffer), pd->e820,
                      (unsigned long)m.nr_entries * sizeof(*pd->e820)))
        rc = -EFAULT;
    spin_unlock(&pd->e820_lock);
    if (rc)
        return rc;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/*
 * XENMEM_set_memory_map: the control domain gives a domain its map (at
 * most PV_E820_MAX entries, as Xen's E820MAX).  The new map replaces the
 * old one whole; nothing changes on any error.
 */
#define PV_E820_MAX 1024

static long set_memory_map(unsigned long arg)
{
    struct xen_foreign_memory_map fm;
    struct pv_e820_entry *map, *old;
    struct pv_domain *pd;
    struct domain *d;
    unsigned int n;

    if (copy_from_guest(&fm, arg, sizeof(fm)))
        return -EFAULT;
    n = fm.map.nr_entries;
    if (n > PV_E820_MAX)
        return -EINVAL;
    if (!current->domain->is_privileged)
        return -EPERM;
    map = n ? xzalloc_array(struct pv_e820_entry, n) : NULL;
    if (n && !map)
        return -ENOMEM;
    if (n && copy_from_guest(map, guest_handle_addr(fm.map.buffer),
                             (unsigned long)n * sizeof(*map))) {
        xfree(map);
        return -EFAULT;
    }
    d = get_domain_for_caller(current->domain, fm.domid, false);
    if (!d) {
        xfree(map);
        return -ESRCH;
    }
    pd = pv_domain(d);
    spin_lock(&pd->e820_lock);
    old = pd->e820;
    pd->e820 = map;
    pd->nr_e820 = n;
    spin_unlock(&pd->e820_lock);
    put_domain(d);
    xfree(old);
    return 0;
}

static long reservation_query(unsigned long cmd, unsigned long arg)
{
    domid_t domid;
    struct domain *d;
    long rc;

    if (copy_from_guest(&domid, arg, sizeof(domid)))
        return -EFAULT;
    d = get_domain_for_caller(current->domain, domid, false);
    if (!d)
        return -ESRCH;
    rc = cmd == XENMEM_current_reservation ? (long)d->tot_pages
                                           : (long)d->max_pages;
    put_domain(d);
    return rc;
}

/*
 * XENMEM_exchange, all or nothing: the 'in' frames (MFNs: PV guests are
 * not translated) go back to the heap and 'out' extents of fresh frames
 * below 2^address_bits replace them, or nothing changes and rc < 0 with
 * nr_exchanged 0 (Linux BUGs on anything in between).  The out list holds
 * the guest frame numbers for the M2P on entry and receives the MFNs.
 * One call handles at most EXCH_MAX_FRAMES frames, in one go (no
 * continuation); the frames must have no reference but their allocation
 * (the guest unmapped them first).
 */
#define EXCH_MAX_ORDER   9
#define EXCH_MAX_FRAMES  (1UL << EXCH_MAX_ORDER)

static long memory_exchange(unsigned long arg)
{
    struct xen_memory_exchange x;
    struct domain *d = current->domain;
    unsigned long in_frames, out_frames, nr_in, nr_out, i, j, done = 0;
    unsigned int bits;
    mfn_t limit = 0;
    xen_pfn_t *in = NULL, *out = NULL;
    struct page_info **outpg = NULL;
    long rc;

    if (copy_from_guest(&x, arg, sizeof(x)))
        return -EFAULT;
    nr_in = x.in.nr_extents;
    nr_out = x.out.nr_extents;
    if (x.in.extent_order > EXCH_MAX_ORDER ||
        x.out.extent_order > EXCH_MAX_ORDER ||
        nr_in > EXCH_MAX_FRAMES || nr_out > EXCH_MAX_FRAMES)
        return -EINVAL;
    in_frames = nr_in << x.in.extent_order;
    out_frames = nr_out << x.out.extent_order;
    if (in_frames != out_frames || !in_frames ||
        in_frames > EXCH_MAX_FRAMES || x.nr_exchanged)
        return -EINVAL;
    if ((x.in.domid != DOMID_SELF && x.in.domid != d->domain_id) ||
        (x.out.domid != DOMID_SELF && x.out.domid != d->domain_id))
        return -EPERM;
    bits = XENMEMF_get_address_bits(x.out.mem_flags);
    if (bits) {
        if (bits < PAGE_SHIFT + x.out.extent_order)
            return -ENOMEM;
        if (bits < 64)
            limit = 1UL << MIN(bits - PAGE_SHIFT, 52U);
    }

    in = xzalloc_array(xen_pfn_t, nr_in);
    out = xzalloc_array(xen_pfn_t, nr_out);
    outpg = xzalloc_array(struct page_info *, nr_out);
    rc = -ENOMEM;
    if (!in || !out || !outpg)
        goto out;
    rc = -EFAULT;
    if (copy_from_guest(in, guest_handle_addr(x.in.extent_start),
                        nr_in * sizeof(*in)) ||
        copy_from_guest(out, guest_handle_addr(x.out.extent_start),
                        nr_out * sizeof(*out)))
        goto out;
    /* The MFNs written back must land: check the list is writable now. */
    if (copy_to_guest(guest_handle_addr(x.out.extent_start), out,
                      nr_out * sizeof(*out)))
        goto out;

    /* 1. New frames, not yet anyone's. */
    rc = -ENOMEM;
    for (i = 0; i < nr_out; i++) {
        outpg[i] = limit
            ? alloc_anon_pages_below(x.out.extent_order, limit)
            : alloc_domheap_pages(NULL, x.out.extent_order);
        if (!outpg[i])
            goto undo_out;
    }
    /* 2. Take the old frames; any refusal gives them all back. */
    rc = -EINVAL;
    for (i = 0; i < nr_in; i++) {
        if (in[i] & ((1UL << x.in.extent_order) - 1) ||
            !mfn_valid(in[i] + (1UL << x.in.extent_order) - 1))
            goto undo_in;
        for (j = 0; j < (1UL << x.in.extent_order); j++, done++)
            if (steal_domain_page(d, mfn_to_page(in[i] + j)))
                goto undo_in;
    }
    /* 3. Commit: the new frames become d's, the old ones go. */
    for (i = 0; i < nr_out; i++) {
        if (assign_domain_pages(d, outpg[i], x.out.extent_order))
            BUG();                    /* d gave up as many frames */
        for (j = 0; j < (1UL << x.out.extent_order); j++)
            arch_m2p_set(page_to_mfn(outpg[i]) + j, out[i] + j);
        out[i] = page_to_mfn(outpg[i]);
    }
    for (i = 0; i < nr_in; i++)
        for (j = 0; j < (1UL << x.in.extent_order); j++) {
            arch_m2p_set(in[i] + j, ~0UL);
            put_page(mfn_to_page(in[i] + j));
        }
    x.nr_exchanged = nr_in;
    rc = 0;
    if (copy_to_guest(guest_handle_addr(x.out.extent_start), out,
                      nr_out * sizeof(*out)) ||
        copy_to_guest(arg, &x, sizeof(x)))
        rc = -EFAULT;
    goto out;

 undo_in:
    /* Give back what was taken, newest first (frames i*, j < done). */
    while (done--) {
        unsigned long k = done >> x.in.extent_order;
        unsigned long f = in[k] + (done & ((1UL << x.in.extent_order) - 1));

        if (assign_domain_pages(d, mfn_to_page(f), 0))
            BUG();
    }
    i = nr_out;
 undo_out:
    while (i--)
        free_domheap_pages(outpg[i], x.out.extent_order);
 out:
    xfree(in);
    xfree(out);
    xfree(outpg);
    return rc;
}

/*
 * increase_reservation, decrease_reservation, populate_physmap.  The
 * command's bits from MEMOP_EXTENT_SHIFT up are the extent to start at
 * (continuations); the result is the number of extents done, which is
 * less than asked when memory runs out or an extent is refused.  PV
 * guests are not translated: increase and populate write the new MFN of
 * each extent into the list (populate first reads the guest frame number
 * there, for the M2P); decrease reads MFNs the domain owns.
 */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1UL << MEMOP_EXTENT_SHIFT) - 1)
#define RESV_MAX_ORDER     9

static long reservation_op(unsigned int op, unsigned long start,
                           unsigned long arg)
{
    struct xen_memory_reservation r;
    struct domain *d;
    unsigned long i, n;
    unsigned int bits;
    mfn_t limit = 0;
    long rc = 0;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    if (r.extent_order > RESV_MAX_ORDER)
        return -EINVAL;
    if (start > r.nr_extents)
        return -EINVAL;
    /* Results are extent counts in a long: keep them representable. */
    if (r.nr_extents > (1UL << (63 - MEMOP_EXTENT_SHIFT)))
        return -EINVAL;
    n = 1UL << r.extent_order;
    bits = XENMEMF_get_address_bits(r.mem_flags);
    if (op != XENMEM_decrease_reservation && bits) {
        if (bits < PAGE_SHIFT + r.extent_order)
            return 0;
        if (bits < 64)
            limit = 1UL << MIN(bits - PAGE_SHIFT, 52U);
    }
    d = get_domain_for_caller(current->domain, r.domid, false);
    if (!d)
        return -ESRCH;

    for (i = start; i < r.nr_extents; i++) {
        xen_pfn_t f = 0;
        struct page_info *pg;

        if (i > start && hypercall_preempt_check()) {
            put_domain(d);
            return hypercall_create_continuation(
                __HYPERVISOR_memory_op, op | (i << MEMOP_EXTENT_SHIFT), arg,
                0, 0, 0, 0);
        }
        if ((op != XENMEM_increase_reservation ||
             guest_handle_addr(r.extent_start)) &&
            copy_from_guest_elem(&f, guest_handle_addr(r.extent_start), i,
                                 sizeof(f)))
            break;

        if (op == XENMEM_decrease_reservation) {
            bool ok = !(f & (n - 1)) && mfn_valid(f + n - 1);

            for (unsigned long j = 0; ok && j < n; j++) {
                pg = mfn_to_page(f + j);
                if (!get_page(pg, d)) {
                    ok = false;
                    break;
                }
                if (pg->count_info & PGC_xen_heap) {   /* shared_info... */
                    put_page(pg);
                    ok = false;
                    break;
                }
                arch_m2p_set(f + j, ~0UL);
                page_release_allocation(pg);
                put_page(pg);
            }
            if (!ok)
                break;
            continue;
        }

        if (limit) {
            pg = alloc_anon_pages_below(r.extent_order, limit);
            if (pg && assign_domain_pages(d, pg, r.extent_order)) {
                free_domheap_pages(pg, r.extent_order);
                pg = NULL;
            }
        } else {
            pg = alloc_domheap_pages(d, r.extent_order);
        }
        if (!pg)
            break;
        if (op == XENMEM_populate_physmap)
            for (unsigned long j = 0; j < n; j++)
                arch_m2p_set(page_to_mfn(pg) + j, f + j);
        f = page_to_mfn(pg);
        if (guest_handle_addr(r.extent_start) &&
            copy_to_guest_elem(guest_handle_addr(r.extent_start), i, &f,
                               sizeof(f))) {
            /* The guest cannot learn the frame: take it back. */
            for (unsigned long j = 0; j < n; j++)
                page_release_allocation(pg + j);
            break;
        }
    }
    put_domain(d);
    rc = (long)i;
    return rc;
}

long do_memory_op(unsigned long cmd, unsigned long arg)
{
    unsigned long start = cmd >> MEMOP_EXTENT_SHIFT;

    switch (cmd & MEMOP_CMD_MASK) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return reservation_op(cmd & MEMOP_CMD_MASK, start, arg);
    }
    if (start)
        return -ENOSYS;

    switch (cmd) {
    case XENMEM_machphys_mapping: {
        struct xen_machphys_mapping m = {
            .v_start = HYPERVISOR_VIRT_START,
            .v_end = m2p_virt_end(),
            .max_mfn = max_mfn - 1,
        };

        return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
    }
    case XENMEM_maximum_ram_page:
        return max_mfn;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        return reservation_query(cmd, arg);
    case XENMEM_machine_memory_map:
        return machine_memory_map(arg);
    case XENMEM_memory_map:
        return memory_map(arg);
    case XENMEM_set_memory_map:
        return set_memory_map(arg);
    case XENMEM_exchange:
        return memory_exchange(arg);
    }
    return -ENOSYS;
}

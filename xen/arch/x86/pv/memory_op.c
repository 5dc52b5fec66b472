/*
 * memory_op.c - hypercall 12 for PV guests: where the M2P is, how much
 * memory the domain has and may have, and the memory maps.
 * Reservation changes (increase/decrease/populate/exchange) come later;
 * they answer -ENOSYS, which Linux tolerates at boot except for exchange
 * (swiotlb shrinks).
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <public/memory.h>
#include <asm/setup.h>
#include "pv.h"

struct e820_out {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

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
        struct e820_out e = { e820.map[i].addr, e820.map[i].size,
                              e820.map[i].type };

        if (copy_to_guest_elem(guest_handle_addr(m.buffer), i, &e,
                               sizeof(e)))
            return -EFAULT;
    }
    m.nr_entries = n;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/* A domU's pseudo-physical map: one RAM range of its pages. */
static long memory_map(unsigned long arg)
{
    struct xen_memory_map m;
    struct domain *d = current->domain;
    struct e820_out e = { 0, (uint64_t)pv_domain(d)->nr_pfns << PAGE_SHIFT,
                          E820_RAM };

    if (copy_from_guest(&m, arg, sizeof(m)))
        return -EFAULT;
    if (d->is_privileged)
        return machine_memory_map(arg);
    if (m.nr_entries < 1)
        return -EINVAL;
    if (copy_to_guest(guest_handle_addr(m.buffer), &e, sizeof(e)))
        return -EFAULT;
    m.nr_entries = 1;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
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

long do_memory_op(unsigned long cmd, unsigned long arg)
{
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
    }
    return -ENOSYS;
}

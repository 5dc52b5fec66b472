/*
 * m2p.c - the machine-to-phys table: one unsigned long per machine frame,
 * the guest frame number its owner uses for it (~0 = none).
 *
 * Storage is one contiguous Xen-heap block, written by the hypervisor
 * through the direct map (arch_m2p_set) and shown read-only to every PV
 * guest at HYPERVISOR_VIRT_START (L4 slot 256, user-readable), as Xen's
 * RO_MPT; XENMEM_machphys_mapping reports where it ends.  Beyond the
 * table nothing is mapped, so a guest's probe of a bad MFN faults.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/page.h>
#include "pv.h"

static unsigned long *m2p;
static unsigned long m2p_bytes;

unsigned long m2p_virt_end(void)
{
    return HYPERVISOR_VIRT_START + m2p_bytes;
}

void m2p_init(void)
{
    unsigned long bytes = ROUNDUP(max_mfn * sizeof(unsigned long), PAGE_SIZE);
    unsigned int order = 0;

    while (((1UL << (PAGE_SHIFT + order))) < bytes)
        order++;
    m2p = alloc_xenheap_pages(order);
    if (!m2p)
        panic("no memory for the M2P table (%lu KiB)", bytes >> 10);
    memset(m2p, 0xff, (1UL << (PAGE_SHIFT + order)));
    m2p_bytes = bytes;
    map_pages(idle_pg_table, HYPERVISOR_VIRT_START, virt_to_maddr(m2p),
              bytes >> PAGE_SHIFT, _PAGE_PRESENT | _PAGE_USER |
              _PAGE_ACCESSED | _PAGE_NX, true);
}

void arch_m2p_set(mfn_t mfn, unsigned long pfn)
{
    if (mfn < max_mfn)
        WRITE_ONCE(m2p[mfn], pfn);
}

/*
 * grant.c - xen/grant_table.h's arch hooks: installing and removing the
 * PTE of a grant mapping in a PV guest's page tables.
 *
 * addr is a virtual address of the mapping vCPU (its kernel tables), or
 * with GNTMAP_contains_pte the machine address of the L1 entry itself.
 * The entry goes in through pv_mod_entry, so the usual page-table rules
 * and references apply (the mapping takes its own reference, dropped
 * when the entry is cleared).
 */
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include "pv.h"

static int find_entry(struct domain *ld, uint64_t addr, uint32_t flags,
                      mfn_t *l1, unsigned int *idx)
{
    if (flags & GNTMAP_contains_pte) {
        if (addr & 7)
            return -EINVAL;
        *l1 = addr >> PAGE_SHIFT;
        *idx = (addr & (PAGE_SIZE - 1)) / sizeof(pv_pte_t);
        return 0;
    }
    if (current->domain != ld)
        return -EINVAL;
    return pv_find_l1(current, addr, l1, idx);
}

int arch_grant_map(struct domain *ld, uint64_t addr, mfn_t frame,
                   uint32_t flags)
{
    struct page_info *pg = mfn_valid(frame) ? mfn_to_page(frame) : NULL;
    pv_pte_t pte = ((paddr_t)frame << PAGE_SHIFT) | _PAGE_PRESENT |
                   _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX;
    bool flush = false;
    mfn_t l1;
    unsigned int idx;

    if (!(flags & GNTMAP_host_map) || !pg)
        return GNTST_general_error;
    if (!(flags & GNTMAP_readonly))
        pte |= _PAGE_RW | _PAGE_DIRTY;
    if (find_entry(ld, addr, flags, &l1, &idx))
        return GNTST_general_error;
    if (pv_mod_entry(ld, page_get_owner(pg), l1, idx, 1, pte, false, &flush))
        return GNTST_general_error;
    if (flush)
        arch_flush_domain_tlbs(ld);
    return GNTST_okay;
}

int arch_grant_unmap(struct domain *ld, uint64_t addr, mfn_t frame,
                     uint32_t flags)
{
    bool flush = false;
    mfn_t l1;
    unsigned int idx;
    pv_pte_t cur;

    if (find_entry(ld, addr, flags, &l1, &idx) || !mfn_valid(l1))
        return GNTST_general_error;
    cur = ((pv_pte_t *)mfn_to_virt(l1))[idx];
    if (!pte_present(cur) || pte_mfn(cur) != frame)
        return GNTST_general_error;
    if (pv_mod_entry(ld, NULL, l1, idx, 1, 0, false, &flush))
        return GNTST_general_error;
    arch_flush_domain_tlbs(ld);
    return GNTST_okay;
}

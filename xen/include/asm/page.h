/*
 * asm/page.h - page-table entry bits and address conversions.
 *
 * Invariant: every RAM page (e820 RAM, ACPI and NVS ranges) is reachable at
 * DIRECTMAP_VIRT_START + its physical address, writable and not executable.
 * The image is also reachable at XEN_VIRT_START + phys, with text read-only
 * and executable, everything else NX.
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <xen/types.h>
#include <asm/config.h>

#define _PAGE_PRESENT  (1UL << 0)
#define _PAGE_RW       (1UL << 1)
#define _PAGE_USER     (1UL << 2)
#define _PAGE_PWT      (1UL << 3)
#define _PAGE_PCD      (1UL << 4)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY    (1UL << 6)
#define _PAGE_PSE      (1UL << 7)
#define _PAGE_GLOBAL   (1UL << 8)
#define _PAGE_NX       (1UL << 63)

#define PADDR_MASK     0x000ffffffffff000UL
#define L1_SHIFT 12
#define L2_SHIFT 21
#define L3_SHIFT 30
#define L4_SHIFT 39
#define PT_INDEX(va, s) (((unsigned long)(va) >> (s)) & 511)

/* Mapping kinds, as flags for map_pages(). */
#define PAGE_HYPERVISOR_RW  (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
                             _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_HYPERVISOR_RO  (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL | \
                             _PAGE_NX)
#define PAGE_HYPERVISOR_RX  (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)
#define PAGE_HYPERVISOR_UC  (PAGE_HYPERVISOR_RW | _PAGE_PCD | _PAGE_PWT)

typedef uint64_t pgentry_t;

static inline void *maddr_to_virt(paddr_t ma)
{
    return (void *)(DIRECTMAP_VIRT_START + ma);
}

static inline paddr_t virt_to_maddr(const void *va)
{
    unsigned long v = (unsigned long)va;

    if (v >= XEN_VIRT_START && v < XEN_VIRT_START + (1UL << 30))
        return v - XEN_VIRT_START;
    return v - DIRECTMAP_VIRT_START;
}

static inline void *mfn_to_virt(mfn_t mfn) { return maddr_to_virt(mfn << PAGE_SHIFT); }
static inline mfn_t virt_to_mfn(const void *va) { return virt_to_maddr(va) >> PAGE_SHIFT; }

#define __pa(x) virt_to_maddr(x)
#define __va(x) maddr_to_virt(x)

/* The idle page table every CPU runs on when not in a guest. */
extern pgentry_t idle_pg_table[512];

/* Map [va, va + n pages) to [pa, ...) with flags; uses 2M/1G pages when
 * alignment allows and big is true.  Page tables come from the boot
 * allocator.  Returns 0 or -ENOMEM. */
int map_pages(pgentry_t *l4, unsigned long va, paddr_t pa, unsigned long n,
              uint64_t flags, bool big);
/* Walk l4 for va; returns the leaf entry or 0 when not mapped. */
pgentry_t lookup_va(const pgentry_t *l4, unsigned long va);
/* The 4 KiB leaf entry for va in l4, or NULL (not mapped, superpage). */
pgentry_t *lookup_l1e(const pgentry_t *l4, unsigned long va);
/* Map MMIO uncached in the ioremap area; never unmapped. */
void *ioremap(paddr_t pa, size_t size);
/* Map RAM/firmware tables write-back in the ioremap area. */
void *ioremap_wb(paddr_t pa, size_t size);

void setup_idle_pagetable(void);

#endif

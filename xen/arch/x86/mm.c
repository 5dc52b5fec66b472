/*
 * mm.c - the hypervisor's own page tables.
 *
 * idle_pg_table is the L4 every CPU runs on outside guests.  It maps
 *   - the image at XEN_VIRT_START + phys, 4 KiB pages: .text RX, .rodata
 *     RO+NX, .data/.bss RW+NX (W^X for the hypervisor itself);
 *   - every RAM, ACPI and NVS range of the e820 map at DIRECTMAP_VIRT_START
 *     + phys, RW+NX, with 2 MiB/1 GiB pages where alignment allows;
 *   - MMIO on request in the ioremap area, uncached, 4 KiB pages.
 * Guest-visible L4 slots (everything outside 256-271) stay empty here.
 * Page tables come from the boot allocator and are never freed.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/spinlock.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/setup.h>

pgentry_t idle_pg_table[512] __aligned(PAGE_SIZE) __section(".bss.page_aligned");

extern char _stext[], _etext[], _srodata[], _erodata[], _sdata[], _end[];

static DEFINE_SPINLOCK(map_lock);

#define TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

static pgentry_t *table_of(pgentry_t e)
{
    return maddr_to_virt(e & PADDR_MASK);
}

/* The table below entry *e, allocated if absent.  User mappings need the
 * U bit at every level. */
static pgentry_t *next_table(pgentry_t *e, uint64_t leaf_flags)
{
    if (!(*e & _PAGE_PRESENT)) {
        void *t = boot_alloc_zeroed_page();

        *e = virt_to_maddr(t) | TABLE_FLAGS | (leaf_flags & _PAGE_USER);
    } else if (*e & _PAGE_PSE) {
        panic("map_pages: superpage in the way");
    } else {
        *e |= leaf_flags & _PAGE_USER;
    }
    return table_of(*e);
}

static bool fits(unsigned long va, paddr_t pa, unsigned long left, int shift)
{
    unsigned long mask = (1UL << shift) - 1;

    return !(va & mask) && !(pa & mask) && (left << PAGE_SHIFT) >= (1UL << shift);
}

int map_pages(pgentry_t *l4, unsigned long va, paddr_t pa, unsigned long n,
              uint64_t flags, bool big)
{
    spin_lock(&map_lock);
    while (n) {
        pgentry_t *l3 = next_table(&l4[PT_INDEX(va, L4_SHIFT)], flags);
        pgentry_t *l2, *l1;
        unsigned long step;

        if (big && boot_cpu.pdpe1gb && fits(va, pa, n, L3_SHIFT)) {
            l3[PT_INDEX(va, L3_SHIFT)] = pa | flags | _PAGE_PSE;
            step = 1UL << (L3_SHIFT - PAGE_SHIFT);
        } else {
            l2 = next_table(&l3[PT_INDEX(va, L3_SHIFT)], flags);
            if (big && fits(va, pa, n, L2_SHIFT)) {
                l2[PT_INDEX(va, L2_SHIFT)] = pa | flags | _PAGE_PSE;
                step = 1UL << (L2_SHIFT - PAGE_SHIFT);
            } else {
                l1 = next_table(&l2[PT_INDEX(va, L2_SHIFT)], flags);
                l1[PT_INDEX(va, L1_SHIFT)] = pa | flags;
                step = 1;
            }
        }
        va += step << PAGE_SHIFT;
        pa += (paddr_t)step << PAGE_SHIFT;
        n -= step;
    }
    spin_unlock(&map_lock);
    return 0;
}

pgentry_t lookup_va(const pgentry_t *l4, unsigned long va)
{
    pgentry_t e = l4[PT_INDEX(va, L4_SHIFT)];

    if (!(e & _PAGE_PRESENT))
        return 0;
    e = table_of(e)[PT_INDEX(va, L3_SHIFT)];
    if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
        return e;
    e = table_of(e)[PT_INDEX(va, L2_SHIFT)];
    if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
        return e;
    return table_of(e)[PT_INDEX(va, L1_SHIFT)];
}

pgentry_t *lookup_l1e(const pgentry_t *l4, unsigned long va)
{
    pgentry_t e = l4[PT_INDEX(va, L4_SHIFT)];

    if (!(e & _PAGE_PRESENT))
        return NULL;
    e = table_of(e)[PT_INDEX(va, L3_SHIFT)];
    if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
        return NULL;
    e = table_of(e)[PT_INDEX(va, L2_SHIFT)];
    if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
        return NULL;
    return &table_of(e)[PT_INDEX(va, L1_SHIFT)];
}

static void map_image_part(const char *s, const char *e, uint64_t flags)
{
    unsigned long va = (unsigned long)s;

    map_pages(idle_pg_table, va, va - XEN_VIRT_START,
              (ROUNDUP((unsigned long)e, PAGE_SIZE) - va) >> PAGE_SHIFT,
              flags, false);
}

void setup_idle_pagetable(void)
{
    map_image_part(_stext, _etext, PAGE_HYPERVISOR_RX);
    map_image_part(_srodata, _erodata, PAGE_HYPERVISOR_RO);
    map_image_part(_sdata, _end, PAGE_HYPERVISOR_RW);

    for (unsigned int i = 0; i < e820.nr; i++) {
        const struct e820entry *e = &e820.map[i];
        paddr_t s = e->addr & ~(paddr_t)(PAGE_SIZE - 1);
        paddr_t end = ROUNDUP(e->addr + e->size, (paddr_t)PAGE_SIZE);

        if (e->type != E820_RAM && e->type != E820_ACPI && e->type != E820_NVS)
            continue;
        if (end > DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START)
            end = DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START;
        if (end > s)
            map_pages(idle_pg_table, DIRECTMAP_VIRT_START + s, s,
                      (end - s) >> PAGE_SHIFT, PAGE_HYPERVISOR_RW, true);
    }
    write_cr3(virt_to_maddr(idle_pg_table));
}

static unsigned long ioremap_next = IOREMAP_VIRT_START;
static DEFINE_SPINLOCK(ioremap_lock);

static void *ioremap_flags(paddr_t pa, size_t size, uint64_t flags)
{
    paddr_t base = pa & ~(paddr_t)(PAGE_SIZE - 1);
    unsigned long n = (ROUNDUP(pa + size, (paddr_t)PAGE_SIZE) - base) >> PAGE_SHIFT;
    unsigned long va;

    spin_lock(&ioremap_lock);
    va = ioremap_next;
    ioremap_next += (n + 1) << PAGE_SHIFT;     /* one guard page after */
    spin_unlock(&ioremap_lock);
    if (ioremap_next > IOREMAP_VIRT_END)
        panic("ioremap area exhausted");
    map_pages(idle_pg_table, va, base, n, flags, false);
    return (void *)(va + (pa - base));
}

void *ioremap(paddr_t pa, size_t size)
{
    return ioremap_flags(pa, size, PAGE_HYPERVISOR_UC);
}

void *ioremap_wb(paddr_t pa, size_t size)
{
    return ioremap_flags(pa, size, PAGE_HYPERVISOR_RO);
}

/*
 * boot_alloc.c - physical pages before the page allocator exists.
 *
 * Keeps the free RAM as a sorted list of [start, end) ranges.  Allocation
 * takes from the bottom (page tables, stacks) or the top (relocated
 * modules); nothing is ever freed here.  Invariant: a range on the list
 * is e820 RAM, page-aligned, and overlaps neither the image, the modules,
 * page 0, nor anything handed out.  At the end the page allocator takes
 * over whatever is left (boot_alloc_for_each_free).
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/page.h>
#include <asm/setup.h>

#define MAX_RANGES 128

struct range {
    paddr_t start, end;
};

static struct range ranges[MAX_RANGES];
static unsigned int nr_ranges;
static uint64_t used_bytes;
static bool closed;           /* ranges handed to the heap */

static void insert_range(unsigned int at, paddr_t s, paddr_t e)
{
    if (nr_ranges >= MAX_RANGES)
        panic("boot allocator: too many ranges");
    memmove(&ranges[at + 1], &ranges[at], (nr_ranges - at) * sizeof(*ranges));
    ranges[at] = (struct range){ s, e };
    nr_ranges++;
}

static void remove_range(unsigned int at)
{
    memmove(&ranges[at], &ranges[at + 1],
            (nr_ranges - at - 1) * sizeof(*ranges));
    nr_ranges--;
}

void boot_alloc_init(void)
{
    for (unsigned int i = 0; i < e820.nr; i++)
        if (e820.map[i].type == E820_RAM)
            insert_range(nr_ranges, e820.map[i].addr,
                         e820.map[i].addr + e820.map[i].size);
    boot_alloc_reserve(0, PAGE_SIZE);
}

/* Remove [s, e) (rounded out to pages) from the free list. */
void boot_alloc_reserve(paddr_t s, paddr_t e)
{
    s &= ~(paddr_t)(PAGE_SIZE - 1);
    e = ROUNDUP(e, (paddr_t)PAGE_SIZE);
    for (unsigned int i = 0; i < nr_ranges; i++) {
        struct range *r = &ranges[i];

        if (r->end <= s || r->start >= e)
            continue;
        if (r->start < s && r->end > e) {
            insert_range(i + 1, e, r->end);
            r->end = s;
            return;
        }
        if (r->start < s) {
            r->end = s;
        } else if (r->end > e) {
            r->start = e;
        } else {
            remove_range(i);
            i--;
        }
    }
}

static paddr_t take(paddr_t s, unsigned long n)
{
    boot_alloc_reserve(s, s + ((paddr_t)n << PAGE_SHIFT));
    used_bytes += (uint64_t)n << PAGE_SHIFT;
    return s;
}

static paddr_t alloc_in(unsigned long n, unsigned long align, paddr_t lo,
                        paddr_t hi)
{
    paddr_t bytes = (paddr_t)n << PAGE_SHIFT;
    paddr_t a = (paddr_t)align << PAGE_SHIFT;

    for (unsigned int i = 0; i < nr_ranges; i++) {
        paddr_t s = ROUNDUP(MAX(ranges[i].start, lo), a);

        if (s + bytes <= ranges[i].end && s + bytes <= hi)
            return take(s, n);
    }
    return 0;
}

paddr_t boot_alloc_pages(unsigned long n, unsigned long align)
{
    paddr_t p;

    ASSERT(!closed);
    p = alloc_in(n, align ? align : 1, 1 << 20, ~(paddr_t)0);

    if (!p)
        panic("boot allocator: out of memory (%lu pages)", n);
    return p;
}

paddr_t boot_alloc_pages_below(unsigned long n, paddr_t limit)
{
    paddr_t p = alloc_in(n, 1, PAGE_SIZE, limit);

    if (!p)
        panic("boot allocator: no %lu pages below %#llx", n,
              (unsigned long long)limit);
    return p;
}

paddr_t boot_alloc_top(uint64_t size)
{
    unsigned long n = ROUNDUP(size, (uint64_t)PAGE_SIZE) >> PAGE_SHIFT;

    for (unsigned int i = nr_ranges; i-- > 0;) {
        paddr_t s = (ranges[i].end - ((paddr_t)n << PAGE_SHIFT));

        if (ranges[i].end - ranges[i].start >= ((paddr_t)n << PAGE_SHIFT))
            return take(s, n);
    }
    return 0;
}

void *boot_alloc_zeroed_page(void)
{
    void *p = closed ? alloc_xenheap_page() : maddr_to_virt(boot_alloc_pages(1, 1));

    if (!p)
        panic("out of memory for a page table");

    memset(p, 0, PAGE_SIZE);
    return p;
}

void boot_alloc_for_each_free(void (*fn)(paddr_t start, paddr_t end))
{
    for (unsigned int i = 0; i < nr_ranges; i++)
        fn(ranges[i].start, ranges[i].end);
}

uint64_t boot_alloc_used_bytes(void)
{
    return used_bytes;
}

void boot_alloc_close(void (*fn)(paddr_t start, paddr_t end))
{
    boot_alloc_for_each_free(fn);
    nr_ranges = 0;
    closed = true;
}

void boot_alloc_free_range(paddr_t s, paddr_t e)
{
    unsigned int i = 0;

    s = ROUNDUP(s, (paddr_t)PAGE_SIZE);
    e &= ~(paddr_t)(PAGE_SIZE - 1);
    if (e <= s)
        return;
    while (i < nr_ranges && ranges[i].start < s)
        i++;
    insert_range(i, s, e);
}

/*
 * e820.c - the machine memory map.
 *
 * The loader's map may be unsorted and overlapping.  e820_sanitize() turns
 * it into sorted, non-overlapping entries with page-aligned RAM (RAM
 * shrinks inwards, other types grow outwards), merging neighbours of one
 * type.  Where types overlap the higher number except RAM wins: a byte
 * both RAM and reserved is reserved.
 */
#include <xen/lib.h>
#include <asm/page.h>
#include <asm/setup.h>

struct e820map e820;

static struct e820map raw;

void e820_add(uint64_t addr, uint64_t size, uint32_t type)
{
    if (!size || raw.nr >= E820_MAX)
        return;
    if (type < E820_RAM || type > E820_UNUSABLE)
        type = E820_RESERVED;
    raw.map[raw.nr++] = (struct e820entry){ addr, size, type };
}

/* The winning type of a byte covered by several entries. */
static uint32_t rank(uint32_t type)
{
    return type == E820_RAM ? 0 : type;
}

static void append(uint64_t start, uint64_t end, uint32_t type)
{
    struct e820entry *last = e820.nr ? &e820.map[e820.nr - 1] : NULL;

    if (type == E820_RAM) {
        start = ROUNDUP(start, (uint64_t)PAGE_SIZE);
        end &= ~(uint64_t)(PAGE_SIZE - 1);
    }
    if (end <= start)
        return;
    if (last && last->type == type && last->addr + last->size == start) {
        last->size += end - start;
        return;
    }
    if (e820.nr < E820_MAX)
        e820.map[e820.nr++] = (struct e820entry){ start, end - start, type };
}

/* Sweep over all boundaries; between two consecutive ones the set of
 * covering entries is constant, so one type decides the interval. */
void e820_sanitize(void)
{
    uint64_t pts[2 * E820_MAX];
    unsigned int n = 0, i, j;

    for (i = 0; i < raw.nr; i++) {
        pts[n++] = raw.map[i].addr;
        pts[n++] = raw.map[i].addr + raw.map[i].size;
    }
    for (i = 1; i < n; i++)                  /* insertion sort: n is small */
        for (j = i; j > 0 && pts[j - 1] > pts[j]; j--) {
            uint64_t t = pts[j];

            pts[j] = pts[j - 1];
            pts[j - 1] = t;
        }
    e820.nr = 0;
    for (i = 0; i + 1 < n; i++) {
        uint64_t lo = pts[i], hi = pts[i + 1];
        uint32_t type = 0;

        if (lo == hi)
            continue;
        for (j = 0; j < raw.nr; j++) {
            const struct e820entry *e = &raw.map[j];

            if (e->addr <= lo && e->addr + e->size >= hi &&
                (!type || rank(e->type) > rank(type)))
                type = e->type;
        }
        if (type)
            append(lo, hi, type);
    }
}

void e820_print(void)
{
    static const char *const names[] = {
        "?", "usable", "reserved", "ACPI data", "ACPI NVS", "unusable"
    };

    printk("Xen-e820 RAM map:\n");
    for (unsigned int i = 0; i < e820.nr; i++)
        printk(" [%016llx, %016llx] %s\n",
               (unsigned long long)e820.map[i].addr,
               (unsigned long long)(e820.map[i].addr + e820.map[i].size - 1),
               names[e820.map[i].type]);
}

uint64_t e820_ram_total(void)
{
    uint64_t t = 0;

    for (unsigned int i = 0; i < e820.nr; i++)
        if (e820.map[i].type == E820_RAM)
            t += e820.map[i].size;
    return t;
}

uint64_t e820_max_addr(uint32_t type)
{
    uint64_t m = 0;

    for (unsigned int i = 0; i < e820.nr; i++)
        if (e820.map[i].type == type)
            m = MAX(m, e820.map[i].addr + e820.map[i].size);
    return m;
}

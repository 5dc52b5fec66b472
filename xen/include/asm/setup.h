/*
 * asm/setup.h - boot-time state shared by the set-up files.
 */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

#include <xen/types.h>

#define E820_RAM       1
#define E820_RESERVED  2
#define E820_ACPI      3
#define E820_NVS       4
#define E820_UNUSABLE  5
#define E820_MAX       128

struct e820entry {
    uint64_t addr, size;
    uint32_t type;
};

struct e820map {
    unsigned int nr;
    struct e820entry map[E820_MAX];
};
extern struct e820map e820;

/* Add a range from the loader; sanitize sorts, merges and resolves
 * overlaps (the more restrictive type wins). */
void e820_add(uint64_t addr, uint64_t size, uint32_t type);
void e820_sanitize(void);
void e820_print(void);
uint64_t e820_ram_total(void);
uint64_t e820_max_addr(uint32_t type);

#define MAX_BOOT_MODULES 16
struct boot_module {
    paddr_t start;
    uint64_t size;
    char cmdline[256];
};

struct boot_info {
    const char *loader;          /* "multiboot" or "multiboot2" */
    char loader_name[64];
    unsigned int nr_modules;
    struct boot_module mods[MAX_BOOT_MODULES];
    paddr_t acpi_rsdp;           /* from multiboot2, 0 = search */
};
extern struct boot_info boot_info;

/* Parse the loader's information structure into boot_info, e820 and
 * saved_cmdline.  Returns false for an unknown magic. */
bool multiboot_parse(uint32_t magic, paddr_t info);

/* Boot allocator: physical ranges of RAM not yet used. */
void boot_alloc_init(void);
void boot_alloc_reserve(paddr_t start, paddr_t end);
/* n pages aligned to align pages, from the lowest free address >= 1 MiB
 * (below 4 GiB when low is true).  Not zeroed.  Panics when out. */
paddr_t boot_alloc_pages(unsigned long n, unsigned long align);
paddr_t boot_alloc_pages_below(unsigned long n, paddr_t limit);
/* Highest free range fitting size bytes (for module relocation). */
paddr_t boot_alloc_top(uint64_t size);
void boot_alloc_for_each_free(void (*fn)(paddr_t start, paddr_t end));
/* Give every free range to fn and stop serving: afterwards page tables
 * come from the heap (alloc_xenheap_page). */
void boot_alloc_close(void (*fn)(paddr_t start, paddr_t end));
/* Return a range (old module copies) to the free list. */
void boot_alloc_free_range(paddr_t s, paddr_t e);
void heap_init(void);
uint64_t boot_alloc_used_bytes(void);
/* A zeroed page for page tables, via the boot direct map. */
void *boot_alloc_zeroed_page(void);

void relocate_modules(void);

/* Entry from head.S. */
void __start_xen(uint32_t magic, uint32_t info);
extern bool opt_selftest;

#endif

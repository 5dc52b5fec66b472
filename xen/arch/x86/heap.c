/*
 * heap.c - hand memory from the boot allocator to the page allocator
 * (common/page_alloc.c, xen/mm.h).
 *
 * The frame table covers every frame up to the highest RAM address; it is
 * mapped at FRAMETABLE_VIRT_START with 2 MiB pages and zeroed (it is the
 * only boot-time zeroing proportional to RAM: 64 bytes per 4 KiB frame).
 * Every range the boot allocator still holds then goes to the heap; after
 * this the boot allocator is closed and page tables come from the heap.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/page.h>
#include <asm/setup.h>

static unsigned long heap_frames_given;

static void give_to_heap(paddr_t s, paddr_t e)
{
    heap_add_ram(s >> PAGE_SHIFT, (e - s) >> PAGE_SHIFT);
    heap_frames_given += (e - s) >> PAGE_SHIFT;
}

void heap_init(void)
{
    unsigned long nr = e820_max_addr(E820_RAM) >> PAGE_SHIFT;
    unsigned long bytes = ROUNDUP(nr * sizeof(struct page_info), 1UL << 21);
    unsigned long pages = bytes >> PAGE_SHIFT;
    paddr_t ft = boot_alloc_pages(pages, 512);
    void *va = (void *)FRAMETABLE_VIRT_START;

    if (FRAMETABLE_VIRT_START + bytes > FRAMETABLE_VIRT_END)
        panic("frame table too large for %lu frames", nr);
    map_pages(idle_pg_table, FRAMETABLE_VIRT_START, ft, pages,
              PAGE_HYPERVISOR_RW, true);
    memset(va, 0, nr * sizeof(struct page_info));
    frame_table_init(va, nr);
    boot_alloc_close(give_to_heap);
    printk("Heap: frame table %lu KiB for %lu frames, %lu MiB free\n",
           bytes >> 10, nr, heap_frames_given >> (20 - PAGE_SHIFT));
}

/*
 * boot/modules.c - move multiboot modules out of the way.
 *
 * Loaders drop modules right after the image (QEMU) or anywhere low
 * (GRUB).  We copy each to the top of RAM, so the low, contiguous memory
 * the boot allocator and later the dom0 builder use is not fragmented by
 * them, and give the old place back to the boot allocator.  Invariant
 * after this: boot_info.mods[] point at the new copies, which the boot
 * allocator will never hand out.
 */
#include <xen/lib.h>
#include <asm/page.h>
#include <asm/setup.h>

void relocate_modules(void)
{
    for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
        struct boot_module *m = &boot_info.mods[i];
        paddr_t dst = boot_alloc_top(m->size);

        if (!dst)
            panic("no room to relocate module %u (%llu bytes)", i,
                  (unsigned long long)m->size);
        memmove(maddr_to_virt(dst), maddr_to_virt(m->start), m->size);
        printk("Module %u: %#llx-%#llx -> %#llx \"%s\"\n", i,
               (unsigned long long)m->start,
               (unsigned long long)(m->start + m->size),
               (unsigned long long)dst, m->cmdline);
        boot_alloc_free_range(m->start, m->start + m->size);
        m->start = dst;
    }
}

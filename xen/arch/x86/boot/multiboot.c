/*
 * boot/multiboot.c - read what the loader handed us: memory map, command
 * line, modules, ACPI RSDP.
 *
 * Runs on the boot page tables, which map the low 4 GiB at
 * DIRECTMAP_VIRT_START, so loader data (always below 4 GiB) is reachable
 * through maddr_to_virt().  Everything needed later is copied out here:
 * the loader's structures live in RAM the boot allocator may hand out.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <asm/page.h>
#include <asm/setup.h>
#include <asm/acpi.h>

#define MB1_BOOTLOADER_MAGIC 0x2badb002
#define MB2_BOOTLOADER_MAGIC 0x36d76289

#define MB1_INFO_CMDLINE  (1u << 2)
#define MB1_INFO_MODS     (1u << 3)
#define MB1_INFO_MMAP     (1u << 6)
#define MB1_INFO_LOADER   (1u << 9)

struct mb1_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr, syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr, config_table, boot_loader_name;
} __packed;

struct mb1_mod {
    uint32_t start, end, string, reserved;
} __packed;

struct mb1_mmap {
    uint32_t size;       /* of the rest of this entry */
    uint64_t addr, len;
    uint32_t type;
} __packed;

struct mb2_tag {
    uint32_t type, size;
};

#define MB2_TAG_END       0
#define MB2_TAG_CMDLINE   1
#define MB2_TAG_LOADER    2
#define MB2_TAG_MODULE    3
#define MB2_TAG_MMAP      6
#define MB2_TAG_ACPI_OLD  14
#define MB2_TAG_ACPI_NEW  15

struct boot_info boot_info;

static const char *str_at(paddr_t pa)
{
    return pa ? maddr_to_virt(pa) : "";
}

static bool looks_like_path(const char *s, const char *end)
{
    bool slash = false;

    for (; s < end; s++) {
        if (*s == '=')
            return false;
        slash |= *s == '/';
    }
    return slash;
}

/* Loaders put the image path first (QEMU: always); drop a first word that
 * looks like a path rather than an option. */
static void save_cmdline(const char *s)
{
    const char *end = s;

    while (*end && *end != ' ')
        end++;
    if (end > s && looks_like_path(s, end))
        s = *end ? end + 1 : end;
    strlcpy(saved_cmdline, s, sizeof(saved_cmdline));
}

static void add_module(paddr_t start, paddr_t end, const char *cmdline)
{
    struct boot_module *m;

    if (boot_info.nr_modules >= MAX_BOOT_MODULES || end <= start)
        return;
    m = &boot_info.mods[boot_info.nr_modules++];
    m->start = start;
    m->size = end - start;
    strlcpy(m->cmdline, cmdline, sizeof(m->cmdline));
}

static void parse_mb1(const struct mb1_info *mbi)
{
    boot_info.loader = "multiboot";
    if (mbi->flags & MB1_INFO_LOADER)
        strlcpy(boot_info.loader_name, str_at(mbi->boot_loader_name),
                sizeof(boot_info.loader_name));
    if (mbi->flags & MB1_INFO_CMDLINE)
        save_cmdline(str_at(mbi->cmdline));
    if (mbi->flags & MB1_INFO_MODS) {
        const struct mb1_mod *mod = maddr_to_virt(mbi->mods_addr);

        for (uint32_t i = 0; i < mbi->mods_count; i++)
            add_module(mod[i].start, mod[i].end, str_at(mod[i].string));
    }
    if (mbi->flags & MB1_INFO_MMAP) {
        uint32_t off = 0;

        while (off + sizeof(struct mb1_mmap) <= mbi->mmap_length) {
            const struct mb1_mmap *e = maddr_to_virt(mbi->mmap_addr + off);

            e820_add(e->addr, e->len, e->type);
            off += e->size + 4;
        }
    } else {
        /* Old loaders: only the two basic sizes. */
        e820_add(0, (uint64_t)mbi->mem_lower << 10, E820_RAM);
        e820_add(1 << 20, (uint64_t)mbi->mem_upper << 10, E820_RAM);
    }
}

static void parse_mb2_mmap(const struct mb2_tag *t)
{
    const uint32_t *hdr = (const uint32_t *)(t + 1);
    uint32_t entry_size = hdr[0];
    const uint8_t *p = (const uint8_t *)(hdr + 2);
    const uint8_t *end = (const uint8_t *)t + t->size;

    for (; entry_size && p + 20 <= end; p += entry_size) {
        uint64_t addr = *(const uint64_t *)p, len = *(const uint64_t *)(p + 8);

        e820_add(addr, len, *(const uint32_t *)(p + 16));
    }
}

static void parse_mb2(const uint8_t *mbi)
{
    uint32_t total = *(const uint32_t *)mbi, off = 8;

    boot_info.loader = "multiboot2";
    while (off + sizeof(struct mb2_tag) <= total) {
        const struct mb2_tag *t = (const void *)(mbi + off);
        const char *body = (const char *)(t + 1);

        if (t->type == MB2_TAG_END)
            break;
        switch (t->type) {
        case MB2_TAG_CMDLINE:
            save_cmdline(body);
            break;
        case MB2_TAG_LOADER:
            strlcpy(boot_info.loader_name, body, sizeof(boot_info.loader_name));
            break;
        case MB2_TAG_MODULE: {
            const uint32_t *m = (const uint32_t *)body;

            add_module(m[0], m[1], (const char *)(m + 2));
            break;
        }
        case MB2_TAG_MMAP:
            parse_mb2_mmap(t);
            break;
        case MB2_TAG_ACPI_OLD:
        case MB2_TAG_ACPI_NEW:
            acpi_set_rsdp_copy(body, t->size - sizeof(*t));
            break;
        }
        off += ROUNDUP(t->size, 8);
    }
}

bool multiboot_parse(uint32_t magic, paddr_t info)
{
    if (magic == MB1_BOOTLOADER_MAGIC)
        parse_mb1(maddr_to_virt(info));
    else if (magic == MB2_BOOTLOADER_MAGIC)
        parse_mb2(maddr_to_virt(info));
    else
        return false;
    return true;
}

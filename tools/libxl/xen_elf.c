/* SPDX-License-Identifier: MIT */
/*
 * xen_elf.c - program headers and Xen ELF notes of a PV kernel (see
 * kernel_image.h).
 *
 * Notes are read from PT_NOTE segments (one at file offset 0 is skipped,
 * as Xen does) and, only when those hold no Xen note, from SHT_NOTE
 * sections.  A Xen note is named "Xen"; its type is an XEN_ELFNOTE_*
 * number from public/elfnote.h and its value a little-endian number of 1,
 * 2, 4 or 8 bytes or a NUL-terminated string.  The kernel's virtual range
 * is the ELF physical range moved by VIRT_BASE - PADDR_OFFSET.
 */
#include "kernel_image.h"

#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "public/elfnote.h"
#include "public/features.h"

static void fmt(char *err, size_t errlen, const char *f, ...)
    __attribute__((format(printf, 3, 4)));

static void fmt(char *err, size_t errlen, const char *f, ...)
{
    va_list ap;

    if (!err || !errlen)
        return;
    va_start(ap, f);
    vsnprintf(err, errlen, f, ap);
    va_end(ap);
}

/* Is [off, off+len) inside a SIZE-byte file? */
static int in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

static const char *const feature_names[] = {
    [XENFEAT_writable_page_tables] = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XENFEAT_mmu_pt_update_preserve_ad] = "mmu_pt_update_preserve_ad",
    [XENFEAT_highmem_assist] = "highmem_assist",
    [XENFEAT_gnttab_map_avail_bits] = "gnttab_map_avail_bits",
    [XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XENFEAT_hvm_safe_pvclock] = "hvm_safe_pvclock",
    [XENFEAT_hvm_pirqs] = "hvm_pirqs",
    [XENFEAT_dom0] = "dom0",
};

/*
 * "a|!b|c": names set bits in SUPPORTED, '!' names also in REQUIRED.
 * Unknown names are skipped, as Xen's loader skips them.
 */
static void parse_features(const char *s, uint32_t *supported,
                           uint32_t *required)
{
    while (*s) {
        size_t len = strcspn(s, "|");
        int req = 0;
        const char *name = s;

        if (len && *name == '!') {
            req = 1;
            name++;
        }
        for (unsigned i = 0;
             i < sizeof(feature_names) / sizeof(feature_names[0]); i++) {
            size_t nl = (size_t)(s + len - name);
            if (feature_names[i] && strlen(feature_names[i]) == nl &&
                !memcmp(feature_names[i], name, nl)) {
                *supported |= 1u << i;
                if (req)
                    *required |= 1u << i;
            }
        }
        s += len;
        if (*s == '|')
            s++;
    }
}

static void copy_str(char *dst, size_t dstlen, const uint8_t *src,
                     size_t srclen)
{
    size_t n = 0;

    while (n < srclen && src[n] && n + 1 < dstlen)
        n++;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int note_value(const uint8_t *d, uint32_t dsz, uint64_t *v)
{
    switch (dsz) {
    case 1: *v = d[0]; return 0;
    case 2: *v = (uint64_t)d[0] | (uint64_t)d[1] << 8; return 0;
    case 4: case 8:
        *v = 0;
        for (uint32_t i = 0; i < dsz; i++)
            *v |= (uint64_t)d[i] << (8 * i);
        return 0;
    default:
        return -1;
    }
}

/* Reads the notes in [off, off+len).  0 or -1. */
static int parse_notes(const uint8_t *elf, size_t size, uint64_t off,
                       uint64_t len, struct xen_elf_info *info,
                       char *err, size_t errlen)
{
    uint64_t pos = off, end = off + len;

    if (!in_file(off, len, size)) {
        fmt(err, errlen, "note area at offset %llu (%llu bytes) lies outside "
            "the file", (unsigned long long)off, (unsigned long long)len);
        return -1;
    }
    while (end - pos >= 12) {
        uint32_t namesz, descsz, type;
        uint64_t name_at, desc_at, next;
        const uint8_t *desc;
        uint64_t v = 0;

        memcpy(&namesz, elf + pos, 4);
        memcpy(&descsz, elf + pos + 4, 4);
        memcpy(&type, elf + pos + 8, 4);
        name_at = pos + 12;
        desc_at = name_at + (((uint64_t)namesz + 3) & ~3ull);
        next = desc_at + (((uint64_t)descsz + 3) & ~3ull);
        if (desc_at > end || descsz > end - desc_at) {
            fmt(err, errlen, "truncated ELF note at offset %llu",
                (unsigned long long)pos);
            return -1;
        }
        pos = next > end ? end : next;
        if (namesz != 4 || memcmp(elf + name_at, "Xen", 4) != 0)
            continue;
        desc = elf + desc_at;
        info->notes_seen++;
        switch (type) {
        case XEN_ELFNOTE_ENTRY:
        case XEN_ELFNOTE_HYPERCALL_PAGE:
        case XEN_ELFNOTE_VIRT_BASE:
        case XEN_ELFNOTE_PADDR_OFFSET:
        case XEN_ELFNOTE_HV_START_LOW:
        case XEN_ELFNOTE_SUSPEND_CANCEL:
        case XEN_ELFNOTE_INIT_P2M:
        case XEN_ELFNOTE_MOD_START_PFN:
        case XEN_ELFNOTE_SUPPORTED_FEATURES:
        case XEN_ELFNOTE_PHYS32_ENTRY:
            if (note_value(desc, descsz, &v)) {
                fmt(err, errlen, "Xen ELF note %u has a %u-byte value "
                    "(expected 1, 2, 4 or 8)", type, descsz);
                return -1;
            }
            break;
        default:
            break;
        }
        switch (type) {
        case XEN_ELFNOTE_ENTRY: info->virt_entry = v; break;
        case XEN_ELFNOTE_HYPERCALL_PAGE: info->hypercall_page = v; break;
        case XEN_ELFNOTE_VIRT_BASE: info->virt_base = v; break;
        case XEN_ELFNOTE_PADDR_OFFSET: info->paddr_offset = v; break;
        case XEN_ELFNOTE_HV_START_LOW: info->hv_start_low = v; break;
        case XEN_ELFNOTE_SUSPEND_CANCEL: info->suspend_cancel = v; break;
        case XEN_ELFNOTE_INIT_P2M: info->init_p2m = v; break;
        case XEN_ELFNOTE_MOD_START_PFN: info->mod_start_pfn = v; break;
        case XEN_ELFNOTE_SUPPORTED_FEATURES:
            info->f_supported |= (uint32_t)v;
            break;
        case XEN_ELFNOTE_PHYS32_ENTRY: info->phys32_entry = v; break;
        case XEN_ELFNOTE_XEN_VERSION:
            copy_str(info->xen_version, sizeof(info->xen_version), desc,
                     descsz);
            break;
        case XEN_ELFNOTE_GUEST_OS:
            copy_str(info->guest_os, sizeof(info->guest_os), desc, descsz);
            break;
        case XEN_ELFNOTE_GUEST_VERSION:
            copy_str(info->guest_version, sizeof(info->guest_version), desc,
                     descsz);
            break;
        case XEN_ELFNOTE_LOADER:
            copy_str(info->loader, sizeof(info->loader), desc, descsz);
            break;
        case XEN_ELFNOTE_PAE_MODE:
            copy_str(info->pae_mode, sizeof(info->pae_mode), desc, descsz);
            break;
        case XEN_ELFNOTE_FEATURES: {
            char buf[512];
            copy_str(buf, sizeof(buf), desc, descsz);
            parse_features(buf, &info->f_supported, &info->f_required);
            break;
        }
        default:
            break;              /* notes we do not use */
        }
    }
    return 0;
}

int xen_elf_parse(const uint8_t *elf, size_t size, struct xen_elf_info *info,
                  char *err, size_t errlen)
{
    Elf64_Ehdr eh;
    uint64_t pstart = UINT64_MAX, pend = 0, voff;

    memset(info, 0, sizeof(*info));
    info->virt_base = info->paddr_offset = info->virt_entry = XEN_ELF_UNSET;
    info->hypercall_page = info->init_p2m = XEN_ELF_UNSET;
    info->hv_start_low = info->phys32_entry = XEN_ELF_UNSET;

    if (size < 4 || memcmp(elf, ELFMAG, SELFMAG) != 0) {
        fmt(err, errlen, "not an ELF image");
        return -1;
    }
    if (size < EI_NIDENT || elf[EI_CLASS] != ELFCLASS64) {
        fmt(err, errlen, "only 64-bit (ELFCLASS64) kernels are supported");
        return -1;
    }
    if (size < sizeof(eh)) {
        fmt(err, errlen, "ELF header truncated");
        return -1;
    }
    memcpy(&eh, elf, sizeof(eh));
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_X86_64) {
        fmt(err, errlen, "not a little-endian x86-64 ELF image (machine %u)",
            eh.e_machine);
        return -1;
    }
    if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 ||
        eh.e_phnum > KIMG_MAX_PHDRS ||
        !in_file(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr),
                 size)) {
        fmt(err, errlen, "bad program header table (%u entries of %u bytes "
            "at offset %llu)", eh.e_phnum, eh.e_phentsize,
            (unsigned long long)eh.e_phoff);
        return -1;
    }
    info->elf_class = 64;

    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;

        memcpy(&ph, elf + eh.e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
        if (ph.p_type == PT_NOTE && ph.p_offset != 0) {
            if (parse_notes(elf, size, ph.p_offset, ph.p_filesz, info, err,
                            errlen))
                return -1;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (!in_file(ph.p_offset, ph.p_filesz, size) ||
            ph.p_filesz > ph.p_memsz || ph.p_memsz > KIMG_MAX_SPAN ||
            ph.p_paddr > UINT64_MAX - ph.p_memsz) {
            fmt(err, errlen, "loadable segment %u is malformed (offset %llu, "
                "file size %llu, memory size %llu)", i,
                (unsigned long long)ph.p_offset,
                (unsigned long long)ph.p_filesz,
                (unsigned long long)ph.p_memsz);
            return -1;
        }
        if (info->nseg == KIMG_MAX_SEGMENTS) {
            fmt(err, errlen, "more than %d loadable segments",
                KIMG_MAX_SEGMENTS);
            return -1;
        }
        info->seg[info->nseg++] = (struct xen_elf_segment){
            .offset = ph.p_offset, .filesz = ph.p_filesz,
            .memsz = ph.p_memsz, .paddr = ph.p_paddr,
        };
        if (ph.p_paddr < pstart)
            pstart = ph.p_paddr;
        if (ph.p_paddr + ph.p_memsz > pend)
            pend = ph.p_paddr + ph.p_memsz;
    }
    if (info->nseg == 0) {
        fmt(err, errlen, "no loadable segments");
        return -1;
    }

    /* Fall back to note sections. */
    if (info->notes_seen == 0 && eh.e_shoff && eh.e_shnum) {
        if (eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum > 4096 ||
            !in_file(eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr),
                     size)) {
            fmt(err, errlen, "bad section header table");
            return -1;
        }
        for (unsigned i = 0; i < eh.e_shnum; i++) {
            Elf64_Shdr sh;

            memcpy(&sh, elf + eh.e_shoff + (uint64_t)i * sizeof(sh),
                   sizeof(sh));
            if (sh.sh_type == SHT_NOTE &&
                parse_notes(elf, size, sh.sh_offset, sh.sh_size, info, err,
                            errlen))
                return -1;
        }
    }
    if (info->notes_seen == 0) {
        fmt(err, errlen, "no Xen ELF notes: not a Xen PV kernel");
        return -1;
    }

    /* What Xen insists on before it builds a PV domain. */
    if (strncmp(info->xen_version, "xen-3.0", 7) != 0) {
        fmt(err, errlen, "kernel is built for '%s', not xen-3.0",
            info->xen_version[0] ? info->xen_version : "(no XEN_VERSION)");
        return -1;
    }
    if (strncmp(info->loader, "generic", 7) != 0 &&
        strncmp(info->guest_os, "linux", 5) != 0) {
        fmt(err, errlen, "kernel is neither for the generic loader nor "
            "Linux (LOADER '%s', GUEST_OS '%s')", info->loader,
            info->guest_os);
        return -1;
    }
    if (info->f_required & (1u << XENFEAT_dom0)) {
        fmt(err, errlen, "kernel requires to run as dom0");
        return -1;
    }

    /* Virtual placement. */
    if (info->virt_base == XEN_ELF_UNSET)
        info->virt_base = 0;
    if (info->paddr_offset == XEN_ELF_UNSET)
        info->paddr_offset = info->virt_base;
    voff = info->virt_base - info->paddr_offset;
    if (pend - pstart > KIMG_MAX_SPAN) {
        fmt(err, errlen, "loadable segments span %llu MiB, more than %llu",
            (unsigned long long)((pend - pstart) >> 20),
            (unsigned long long)(KIMG_MAX_SPAN >> 20));
        return -1;
    }
    info->virt_kstart = pstart + voff;
    info->virt_kend = pend + voff;
    if (info->virt_kend < info->virt_kstart) {
        fmt(err, errlen, "kernel virtual range wraps around");
        return -1;
    }
    for (unsigned i = 0; i < info->nseg; i++)
        info->seg[i].vaddr = info->seg[i].paddr + voff;
    if (info->virt_entry == XEN_ELF_UNSET)
        info->virt_entry = eh.e_entry;
    if (info->virt_entry < info->virt_kstart ||
        info->virt_entry >= info->virt_kend) {
        fmt(err, errlen, "entry point %#llx lies outside the kernel "
            "[%#llx, %#llx)", (unsigned long long)info->virt_entry,
            (unsigned long long)info->virt_kstart,
            (unsigned long long)info->virt_kend);
        return -1;
    }
    if (info->hypercall_page != XEN_ELF_UNSET &&
        (info->hypercall_page < info->virt_kstart ||
         info->hypercall_page >= info->virt_kend ||
         (info->hypercall_page & 0xfff))) {
        fmt(err, errlen, "hypercall page %#llx is not a page inside the "
            "kernel", (unsigned long long)info->hypercall_page);
        return -1;
    }
    return 0;
}

int xen_elf_load(const struct xen_elf_info *info, const uint8_t *elf,
                 size_t size, uint8_t *dst, size_t dst_len,
                 char *err, size_t errlen)
{
    for (unsigned i = 0; i < info->nseg; i++) {
        const struct xen_elf_segment *s = &info->seg[i];
        uint64_t at = s->vaddr - info->virt_kstart;

        if (!in_file(s->offset, s->filesz, size) || at > dst_len ||
            s->memsz > dst_len - at) {
            fmt(err, errlen, "segment %u does not fit the %zu-byte image",
                i, dst_len);
            return -1;
        }
        memcpy(dst + at, elf + s->offset, s->filesz);
        memset(dst + at + s->filesz, 0, s->memsz - s->filesz);
    }
    return 0;
}

const char *xen_elf_guest_type(const struct xen_elf_info *info)
{
    (void)info;                 /* only 64-bit PV is accepted */
    return "xen-3.0-x86_64";
}

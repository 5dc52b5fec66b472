/*
 * dom0_elf.c - ELF64 program headers and Xen ELF notes of a PV kernel
 * (dom0_elf.h).  Notes are read from PT_NOTE segments, name "Xen".
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <public/elfnote.h>
#include "dom0_elf.h"

struct elf64_ehdr {
    uint8_t ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD 1
#define PT_NOTE 4
#define EM_X86_64 62

/* [off, off + n) inside a buffer of len bytes. */
static bool within(uint64_t off, uint64_t n, uint64_t len)
{
    return off <= len && n <= len - off;
}

static uint64_t note_num(const uint8_t *desc, uint32_t sz)
{
    uint64_t v = 0;

    if (sz == 4 || sz == 8)
        memcpy(&v, desc, sz);
    return v;
}

static void note_str(char *dst, size_t dsz, const uint8_t *desc, uint32_t sz)
{
    size_t n = MIN((size_t)sz, dsz - 1);

    memcpy(dst, desc, n);
    dst[n] = 0;
}

static void take_note(struct pv_elf *e, uint32_t type, const uint8_t *d,
                      uint32_t sz)
{
    switch (type) {
    case XEN_ELFNOTE_ENTRY:          e->entry = note_num(d, sz); break;
    case XEN_ELFNOTE_HYPERCALL_PAGE: e->hypercall_page = note_num(d, sz); break;
    case XEN_ELFNOTE_VIRT_BASE:      e->virt_base = note_num(d, sz); break;
    case XEN_ELFNOTE_PADDR_OFFSET:   e->paddr_offset = note_num(d, sz); break;
    case XEN_ELFNOTE_INIT_P2M:       e->init_p2m = note_num(d, sz); break;
    case XEN_ELFNOTE_MOD_START_PFN:  e->mod_start_pfn = note_num(d, sz); break;
    case XEN_ELFNOTE_SUPPORTED_FEATURES:
        e->supported_features = (uint32_t)note_num(d, sz);
        e->has_supported_features = true;
        break;
    case XEN_ELFNOTE_GUEST_OS:
        note_str(e->guest_os, sizeof(e->guest_os), d, sz);
        break;
    case XEN_ELFNOTE_XEN_VERSION:
        note_str(e->xen_version, sizeof(e->xen_version), d, sz);
        break;
    case XEN_ELFNOTE_LOADER:
        note_str(e->loader, sizeof(e->loader), d, sz);
        break;
    case XEN_ELFNOTE_FEATURES:
        note_str(e->features, sizeof(e->features), d, sz);
        break;
    }
}

static int parse_notes(struct pv_elf *e, uint64_t off, uint64_t size)
{
    const uint8_t *p = e->image + off, *end = p + size;

    while (end - p >= 12) {
        uint32_t namesz, descsz, type;
        uint64_t nlen, dlen;

        memcpy(&namesz, p, 4);
        memcpy(&descsz, p + 4, 4);
        memcpy(&type, p + 8, 4);
        nlen = ROUNDUP((uint64_t)namesz, 4);
        dlen = ROUNDUP((uint64_t)descsz, 4);
        if (!within(12 + nlen, dlen, end - p))
            return -EINVAL;
        if (namesz == 4 && !memcmp(p + 12, "Xen", 4))
            take_note(e, type, p + 12 + nlen, descsz);
        p += 12 + nlen + dlen;
    }
    return 0;
}

int pv_elf_parse(struct pv_elf *e, const void *image, size_t len)
{
    const struct elf64_ehdr *h = image;

    memset(e, 0, sizeof(*e));
    e->image = image;
    e->len = len;
    e->entry = e->hypercall_page = e->virt_base = PV_NO_ADDR;
    e->paddr_offset = e->init_p2m = PV_NO_ADDR;
    e->pstart = ~0ULL;
    if (len < sizeof(*h) || memcmp(h->ident, "\177ELF", 4) ||
        h->ident[4] != 2 || h->ident[5] != 1 || h->machine != EM_X86_64)
        return -ENOEXEC;
    if (h->phentsize != sizeof(struct elf64_phdr) ||
        !within(h->phoff, (uint64_t)h->phnum * sizeof(struct elf64_phdr), len))
        return -EINVAL;
    for (unsigned int i = 0; i < h->phnum; i++) {
        struct elf64_phdr ph;

        memcpy(&ph, (const uint8_t *)image + h->phoff + i * sizeof(ph),
               sizeof(ph));
        if (ph.type == PT_NOTE && within(ph.offset, ph.filesz, len)) {
            if (parse_notes(e, ph.offset, ph.filesz))
                return -EINVAL;
        }
        if (ph.type != PT_LOAD || !ph.memsz)
            continue;
        if (e->nr_segs == PV_ELF_MAX_SEGS || ph.filesz > ph.memsz ||
            !within(ph.offset, ph.filesz, len) ||
            ph.paddr + ph.memsz < ph.paddr)
            return -EINVAL;
        e->segs[e->nr_segs++] = (struct pv_elf_seg){
            ph.paddr, ph.filesz, ph.memsz, ph.offset };
        e->pstart = MIN(e->pstart, ph.paddr);
        e->pend = MAX(e->pend, ph.paddr + ph.memsz);
    }
    if (!e->nr_segs)
        return -EINVAL;
    if (e->entry == PV_NO_ADDR)
        e->entry = h->entry;
    return 0;
}

/*
 * dom0_elf.h - what the dom0 builder needs from a PV kernel's ELF image:
 * its loadable segments and Xen ELF notes.  Parsing trusts nothing: every
 * offset and size is checked against the image.
 */
#ifndef X86_PV_DOM0_ELF_H
#define X86_PV_DOM0_ELF_H

#include <xen/types.h>

#define PV_ELF_MAX_SEGS 16
#define PV_NO_ADDR      (~0UL)

struct pv_elf_seg {
    uint64_t paddr, filesz, memsz, offset;
};

struct pv_elf {
    const uint8_t *image;
    size_t len;
    unsigned int nr_segs;
    struct pv_elf_seg segs[PV_ELF_MAX_SEGS];
    uint64_t pstart, pend;          /* lowest/highest paddr of segments */

    /* Notes (PV_NO_ADDR when absent). */
    uint64_t entry, hypercall_page, virt_base, paddr_offset, init_p2m;
    uint64_t mod_start_pfn;         /* 0 when absent */
    uint32_t supported_features;
    bool has_supported_features;
    char guest_os[32], xen_version[32], loader[32], features[256];
};

/* 0, or -ENOEXEC (not a 64-bit x86 ELF) / -EINVAL (inconsistent). */
int pv_elf_parse(struct pv_elf *e, const void *image, size_t len);

#endif

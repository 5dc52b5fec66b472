/* SPDX-License-Identifier: MIT */
/*
 * kernel_image.h - turning a guest kernel file into a loadable PV ELF.
 *
 * A kernel arrives as
 *   - an ELF image (vmlinux),
 *   - a gzip file holding one, or
 *   - a Linux bzImage whose payload is gzip, bzip2, xz, lzma, lz4 (legacy
 *     frame) or zstd.
 * kimg_unpack() reduces any of these to the ELF bytes; xen_elf_parse()
 * then reads the program headers and the Xen ELF notes, validates them
 * the way Xen's domain builder does and computes the kernel's virtual
 * range; xen_elf_load() copies the loadable segments into guest memory.
 *
 * Every offset and size read from the file is checked against the file
 * (and against the limits below) before it is used.  Nothing prints;
 * failures come back as a message.
 */
#ifndef XENOLITH_KERNEL_IMAGE_H
#define XENOLITH_KERNEL_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* Largest kernel or ramdisk file read. */
#define KIMG_MAX_FILE      (256u << 20)
/* Largest decompressed kernel. */
#define KIMG_MAX_UNPACKED  (512u << 20)
/* Largest span of guest memory the loadable segments may cover. */
#define KIMG_MAX_SPAN      (1ull << 30)
/* Most program headers / notes looked at. */
#define KIMG_MAX_PHDRS     64
#define KIMG_MAX_SEGMENTS  16

enum kimg_format {
    KIMG_ELF,           /* given as ELF */
    KIMG_GZIP_FILE,     /* the whole file was gzip */
    KIMG_BZIMAGE,       /* a bzImage; see .payload */
};

enum kimg_codec {
    KIMG_CODEC_NONE, KIMG_CODEC_GZIP, KIMG_CODEC_BZIP2, KIMG_CODEC_XZ,
    KIMG_CODEC_LZMA, KIMG_CODEC_LZ4, KIMG_CODEC_ZSTD,
};

struct kimg {
    uint8_t *elf;               /* the ELF image (owned, malloc'ed) */
    size_t elf_size;
    enum kimg_format format;
    enum kimg_codec codec;      /* how the ELF was compressed */
    uint16_t bzimage_version;   /* boot protocol, bzImage only */
};

/*
 * Reduces DATA (a whole kernel file) to its ELF image.  DATA is not kept.
 * Returns 0, or -1 with a reason in ERR ("bzImage payload is lzo, which
 * is not supported", "not an ELF, bzImage or gzip file").
 */
int kimg_unpack(const uint8_t *data, size_t size, struct kimg *out,
                char *err, size_t errlen);
/* Reads PATH (at most KIMG_MAX_FILE) and unpacks it. */
int kimg_load_file(const char *path, struct kimg *out,
                   char *err, size_t errlen);
void kimg_dispose(struct kimg *k);

/*
 * Decompresses one stream of CODEC into a fresh buffer of at most LIMIT
 * bytes.  Trailing bytes after the end of the stream are ignored (Linux
 * appends the uncompressed size).  0 or -1.
 */
int kimg_decompress(enum kimg_codec codec, const uint8_t *in, size_t in_len,
                    size_t limit, uint8_t **out, size_t *out_len,
                    char *err, size_t errlen);
/* The codec whose magic starts BUF, or KIMG_CODEC_NONE. */
enum kimg_codec kimg_detect_codec(const uint8_t *buf, size_t len);
const char *kimg_codec_name(enum kimg_codec c);

/* ---- Xen ELF ---- */

struct xen_elf_segment {
    uint64_t offset;            /* in the file */
    uint64_t filesz, memsz;
    uint64_t paddr;             /* ELF physical address */
    uint64_t vaddr;             /* where it goes in the guest (computed) */
};

#define XEN_ELF_UNSET (~0ULL)

struct xen_elf_info {
    unsigned elf_class;         /* 64 (we only load x86-64) */
    char guest_os[32];
    char guest_version[32];
    char xen_version[32];
    char loader[32];
    char pae_mode[32];
    uint64_t virt_base;         /* XEN_ELF_UNSET when absent, then 0 */
    uint64_t paddr_offset;
    uint64_t virt_entry;        /* note, or e_entry */
    uint64_t hypercall_page;    /* XEN_ELF_UNSET when absent */
    uint64_t hv_start_low;
    uint64_t init_p2m;          /* XEN_ELF_UNSET when absent */
    uint64_t suspend_cancel;
    uint64_t mod_start_pfn;     /* non-zero: initrd may be given as PFN */
    uint64_t phys32_entry;      /* XEN_ELF_UNSET when absent */
    uint32_t f_supported;       /* XENFEAT_* bits, submap 0 */
    uint32_t f_required;
    /* Computed kernel range: [virt_kstart, virt_kend). */
    uint64_t virt_kstart, virt_kend;
    struct xen_elf_segment seg[KIMG_MAX_SEGMENTS];
    unsigned nseg;
    unsigned notes_seen;        /* number of Xen notes read */
};

/*
 * Parses and checks a PV kernel.  Refused: not ELF64 x86-64, truncated
 * headers or segments, no Xen notes, XEN_VERSION not "xen-3.0", neither
 * LOADER "generic" nor GUEST_OS "linux", entry outside the image, a
 * kernel that requires XENFEAT_dom0 (we build domUs), a span over
 * KIMG_MAX_SPAN.  0 or -1.
 */
int xen_elf_parse(const uint8_t *elf, size_t size, struct xen_elf_info *info,
                  char *err, size_t errlen);

/*
 * Copies the loadable segments into DST, which stands for guest virtual
 * addresses [info->virt_kstart, info->virt_kstart + dst_len), and zero
 * fills each segment's tail (memsz beyond filesz).  Bytes of DST outside
 * every segment are left alone.  0, or -1 if DST is too small.
 */
int xen_elf_load(const struct xen_elf_info *info, const uint8_t *elf,
                 size_t size, uint8_t *dst, size_t dst_len,
                 char *err, size_t errlen);

/* Guest type string for XENVER_capabilities ("xen-3.0-x86_64"). */
const char *xen_elf_guest_type(const struct xen_elf_info *info);

#endif /* XENOLITH_KERNEL_IMAGE_H */

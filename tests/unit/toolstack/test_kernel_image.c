/*
 * test_kernel_image.c - kernel formats, decompression and Xen ELF notes
 * (tools/libxl/kernel_image.c, xen_elf.c).
 *
 * The tests build small PV ELF kernels in memory, compress them with each
 * codec through the same Debian libraries, and wrap them in a synthetic
 * bzImage.  When the asset cache holds Debian's real vmlinuz
 * ($XENOLITH_CACHE or ~/.cache/xenolith, kernel/vmlinuz) it is checked
 * too; without it that test only notes the absence.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bzlib.h>
#include <lz4.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "unit.h"
#include "kernel_image.h"
#include "public/elfnote.h"
#include "public/features.h"

static char err[512];

/* ---- a tiny byte builder ---- */

struct buf {
    uint8_t *p;
    size_t len, cap;
};

static void put(struct buf *b, const void *d, size_t n)
{
    if (!n)
        return;
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, d, n);
    b->len += n;
}

static void put_zero(struct buf *b, size_t n)
{
    static const uint8_t z[64];

    while (n) {
        size_t k = n > sizeof(z) ? sizeof(z) : n;
        put(b, z, k);
        n -= k;
    }
}

static void put_u32(struct buf *b, uint32_t v)
{
    uint8_t x[4] = { v, v >> 8, v >> 16, v >> 24 };
    put(b, x, 4);
}

static void note(struct buf *b, const char *name, uint32_t type,
                 const void *desc, uint32_t descsz)
{
    uint32_t namesz = (uint32_t)strlen(name) + 1;

    put_u32(b, namesz);
    put_u32(b, descsz);
    put_u32(b, type);
    put(b, name, namesz);
    put_zero(b, (4 - namesz % 4) % 4);
    put(b, desc, descsz);
    put_zero(b, (4 - descsz % 4) % 4);
}

static void note_str(struct buf *b, uint32_t type, const char *s)
{
    note(b, "Xen", type, s, (uint32_t)strlen(s) + 1);
}

static void note_u64(struct buf *b, uint32_t type, uint64_t v)
{
    note(b, "Xen", type, &v, 8);
}

/* Options for the synthetic kernel. */
struct kopt {
    const char *xen_version;     /* NULL: omit */
    const char *guest_os;
    const char *loader;
    const char *features;
    uint64_t entry;              /* 0: default inside the kernel */
    int no_notes;
    int notes_in_section_only;
    int bad_note_size;
    uint32_t supported;
    uint64_t hypercall_page;
    size_t text_size;            /* bytes of "code" */
};

#define VBASE  0xffffffff80000000ull
#define PADDR  0x1000000ull      /* 16 MiB, like Linux */

/* Builds a 64-bit PV kernel ELF; caller frees .p. */
static struct buf make_kernel(const struct kopt *o)
{
    struct buf notes = { 0 }, img = { 0 };
    size_t text = o->text_size ? o->text_size : 0x300;
    uint64_t memsz = (text + 0x2000 + 0xfff) & ~0xfffull;

    if (!o->no_notes) {
        if (o->xen_version)
            note_str(&notes, XEN_ELFNOTE_XEN_VERSION, o->xen_version);
        if (o->guest_os)
            note_str(&notes, XEN_ELFNOTE_GUEST_OS, o->guest_os);
        if (o->loader)
            note_str(&notes, XEN_ELFNOTE_LOADER, o->loader);
        note_str(&notes, XEN_ELFNOTE_GUEST_VERSION, "2.6");
        note_u64(&notes, XEN_ELFNOTE_VIRT_BASE, VBASE);
        note_u64(&notes, XEN_ELFNOTE_PADDR_OFFSET, 0);
        note_u64(&notes, XEN_ELFNOTE_ENTRY,
                 o->entry ? o->entry : VBASE + PADDR + 0x10);
        note_u64(&notes, XEN_ELFNOTE_INIT_P2M, 0x8000000000ull);
        note_u64(&notes, XEN_ELFNOTE_MOD_START_PFN, 1);
        if (o->hypercall_page)
            note_u64(&notes, XEN_ELFNOTE_HYPERCALL_PAGE, o->hypercall_page);
        if (o->features)
            note_str(&notes, XEN_ELFNOTE_FEATURES, o->features);
        uint32_t sup = o->supported;
        note(&notes, "Xen", XEN_ELFNOTE_SUPPORTED_FEATURES, &sup, 4);
        note(&notes, "GNU", 3, "abcd", 4);      /* a foreign note, skipped */
        if (o->bad_note_size) {
            uint8_t three[3] = { 1, 2, 3 };
            note(&notes, "Xen", XEN_ELFNOTE_SUSPEND_CANCEL, three, 3);
        }
    }

    /* Layout: ehdr, 2 phdrs, notes, [shdrs], pad to 0x1000, text. */
    size_t phoff = sizeof(Elf64_Ehdr);
    size_t notes_off = phoff + 2 * sizeof(Elf64_Phdr);
    size_t shoff = notes_off + notes.len;
    size_t nsh = o->notes_in_section_only ? 2 : 0;
    size_t text_off = 0x1000;

    Elf64_Ehdr eh = { 0 };
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_X86_64;
    eh.e_version = EV_CURRENT;
    eh.e_entry = VBASE + PADDR + 0x20;
    eh.e_phoff = phoff;
    eh.e_ehsize = sizeof(eh);
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = 2;
    eh.e_shentsize = sizeof(Elf64_Shdr);
    eh.e_shnum = (uint16_t)nsh;
    eh.e_shoff = nsh ? shoff : 0;
    put(&img, &eh, sizeof(eh));

    Elf64_Phdr load = {
        .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = text_off,
        .p_vaddr = VBASE + PADDR, .p_paddr = PADDR, .p_filesz = text,
        .p_memsz = memsz, .p_align = 0x1000,
    };
    Elf64_Phdr pnote = {
        .p_type = o->notes_in_section_only ? PT_NULL : PT_NOTE,
        .p_offset = notes_off, .p_filesz = notes.len, .p_memsz = notes.len,
        .p_align = 4,
    };
    put(&img, &load, sizeof(load));
    put(&img, &pnote, sizeof(pnote));
    put(&img, notes.p, notes.len);
    if (nsh) {
        Elf64_Shdr null = { 0 }, sn = {
            .sh_type = SHT_NOTE, .sh_offset = notes_off,
            .sh_size = notes.len, .sh_addralign = 4,
        };
        put(&img, &null, sizeof(null));
        put(&img, &sn, sizeof(sn));
    }
    put_zero(&img, text_off - img.len);
    for (size_t i = 0; i < text; i++) {
        uint8_t c = (uint8_t)(i * 7 + (i >> 8));
        put(&img, &c, 1);
    }
    free(notes.p);
    return img;
}

static const struct kopt linux_like = {
    .xen_version = "xen-3.0", .guest_os = "linux",
    .features = "!writable_page_tables|pae_pgdir_above_4gb",
    .supported = 1u << XENFEAT_dom0,
};

/* ---- compressors for the tests ---- */

static struct buf squash(enum kimg_codec c, const uint8_t *in, size_t n)
{
    struct buf out = { 0 };

    switch (c) {
    case KIMG_CODEC_GZIP: {
        z_stream z = { 0 };
        out.cap = compressBound(n) + 64;
        out.p = malloc(out.cap);
        deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
        z.next_in = (Bytef *)in;
        z.avail_in = (uInt)n;
        z.next_out = out.p;
        z.avail_out = (uInt)out.cap;
        deflate(&z, Z_FINISH);
        out.len = z.total_out;
        deflateEnd(&z);
        break;
    }
    case KIMG_CODEC_BZIP2: {
        unsigned int dl = (unsigned)(n + n / 100 + 700);
        out.p = malloc(dl);
        BZ2_bzBuffToBuffCompress((char *)out.p, &dl, (char *)in,
                                 (unsigned)n, 9, 0, 0);
        out.len = dl;
        break;
    }
    case KIMG_CODEC_XZ: {
        out.cap = lzma_stream_buffer_bound(n);
        out.p = malloc(out.cap);
        lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, in, n, out.p,
                                &out.len, out.cap);
        break;
    }
    case KIMG_CODEC_LZMA: {
        lzma_options_lzma opt;
        lzma_stream s = LZMA_STREAM_INIT;
        lzma_lzma_preset(&opt, 6);
        if (lzma_alone_encoder(&s, &opt) != LZMA_OK)
            break;
        out.cap = n + n / 2 + 4096;
        out.p = malloc(out.cap);
        s.next_in = in;
        s.avail_in = n;
        s.next_out = out.p;
        s.avail_out = out.cap;
        while (lzma_code(&s, LZMA_FINISH) == LZMA_OK)
            ;
        out.len = out.cap - s.avail_out;
        lzma_end(&s);
        break;
    }
    case KIMG_CODEC_LZ4: {
        /* Linux's legacy frame: magic, then (size, block) pairs. */
        int bound = LZ4_compressBound((int)n);
        uint8_t *blk = malloc((size_t)bound);
        int cl = LZ4_compress_default((const char *)in, (char *)blk, (int)n,
                                      bound);
        put_u32(&out, 0x184C2102u);
        put_u32(&out, (uint32_t)cl);
        put(&out, blk, (size_t)cl);
        free(blk);
        break;
    }
    case KIMG_CODEC_ZSTD:
        out.cap = ZSTD_compressBound(n);
        out.p = malloc(out.cap);
        out.len = ZSTD_compress(out.p, out.cap, in, n, 3);
        break;
    default:
        break;
    }
    return out;
}

/* Wraps PAYLOAD in a minimal bzImage (boot protocol 2.15). */
static struct buf make_bzimage(const uint8_t *pl, size_t n, uint32_t uncomp)
{
    struct buf b = { 0 };
    uint8_t setup[1024] = { 0 };
    uint32_t plen = (uint32_t)n + 4;          /* + Linux's size word */

    setup[0x1f1] = 1;                         /* setup_sects */
    memcpy(setup + 0x202, "HdrS", 4);
    setup[0x206] = 0x0f;                      /* version 2.15 */
    setup[0x207] = 0x02;
    setup[0x248] = 0x40;                      /* payload_offset */
    memcpy(setup + 0x24c, &plen, 4);
    put(&b, setup, sizeof(setup));
    put_zero(&b, 0x40);                       /* decompressor stub */
    put(&b, pl, n);
    put_u32(&b, uncomp);
    put_zero(&b, 100);                        /* trailing stuff */
    return b;
}

/* ---- tests ---- */

TEST(kimg_plain_elf_parses_like_linux)
{
    struct buf k = make_kernel(&linux_like);
    struct kimg img;
    struct xen_elf_info info;

    CHECK_EQ(kimg_unpack(k.p, k.len, &img, err, sizeof(err)), 0);
    CHECK_EQ(img.format, KIMG_ELF);
    CHECK_EQ(img.elf_size, k.len);
    CHECK_EQ(xen_elf_parse(img.elf, img.elf_size, &info, err, sizeof(err)), 0);
    CHECK_STR(info.guest_os, "linux");
    CHECK_STR(info.xen_version, "xen-3.0");
    CHECK_STR(info.guest_version, "2.6");
    CHECK_EQ(info.virt_base, VBASE);
    CHECK_EQ(info.paddr_offset, 0);
    CHECK_EQ(info.virt_kstart, VBASE + PADDR);
    CHECK_EQ(info.virt_kend, VBASE + PADDR + 0x3000);
    CHECK_EQ(info.virt_entry, VBASE + PADDR + 0x10);
    CHECK_EQ(info.init_p2m, 0x8000000000ull);
    CHECK_EQ(info.mod_start_pfn, 1);
    CHECK_EQ(info.hypercall_page, XEN_ELF_UNSET);
    CHECK_EQ(info.nseg, 1);
    CHECK_EQ(info.notes_seen, 10);
    CHECK_EQ(info.f_required, 1u << XENFEAT_writable_page_tables);
    CHECK_EQ(info.f_supported, (1u << XENFEAT_writable_page_tables) |
             (1u << XENFEAT_pae_pgdir_above_4gb) | (1u << XENFEAT_dom0));
    CHECK_STR(xen_elf_guest_type(&info), "xen-3.0-x86_64");
    kimg_dispose(&img);
    free(k.p);
}

TEST(kimg_load_copies_and_zero_fills)
{
    struct buf k = make_kernel(&linux_like);
    struct xen_elf_info info;
    size_t span;
    uint8_t *mem;

    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), 0);
    span = info.virt_kend - info.virt_kstart;
    mem = malloc(span);
    memset(mem, 0xaa, span);
    CHECK_EQ(xen_elf_load(&info, k.p, k.len, mem, span, err, sizeof(err)), 0);
    CHECK(memcmp(mem, k.p + 0x1000, 0x300) == 0);
    CHECK_EQ(mem[0x300], 0);
    CHECK_EQ(mem[span - 1], 0);
    /* A too-small destination is refused, not overrun. */
    CHECK_EQ(xen_elf_load(&info, k.p, k.len, mem, span - 1, err,
                          sizeof(err)), -1);
    CHECK(strstr(err, "does not fit"));
    free(mem);
    free(k.p);
}

TEST(kimg_every_codec_in_a_bzimage)
{
    static const enum kimg_codec codecs[] = {
        KIMG_CODEC_GZIP, KIMG_CODEC_BZIP2, KIMG_CODEC_XZ, KIMG_CODEC_LZMA,
        KIMG_CODEC_LZ4, KIMG_CODEC_ZSTD,
    };
    struct kopt o = linux_like;
    o.text_size = 200000;                      /* several lz4 windows */
    struct buf k = make_kernel(&o);

    for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
        struct buf c = squash(codecs[i], k.p, k.len);
        struct buf bz = make_bzimage(c.p, c.len, (uint32_t)k.len);
        struct kimg img;
        struct xen_elf_info info;

        CHECK_EQ(kimg_detect_codec(c.p, c.len), codecs[i]);
        if (kimg_unpack(bz.p, bz.len, &img, err, sizeof(err))) {
            unit_fail(__FILE__, __LINE__, "%s: %s",
                      kimg_codec_name(codecs[i]), err);
        } else {
            CHECK_EQ(img.format, KIMG_BZIMAGE);
            CHECK_EQ(img.codec, codecs[i]);
            CHECK_EQ(img.bzimage_version, 0x20f);
            CHECK_EQ(img.elf_size, k.len);
            CHECK(memcmp(img.elf, k.p, k.len) == 0);
            CHECK_EQ(xen_elf_parse(img.elf, img.elf_size, &info, err,
                                   sizeof(err)), 0);
            kimg_dispose(&img);
        }
        free(c.p);
        free(bz.p);
    }
    free(k.p);
}

TEST(kimg_lz4_frame_format_too)
{
    struct buf k = make_kernel(&linux_like);
    size_t cap = LZ4F_compressFrameBound(k.len, NULL);
    uint8_t *c = malloc(cap);
    size_t cl = LZ4F_compressFrame(c, cap, k.p, k.len, NULL);
    uint8_t *out;
    size_t out_len;

    CHECK_EQ(kimg_detect_codec(c, cl), KIMG_CODEC_LZ4);
    CHECK_EQ(kimg_decompress(KIMG_CODEC_LZ4, c, cl, 1 << 20, &out, &out_len,
                             err, sizeof(err)), 0);
    CHECK_EQ(out_len, k.len);
    CHECK(out && memcmp(out, k.p, k.len) == 0);
    free(out);
    free(c);
    free(k.p);
}

TEST(kimg_whole_file_gzip)
{
    struct buf k = make_kernel(&linux_like);
    struct buf c = squash(KIMG_CODEC_GZIP, k.p, k.len);
    struct kimg img;

    CHECK_EQ(kimg_unpack(c.p, c.len, &img, err, sizeof(err)), 0);
    CHECK_EQ(img.format, KIMG_GZIP_FILE);
    CHECK_EQ(img.elf_size, k.len);
    kimg_dispose(&img);
    free(c.p);
    free(k.p);
}

TEST(kimg_decompress_limit_enforced)
{
    struct kopt o = linux_like;
    o.text_size = 3 << 20;
    struct buf k = make_kernel(&o);
    static const enum kimg_codec codecs[] = {
        KIMG_CODEC_GZIP, KIMG_CODEC_BZIP2, KIMG_CODEC_XZ, KIMG_CODEC_LZMA,
        KIMG_CODEC_LZ4, KIMG_CODEC_ZSTD,
    };

    for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
        struct buf c = squash(codecs[i], k.p, k.len);
        uint8_t *out = (uint8_t *)1;
        size_t out_len = 1;

        if (kimg_decompress(codecs[i], c.p, c.len, 1 << 20, &out, &out_len,
                            err, sizeof(err)) == 0) {
            unit_fail(__FILE__, __LINE__, "%s: limit not enforced",
                      kimg_codec_name(codecs[i]));
            free(out);
        } else {
            CHECK(strstr(err, "larger than 1 MiB"));
            CHECK(out == NULL && out_len == 0);
        }
        free(c.p);
    }
    free(k.p);
}

TEST(kimg_truncated_and_corrupt_streams_refused)
{
    struct buf k = make_kernel(&linux_like);
    static const enum kimg_codec codecs[] = {
        KIMG_CODEC_GZIP, KIMG_CODEC_BZIP2, KIMG_CODEC_XZ, KIMG_CODEC_LZMA,
        KIMG_CODEC_LZ4, KIMG_CODEC_ZSTD,
    };

    for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
        struct buf c = squash(codecs[i], k.p, k.len);
        uint8_t *out;
        size_t out_len;

        /* Cut in half. */
        if (kimg_decompress(codecs[i], c.p, c.len / 2, 1 << 24, &out,
                            &out_len, err, sizeof(err)) == 0) {
            unit_fail(__FILE__, __LINE__, "%s: truncated stream accepted",
                      kimg_codec_name(codecs[i]));
            free(out);
        }
        /* Flip bytes in the middle. */
        for (size_t j = c.len / 3; j < c.len / 3 + 16 && j < c.len; j++)
            c.p[j] ^= 0x5a;
        if (kimg_decompress(codecs[i], c.p, c.len, 1 << 24, &out, &out_len,
                            err, sizeof(err)) == 0) {
            /* A codec without a checksum may decode garbage; it must at
             * least not return the original. */
            CHECK(out_len != k.len || memcmp(out, k.p, k.len) != 0);
            free(out);
        }
        free(c.p);
    }
    free(k.p);
}

TEST(kimg_unknown_formats_refused_by_name)
{
    static const uint8_t junk[64] = "this is not a kernel";
    struct kimg img;
    uint8_t lzo[8] = { 0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a, 0x1a };
    struct buf bz;

    CHECK_EQ(kimg_unpack(junk, sizeof(junk), &img, err, sizeof(err)), -1);
    CHECK_STR(err, "not a kernel image: neither ELF, bzImage nor gzip");
    bz = make_bzimage(lzo, sizeof(lzo), 100);
    CHECK_EQ(kimg_unpack(bz.p, bz.len, &img, err, sizeof(err)), -1);
    CHECK_STR(err, "bzImage payload is lzo, which is not supported");
    free(bz.p);
    bz = make_bzimage(junk, sizeof(junk), 100);
    CHECK_EQ(kimg_unpack(bz.p, bz.len, &img, err, sizeof(err)), -1);
    CHECK(strstr(err, "unknown compression format (starts 74 68 69 73)"));
    free(bz.p);
    CHECK_EQ(kimg_unpack(junk, 0, &img, err, sizeof(err)), -1);
}

TEST(kimg_bzimage_header_bounds)
{
    struct buf k = make_kernel(&linux_like);
    struct buf c = squash(KIMG_CODEC_XZ, k.p, k.len);
    struct buf bz = make_bzimage(c.p, c.len, (uint32_t)k.len);
    struct kimg img;
    uint32_t huge = 0xfffffff0u;

    /* payload_length beyond the file */
    memcpy(bz.p + 0x24c, &huge, 4);
    CHECK_EQ(kimg_unpack(bz.p, bz.len, &img, err, sizeof(err)), -1);
    CHECK(strstr(err, "lies outside"));
    /* payload_offset beyond the file */
    free(bz.p);
    bz = make_bzimage(c.p, c.len, (uint32_t)k.len);
    memcpy(bz.p + 0x248, &huge, 4);
    CHECK_EQ(kimg_unpack(bz.p, bz.len, &img, err, sizeof(err)), -1);
    CHECK(strstr(err, "lies outside"));
    /* old boot protocol */
    free(bz.p);
    bz = make_bzimage(c.p, c.len, (uint32_t)k.len);
    bz.p[0x206] = 0x06;
    CHECK_EQ(kimg_unpack(bz.p, bz.len, &img, err, sizeof(err)), -1);
    CHECK(strstr(err, "older than 2.08"));
    /* a truncated setup header is simply not a bzImage */
    CHECK_EQ(kimg_unpack(bz.p, 0x240, &img, err, sizeof(err)), -1);
    free(bz.p);
    free(c.p);
    free(k.p);
}

TEST(xen_elf_notes_from_sections)
{
    struct kopt o = linux_like;
    o.notes_in_section_only = 1;
    struct buf k = make_kernel(&o);
    struct xen_elf_info info;

    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), 0);
    CHECK_STR(info.guest_os, "linux");
    CHECK_EQ(info.virt_entry, VBASE + PADDR + 0x10);
    free(k.p);
}

TEST(xen_elf_refusals)
{
    struct xen_elf_info info;
    struct kopt o;
    struct buf k;

    o = linux_like; o.no_notes = 1;
    k = make_kernel(&o);
    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), -1);
    CHECK_STR(err, "no Xen ELF notes: not a Xen PV kernel");
    free(k.p);

    o = linux_like; o.xen_version = "xen-2.0";
    k = make_kernel(&o);
    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), -1);
    CHECK_STR(err, "kernel is built for 'xen-2.0', not xen-3.0");
    free(k.p);

    o = linux_like; o.guest_os = "plan9";
    k = make_kernel(&o);
    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), -1);
    CHECK(strstr(err, "neither for the generic loader nor Linux"));
    free(k.p);

    o = linux_like; o.guest_os = "mini-os"; o.loader = "generic";
    k = make_kernel(&o);
    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), 0);
    free(k.p);

    o = linux_like; o.features = "writable_page_tables|!dom0";
    k = make_kernel(&o);
    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), -1);
    CHECK_STR(err, "kernel requires to run as dom0");
    free(k.p);

    o = linux_like; o.entry = 0x1234;
    k = make_kernel(&o);
    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), -1);
    CHECK(strstr(err, "entry point 0x1234 lies outside the kernel"));
    free(k.p);

    o = linux_like; o.hypercall_page = VBASE + PADDR + 0x800;
    k = make_kernel(&o);
    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), -1);
    CHECK(strstr(err, "hypercall page"));
    free(k.p);

    o = linux_like; o.hypercall_page = VBASE + PADDR + 0x1000;
    k = make_kernel(&o);
    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), 0);
    CHECK_EQ(info.hypercall_page, VBASE + PADDR + 0x1000);
    free(k.p);

    o = linux_like; o.bad_note_size = 1;
    k = make_kernel(&o);
    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), -1);
    CHECK_STR(err, "Xen ELF note 14 has a 3-byte value (expected 1, 2, 4 or 8)");
    free(k.p);

    o = linux_like; o.features = "unknown_thing|writable_page_tables";
    k = make_kernel(&o);
    CHECK_EQ(xen_elf_parse(k.p, k.len, &info, err, sizeof(err)), 0);
    CHECK_EQ(info.f_required, 0);
    free(k.p);
}

TEST(xen_elf_header_damage_refused)
{
    struct buf k = make_kernel(&linux_like);
    struct xen_elf_info info;
    uint8_t *m = malloc(k.len);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)m;
    Elf64_Phdr *ph = (Elf64_Phdr *)(m + sizeof(Elf64_Ehdr));

#define RESET() memcpy(m, k.p, k.len)
    RESET(); m[EI_CLASS] = ELFCLASS32;
    CHECK_EQ(xen_elf_parse(m, k.len, &info, err, sizeof(err)), -1);
    CHECK(strstr(err, "only 64-bit"));
    RESET(); eh->e_machine = EM_386;
    CHECK_EQ(xen_elf_parse(m, k.len, &info, err, sizeof(err)), -1);
    RESET(); eh->e_phnum = 1000;
    CHECK_EQ(xen_elf_parse(m, k.len, &info, err, sizeof(err)), -1);
    CHECK(strstr(err, "bad program header table"));
    RESET(); eh->e_phoff = k.len - 8;
    CHECK_EQ(xen_elf_parse(m, k.len, &info, err, sizeof(err)), -1);
    RESET(); ph[0].p_filesz = k.len;
    CHECK_EQ(xen_elf_parse(m, k.len, &info, err, sizeof(err)), -1);
    CHECK(strstr(err, "loadable segment 0 is malformed"));
    RESET(); ph[0].p_memsz = 4;
    CHECK_EQ(xen_elf_parse(m, k.len, &info, err, sizeof(err)), -1);
    RESET(); ph[0].p_memsz = 4ull << 30;
    CHECK_EQ(xen_elf_parse(m, k.len, &info, err, sizeof(err)), -1);
    RESET(); ph[1].p_filesz = k.len;
    CHECK_EQ(xen_elf_parse(m, k.len, &info, err, sizeof(err)), -1);
    CHECK(strstr(err, "note area"));
    RESET(); ph[0].p_type = PT_NULL;
    CHECK_EQ(xen_elf_parse(m, k.len, &info, err, sizeof(err)), -1);
    CHECK_STR(err, "no loadable segments");
    /* A note whose descsz runs past its area. */
    RESET();
    {
        uint32_t big = 0x10000;
        memcpy(m + ph[1].p_offset + 4, &big, 4);
    }
    CHECK_EQ(xen_elf_parse(m, k.len, &info, err, sizeof(err)), -1);
    CHECK(strstr(err, "truncated ELF note"));
    /* Every truncation of the file is refused without reading past it. */
    for (size_t cut = 0; cut < 0x1000; cut += 7) {
        uint8_t *t = malloc(cut ? cut : 1);
        memcpy(t, k.p, cut);
        if (xen_elf_parse(t, cut, &info, err, sizeof(err)) == 0)
            unit_fail(__FILE__, __LINE__, "truncated to %zu accepted", cut);
        free(t);
    }
#undef RESET
    free(m);
    free(k.p);
}

TEST(kimg_debian_vmlinuz_if_cached)
{
    const char *cache = getenv("XENOLITH_CACHE");
    const char *home = getenv("HOME");
    char path[512];
    struct kimg img;
    struct xen_elf_info info;
    FILE *f;

    if (cache)
        snprintf(path, sizeof(path), "%s/kernel/vmlinuz", cache);
    else
        snprintf(path, sizeof(path), "%s/.cache/xenolith/kernel/vmlinuz",
                 home ? home : "/root");
    f = fopen(path, "rb");
    if (!f) {
        printf("  (no %s: real-kernel check skipped)\n", path);
        return;
    }
    fclose(f);
    CHECK_EQ(kimg_load_file(path, &img, err, sizeof(err)), 0);
    if (!img.elf) {
        printf("  %s\n", err);
        return;
    }
    CHECK_EQ(img.format, KIMG_BZIMAGE);
    CHECK_EQ(img.codec, KIMG_CODEC_XZ);
    CHECK_EQ(xen_elf_parse(img.elf, img.elf_size, &info, err, sizeof(err)), 0);
    CHECK_STR(info.guest_os, "linux");
    CHECK_EQ(info.virt_base, 0xffffffff80000000ull);
    CHECK_EQ(info.paddr_offset, 0);
    CHECK_EQ(info.init_p2m, 0x8000000000ull);
    CHECK_EQ(info.mod_start_pfn, 1);
    CHECK_EQ(info.hypercall_page, XEN_ELF_UNSET);
    CHECK(info.virt_entry >= info.virt_kstart &&
          info.virt_entry < info.virt_kend);
    printf("  %s: bzImage %u.%02u, xz, ELF %zu bytes, kernel %#llx-%#llx, "
           "entry %#llx\n", path, img.bzimage_version >> 8,
           img.bzimage_version & 0xff, img.elf_size,
           (unsigned long long)info.virt_kstart,
           (unsigned long long)info.virt_kend,
           (unsigned long long)info.virt_entry);
    kimg_dispose(&img);
}

/* SPDX-License-Identifier: MIT */
/*
 * kernel_image.c - kernel file formats and decompression (see
 * kernel_image.h).  Decompression uses Debian's zlib, libbz2, liblzma,
 * liblz4 and libzstd.
 *
 * bzImage facts (Linux Documentation/x86/boot.rst): the real-mode setup
 * header holds setup_sects at 0x1f1 (0 means 4), the magic "HdrS" at
 * 0x202, the boot protocol version at 0x206, and from version 2.08 on
 * payload_offset (0x248) and payload_length (0x24c).  The payload starts
 * payload_offset bytes into the protected-mode part, which begins after
 * (setup_sects + 1) sectors of 512 bytes.
 */
#include "kernel_image.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bzlib.h>
#include <lz4.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

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

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

const char *kimg_codec_name(enum kimg_codec c)
{
    switch (c) {
    case KIMG_CODEC_NONE: return "none";
    case KIMG_CODEC_GZIP: return "gzip";
    case KIMG_CODEC_BZIP2: return "bzip2";
    case KIMG_CODEC_XZ: return "xz";
    case KIMG_CODEC_LZMA: return "lzma";
    case KIMG_CODEC_LZ4: return "lz4";
    case KIMG_CODEC_ZSTD: return "zstd";
    }
    return "?";
}

#define LZ4_LEGACY_MAGIC 0x184C2102u
#define LZ4_LEGACY_BLOCK (8u << 20)

enum kimg_codec kimg_detect_codec(const uint8_t *b, size_t n)
{
    if (n >= 2 && b[0] == 0x1f && (b[1] == 0x8b || b[1] == 0x9e))
        return KIMG_CODEC_GZIP;
    if (n >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h')
        return KIMG_CODEC_BZIP2;
    if (n >= 6 && !memcmp(b, "\xfd" "7zXZ\0", 6))
        return KIMG_CODEC_XZ;
    if (n >= 3 && b[0] == 0x5d && b[1] == 0x00 && b[2] == 0x00)
        return KIMG_CODEC_LZMA;
    if (n >= 4 && (le32(b) == LZ4_LEGACY_MAGIC || le32(b) == 0x184D2204u))
        return KIMG_CODEC_LZ4;
    if (n >= 4 && le32(b) == 0xFD2FB528u)
        return KIMG_CODEC_ZSTD;
    return KIMG_CODEC_NONE;
}

/* ---- a bounded, growing output buffer ---- */

struct obuf {
    uint8_t *p;
    size_t len, cap, limit;
};

/* Makes room for at least WANT more bytes; -1 past the limit. */
static int ob_reserve(struct obuf *o, size_t want)
{
    size_t ncap;
    uint8_t *np;

    if (o->cap - o->len >= want)
        return 0;
    if (want > o->limit - o->len)
        want = o->limit - o->len;
    if (want == 0)
        return -1;
    ncap = o->cap ? o->cap : (1u << 20);
    while (ncap - o->len < want)
        ncap = ncap > o->limit / 2 ? o->limit : ncap * 2;
    if (ncap > o->limit)
        ncap = o->limit;
    np = realloc(o->p, ncap);
    if (!np)
        return -1;
    o->p = np;
    o->cap = ncap;
    return 0;
}

/* Grows so that at least one more byte fits; -1 when at the limit. */
static int ob_more(struct obuf *o)
{
    size_t want = o->cap ? o->cap : (1u << 20);

    return ob_reserve(o, want);
}

static int too_big(char *err, size_t errlen, const char *what, size_t limit)
{
    fmt(err, errlen, "%s: decompressed data larger than %zu MiB", what,
        limit >> 20);
    return -1;
}

static int do_gzip(const uint8_t *in, size_t n, struct obuf *o,
                   char *err, size_t errlen)
{
    z_stream z = { 0 };
    int rc;

    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        fmt(err, errlen, "gzip: cannot initialise zlib");
        return -1;
    }
    z.next_in = (Bytef *)in;
    for (;;) {
        /* zlib counts in uInt; feed at most 1 GiB at a time. */
        if (z.avail_in == 0 && (size_t)(z.next_in - in) < n) {
            size_t left = n - (size_t)(z.next_in - in);
            z.avail_in = (uInt)(left > (1u << 30) ? (1u << 30) : left);
        }
        if (o->len == o->cap && ob_more(o)) {
            inflateEnd(&z);
            return too_big(err, errlen, "gzip", o->limit);
        }
        z.next_out = o->p + o->len;
        z.avail_out = (uInt)(o->cap - o->len > (1u << 30) ? (1u << 30)
                                                          : o->cap - o->len);
        size_t before = z.avail_out;
        rc = inflate(&z, Z_NO_FLUSH);
        o->len += before - z.avail_out;
        if (rc == Z_STREAM_END)
            break;
        if (rc == Z_BUF_ERROR && z.avail_in == 0 &&
            (size_t)(z.next_in - in) >= n) {
            inflateEnd(&z);
            fmt(err, errlen, "gzip: data truncated");
            return -1;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            inflateEnd(&z);
            fmt(err, errlen, "gzip: corrupt data (%s)", z.msg ? z.msg : "?");
            return -1;
        }
    }
    inflateEnd(&z);
    return 0;
}

static int do_bzip2(const uint8_t *in, size_t n, struct obuf *o,
                    char *err, size_t errlen)
{
    bz_stream b = { 0 };
    int rc;

    if (BZ2_bzDecompressInit(&b, 0, 0) != BZ_OK) {
        fmt(err, errlen, "bzip2: cannot initialise libbz2");
        return -1;
    }
    b.next_in = (char *)in;
    b.avail_in = (unsigned)(n > (1u << 30) ? (1u << 30) : n);
    for (;;) {
        if (o->len == o->cap && ob_more(o)) {
            BZ2_bzDecompressEnd(&b);
            return too_big(err, errlen, "bzip2", o->limit);
        }
        b.next_out = (char *)o->p + o->len;
        b.avail_out = (unsigned)(o->cap - o->len > (1u << 30) ? (1u << 30)
                                                              : o->cap - o->len);
        unsigned before = b.avail_out;
        rc = BZ2_bzDecompress(&b);
        o->len += before - b.avail_out;
        if (rc == BZ_STREAM_END)
            break;
        if (rc != BZ_OK) {
            BZ2_bzDecompressEnd(&b);
            fmt(err, errlen, "bzip2: corrupt data (error %d)", rc);
            return -1;
        }
        if (b.avail_in == 0 && b.avail_out != 0) {
            BZ2_bzDecompressEnd(&b);
            fmt(err, errlen, "bzip2: data truncated");
            return -1;
        }
    }
    BZ2_bzDecompressEnd(&b);
    return 0;
}

static int do_lzma(int xz, const uint8_t *in, size_t n, struct obuf *o,
                   char *err, size_t errlen)
{
    lzma_stream s = LZMA_STREAM_INIT;
    const char *what = xz ? "xz" : "lzma";
    lzma_ret rc;

    /* 256 MiB of decoder memory is far beyond any kernel's dictionary. */
    rc = xz ? lzma_stream_decoder(&s, 256u << 20, 0)
            : lzma_alone_decoder(&s, 256u << 20);
    if (rc != LZMA_OK) {
        fmt(err, errlen, "%s: cannot initialise liblzma", what);
        return -1;
    }
    s.next_in = in;
    s.avail_in = n;
    for (;;) {
        if (o->len == o->cap && ob_more(o)) {
            lzma_end(&s);
            return too_big(err, errlen, what, o->limit);
        }
        s.next_out = o->p + o->len;
        s.avail_out = o->cap - o->len;
        size_t before = s.avail_out;
        rc = lzma_code(&s, s.avail_in ? LZMA_RUN : LZMA_FINISH);
        o->len += before - s.avail_out;
        if (rc == LZMA_STREAM_END)
            break;
        if (rc == LZMA_BUF_ERROR || (rc == LZMA_OK && s.avail_in == 0 &&
                                     s.avail_out != 0 && !xz)) {
            lzma_end(&s);
            fmt(err, errlen, "%s: data truncated", what);
            return -1;
        }
        if (rc != LZMA_OK) {
            lzma_end(&s);
            fmt(err, errlen, "%s: corrupt data (error %d)", what, (int)rc);
            return -1;
        }
    }
    lzma_end(&s);
    return 0;
}

static int do_zstd(const uint8_t *in, size_t n, struct obuf *o,
                   char *err, size_t errlen)
{
    ZSTD_DStream *d = ZSTD_createDStream();
    ZSTD_inBuffer ib = { in, n, 0 };
    size_t rc;

    if (!d) {
        fmt(err, errlen, "zstd: cannot initialise libzstd");
        return -1;
    }
    ZSTD_initDStream(d);
    for (;;) {
        if (o->len == o->cap && ob_more(o)) {
            ZSTD_freeDStream(d);
            return too_big(err, errlen, "zstd", o->limit);
        }
        ZSTD_outBuffer ob = { o->p + o->len, o->cap - o->len, 0 };
        rc = ZSTD_decompressStream(d, &ob, &ib);
        o->len += ob.pos;
        if (ZSTD_isError(rc)) {
            ZSTD_freeDStream(d);
            fmt(err, errlen, "zstd: corrupt data (%s)",
                ZSTD_getErrorName(rc));
            return -1;
        }
        if (rc == 0)
            break;              /* frame complete */
        if (ib.pos == ib.size && ob.pos < ob.size) {
            ZSTD_freeDStream(d);
            fmt(err, errlen, "zstd: data truncated");
            return -1;
        }
    }
    ZSTD_freeDStream(d);
    return 0;
}

/* LZ4 frame format (lz4 tool default). */
static int do_lz4_frame(const uint8_t *in, size_t n, struct obuf *o,
                        char *err, size_t errlen)
{
    LZ4F_dctx *dc;
    size_t pos = 0, rc = 1;

    if (LZ4F_isError(LZ4F_createDecompressionContext(&dc, LZ4F_VERSION))) {
        fmt(err, errlen, "lz4: cannot initialise liblz4");
        return -1;
    }
    while (rc != 0) {
        if (pos == n) {
            LZ4F_freeDecompressionContext(dc);
            fmt(err, errlen, "lz4: data truncated");
            return -1;
        }
        if (o->len == o->cap && ob_more(o)) {
            LZ4F_freeDecompressionContext(dc);
            return too_big(err, errlen, "lz4", o->limit);
        }
        size_t outn = o->cap - o->len, inn = n - pos;
        rc = LZ4F_decompress(dc, o->p + o->len, &outn, in + pos, &inn, NULL);
        if (LZ4F_isError(rc)) {
            LZ4F_freeDecompressionContext(dc);
            fmt(err, errlen, "lz4: corrupt data (%s)", LZ4F_getErrorName(rc));
            return -1;
        }
        o->len += outn;
        pos += inn;
        if (outn == 0 && inn == 0 && o->len < o->cap) {
            LZ4F_freeDecompressionContext(dc);
            fmt(err, errlen, "lz4: decoder made no progress");
            return -1;
        }
    }
    LZ4F_freeDecompressionContext(dc);
    return 0;
}

/*
 * The legacy frame Linux uses (lz4 -l): magic, then blocks of "u32
 * compressed size, data", each up to 8 MiB decompressed.  A repeated
 * magic starts another frame; a last lone u32 is the size Linux appends.
 */
static int do_lz4(const uint8_t *in, size_t n, struct obuf *o,
                  char *err, size_t errlen)
{
    size_t pos = 4;
    int blocks = 0;

    if (le32(in) != LZ4_LEGACY_MAGIC)
        return do_lz4_frame(in, n, o, err, errlen);
    while (n - pos >= 4) {
        uint32_t c = le32(in + pos);
        int got;

        pos += 4;
        if (c == LZ4_LEGACY_MAGIC)
            continue;
        if (pos == n && blocks)
            break;              /* the appended size */
        if (c == 0 || c > n - pos || c > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK)) {
            fmt(err, errlen, "lz4: bad block size %u at offset %zu", c,
                pos - 4);
            return -1;
        }
        if (ob_reserve(o, LZ4_LEGACY_BLOCK) || o->cap - o->len == 0)
            return too_big(err, errlen, "lz4", o->limit);
        size_t room = o->cap - o->len;
        got = LZ4_decompress_safe((const char *)in + pos,
                                  (char *)o->p + o->len, (int)c,
                                  (int)(room > LZ4_LEGACY_BLOCK ?
                                        LZ4_LEGACY_BLOCK : room));
        if (got < 0) {
            if (room < LZ4_LEGACY_BLOCK)
                return too_big(err, errlen, "lz4", o->limit);
            fmt(err, errlen, "lz4: corrupt block at offset %zu", pos - 4);
            return -1;
        }
        o->len += (size_t)got;
        pos += c;
        blocks++;
    }
    if (!blocks) {
        fmt(err, errlen, "lz4: no data");
        return -1;
    }
    return 0;
}

int kimg_decompress(enum kimg_codec codec, const uint8_t *in, size_t in_len,
                    size_t limit, uint8_t **out, size_t *out_len,
                    char *err, size_t errlen)
{
    struct obuf o = { .limit = limit };
    int rc;

    *out = NULL;
    *out_len = 0;
    switch (codec) {
    case KIMG_CODEC_GZIP: rc = do_gzip(in, in_len, &o, err, errlen); break;
    case KIMG_CODEC_BZIP2: rc = do_bzip2(in, in_len, &o, err, errlen); break;
    case KIMG_CODEC_XZ: rc = do_lzma(1, in, in_len, &o, err, errlen); break;
    case KIMG_CODEC_LZMA: rc = do_lzma(0, in, in_len, &o, err, errlen); break;
    case KIMG_CODEC_LZ4: rc = do_lz4(in, in_len, &o, err, errlen); break;
    case KIMG_CODEC_ZSTD: rc = do_zstd(in, in_len, &o, err, errlen); break;
    default:
        fmt(err, errlen, "no decompressor for %s", kimg_codec_name(codec));
        return -1;
    }
    if (rc) {
        free(o.p);
        return -1;
    }
    *out = o.p;
    *out_len = o.len;
    return 0;
}

static int is_elf(const uint8_t *b, size_t n)
{
    return n >= 4 && !memcmp(b, "\x7f" "ELF", 4);
}

/* Finds the compressed payload of a bzImage; 1 found, 0 not a bzImage. */
static int bzimage_payload(const uint8_t *b, size_t n, const uint8_t **pl,
                           size_t *pl_len, uint16_t *version,
                           char *err, size_t errlen)
{
    uint64_t setup, off, len;

    if (n < 0x250 || memcmp(b + 0x202, "HdrS", 4) != 0)
        return 0;
    *version = le16(b + 0x206);
    if (*version < 0x208) {
        fmt(err, errlen, "bzImage boot protocol %u.%02u is older than 2.08 "
            "and has no payload fields", *version >> 8, *version & 0xff);
        return -1;
    }
    setup = b[0x1f1] ? b[0x1f1] : 4;
    off = (setup + 1) * 512 + le32(b + 0x248);
    len = le32(b + 0x24c);
    if (off > n || len > n - off || len == 0) {
        fmt(err, errlen, "bzImage payload (offset %llu, %llu bytes) lies "
            "outside the %zu-byte file", (unsigned long long)off,
            (unsigned long long)len, n);
        return -1;
    }
    *pl = b + off;
    *pl_len = (size_t)len;
    return 1;
}

int kimg_unpack(const uint8_t *data, size_t size, struct kimg *out,
                char *err, size_t errlen)
{
    const uint8_t *pl;
    size_t pl_len;
    uint16_t version = 0;
    enum kimg_codec codec;
    int rc;

    memset(out, 0, sizeof(*out));
    if (size > KIMG_MAX_FILE) {
        fmt(err, errlen, "kernel file larger than %u MiB", KIMG_MAX_FILE >> 20);
        return -1;
    }
    if (is_elf(data, size)) {
        out->elf = malloc(size ? size : 1);
        if (!out->elf) {
            fmt(err, errlen, "out of memory");
            return -1;
        }
        memcpy(out->elf, data, size);
        out->elf_size = size;
        out->format = KIMG_ELF;
        return 0;
    }
    if (kimg_detect_codec(data, size) == KIMG_CODEC_GZIP) {
        if (kimg_decompress(KIMG_CODEC_GZIP, data, size, KIMG_MAX_UNPACKED,
                            &out->elf, &out->elf_size, err, errlen))
            return -1;
        out->format = KIMG_GZIP_FILE;
        out->codec = KIMG_CODEC_GZIP;
        /* A gzip'ed bzImage is not a thing; a gzip'ed ELF is. */
        if (!is_elf(out->elf, out->elf_size)) {
            kimg_dispose(out);
            fmt(err, errlen, "gzip file does not contain an ELF image");
            return -1;
        }
        return 0;
    }
    rc = bzimage_payload(data, size, &pl, &pl_len, &version, err, errlen);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        if (size >= 4 && !memcmp(data, "\x89LZO", 4))
            fmt(err, errlen, "lzo-compressed kernels are not supported");
        else
            fmt(err, errlen, "not a kernel image: neither ELF, bzImage nor "
                "gzip");
        return -1;
    }
    codec = kimg_detect_codec(pl, pl_len);
    if (codec == KIMG_CODEC_NONE && !is_elf(pl, pl_len)) {
        if (pl_len >= 4 && !memcmp(pl, "\x89LZO", 4))
            fmt(err, errlen, "bzImage payload is lzo, which is not "
                "supported");
        else
            fmt(err, errlen, "bzImage payload has an unknown compression "
                "format (starts %02x %02x %02x %02x)", pl[0],
                pl_len > 1 ? pl[1] : 0, pl_len > 2 ? pl[2] : 0,
                pl_len > 3 ? pl[3] : 0);
        return -1;
    }
    if (codec == KIMG_CODEC_NONE) {
        /* An uncompressed payload. */
        out->elf = malloc(pl_len);
        if (!out->elf) {
            fmt(err, errlen, "out of memory");
            return -1;
        }
        memcpy(out->elf, pl, pl_len);
        out->elf_size = pl_len;
    } else if (kimg_decompress(codec, pl, pl_len, KIMG_MAX_UNPACKED,
                               &out->elf, &out->elf_size, err, errlen)) {
        return -1;
    }
    out->format = KIMG_BZIMAGE;
    out->codec = codec;
    out->bzimage_version = version;
    if (!is_elf(out->elf, out->elf_size)) {
        kimg_dispose(out);
        fmt(err, errlen, "bzImage payload (%s) does not contain an ELF "
            "image", kimg_codec_name(codec));
        return -1;
    }
    return 0;
}

int kimg_load_file(const char *path, struct kimg *out,
                   char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    size_t n;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!f) {
        fmt(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    buf = malloc(KIMG_MAX_FILE + 1);
    if (!buf) {
        fclose(f);
        fmt(err, errlen, "%s: out of memory", path);
        return -1;
    }
    n = fread(buf, 1, KIMG_MAX_FILE + 1, f);
    if (ferror(f)) {
        fmt(err, errlen, "%s: read error: %s", path, strerror(errno));
        fclose(f);
        free(buf);
        return -1;
    }
    fclose(f);
    if (n > KIMG_MAX_FILE) {
        free(buf);
        fmt(err, errlen, "%s: larger than %u MiB", path, KIMG_MAX_FILE >> 20);
        return -1;
    }
    {
        char why[256];
        rc = kimg_unpack(buf, n, out, why, sizeof(why));
        if (rc)
            fmt(err, errlen, "%s: %s", path, why);
    }
    free(buf);
    return rc;
}

void kimg_dispose(struct kimg *k)
{
    free(k->elf);
    memset(k, 0, sizeof(*k));
}

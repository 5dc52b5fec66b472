/*
 * xz.c - the .xz container (XZ file format 1.x): streams, blocks, index,
 * integrity checks.  Filters: an optional x86 BCJ followed by LZMA2, which
 * is what Linux's scripts/xz_wrap.sh produces and all xz presets use.
 *
 * Stream  = header (12) | blocks | index | footer (12), then optional stream
 *           padding (zero bytes, a multiple of 4) and possibly more streams.
 * Header  = magic FD '7zXZ' 00 | flags (2) | CRC32 of flags (4)
 * Block   = header | compressed data | padding to 4 | check of its output
 * Index   = 00 | record count | (unpadded size, uncompressed size)* |
 *           padding to 4 | CRC32
 * Footer  = CRC32 of the next 6 bytes | backward size (4) | flags (2) | 'YZ'
 * Numbers in headers and index are "VLIs": little-endian base-128, at most
 * nine bytes, no redundant trailing zero byte.
 */
#include "private.h"

#define XZ_HEADER_LEN   12
#define XZ_FOOTER_LEN   12
#define VLI_MAX_BYTES   9

#define CHECK_NONE      0x00
#define CHECK_CRC32     0x01
#define CHECK_CRC64     0x04
#define CHECK_SHA256    0x0a

#define FILTER_X86      0x04
#define FILTER_LZMA2    0x21

static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

/* Bytes of the check field for each check ID (0x00..0x0F). */
static const uint8_t check_len[16] = {
    0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64
};

/* Parsing cursor over a bounded byte range; never reads at or past end. */
struct cur {
    const uint8_t *p, *end;
};

static int read_vli(struct cur *c, uint64_t *out)
{
    uint64_t v = 0;

    for (unsigned int i = 0; i < VLI_MAX_BYTES; i++) {
        uint8_t b;

        if (c->p >= c->end)
            return -EINVAL;
        b = *c->p++;
        v |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            if (b == 0 && i > 0)
                return -EINVAL;     /* redundant zero byte */
            *out = v;
            return 0;
        }
    }
    return -EINVAL;
}

/* Parsed stream flags: the check ID.  Unsupported checks are refused. */
static int parse_flags(const uint8_t *f, unsigned int *check)
{
    if (f[0] != 0 || (f[1] & 0xf0))
        return -EINVAL;
    *check = f[1] & 0x0f;
    switch (*check) {
    case CHECK_NONE:
    case CHECK_CRC32:
    case CHECK_CRC64:
        return 0;
    case CHECK_SHA256:
        printk(XENLOG_WARNING "xz: SHA-256 check not supported\n");
        return -EOPNOTSUPP;
    default:
        printk(XENLOG_WARNING "xz: unknown check type %#x\n", *check);
        return -EOPNOTSUPP;
    }
}

/* What a block header says. */
struct block_hdr {
    size_t hdr_len;
    uint64_t comp_size, uncomp_size;        /* UINT64_MAX: not given */
    bool x86;
    uint32_t x86_start;
};

static int parse_filter(struct cur *c, struct block_hdr *h, bool last)
{
    uint64_t id, psize;

    if (read_vli(c, &id) || read_vli(c, &psize) ||
        psize > (uint64_t)(c->end - c->p))
        return -EINVAL;
    if (id == FILTER_LZMA2) {
        /* Dictionary size byte: our dictionary is the output, any size
         * fits; only its syntax is checked. */
        if (!last || psize != 1 || (c->p[0] & 0xc0) || c->p[0] > 40)
            return -EINVAL;
    } else if (id == FILTER_X86) {
        if (last || (psize != 0 && psize != 4) || h->x86)
            return -EINVAL;
        h->x86 = true;
        h->x86_start = psize ? get_le32(c->p) : 0;
    } else {
        printk(XENLOG_WARNING "xz: filter %#llx not supported\n",
               (unsigned long long)id);
        return -EOPNOTSUPP;
    }
    c->p += psize;
    return 0;
}

static int parse_block_header(const uint8_t *p, size_t avail,
                              struct block_hdr *h)
{
    struct cur c;
    unsigned int nfilters;
    uint8_t flags;

    h->hdr_len = ((size_t)p[0] + 1) * 4;
    if (h->hdr_len > avail)
        return -EINVAL;
    if (crc32_update(0, p, h->hdr_len - 4) != get_le32(p + h->hdr_len - 4))
        return -EINVAL;
    c.p = p + 2;
    c.end = p + h->hdr_len - 4;
    flags = p[1];
    if (flags & 0x3c)
        return -EOPNOTSUPP;         /* reserved bits: a newer format */
    nfilters = (flags & 3) + 1;
    h->comp_size = h->uncomp_size = UINT64_MAX;
    h->x86 = false;
    if ((flags & 0x40) && (read_vli(&c, &h->comp_size) || !h->comp_size))
        return -EINVAL;
    if ((flags & 0x80) && read_vli(&c, &h->uncomp_size))
        return -EINVAL;
    for (unsigned int i = 0; i < nfilters; i++) {
        int rc = parse_filter(&c, h, i + 1 == nfilters);

        if (rc)
            return rc;
    }
    while (c.p < c.end)             /* header padding must be zero */
        if (*c.p++)
            return -EOPNOTSUPP;
    return 0;
}

static int verify_check(unsigned int check, const uint8_t *data, size_t len,
                        const uint8_t *stored)
{
    if (check == CHECK_CRC32)
        return crc32_update(0, data, len) == get_le32(stored) ? 0 : -EBADMSG;
    if (check == CHECK_CRC64)
        return crc64_update(0, data, len) == get_le64(stored) ? 0 : -EBADMSG;
    return 0;
}

/* Running record of decoded blocks, compared with the index. */
struct stream_sums {
    uint64_t nblocks, unpadded_sum, uncomp_sum;
    uint32_t rec_hash;          /* CRC32 chained over all (unpadded, uncomp) */
};

static void sums_add(struct stream_sums *s, uint64_t unpadded, uint64_t uncomp)
{
    uint8_t rec[16];

    put_le64(rec, unpadded);
    put_le64(rec + 8, uncomp);
    s->rec_hash = crc32_update(s->rec_hash, rec, sizeof(rec));
    s->nblocks++;
    s->unpadded_sum += unpadded;
    s->uncomp_sum += uncomp;
}

/* Decode one block at c->p; output appended at out->pos. */
static int decode_block(struct cur *c, unsigned int check,
                        struct lzma2_out *out, void *work,
                        struct stream_sums *sums)
{
    struct block_hdr h;
    size_t avail = (size_t)(c->end - c->p), used, start = out->pos;
    size_t clen = check_len[check], pad;
    const uint8_t *data;
    int rc = parse_block_header(c->p, avail, &h);

    if (rc)
        return rc;
    data = c->p + h.hdr_len;
    avail -= h.hdr_len;
    if (h.comp_size != UINT64_MAX && h.comp_size < avail)
        avail = (size_t)h.comp_size;   /* LZMA2 may not run past it */
    if (h.uncomp_size != UINT64_MAX && h.uncomp_size < out->limit - start) {
        /* Not more output than declared (ENOSPC-style overrun is EINVAL). */
        struct lzma2_out o = { out->buf, start, start + (size_t)h.uncomp_size };

        rc = lzma2_decode(data, avail, &used, &o, work);
        if (rc == -ENOSPC)
            rc = -EINVAL;
        out->pos = o.pos;
    } else {
        rc = lzma2_decode(data, avail, &used, out, work);
    }
    if (rc)
        return rc;
    if ((h.comp_size != UINT64_MAX && used != h.comp_size) ||
        (h.uncomp_size != UINT64_MAX && out->pos - start != h.uncomp_size))
        return -EINVAL;

    /* Block padding to a multiple of 4, then the check. */
    pad = (4 - (used & 3)) & 3;
    data += used;
    if ((size_t)(c->end - data) < pad + clen)
        return -EINVAL;
    for (size_t i = 0; i < pad; i++)
        if (data[i])
            return -EINVAL;
    if (h.x86)
        bcj_x86_decode(out->buf + start, out->pos - start, h.x86_start);
    rc = verify_check(check, out->buf + start, out->pos - start, data + pad);
    if (rc)
        return rc;
    sums_add(sums, h.hdr_len + used + clen, out->pos - start);
    c->p = data + pad + clen;
    return 0;
}

/* Parse the index at c->p (indicator byte already seen) against sums. */
static int check_index(struct cur *c, const struct stream_sums *sums,
                       size_t *index_len)
{
    const uint8_t *start = c->p;
    struct stream_sums seen = { 0, 0, 0, 0 };
    uint64_t count;

    c->p++;                         /* index indicator 0x00 */
    if (read_vli(c, &count) || count != sums->nblocks)
        return -EINVAL;
    /* Each record is at least two bytes: the loop consumes input. */
    for (uint64_t i = 0; i < count; i++) {
        uint64_t unpadded, uncomp;

        if (read_vli(c, &unpadded) || read_vli(c, &uncomp))
            return -EINVAL;
        sums_add(&seen, unpadded, uncomp);
    }
    if (seen.rec_hash != sums->rec_hash ||
        seen.unpadded_sum != sums->unpadded_sum ||
        seen.uncomp_sum != sums->uncomp_sum)
        return -EINVAL;
    while ((size_t)(c->p - start) & 3) {
        if (c->p >= c->end || *c->p++)
            return -EINVAL;
    }
    if (c->end - c->p < 4 ||
        crc32_update(0, start, (size_t)(c->p - start)) != get_le32(c->p))
        return -EINVAL;
    c->p += 4;
    *index_len = (size_t)(c->p - start);
    return 0;
}

/* Decode one stream starting at c->p (magic already matched). */
static int decode_stream(struct cur *c, struct lzma2_out *out, void *work)
{
    const uint8_t *h = c->p;
    struct stream_sums sums = { 0, 0, 0, 0 };
    unsigned int check;
    size_t index_len;
    int rc;

    if (c->end - c->p < XZ_HEADER_LEN + XZ_FOOTER_LEN)
        return -EINVAL;
    if (crc32_update(0, h + 6, 2) != get_le32(h + 8))
        return -EINVAL;
    rc = parse_flags(h + 6, &check);
    if (rc)
        return rc;
    c->p += XZ_HEADER_LEN;

    /* Blocks until the index indicator; each consumes >= 12 bytes. */
    for (;;) {
        if (c->p >= c->end)
            return -EINVAL;
        if (*c->p == 0x00)
            break;
        rc = decode_block(c, check, out, work, &sums);
        if (rc)
            return rc;
    }
    rc = check_index(c, &sums, &index_len);
    if (rc)
        return rc;

    /* Footer: CRC32 over backward size + flags, flags as in the header. */
    if (c->end - c->p < XZ_FOOTER_LEN)
        return -EINVAL;
    if (crc32_update(0, c->p + 4, 6) != get_le32(c->p) ||
        ((size_t)get_le32(c->p + 4) + 1) * 4 != index_len ||
        c->p[8] != h[6] || c->p[9] != h[7] ||
        c->p[10] != 'Y' || c->p[11] != 'Z')
        return -EINVAL;
    c->p += XZ_FOOTER_LEN;
    return 0;
}

long xz_decompress(const uint8_t *src, size_t len, uint8_t *dst,
                   size_t dst_max, void *work, size_t *consumed)
{
    struct cur c = { src, src + len };
    struct lzma2_out out = { dst, 0, dst_max };
    bool first = true;

    /* Streams, each followed by zero padding in 4-byte groups.  Stops at
     * the first group that starts neither padding nor a stream. */
    for (;;) {
        int rc;

        if ((size_t)(c.end - c.p) < sizeof(xz_magic) ||
            memcmp(c.p, xz_magic, sizeof(xz_magic)) != 0) {
            if (first)
                return -EINVAL;
            break;
        }
        first = false;
        rc = decode_stream(&c, &out, work);
        if (rc)
            return rc;
        while (c.end - c.p >= 4 && get_le32(c.p) == 0)
            c.p += 4;
    }
    if (consumed)
        *consumed = (size_t)(c.p - src);
    return (long)out.pos;
}

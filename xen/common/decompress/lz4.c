/*
 * lz4.c - LZ4 blocks and the two LZ4 containers:
 *
 * Legacy (what Linux's "lz4 -l" kernels use): magic 0x184C2102, then chunks
 *   of (32-bit LE compressed size, block), each decoding to at most 8 MiB,
 *   independent of each other.  There is no end mark: the data ends, or a
 *   new legacy magic starts another stream.  Linux appends the 4-byte
 *   decompressed size after the last chunk; a final lone 4-byte word is
 *   taken as that trailer.
 * Frame: magic 0x184D2204 | FLG | BD | [content size 8] | [dict ID 4] | HC
 *   | blocks (32-bit size, bit 31 = stored raw; 0 = end mark; optional
 *   XXH32 per block) | [XXH32 of the content].  Skippable frames
 *   (0x184D2A5x, 32-bit size) may come before or between frames.
 *
 * Block: sequences of token (literal length high nibble, match length - 4
 * low nibble; 15 = more bytes follow, each added, until one is not 255),
 * literals, 16-bit LE offset (1..65535), and the last sequence has literals
 * only.
 */
#include "private.h"

#define LEGACY_MAGIC    0x184c2102u
#define FRAME_MAGIC     0x184d2204u
#define SKIP_MASK       0xfffffff0u
#define SKIP_MAGIC      0x184d2a50u
#define LEGACY_CHUNK    (8u << 20)
#define MIN_MATCH       4

/* Add a length extension (bytes until one below 255); bounded by input. */
DC_INLINE int ext_len(const uint8_t **ip, const uint8_t *iend, size_t *len)
{
    uint8_t b;

    do {
        if (*ip >= iend)
            return -EINVAL;
        b = *(*ip)++;
        *len += b;
    } while (b == 255);
    return 0;
}

/*
 * Decode one block in[0..in_len) to out[*pos..limit); matches may reach
 * back to out[start].
 */
static int lz4_block(const uint8_t *in, size_t in_len, uint8_t *out,
                     size_t start, size_t *pos_io, size_t limit)
{
    const uint8_t *ip = in, *iend = in + in_len;
    size_t pos = *pos_io;

    /* Each sequence consumes at least its token. */
    for (;;) {
        size_t lit, ml, off;
        uint8_t token;

        if (ip >= iend)
            return -EINVAL;
        token = *ip++;
        lit = token >> 4;
        if (lit == 15 && ext_len(&ip, iend, &lit))
            return -EINVAL;
        if (lit > (size_t)(iend - ip))
            return -EINVAL;
        if (lit > limit - pos)
            return -ENOSPC;
        memcpy(out + pos, ip, lit);
        ip += lit;
        pos += lit;
        if (ip == iend)
            break;                      /* last sequence: literals only */

        if (iend - ip < 2)
            return -EINVAL;
        off = get_le16(ip);
        ip += 2;
        if (off == 0 || off > pos - start)
            return -EINVAL;
        ml = token & 15;
        if (ml == 15 && ext_len(&ip, iend, &ml))
            return -EINVAL;
        ml += MIN_MATCH;
        if (ml > limit - pos)
            return -ENOSPC;
        lz_copy(out + pos, off, ml, limit - pos >= ml + 8);
        pos += ml;
    }
    *pos_io = pos;
    return 0;
}

/* Legacy stream at src[*off] (after its magic). */
static int lz4_legacy(const uint8_t *src, size_t len, size_t *off,
                      uint8_t *dst, size_t *pos, size_t dst_max)
{
    /* Chunks; each consumes >= 5 bytes. */
    for (;;) {
        size_t rem = len - *off, csize, start = *pos, limit;
        int rc;

        if (rem < 4 || get_le32(src + *off) == LEGACY_MAGIC)
            return 0;                   /* end, or a new stream follows */
        csize = get_le32(src + *off);
        if (rem == 4)
            return 0;                   /* Linux's size trailer */
        if (csize == 0 || csize > rem - 4)
            return -EINVAL;
        limit = dst_max - start > LEGACY_CHUNK ? start + LEGACY_CHUNK : dst_max;
        rc = lz4_block(src + *off + 4, csize, dst, start, pos, limit);
        if (rc == -ENOSPC && limit != dst_max)
            rc = -EINVAL;               /* chunk larger than 8 MiB */
        if (rc)
            return rc;
        *off += 4 + csize;
    }
}

/* Frame at src[*off] (after its magic). */
static int lz4_frame(const uint8_t *src, size_t len, size_t *off,
                     uint8_t *dst, size_t *pos, size_t dst_max)
{
    const uint8_t *d = src + *off, *p;
    size_t rem = len - *off, dlen = 3, frame_start = *pos, bmax;
    uint64_t csize = 0;
    uint8_t flg, bd;
    bool indep, bchk, cchk;

    if (rem < 3)
        return -EINVAL;
    flg = d[0];
    bd = d[1];
    if ((flg >> 6) != 1 || (flg & 0x02) || (bd & 0x8f) || ((bd >> 4) & 7) < 4)
        return -EINVAL;
    if (flg & 0x01) {
        printk(XENLOG_WARNING "lz4: dictionaries not supported\n");
        return -EOPNOTSUPP;
    }
    indep = flg & 0x20;
    bchk = flg & 0x10;
    cchk = flg & 0x04;
    bmax = (size_t)1 << (8 + 2 * ((bd >> 4) & 7));     /* 64K .. 4M */
    if (flg & 0x08) {
        dlen += 8;
        if (rem < dlen)
            return -EINVAL;
        csize = get_le64(d + 2);
    }
    if (d[dlen - 1] != (uint8_t)(xxh32(d, dlen - 1, 0) >> 8))
        return -EINVAL;
    if ((flg & 0x08) && csize > dst_max - *pos)
        return -ENOSPC;
    p = d + dlen;

    /* Blocks; each consumes >= 4 bytes. */
    for (;;) {
        size_t r = (size_t)(src + len - p), bsize, start = *pos;
        uint32_t word;
        int rc;

        if (r < 4)
            return -EINVAL;
        word = get_le32(p);
        p += 4;
        r -= 4;
        if (word == 0)
            break;
        bsize = word & 0x7fffffffu;
        if (bsize > bmax || bsize + (bchk ? 4 : 0) > r)
            return -EINVAL;
        if (word & 0x80000000u) {
            if (bsize > dst_max - start)
                return -ENOSPC;
            memcpy(dst + start, p, bsize);
            *pos += bsize;
        } else {
            size_t limit = dst_max - start > bmax ? start + bmax : dst_max;

            rc = lz4_block(p, bsize, dst, indep ? start : frame_start, pos,
                           limit);
            if (rc == -ENOSPC && limit != dst_max)
                rc = -EINVAL;           /* block over its declared max */
            if (rc)
                return rc;
        }
        if (bchk && xxh32(p, bsize, 0) != get_le32(p + bsize))
            return -EBADMSG;
        p += bsize + (bchk ? 4 : 0);
    }
    if (cchk) {
        if (src + len - p < 4)
            return -EINVAL;
        if (xxh32(dst + frame_start, *pos - frame_start, 0) != get_le32(p))
            return -EBADMSG;
        p += 4;
    }
    if ((flg & 0x08) && *pos - frame_start != csize)
        return -EINVAL;
    *off = (size_t)(p - src);
    return 0;
}

long lz4_decompress(const uint8_t *src, size_t len, uint8_t *dst,
                    size_t dst_max, void *work, size_t *consumed)
{
    size_t off = 0, pos = 0;
    bool any = false;

    (void)work;
    /* Frames of any of the three kinds; each consumes >= 4 bytes. */
    while (len - off >= 4) {
        uint32_t magic = get_le32(src + off);
        int rc;

        if (magic == LEGACY_MAGIC) {
            off += 4;
            rc = lz4_legacy(src, len, &off, dst, &pos, dst_max);
        } else if (magic == FRAME_MAGIC) {
            off += 4;
            rc = lz4_frame(src, len, &off, dst, &pos, dst_max);
        } else if ((magic & SKIP_MASK) == SKIP_MAGIC) {
            if (len - off < 8 || get_le32(src + off + 4) > len - off - 8)
                return -EINVAL;
            off += 8 + get_le32(src + off + 4);
            continue;
        } else {
            break;
        }
        if (rc)
            return rc;
        any = true;
    }
    if (!any)
        return -EINVAL;
    if (consumed)
        *consumed = off;
    return (long)pos;
}

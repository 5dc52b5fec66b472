/*
 * gzip.c - the gzip container (RFC 1952) around DEFLATE (inflate.c).
 *
 * Member = ID1 ID2 (1F 8B) | CM (8 = deflate) | FLG | MTIME (4) | XFL | OS
 *          | [XLEN (2) + extra field] | [file name, NUL] | [comment, NUL]
 *          | [CRC16 of the header] | deflate data | CRC32 | ISIZE (4)
 * FLG bits: 0 FTEXT, 1 FHCRC, 2 FEXTRA, 3 FNAME, 4 FCOMMENT, 5-7 reserved.
 * Members may be concatenated; their outputs are concatenated.
 */
#include "private.h"

#define FHCRC       0x02
#define FEXTRA      0x04
#define FNAME       0x08
#define FCOMMENT    0x10
#define FRESERVED   0xe0
#define GZ_FIXED    10
#define GZ_TRAILER  8

/* Skip a NUL-terminated string at *off; the NUL must be inside len. */
static int skip_string(const uint8_t *p, size_t len, size_t *off)
{
    while (*off < len)
        if (p[(*off)++] == 0)
            return 0;
    return -EINVAL;
}

/* Header length of the member at p, validated. */
static int parse_header(const uint8_t *p, size_t len, size_t *hdr_len)
{
    size_t off = GZ_FIXED;
    uint8_t flg;

    if (len < GZ_FIXED || p[0] != 0x1f || p[1] != 0x8b)
        return -EINVAL;
    if (p[2] != 8)
        return -EOPNOTSUPP;
    flg = p[3];
    if (flg & FRESERVED)
        return -EINVAL;
    if (flg & FEXTRA) {
        size_t xlen;

        if (len - off < 2)
            return -EINVAL;
        xlen = get_le16(p + off);
        off += 2;
        if (xlen > len - off)
            return -EINVAL;
        off += xlen;
    }
    if ((flg & FNAME) && skip_string(p, len, &off))
        return -EINVAL;
    if ((flg & FCOMMENT) && skip_string(p, len, &off))
        return -EINVAL;
    if (flg & FHCRC) {
        if (len - off < 2 ||
            (crc32_update(0, p, off) & 0xffff) != get_le16(p + off))
            return -EINVAL;
        off += 2;
    }
    *hdr_len = off;
    return 0;
}

long gzip_decompress(const uint8_t *src, size_t len, uint8_t *dst,
                     size_t dst_max, void *work, size_t *consumed)
{
    size_t off = 0, pos = 0;

    /* Members; each consumes at least its 18 fixed bytes. */
    do {
        size_t hdr, used, start = pos;
        int rc = parse_header(src + off, len - off, &hdr);

        if (rc)
            return rc;
        off += hdr;
        rc = inflate_raw(src + off, len - off, &used, dst, &pos, dst_max,
                         work);
        if (rc)
            return rc;
        off += used;
        if (len - off < GZ_TRAILER)
            return -EINVAL;
        if (crc32_update(0, dst + start, pos - start) != get_le32(src + off) ||
            (uint32_t)(pos - start) != get_le32(src + off + 4))
            return -EBADMSG;
        off += GZ_TRAILER;
    } while (len - off >= 2 && src[off] == 0x1f && src[off + 1] == 0x8b);

    if (consumed)
        *consumed = off;
    return (long)pos;
}

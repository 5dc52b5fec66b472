/*
 * decompress.c - format detection by magic and dispatch to the decoders.
 *
 * Magics (first bytes of the data):
 *   xz     FD 37 7A 58 5A 00          gzip   1F 8B
 *   lz4    02 21 4C 18 (legacy)       04 22 4D 18 (frame)
 *   zstd   28 B5 2F FD                bzip2  42 5A 68 ('BZh')
 *   lzma   5D 00 00 (.lzma "alone")   lzo    89 4C 5A 4F ('\x89LZO')
 * zstd and lz4 share skippable frames (magic 0x184D2A50..5F, then a 32-bit
 * LE length); detection looks through them to the first real frame.
 */
#include "private.h"

#define SKIPPABLE_MASK  0xfffffff0u
#define SKIPPABLE_MAGIC 0x184d2a50u
#define SKIP_LOOKS_MAX  64          /* bound on skippable frames looked at */

static enum decompress_format detect_one(const uint8_t *p, size_t len)
{
    static const uint8_t xz[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

    if (len >= 6 && memcmp(p, xz, 6) == 0)
        return DECOMP_XZ;
    if (len >= 4) {
        uint32_t m = get_le32(p);

        if (m == 0x184c2102u || m == 0x184d2204u)
            return DECOMP_LZ4;
        if (m == 0xfd2fb528u)
            return DECOMP_ZSTD;
        if (m == 0x4f5a4c89u)
            return DECOMP_LZO;
    }
    if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return DECOMP_GZIP;
    if (len >= 4 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' &&
        p[3] >= '1' && p[3] <= '9')
        return DECOMP_BZIP2;
    if (len >= 3 && p[0] == 0x5d && p[1] == 0x00 && p[2] == 0x00)
        return DECOMP_LZMA;
    return DECOMP_UNKNOWN;
}

enum decompress_format decompress_detect(const void *src, size_t len)
{
    const uint8_t *p = src;

    for (unsigned int i = 0; i < SKIP_LOOKS_MAX; i++) {
        uint32_t skip;

        if (len < 8 || (get_le32(p) & SKIPPABLE_MASK) != SKIPPABLE_MAGIC)
            return detect_one(p, len);
        skip = get_le32(p + 4);
        if (skip > len - 8)
            return DECOMP_UNKNOWN;
        p += 8 + (size_t)skip;
        len -= 8 + (size_t)skip;
    }
    return DECOMP_UNKNOWN;
}

const char *decompress_format_name(enum decompress_format fmt)
{
    switch (fmt) {
    case DECOMP_XZ:    return "xz";
    case DECOMP_GZIP:  return "gzip";
    case DECOMP_LZ4:   return "lz4";
    case DECOMP_ZSTD:  return "zstd";
    case DECOMP_BZIP2: return "bzip2";
    case DECOMP_LZMA:  return "lzma";
    case DECOMP_LZO:   return "lzo";
    default:           return "unknown";
    }
}

const char *decompress_name(const void *src, size_t len)
{
    return decompress_format_name(decompress_detect(src, len));
}

size_t decompress_workspace_size(void)
{
    return DECOMPRESS_WORKSPACE_SIZE;
}

long decompress(const void *src, size_t src_len, void *dst, size_t dst_max,
                void *work, size_t work_len, size_t *consumed)
{
    enum decompress_format fmt = decompress_detect(src, src_len);

    if (!work || work_len < DECOMPRESS_WORKSPACE_SIZE ||
        ((uintptr_t)work & 7))
        return -ENOMEM;
    /* Lengths travel as long: keep them representable. */
    if (dst_max > (size_t)LONG_MAX_BYTES)
        dst_max = (size_t)LONG_MAX_BYTES;
    if (consumed)
        *consumed = 0;

    switch (fmt) {
    case DECOMP_XZ:
        return xz_decompress(src, src_len, dst, dst_max, work, consumed);
    case DECOMP_GZIP:
        return gzip_decompress(src, src_len, dst, dst_max, work, consumed);
    case DECOMP_LZ4:
        return lz4_decompress(src, src_len, dst, dst_max, work, consumed);
    case DECOMP_ZSTD:
        return zstd_decompress(src, src_len, dst, dst_max, work, consumed);
    case DECOMP_UNKNOWN:
        return -ENOEXEC;
    default:
        printk(XENLOG_WARNING "decompress: %s payloads are not supported\n",
               decompress_format_name(fmt));
        return -EOPNOTSUPP;
    }
}

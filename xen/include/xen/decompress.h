/*
 * decompress.h - one-shot decompressors for boot images (dom0 kernel).
 *
 * The hypervisor links no library, so xz (LZMA2, BCJ x86), gzip (DEFLATE),
 * lz4 (legacy and frame formats) and zstd are decoded by our own code in
 * xen/common/decompress/.  Everything is one-shot: the whole compressed input
 * sits in memory and the whole output goes to one flat caller buffer, which
 * doubles as the LZ77 window/dictionary.  Nothing allocates: scratch state
 * lives in a caller-provided workspace of decompress_workspace_size() bytes.
 *
 * The input is untrusted (later the toolstack feeds guest images): every
 * length and offset is checked, no read or write leaves the given buffers,
 * and every loop consumes input or produces bounded output.
 *
 * Errors are negative errno values:
 *   -ENOEXEC     no known magic
 *   -EOPNOTSUPP  a known format or feature we refuse (bzip2, lzma, lzo,
 *                SHA-256 checks, zstd dictionaries, unknown xz filters)
 *   -EINVAL      corrupt or truncated data
 *   -EBADMSG     an integrity check (CRC32, CRC64, XXH32/64) mismatched
 *   -ENOSPC      the output does not fit in dst_max bytes
 *   -ENOMEM      workspace missing, too small or not 8-byte aligned
 */
#ifndef XEN_DECOMPRESS_H
#define XEN_DECOMPRESS_H

#include <xen/types.h>

enum decompress_format {
    DECOMP_UNKNOWN = 0,
    DECOMP_XZ,
    DECOMP_GZIP,
    DECOMP_LZ4,      /* legacy (0x184C2102) or frame (0x184D2204) */
    DECOMP_ZSTD,
    DECOMP_BZIP2,    /* recognised only, to refuse by name */
    DECOMP_LZMA,     /* legacy .lzma, recognised only */
    DECOMP_LZO,      /* lzop, recognised only */
};

/* Workspace every decoder fits in (bytes, 8-byte aligned buffer). */
#define DECOMPRESS_WORKSPACE_SIZE (192u * 1024u)

/* Format of the data at src, by magic.  Leading zstd/lz4 skippable frames
 * are looked through. */
enum decompress_format decompress_detect(const void *src, size_t len);

/* "xz", "gzip", "lz4", "zstd", "bzip2", "lzma", "lzo" or "unknown". */
const char *decompress_format_name(enum decompress_format fmt);

/* decompress_format_name(decompress_detect(src, len)). */
const char *decompress_name(const void *src, size_t len);

/* Bytes of workspace decompress() needs (DECOMPRESS_WORKSPACE_SIZE). */
size_t decompress_workspace_size(void);

/*
 * Decompress src[0..src_len) into dst[0..dst_max).  Returns the number of
 * bytes written or a negative error.  Concatenated streams/members/frames
 * of the same format are decoded one after another; decoding stops at the
 * first bytes that do not start another one, so a trailer such as the
 * 4-byte size Linux appends to its kernel payload is ignored.  If consumed
 * is not NULL it receives how many input bytes were used.
 */
long decompress(const void *src, size_t src_len, void *dst, size_t dst_max,
                void *work, size_t work_len, size_t *consumed);

/* The one format entry points, same contract as decompress(). */
long xz_decompress(const uint8_t *src, size_t len, uint8_t *dst,
                   size_t dst_max, void *work, size_t *consumed);
long gzip_decompress(const uint8_t *src, size_t len, uint8_t *dst,
                     size_t dst_max, void *work, size_t *consumed);
long lz4_decompress(const uint8_t *src, size_t len, uint8_t *dst,
                    size_t dst_max, void *work, size_t *consumed);
long zstd_decompress(const uint8_t *src, size_t len, uint8_t *dst,
                     size_t dst_max, void *work, size_t *consumed);

/* What the x86 boot protocol header of a bzImage says about its payload. */
struct bzimage_info {
    const uint8_t *payload;     /* compressed kernel, inside the image */
    size_t payload_len;
    uint16_t version;           /* boot protocol, e.g. 0x020f */
    unsigned int setup_sects;   /* 512-byte setup sectors after the boot one */
    uint32_t init_size;         /* memory the kernel needs to boot (>= 2.10) */
    uint32_t payload_isize;     /* last 4 payload bytes, LE: the size Linux's
                                 * build appends (the decompressed size) */
};

/*
 * Validate the setup header of the bzImage at img[0..len) (boot flag 0xAA55,
 * "HdrS", protocol >= 2.08, setup_sects, payload_offset/payload_length all
 * inside the image) and describe its payload.  0 or -EINVAL / -EOPNOTSUPP
 * (protocol too old).
 */
int bzimage_parse(const void *img, size_t len, struct bzimage_info *info);

#endif

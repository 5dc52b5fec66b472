/*
 * private.h - shared pieces of the decompressors in xen/common/decompress.
 *
 * Byte-order loads go through __builtin_memcpy so they are correct at any
 * alignment and still inline under -fno-builtin (the hypervisor's flags).
 */
#ifndef DECOMPRESS_PRIVATE_H
#define DECOMPRESS_PRIVATE_H

#include <xen/compiler.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/types.h>

#define DC_INLINE static inline __attribute__((always_inline))

/* Largest output length a long return value can carry. */
#define LONG_MAX_BYTES ((size_t)(~0ul >> 1))

DC_INLINE uint16_t get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

DC_INLINE uint32_t get_le32(const uint8_t *p)
{
    uint32_t v;

    __builtin_memcpy(&v, p, 4);
    return v;                       /* x86 and host tests: little-endian */
}

DC_INLINE uint64_t get_le64(const uint8_t *p)
{
    uint64_t v;

    __builtin_memcpy(&v, p, 8);
    return v;
}

DC_INLINE uint32_t get_le24(const uint8_t *p)
{
    return p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16);
}

DC_INLINE uint16_t get_be16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

DC_INLINE void put_le64(uint8_t *p, uint64_t v)
{
    __builtin_memcpy(p, &v, 8);
}

/*
 * Copy an LZ77 match of len bytes from dist bytes back (dist >= 1) within
 * one flat buffer.  The caller guarantees out[-dist] and out[len-1] are in
 * bounds and, when slack is true, that 8 more bytes past out+len may be
 * scribbled on (they are inside the buffer and rewritten later).
 */
DC_INLINE void lz_copy(uint8_t *out, size_t dist, size_t len, bool slack)
{
    const uint8_t *src = out - dist;

    if (slack && dist >= 8) {
        /* Non-overlapping 8-byte steps: each load precedes its store. */
        for (size_t i = 0; i < len; i += 8)
            put_le64(out + i, get_le64(src + i));
        return;
    }
    for (size_t i = 0; i < len; i++)
        out[i] = src[i];            /* overlap repeats the pattern */
}

/* Integrity checks (crc.c, xxhash.c). */
uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t len);
uint64_t crc64_update(uint64_t crc, const uint8_t *p, size_t len);
uint32_t xxh32(const uint8_t *p, size_t len, uint32_t seed);
uint64_t xxh64(const uint8_t *p, size_t len, uint64_t seed);

/* LZMA2 (lzma2.c).  The dictionary is the flat output buffer itself. */
#define LZMA2_WORKSPACE 32768u  /* probabilities, lc+lp <= 4 */
struct lzma2_out {
    uint8_t *buf;       /* output buffer start */
    size_t pos;         /* where this LZMA2 stream's output starts/ends */
    size_t limit;       /* first byte it may not write */
};
/* Decode one LZMA2 stream from in[0..in_len) at out->buf[out->pos...].
 * On success advances out->pos and sets *in_used.  work: LZMA2_WORKSPACE
 * bytes, 8-aligned. */
int lzma2_decode(const uint8_t *in, size_t in_len, size_t *in_used,
                 struct lzma2_out *out, void *work);

/* Raw DEFLATE (inflate.c) into out[*pos..limit); the window starts at
 * *pos as given.  *in_used: whole input bytes consumed. */
int inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used,
                uint8_t *out, size_t *pos, size_t limit, void *work);

/* BCJ x86 filter, decoder direction, over a whole block in place. */
void bcj_x86_decode(uint8_t *buf, size_t len, uint32_t start_pos);

#endif

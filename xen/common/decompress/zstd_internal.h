/*
 * zstd_internal.h - pieces shared by zstd.c, fse.c and huffman.c.
 *
 * zstd's entropy-coded streams are read backwards: the encoder wrote bits
 * LSB-first, then a final 1 bit marking the end; the decoder starts at that
 * marker (highest set bit of the last byte) and reads towards the start.
 * We read by absolute bit position: 'pos' counts the bits not yet read,
 * the next n bits are stream bits [pos - n, pos), taken most significant
 * first.  Bits before the stream start read as zero and make pos negative,
 * which callers treat as overflow.
 */
#ifndef ZSTD_INTERNAL_H
#define ZSTD_INTERNAL_H

#include "private.h"

struct bwbits {
    const uint8_t *base;
    size_t len;
    int64_t pos;
};

/* 0, or -EINVAL if the stream is empty or its last byte has no marker. */
DC_INLINE int bw_init(struct bwbits *b, const uint8_t *p, size_t len)
{
    if (len == 0 || p[len - 1] == 0)
        return -EINVAL;
    b->base = p;
    b->len = len;
    b->pos = (int64_t)(len - 1) * 8 + (31 - __builtin_clz(p[len - 1]));
    return 0;
}

/* The n (<= 32) bits just below 'pos', without consuming them. */
DC_INLINE uint32_t bw_peek(const struct bwbits *b, unsigned int n)
{
    int64_t lo = b->pos - (int64_t)n;
    uint32_t v = 0;

    if (likely(lo >= 0 && (size_t)(lo >> 3) + 8 <= b->len))
        return (uint32_t)((get_le64(b->base + (lo >> 3)) >> (lo & 7)) &
                          ((1ull << n) - 1));
    for (int64_t i = b->pos - 1; i >= lo; i--) {
        uint32_t bit = 0;

        if (i >= 0)
            bit = (b->base[i >> 3] >> (i & 7)) & 1;
        v = (v << 1) | bit;
    }
    return v;
}

DC_INLINE uint32_t bw_read(struct bwbits *b, unsigned int n)
{
    uint32_t v = bw_peek(b, n);

    b->pos -= n;
    return v;
}

/* FSE decoding table entry: emit sym, then state = base + read(nbits). */
struct fse_entry {
    uint8_t sym;
    uint8_t nbits;
    uint16_t base;
};

#define FSE_MAX_SYMS 256

/* Read a table description (normalized counts) from src[0..len): at most
 * *max_sym + 1 symbols and accuracy log <= al_max.  Sets *max_sym to the
 * last symbol described, *al and *used (bytes). */
int fse_read_counts(const uint8_t *src, size_t len, int16_t *norm,
                    unsigned int *max_sym, unsigned int *al,
                    unsigned int al_max, size_t *used);
/* Build the 1 << al entry decoding table. */
int fse_build(struct fse_entry *t, const int16_t *norm, unsigned int max_sym,
              unsigned int al);
/* One-entry table that always emits sym and reads no bits. */
void fse_build_rle(struct fse_entry *t, uint8_t sym);

/* Huffman: decoding table indexed by the next maxbits bits. */
#define HUF_MAX_BITS 11
struct huf_table {
    uint16_t e[1u << HUF_MAX_BITS];     /* sym | nbits << 8 */
    unsigned int maxbits;
    bool valid;
};
struct huf_scratch {
    uint8_t weights[256 + 3];     /* 255 sent + implied + decode slack */
    int16_t norm[16];
    struct fse_entry wtab[64];
};
int huf_read_table(struct huf_table *t, const uint8_t *src, size_t len,
                   size_t *used, struct huf_scratch *s);
/* Decode n literals from one (four = false) or four streams in src. */
int huf_decode(const struct huf_table *t, const uint8_t *src, size_t len,
               uint8_t *out, size_t n, bool four);

#endif

/*
 * huffman.c - zstd's Huffman literals (RFC 8878, section 4.2).
 *
 * The tree is sent as weights: symbol s gets weight w (0 = absent), and
 * Number_of_Bits = max_bits + 1 - w.  The last symbol's weight is implied:
 * it completes the sum of 2^(w-1) to the next power of two, 2^max_bits.
 * Weights come either as 4-bit nibbles or FSE-compressed (two interleaved
 * states over one backward stream, accuracy log <= 6).
 *
 * Codes: sorting symbols by increasing weight, then by value, and giving
 * each 2^(w-1) consecutive entries of a 2^max_bits table, reproduces the
 * canonical prefix codes; the table is indexed by the next max_bits bits.
 */
#include "zstd_internal.h"

#define WEIGHT_AL_MAX   6
#define MAX_WEIGHTS     255

/* FSE-compressed weights in src[0..len); returns the count or < 0. */
static int read_fse_weights(const uint8_t *src, size_t len,
                            struct huf_scratch *s)
{
    unsigned int max_sym = HUF_MAX_BITS, al;
    size_t used;
    struct bwbits b;
    uint32_t st1, st2;
    int n = 0;

    if (fse_read_counts(src, len, s->norm, &max_sym, &al, WEIGHT_AL_MAX,
                        &used) ||
        fse_build(s->wtab, s->norm, max_sym, al) ||
        bw_init(&b, src + used, len - used))
        return -EINVAL;
    st1 = bw_read(&b, al);
    st2 = bw_read(&b, al);
    if (b.pos < 0)
        return -EINVAL;
    /* Alternate the states; when an update reads past the stream start,
     * the other state's symbol is the last.  Bounded by MAX_WEIGHTS. */
    for (;;) {
        const struct fse_entry *e1 = &s->wtab[st1], *e2;

        if (n > MAX_WEIGHTS)            /* weights[] has 3 spare slots */
            return -EINVAL;
        s->weights[n++] = e1->sym;
        st1 = e1->base + bw_read(&b, e1->nbits);
        if (b.pos < 0) {
            s->weights[n++] = s->wtab[st2].sym;
            break;
        }
        e2 = &s->wtab[st2];
        s->weights[n++] = e2->sym;
        st2 = e2->base + bw_read(&b, e2->nbits);
        if (b.pos < 0) {
            s->weights[n++] = s->wtab[st1].sym;
            break;
        }
    }
    return n <= MAX_WEIGHTS ? n : -EINVAL;
}

int huf_read_table(struct huf_table *t, const uint8_t *src, size_t len,
                   size_t *used, struct huf_scratch *s)
{
    uint32_t total = 0, rest, pos = 0;
    unsigned int nsyms, maxbits, maxw = 0;
    int n;

    if (len < 1)
        return -EINVAL;
    if (src[0] >= 128) {
        n = src[0] - 127;
        if ((size_t)(n + 1) / 2 > len - 1)
            return -EINVAL;
        for (int i = 0; i < n; i++)
            s->weights[i] = (i & 1) ? (src[1 + i / 2] & 15) : (src[1 + i / 2] >> 4);
        *used = 1 + (size_t)(n + 1) / 2;
    } else {
        if ((size_t)src[0] > len - 1)
            return -EINVAL;
        n = read_fse_weights(src + 1, src[0], s);
        if (n < 0)
            return -EINVAL;
        *used = 1 + (size_t)src[0];
    }

    for (int i = 0; i < n; i++) {
        if (s->weights[i] > HUF_MAX_BITS)
            return -EINVAL;
        if (s->weights[i])
            total += 1u << (s->weights[i] - 1);
    }
    if (total == 0)
        return -EINVAL;
    maxbits = 32 - (unsigned int)__builtin_clz(total);  /* highbit + 1 */
    if (maxbits > HUF_MAX_BITS)
        return -EINVAL;
    rest = (1u << maxbits) - total;
    if (rest & (rest - 1))
        return -EINVAL;                 /* must be a power of two */
    s->weights[n] = (uint8_t)(32 - __builtin_clz(rest));
    nsyms = (unsigned int)n + 1;

    for (unsigned int i = 0; i < nsyms; i++)
        if (s->weights[i] > maxw)
            maxw = s->weights[i];
    /* Fill by increasing weight, then symbol: exactly 2^maxbits entries. */
    for (unsigned int w = 1; w <= maxw; w++)
        for (unsigned int sym = 0; sym < nsyms; sym++) {
            uint32_t cnt;
            uint16_t e;

            if (s->weights[sym] != w)
                continue;
            cnt = 1u << (w - 1);
            e = (uint16_t)(sym | ((maxbits + 1 - w) << 8));
            if (pos + cnt > (1u << maxbits))
                return -EINVAL;
            for (uint32_t k = 0; k < cnt; k++)
                t->e[pos++] = e;
        }
    if (pos != (1u << maxbits))
        return -EINVAL;
    t->maxbits = maxbits;
    t->valid = true;
    return 0;
}

/* One backward stream holding exactly n symbols. */
static int decode_stream(const struct huf_table *t, const uint8_t *src,
                         size_t len, uint8_t *out, size_t n)
{
    struct bwbits b;
    const unsigned int mb = t->maxbits;

    if (bw_init(&b, src, len))
        return -EINVAL;
    /* Each symbol consumes >= 1 bit; reading past the start (pos < 0)
     * makes the stream invalid. */
    for (size_t i = 0; i < n; i++) {
        uint16_t e = t->e[bw_peek(&b, mb)];

        out[i] = (uint8_t)e;
        b.pos -= e >> 8;
    }
    return b.pos == 0 ? 0 : -EINVAL;
}

int huf_decode(const struct huf_table *t, const uint8_t *src, size_t len,
               uint8_t *out, size_t n, bool four)
{
    size_t sz[4], seg, off = 6;

    if (!four)
        return decode_stream(t, src, len, out, n);
    if (len < 6)
        return -EINVAL;
    sz[0] = get_le16(src);
    sz[1] = get_le16(src + 2);
    sz[2] = get_le16(src + 4);
    if (sz[0] + sz[1] + sz[2] > len - 6)
        return -EINVAL;
    sz[3] = len - 6 - sz[0] - sz[1] - sz[2];
    seg = (n + 3) / 4;
    if (3 * seg > n)
        return -EINVAL;
    for (int i = 0; i < 4; i++) {
        size_t cnt = i < 3 ? seg : n - 3 * seg;

        if (decode_stream(t, src + off, sz[i], out + (size_t)i * seg, cnt))
            return -EINVAL;
        off += sz[i];
    }
    return 0;
}

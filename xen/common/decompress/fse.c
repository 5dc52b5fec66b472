/*
 * fse.c - Finite State Entropy tables for zstd (RFC 8878, section 4.1).
 *
 * A table is described by normalized counts ("probabilities") that sum to
 * 1 << accuracy_log; -1 means "less than 1" and takes one cell at the top
 * of the table.  The other symbols' cells are spread with a fixed step so
 * that encoder and decoder build the same table.  A symbol with count c
 * owns c cells; its k-th cell (in table order) decodes as state
 * x = c + k: emit the symbol, read nbits = al - highbit(x), and go to
 * (x << nbits) - table_size + those bits.
 */
#include "zstd_internal.h"

/* LSB-first reader over src[0..len) for the table description.  Bits past
 * the end read as zero; the caller checks the final position. */
struct fwbits {
    const uint8_t *p;
    size_t len, pos;            /* pos in bits */
};

static uint32_t fw_peek(const struct fwbits *b, unsigned int n)   /* n <= 16 */
{
    uint32_t v = 0;

    for (unsigned int i = 0; i < n; i++) {
        size_t bit = b->pos + i;

        if ((bit >> 3) < b->len)
            v |= (uint32_t)((b->p[bit >> 3] >> (bit & 7)) & 1) << i;
    }
    return v;
}

static inline unsigned int highbit(uint32_t v)      /* v > 0 */
{
    return 31 - (unsigned int)__builtin_clz(v);
}

int fse_read_counts(const uint8_t *src, size_t len, int16_t *norm,
                    unsigned int *max_sym, unsigned int *al,
                    unsigned int al_max, size_t *used)
{
    struct fwbits b = { src, len, 4 };
    int32_t remaining;
    unsigned int sym = 0;

    if (len < 1)
        return -EINVAL;
    *al = (src[0] & 15) + 5;
    if (*al > al_max)
        return -EINVAL;
    remaining = 1 << *al;

    /* Each pass consumes >= 1 bit and describes >= 1 symbol. */
    while (remaining > 0) {
        uint32_t r = (uint32_t)remaining + 1, nb = highbit(r) + 1;
        uint32_t wasted = (1u << nb) - 1 - r, v, val;
        int32_t prob;

        if (sym > *max_sym || (b.pos >> 3) >= len)
            return -EINVAL;
        v = fw_peek(&b, nb);
        if ((v & ((1u << (nb - 1)) - 1)) < wasted) {
            val = v & ((1u << (nb - 1)) - 1);
            b.pos += nb - 1;
        } else {
            val = v;
            if (val >= (1u << (nb - 1)))
                val -= wasted;
            b.pos += nb;
        }
        prob = (int32_t)val - 1;        /* val <= r: prob <= remaining */
        remaining -= prob < 0 ? 1 : prob;
        norm[sym++] = (int16_t)prob;
        if (prob == 0) {
            /* 2-bit repeat flags: that many more zeros; 3 means more
             * flags follow.  Each adds symbols, bounded by max_sym. */
            uint32_t rep;

            do {
                rep = fw_peek(&b, 2);
                b.pos += 2;
                if (sym + rep > *max_sym + 1)
                    return -EINVAL;
                for (uint32_t k = 0; k < rep; k++)
                    norm[sym++] = 0;
            } while (rep == 3);
        }
    }
    if (remaining != 0 || (b.pos + 7) >> 3 > len)
        return -EINVAL;
    *max_sym = sym - 1;
    *used = (b.pos + 7) >> 3;
    return 0;
}

int fse_build(struct fse_entry *t, const int16_t *norm, unsigned int max_sym,
              unsigned int al)
{
    uint32_t size = 1u << al, high = size - 1, pos = 0;
    uint32_t step = (size >> 1) + (size >> 3) + 3, mask = size - 1;
    uint16_t next[FSE_MAX_SYMS];

    for (unsigned int s = 0; s <= max_sym; s++) {
        if (norm[s] == -1) {
            t[high--].sym = (uint8_t)s;
            next[s] = 1;
        } else {
            next[s] = (uint16_t)norm[s];
        }
    }
    for (unsigned int s = 0; s <= max_sym; s++)
        for (int i = 0; i < norm[s]; i++) {
            t[pos].sym = (uint8_t)s;
            do
                pos = (pos + step) & mask;
            while (pos > high);
        }
    if (pos != 0)
        return -EINVAL;     /* counts did not fill the table exactly */
    for (uint32_t i = 0; i < size; i++) {
        uint32_t x = next[t[i].sym]++;
        uint32_t nb = al - highbit(x);

        t[i].nbits = (uint8_t)nb;
        t[i].base = (uint16_t)((x << nb) - size);
    }
    return 0;
}

void fse_build_rle(struct fse_entry *t, uint8_t sym)
{
    t[0].sym = sym;
    t[0].nbits = 0;
    t[0].base = 0;
}

/*
 * inflate.c - DEFLATE decoder (RFC 1951) into a flat output buffer.
 *
 * A DEFLATE stream is a series of blocks, each headed by BFINAL (1 bit) and
 * BTYPE (2 bits): 00 stored, 01 fixed Huffman codes, 10 dynamic Huffman
 * codes (described in the block header), 11 invalid.  Bits are packed
 * LSB-first; Huffman codes are sent most significant bit first, so our
 * lookup tables are indexed by bit-reversed codes.
 *
 * Decoding tables: a root table indexed by the next ROOT bits; codes longer
 * than ROOT point from their root entry to a subtable indexed by the next
 * (max length - ROOT) bits.  Unused slots (incomplete codes) are marked
 * invalid and fail when hit.
 */
#include "private.h"

#define MAX_BITS        15
#define LIT_SYMS        288
#define DIST_SYMS       32
#define CL_SYMS         19
#define LIT_ROOT        10
#define DIST_ROOT       8
#define CL_ROOT         7
/* Root plus, at worst, one full subtable per symbol. */
#define LIT_TAB_SIZE    ((1u << LIT_ROOT) + LIT_SYMS * (1u << (MAX_BITS - LIT_ROOT)))
#define DIST_TAB_SIZE   ((1u << DIST_ROOT) + DIST_SYMS * (1u << (MAX_BITS - DIST_ROOT)))
#define CL_TAB_SIZE     (1u << CL_ROOT)     /* code lengths are <= 7 bits */

/* Table entry: bits 0-7 bits to consume, 8-11 subtable index bits,
 * bit 14 invalid, bit 15 link to subtable, 16-31 symbol or subtable base. */
#define E_INVALID       0x4000u
#define E_LINK          0x8000u
#define E_LEAF(sym, n)  (((uint32_t)(sym) << 16) | (n))

struct inflate_ws {
    uint32_t lit[LIT_TAB_SIZE];
    uint32_t dist[DIST_TAB_SIZE];
    uint32_t cl[CL_TAB_SIZE];
    uint8_t lens[LIT_SYMS + DIST_SYMS];
};
BUILD_BUG_ON(sizeof(struct inflate_ws) > DECOMPRESS_WORKSPACE_SIZE);

/* LSB-first bit reader.  Past the end it feeds zero bytes and counts them
 * in 'over'; a reader is sound while every fake byte is still unconsumed,
 * i.e. over * 8 <= nbits. */
struct bits {
    const uint8_t *p, *end;
    uint64_t buf;
    unsigned int nbits, over;
};

/* Ensure at least 56 bits are buffered. */
DC_INLINE void refill(struct bits *b)
{
    if (likely(b->end - b->p >= 8)) {
        b->buf |= get_le64(b->p) << b->nbits;
        b->p += (63 - b->nbits) >> 3;
        b->nbits |= 56;
        return;
    }
    while (b->nbits <= 56) {
        if (b->p < b->end)
            b->buf |= (uint64_t)*b->p++ << b->nbits;
        else
            b->over++;
        b->nbits += 8;
    }
}

DC_INLINE uint32_t take(struct bits *b, unsigned int n)   /* n <= 32 */
{
    uint32_t v = (uint32_t)(b->buf & ((1ull << n) - 1));

    b->buf >>= n;
    b->nbits -= n;
    return v;
}

DC_INLINE bool overran(const struct bits *b)
{
    return b->over * 8 > b->nbits;
}

static const uint16_t len_base[29] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
};
static const uint8_t len_extra[29] = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
    3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
};
static const uint16_t dist_base[30] = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
    257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
    16385, 24577
};
static const uint8_t dist_extra[30] = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
    7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
};
/* Order in which code length code lengths are sent. */
static const uint8_t cl_order[CL_SYMS] = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

static uint32_t reverse_bits(uint32_t code, unsigned int n)
{
    uint32_t r = 0;

    while (n--) {
        r = (r << 1) | (code & 1);
        code >>= 1;
    }
    return r;
}

/*
 * Build a decoding table for n symbols with code lengths lens[] (0 = unused)
 * into tab (root bits 'root', capacity 'cap').  Over-subscribed lengths are
 * an error; incomplete ones leave invalid entries.
 */
static int build_table(const uint8_t *lens, unsigned int n, uint32_t *tab,
                       unsigned int root, size_t cap)
{
    uint16_t count[MAX_BITS + 1] = { 0 }, next[MAX_BITS + 1];
    unsigned int maxlen = 0, sub_bits;
    int32_t left = 1;
    size_t next_sub = (size_t)1 << root;

    for (unsigned int s = 0; s < n; s++) {
        count[lens[s]]++;
        if (lens[s] > maxlen)
            maxlen = lens[s];
    }
    for (unsigned int l = 1; l <= MAX_BITS; l++) {
        left = (left << 1) - count[l];
        if (left < 0)
            return -EINVAL;
    }
    next[1] = 0;
    for (unsigned int l = 1; l < MAX_BITS; l++)
        next[l + 1] = (uint16_t)((next[l] + count[l]) << 1);

    sub_bits = maxlen > root ? maxlen - root : 0;
    for (size_t i = 0; i < next_sub; i++)
        tab[i] = E_INVALID;
    for (unsigned int s = 0; s < n; s++) {
        unsigned int l = lens[s];
        uint32_t rev, *t = tab, step;

        if (!l)
            continue;
        rev = reverse_bits(next[l]++, l);
        if (l > root) {
            uint32_t *e = &tab[rev & ((1u << root) - 1)];

            if (!(*e & E_LINK)) {
                if (next_sub + ((size_t)1 << sub_bits) > cap)
                    return -EINVAL;     /* cannot happen within n <= cap */
                *e = E_LINK | (sub_bits << 8) | root | ((uint32_t)next_sub << 16);
                for (size_t i = 0; i < ((size_t)1 << sub_bits); i++)
                    tab[next_sub + i] = E_INVALID;
                next_sub += (size_t)1 << sub_bits;
            }
            t = tab + (*e >> 16);
            rev >>= root;
            l -= root;
            step = 1u << sub_bits;
        } else {
            step = 1u << root;
        }
        for (uint32_t i = rev; i < step; i += 1u << l)
            t[i] = E_LEAF(s, l);
    }
    return 0;
}

/* Decode one symbol; needs >= 15 buffered bits.  Negative: invalid code. */
DC_INLINE int decode_sym(struct bits *b, const uint32_t *tab, unsigned int root)
{
    uint32_t e = tab[b->buf & ((1u << root) - 1)];

    if (e & E_LINK) {
        take(b, root);
        e = tab[(e >> 16) + (b->buf & ((1u << ((e >> 8) & 0xf)) - 1))];
    }
    if (unlikely(e & E_INVALID))
        return -1;
    take(b, e & 0xff);
    return (int)(e >> 16);
}

static int build_fixed(struct inflate_ws *ws)
{
    unsigned int s = 0;

    for (; s < 144; s++) ws->lens[s] = 8;
    for (; s < 256; s++) ws->lens[s] = 9;
    for (; s < 280; s++) ws->lens[s] = 7;
    for (; s < LIT_SYMS; s++) ws->lens[s] = 8;
    for (s = 0; s < DIST_SYMS; s++) ws->lens[LIT_SYMS + s] = 5;
    if (build_table(ws->lens, LIT_SYMS, ws->lit, LIT_ROOT, LIT_TAB_SIZE))
        return -EINVAL;
    return build_table(ws->lens + LIT_SYMS, DIST_SYMS, ws->dist, DIST_ROOT,
                       DIST_TAB_SIZE);
}

/* Dynamic block header: code length code, then literal/length and
 * distance code lengths as one run-length coded sequence. */
static int build_dynamic(struct bits *b, struct inflate_ws *ws)
{
    uint8_t cl_lens[CL_SYMS] = { 0 };
    unsigned int hlit, hdist, hclen, i = 0;

    refill(b);
    hlit = take(b, 5) + 257;
    hdist = take(b, 5) + 1;
    hclen = take(b, 4) + 4;
    if (hlit > 286 || hdist > 30)
        return -EINVAL;
    refill(b);                          /* 14 + 19 * 3 = 71 bits: two refills */
    for (unsigned int k = 0; k < hclen; k++) {
        if (k == 10)
            refill(b);
        cl_lens[cl_order[k]] = (uint8_t)take(b, 3);
    }
    if (build_table(cl_lens, CL_SYMS, ws->cl, CL_ROOT, CL_TAB_SIZE))
        return -EINVAL;

    /* Each pass writes >= 1 length, so at most hlit + hdist passes. */
    while (i < hlit + hdist) {
        int sym;
        unsigned int rep, val;

        refill(b);
        if (overran(b))
            return -EINVAL;
        sym = decode_sym(b, ws->cl, CL_ROOT);
        if (sym < 0)
            return -EINVAL;
        if (sym < 16) {
            ws->lens[i++] = (uint8_t)sym;
            continue;
        }
        if (sym == 16) {
            if (i == 0)
                return -EINVAL;
            val = ws->lens[i - 1];
            rep = 3 + take(b, 2);
        } else {
            val = 0;
            rep = sym == 17 ? 3 + take(b, 3) : 11 + take(b, 7);
        }
        if (rep > hlit + hdist - i)
            return -EINVAL;
        while (rep--)
            ws->lens[i++] = (uint8_t)val;
    }
    if (overran(b) || ws->lens[256] == 0)
        return -EINVAL;
    if (build_table(ws->lens, hlit, ws->lit, LIT_ROOT, LIT_TAB_SIZE))
        return -EINVAL;
    return build_table(ws->lens + hlit, hdist, ws->dist, DIST_ROOT,
                       DIST_TAB_SIZE);
}

/* Stored block: byte-align, LEN and its complement, LEN raw bytes. */
static int stored_block(struct bits *b, uint8_t *out, size_t *pos,
                        size_t limit)
{
    unsigned int whole;
    size_t len;

    take(b, b->nbits & 7);
    whole = b->nbits >> 3;
    if (b->over > whole)
        return -EINVAL;
    b->p -= whole - b->over;            /* give back unread real bytes */
    b->buf = 0;
    b->nbits = b->over = 0;
    if (b->end - b->p < 4)
        return -EINVAL;
    len = get_le16(b->p);
    if ((uint16_t)~len != get_le16(b->p + 2))
        return -EINVAL;
    b->p += 4;
    if (len > (size_t)(b->end - b->p))
        return -EINVAL;
    if (len > limit - *pos)
        return -ENOSPC;
    memcpy(out + *pos, b->p, len);
    b->p += len;
    *pos += len;
    return 0;
}

/* Huffman-coded block body until end-of-block (symbol 256). */
static int huffman_block(struct bits *b, const struct inflate_ws *ws,
                         uint8_t *out, size_t start, size_t *pos_io,
                         size_t limit)
{
    size_t pos = *pos_io;

    for (;;) {
        int sym;
        size_t len, dist;

        refill(b);
        if (unlikely(overran(b)))
            return -EINVAL;
        sym = decode_sym(b, ws->lit, LIT_ROOT);
        if (sym < 256) {
            if (unlikely(sym < 0))
                return -EINVAL;
            if (unlikely(pos >= limit))
                return -ENOSPC;
            out[pos++] = (uint8_t)sym;
            continue;
        }
        if (sym == 256)
            break;
        sym -= 257;
        if (unlikely(sym >= 29))
            return -EINVAL;
        /* 15 + 5 bits used at most so far; 56 buffered: room for the
         * distance code (15) and its extra bits (13). */
        len = len_base[sym] + take(b, len_extra[sym]);
        sym = decode_sym(b, ws->dist, DIST_ROOT);
        if (unlikely(sym < 0 || sym >= 30))
            return -EINVAL;
        dist = dist_base[sym] + take(b, dist_extra[sym]);
        if (unlikely(dist > pos - start))
            return -EINVAL;
        if (unlikely(len > limit - pos))
            return -ENOSPC;
        lz_copy(out + pos, dist, len, limit - pos >= len + 8);
        pos += len;
    }
    *pos_io = pos;
    return 0;
}

/*
 * Inflate the raw DEFLATE stream at in[0..in_len) to out[*pos..limit);
 * matches may reach back to out[*pos] as it was on entry.  On success
 * *pos is advanced and *in_used counts whole bytes (the last one padded).
 */
int inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used,
                uint8_t *out, size_t *pos, size_t limit, void *work)
{
    struct inflate_ws *ws = work;
    struct bits b = { in, in + in_len, 0, 0, 0 };
    size_t start = *pos;
    unsigned int final;

    /* Each block consumes at least 3 bits, and overrun ends the loop. */
    do {
        unsigned int type;
        int rc;

        refill(&b);
        final = take(&b, 1);
        type = take(&b, 2);
        if (overran(&b))
            return -EINVAL;
        if (type == 0) {
            rc = stored_block(&b, out, pos, limit);
        } else if (type == 3) {
            rc = -EINVAL;
        } else {
            rc = type == 1 ? build_fixed(ws) : build_dynamic(&b, ws);
            if (!rc)
                rc = huffman_block(&b, ws, out, start, pos, limit);
        }
        if (rc)
            return rc;
    } while (!final);

    if (overran(&b))
        return -EINVAL;
    /* Whole buffered bytes that were real input go back. */
    *in_used = (size_t)(b.p - in) - ((b.nbits >> 3) - b.over);
    return 0;
}

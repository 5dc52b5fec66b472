/*
 * lzma2.c - LZMA2 decoder (the xz filter 0x21), dictionary = output buffer.
 *
 * LZMA2 is a sequence of chunks, each starting with a control byte:
 *   0x00         end of the LZMA2 data
 *   0x01         uncompressed chunk, dictionary reset first
 *   0x02         uncompressed chunk, no reset
 *   0x80..0xFF   LZMA chunk; bits 5-6 say what is reset before it:
 *                0 nothing, 1 state, 2 state + new properties byte,
 *                3 state + properties + dictionary.  Bits 0-4 are bits
 *                16-20 of (unpacked size - 1).
 * An LZMA chunk header is: control, unpacked size - 1 (16 bits BE),
 * packed size - 1 (16 bits BE), [properties].  Each LZMA chunk restarts
 * the range decoder; state and probabilities carry over unless reset.
 *
 * LZMA itself: a binary range decoder with adaptive 11-bit probabilities
 * drives a state machine of literals, matches (distance + length) and
 * "rep" matches that reuse one of the last four distances.
 *
 * The whole output is one flat buffer, so the dictionary is simply the
 * bytes already written since the last dictionary reset (dict_start):
 * every distance is checked against pos - dict_start before use.
 */
#include "private.h"

#define PROB_BITS       11
#define PROB_INIT       (1u << (PROB_BITS - 1))
#define MOVE_BITS       5
#define RC_TOP          (1u << 24)

#define NUM_STATES      12
#define POS_STATES_MAX  16              /* pb <= 4 */
#define LEN_LOW         8               /* lengths 2..9 */
#define LEN_MID         8               /* lengths 10..17 */
#define LEN_HIGH        256             /* lengths 18..273 */
#define MATCH_LEN_MIN   2
#define DIST_STATES     4               /* length 2, 3, 4, 5+ */
#define DIST_SLOTS      64
#define DIST_MODEL_END  14              /* slots below: tree-coded low bits */
#define FULL_DISTANCES  128
#define ALIGN_BITS      4
#define LITERAL_CODER   0x300
#define LCLP_MAX        4               /* LZMA2 demands lc + lp <= 4 */

struct len_probs {
    uint16_t choice, choice2;
    uint16_t low[POS_STATES_MAX][LEN_LOW];
    uint16_t mid[POS_STATES_MAX][LEN_MID];
    uint16_t high[LEN_HIGH];
};

struct lzma_dec {
    /* Probabilities, all reset to PROB_INIT together. */
    uint16_t is_match[NUM_STATES][POS_STATES_MAX];
    uint16_t is_rep[NUM_STATES];
    uint16_t is_rep0[NUM_STATES];
    uint16_t is_rep1[NUM_STATES];
    uint16_t is_rep2[NUM_STATES];
    uint16_t is_rep0_long[NUM_STATES][POS_STATES_MAX];
    uint16_t dist_slot[DIST_STATES][DIST_SLOTS];
    /* Index dist - slot + k: reverse trees of slots 4..13, from 1. */
    uint16_t dist_special[FULL_DISTANCES - DIST_MODEL_END + 1];
    uint16_t dist_align[1u << ALIGN_BITS];
    struct len_probs match_len, rep_len;
    uint16_t literal[LITERAL_CODER << LCLP_MAX];
    /* Model state that survives across chunks. */
    uint32_t state;                     /* 0..11: last symbols' kinds */
    uint32_t rep0, rep1, rep2, rep3;    /* distances - 1 */
    uint32_t lc, lp, pb;
};

BUILD_BUG_ON(sizeof(struct lzma_dec) > LZMA2_WORKSPACE);

/* State after a literal, indexed by the current state. */
static const uint8_t state_after_lit[NUM_STATES] = {
    0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 4, 5
};
#define STATE_LIT_MAX   7   /* states below: the previous symbol was literal */

static void lzma_reset_state(struct lzma_dec *d)
{
    uint16_t *p = &d->is_match[0][0];
    uint16_t *end = &d->literal[LITERAL_CODER << (d->lc + d->lp)];

    /* The probability arrays are contiguous uint16_t members. */
    while (p < end)
        *p++ = PROB_INIT;
    d->state = 0;
    d->rep0 = d->rep1 = d->rep2 = d->rep3 = 0;
}

/* Properties byte: (pb * 5 + lp) * 9 + lc. */
static int lzma_set_props(struct lzma_dec *d, uint8_t props)
{
    if (props >= 9 * 5 * 5)
        return -EINVAL;
    d->lc = props % 9;
    props /= 9;
    d->lp = props % 5;
    d->pb = props / 5;
    if (d->lc + d->lp > LCLP_MAX)
        return -EINVAL;
    return 0;
}

/*
 * Range decoder primitives as macros over the locals range, code, ip,
 * ip_end, overrun of lzma_chunk(): the hot loop keeps them in registers and
 * makes no calls.  Reading past the chunk feeds zeros and sets overrun, which
 * fails the chunk at its end (output is bounded by the chunk size, so the
 * loop still terminates).
 */
#define RC_NORMALIZE()                                                    \
    do {                                                                  \
        if (range < RC_TOP) {                                             \
            range <<= 8;                                                  \
            code <<= 8;                                                   \
            if (likely(ip < ip_end))                                      \
                code |= *ip++;                                            \
            else                                                          \
                overrun = true;                                           \
        }                                                                 \
    } while (0)

/* Decode one bit with adaptive probability *(p) into bit (0 or 1). */
#define RC_BIT(p, bit)                                                    \
    do {                                                                  \
        uint16_t *p_ = (p);                                               \
        uint32_t prob_ = *p_, bound_ = (range >> PROB_BITS) * prob_;      \
        if (code < bound_) {                                              \
            range = bound_;                                               \
            *p_ = (uint16_t)(prob_ + (((1u << PROB_BITS) - prob_) >> MOVE_BITS)); \
            bit = 0;                                                      \
        } else {                                                          \
            range -= bound_;                                              \
            code -= bound_;                                               \
            *p_ = (uint16_t)(prob_ - (prob_ >> MOVE_BITS));               \
            bit = 1;                                                      \
        }                                                                 \
        RC_NORMALIZE();                                                   \
    } while (0)

/* nbits-bit symbol, most significant first, tree probs indexed from 1. */
#define RC_TREE(probs, nbits, out)                                        \
    do {                                                                  \
        uint32_t s_ = 1, b_;                                              \
        for (unsigned int k_ = 0; k_ < (nbits); k_++) {                   \
            RC_BIT(&(probs)[s_], b_);                                     \
            s_ = (s_ << 1) | b_;                                          \
        }                                                                 \
        (out) = s_ - (1u << (nbits));                                     \
    } while (0)

/* nbits-bit symbol, least significant first. */
#define RC_REV_TREE(probs, nbits, out)                                    \
    do {                                                                  \
        uint32_t m_ = 1, r_ = 0, b_;                                      \
        for (unsigned int k_ = 0; k_ < (nbits); k_++) {                   \
            RC_BIT(&(probs)[m_], b_);                                     \
            m_ = (m_ << 1) | b_;                                          \
            r_ |= b_ << k_;                                               \
        }                                                                 \
        (out) = r_;                                                       \
    } while (0)

/* nbits equiprobable bits, most significant first, appended to acc. */
#define RC_DIRECT(nbits, acc)                                             \
    do {                                                                  \
        for (unsigned int k_ = 0; k_ < (nbits); k_++) {                   \
            range >>= 1;                                                  \
            code -= range;                                                \
            uint32_t t_ = 0u - (code >> 31);    /* all ones: bit 0 */     \
            code += range & t_;                                           \
            (acc) = ((acc) << 1) + (t_ + 1);                              \
            RC_NORMALIZE();                                               \
        }                                                                 \
    } while (0)

/* Match length minus MATCH_LEN_MIN (0..271). */
#define RC_LEN(lp, pos_state, out)                                        \
    do {                                                                  \
        uint32_t c_;                                                      \
        RC_BIT(&(lp)->choice, c_);                                        \
        if (!c_) {                                                        \
            RC_TREE((lp)->low[pos_state], 3, out);                        \
        } else {                                                          \
            RC_BIT(&(lp)->choice2, c_);                                   \
            if (!c_) {                                                    \
                RC_TREE((lp)->mid[pos_state], 3, out);                    \
                (out) += LEN_LOW;                                         \
            } else {                                                      \
                RC_TREE((lp)->high, 8, out);                              \
                (out) += LEN_LOW + LEN_MID;                               \
            }                                                             \
        }                                                                 \
    } while (0)

/*
 * Decode one LZMA chunk: in[0..in_len) are its packed bytes (range coder
 * init included), buf[pos..end) receives its unpacked bytes.  buf[0..limit)
 * is writable; bytes before pos back to dict_start are the dictionary.
 * The chunk must end exactly: all packed bytes used, code == 0.
 */
static int lzma_chunk(struct lzma_dec *d, const uint8_t *in, size_t in_len,
                      uint8_t *buf, size_t dict_start, size_t pos,
                      size_t end, size_t limit)
{
    const uint8_t *ip = in, *ip_end = in + in_len;
    uint32_t range = 0xffffffffu, code;
    bool overrun = false;
    uint32_t state = d->state;
    uint32_t rep0 = d->rep0, rep1 = d->rep1, rep2 = d->rep2, rep3 = d->rep3;
    const uint32_t lc = d->lc;
    const size_t lp_mask = (1u << d->lp) - 1, pb_mask = (1u << d->pb) - 1;

    if (in_len < 5 || in[0] != 0)
        return -EINVAL;
    code = ((uint32_t)in[1] << 24) | ((uint32_t)in[2] << 16) |
           ((uint32_t)in[3] << 8) | in[4];
    ip += 5;
    if (code == range)
        return -EINVAL;

    while (pos < end) {
        const size_t dpos = pos - dict_start;   /* bytes in the dictionary */
        const uint32_t pos_state = (uint32_t)(dpos & pb_mask);
        uint32_t bit, len;

        RC_BIT(&d->is_match[state][pos_state], bit);
        if (!bit) {
            /* Literal, coded with the previous byte as context. */
            uint32_t prev = dpos ? buf[pos - 1] : 0;
            uint16_t *lit = d->literal + LITERAL_CODER *
                (uint32_t)(((dpos & lp_mask) << lc) + (prev >> (8 - lc)));
            uint32_t sym = 1;

            if (state >= STATE_LIT_MAX) {
                /* After a match: the byte at rep0 guides the first bits
                 * until a decoded bit differs from it. */
                uint32_t mbyte = buf[pos - rep0 - 1];

                do {
                    uint32_t mbit = (mbyte >> 7) & 1;

                    mbyte <<= 1;
                    RC_BIT(&lit[((1 + mbit) << 8) + sym], bit);
                    sym = (sym << 1) | bit;
                    if (bit != mbit)
                        break;
                } while (sym < 0x100);
            }
            while (sym < 0x100) {
                RC_BIT(&lit[sym], bit);
                sym = (sym << 1) | bit;
            }
            buf[pos++] = (uint8_t)sym;
            state = state_after_lit[state];
            continue;
        }

        RC_BIT(&d->is_rep[state], bit);
        if (!bit) {
            /* New match: length, then distance by slot. */
            uint32_t slot, dist;

            rep3 = rep2;
            rep2 = rep1;
            rep1 = rep0;
            RC_LEN(&d->match_len, pos_state, len);
            state = state < STATE_LIT_MAX ? 7 : 10;
            RC_TREE(d->dist_slot[len < DIST_STATES - 1 ? len :
                                 DIST_STATES - 1], 6, slot);
            if (slot < 4) {
                dist = slot;
            } else {
                uint32_t nbits = (slot >> 1) - 1, low;

                dist = (2 | (slot & 1)) << nbits;
                if (slot < DIST_MODEL_END) {
                    RC_REV_TREE(d->dist_special + dist - slot, nbits, low);
                    dist += low;
                } else {
                    uint32_t mid = 0;

                    RC_DIRECT(nbits - ALIGN_BITS, mid);
                    RC_REV_TREE(d->dist_align, ALIGN_BITS, low);
                    dist += (mid << ALIGN_BITS) + low;
                }
            }
            rep0 = dist;    /* 0xffffffff would be an end marker: refused
                             * below, LZMA2 chunks have none */
        } else {
            RC_BIT(&d->is_rep0[state], bit);
            if (!bit) {
                RC_BIT(&d->is_rep0_long[state][pos_state], bit);
                if (!bit) {
                    /* Short rep: one byte from distance rep0. */
                    if (unlikely(rep0 >= dpos))
                        return -EINVAL;
                    state = state < STATE_LIT_MAX ? 9 : 11;
                    buf[pos] = buf[pos - rep0 - 1];
                    pos++;
                    continue;
                }
            } else {
                uint32_t dist;

                RC_BIT(&d->is_rep1[state], bit);
                if (!bit) {
                    dist = rep1;
                } else {
                    RC_BIT(&d->is_rep2[state], bit);
                    if (!bit) {
                        dist = rep2;
                    } else {
                        dist = rep3;
                        rep3 = rep2;
                    }
                    rep2 = rep1;
                }
                rep1 = rep0;
                rep0 = dist;
            }
            RC_LEN(&d->rep_len, pos_state, len);
            state = state < STATE_LIT_MAX ? 8 : 11;
        }

        /* Copy the match: rep0 + 1 bytes back, len + 2 bytes long. */
        len += MATCH_LEN_MIN;
        if (unlikely(rep0 >= dpos || len > end - pos))
            return -EINVAL;
        if (rep0 == 0) {
            memset(buf + pos, buf[pos - 1], len);
        } else {
            lz_copy(buf + pos, rep0 + 1, len, limit - pos >= len + 8);
        }
        pos += len;
    }

    if (overrun || ip != ip_end || code != 0)
        return -EINVAL;
    d->state = state;
    d->rep0 = rep0;
    d->rep1 = rep1;
    d->rep2 = rep2;
    d->rep3 = rep3;
    return 0;
}

int lzma2_decode(const uint8_t *in, size_t in_len, size_t *in_used,
                 struct lzma2_out *out, void *work)
{
    struct lzma_dec *d = work;
    size_t ip = 0, pos = out->pos, dict_start = pos;
    bool need_dict_reset = true, need_props = true;

    /* Each pass consumes at least the control byte. */
    for (;;) {
        uint8_t ctrl;
        size_t usize, psize;
        int rc;

        if (ip >= in_len)
            return -EINVAL;
        ctrl = in[ip++];
        if (ctrl == 0x00)
            break;
        if (ctrl >= 0xe0 || ctrl == 0x01) {
            dict_start = pos;
            need_dict_reset = false;
            need_props = true;
        } else if (need_dict_reset) {
            return -EINVAL;
        }

        if (ctrl < 0x80) {
            /* Uncompressed chunk. */
            if (ctrl > 0x02 || in_len - ip < 2)
                return -EINVAL;
            usize = (size_t)get_be16(in + ip) + 1;
            ip += 2;
            if (usize > in_len - ip)
                return -EINVAL;
            if (usize > out->limit - pos)
                return -ENOSPC;
            memcpy(out->buf + pos, in + ip, usize);
            ip += usize;
            pos += usize;
            continue;
        }

        if (in_len - ip < 4)
            return -EINVAL;
        usize = ((size_t)(ctrl & 0x1f) << 16) + get_be16(in + ip) + 1;
        psize = (size_t)get_be16(in + ip + 2) + 1;
        ip += 4;
        if (ctrl >= 0xc0) {
            if (ip >= in_len || lzma_set_props(d, in[ip++]) != 0)
                return -EINVAL;
            need_props = false;
            lzma_reset_state(d);
        } else if (need_props) {
            return -EINVAL;
        } else if (ctrl >= 0xa0) {
            lzma_reset_state(d);
        }
        if (psize > in_len - ip)
            return -EINVAL;
        if (usize > out->limit - pos)
            return -ENOSPC;
        rc = lzma_chunk(d, in + ip, psize, out->buf, dict_start, pos,
                        pos + usize, out->limit);
        if (rc)
            return rc;
        ip += psize;
        pos += usize;
    }
    *in_used = ip;
    out->pos = pos;
    return 0;
}

/*
 * zstd.c - Zstandard frames, blocks and sequences (RFC 8878).
 *
 * Frame   = magic 0xFD2FB528 | header | blocks | [XXH64 low 32 bits]
 * Header  = descriptor | [window descriptor] | [dictionary ID] |
 *           [frame content size]
 * Block   = 3-byte header (last flag, type raw/RLE/compressed, size)
 * A compressed block holds a literals section (raw, RLE, or Huffman coded
 * in one or four streams) and a sequences section: (literal length, match
 * length, offset) triples, FSE coded in one backward bitstream.  Offsets
 * 1..3 name "repeat offsets", the three most recent ones.
 * Skippable frames (0x184D2A5x + 32-bit size) are stepped over.
 *
 * The window is the flat output since the frame started; dictionaries are
 * refused.  Huffman and FSE tables and repeat offsets persist across the
 * blocks of one frame.
 */
#include "zstd_internal.h"

#define ZSTD_MAGIC      0xfd2fb528u
#define SKIP_MASK       0xfffffff0u
#define SKIP_MAGIC      0x184d2a50u
#define BLOCK_MAX       (128u * 1024)
#define LL_AL_MAX       9
#define ML_AL_MAX       9
#define OF_AL_MAX       8
#define LL_MAX_SYM      35
#define ML_MAX_SYM      52
#define OF_MAX_SYM      31

struct fse_state {
    struct fse_entry t[1u << LL_AL_MAX];
    unsigned int al;
    bool valid;
};

struct zstd_ws {
    uint8_t lit[BLOCK_MAX];
    struct fse_state ll, of, ml;
    struct huf_table huf;
    struct huf_scratch hs;
    int16_t norm[FSE_MAX_SYMS];
    uint32_t rep[3];
};
BUILD_BUG_ON(sizeof(struct zstd_ws) > DECOMPRESS_WORKSPACE_SIZE);

/* Predefined distributions (RFC 8878, 3.1.1.3.2.2). */
static const int16_t ll_default[LL_MAX_SYM + 1] = {
    4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
    -1, -1, -1, -1
};
static const int16_t ml_default[ML_MAX_SYM + 1] = {
    1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
    -1, -1, -1, -1, -1
};
static const int16_t of_default[29] = {
    1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1
};

/* Literal length and match length codes: baseline and extra bits. */
static const uint32_t ll_base[LL_MAX_SYM + 1] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
    8192, 16384, 32768, 65536
};
static const uint8_t ll_bits[LL_MAX_SYM + 1] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
    13, 14, 15, 16
};
static const uint32_t ml_base[ML_MAX_SYM + 1] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
    19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
    35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
    4099, 8195, 16387, 32771, 65539
};
static const uint8_t ml_bits[ML_MAX_SYM + 1] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
    12, 13, 14, 15, 16
};

/* Literals of the current block: either in ws->lit or in the input. */
struct literals {
    const uint8_t *p;
    size_t n;
};

static int read_literals(struct zstd_ws *ws, const uint8_t *src, size_t len,
                         struct literals *lit, size_t *used)
{
    unsigned int type, sf;
    size_t regen, csize = 0, hdr;
    bool four = false;

    if (len < 1)
        return -EINVAL;
    type = src[0] & 3;
    sf = (src[0] >> 2) & 3;
    if (type < 2) {
        /* Raw or RLE: 1, 2 or 3 header bytes. */
        if (!(sf & 1)) {
            hdr = 1;
            regen = src[0] >> 3;
        } else if (sf == 1) {
            hdr = 2;
            if (len < 2)
                return -EINVAL;
            regen = (src[0] >> 4) | ((size_t)src[1] << 4);
        } else {
            hdr = 3;
            if (len < 3)
                return -EINVAL;
            regen = (src[0] >> 4) | ((size_t)src[1] << 4) |
                    ((size_t)src[2] << 12);
        }
        if (regen > BLOCK_MAX)
            return -EINVAL;
        if (type == 0) {
            if (regen > len - hdr)
                return -EINVAL;
            lit->p = src + hdr;
            *used = hdr + regen;
        } else {
            if (len - hdr < 1)
                return -EINVAL;
            memset(ws->lit, src[hdr], regen);
            lit->p = ws->lit;
            *used = hdr + 1;
        }
        lit->n = regen;
        return 0;
    }

    /* Huffman (2) or treeless (3, previous table): sizes by format. */
    hdr = sf < 2 ? 3 : sf + 2;
    if (len < hdr)
        return -EINVAL;
    four = sf != 0;
    if (hdr == 3) {
        uint32_t v = get_le24(src);

        regen = (v >> 4) & 0x3ff;
        csize = (v >> 14) & 0x3ff;
    } else if (hdr == 4) {
        uint32_t v = get_le32(src);

        regen = (v >> 4) & 0x3fff;
        csize = v >> 18;
    } else {
        uint64_t v = get_le32(src) | ((uint64_t)src[4] << 32);

        regen = (size_t)(v >> 4) & 0x3ffff;
        csize = (size_t)(v >> 22) & 0x3ffff;
    }
    if (regen > BLOCK_MAX || csize > len - hdr)
        return -EINVAL;
    src += hdr;
    *used = hdr + csize;
    if (type == 2) {
        size_t tlen;

        ws->huf.valid = false;
        if (huf_read_table(&ws->huf, src, csize, &tlen, &ws->hs))
            return -EINVAL;
        src += tlen;
        csize -= tlen;
    } else if (!ws->huf.valid) {
        return -EINVAL;
    }
    if (huf_decode(&ws->huf, src, csize, ws->lit, regen, four))
        return -EINVAL;
    lit->p = ws->lit;
    lit->n = regen;
    return 0;
}

/* Set up one sequence table by its compression mode. */
static int read_seq_table(struct zstd_ws *ws, struct fse_state *st,
                          unsigned int mode, const int16_t *def,
                          unsigned int def_max, unsigned int def_al,
                          unsigned int max_sym, unsigned int al_max,
                          const uint8_t *src, size_t len, size_t *used)
{
    unsigned int ms = max_sym, al;

    *used = 0;
    switch (mode) {
    case 0:                                     /* predefined */
        st->al = def_al;
        st->valid = !fse_build(st->t, def, def_max, def_al);
        return st->valid ? 0 : -EINVAL;
    case 1:                                     /* RLE */
        if (len < 1 || src[0] > max_sym)
            return -EINVAL;
        fse_build_rle(st->t, src[0]);
        st->al = 0;
        st->valid = true;
        *used = 1;
        return 0;
    case 2:                                     /* FSE compressed */
        st->valid = false;
        if (fse_read_counts(src, len, ws->norm, &ms, &al, al_max, used) ||
            fse_build(st->t, ws->norm, ms, al))
            return -EINVAL;
        st->al = al;
        st->valid = true;
        return 0;
    default:                                    /* repeat */
        return st->valid ? 0 : -EINVAL;
    }
}

/* Sequence execution context. */
struct seq_out {
    uint8_t *buf;
    size_t frame_start, pos, limit;
};

DC_INLINE int exec_seq(struct seq_out *o, struct literals *lit, size_t ll,
                       size_t ml, size_t off)
{
    if (ll > lit->n)
        return -EINVAL;
    if (ll + ml > o->limit - o->pos)
        return -ENOSPC;
    memcpy(o->buf + o->pos, lit->p, ll);
    lit->p += ll;
    lit->n -= ll;
    o->pos += ll;
    if (off == 0 || off > o->pos - o->frame_start)
        return -EINVAL;
    lz_copy(o->buf + o->pos, off, ml, o->limit - o->pos >= ml + 8);
    o->pos += ml;
    return 0;
}

/* Repeat-offset resolution (RFC 8878, 3.1.1.5). */
DC_INLINE int resolve_offset(uint32_t *rep, uint32_t val, size_t ll,
                             size_t *off)
{
    uint32_t o;

    if (val > 3) {
        o = val - 3;
    } else {
        unsigned int idx = val - 1 + (ll == 0);

        if (idx == 0) {
            *off = rep[0];
            return 0;
        }
        o = idx == 3 ? rep[0] - 1 : rep[idx];
        if (o == 0)
            return -EINVAL;
        if (idx == 1) {
            rep[1] = rep[0];
            rep[0] = o;
            *off = o;
            return 0;
        }
    }
    rep[2] = rep[1];
    rep[1] = rep[0];
    rep[0] = o;
    *off = o;
    return 0;
}

static int read_sequences(struct zstd_ws *ws, const uint8_t *src, size_t len,
                          struct literals *lit, struct seq_out *o)
{
    size_t nseq, off = 0, used;
    unsigned int modes;
    struct bwbits b;
    uint32_t sll, sof, sml;
    int rc;

    if (len < 1)
        return -EINVAL;
    if (src[0] < 128) {
        nseq = src[0];
        off = 1;
    } else if (src[0] < 255) {
        if (len < 2)
            return -EINVAL;
        nseq = ((size_t)(src[0] - 128) << 8) + src[1];
        off = 2;
    } else {
        if (len < 3)
            return -EINVAL;
        nseq = src[1] + ((size_t)src[2] << 8) + 0x7f00;
        off = 3;
    }
    if (nseq == 0)
        return off == len ? 0 : -EINVAL;
    if (off >= len)
        return -EINVAL;
    modes = src[off++];
    if (modes & 3)
        return -EINVAL;
    if (read_seq_table(ws, &ws->ll, modes >> 6, ll_default, LL_MAX_SYM, 6,
                       LL_MAX_SYM, LL_AL_MAX, src + off, len - off, &used))
        return -EINVAL;
    off += used;
    if (read_seq_table(ws, &ws->of, (modes >> 4) & 3, of_default, 28, 5,
                       OF_MAX_SYM, OF_AL_MAX, src + off, len - off, &used))
        return -EINVAL;
    off += used;
    if (read_seq_table(ws, &ws->ml, (modes >> 2) & 3, ml_default, ML_MAX_SYM,
                       6, ML_MAX_SYM, ML_AL_MAX, src + off, len - off, &used))
        return -EINVAL;
    off += used;
    if (bw_init(&b, src + off, len - off))
        return -EINVAL;

    sll = bw_read(&b, ws->ll.al);
    sof = bw_read(&b, ws->of.al);
    sml = bw_read(&b, ws->ml.al);
    /* nseq iterations, each bounded; overflow is checked per sequence. */
    for (size_t i = 0; i < nseq; i++) {
        const struct fse_entry *el = &ws->ll.t[sll], *eo = &ws->of.t[sof];
        const struct fse_entry *em = &ws->ml.t[sml];
        uint32_t ofc = eo->sym, val;
        size_t ll, ml, offset;

        if (ofc > OF_MAX_SYM || el->sym > LL_MAX_SYM || em->sym > ML_MAX_SYM)
            return -EINVAL;
        val = (1u << ofc) + bw_read(&b, ofc);
        ml = ml_base[em->sym] + bw_read(&b, ml_bits[em->sym]);
        ll = ll_base[el->sym] + bw_read(&b, ll_bits[el->sym]);
        if (i + 1 < nseq) {
            sll = el->base + bw_read(&b, el->nbits);
            sml = em->base + bw_read(&b, em->nbits);
            sof = eo->base + bw_read(&b, eo->nbits);
        }
        if (b.pos < 0 || resolve_offset(ws->rep, val, ll, &offset))
            return -EINVAL;
        rc = exec_seq(o, lit, ll, ml, offset);
        if (rc)
            return rc;
    }
    return b.pos == 0 ? 0 : -EINVAL;
}

static int compressed_block(struct zstd_ws *ws, const uint8_t *src,
                            size_t len, struct seq_out *o)
{
    struct literals lit;
    size_t used, start = o->pos, limit = o->limit;
    int rc;

    if (read_literals(ws, src, len, &lit, &used))
        return -EINVAL;
    /* A block decodes to at most BLOCK_MAX bytes. */
    if (o->limit - start > BLOCK_MAX)
        o->limit = start + BLOCK_MAX;
    rc = read_sequences(ws, src + used, len - used, &lit, o);
    if (!rc) {
        if (lit.n > o->limit - o->pos)
            rc = -ENOSPC;
        else {
            memcpy(o->buf + o->pos, lit.p, lit.n);
            o->pos += lit.n;
        }
    }
    if (rc == -ENOSPC && o->limit != limit)
        rc = -EINVAL;                   /* over BLOCK_MAX, not out of room */
    o->limit = limit;
    return rc;
}

/* Frame header at src[0..len) after the magic; sets *hdr_len. */
static int frame_header(const uint8_t *src, size_t len, size_t *hdr_len,
                        bool *checksum, uint64_t *fcs, bool *has_fcs)
{
    static const uint8_t did_len[4] = { 0, 1, 2, 4 };
    uint8_t fhd;
    size_t off = 1, fcs_len;
    unsigned int fcs_flag;
    bool single;

    if (len < 1)
        return -EINVAL;
    fhd = src[0];
    if (fhd & 0x08)
        return -EINVAL;                 /* reserved bit */
    fcs_flag = fhd >> 6;
    single = fhd & 0x20;
    *checksum = fhd & 0x04;
    if (!single) {
        if (len < 2 || (src[1] >> 3) + 10 > 41)
            return -EINVAL;             /* window log above the maximum */
        off++;
    }
    if (len - off < did_len[fhd & 3])
        return -EINVAL;
    for (unsigned int i = 0; i < did_len[fhd & 3]; i++)
        if (src[off + i]) {
            printk(XENLOG_WARNING "zstd: dictionaries not supported\n");
            return -EOPNOTSUPP;
        }
    off += did_len[fhd & 3];
    fcs_len = fcs_flag ? (1u << fcs_flag) : single;
    *has_fcs = fcs_len != 0;
    if (len - off < fcs_len)
        return -EINVAL;
    switch (fcs_len) {
    case 0: *fcs = 0; break;
    case 1: *fcs = src[off]; break;
    case 2: *fcs = get_le16(src + off) + 256u; break;
    case 4: *fcs = get_le32(src + off); break;
    default: *fcs = get_le64(src + off); break;
    }
    *hdr_len = off + fcs_len;
    return 0;
}

/* One frame at src (after the magic); *off_io advanced past it. */
static int zstd_frame(struct zstd_ws *ws, const uint8_t *src, size_t len,
                      size_t *off_io, uint8_t *dst, size_t *pos,
                      size_t dst_max)
{
    struct seq_out o = { dst, *pos, *pos, dst_max };
    size_t off = *off_io, hdr;
    uint64_t fcs;
    bool checksum, has_fcs, last;
    int rc = frame_header(src + off, len - off, &hdr, &checksum, &fcs,
                          &has_fcs);

    if (rc)
        return rc;
    if (has_fcs && fcs > dst_max - *pos)
        return -ENOSPC;
    off += hdr;
    ws->huf.valid = ws->ll.valid = ws->of.valid = ws->ml.valid = false;
    ws->rep[0] = 1;
    ws->rep[1] = 4;
    ws->rep[2] = 8;

    /* Blocks; each consumes >= 3 bytes. */
    do {
        uint32_t bh;
        size_t bsize;

        if (len - off < 3)
            return -EINVAL;
        bh = get_le24(src + off);
        off += 3;
        last = bh & 1;
        bsize = bh >> 3;
        switch ((bh >> 1) & 3) {
        case 0:                                 /* raw */
            if (bsize > BLOCK_MAX || bsize > len - off)
                return -EINVAL;
            if (bsize > o.limit - o.pos)
                return -ENOSPC;
            memcpy(dst + o.pos, src + off, bsize);
            o.pos += bsize;
            off += bsize;
            break;
        case 1:                                 /* RLE */
            if (bsize > BLOCK_MAX || len - off < 1)
                return -EINVAL;
            if (bsize > o.limit - o.pos)
                return -ENOSPC;
            memset(dst + o.pos, src[off], bsize);
            o.pos += bsize;
            off += 1;
            break;
        case 2:                                 /* compressed */
            if (bsize > BLOCK_MAX || bsize > len - off)
                return -EINVAL;
            rc = compressed_block(ws, src + off, bsize, &o);
            if (rc)
                return rc;
            off += bsize;
            break;
        default:
            return -EINVAL;
        }
    } while (!last);

    if (has_fcs && o.pos - *pos != fcs)
        return -EINVAL;
    if (checksum) {
        if (len - off < 4)
            return -EINVAL;
        if ((uint32_t)xxh64(dst + *pos, o.pos - *pos, 0) != get_le32(src + off))
            return -EBADMSG;
        off += 4;
    }
    *pos = o.pos;
    *off_io = off;
    return 0;
}

long zstd_decompress(const uint8_t *src, size_t len, uint8_t *dst,
                     size_t dst_max, void *work, size_t *consumed)
{
    size_t off = 0, pos = 0;
    bool any = false;

    /* Frames and skippable frames; each consumes >= 4 bytes. */
    while (len - off >= 4) {
        uint32_t magic = get_le32(src + off);

        if (magic == ZSTD_MAGIC) {
            int rc;

            off += 4;
            rc = zstd_frame(work, src, len, &off, dst, &pos, dst_max);
            if (rc)
                return rc;
            any = true;
        } else if ((magic & SKIP_MASK) == SKIP_MAGIC) {
            if (len - off < 8 || get_le32(src + off + 4) > len - off - 8)
                return -EINVAL;
            off += 8 + get_le32(src + off + 4);
        } else {
            break;
        }
    }
    if (!any)
        return -EINVAL;
    if (consumed)
        *consumed = off;
    return (long)pos;
}

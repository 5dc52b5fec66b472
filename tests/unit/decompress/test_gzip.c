/* test_gzip.c - gzip container and DEFLATE against gzip(1). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "unit.h"
#include <xen/decompress.h>

#define KIB 1024

TEST(gzip_levels)
{
    if (!have_tool("gzip"))
        return;
    roundtrip_gen("gzip -c -1", GEN_TEXT, 300 * KIB, 1);
    roundtrip_gen("gzip -c -6", GEN_MIXED, 400 * KIB, 2);
    roundtrip_gen("gzip -c -9", GEN_X86, 300 * KIB, 3);
    roundtrip_gen("gzip -c -9", GEN_RANDOM, 100 * KIB, 4);     /* stored blocks */
    roundtrip_gen("gzip -c -9", GEN_ZEROS, 2000 * KIB, 5);
    roundtrip_gen("gzip -c -5", GEN_RUNS, 200 * KIB, 6);
    roundtrip_gen("gzip -c", GEN_TEXT, 0, 7);
    roundtrip_gen("gzip -c", GEN_TEXT, 1, 8);
}

TEST(gzip_header_fields)
{
    /* A file name (FNAME) as gzip stores it for files; Linux's -n drops it. */
    if (!have_tool("gzip"))
        return;
    roundtrip_gen("cat > f && gzip -c -9 f", GEN_TEXT, 50 * KIB, 9);
    roundtrip_gen("cat > f && gzip -c -9 -n f", GEN_TEXT, 50 * KIB, 10);
}

TEST(gzip_crafted_header)
{
    /* FEXTRA + FNAME + FCOMMENT + FHCRC around a stored empty block. */
    uint8_t m[64], out[8];
    size_t n = 0;

    memcpy(m, "\x1f\x8b\x08\x1e\0\0\0\0\0\3", 10);
    n = 10;
    memcpy(m + n, "\x03\0abc", 5);  n += 5;         /* XLEN 3 */
    memcpy(m + n, "name\0", 5);     n += 5;
    memcpy(m + n, "comm\0", 5);     n += 5;
    /* FHCRC: low 16 bits of CRC32 of the header so far, computed here. */
    {
        uint32_t c = 0xffffffffu;
        for (size_t i = 0; i < n; i++) {
            c ^= m[i];
            for (int k = 0; k < 8; k++)
                c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
        }
        c = ~c;
        m[n++] = (uint8_t)c;
        m[n++] = (uint8_t)(c >> 8);
    }
    memcpy(m + n, "\x01\x00\x00\xff\xff", 5); n += 5;  /* final stored, 0 */
    memset(m + n, 0, 8); n += 8;                       /* CRC 0, ISIZE 0 */
    CHECK_EQ(dc(m, n, out, sizeof(out), NULL), 0);
    m[n - 14] ^= 1;                                    /* header CRC byte */
    CHECK_EQ(dc(m, n, out, sizeof(out), NULL), -EINVAL);
    m[n - 14] ^= 1;
    m[3] |= 0x80;                                      /* reserved flag */
    CHECK_EQ(dc(m, n, out, sizeof(out), NULL), -EINVAL);
    m[3] &= 0x7f;
    m[2] = 7;                                          /* not deflate */
    CHECK_EQ(dc(m, n, out, sizeof(out), NULL), -EOPNOTSUPP);
}

TEST(gzip_members_and_trailer)
{
    size_t la = 40 * KIB, lb = 20 * KIB, ca_len, cb_len, used;
    uint8_t *a = gen_data(GEN_TEXT, la, 11), *b = gen_data(GEN_X86, lb, 12);
    uint8_t *ca, *cb, *cat, *out;
    long n;

    if (!have_tool("gzip")) {
        free(a); free(b);
        return;
    }
    ca = run_filter("gzip -c -9", a, la, &ca_len);
    cb = run_filter("gzip -c -1", b, lb, &cb_len);
    if (ca && cb) {
        cat = malloc(ca_len + cb_len + 4);
        memcpy(cat, ca, ca_len);
        memcpy(cat + ca_len, cb, cb_len);
        memcpy(cat + ca_len + cb_len, "\x00\x10\x00\x00", 4);
        out = malloc(la + lb);
        n = dc(cat, ca_len + cb_len + 4, out, la + lb, &used);
        CHECK_EQ(n, la + lb);
        CHECK(n == (long)(la + lb) && !memcmp(out, a, la) &&
              !memcmp(out + la, b, lb));
        CHECK_EQ(used, ca_len + cb_len);
        free(cat);
        free(out);
    }
    free(a); free(b); free(ca); free(cb);
}

TEST(gzip_hostile)
{
    size_t len = 2500, clen;
    uint8_t *d = gen_data(GEN_MIXED, len, 13), *c;

    if (!have_tool("gzip")) {
        free(d);
        return;
    }
    c = run_filter("gzip -c -9", d, len, &clen);
    if (c) {
        hostile_prefixes(c, clen, d, len, true);
        hostile_bitflips(c, clen, d, len, true);
        hostile_short_output(c, clen, len);
    }
    free(c);
    free(d);
}

TEST(deflate_bad_codes)
{
    uint8_t out[64];
    /* BTYPE 11 */
    static const uint8_t bt3[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x07,
                                   0, 0, 0, 0, 0, 0, 0, 0 };
    /* Fixed block: a match at distance 1 with nothing written yet:
     * bits: 1 (final), 01 (fixed), then length code 257 (0000001),
     * distance code 0 (00000). */
    static const uint8_t early[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3,
                                     0x03, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
    /* Stored block with LEN not matching NLEN. */
    static const uint8_t nlen[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3,
                                    0x01, 0x01, 0x00, 0xff, 0xff, 'x',
                                    0, 0, 0, 0, 0, 0, 0, 0 };

    CHECK_EQ(dc(bt3, sizeof(bt3), out, sizeof(out), NULL), -EINVAL);
    CHECK_EQ(dc(early, sizeof(early), out, sizeof(out), NULL), -EINVAL);
    CHECK_EQ(dc(nlen, sizeof(nlen), out, sizeof(out), NULL), -EINVAL);
}

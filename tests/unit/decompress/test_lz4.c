/* test_lz4.c - lz4 legacy and frame formats against lz4(1). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "unit.h"
#include <xen/decompress.h>

#define KIB 1024

TEST(lz4_legacy)
{
    /* Linux: lz4 -l -c1 (legacy frame, level 9 for kernels via -l -9). */
    if (!have_tool("lz4"))
        return;
    roundtrip_gen("lz4 -l -c1", GEN_MIXED, 300 * KIB, 1);
    roundtrip_gen("lz4 -l -9 -c", GEN_X86, 300 * KIB, 2);
    roundtrip_gen("lz4 -l -c", GEN_RANDOM, 100 * KIB, 3);
    roundtrip_gen("lz4 -l -c", GEN_ZEROS, 9000 * KIB, 4);     /* two 8 MiB chunks */
    roundtrip_gen("lz4 -l -c", GEN_TEXT, 1, 5);
}

TEST(lz4_legacy_linux_trailer)
{
    size_t len = 50 * KIB, clen, used;
    uint8_t *d = gen_data(GEN_TEXT, len, 6), *c, *out;
    long n;

    if (!have_tool("lz4")) {
        free(d);
        return;
    }
    c = run_filter("lz4 -l -c1", d, len, &clen);
    if (c) {
        uint32_t isize = (uint32_t)len;

        c = realloc(c, clen + 4);
        memcpy(c + clen, &isize, 4);                 /* size_append */
        out = malloc(len);
        n = dc(c, clen + 4, out, len, &used);
        CHECK_EQ(n, len);
        CHECK(n == (long)len && !memcmp(out, d, len));
        CHECK_EQ(used, clen);
        free(out);
    }
    free(c);
    free(d);
}

TEST(lz4_frame)
{
    if (!have_tool("lz4"))
        return;
    roundtrip_gen("lz4 -c -1", GEN_TEXT, 300 * KIB, 7);
    roundtrip_gen("lz4 -c -9", GEN_MIXED, 500 * KIB, 8);
    roundtrip_gen("lz4 -c -12 --content-size", GEN_X86, 200 * KIB, 9);
    roundtrip_gen("lz4 -c -BD -B4", GEN_MIXED, 300 * KIB, 10);   /* linked 64K blocks */
    roundtrip_gen("lz4 -c -BX --no-frame-crc -B5", GEN_MIXED, 600 * KIB, 11);
    roundtrip_gen("lz4 -c", GEN_RANDOM, 100 * KIB, 12);          /* stored blocks */
    roundtrip_gen("lz4 -c", GEN_TEXT, 0, 13);
}

TEST(lz4_skippable_and_concat)
{
    size_t la = 30 * KIB, lb = 10 * KIB, ca_len, cb_len, used;
    uint8_t *a = gen_data(GEN_TEXT, la, 14), *b = gen_data(GEN_RUNS, lb, 15);
    uint8_t *ca = NULL, *cb = NULL, *cat, *out;
    long n;

    if (have_tool("lz4")) {
        ca = run_filter("lz4 -c", a, la, &ca_len);
        cb = run_filter("lz4 -c -BD", b, lb, &cb_len);
    }
    if (ca && cb) {
        cat = malloc(ca_len + cb_len + 12);
        memcpy(cat, "\x5a\x2a\x4d\x18\x04\0\0\0skip", 12);  /* skippable */
        memcpy(cat + 12, ca, ca_len);
        memcpy(cat + 12 + ca_len, cb, cb_len);
        CHECK_STR(decompress_name(cat, ca_len + cb_len + 12), "lz4");
        out = malloc(la + lb);
        n = dc(cat, ca_len + cb_len + 12, out, la + lb, &used);
        CHECK_EQ(n, la + lb);
        CHECK(n == (long)(la + lb) && !memcmp(out, a, la) &&
              !memcmp(out + la, b, lb));
        CHECK_EQ(used, ca_len + cb_len + 12);
        free(cat);
        free(out);
    }
    free(a); free(b); free(ca); free(cb);
}

TEST(lz4_hostile)
{
    size_t len = 3000, clen;
    uint8_t *d = gen_data(GEN_MIXED, len, 16), *c;

    if (!have_tool("lz4")) {
        free(d);
        return;
    }
    c = run_filter("lz4 -c -BX", d, len, &clen);      /* all checksums */
    if (c) {
        hostile_prefixes(c, clen, d, len, true);
        hostile_bitflips(c, clen, d, len, true);
        hostile_short_output(c, clen, len);
    }
    free(c);
    c = run_filter("lz4 -l -c", d, len, &clen);       /* no checks at all */
    if (c) {
        hostile_prefixes(c, clen, d, len, false);
        hostile_bitflips(c, clen, d, len, false);
        hostile_short_output(c, clen, len);
    }
    free(c);
    free(d);
}

TEST(lz4_crafted)
{
    uint8_t out[64];
    /* Legacy: a block whose match reaches before the output start. */
    static const uint8_t back[] = { 0x02, 0x21, 0x4c, 0x18, 5, 0, 0, 0,
                                    0x10, 'a', 0x02, 0x00, 0x00 };
    /* Legacy: literal length extension running off the end. */
    static const uint8_t ext[] = { 0x02, 0x21, 0x4c, 0x18, 3, 0, 0, 0,
                                   0xf0, 0xff, 0xff };
    /* Frame declaring a huge content size. */
    uint8_t huge[] = { 0x04, 0x22, 0x4d, 0x18, 0x68, 0x40,
                       0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0 };
    /* Frame with a dictionary ID. */
    uint8_t dict[] = { 0x04, 0x22, 0x4d, 0x18, 0x61, 0x40, 1, 2, 3, 4, 0 };

    CHECK_EQ(dc(back, sizeof(back), out, sizeof(out), NULL), -EINVAL);
    CHECK_EQ(dc(ext, sizeof(ext), out, sizeof(out), NULL), -EINVAL);
    CHECK(dc(huge, sizeof(huge), out, sizeof(out), NULL) < 0);
    CHECK(dc(dict, sizeof(dict), out, sizeof(out), NULL) < 0);
}

/* test_zstd.c - Zstandard frames against zstd(1). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "unit.h"
#include <xen/decompress.h>

#define KIB 1024

TEST(zstd_levels)
{
    if (!have_tool("zstd"))
        return;
    roundtrip_gen("zstd -q -c -1", GEN_TEXT, 300 * KIB, 1);
    roundtrip_gen("zstd -q -c -3", GEN_MIXED, 500 * KIB, 2);
    roundtrip_gen("zstd -q -c -19", GEN_X86, 300 * KIB, 3);
    roundtrip_gen("zstd -q -c --ultra -22", GEN_MIXED, 300 * KIB, 4);  /* Linux: -22 */
    roundtrip_gen("zstd -q -c --fast=5", GEN_TEXT, 200 * KIB, 5);
    roundtrip_gen("zstd -q -c -3", GEN_RANDOM, 200 * KIB, 6);           /* raw blocks */
    roundtrip_gen("zstd -q -c -3", GEN_ZEROS, 1000 * KIB, 7);           /* RLE blocks */
    roundtrip_gen("zstd -q -c -9", GEN_RUNS, 300 * KIB, 8);
    roundtrip_gen("zstd -q -c", GEN_TEXT, 0, 9);
    roundtrip_gen("zstd -q -c", GEN_TEXT, 1, 10);
    roundtrip_gen("zstd -q -c -1", GEN_TEXT, 100, 11);
}

TEST(zstd_frame_options)
{
    if (!have_tool("zstd"))
        return;
    roundtrip_gen("zstd -q -c --no-check", GEN_MIXED, 100 * KIB, 12);
    roundtrip_gen("zstd -q -c --check", GEN_MIXED, 100 * KIB, 13);
    roundtrip_gen("zstd -q -c --long=24 -5", GEN_MIXED, 600 * KIB, 14);
    roundtrip_gen("zstd -q -c --no-content-size", GEN_X86, 100 * KIB, 15);
    roundtrip_gen("zstd -q -c -B32768 -T2", GEN_MIXED, 300 * KIB, 16);
    roundtrip_gen("zstd -q -c --ultra -22 --long=27", GEN_X86, 200 * KIB, 17);
}

TEST(zstd_concat_and_skippable)
{
    size_t la = 40 * KIB, lb = 20 * KIB, ca_len, cb_len, used;
    uint8_t *a = gen_data(GEN_TEXT, la, 18), *b = gen_data(GEN_X86, lb, 19);
    uint8_t *ca = NULL, *cb = NULL, *cat, *out;
    long n;

    if (have_tool("zstd")) {
        ca = run_filter("zstd -q -c -3", a, la, &ca_len);
        cb = run_filter("zstd -q -c -19", b, lb, &cb_len);
    }
    if (ca && cb) {
        size_t t = 12 + ca_len + 9 + cb_len + 4;

        cat = calloc(1, t);
        memcpy(cat, "\x50\x2a\x4d\x18\x04\0\0\0abcd", 12);
        memcpy(cat + 12, ca, ca_len);
        memcpy(cat + 12 + ca_len, "\x5f\x2a\x4d\x18\x01\0\0\0z", 9);
        memcpy(cat + 21 + ca_len, cb, cb_len);
        memcpy(cat + 21 + ca_len + cb_len, "\x00\xf0\x00\x00", 4); /* trailer */
        CHECK_STR(decompress_name(cat, t), "zstd");
        out = malloc(la + lb);
        n = dc(cat, t, out, la + lb, &used);
        CHECK_EQ(n, la + lb);
        CHECK(n == (long)(la + lb) && !memcmp(out, a, la) &&
              !memcmp(out + la, b, lb));
        CHECK_EQ(used, t - 4);
        free(cat);
        free(out);
    }
    free(a); free(b); free(ca); free(cb);
}

TEST(zstd_hostile)
{
    size_t len = 3000, clen;
    uint8_t *d = gen_data(GEN_MIXED, len, 20), *c;

    if (!have_tool("zstd")) {
        free(d);
        return;
    }
    c = run_filter("zstd -q -c -19 --check", d, len, &clen);
    if (c) {
        hostile_prefixes(c, clen, d, len, true);
        hostile_bitflips(c, clen, d, len, true);
        hostile_short_output(c, clen, len);
    }
    free(c);
    c = run_filter("zstd -q -c -1 --no-check", d, len, &clen);
    if (c) {
        hostile_prefixes(c, clen, d, len, true);
        hostile_bitflips(c, clen, d, len, false);
        hostile_short_output(c, clen, len);
    }
    free(c);
    free(d);
}

TEST(zstd_crafted)
{
    uint8_t out[64];
    /* Single segment, FCS 1 byte = 5, raw block of 5 bytes. */
    uint8_t ok[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x05,
                     0x29, 0x00, 0x00, 'h', 'e', 'l', 'l', 'o' };
    /* Dictionary ID present and nonzero. */
    uint8_t dict[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x21, 0x07, 0x05,
                       0x01, 0x00, 0x00 };
    /* Huge frame content size (8 bytes) with a tiny output. */
    uint8_t huge[] = { 0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0x40,
                       0x01, 0x00, 0x00 };
    /* Reserved block type 3. */
    uint8_t resv[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00, 0x07, 0x00, 0x00 };

    CHECK_EQ(dc(ok, sizeof(ok), out, sizeof(out), NULL), 5);
    CHECK(memcmp(out, "hello", 5) == 0);
    ok[5] = 6;                                      /* FCS mismatch */
    CHECK_EQ(dc(ok, sizeof(ok), out, sizeof(out), NULL), -EINVAL);
    CHECK_EQ(dc(dict, sizeof(dict), out, sizeof(out), NULL), -EOPNOTSUPP);
    CHECK_EQ(dc(huge, sizeof(huge), out, sizeof(out), NULL), -ENOSPC);
    CHECK_EQ(dc(resv, sizeof(resv), out, sizeof(out), NULL), -EINVAL);
}

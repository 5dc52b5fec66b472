/* test_xz.c - xz container, LZMA2, BCJ x86 and checks against xz(1). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "unit.h"
#include <xen/decompress.h>

#define KIB 1024

/* One round trip; frees everything. */
TEST(xz_presets)
{
    if (!have_tool("xz"))
        return;
    roundtrip_gen("xz -c -0", GEN_TEXT, 200 * KIB, 1);
    roundtrip_gen("xz -c -6", GEN_MIXED, 400 * KIB, 2);
    roundtrip_gen("xz -c -9e", GEN_MIXED, 300 * KIB, 3);
    roundtrip_gen("xz -c -1", GEN_RANDOM, 100 * KIB, 4);   /* uncompressed chunks */
    roundtrip_gen("xz -c -6", GEN_ZEROS, 3000 * KIB, 5);   /* long matches, dist 1 */
    roundtrip_gen("xz -c -6", GEN_RUNS, 200 * KIB, 6);
}

TEST(xz_kernel_settings)
{
    /* scripts/xz_wrap.sh for x86: --check=crc32 --x86 --lzma2=,dict=32MiB */
    if (!have_tool("xz"))
        return;
    roundtrip_gen("xz -c --check=crc32 --x86 --lzma2=dict=32MiB", GEN_X86, 500 * KIB, 7);
    roundtrip_gen("xz -c --check=crc32 --x86 --lzma2=dict=32MiB", GEN_MIXED, 500 * KIB, 8);
    roundtrip_gen("xz -c --x86=start=4096 --lzma2=preset=6", GEN_X86, 100 * KIB, 9);
}

TEST(xz_checks)
{
    if (!have_tool("xz"))
        return;
    roundtrip_gen("xz -c --check=none", GEN_TEXT, 50 * KIB, 10);
    roundtrip_gen("xz -c --check=crc32", GEN_TEXT, 50 * KIB, 11);
    roundtrip_gen("xz -c --check=crc64", GEN_TEXT, 50 * KIB, 12);
}

TEST(xz_sha256_refused)
{
    uint8_t *d = gen_data(GEN_TEXT, 1000, 13), *c, out[1100];
    size_t clen;

    if (!have_tool("xz"))
        return;
    c = run_filter("xz -c --check=sha256", d, 1000, &clen);
    if (c)
        CHECK_EQ(dc(c, clen, out, sizeof(out), NULL), -EOPNOTSUPP);
    free(c);
    free(d);
}

TEST(xz_lzma2_properties)
{
    if (!have_tool("xz"))
        return;
    roundtrip_gen("xz -c --lzma2=lc=0,lp=4,pb=4", GEN_X86, 100 * KIB, 14);
    roundtrip_gen("xz -c --lzma2=lc=4,lp=0,pb=0", GEN_TEXT, 100 * KIB, 15);
    roundtrip_gen("xz -c --lzma2=lc=1,lp=2,pb=1,mf=hc4,mode=fast", GEN_MIXED, 100 * KIB, 16);
    roundtrip_gen("xz -c --lzma2=preset=6,nice=273,depth=0", GEN_RUNS, 100 * KIB, 17);
    roundtrip_gen("xz -c --lzma2=dict=4KiB", GEN_MIXED, 100 * KIB, 18);
}

TEST(xz_blocks_and_streams)
{
    uint8_t *a, *b, *ca, *cb, *cat, *out;
    size_t la = 70 * KIB, lb = 30 * KIB, ca_len, cb_len, used;
    long n;

    if (!have_tool("xz"))
        return;
    /* Several blocks, sizes recorded in block headers. */
    roundtrip_gen("xz -c --block-size=16KiB", GEN_MIXED, 100 * KIB, 19);
    roundtrip_gen("xz -c -T2 --block-size=20000 --x86 --lzma2", GEN_X86, 100 * KIB, 20);
    /* Two streams with stream padding between and after, then a trailer
     * (like the size Linux appends) that must be left unconsumed. */
    a = gen_data(GEN_TEXT, la, 21);
    b = gen_data(GEN_X86, lb, 22);
    ca = run_filter("xz -c", a, la, &ca_len);
    cb = run_filter("xz -c --check=crc64 --x86 --lzma2", b, lb, &cb_len);
    if (!ca || !cb) {
        free(a); free(b); free(ca); free(cb);
        return;
    }
    cat = calloc(1, ca_len + cb_len + 16);
    memcpy(cat, ca, ca_len);
    memcpy(cat + ca_len + 8, cb, cb_len);               /* 8 padding bytes */
    memcpy(cat + ca_len + 8 + cb_len + 4, "\x11\x22\x33\x44", 4);
    out = malloc(la + lb);
    n = dc(cat, ca_len + cb_len + 16, out, la + lb, &used);
    CHECK_EQ(n, la + lb);
    CHECK(n == (long)(la + lb) && !memcmp(out, a, la) && !memcmp(out + la, b, lb));
    CHECK_EQ(used, ca_len + 8 + cb_len + 4);
    /* Padding that is not a multiple of 4 is not padding: stop before. */
    n = dc(cat, ca_len + 3, out, la + lb, &used);
    CHECK_EQ(n, la);
    CHECK_EQ(used, ca_len);
    free(a); free(b); free(ca); free(cb); free(cat); free(out);
}

TEST(xz_empty_and_tiny)
{
    if (!have_tool("xz"))
        return;
    roundtrip_gen("xz -c", GEN_TEXT, 0, 23);
    roundtrip_gen("xz -c", GEN_TEXT, 1, 24);
    roundtrip_gen("xz -c --x86 --lzma2", GEN_X86, 4, 25);
    roundtrip_gen("xz -c --x86 --lzma2", GEN_X86, 5, 26);
}

TEST(xz_refused_formats)
{
    uint8_t *d = gen_data(GEN_TEXT, 1000, 27), *c, out[1100];
    size_t clen;

    if (!have_tool("xz"))
        return;
    c = run_filter("xz -c --format=lzma", d, 1000, &clen);
    if (c) {
        CHECK_STR(decompress_name(c, clen), "lzma");
        CHECK_EQ(dc(c, clen, out, sizeof(out), NULL), -EOPNOTSUPP);
    }
    free(c);
    /* Filters we do not implement are refused, not misdecoded. */
    c = run_filter("xz -c --delta=dist=4 --lzma2", d, 1000, &clen);
    if (c)
        CHECK_EQ(dc(c, clen, out, sizeof(out), NULL), -EOPNOTSUPP);
    free(c);
    c = run_filter("xz -c --arm --lzma2", d, 1000, &clen);
    if (c)
        CHECK_EQ(dc(c, clen, out, sizeof(out), NULL), -EOPNOTSUPP);
    free(c);
    free(d);
}

TEST(xz_hostile)
{
    size_t len = 3000, clen;
    uint8_t *d = gen_data(GEN_X86, len, 28), *c;

    if (!have_tool("xz"))
        return;
    c = run_filter("xz -c --check=crc32 --x86 --lzma2=dict=32MiB", d, len, &clen);
    if (c) {
        hostile_prefixes(c, clen, d, len, true);
        hostile_bitflips(c, clen, d, len, true);
        hostile_short_output(c, clen, len);
    }
    free(c);
    c = run_filter("xz -c --block-size=1000 --check=crc64", d, len, &clen);
    if (c) {
        hostile_prefixes(c, clen, d, len, true);
        hostile_bitflips(c, clen, d, len, true);
        hostile_short_output(c, clen, len);
    }
    free(c);
    free(d);
}

TEST(xz_hostile_crafted)
{
    /* Hand-made LZMA2 streams inside a valid-looking container are covered
     * by bit flips; here: a stream header alone, a bad header CRC, and a
     * block claiming a huge size. */
    static const uint8_t hdr[12] = { 0xfd, '7', 'z', 'X', 'Z', 0, 0, 1,
                                     0x69, 0x22, 0xde, 0x36 };
    uint8_t buf[64], out[16];

    CHECK_EQ(dc(hdr, sizeof(hdr), out, sizeof(out), NULL), -EINVAL);
    memcpy(buf, hdr, 12);
    buf[8] ^= 1;
    CHECK_EQ(dc(buf, 12, out, sizeof(out), NULL), -EINVAL);
    CHECK_EQ(dc(out, 0, out, sizeof(out), NULL), -ENOEXEC);
}

/*
 * test_kernel.c - the bzImage setup header parser, and the real Debian
 * kernel from the asset cache: its payload decompressed by our code must
 * equal the vmlinux the cache keeps beside it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"
#include "unit.h"
#include <xen/decompress.h>

/* A minimal bzImage: setup_sects 3, payload of 'plen' bytes at 'off'. */
static uint8_t *fake_bzimage(size_t *len, uint16_t version, uint32_t off,
                             uint32_t plen)
{
    size_t setup = 4 * 512, n = setup + 4096;
    uint8_t *p = calloc(1, n);

    p[0x1f1] = 3;
    p[0x1fe] = 0x55;
    p[0x1ff] = 0xaa;
    memcpy(p + 0x202, "HdrS", 4);
    memcpy(p + 0x206, &version, 2);
    memcpy(p + 0x248, &off, 4);
    memcpy(p + 0x24c, &plen, 4);
    memcpy(p + setup + off + plen - 4, "\x10\x20\x30\x00", 4);
    *len = n;
    return p;
}

TEST(bzimage_header_valid)
{
    struct bzimage_info bi;
    size_t len;
    uint8_t *p = fake_bzimage(&len, 0x020f, 100, 200);

    CHECK_EQ(bzimage_parse(p, len, &bi), 0);
    CHECK(bi.payload == p + 4 * 512 + 100);
    CHECK_EQ(bi.payload_len, 200);
    CHECK_EQ(bi.setup_sects, 3);
    CHECK_EQ(bi.version, 0x020f);
    CHECK_EQ(bi.payload_isize, 0x302010);
    free(p);
}

TEST(bzimage_header_hostile)
{
    struct bzimage_info bi;
    size_t len;
    uint8_t *p = fake_bzimage(&len, 0x020f, 100, 200);

    /* Too old, bad magics, truncated images, payload out of bounds. */
    p[0x206] = 0x07;
    CHECK_EQ(bzimage_parse(p, len, &bi), -EOPNOTSUPP);
    p[0x206] = 0x0f;
    p[0x202] = 'h';
    CHECK_EQ(bzimage_parse(p, len, &bi), -EINVAL);
    p[0x202] = 'H';
    p[0x1fe] = 0;
    CHECK_EQ(bzimage_parse(p, len, &bi), -EINVAL);
    p[0x1fe] = 0x55;
    for (size_t n = 0; n < 4 * 512 + 300; n += 7)
        CHECK(bzimage_parse(p, n, &bi) != 0);
    CHECK_EQ(bzimage_parse(p, 4 * 512 + 300, &bi), 0);
    memcpy(p + 0x248, "\xff\xff\xff\xff", 4);
    CHECK_EQ(bzimage_parse(p, len, &bi), -EINVAL);
    memcpy(p + 0x248, "\x00\x00\x00\x00\xff\xff\xff\xff", 8);
    CHECK_EQ(bzimage_parse(p, len, &bi), -EINVAL);
    memcpy(p + 0x248, "\xf0\xff\xff\xff\x20\x00\x00\x00", 8);
    CHECK_EQ(bzimage_parse(p, len, &bi), -EINVAL);
    p[0x1f1] = 0xff;                    /* setup larger than the image */
    memcpy(p + 0x248, "\x00\x00\x00\x00\x10\x00\x00\x00", 8);
    CHECK_EQ(bzimage_parse(p, len, &bi), -EINVAL);
    p[0x1f1] = 0;                       /* 0 means 4 */
    CHECK_EQ(bzimage_parse(p, len, &bi), 0);
    CHECK_EQ(bi.setup_sects, 4);
    free(p);
}

static char *cache_path(const char *leaf)
{
    static char buf[2][512];
    static int which;
    const char *c = getenv("XENOLITH_CACHE"), *home = getenv("HOME");
    char *out = buf[which++ & 1];

    if (c && *c)
        snprintf(out, 512, "%s/kernel/%s", c, leaf);
    else
        snprintf(out, 512, "%s/.cache/xenolith/kernel/%s", home ? home : "", leaf);
    return out;
}

/* Registered only when the cache has the kernel (see below), so an absent
 * cache shows a SKIP note and counts neither as pass nor as fail. */
static void real_debian_kernel(void)
{
    size_t ilen, vlen, used = 0;
    uint8_t *img = read_file(cache_path("vmlinuz"), &ilen);
    uint8_t *ref = read_file(cache_path("vmlinux"), &vlen);
    struct bzimage_info bi;
    struct timespec t0, t1;
    uint8_t *out;
    long n;

    if (!img || !ref) {
        CHECK(!"kernel assets vanished");
        free(img);
        free(ref);
        return;
    }
    CHECK_EQ(bzimage_parse(img, ilen, &bi), 0);
    printf("  bzImage protocol %#x, %s payload %zu bytes, declares %u\n",
           bi.version, decompress_name(bi.payload, bi.payload_len),
           bi.payload_len, bi.payload_isize);
    CHECK_EQ(bi.payload_isize, vlen);
    out = malloc(vlen);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    n = dc(bi.payload, bi.payload_len, out, vlen, &used);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK_EQ(n, vlen);
    CHECK(n == (long)vlen && memcmp(out, ref, vlen) == 0);
    /* Everything but Linux's 4-byte size trailer is the compressed data. */
    CHECK_EQ(used, bi.payload_len - 4);
    printf("  decompressed in %.2f s (sanitized build)\n",
           (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    /* One byte short of room: refused, not overrun. */
    CHECK_EQ(dc(bi.payload, bi.payload_len, out, vlen - 1, NULL), -ENOSPC);
    free(out);
    free(img);
    free(ref);
}

static struct unit_test real_kernel_test = { "real_debian_kernel",
                                             real_debian_kernel, 0 };

__attribute__((constructor)) static void real_kernel_register(void)
{
    FILE *a = fopen(cache_path("vmlinuz"), "rb");
    FILE *b = fopen(cache_path("vmlinux"), "rb");

    if (a && b)
        unit_register(&real_kernel_test);
    else
        printf("SKIP real_debian_kernel: %s or vmlinux absent "
               "(scripts/fetch-assets.sh); not counted\n",
               cache_path("vmlinuz"));
    if (a)
        fclose(a);
    if (b)
        fclose(b);
}

/* test_dispatch.c - format names by magic, refusal by name, workspace. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "unit.h"
#include <xen/decompress.h>

TEST(dispatch_names)
{
    static const struct { const char *magic; size_t len; const char *name; } m[] = {
        { "\xfd" "7zXZ\0\0\0", 8, "xz" },
        { "\x1f\x8b\x08\0", 4, "gzip" },
        { "\x02\x21\x4c\x18", 4, "lz4" },
        { "\x04\x22\x4d\x18", 4, "lz4" },
        { "\x28\xb5\x2f\xfd", 4, "zstd" },
        { "BZh91AY&SY", 10, "bzip2" },
        { "\x5d\0\0\x80\0", 5, "lzma" },
        { "\x89LZO\0\r\n\x1a\n", 9, "lzo" },
        { "\x7f" "ELF", 4, "unknown" },
        { "", 0, "unknown" },
        { "\x1f", 1, "unknown" },
        { "BZh0", 4, "unknown" },
        /* Skippable frame hiding a zstd frame, and one running off the end. */
        { "\x50\x2a\x4d\x18\x02\0\0\0xy\x28\xb5\x2f\xfd", 14, "zstd" },
        { "\x50\x2a\x4d\x18\xff\0\0\0xy", 10, "unknown" },
    };

    for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
        CHECK_STR(decompress_name(m[i].magic, m[i].len), m[i].name);
    CHECK_STR(decompress_format_name(DECOMP_LZO), "lzo");
    CHECK_STR(decompress_format_name((enum decompress_format)99), "unknown");
}

TEST(dispatch_refusals)
{
    uint8_t out[16];

    CHECK_EQ(dc((const uint8_t *)"BZh91AY&SY", 10, out, 16, NULL), -EOPNOTSUPP);
    CHECK_EQ(dc((const uint8_t *)"\x89LZO\0\r\n\x1a\n", 9, out, 16, NULL),
             -EOPNOTSUPP);
    CHECK_EQ(dc((const uint8_t *)"\x5d\0\0\x80\0", 5, out, 16, NULL),
             -EOPNOTSUPP);
    CHECK_EQ(dc((const uint8_t *)"hello", 5, out, 16, NULL), -ENOEXEC);
}

TEST(dispatch_workspace)
{
    static uint64_t work[DECOMPRESS_WORKSPACE_SIZE / 8 + 1];
    uint8_t out[16];
    const uint8_t *in = (const uint8_t *)"\x28\xb5\x2f\xfd\x20\x01\x09\x00\x00x";

    CHECK_EQ(decompress_workspace_size(), DECOMPRESS_WORKSPACE_SIZE);
    CHECK_EQ(decompress(in, 10, out, 16, NULL, 0, NULL), -ENOMEM);
    CHECK_EQ(decompress(in, 10, out, 16, work, sizeof(work) - 16, NULL), -ENOMEM);
    CHECK_EQ(decompress(in, 10, out, 16, (uint8_t *)work + 4,
                        DECOMPRESS_WORKSPACE_SIZE, NULL), -ENOMEM);
    CHECK_EQ(decompress(in, 10, out, 16, work, sizeof(work), NULL), 1);
    CHECK_EQ(out[0], 'x');
}

/*
 * fuzz_decompress.c - libFuzzer target: arbitrary bytes into the format
 * dispatcher (and the bzImage parser) with a bounded output buffer.
 * The first input byte picks the output size so both ENOSPC paths and
 * complete decodes are reached; the rest is the compressed input, copied
 * to an exact-size heap buffer so ASan sees any overread.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/decompress.h>

#define OUT_MAX (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint64_t work[DECOMPRESS_WORKSPACE_SIZE / 8];
    struct bzimage_info bi;
    size_t out_len, used;
    uint8_t *in;
    long n;

    if (size < 1)
        return 0;
    out_len = data[0] == 0xff ? OUT_MAX : (size_t)data[0] * 4096 + data[0];
    in = malloc(size - 1 ? size - 1 : 1);
    memcpy(in, data + 1, size - 1);
    /* Exact-size heap output: ASan catches any write past out_len. */
    {
        uint8_t *out = malloc(out_len ? out_len : 1);

        n = decompress(in, size - 1, out, out_len, work, sizeof(work), &used);
        if (n > (long)out_len || (n >= 0 && used > size - 1))
            abort();
        free(out);
    }
    (void)decompress_name(in, size - 1);
    if (bzimage_parse(in, size - 1, &bi) == 0 &&
        (bi.payload < in || bi.payload + bi.payload_len > in + size - 1))
        abort();
    free(in);
    return 0;
}

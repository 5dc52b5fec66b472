/*
 * bench.c - host throughput of our decoders on the real Debian kernel
 * payload, against the host's own CLI (xz -dc etc.) on the same bytes.
 * Usage: decompress_bench [bzImage | compressed file]
 * (default: the asset cache's vmlinuz; a file that is not a bzImage is
 * taken whole as the payload).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xen/decompress.h>

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *b;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    b = malloc(*len);
    if (fread(b, 1, *len, f) != *len) {
        fclose(f);
        return NULL;
    }
    fclose(f);
    return b;
}

int main(int argc, char **argv)
{
    static uint64_t work[DECOMPRESS_WORKSPACE_SIZE / 8];
    char path[512], cmd[1024];
    const char *cache = getenv("XENOLITH_CACHE");
    struct bzimage_info bi;
    size_t len;
    uint8_t *img, *out;
    double best = 1e9, t, cli = 1e9;
    long n = 0;
    const char *tool;

    if (argc > 1)
        snprintf(path, sizeof(path), "%s", argv[1]);
    else if (cache && *cache)
        snprintf(path, sizeof(path), "%s/kernel/vmlinuz", cache);
    else
        snprintf(path, sizeof(path), "%s/.cache/xenolith/kernel/vmlinuz",
                 getenv("HOME"));
    img = slurp(path, &len);
    if (!img) {
        printf("bench: cannot read %s\n", path);
        return 1;
    }
    if (bzimage_parse(img, len, &bi)) {
        bi.payload = img;
        bi.payload_len = len;
        bi.payload_isize = 1u << 30;        /* room; the real size comes back */
    }
    out = malloc((size_t)bi.payload_isize + 4096);
    for (int i = 0; i < 5; i++) {
        t = now();
        n = decompress(bi.payload, bi.payload_len, out,
                       (size_t)bi.payload_isize + 4096, work, sizeof(work), NULL);
        t = now() - t;
        if (t < best)
            best = t;
    }
    if (n < 0) {
        printf("bench: decompress failed %ld\n", n);
        return 1;
    }
    tool = decompress_name(bi.payload, bi.payload_len);
    /* The CLI on the same payload (minus Linux's size trailer). */
    FILE *f = fopen("/tmp/decompress_bench.payload", "wb");
    fwrite(bi.payload, 1, bi.payload == img ? len : bi.payload_len - 4, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "%s -dc < /tmp/decompress_bench.payload > /dev/null",
             !strcmp(tool, "gzip") ? "gzip" : tool);
    for (int i = 0; i < 5; i++) {
        t = now();
        if (system(cmd) != 0)
            break;
        t = now() - t;
        if (t < cli)
            cli = t;
    }
    remove("/tmp/decompress_bench.payload");
    printf("%s payload %zu -> %ld bytes\n", tool, bi.payload_len, n);
    printf("ours:    %.3f s  %.1f MB/s (best of 5)\n", best, n / best / 1e6);
    printf("%s -dc: %.3f s  %.1f MB/s (best of 5)\n", tool, cli, n / cli / 1e6);
    printf("ratio ours/cli: %.2f\n", best / cli);
    return 0;
}

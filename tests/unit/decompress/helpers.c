/* helpers.c - see helpers.h. */
#include "helpers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include <xen/decompress.h>

static uint64_t rng_state;

static uint32_t rng(void)
{
    /* xorshift64*: deterministic, good enough for test data. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}

static const char *const words[] = {
    "the ", "hypervisor ", "domain ", "event ", "channel ", "grant ",
    "table ", "page ", "frame ", "xen ", "kernel ", "boot ", "\n", ", ",
    "memory ", "vcpu ", "interrupt ", "scheduler ", "0x1f8b ", "lzma ",
};

/* Instruction-ish bytes with many E8/E9 rel32 operands, near targets. */
static void gen_x86(uint8_t *p, size_t len)
{
    size_t i = 0;

    while (i < len) {
        uint32_t r = rng();

        if ((r & 7) < 3 && i + 5 <= len) {
            int32_t rel = (int32_t)(rng() % 200000) - 100000;

            p[i] = (r & 8) ? 0xe8 : 0xe9;
            memcpy(p + i + 1, &rel, 4);
            i += 5;
        } else if ((r & 7) < 6) {
            static const uint8_t ops[][3] = {
                { 0x48, 0x89, 0xe5 }, { 0x48, 0x83, 0xec }, { 0x0f, 0x1f, 0x00 },
                { 0x31, 0xc0, 0xc3 }, { 0x48, 0x8b, 0x45 }, { 0xe8, 0x00, 0xff },
            };
            for (int k = 0; k < 3 && i < len; k++)
                p[i++] = ops[(r >> 4) % 6][k];
        } else {
            p[i++] = (uint8_t)(r >> 8);
        }
    }
}

uint8_t *gen_data(enum gen_kind kind, size_t len, unsigned int seed)
{
    uint8_t *p = malloc(len ? len : 1);
    size_t i = 0;

    rng_state = 0x9E3779B97F4A7C15ull ^ ((uint64_t)seed << 17) ^ kind;
    switch (kind) {
    case GEN_RANDOM:
        for (i = 0; i < len; i++)
            p[i] = (uint8_t)rng();
        break;
    case GEN_ZEROS:
        memset(p, 0, len);
        break;
    case GEN_TEXT:
        while (i < len) {
            const char *w = words[rng() % (sizeof(words) / sizeof(words[0]))];
            for (; *w && i < len; w++)
                p[i++] = (uint8_t)*w;
        }
        break;
    case GEN_X86:
        gen_x86(p, len);
        break;
    case GEN_RUNS:
        while (i < len) {
            uint8_t b = (uint8_t)rng();
            size_t n = 1 + rng() % 300;
            for (; n-- && i < len;)
                p[i++] = b;
        }
        break;
    case GEN_MIXED:
        /* Alternating regions; long-distance repeats of earlier regions. */
        while (i < len) {
            size_t n = 1000 + rng() % 20000, k;
            uint32_t r = rng() % 4;
            if (n > len - i)
                n = len - i;
            if (r == 0 && i > n) {
                size_t from = rng() % (i - n);
                memmove(p + i, p + from, n);
            } else if (r == 1) {
                for (k = 0; k < n; k++)
                    p[i + k] = (uint8_t)rng();
            } else if (r == 2) {
                gen_x86(p + i, n);
            } else {
                for (k = 0; k < n; k++)
                    p[i + k] = (uint8_t)"abcabdabe\n"[rng() % 10];
            }
            i += n;
        }
        break;
    }
    return p;
}

bool have_tool(const char *name)
{
    char cmd[256];

    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
    if (system(cmd) == 0)
        return true;
    /* scripts/deps.sh installs every compressor: a missing one is a
     * broken set-up, and a round trip not run must not count as passed. */
    unit_fail(__FILE__, __LINE__, "%s is not installed (run scripts/deps.sh)", name);
    return false;
}

void roundtrip_gen(const char *cmd, enum gen_kind kind, size_t len,
                   unsigned seed)
{
    uint8_t *d = gen_data(kind, len, seed), *c;
    size_t clen;

    c = roundtrip(cmd, d, len, &clen);
    free(c);
    free(d);
}

uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc(n ? (size_t)n : 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static const char *tmpdir(void)
{
    static char dir[64];

    if (!dir[0]) {
        snprintf(dir, sizeof(dir), "/tmp/xenolith-dc-XXXXXX");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            exit(2);
        }
    }
    return dir;
}

__attribute__((destructor)) static void tmpdir_cleanup(void)
{
    char cmd[128];
    const char *d = tmpdir();

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", d);
}

uint8_t *run_filter(const char *cmd, const uint8_t *in, size_t len,
                    size_t *out_len)
{
    char inpath[128], outpath[128], full[1024];
    FILE *f;
    uint8_t *out;

    snprintf(inpath, sizeof(inpath), "%s/in", tmpdir());
    snprintf(outpath, sizeof(outpath), "%s/out", tmpdir());
    f = fopen(inpath, "wb");
    if (!f || fwrite(in, 1, len, f) != len) {
        unit_fail(__FILE__, __LINE__, "cannot write %s", inpath);
        if (f)
            fclose(f);
        return NULL;
    }
    fclose(f);
    snprintf(full, sizeof(full), "cd '%s' && (%s) < in > out 2>/dev/null",
             tmpdir(), cmd);
    if (system(full) != 0) {
        unit_fail(__FILE__, __LINE__, "command failed: %s", cmd);
        return NULL;
    }
    out = read_file(outpath, out_len);
    if (!out)
        unit_fail(__FILE__, __LINE__, "no output from: %s", cmd);
    return out;
}

long dc(const uint8_t *src, size_t len, uint8_t *dst, size_t max,
        size_t *consumed)
{
    static uint64_t work[DECOMPRESS_WORKSPACE_SIZE / 8];

    return decompress(src, len, dst, max, work, sizeof(work), consumed);
}

uint8_t *roundtrip(const char *cmd, const uint8_t *data, size_t len,
                   size_t *clen)
{
    uint8_t *c = run_filter(cmd, data, len, clen), *out;
    size_t used = 0;
    long n;

    if (!c)
        return NULL;
    out = malloc(len + 64);
    n = dc(c, *clen, out, len + 64, &used);
    if (n != (long)len || memcmp(out, data, len) != 0) {
        unit_fail(__FILE__, __LINE__, "round trip '%s' (%zu bytes): got %ld%s",
                  cmd, len, n, n == (long)len ? " with different bytes" : "");
    } else if (used != *clen) {
        unit_fail(__FILE__, __LINE__, "round trip '%s': consumed %zu of %zu",
                  cmd, used, *clen);
    }
    free(out);
    return c;
}

void hostile_prefixes(const uint8_t *c, size_t clen, const uint8_t *orig,
                      size_t olen, bool strict)
{
    uint8_t *out = malloc(olen + 64);
    unsigned int bad = 0;

    for (size_t n = 0; n < clen; n++) {
        uint8_t *cut = malloc(n ? n : 1);      /* exact size: ASan sees overreads */
        long r;

        memcpy(cut, c, n);
        r = dc(cut, n, out, olen + 64, NULL);
        if (r >= 0 && (strict || r > (long)olen || memcmp(out, orig, (size_t)r)))
            bad++;
        free(cut);
    }
    if (bad)
        unit_fail(__FILE__, __LINE__, "%u of %zu truncations accepted", bad, clen);
    free(out);
}

void hostile_bitflips(const uint8_t *c, size_t clen, const uint8_t *orig,
                      size_t olen, bool checked)
{
    uint8_t *buf = malloc(clen), *out = malloc(olen + 64);
    unsigned int bad = 0;

    memcpy(buf, c, clen);
    for (size_t i = 0; i < clen * 8; i++) {
        long r;

        buf[i / 8] ^= (uint8_t)(1u << (i % 8));
        r = dc(buf, clen, out, olen + 64, NULL);
        if (r > (long)olen + 64)
            bad++;
        else if (checked && r >= 0 && (r != (long)olen || memcmp(out, orig, olen)))
            bad++;
        buf[i / 8] ^= (uint8_t)(1u << (i % 8));
    }
    if (bad)
        unit_fail(__FILE__, __LINE__, "%u of %zu bit flips gave wrong output",
                  bad, clen * 8);
    free(buf);
    free(out);
}

void hostile_short_output(const uint8_t *c, size_t clen, size_t olen)
{
    uint8_t *out;
    long r;

    if (!olen)
        return;
    out = malloc(olen - 1 ? olen - 1 : 1);     /* exact: ASan catches overruns */
    r = dc(c, clen, out, olen - 1, NULL);
    if (r != -ENOSPC)
        unit_fail(__FILE__, __LINE__, "short output: got %ld", r);
    free(out);
}

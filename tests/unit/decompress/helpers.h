/*
 * helpers.h - shared test helpers for the decompressor unit tests: data
 * generators, running the host's compressors, round-trip and hostile-input
 * checks.  Every compressed sample is produced at test time by the host CLI
 * (xz, gzip, lz4, zstd) into a private temporary directory.
 */
#ifndef DECOMPRESS_TEST_HELPERS_H
#define DECOMPRESS_TEST_HELPERS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

enum gen_kind { GEN_RANDOM, GEN_TEXT, GEN_ZEROS, GEN_X86, GEN_MIXED, GEN_RUNS };

/* len bytes of the given kind (malloc'd; deterministic for a seed). */
uint8_t *gen_data(enum gen_kind kind, size_t len, unsigned int seed);

/* True if the command exists on PATH (prints a note once if not). */
bool have_tool(const char *name);

/* Pipe data through "sh -c cmd" (stdin -> stdout).  Returns a malloc'd
 * buffer and its length, or NULL (test failure recorded). */
uint8_t *run_filter(const char *cmd, const uint8_t *in, size_t len,
                    size_t *out_len);

/* decompress() with a static workspace. */
long dc(const uint8_t *src, size_t len, uint8_t *dst, size_t max,
        size_t *consumed);

/* Compress data with cmd, decompress with ours, compare.  Returns the
 * compressed buffer (caller frees) for further hostile tests, or NULL. */
uint8_t *roundtrip(const char *cmd, const uint8_t *data, size_t len,
                   size_t *clen);

/* Hostile inputs derived from a valid sample of orig[0..olen):
 * every prefix (strict: all must fail; otherwise success must give a
 * prefix of orig), every single-bit flip (success must give orig exactly
 * when the format has checks), and an output buffer one byte short. */
void hostile_prefixes(const uint8_t *c, size_t clen, const uint8_t *orig,
                      size_t olen, bool strict);
void hostile_bitflips(const uint8_t *c, size_t clen, const uint8_t *orig,
                      size_t olen, bool checked);
void hostile_short_output(const uint8_t *c, size_t clen, size_t olen);

/* Read a whole file (malloc'd), NULL if absent. */
uint8_t *read_file(const char *path, size_t *len);

/* Generates data, round-trips it through cmd and our decoder, frees it. */
void roundtrip_gen(const char *cmd, enum gen_kind kind, size_t len,
                   unsigned seed);

#endif

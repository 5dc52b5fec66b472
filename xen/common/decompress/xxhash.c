/*
 * xxhash.c - XXH32 (lz4 frame checksums) and XXH64 (zstd content checksum),
 * from the xxHash specification: four accumulator lanes over 16 (XXH32) or
 * 32 (XXH64) byte stripes, then the tail, then an avalanche.
 */
#include "private.h"

#define P32_1 0x9E3779B1u
#define P32_2 0x85EBCA77u
#define P32_3 0xC2B2AE3Du
#define P32_4 0x27D4EB2Fu
#define P32_5 0x165667B1u

#define P64_1 0x9E3779B185EBCA87ull
#define P64_2 0xC2B2AE3D27D4EB4Full
#define P64_3 0x165667B19E3779F9ull
#define P64_4 0x85EBCA77C2B2AE63ull
#define P64_5 0x27D4EB2F165667C5ull

static inline uint32_t rotl32(uint32_t x, unsigned int r)
{
    return (x << r) | (x >> (32 - r));
}

static inline uint64_t rotl64(uint64_t x, unsigned int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint32_t lane32(uint32_t acc, uint32_t in)
{
    return rotl32(acc + in * P32_2, 13) * P32_1;
}

uint32_t xxh32(const uint8_t *p, size_t len, uint32_t seed)
{
    const uint8_t *end = p + len;
    uint32_t h;

    if (len >= 16) {
        uint32_t v1 = seed + P32_1 + P32_2, v2 = seed + P32_2;
        uint32_t v3 = seed, v4 = seed - P32_1;

        for (; end - p >= 16; p += 16) {
            v1 = lane32(v1, get_le32(p));
            v2 = lane32(v2, get_le32(p + 4));
            v3 = lane32(v3, get_le32(p + 8));
            v4 = lane32(v4, get_le32(p + 12));
        }
        h = rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18);
    } else {
        h = seed + P32_5;
    }
    h += (uint32_t)len;
    for (; end - p >= 4; p += 4)
        h = rotl32(h + get_le32(p) * P32_3, 17) * P32_4;
    for (; p < end; p++)
        h = rotl32(h + *p * P32_5, 11) * P32_1;
    h ^= h >> 15;
    h *= P32_2;
    h ^= h >> 13;
    h *= P32_3;
    h ^= h >> 16;
    return h;
}

static inline uint64_t lane64(uint64_t acc, uint64_t in)
{
    return rotl64(acc + in * P64_2, 31) * P64_1;
}

static inline uint64_t merge64(uint64_t acc, uint64_t v)
{
    return (acc ^ lane64(0, v)) * P64_1 + P64_4;
}

uint64_t xxh64(const uint8_t *p, size_t len, uint64_t seed)
{
    const uint8_t *end = p + len;
    uint64_t h;

    if (len >= 32) {
        uint64_t v1 = seed + P64_1 + P64_2, v2 = seed + P64_2;
        uint64_t v3 = seed, v4 = seed - P64_1;

        for (; end - p >= 32; p += 32) {
            v1 = lane64(v1, get_le64(p));
            v2 = lane64(v2, get_le64(p + 8));
            v3 = lane64(v3, get_le64(p + 16));
            v4 = lane64(v4, get_le64(p + 24));
        }
        h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
        h = merge64(h, v1);
        h = merge64(h, v2);
        h = merge64(h, v3);
        h = merge64(h, v4);
    } else {
        h = seed + P64_5;
    }
    h += (uint64_t)len;
    for (; end - p >= 8; p += 8)
        h = rotl64(h ^ lane64(0, get_le64(p)), 27) * P64_1 + P64_4;
    if (end - p >= 4) {
        h = rotl64(h ^ (uint64_t)get_le32(p) * P64_1, 23) * P64_2 + P64_3;
        p += 4;
    }
    for (; p < end; p++)
        h = rotl64(h ^ *p * P64_5, 11) * P64_1;
    h ^= h >> 33;
    h *= P64_2;
    h ^= h >> 29;
    h *= P64_3;
    h ^= h >> 32;
    return h;
}

/*
 * crc.c - CRC32 (IEEE 802.3, as gzip and xz use it) and CRC64 (ECMA-182, as
 * xz uses it), both in the reflected (LSB-first) form with pre- and
 * post-inversion: crc = ~update(~crc, data).
 *
 * CRC32 is computed eight bytes at a time ("slicing by 8"): table k maps a
 * byte to its contribution k bytes further along, so eight lookups replace
 * eight dependent byte steps.  Tables are built on first use; building is
 * idempotent, so a concurrent first use only repeats identical stores.
 */
#include "private.h"

#define CRC32_POLY 0xEDB88320u                 /* reflected 0x04C11DB7 */
#define CRC64_POLY 0xC96C5795D7870F42ull       /* reflected ECMA-182 */

static uint32_t crc32_tab[8][256];
static uint64_t crc64_tab[256];
static bool crc32_ready, crc64_ready;

static void crc32_init(void)
{
    for (unsigned int b = 0; b < 256; b++) {
        uint32_t r = b;

        for (int i = 0; i < 8; i++)
            r = (r >> 1) ^ (CRC32_POLY & (0u - (r & 1)));
        crc32_tab[0][b] = r;
    }
    /* tab[k][b]: the remainder of b followed by k zero bytes. */
    for (unsigned int k = 1; k < 8; k++)
        for (unsigned int b = 0; b < 256; b++) {
            uint32_t prev = crc32_tab[k - 1][b];

            crc32_tab[k][b] = (prev >> 8) ^ crc32_tab[0][prev & 0xff];
        }
    crc32_ready = true;
}

static void crc64_init(void)
{
    for (unsigned int b = 0; b < 256; b++) {
        uint64_t r = b;

        for (int i = 0; i < 8; i++)
            r = (r >> 1) ^ (CRC64_POLY & (0ull - (r & 1)));
        crc64_tab[b] = r;
    }
    crc64_ready = true;
}

uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t len)
{
    if (unlikely(!crc32_ready))
        crc32_init();
    crc = ~crc;
    while (len >= 8) {
        uint32_t lo = get_le32(p) ^ crc, hi = get_le32(p + 4);

        crc = crc32_tab[7][lo & 0xff] ^ crc32_tab[6][(lo >> 8) & 0xff] ^
              crc32_tab[5][(lo >> 16) & 0xff] ^ crc32_tab[4][lo >> 24] ^
              crc32_tab[3][hi & 0xff] ^ crc32_tab[2][(hi >> 8) & 0xff] ^
              crc32_tab[1][(hi >> 16) & 0xff] ^ crc32_tab[0][hi >> 24];
        p += 8;
        len -= 8;
    }
    while (len--)
        crc = (crc >> 8) ^ crc32_tab[0][(crc ^ *p++) & 0xff];
    return ~crc;
}

uint64_t crc64_update(uint64_t crc, const uint8_t *p, size_t len)
{
    if (unlikely(!crc64_ready))
        crc64_init();
    crc = ~crc;
    while (len--)
        crc = (crc >> 8) ^ crc64_tab[(crc ^ *p++) & 0xff];
    return ~crc;
}

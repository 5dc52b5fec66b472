/*
 * string.c - the string and memory helpers lib.h declares.
 *
 * Written plainly: GCC may turn struct copies into calls to memcpy/memset,
 * so these must not themselves be turned back into such calls (the build
 * uses -fno-builtin; the loops below are simple on purpose).
 */
#include <xen/lib.h>

/*
 * Bulk copies and fills move 64 bytes per loop iteration in plain 64-bit
 * loads and stores.  Under QEMU's TCG a "rep movs/stos" costs a trip
 * through the translator's loop per element, which made building dom0
 * (tens of MiB copied and zeroed) take seconds; ordinary moves are
 * translated once.  Byte loops handle the unaligned edges.  GCC must not
 * recognise these loops as memcpy/memset (that would recurse), hence the
 * optimize attribute.
 */
#define NO_LOOP_PATTERNS \
    __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LOOP_PATTERNS void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (n >= 64 && !(((uintptr_t)d ^ (uintptr_t)s) & 7)) {
        while ((uintptr_t)d & 7) {
            *d++ = *s++;
            n--;
        }
        for (; n >= 64; n -= 64, d += 64, s += 64) {
            uint64_t *q = (uint64_t *)d;
            const uint64_t *r = (const uint64_t *)s;
            uint64_t a = r[0], b = r[1], c = r[2], e = r[3];
            uint64_t f = r[4], g = r[5], h = r[6], i = r[7];

            q[0] = a; q[1] = b; q[2] = c; q[3] = e;
            q[4] = f; q[5] = g; q[6] = h; q[7] = i;
        }
        for (; n >= 8; n -= 8, d += 8, s += 8)
            *(uint64_t *)d = *(const uint64_t *)s;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    /* Overlap with dst above src: copy backwards. */
    while (n--)
        d[n] = s[n];
    return dst;
}

NO_LOOP_PATTERNS void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    uint64_t v = 0x0101010101010101ULL * (unsigned char)c;

    if (n >= 64) {
        while ((uintptr_t)d & 7) {
            *d++ = (unsigned char)c;
            n--;
        }
        for (; n >= 64; n -= 64, d += 64) {
            uint64_t *q = (uint64_t *)d;

            q[0] = v; q[1] = v; q[2] = v; q[3] = v;
            q[4] = v; q[5] = v; q[6] = v; q[7] = v;
        }
        for (; n >= 8; n -= 8, d += 8)
            *(uint64_t *)d = v;
    }
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            break;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* base 0: "0x" means 16, a leading "0" means 8, else 10. */
unsigned long long simple_strtoull(const char *s, const char **end, int base)
{
    unsigned long long v = 0;
    int d;

    if (base == 0) {
        base = 10;
        if (s[0] == '0') {
            base = 8;
            if (s[1] == 'x' || s[1] == 'X') {
                base = 16;
                s += 2;
            }
        }
    } else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
    }
    while ((d = digit_value(*s)) < base) {
        v = v * base + d;
        s++;
    }
    if (end)
        *end = s;
    return v;
}

/*
 * xenlib.c - host versions of xen/include/xen/lib.h functions that libc
 * does not provide, so xen/common logic links into unit-test binaries.
 * panic() aborts, so a hypervisor ASSERT that fires fails the test binary.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <xen/lib.h>

void printk(const char *fmt, ...)
{
    va_list ap;

    if (!getenv("UNIT_VERBOSE"))
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fprintf(stderr, "panic: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

unsigned long long simple_strtoull(const char *s, const char **end, int base)
{
    char *e;
    unsigned long long v = strtoull(s, &e, base);

    if (end)
        *end = e;
    return v;
}

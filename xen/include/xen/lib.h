/*
 * lib.h - logging, assertions and string helpers for hypervisor code.
 *
 * In the hypervisor these come from xen/common (console.c, string.c,
 * vsnprintf.c); in host unit tests from tests/unit/host/xenlib.c, so pure
 * logic in xen/common links unchanged in both.
 */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <xen/compiler.h>
#include <xen/types.h>

/* Log levels, as a prefix in the format string: printk(XENLOG_WARNING "..."). */
#define XENLOG_ERR     "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO    "<2>"
#define XENLOG_DEBUG   "<3>"

void printk(const char *fmt, ...) __printf(1, 2);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
unsigned long long simple_strtoull(const char *s, const char **end, int base);

/* ASSERT is checked in every build: a broken invariant is a hypervisor bug. */
#define ASSERT(p)                                                          \
    do {                                                                   \
        if (unlikely(!(p)))                                                \
            panic("Assertion '%s' failed at %s:%d", #p, __FILE__, __LINE__); \
    } while (0)

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)

#endif

/*
 * param.h - hypervisor command-line options.
 *
 * A file declares an option next to the variable it sets; parse_cmdline()
 * (common/kernel.c) walks the table.  Options are "name", "name=value" or
 * "no-name" (booleans).  Unknown options are reported and ignored.
 */
#ifndef XEN_PARAM_H
#define XEN_PARAM_H

#include <xen/types.h>
#include <xen/compiler.h>

enum param_type { PARAM_BOOL, PARAM_INT, PARAM_STRING, PARAM_CUSTOM };

struct kernel_param {
    const char *name;
    enum param_type type;
    void *var;
    size_t len;                       /* PARAM_STRING buffer size */
    int (*fn)(const char *value);     /* PARAM_CUSTOM */
};

#define __param(n, t, v, l, f)                                          \
    static const struct kernel_param __used __section(".xen.param")  \
    __aligned(8) __param_##v = { n, t, &(v), l, f }

#define boolean_param(n, v)  __param(n, PARAM_BOOL, v, sizeof(v), NULL)
#define integer_param(n, v)  __param(n, PARAM_INT, v, sizeof(v), NULL)
#define string_param(n, v)   __param(n, PARAM_STRING, v, sizeof(v), NULL)
#define custom_param(n, f)                                              \
    static const struct kernel_param __used __section(".xen.param")  \
    __aligned(8) __param_##f = { n, PARAM_CUSTOM, NULL, 0, f }

/* The full command line as the loader gave it (after the image name). */
extern char saved_cmdline[1024];
void parse_cmdline(const char *cmdline);
/* Parse a size with optional K/M/G/T suffix ("512M"); *end after it. */
unsigned long long parse_size(const char *s, const char **end);
/* Copy at most size-1 bytes and terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif

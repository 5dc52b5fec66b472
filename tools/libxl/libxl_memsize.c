/* SPDX-License-Identifier: MIT */
/*
 * libxl_memsize.c - the parts of libxl_mem.c that need no hypervisor:
 * xl's memory size syntax and the checks behind mem-set and mem-max
 * (unit tested on their own, tests/unit/balloon).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>

#include "libxl_internal.h"

int libxl_parse_memkb(const char *text, uint64_t *kb, char *err, size_t errlen)
{
    const char *p = text;
    uint64_t v = 0;
    unsigned shift;

    *kb = 0;
    if (!text || !*text) {
        snprintf(err, errlen, "empty memory size");
        return -EINVAL;
    }
    if (!isdigit((unsigned char)*p)) {
        snprintf(err, errlen, "'%s' is not a memory size (a whole number "
                 "with an optional unit k, m, g or t)", text);
        return -EINVAL;
    }
    for (; isdigit((unsigned char)*p); p++) {
        unsigned d = (unsigned)(*p - '0');

        if (v > (UINT64_MAX - d) / 10) {
            snprintf(err, errlen, "memory size '%s' is too large", text);
            return -ERANGE;
        }
        v = v * 10 + d;
    }
    switch (tolower((unsigned char)*p)) {
    case '\0':                      /* no unit: MiB, as Xen's xl */
    case 'm': shift = 10; break;
    case 'k': shift = 0; break;
    case 'g': shift = 20; break;
    case 't': shift = 30; break;
    case 'b':                       /* bytes: whole KiB only */
        if (p[1] == '\0' && v % 1024 == 0) {
            *kb = v / 1024;
            return 0;
        }
        /* fall through */
    default:
        snprintf(err, errlen, "'%s' is not a memory size (a whole number "
                 "with an optional unit k, m, g or t; no unit means MiB)",
                 text);
        return -EINVAL;
    }
    if (*p && p[1] != '\0') {
        snprintf(err, errlen, "'%s' is not a memory size (one unit letter "
                 "k, m, g or t, nothing after it)", text);
        return -EINVAL;
    }
    if (v > (UINT64_MAX >> shift)) {
        snprintf(err, errlen, "memory size '%s' is too large", text);
        return -ERANGE;
    }
    *kb = v << shift;
    return 0;
}

/* The most the hypervisor's max_pages (32 bits of 4 KiB pages) holds. */
#define MEM_HV_LIMIT_KB (((uint64_t)UINT32_MAX - 1) * 4)

static void fmt_kb(uint64_t kb, char *out, size_t len)
{
    if (kb % 1024 == 0)
        snprintf(out, len, "%llu MiB", (unsigned long long)(kb >> 10));
    else
        snprintf(out, len, "%llu KiB", (unsigned long long)kb);
}

int libxl__mem_check_target(uint32_t domid, uint64_t target_kb,
                            uint64_t static_max_kb, uint64_t videoram_kb,
                            char *err, size_t errlen)
{
    uint64_t min_kb = domid == 0 ? LIBXL_MIN_DOM0_MEM_KB
                                 : LIBXL_MIN_DOMU_MEM_KB;
    char a[32], b[32];

    fmt_kb(target_kb, a, sizeof(a));
    if (target_kb % 4) {
        snprintf(err, errlen, "%s is not a whole number of 4 KiB pages", a);
        return -EINVAL;
    }
    if (target_kb > MEM_HV_LIMIT_KB - LIBXL_MAXMEM_SLACK_KB) {
        snprintf(err, errlen, "%s is more than the hypervisor can track for "
                 "one domain", a);
        return -ERANGE;
    }
    if (target_kb > static_max_kb) {
        fmt_kb(static_max_kb, b, sizeof(b));
        snprintf(err, errlen, "%s is above the domain's maximum of %s "
                 "(memory/static-max; raise it first with xl mem-max)", a, b);
        return -EINVAL;
    }
    if (target_kb < min_kb || target_kb < videoram_kb + min_kb) {
        fmt_kb(min_kb + (domid ? videoram_kb : 0), b, sizeof(b));
        snprintf(err, errlen, "%s is below the minimum of %s for %s", a, b,
                 domid == 0 ? "Domain-0" : "a PV domain");
        return -EINVAL;
    }
    return 0;
}

int libxl__mem_check_max(uint32_t domid, uint64_t max_kb, uint64_t target_kb,
                         char *err, size_t errlen)
{
    char a[32], b[32];

    fmt_kb(max_kb, a, sizeof(a));
    fmt_kb(target_kb, b, sizeof(b));
    if (max_kb % 4) {
        snprintf(err, errlen, "%s is not a whole number of 4 KiB pages", a);
        return -EINVAL;
    }
    if (max_kb > MEM_HV_LIMIT_KB - LIBXL_MAXMEM_SLACK_KB) {
        snprintf(err, errlen, "%s is more than the hypervisor can track for "
                 "one domain", a);
        return -ERANGE;
    }
    if (max_kb < target_kb) {
        snprintf(err, errlen, "%s is below the domain's current target of %s "
                 "(lower the target first with xl mem-set)", a, b);
        return -EINVAL;
    }
    (void)domid;
    return 0;
}

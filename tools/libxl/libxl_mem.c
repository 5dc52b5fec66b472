/* SPDX-License-Identifier: MIT */
/*
 * libxl_mem.c - a running domain's memory: the balloon target and the
 * limit the hypervisor enforces (see libxl.h).
 *
 * The conventions are Xen 4.17 libxl's, so Debian's xl and ours agree on
 * what is in xenstore:
 *   - /local/domain/N/memory/target      KiB the guest's balloon driver
 *     aims for (Linux watches it and gives pages back with
 *     decrease_reservation or takes them with populate_physmap);
 *   - /local/domain/N/memory/static-max  KiB the target may not exceed;
 *   - /local/domain/N/memory/videoram    KiB of the target that is video
 *     memory (0 or absent for PV);
 *   - XEN_DOMCTL_max_mem = limit + 1 MiB of slack, the hypervisor's
 *     max_pages: populate_physmap beyond it fails.
 * Setting the target also lowers or raises the hypervisor limit to the
 * target plus the slack (Xen's "enforce" mode), so a guest cannot take
 * back more than it was given.  dom0 has no memory nodes until a
 * toolstack writes them: they are filled in from its current size.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "libxl_internal.h"

/* ---- pure parts (unit tested) ---- */

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

/* ---- xenstore helpers ---- */

/* A decimal KiB count from xenstore; -ENOENT when absent. */
static int xs_read_kb(libxl_ctx *ctx, xs_transaction_t t, uint32_t domid,
                      const char *node, uint64_t *out)
{
    char path[96], *v, *end;
    unsigned len;
    unsigned long long n;

    snprintf(path, sizeof(path), "/local/domain/%u/memory/%s", domid, node);
    v = xs_read(ctx->xs, t, path, &len);
    if (!v)
        return errno == ENOENT ? -ENOENT : -errno;
    errno = 0;
    n = strtoull(v, &end, 10);
    if (!len || !isdigit((unsigned char)v[0]) || *end || errno) {
        libxl__fail_plain(ctx, -EINVAL, "%s holds '%.40s', not a KiB count",
                          path, v);
        free(v);
        return -EINVAL;
    }
    free(v);
    *out = n;
    return 0;
}

static bool xs_write_u64(libxl_ctx *ctx, xs_transaction_t t, const char *path,
                         uint64_t v)
{
    char s[24];

    snprintf(s, sizeof(s), "%llu", (unsigned long long)v);
    return xs_write(ctx->xs, t, path, s, (unsigned)strlen(s));
}

struct mem_state {
    uint64_t target_kb, static_max_kb, videoram_kb;
};

/*
 * Reads the memory nodes of DOMID inside T.  For dom0, missing nodes are
 * filled in (inside T) from what the hypervisor says about it: the
 * target from its current size, the maximum from its max_pages.
 */
static int read_state(libxl_ctx *ctx, xs_transaction_t t, uint32_t domid,
                      const libxl_dominfo *info, struct mem_state *s)
{
    char path[96];
    int rc;

    rc = xs_read_kb(ctx, t, domid, "target", &s->target_kb);
    if (rc == -ENOENT && domid == 0) {
        s->target_kb = info->current_memkb;
        snprintf(path, sizeof(path), "/local/domain/0/memory/target");
        if (!xs_write_u64(ctx, t, path, s->target_kb))
            return libxl__fail(ctx, -errno, "writing %s", path);
        rc = 0;
    }
    if (rc == -ENOENT)
        return libxl__fail_plain(ctx, rc, "domain %u has no memory/target in "
                                 "xenstore (was it made by a toolstack?)",
                                 domid);
    if (rc == -EINVAL)
        return rc;
    if (rc)
        return libxl__fail(ctx, rc, "reading memory/target of domain %u",
                           domid);

    rc = xs_read_kb(ctx, t, domid, "static-max", &s->static_max_kb);
    if (rc == -ENOENT && domid == 0) {
        s->static_max_kb = info->max_memkb > s->target_kb ? info->max_memkb
                                                          : s->target_kb;
        snprintf(path, sizeof(path), "/local/domain/0/memory/static-max");
        if (!xs_write_u64(ctx, t, path, s->static_max_kb))
            return libxl__fail(ctx, -errno, "writing %s", path);
        rc = 0;
    }
    if (rc == -ENOENT)
        return libxl__fail_plain(ctx, rc, "domain %u has no memory/static-max "
                                 "in xenstore", domid);
    if (rc == -EINVAL)
        return rc;
    if (rc)
        return libxl__fail(ctx, rc, "reading memory/static-max of domain %u",
                           domid);

    rc = xs_read_kb(ctx, t, domid, "videoram", &s->videoram_kb);
    if (rc == -ENOENT) {
        s->videoram_kb = 0;
        rc = 0;
    }
    if (rc == -EINVAL)
        return rc;
    if (rc)
        return libxl__fail(ctx, rc, "reading memory/videoram of domain %u",
                           domid);
    return 0;
}

/* The domain, existing and not on its way out. */
static int live_domain(libxl_ctx *ctx, uint32_t domid, libxl_dominfo *info)
{
    int rc = libxl_domain_info(ctx, domid, info);

    if (rc)
        return rc;
    if (info->dying || info->shutdown)
        return libxl__fail_plain(ctx, -EINVAL, "domain %u is %s", domid,
                                 info->dying ? "dying" : "shut down");
    if (!libxl__xs(ctx))
        return libxl__fail(ctx, -errno, "cannot connect to xenstored");
    return 0;
}

int libxl_get_memory_target(libxl_ctx *ctx, uint32_t domid,
                            uint64_t *target_kb, uint64_t *static_max_kb)
{
    libxl_dominfo info;
    struct mem_state s;
    int rc;

    if ((rc = live_domain(ctx, domid, &info)))
        return rc;
    for (int attempt = 0; attempt < 16; attempt++) {
        xs_transaction_t t = xs_transaction_start(ctx->xs);

        if (t == XBT_NULL)
            return libxl__fail(ctx, -errno, "xenstore transaction");
        if ((rc = read_state(ctx, t, domid, &info, &s))) {
            xs_transaction_end(ctx->xs, t, true);
            return rc;
        }
        if (xs_transaction_end(ctx->xs, t, false)) {
            if (target_kb)
                *target_kb = s.target_kb + s.videoram_kb;
            if (static_max_kb)
                *static_max_kb = s.static_max_kb;
            return 0;
        }
        if (errno != EAGAIN)
            return libxl__fail(ctx, -errno, "xenstore commit");
    }
    return libxl__fail(ctx, -EAGAIN, "xenstore transaction kept conflicting");
}

/* /vm/UUID/memory in MiB, as Xen's libxl keeps it. */
static bool write_vm_memory(libxl_ctx *ctx, xs_transaction_t t,
                            uint32_t domid, uint64_t kb)
{
    char path[96], *vm;
    unsigned len;
    bool ok;

    if (domid == 0)
        return true;
    snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    vm = xs_read(ctx->xs, t, path, &len);
    if (!vm)
        return true;            /* no /vm entry: nothing to keep in step */
    if (strncmp(vm, "/vm/", 4) || strchr(vm + 4, '/') || len > 64) {
        free(vm);
        return true;
    }
    snprintf(path, sizeof(path), "%s/memory", vm);
    free(vm);
    ok = xs_write_u64(ctx, t, path, kb >> 10);
    return ok;
}

int libxl_set_memory_target(libxl_ctx *ctx, uint32_t domid,
                            uint64_t target_kb)
{
    libxl_dominfo info;
    struct mem_state s;
    char err[200], path[96];
    bool hv_changed = false;
    int rc;

    if ((rc = live_domain(ctx, domid, &info)))
        return rc;
    for (int attempt = 0; attempt < 16; attempt++) {
        xs_transaction_t t = xs_transaction_start(ctx->xs);

        if (t == XBT_NULL) {
            rc = libxl__fail(ctx, -errno, "xenstore transaction");
            goto undo;
        }
        if ((rc = read_state(ctx, t, domid, &info, &s)))
            goto abort;
        if ((rc = libxl__mem_check_target(domid, target_kb, s.static_max_kb,
                                          s.videoram_kb, err, sizeof(err)))) {
            rc = libxl__fail_plain(ctx, rc, "domain %u: %s", domid, err);
            goto abort;
        }
        /* The hypervisor limit first: a guest must never see a target it
         * is not allowed to reach. */
        rc = hv_domain_max_mem(ctx->hv, (domid_t)domid,
                               target_kb + LIBXL_MAXMEM_SLACK_KB);
        if (rc) {
            rc = libxl__fail(ctx, rc, "XEN_DOMCTL_max_mem(%u, %llu KiB)",
                             domid, (unsigned long long)(target_kb +
                                                         LIBXL_MAXMEM_SLACK_KB));
            goto abort;
        }
        hv_changed = true;
        snprintf(path, sizeof(path), "/local/domain/%u/memory/target", domid);
        if (!xs_write_u64(ctx, t, path, target_kb - s.videoram_kb) ||
            !write_vm_memory(ctx, t, domid, target_kb - s.videoram_kb)) {
            rc = libxl__fail(ctx, -errno, "writing %s", path);
            goto abort;
        }
        if (xs_transaction_end(ctx->xs, t, false))
            return 0;
        if (errno != EAGAIN) {
            rc = libxl__fail(ctx, -errno, "xenstore commit");
            goto undo;
        }
        continue;
abort:
        xs_transaction_end(ctx->xs, t, true);
        goto undo;
    }
    rc = libxl__fail(ctx, -EAGAIN, "xenstore transaction kept conflicting");
undo:
    /* Leave the hypervisor limit as it was. */
    if (hv_changed)
        (void)hv_domain_max_mem(ctx->hv, (domid_t)domid, info.max_memkb);
    return rc;
}

int libxl_domain_setmaxmem(libxl_ctx *ctx, uint32_t domid, uint64_t max_kb)
{
    libxl_dominfo info;
    struct mem_state s;
    char err[200], path[96];
    bool hv_changed = false;
    int rc;

    if ((rc = live_domain(ctx, domid, &info)))
        return rc;
    for (int attempt = 0; attempt < 16; attempt++) {
        xs_transaction_t t = xs_transaction_start(ctx->xs);

        if (t == XBT_NULL) {
            rc = libxl__fail(ctx, -errno, "xenstore transaction");
            goto undo;
        }
        if ((rc = read_state(ctx, t, domid, &info, &s)))
            goto abort;
        if ((rc = libxl__mem_check_max(domid, max_kb,
                                       s.target_kb + s.videoram_kb, err,
                                       sizeof(err)))) {
            rc = libxl__fail_plain(ctx, rc, "domain %u: %s", domid, err);
            goto abort;
        }
        rc = hv_domain_max_mem(ctx->hv, (domid_t)domid,
                               max_kb + LIBXL_MAXMEM_SLACK_KB);
        if (rc) {
            rc = libxl__fail(ctx, rc, "XEN_DOMCTL_max_mem(%u, %llu KiB)",
                             domid, (unsigned long long)(max_kb +
                                                         LIBXL_MAXMEM_SLACK_KB));
            goto abort;
        }
        hv_changed = true;
        snprintf(path, sizeof(path), "/local/domain/%u/memory/static-max",
                 domid);
        if (!xs_write_u64(ctx, t, path, max_kb)) {
            rc = libxl__fail(ctx, -errno, "writing %s", path);
            goto abort;
        }
        if (xs_transaction_end(ctx->xs, t, false))
            return 0;
        if (errno != EAGAIN) {
            rc = libxl__fail(ctx, -errno, "xenstore commit");
            goto undo;
        }
        continue;
abort:
        xs_transaction_end(ctx->xs, t, true);
        goto undo;
    }
    rc = libxl__fail(ctx, -EAGAIN, "xenstore transaction kept conflicting");
undo:
    if (hv_changed)
        (void)hv_domain_max_mem(ctx->hv, (domid_t)domid, info.max_memkb);
    return rc;
}

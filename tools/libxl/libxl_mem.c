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
    if (!len || !isdigit((unsigned char)v[0]) || end != v + len || errno) {
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

/*
 * One change of DOMID's memory settings: the target (SET_MAX false) or
 * the maximum (SET_MAX true) becomes KB.  Inside one xenstore
 * transaction (retried on conflicts): read and check the current nodes,
 * set the hypervisor limit to KB plus the slack, write the node(s).  On
 * any failure the transaction is abandoned and the hypervisor limit put
 * back, so nothing has changed.
 */
static int mem_update(libxl_ctx *ctx, uint32_t domid, bool set_max,
                      uint64_t kb)
{
    const char *node = set_max ? "static-max" : "target";
    libxl_dominfo info;
    struct mem_state s;
    char err[200], path[96];
    bool hv_changed = false;
    int rc;

    if ((rc = live_domain(ctx, domid, &info)))
        return rc;
    snprintf(path, sizeof(path), "/local/domain/%u/memory/%s", domid, node);
    for (int attempt = 0; attempt < 16; attempt++) {
        xs_transaction_t t = xs_transaction_start(ctx->xs);
        uint64_t value;

        if (t == XBT_NULL) {
            rc = libxl__fail(ctx, -errno, "xenstore transaction");
            goto undo;
        }
        if ((rc = read_state(ctx, t, domid, &info, &s)))
            goto abort;
        rc = set_max ? libxl__mem_check_max(domid, kb,
                                            s.target_kb + s.videoram_kb,
                                            err, sizeof(err))
                     : libxl__mem_check_target(domid, kb, s.static_max_kb,
                                               s.videoram_kb, err,
                                               sizeof(err));
        if (rc) {
            rc = libxl__fail_plain(ctx, rc, "domain %u: %s", domid, err);
            goto abort;
        }
        /* The hypervisor limit first: a guest must never see a target it
         * is not allowed to reach. */
        rc = hv_domain_max_mem(ctx->hv, (domid_t)domid,
                               kb + LIBXL_MAXMEM_SLACK_KB);
        if (rc) {
            rc = libxl__fail(ctx, rc, "XEN_DOMCTL_max_mem(%u, %llu KiB)",
                             domid, (unsigned long long)(kb +
                                                         LIBXL_MAXMEM_SLACK_KB));
            goto abort;
        }
        hv_changed = true;
        /* The guest's target leaves out video memory (Xen's layout). */
        value = set_max ? kb : kb - s.videoram_kb;
        if (!xs_write_u64(ctx, t, path, value) ||
            (!set_max && !write_vm_memory(ctx, t, domid, value))) {
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

int libxl_set_memory_target(libxl_ctx *ctx, uint32_t domid,
                            uint64_t target_kb)
{
    return mem_update(ctx, domid, false, target_kb);
}

int libxl_domain_setmaxmem(libxl_ctx *ctx, uint32_t domid, uint64_t max_kb)
{
    return mem_update(ctx, domid, true, max_kb);
}

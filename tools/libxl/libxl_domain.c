/* SPDX-License-Identifier: MIT */
/*
 * libxl_domain.c - lifecycle calls on existing domains (see libxl.h):
 * PV shutdown requests, waiting for a shutdown, rename, uptime, vCPUs,
 * scheduler parameters.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenstore.h>

#include "libxl_internal.h"
#include "public/sched.h"

static struct xs_handle *need_xs(libxl_ctx *ctx)
{
    struct xs_handle *xs = libxl__xs(ctx);

    if (!xs)
        libxl__fail(ctx, -errno, "cannot connect to xenstored");
    return xs;
}

int libxl_domain_shutdown_request(libxl_ctx *ctx, uint32_t domid,
                                  const char *req)
{
    libxl_dominfo info;
    char path[96];
    int rc;

    if (domid == 0)
        return libxl__fail_plain(ctx, -EINVAL, "refusing to shut down domain 0 "
                           "this way");
    if ((rc = libxl_domain_info(ctx, domid, &info)))
        return rc;
    if (info.shutdown || info.dying)
        return libxl__fail_plain(ctx, -EALREADY, "domain %u is already %s",
                           domid, info.dying ? "dying" : "shut down");
    if (!need_xs(ctx))
        return -EIO;
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    if (!xs_write(ctx->xs, XBT_NULL, path, req, (unsigned)strlen(req)))
        return libxl__fail(ctx, -errno, "writing %s", path);
    return 0;
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

int libxl_domain_wait_shutdown(libxl_ctx *ctx, uint32_t domid, int timeout_ms,
                               int *state, unsigned *reason)
{
    char token[32];
    struct timespec t0;
    int rc = -ETIMEDOUT;

    if (!need_xs(ctx))
        return -EIO;
    snprintf(token, sizeof(token), "wait-%u", domid);
    if (!xs_watch(ctx->xs, "@releaseDomain", token))
        return libxl__fail(ctx, -errno, "watching @releaseDomain");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        libxl_dominfo info;
        struct pollfd p = { .fd = xs_fileno(ctx->xs), .events = POLLIN };
        long left;
        int r = libxl_domain_info(ctx, domid, &info);

        if (r == -ESRCH) {
            *state = 0;
            rc = 0;
            break;
        }
        if (r == 0 && (info.shutdown || info.dying)) {
            *state = info.dying ? 2 : 1;
            *reason = info.shutdown_reason;
            rc = 0;
            break;
        }
        left = timeout_ms < 0 ? 1000 : timeout_ms - ms_since(&t0);
        if (left <= 0)
            break;
        /* Events can be lost to other watchers' timing: poll at 1 s too. */
        if (poll(&p, 1, left > 1000 ? 1000 : (int)left) > 0)
            free(xs_check_watch(ctx->xs));
    }
    xs_unwatch(ctx->xs, "@releaseDomain", token);
    if (rc)
        libxl__fail(ctx, rc, "domain %u did not shut down within %d s",
                    domid, timeout_ms / 1000);
    return rc;
}

int libxl_domain_rename(libxl_ctx *ctx, uint32_t domid, const char *name)
{
    char path[96], *vm;
    unsigned len;
    uint32_t other;

    if (!name || !*name || strlen(name) > 64 || strchr(name, '/'))
        return libxl__fail_plain(ctx, -EINVAL, "'%s' is not a valid domain name",
                           name ? name : "");
    if (domid == 0)
        return libxl__fail_plain(ctx, -EINVAL, "domain 0 keeps its name");
    if (!need_xs(ctx))
        return -EIO;
    if (libxl_name_to_domid(ctx, name, &other) == 0 && other != domid)
        return libxl__fail_plain(ctx, -EEXIST, "a domain named '%s' already "
                           "exists (%u)", name, other);
    for (int attempt = 0; attempt < 16; attempt++) {
        xs_transaction_t t = xs_transaction_start(ctx->xs);
        bool ok;

        if (t == XBT_NULL)
            return libxl__fail(ctx, -errno, "xenstore transaction");
        snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
        vm = xs_read(ctx->xs, t, path, &len);
        snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
        ok = vm && xs_write(ctx->xs, t, path, name, (unsigned)strlen(name));
        if (ok) {
            snprintf(path, sizeof(path), "%s/name", vm);
            ok = xs_write(ctx->xs, t, path, name, (unsigned)strlen(name));
        }
        free(vm);
        if (!ok) {
            int e = errno;
            xs_transaction_end(ctx->xs, t, true);
            return libxl__fail(ctx, -e, "domain %u is not in xenstore",
                               domid);
        }
        if (xs_transaction_end(ctx->xs, t, false))
            return 0;
        if (errno != EAGAIN)
            return libxl__fail(ctx, -errno, "xenstore commit");
    }
    return libxl__fail(ctx, -EAGAIN, "xenstore transaction kept conflicting");
}

int libxl_domain_uptime(libxl_ctx *ctx, uint32_t domid, double *secs)
{
    char path[96], *vm, *st;
    unsigned len;
    struct timespec now;
    libxl_dominfo info;
    int rc;

    if ((rc = libxl_domain_info(ctx, domid, &info)))
        return rc;
    if (domid == 0) {
        /* dom0: the time the hypervisor has been up is the best guess. */
        FILE *f = fopen("/proc/uptime", "r");
        double u = 0;

        if (!f || fscanf(f, "%lf", &u) != 1) {
            if (f)
                fclose(f);
            return libxl__fail(ctx, -EIO, "cannot read /proc/uptime");
        }
        fclose(f);
        *secs = u;
        return 0;
    }
    if (!need_xs(ctx))
        return -EIO;
    snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
    vm = xs_read(ctx->xs, XBT_NULL, path, &len);
    if (!vm)
        return libxl__fail(ctx, -ENOENT, "domain %u has no /vm entry", domid);
    snprintf(path, sizeof(path), "%s/start_time", vm);
    free(vm);
    st = xs_read(ctx->xs, XBT_NULL, path, &len);
    if (!st)
        return libxl__fail(ctx, -ENOENT, "no %s", path);
    clock_gettime(CLOCK_REALTIME, &now);
    *secs = (double)now.tv_sec + now.tv_nsec / 1e9 - strtod(st, NULL);
    if (*secs < 0)
        *secs = 0;
    free(st);
    return 0;
}

int libxl_list_vcpu(libxl_ctx *ctx, uint32_t domid, libxl_vcpuinfo **out,
                    int *n)
{
    libxl_dominfo info;
    libxl_vcpuinfo *v;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = libxl_domain_info(ctx, domid, &info)))
        return rc;
    if (info.vcpu_max_id == UINT32_MAX)
        return 0;
    v = calloc(info.vcpu_max_id + 1, sizeof(*v));
    if (!v)
        return libxl__fail(ctx, -ENOMEM, "out of memory");
    for (uint32_t i = 0; i <= info.vcpu_max_id; i++) {
        struct xen_domctl_getvcpuinfo vi;

        rc = hv_vcpu_getinfo(ctx->hv, (domid_t)domid, i, &vi);
        if (rc) {
            free(v);
            return libxl__fail(ctx, rc, "XEN_DOMCTL_getvcpuinfo(%u, %u)",
                               domid, i);
        }
        v[i].vcpu = i;
        v[i].cpu = vi.cpu;
        v[i].online = vi.online;
        v[i].blocked = vi.blocked;
        v[i].running = vi.running;
        v[i].cpu_time_ns = vi.cpu_time;
    }
    *out = v;
    *n = (int)info.vcpu_max_id + 1;
    return 0;
}

int libxl_set_vcpuonline(libxl_ctx *ctx, uint32_t domid, unsigned count)
{
    libxl_dominfo info;
    char path[96];
    int rc;

    if ((rc = libxl_domain_info(ctx, domid, &info)))
        return rc;
    if (count < 1 || count > info.vcpu_max_id + 1)
        return libxl__fail_plain(ctx, -EINVAL, "domain %u has %u vCPUs at most; "
                           "cannot set %u online", domid,
                           info.vcpu_max_id + 1, count);
    if (domid == 0)
        return libxl__fail_plain(ctx, -EINVAL, "not for domain 0");
    if (!need_xs(ctx))
        return -EIO;
    for (uint32_t i = 0; i <= info.vcpu_max_id; i++) {
        const char *v = i < count ? "online" : "offline";

        snprintf(path, sizeof(path), "/local/domain/%u/cpu/%u/availability",
                 domid, i);
        if (!xs_write(ctx->xs, XBT_NULL, path, v, (unsigned)strlen(v)))
            return libxl__fail(ctx, -errno, "writing %s", path);
    }
    return 0;
}

int libxl_sched_get(libxl_ctx *ctx, uint32_t domid, libxl_sched_params *p)
{
    struct xen_domctl_sched_credit c = { 0 };
    int rc = hv_sched_id(ctx->hv, &p->sched_id);

    if (rc)
        return libxl__fail(ctx, rc, "XEN_SYSCTL_sched_id");
    if (p->sched_id != XEN_SCHEDULER_CREDIT &&
        p->sched_id != XEN_SCHEDULER_CREDIT2)
        return libxl__fail_plain(ctx, -EOPNOTSUPP, "the scheduler is %s, which "
                           "has no weight and cap",
                           libxl_scheduler_name(p->sched_id));
    rc = hv_sched_credit(ctx->hv, (domid_t)domid, 0, &c, p->sched_id);
    if (rc)
        return libxl__fail(ctx, rc, "reading %s parameters of domain %u",
                           libxl_scheduler_name(p->sched_id), domid);
    p->weight = c.weight;
    p->cap = c.cap;
    return 0;
}

int libxl_sched_set(libxl_ctx *ctx, uint32_t domid, int weight, int cap)
{
    libxl_sched_params p;
    struct xen_domctl_sched_credit c;
    int rc;

    if ((rc = libxl_sched_get(ctx, domid, &p)))
        return rc;
    if ((weight >= 0 && (weight < 1 || weight > 65535)) ||
        (cap >= 0 && cap > 65535))
        return libxl__fail_plain(ctx, -EINVAL, "weight must be 1..65535, cap "
                           "0..65535");
    c.weight = (uint16_t)(weight >= 0 ? (unsigned)weight : p.weight);
    c.cap = (uint16_t)(cap >= 0 ? (unsigned)cap : p.cap);
    rc = hv_sched_credit(ctx->hv, (domid_t)domid, 1, &c, p.sched_id);
    if (rc)
        return libxl__fail(ctx, rc, "setting %s parameters of domain %u",
                           libxl_scheduler_name(p.sched_id), domid);
    return 0;
}

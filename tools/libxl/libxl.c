/* SPDX-License-Identifier: MIT */
/*
 * libxl.c - context, host and domain queries, simple lifecycle calls
 * (see libxl.h).
 */
#include "libxl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "hv.h"
#include "libxl_internal.h"
#include "public/sched.h"
#include "public/version.h"

int libxl__fail_plain(libxl_ctx *ctx, int rc, const char *f, ...)
{
    va_list ap;

    va_start(ap, f);
    vsnprintf(ctx->err, sizeof(ctx->err), f, ap);
    va_end(ap);
    return rc;
}

int libxl__fail(libxl_ctx *ctx, int rc, const char *f, ...)
{
    va_list ap;
    size_t n;

    va_start(ap, f);
    vsnprintf(ctx->err, sizeof(ctx->err), f, ap);
    va_end(ap);
    n = strlen(ctx->err);
    if (rc < 0 && n < sizeof(ctx->err) - 3)
        snprintf(ctx->err + n, sizeof(ctx->err) - n, ": %s",
                 hv_strerror(rc));
    return rc;
}

int libxl_ctx_new(libxl_ctx **out)
{
    libxl_ctx *ctx = calloc(1, sizeof(*ctx));
    int rc;

    *out = NULL;
    if (!ctx)
        return -ENOMEM;
    rc = hv_open(&ctx->hv);
    if (rc) {
        free(ctx);
        return rc;
    }
    *out = ctx;
    return 0;
}

void libxl_ctx_free(libxl_ctx *ctx)
{
    if (!ctx)
        return;
    if (ctx->xs)
        xs_close(ctx->xs);
    hv_close(ctx->hv);
    free(ctx);
}

const char *libxl_last_error(const libxl_ctx *ctx)
{
    return ctx && ctx->err[0] ? ctx->err : "no error";
}

const char *libxl_strerror(int rc)
{
    return hv_strerror(rc);
}

struct xs_handle *libxl__xs(libxl_ctx *ctx)
{
    if (!ctx->xs)
        ctx->xs = xs_open(0);
    return ctx->xs;
}

/* ---- host ---- */

int libxl_get_physinfo(libxl_ctx *ctx, libxl_physinfo *out)
{
    struct xen_sysctl_physinfo pi;
    int rc = hv_physinfo(ctx->hv, &pi);

    if (rc)
        return libxl__fail(ctx, rc, "XEN_SYSCTL_physinfo failed");
    memset(out, 0, sizeof(*out));
    out->threads_per_core = pi.threads_per_core;
    out->cores_per_socket = pi.cores_per_socket;
    out->nr_cpus = pi.nr_cpus;
    out->max_cpu_id = pi.max_cpu_id;
    out->nr_nodes = pi.nr_nodes;
    out->max_node_id = pi.max_node_id;
    out->cpu_khz = pi.cpu_khz;
    out->capabilities = pi.capabilities;
    out->total_pages = pi.total_pages;
    out->free_pages = pi.free_pages;
    out->scrub_pages = pi.scrub_pages;
    out->outstanding_pages = pi.outstanding_pages;
    memcpy(out->hw_cap, pi.hw_cap, sizeof(out->hw_cap));
    return 0;
}

int libxl_get_version_info(libxl_ctx *ctx, libxl_version_info *out)
{
    xen_extraversion_t extra = { 0 };
    int v, rc;

    memset(out, 0, sizeof(*out));
    v = hv_xen_version(ctx->hv, XENVER_version, NULL, 0);
    if (v < 0)
        return libxl__fail(ctx, v, "XENVER_version failed");
    out->major = (unsigned)v >> 16;
    out->minor = (unsigned)v & 0xffff;
    rc = hv_xen_version(ctx->hv, XENVER_extraversion, extra, sizeof(extra));
    if (rc < 0)
        return libxl__fail(ctx, rc, "XENVER_extraversion failed");
    memcpy(out->extra, extra, sizeof(out->extra) - 1);
    rc = hv_xen_version(ctx->hv, XENVER_capabilities, out->capabilities,
                        sizeof(out->capabilities) - 1);
    if (rc < 0)
        return libxl__fail(ctx, rc, "XENVER_capabilities failed");
    /* The command line is informative only; older hypervisors lack it. */
    if (hv_xen_version(ctx->hv, XENVER_commandline, out->commandline,
                       sizeof(out->commandline) - 1) < 0)
        out->commandline[0] = '\0';
    rc = hv_xen_version(ctx->hv, XENVER_pagesize, NULL, 0);
    out->pagesize = rc > 0 ? (unsigned)rc : 4096;
    rc = hv_sched_id(ctx->hv, &out->sched_id);
    if (rc)
        return libxl__fail(ctx, rc, "XEN_SYSCTL_sched_id failed");
    return 0;
}

const char *libxl_scheduler_name(uint32_t id)
{
    switch (id) {
    case XEN_SCHEDULER_CREDIT: return "credit";
    case XEN_SCHEDULER_CREDIT2: return "credit2";
    case XEN_SCHEDULER_ARINC653: return "arinc653";
    case XEN_SCHEDULER_RTDS: return "rtds";
    case XEN_SCHEDULER_NULL: return "null";
    default: return "unknown";
    }
}

int libxl_dmesg(libxl_ctx *ctx, bool clear, char **text)
{
    /* Walk the ring incrementally in 16 KiB steps. */
    size_t len = 0, cap = 0;
    char *out = NULL;
    uint32_t index = 0;
    int rc;

    *text = NULL;
    for (int round = 0; round < 4096; round++) {
        uint32_t count = 16384;
        char *n;

        if (cap - len < count + 1) {
            cap = cap ? cap * 2 : 65536;
            n = realloc(out, cap);
            if (!n) {
                free(out);
                return libxl__fail(ctx, -ENOMEM, "out of memory");
            }
            out = n;
        }
        rc = hv_readconsole(ctx->hv, out + len, &count, &index, 1, 0);
        if (rc) {
            free(out);
            return libxl__fail(ctx, rc, "XEN_SYSCTL_readconsole failed");
        }
        len += count;
        if (count == 0)
            break;
    }
    if (clear) {
        uint32_t count = 1;
        char dummy;
        rc = hv_readconsole(ctx->hv, &dummy, &count, NULL, 0, 1);
        if (rc) {
            free(out);
            return libxl__fail(ctx, rc, "clearing the console ring failed");
        }
    }
    if (!out) {
        out = malloc(1);
        if (!out)
            return libxl__fail(ctx, -ENOMEM, "out of memory");
    }
    out[len] = '\0';
    *text = out;
    return 0;
}

/* ---- domains ---- */

void libxl__dominfo_from_xen(libxl_dominfo *o,
                             const struct xen_domctl_getdomaininfo *in)
{
    memset(o, 0, sizeof(*o));
    o->domid = in->domain;
    memcpy(o->uuid, in->handle, 16);
    o->current_memkb = in->tot_pages * 4;
    o->max_memkb = in->max_pages * 4;
    o->outstanding_memkb = in->outstanding_pages * 4;
    o->cpu_time_ns = in->cpu_time;
    o->vcpu_online = in->nr_online_vcpus;
    o->vcpu_max_id = in->max_vcpu_id;
    o->ssidref = in->ssidref;
    o->cpupool = in->cpupool;
    o->running = in->flags & XEN_DOMINF_running;
    o->blocked = in->flags & XEN_DOMINF_blocked;
    o->paused = in->flags & XEN_DOMINF_paused;
    o->shutdown = in->flags & XEN_DOMINF_shutdown;
    o->dying = in->flags & XEN_DOMINF_dying;
    o->hvm = in->flags & XEN_DOMINF_hvm_guest;
    if (o->shutdown)
        o->shutdown_reason = (in->flags >> XEN_DOMINF_shutdownshift) &
                             XEN_DOMINF_shutdownmask;
}

void libxl_dominfo_state(const libxl_dominfo *i, char out[7])
{
    int crashed = i->shutdown && i->shutdown_reason == SHUTDOWN_crash;

    out[0] = i->running ? 'r' : '-';
    out[1] = i->blocked ? 'b' : '-';
    out[2] = i->paused ? 'p' : '-';
    out[3] = i->shutdown && !crashed ? 's' : '-';
    out[4] = crashed ? 'c' : '-';
    out[5] = i->dying ? 'd' : '-';
    out[6] = '\0';
}

int libxl_list_domain(libxl_ctx *ctx, libxl_dominfo **out, int *n)
{
    struct xen_domctl_getdomaininfo buf[64];
    libxl_dominfo *list = NULL;
    int count = 0;
    uint32_t first = 0;

    *out = NULL;
    *n = 0;
    for (;;) {
        uint32_t got;
        int rc = hv_domain_list(ctx->hv, (domid_t)first, 64, buf, &got);
        libxl_dominfo *nl;

        if (rc) {
            free(list);
            return libxl__fail(ctx, rc, "XEN_SYSCTL_getdomaininfolist failed");
        }
        if (got == 0)
            break;
        nl = realloc(list, (size_t)(count + (int)got) * sizeof(*list));
        if (!nl) {
            free(list);
            return libxl__fail(ctx, -ENOMEM, "out of memory");
        }
        list = nl;
        for (uint32_t i = 0; i < got; i++)
            libxl__dominfo_from_xen(&list[count++], &buf[i]);
        first = buf[got - 1].domain + 1u;
        if (got < 64 || first >= DOMID_FIRST_RESERVED)
            break;
    }
    *out = list;
    *n = count;
    return 0;
}

int libxl_domain_info(libxl_ctx *ctx, uint32_t domid, libxl_dominfo *out)
{
    struct xen_domctl_getdomaininfo di;
    int rc = hv_domain_getinfo(ctx->hv, (domid_t)domid, &di);

    if (rc == -ESRCH)
        return libxl__fail_plain(ctx, rc, "domain %u does not exist", domid);
    if (rc)
        return libxl__fail(ctx, rc, "domain %u", domid);
    libxl__dominfo_from_xen(out, &di);
    return 0;
}

char *libxl_domid_to_name(libxl_ctx *ctx, uint32_t domid)
{
    char path[64];
    unsigned len;
    char *name;

    if (domid == 0)
        return strdup("Domain-0");
    if (!libxl__xs(ctx)) {
        libxl__fail(ctx, -errno, "cannot connect to xenstore");
        return NULL;
    }
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    name = xs_read(ctx->xs, XBT_NULL, path, &len);
    if (!name)
        libxl__fail(ctx, -ESRCH, "domain %u has no name in xenstore", domid);
    return name;
}

int libxl_name_to_domid(libxl_ctx *ctx, const char *name, uint32_t *domid)
{
    libxl_dominfo *list;
    char *end;
    unsigned long v;
    int n, rc;

    if (*name >= '0' && *name <= '9') {
        v = strtoul(name, &end, 10);
        if (!*end && v < DOMID_FIRST_RESERVED) {
            *domid = (uint32_t)v;
            return 0;
        }
    }
    if (strcmp(name, "Domain-0") == 0) {
        *domid = 0;
        return 0;
    }
    rc = libxl_list_domain(ctx, &list, &n);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++) {
        char *dn = libxl_domid_to_name(ctx, list[i].domid);
        int match = dn && strcmp(dn, name) == 0;

        free(dn);
        if (match) {
            *domid = list[i].domid;
            free(list);
            return 0;
        }
    }
    free(list);
    return libxl__fail_plain(ctx, -ESRCH, "no domain named '%s'", name);
}

int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid)
{
    int rc = hv_domain_pause(ctx->hv, (domid_t)domid);

    return rc ? libxl__fail(ctx, rc, "pausing domain %u", domid) : 0;
}

int libxl_domain_unpause(libxl_ctx *ctx, uint32_t domid)
{
    int rc = hv_domain_unpause(ctx->hv, (domid_t)domid);

    return rc ? libxl__fail(ctx, rc, "unpausing domain %u", domid) : 0;
}

void libxl__xs_remove_domain(libxl_ctx *ctx, uint32_t domid,
                             const char *uuid_str)
{
    static const char *const fmts[] = {
        "/local/domain/%u", "/libxl/%u", "/local/domain/0/backend/console/%u",
        "/local/domain/0/backend/vkbd/%u",
    };
    char path[128];

    if (!libxl__xs(ctx))
        return;
    for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
        snprintf(path, sizeof(path), fmts[i], domid);
        xs_rm(ctx->xs, XBT_NULL, path);
    }
    if (uuid_str && *uuid_str) {
        snprintf(path, sizeof(path), "/vm/%s", uuid_str);
        xs_rm(ctx->xs, XBT_NULL, path);
    }
}

int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid)
{
    char path[64];
    char *vm = NULL;
    unsigned len;
    int rc;

    if (domid == 0)
        return libxl__fail_plain(ctx, -EINVAL, "refusing to destroy domain 0");
    if (libxl__xs(ctx)) {
        snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
        vm = xs_read(ctx->xs, XBT_NULL, path, &len);
    }
    /* Stop it first, so nothing it does races the cleanup. */
    (void)hv_domain_pause(ctx->hv, (domid_t)domid);
    /* Disks and vifs go first: their backends hold the guest's grants. */
    if (ctx->xs)
        (void)libxl__devices_destroy(ctx, domid);
    rc = hv_domain_destroy(ctx->hv, (domid_t)domid);
    if (rc && rc != -ESRCH) {
        free(vm);
        return libxl__fail(ctx, rc, "destroying domain %u", domid);
    }
    /* xenstore cleanup also for a domain the hypervisor no longer has. */
    if (ctx->xs) {
        libxl__xs_remove_domain(ctx, domid,
                                vm && strncmp(vm, "/vm/", 4) == 0 ? vm + 4
                                                                  : NULL);
        /* xenstored also notices the death itself; ENOENT is fine. */
        (void)xs_release_domain(ctx->xs, domid);
    }
    free(vm);
    if (rc == -ESRCH)
        return libxl__fail_plain(ctx, rc, "domain %u does not exist", domid);
    return 0;
}

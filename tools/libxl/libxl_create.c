/* SPDX-License-Identifier: MIT */
/*
 * libxl_create.c - PV domain creation (see libxl.h): checks, hypervisor
 * domain, memory image (build_pv.c), xenstore entries in Xen 4.17 libxl's
 * layout and permissions, XS_INTRODUCE, console readiness.  Every step
 * that succeeded is undone in reverse order when a later one fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <uuid/uuid.h>
#include <xenstore.h>

#include "domcfg.h"
#include "libxl_internal.h"
#include "public/version.h"

#define MAXMEM_SLACK_KB 1024        /* LIBXL_MAXMEM_CONSTANT */
#define CONSOLE_WAIT_MS 10000

static int read_file(const char *path, uint8_t **out, size_t *len,
                     char *err, size_t errlen)
{
    struct stat st;
    uint8_t *buf;
    size_t got = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    *out = NULL;
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -errno;
    }
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_size > KIMG_MAX_FILE) {
        snprintf(err, errlen, "%s: not a regular file of at most %u MiB",
                 path, KIMG_MAX_FILE >> 20);
        close(fd);
        return -EINVAL;
    }
    buf = malloc(st.st_size ? (size_t)st.st_size : 1);
    if (!buf) {
        close(fd);
        return -ENOMEM;
    }
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n <= 0) {
            snprintf(err, errlen, "%s: read failed", path);
            free(buf);
            close(fd);
            return -EIO;
        }
        got += (size_t)n;
    }
    close(fd);
    *out = buf;
    *len = got;
    return 0;
}

/* ---- xenstore writing ---- */

struct xsw {
    struct xs_handle *xs;
    xs_transaction_t t;
    bool ok;
    char failed[300];
};

static void xw(struct xsw *w, const char *val, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void xw(struct xsw *w, const char *val, const char *fmt, ...)
{
    char path[256];
    va_list ap;

    if (!w->ok)
        return;
    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    if (!xs_write(w->xs, w->t, path, val, (unsigned)strlen(val))) {
        w->ok = false;
        snprintf(w->failed, sizeof(w->failed), "write %s", path);
    }
}

/* Node PATH with permissions: owner OWNER (others none), plus READER
 * allowed to read when READER >= 0. */
static void xperm(struct xsw *w, unsigned owner, int reader,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void xperm(struct xsw *w, unsigned owner, int reader,
                  const char *fmt, ...)
{
    struct xs_permissions p[2] = {
        { .id = owner, .perms = XS_PERM_NONE },
        { .id = (unsigned)reader, .perms = XS_PERM_READ },
    };
    char path[256];
    va_list ap;

    if (!w->ok)
        return;
    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    if (!xs_mkdir(w->xs, w->t, path) ||
        !xs_set_permissions(w->xs, w->t, path, p, reader >= 0 ? 2 : 1)) {
        w->ok = false;
        snprintf(w->failed, sizeof(w->failed), "mkdir/set_perms %s", path);
    }
}

struct create_state {
    uint32_t domid;
    bool created, xs_written, introduced, devices;
    char uuid_str[37];
};

static int write_xenstore(libxl_ctx *ctx, const struct xl_domain_config *dc,
                          struct create_state *cs,
                          const struct libxl__pv_build *b)
{
    uint32_t N = cs->domid;
    char v[64];
    struct timespec now;
    struct xsw w;

    clock_gettime(CLOCK_REALTIME, &now);
    for (int attempt = 0; attempt < 16; attempt++) {
        w = (struct xsw){ .xs = ctx->xs, .ok = true };
        w.t = xs_transaction_start(ctx->xs);
        if (w.t == XBT_NULL)
            return libxl__fail(ctx, -errno, "xenstore transaction");

        xperm(&w, 0, (int)N, "/local/domain/%u", N);
        xperm(&w, 0, (int)N, "/vm/%s", cs->uuid_str);
        xperm(&w, 0, -1, "/libxl/%u", N);
        xperm(&w, 0, -1, "/libxl/%u/device", N);
        xw(&w, "pv", "/libxl/%u/type", N);

        xw(&w, cs->uuid_str, "/vm/%s/uuid", cs->uuid_str);
        xw(&w, dc->name, "/vm/%s/name", cs->uuid_str);
        snprintf(v, sizeof(v), "%lld.%02ld", (long long)now.tv_sec,
                 now.tv_nsec / 10000000);
        xw(&w, v, "/vm/%s/start_time", cs->uuid_str);
        xw(&w, "linux", "/vm/%s/image/ostype", cs->uuid_str);
        xw(&w, dc->kernel, "/vm/%s/image/kernel", cs->uuid_str);
        xw(&w, dc->ramdisk ? dc->ramdisk : "", "/vm/%s/image/ramdisk",
           cs->uuid_str);
        xw(&w, dc->cmdline ? dc->cmdline : "", "/vm/%s/image/cmdline",
           cs->uuid_str);

        snprintf(v, sizeof(v), "/vm/%s", cs->uuid_str);
        xw(&w, v, "/local/domain/%u/vm", N);
        xw(&w, dc->name, "/local/domain/%u/name", N);
        snprintf(v, sizeof(v), "%u", N);
        xw(&w, v, "/local/domain/%u/domid", N);

        xperm(&w, 0, (int)N, "/local/domain/%u/cpu", N);
        for (unsigned i = 0; i < dc->max_vcpus; i++)
            xw(&w, i < dc->vcpus ? "online" : "offline",
               "/local/domain/%u/cpu/%u/availability", N, i);
        xperm(&w, 0, (int)N, "/local/domain/%u/memory", N);
        snprintf(v, sizeof(v), "%llu", (unsigned long long)dc->max_memkb);
        xw(&w, v, "/local/domain/%u/memory/static-max", N);
        snprintf(v, sizeof(v), "%llu", (unsigned long long)dc->target_memkb);
        xw(&w, v, "/local/domain/%u/memory/target", N);
        xperm(&w, 0, (int)N, "/local/domain/%u/device", N);
        xperm(&w, N, -1, "/local/domain/%u/device/suspend", N);
        xperm(&w, N, -1, "/local/domain/%u/device/suspend/event-channel", N);
        xperm(&w, 0, (int)N, "/local/domain/%u/control", N);
        xperm(&w, N, -1, "/local/domain/%u/control/shutdown", N);
        xperm(&w, N, -1, "/local/domain/%u/control/feature-poweroff", N);
        xperm(&w, N, -1, "/local/domain/%u/control/feature-reboot", N);
        xperm(&w, N, -1, "/local/domain/%u/control/feature-suspend", N);
        xperm(&w, N, -1, "/local/domain/%u/control/sysrq", N);
        xw(&w, "1", "/local/domain/%u/control/platform-feature-multiprocessor-suspend", N);
        xw(&w, "1", "/local/domain/%u/control/platform-feature-xs_reset_watches", N);
        xperm(&w, N, -1, "/local/domain/%u/data", N);
        xperm(&w, N, -1, "/local/domain/%u/drivers", N);
        xperm(&w, N, -1, "/local/domain/%u/feature", N);
        xperm(&w, N, -1, "/local/domain/%u/attr", N);
        xperm(&w, N, -1, "/local/domain/%u/error", N);

        snprintf(v, sizeof(v), "%u", b->store_port);
        xw(&w, v, "/local/domain/%u/store/port", N);
        snprintf(v, sizeof(v), "%llu", (unsigned long long)b->store_mfn);
        xw(&w, v, "/local/domain/%u/store/ring-ref", N);

        /* Console 0 (libxl_console.c: libxl__device_console_add). */
        xperm(&w, 0, (int)N, "/local/domain/%u/console", N);
        snprintf(v, sizeof(v), "/local/domain/0/backend/console/%u/0", N);
        xw(&w, v, "/local/domain/%u/console/backend", N);
        xw(&w, "0", "/local/domain/%u/console/backend-id", N);
        xw(&w, "1048576", "/local/domain/%u/console/limit", N);
        xw(&w, "xenconsoled", "/local/domain/%u/console/type", N);
        xw(&w, "pty", "/local/domain/%u/console/output", N);
        xw(&w, "", "/local/domain/%u/console/tty", N);
        snprintf(v, sizeof(v), "%u", b->console_port);
        xw(&w, v, "/local/domain/%u/console/port", N);
        snprintf(v, sizeof(v), "%llu", (unsigned long long)b->console_mfn);
        xw(&w, v, "/local/domain/%u/console/ring-ref", N);
        xperm(&w, 0, (int)N, "/local/domain/0/backend/console/%u", N);
        xperm(&w, 0, (int)N, "/local/domain/0/backend/console/%u/0", N);
        snprintf(v, sizeof(v), "/local/domain/%u/console", N);
        xw(&w, v, "/local/domain/0/backend/console/%u/0/frontend", N);
        snprintf(v, sizeof(v), "%u", N);
        xw(&w, v, "/local/domain/0/backend/console/%u/0/frontend-id", N);
        xw(&w, "1", "/local/domain/0/backend/console/%u/0/online", N);
        xw(&w, "1", "/local/domain/0/backend/console/%u/0/state", N);
        xw(&w, "vt100", "/local/domain/0/backend/console/%u/0/protocol", N);

        if (!w.ok) {
            int e = errno;
            xs_transaction_end(ctx->xs, w.t, true);
            return libxl__fail(ctx, -e, "xenstore %s", w.failed);
        }
        if (xs_transaction_end(ctx->xs, w.t, false))
            return 0;
        if (errno != EAGAIN)
            return libxl__fail(ctx, -errno, "xenstore transaction commit");
    }
    return libxl__fail(ctx, -EAGAIN, "xenstore transaction kept conflicting");
}

/* Waits until xenconsoled has written console/tty. */
static int wait_console(libxl_ctx *ctx, uint32_t domid)
{
    char path[96], token[32];
    struct timespec t0, t;
    int rc = -ETIMEDOUT;

    snprintf(path, sizeof(path), "/local/domain/%u/console/tty", domid);
    snprintf(token, sizeof(token), "console-%u", domid);
    if (!xs_watch(ctx->xs, path, token))
        return libxl__fail(ctx, -errno, "watching %s", path);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        unsigned len;
        char *tty = xs_read(ctx->xs, XBT_NULL, path, &len);
        long ms;
        struct pollfd p = { .fd = xs_fileno(ctx->xs), .events = POLLIN };

        if (tty && *tty) {
            free(tty);
            rc = 0;
            break;
        }
        free(tty);
        clock_gettime(CLOCK_MONOTONIC, &t);
        ms = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
        if (ms >= CONSOLE_WAIT_MS)
            break;
        if (poll(&p, 1, (int)(CONSOLE_WAIT_MS - ms)) > 0) {
            char **ev = xs_check_watch(ctx->xs);
            free(ev);
        }
    }
    xs_unwatch(ctx->xs, path, token);
    if (rc)
        return libxl__fail(ctx, rc, "domain %u console tty: not written by "
                           "xenconsoled within %d s (is xenconsoled running?)",
                           domid, CONSOLE_WAIT_MS / 1000);
    return 0;
}

static bool name_taken(libxl_ctx *ctx, const char *name)
{
    libxl_dominfo *list;
    int n;
    bool taken = false;

    if (strcmp(name, "Domain-0") == 0)
        return true;
    if (libxl_list_domain(ctx, &list, &n))
        return false;
    for (int i = 0; i < n && !taken; i++) {
        char *dn = libxl_domid_to_name(ctx, list[i].domid);
        taken = dn && strcmp(dn, name) == 0;
        free(dn);
    }
    free(list);
    return taken;
}

int libxl_domain_create_pv(libxl_ctx *ctx, const struct xl_domain_config *dc,
                           uint32_t *domid)
{
    struct create_state cs = { 0 };
    struct libxl__pv_build b = { 0 };
    struct xen_elf_info elf;
    struct kimg k = { 0 };
    uint8_t *ramdisk = NULL;
    size_t ramdisk_len = 0;
    uint8_t uuid[16];
    libxl_version_info vi;
    libxl_physinfo pi;
    char err[256];
    int rc;

    *domid = ~0u;
    if (!dc->name || !*dc->name)
        return libxl__fail_plain(ctx, -EINVAL, "the config names no domain "
                           "(field 'name')");
    if (!dc->kernel)
        return libxl__fail_plain(ctx, -EINVAL, "the config gives no kernel "
                           "(field 'kernel')");
    if (dc->target_memkb < 32 * 1024 || dc->max_memkb < dc->target_memkb)
        return libxl__fail_plain(ctx, -EINVAL, "memory %llu MiB: a PV domain "
                           "needs at least 32 MiB (and maxmem >= memory)",
                           (unsigned long long)(dc->target_memkb >> 10));
    if (dc->vcpus < 1 || dc->max_vcpus < dc->vcpus)
        return libxl__fail_plain(ctx, -EINVAL, "vcpus %u / maxvcpus %u",
                           dc->vcpus, dc->max_vcpus);
    if (!libxl__xs(ctx))
        return libxl__fail(ctx, -errno, "cannot connect to xenstored");
    /* Disks and vifs: their files, scripts and formats (no side effects). */
    if ((rc = libxl__devices_check(ctx, dc)))
        return rc;

    /* Everything that can be checked without side effects comes first. */
    if (kimg_load_file(dc->kernel, &k, err, sizeof(err)))
        return libxl__fail_plain(ctx, -EINVAL, "kernel: %s", err);
    if (xen_elf_parse(k.elf, k.elf_size, &elf, err, sizeof(err))) {
        kimg_dispose(&k);
        return libxl__fail_plain(ctx, -EINVAL, "kernel %s: %s", dc->kernel,
                                 err);
    }
    if ((rc = libxl_get_version_info(ctx, &vi)))
        goto out;
    if (!strstr(vi.capabilities, xen_elf_guest_type(&elf))) {
        rc = libxl__fail_plain(ctx, -EINVAL, "kernel %s is a %s guest; the "
                         "hypervisor offers only '%s'", dc->kernel,
                         xen_elf_guest_type(&elf), vi.capabilities);
        goto out;
    }
    if (dc->ramdisk &&
        (rc = read_file(dc->ramdisk, &ramdisk, &ramdisk_len, err,
                        sizeof(err)))) {
        rc = libxl__fail_plain(ctx, rc, "ramdisk: %s", err);
        goto out;
    }
    if (name_taken(ctx, dc->name)) {
        rc = libxl__fail_plain(ctx, -EEXIST, "a domain named '%s' already exists",
                         dc->name);
        goto out;
    }
    if ((rc = libxl_get_physinfo(ctx, &pi)))
        goto out;

    if (dc->has_uuid)
        memcpy(uuid, dc->uuid, 16);
    else
        uuid_generate(uuid);
    uuid_unparse_lower(uuid, cs.uuid_str);

    {
        struct xen_domctl_createdomain cd = { 0 };
        domid_t id = 0;

        memcpy(cd.handle, uuid, 16);
        cd.flags = 0;                     /* PV */
        cd.max_vcpus = dc->max_vcpus;
        cd.max_evtchn_port = 1023;
        cd.max_grant_frames = -1;
        cd.max_maptrack_frames = -1;
        cd.grant_opts = XEN_DOMCTL_GRANT_version(
            pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v2 ? 2 : 1);
        rc = hv_domain_create(ctx->hv, &id, &cd);
        if (rc) {
            rc = libxl__fail(ctx, rc, "XEN_DOMCTL_createdomain");
            goto out;
        }
        cs.domid = id;
        cs.created = true;
    }
    if ((rc = hv_domain_max_vcpus(ctx->hv, (domid_t)cs.domid,
                                  dc->max_vcpus))) {
        rc = libxl__fail(ctx, rc, "XEN_DOMCTL_max_vcpus(%u)", dc->max_vcpus);
        goto out;
    }
    if ((rc = hv_domain_max_mem(ctx->hv, (domid_t)cs.domid,
                                dc->max_memkb + MAXMEM_SLACK_KB))) {
        rc = libxl__fail(ctx, rc, "XEN_DOMCTL_max_mem");
        goto out;
    }
    {
        struct xen_domctl_tsc_info tsc = { 0 };
        if ((rc = hv_domain_settscinfo(ctx->hv, (domid_t)cs.domid, &tsc))) {
            rc = libxl__fail(ctx, rc, "XEN_DOMCTL_settscinfo");
            goto out;
        }
    }
    b.domid = cs.domid;
    if ((rc = hv_evtchn_alloc_unbound(ctx->hv, (domid_t)cs.domid, 0,
                                      &b.store_port)) ||
        (rc = hv_evtchn_alloc_unbound(ctx->hv, (domid_t)cs.domid, 0,
                                      &b.console_port))) {
        rc = libxl__fail(ctx, rc, "EVTCHNOP_alloc_unbound");
        goto out;
    }
    b.elf = &elf;
    b.elf_bytes = k.elf;
    b.elf_size = k.elf_size;
    b.ramdisk = ramdisk;
    b.ramdisk_len = ramdisk_len;
    b.cmdline = dc->cmdline;
    b.nr_pages = dc->target_memkb >> 2;
    b.store_domid = b.console_domid = 0;
    if ((rc = libxl__build_pv(ctx, &b)))
        goto out;

    cs.xs_written = true;       /* also a partial write must be removed */
    if ((rc = write_xenstore(ctx, dc, &cs, &b)))
        goto out;
    if (!xs_introduce_domain(ctx->xs, cs.domid, b.store_mfn, b.store_port)) {
        rc = libxl__fail(ctx, -errno, "XS_INTRODUCE of domain %u", cs.domid);
        goto out;
    }
    cs.introduced = true;
    /* Disks, then vifs (libxl_device.c); a failure removes them all. */
    if ((rc = libxl__devices_add(ctx, dc, cs.domid)))
        goto out;
    cs.devices = dc->ndisks || dc->nnics;
    if ((rc = wait_console(ctx, cs.domid)))
        goto out;
    *domid = cs.domid;
    rc = 0;

out:
    if (rc) {
        /* Undo in reverse; the recorded error stays the first one. */
        char saved[sizeof(ctx->err)];

        memcpy(saved, ctx->err, sizeof(saved));
        if (cs.created)
            hv_domain_pause(ctx->hv, (domid_t)cs.domid);
        if (cs.devices)
            libxl__devices_destroy(ctx, cs.domid);
        if (cs.xs_written)
            libxl__xs_remove_domain(ctx, cs.domid, cs.uuid_str);
        if (cs.created)
            hv_domain_destroy(ctx->hv, (domid_t)cs.domid);
        if (cs.introduced)
            xs_release_domain(ctx->xs, cs.domid);
        memcpy(ctx->err, saved, sizeof(saved));
    }
    free(ramdisk);
    kimg_dispose(&k);
    return rc;
}

/* For restore (libxl_restore.c): the xenstore entries, the name check
 * and the console wait of a created domain, with B's store and console
 * fields filled in. */
int libxl__create_write_xenstore(libxl_ctx *ctx,
                                 const struct xl_domain_config *dc,
                                 uint32_t domid, const char *uuid_str,
                                 const struct libxl__pv_build *b)
{
    struct create_state cs = { .domid = domid };

    snprintf(cs.uuid_str, sizeof(cs.uuid_str), "%s", uuid_str);
    return write_xenstore(ctx, dc, &cs, b);
}

bool libxl__name_taken(libxl_ctx *ctx, const char *name)
{
    return name_taken(ctx, name);
}

int libxl__wait_console(libxl_ctx *ctx, uint32_t domid)
{
    return wait_console(ctx, domid);
}

/* SPDX-License-Identifier: MIT */
/*
 * libxl_device.c - what split devices (vbd, vif) have in common: the
 * xenstore directories of a device, the XenbusState handshake, running
 * a hotplug script in dom0, removal, and removing every device of a
 * domain when it is destroyed.
 *
 * Layout (as Xen 4.17's libxl writes it):
 *   backend   /local/domain/0/backend/<kind>/<domid>/<devid>
 *             owner dom0, the guest may read
 *   frontend  /local/domain/<domid>/device/<kind>/<devid>
 *             owner the guest, dom0 may read; a few nodes (a vif's mtu)
 *             are dom0's and only readable by the guest
 *   libxl     /libxl/<domid>/device/<kind>/<devid>: frontend, backend
 *             and a copy of the backend nodes (dom0 only); the list of
 *             devices the toolstack made, used by destroy and *-list
 *
 * The backend driver (blkback, netback) probes the new backend, reaches
 * InitWait (2); then the toolstack runs the device's script (block add,
 * vif-bridge online) in dom0, which connects the real thing (a loop
 * device, a bridge port).  The frontend and backend then connect by
 * themselves (Connected, 4) once the guest runs.  Removal writes
 * online = 0 and state = Closing (5), waits for Closed (6), runs the
 * script's remove/offline and deletes the three directories.  See
 * docs/hotplug.md for the script side.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "domcfg.h"
#include "libxl_device.h"

extern char **environ;

const char *libxl__kind_name(enum libxl__dev_kind k)
{
    return k == LIBXL__DEV_VBD ? "vbd" : "vif";
}

void libxl__dev_paths(const struct libxl__dev *d, struct libxl__dev_paths *p)
{
    const char *k = libxl__kind_name(d->kind);

    snprintf(p->be, sizeof(p->be), "/local/domain/%u/backend/%s/%u/%u",
             d->backend_domid, k, d->domid, d->devid);
    snprintf(p->fe, sizeof(p->fe), "/local/domain/%u/device/%s/%u",
             d->domid, k, d->devid);
    snprintf(p->lx, sizeof(p->lx), "/libxl/%u/device/%s/%u", d->domid, k,
             d->devid);
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

char *libxl__xs_readf(libxl_ctx *ctx, const char *fmt, ...)
{
    char path[300];
    unsigned len;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    return xs_read(ctx->xs, XBT_NULL, path, &len);
}

/* ---- small xenstore and path helpers ---- */

void libxl__xs_copy(libxl_ctx *ctx, char *out, size_t len, const char *dir,
                    const char *node)
{
    char *v = libxl__xs_readf(ctx, "%s/%s", dir, node);

    snprintf(out, len, "%s", v ? v : "");
    free(v);
}

int libxl__xs_int(libxl_ctx *ctx, const char *dir, const char *node)
{
    char *v = libxl__xs_readf(ctx, "%s/%s", dir, node);
    int r = v ? atoi(v) : -1;

    free(v);
    return r;
}

void libxl__script_path(const char *script, const char *dflt, char *out,
                        size_t len)
{
    const char *s = script && *script ? script : dflt;

    if (s[0] == '/')
        snprintf(out, len, "%s", s);
    else
        snprintf(out, len, "%s/%s", LIBXL__SCRIPT_DIR, s);
}

/* ---- writing a device ---- */

static bool write_kvs(struct xs_handle *xs, xs_transaction_t t,
                      const char *dir, const struct libxl__kv *kv, size_t n,
                      const struct xs_permissions *perms, unsigned nperms,
                      char *failed, size_t flen)
{
    char path[400];

    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, kv[i].key);
        if (!xs_write(xs, t, path, kv[i].val, (unsigned)strlen(kv[i].val)) ||
            (perms && !xs_set_permissions(xs, t, path,
                                          (struct xs_permissions *)perms,
                                          nperms))) {
            snprintf(failed, flen, "write %s", path);
            return false;
        }
    }
    return true;
}

int libxl__device_write(libxl_ctx *ctx, const struct libxl__dev *d,
                        const struct libxl__kv *back, size_t nback,
                        const struct libxl__kv *front, size_t nfront,
                        const struct libxl__kv *ro_front, size_t nro)
{
    struct libxl__dev_paths p;
    struct xs_permissions fe_perms[2] = {
        { .id = d->domid, .perms = XS_PERM_NONE },
        { .id = d->backend_domid, .perms = XS_PERM_READ },
    };
    struct xs_permissions be_perms[2] = {
        { .id = d->backend_domid, .perms = XS_PERM_NONE },
        { .id = d->domid, .perms = XS_PERM_READ },
    };
    char failed[450];

    libxl__dev_paths(d, &p);
    for (int attempt = 0; attempt < 16; attempt++) {
        xs_transaction_t t = xs_transaction_start(ctx->xs);
        unsigned len;
        char *old;
        bool ok;
        struct libxl__kv links[2] = {
            { "frontend", p.fe }, { "backend", p.be },
        };

        if (t == XBT_NULL)
            return libxl__fail(ctx, -errno, "xenstore transaction");
        old = xs_read(ctx->xs, t, p.lx, &len);
        if (old) {
            free(old);
            xs_transaction_end(ctx->xs, t, true);
            return libxl__fail_plain(ctx, -EEXIST, "domain %u already has "
                                     "%s device %u", d->domid,
                                     libxl__kind_name(d->kind), d->devid);
        }
        failed[0] = '\0';
        ok = xs_mkdir(ctx->xs, t, p.lx) &&
             write_kvs(ctx->xs, t, p.lx, links, 2, NULL, 0, failed,
                       sizeof(failed)) &&
             write_kvs(ctx->xs, t, p.lx, back, nback, NULL, 0, failed,
                       sizeof(failed));
        /* Frontend: the guest's directory, dom0 reads. */
        ok = ok && (xs_rm(ctx->xs, t, p.fe) || errno == ENOENT) &&
             xs_mkdir(ctx->xs, t, p.fe) &&
             xs_set_permissions(ctx->xs, t, p.fe, fe_perms, 2) &&
             write_kvs(ctx->xs, t, p.fe, &links[1], 1, NULL, 0, failed,
                       sizeof(failed)) &&
             write_kvs(ctx->xs, t, p.fe, front, nfront, NULL, 0, failed,
                       sizeof(failed)) &&
             write_kvs(ctx->xs, t, p.fe, ro_front, nro, be_perms, 2, failed,
                       sizeof(failed));
        /* Backend: dom0's directory, the guest reads. */
        ok = ok && (xs_rm(ctx->xs, t, p.be) || errno == ENOENT) &&
             xs_mkdir(ctx->xs, t, p.be) &&
             xs_set_permissions(ctx->xs, t, p.be, be_perms, 2) &&
             write_kvs(ctx->xs, t, p.be, links, 1, NULL, 0, failed,
                       sizeof(failed)) &&
             write_kvs(ctx->xs, t, p.be, back, nback, NULL, 0, failed,
                       sizeof(failed));
        if (!ok) {
            int e = errno;

            xs_transaction_end(ctx->xs, t, true);
            return libxl__fail(ctx, -e, "xenstore %s",
                               failed[0] ? failed : p.be);
        }
        if (xs_transaction_end(ctx->xs, t, false))
            return 0;
        if (errno != EAGAIN)
            return libxl__fail(ctx, -errno, "xenstore transaction commit");
    }
    return libxl__fail_plain(ctx, -EAGAIN, "xenstore transaction kept "
                             "conflicting");
}

/* ---- waiting for a state ---- */

int libxl__wait_state(libxl_ctx *ctx, const char *dir, int want,
                      int timeout_ms, int *last)
{
    char path[320], token[64];
    struct timespec t0;
    int rc = -ETIMEDOUT;

    snprintf(path, sizeof(path), "%s/state", dir);
    snprintf(token, sizeof(token), "devstate-%d", (int)getpid());
    if (!xs_watch(ctx->xs, path, token))
        return -errno;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    *last = -1;
    for (;;) {
        unsigned len;
        char *v = xs_read(ctx->xs, XBT_NULL, path, &len);
        struct pollfd p = { .fd = xs_fileno(ctx->xs), .events = POLLIN };
        long left;

        if (!v) {
            rc = -ENOENT;       /* the directory went away */
            break;
        }
        *last = atoi(v);
        free(v);
        if (*last == want) {
            rc = 0;
            break;
        }
        left = timeout_ms - ms_since(&t0);
        if (left <= 0)
            break;
        /* Watch events may be for other paths: re-read at 500 ms too. */
        if (poll(&p, 1, left > 500 ? 500 : (int)left) > 0)
            free(xs_check_watch(ctx->xs));
    }
    xs_unwatch(ctx->xs, path, token);
    return rc;
}

/* ---- hotplug scripts ---- */

/*
 * Runs SCRIPT ACTION [EXTRA] for device D with Xen's environment
 * (script, XENBUS_TYPE, XENBUS_PATH relative to dom0's home,
 * XENBUS_BASE_PATH, and for a vif: vif, netdev), stdin /dev/null,
 * stdout and stderr on ours, at most LIBXL__HOTPLUG_TIMEOUT_MS.
 * 0 on exit status 0; else -EIO with the reason (the script's
 * hotplug-error node when it wrote one) in WHY.
 */
static int run_script(libxl_ctx *ctx, const struct libxl__dev *d,
                      const char *script, const char *action,
                      char *why, size_t whylen)
{
    struct libxl__dev_paths p;
    const char *k = libxl__kind_name(d->kind);
    char xbpath[96], vif[32], *netdev = NULL, *herr;
    struct timespec t0;
    int status = 0, nullfd;
    pid_t pid;
    bool timed_out = false;

    libxl__dev_paths(d, &p);
    snprintf(xbpath, sizeof(xbpath), "backend/%s/%u/%u", k, d->domid,
             d->devid);
    snprintf(vif, sizeof(vif), "vif%u.%u", d->domid, d->devid);
    if (d->kind == LIBXL__DEV_VIF)
        netdev = libxl__xs_readf(ctx, "%s/gatewaydev", p.be);
    if (access(script, X_OK) != 0) {
        snprintf(why, whylen, "hotplug script %s: %s", script,
                 strerror(errno));
        free(netdev);
        return -ENOENT;
    }
    nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    pid = fork();
    if (pid == 0) {
        char *argv[4] = { (char *)script, (char *)action, NULL, NULL };

        if (nullfd >= 0)
            dup2(nullfd, 0);
        dup2(2, 1);
        setenv("script", script, 1);
        setenv("XENBUS_TYPE", k, 1);
        setenv("XENBUS_PATH", xbpath, 1);
        setenv("XENBUS_BASE_PATH", "backend", 1);
        if (d->kind == LIBXL__DEV_VIF) {
            argv[2] = "type_if=vif";
            setenv("vif", vif, 1);
            setenv("netdev", netdev ? netdev : "", 1);
        }
        execve(script, argv, environ);
        fprintf(stderr, "cannot run %s: %s\n", script, strerror(errno));
        _exit(127);
    }
    if (nullfd >= 0)
        close(nullfd);
    free(netdev);
    if (pid < 0) {
        snprintf(why, whylen, "fork: %s", strerror(errno));
        return -errno;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        struct timespec nap = { 0, 20 * 1000000 };

        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            status = -1;
            break;
        }
        if (!timed_out && ms_since(&t0) > LIBXL__HOTPLUG_TIMEOUT_MS) {
            kill(pid, SIGKILL);
            timed_out = true;
        }
        nanosleep(&nap, NULL);
    }
    if (!timed_out && status == 0)
        return 0;
    herr = libxl__xs_readf(ctx, "%s/hotplug-error", p.be);
    if (timed_out)
        snprintf(why, whylen, "%s %s did not finish within %d s", script,
                 action, LIBXL__HOTPLUG_TIMEOUT_MS / 1000);
    else if (herr && *herr)
        snprintf(why, whylen, "%s %s failed: %s", script, action, herr);
    else if (WIFEXITED(status))
        snprintf(why, whylen, "%s %s failed with status %d", script, action,
                 WEXITSTATUS(status));
    else
        snprintf(why, whylen, "%s %s was killed by signal %d", script, action,
                 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    free(herr);
    return -EIO;
}

/* ---- connect ---- */

int libxl__device_connect(libxl_ctx *ctx, const struct libxl__dev *d,
                          const char *what)
{
    struct libxl__dev_paths p;
    char why[512], *script;
    int last, rc;

    libxl__dev_paths(d, &p);
    rc = libxl__wait_state(ctx, p.be, XenbusStateInitWait,
                           LIBXL__INIT_TIMEOUT_MS, &last);
    if (rc) {
        const char *drv = d->kind == LIBXL__DEV_VBD ? "xen-blkback"
                                                    : "xen-netback";
        rc = libxl__fail_plain(ctx, rc == -ETIMEDOUT ? -ETIMEDOUT : -EIO,
                               "%s: the backend did not reach InitWait "
                               "within %d s (state %d; is %s loaded in "
                               "domain 0?)", what,
                               LIBXL__INIT_TIMEOUT_MS / 1000, last, drv);
        goto undo;
    }
    if (d->backend_domid != 0)
        return 0;       /* a driver domain runs its own scripts */
    script = libxl__xs_readf(ctx, "%s/script", p.be);
    if (!script) {
        rc = libxl__fail_plain(ctx, -EIO, "%s: no script node in %s", what,
                               p.be);
        goto undo;
    }
    rc = run_script(ctx, d, script,
                    d->kind == LIBXL__DEV_VBD ? "add" : "online", why,
                    sizeof(why));
    free(script);
    if (rc) {
        rc = libxl__fail_plain(ctx, rc, "%s: %s", what, why);
        goto undo;
    }
    return 0;

undo:
    {
        /* Take down this device; the reason stays the first error. */
        char saved[sizeof(ctx->err)];

        memcpy(saved, ctx->err, sizeof(saved));
        libxl__device_disconnect(ctx, d, true, NULL);
        memcpy(ctx->err, saved, sizeof(saved));
    }
    return rc;
}

/* ---- disconnect ---- */

static void rm_paths(libxl_ctx *ctx, const struct libxl__dev_paths *p)
{
    for (int attempt = 0; attempt < 16; attempt++) {
        xs_transaction_t t = xs_transaction_start(ctx->xs);

        if (t == XBT_NULL)
            return;
        xs_rm(ctx->xs, t, p->fe);
        xs_rm(ctx->xs, t, p->be);
        xs_rm(ctx->xs, t, p->lx);
        if (xs_transaction_end(ctx->xs, t, false) || errno != EAGAIN)
            break;
    }
    /* Empty parents (backend/vbd/<domid>, /libxl/N/device/vbd) too. */
    for (int i = 0; i < 2; i++) {
        const char *full = i == 0 ? p->be : p->lx;
        char parent[300];
        char *slash;
        unsigned n = 0;
        char **ents;

        snprintf(parent, sizeof(parent), "%s", full);
        slash = strrchr(parent, '/');
        if (!slash)
            continue;
        *slash = '\0';
        ents = xs_directory(ctx->xs, XBT_NULL, parent, &n);
        if (ents && n == 0)
            xs_rm(ctx->xs, XBT_NULL, parent);
        free(ents);
    }
}

/* online = ONLINE, and state = STATE unless it is Closed already. */
static int set_online_state(libxl_ctx *ctx, const char *be, const char *online,
                            int state, bool rm_fe, const char *fe,
                            bool *exists)
{
    char path[320], sv[8];

    snprintf(sv, sizeof(sv), "%d", state);
    for (int attempt = 0; attempt < 16; attempt++) {
        xs_transaction_t t = xs_transaction_start(ctx->xs);
        unsigned len;
        char *cur;
        bool ok = true;

        if (t == XBT_NULL)
            return -errno;
        if (rm_fe)
            xs_rm(ctx->xs, t, fe);
        snprintf(path, sizeof(path), "%s/state", be);
        cur = xs_read(ctx->xs, t, path, &len);
        *exists = cur != NULL;
        if (cur) {
            if (atoi(cur) != XenbusStateClosed)
                ok = xs_write(ctx->xs, t, path, sv, (unsigned)strlen(sv));
            snprintf(path, sizeof(path), "%s/online", be);
            ok = ok && xs_write(ctx->xs, t, path, online,
                                (unsigned)strlen(online));
        }
        free(cur);
        if (!ok) {
            int e = errno;
            xs_transaction_end(ctx->xs, t, true);
            return -e;
        }
        if (xs_transaction_end(ctx->xs, t, false))
            return 0;
        if (errno != EAGAIN)
            return -errno;
    }
    return -EAGAIN;
}

int libxl__device_disconnect(libxl_ctx *ctx, const struct libxl__dev *d,
                             bool force, const char *what)
{
    struct libxl__dev_paths p;
    char why[512], *script, *oldstate;
    bool exists = false;
    int last = -1, rc;

    libxl__dev_paths(d, &p);
    oldstate = libxl__xs_readf(ctx, "%s/state", p.be);
    rc = set_online_state(ctx, p.be, "0", XenbusStateClosing, force, p.fe,
                          &exists);
    if (rc) {
        free(oldstate);
        return libxl__fail(ctx, rc, "closing %s", p.be);
    }
    if (exists) {
        rc = libxl__wait_state(ctx, p.be, XenbusStateClosed,
                               LIBXL__DESTROY_TIMEOUT_MS, &last);
        if (rc == -ETIMEDOUT && !force) {
            /* The guest did not let go: leave the device as it was. */
            bool e2;
            int st = oldstate ? atoi(oldstate) : XenbusStateConnected;

            set_online_state(ctx, p.be, "1", st, false, p.fe, &e2);
            free(oldstate);
            return libxl__fail_plain(ctx, -EBUSY, "%s: domain %u did not "
                                     "release it within %d s (state %d): "
                                     "it is busy or the guest does not "
                                     "answer; -f forces the detach",
                                     what ? what : p.be, d->domid,
                                     LIBXL__DESTROY_TIMEOUT_MS / 1000, last);
        }
        if (rc == -ETIMEDOUT) {
            /* Forced: without its frontend the backend gives up. */
            set_online_state(ctx, p.be, "0", XenbusStateClosing, true, p.fe,
                             &exists);
            libxl__wait_state(ctx, p.be, XenbusStateClosed,
                              LIBXL__DESTROY_TIMEOUT_MS, &last);
        }
    }
    free(oldstate);
    rc = 0;
    script = libxl__xs_readf(ctx, "%s/script", p.lx);
    if (script && d->backend_domid == 0) {
        /* A failing remove is reported but the removal goes on. */
        if (run_script(ctx, d, script,
                       d->kind == LIBXL__DEV_VBD ? "remove" : "offline",
                       why, sizeof(why)))
            rc = libxl__fail_plain(ctx, -EIO, "%s: %s", what ? what : p.be,
                                   why);
    }
    free(script);
    rm_paths(ctx, &p);
    return rc;
}

/* ---- all devices of a domain ---- */

/*
 * Detach d (domid, kind, devid set) as the user asked: the backend is
 * where /libxl recorded it at attach; `what` names the device in errors.
 */
int libxl__device_remove(libxl_ctx *ctx, struct libxl__dev *d, bool force,
                         const char *what)
{
    char *be = libxl__xs_readf(ctx, "/libxl/%u/device/%s/%u/backend",
                               d->domid, libxl__kind_name(d->kind),
                               d->devid);
    unsigned bd;

    if (!be)
        return libxl__fail_plain(ctx, -ENOENT, "domain %u has no %s",
                                 d->domid, what);
    if (sscanf(be, "/local/domain/%u/", &bd) == 1 && bd < 0x7ff0)
        d->backend_domid = bd;
    free(be);
    return libxl__device_disconnect(ctx, d, force, what);
}

int libxl__device_list_ids(libxl_ctx *ctx, uint32_t domid,
                           enum libxl__dev_kind kind, uint32_t **ids,
                           unsigned *n)
{
    char path[96];
    char **ents;
    unsigned cnt = 0;

    *ids = NULL;
    *n = 0;
    snprintf(path, sizeof(path), "/libxl/%u/device/%s", domid,
             libxl__kind_name(kind));
    ents = xs_directory(ctx->xs, XBT_NULL, path, &cnt);
    if (!ents)
        return 0;
    *ids = calloc(cnt + 1, sizeof(**ids));
    if (!*ids) {
        free(ents);
        return -ENOMEM;
    }
    for (unsigned i = 0; i < cnt; i++) {
        char *end;
        unsigned long v = strtoul(ents[i], &end, 10);

        if (*ents[i] && !*end && v <= UINT32_MAX)
            (*ids)[(*n)++] = (uint32_t)v;
    }
    free(ents);
    /* Ascending order, so output and teardown are stable. */
    for (unsigned i = 1; i < *n; i++)
        for (unsigned j = i; j > 0 && (*ids)[j - 1] > (*ids)[j]; j--) {
            uint32_t tmp = (*ids)[j];
            (*ids)[j] = (*ids)[j - 1];
            (*ids)[j - 1] = tmp;
        }
    return 0;
}

void *libxl__device_list_alloc(libxl_ctx *ctx, uint32_t domid,
                               enum libxl__dev_kind kind, size_t elem,
                               uint32_t **ids, unsigned *n)
{
    void *l;
    int rc;

    if (!libxl__xs(ctx)) {
        libxl__fail(ctx, -errno, "cannot connect to xenstored");
        return NULL;
    }
    if ((rc = libxl__device_list_ids(ctx, domid, kind, ids, n))) {
        libxl__fail(ctx, rc, "listing the %s devices of domain %u",
                    libxl__kind_name(kind), domid);
        return NULL;
    }
    l = calloc(*n + 1, elem);
    if (!l) {
        free(*ids);
        libxl__fail(ctx, -ENOMEM, "out of memory");
    }
    return l;
}

int libxl__devices_destroy(libxl_ctx *ctx, uint32_t domid)
{
    int first = 0;

    if (!libxl__xs(ctx))
        return -EIO;
    /* Reverse of creation: vifs, then disks. */
    for (int k = 1; k >= 0; k--) {
        uint32_t *ids;
        unsigned n;

        if (libxl__device_list_ids(ctx, domid, (enum libxl__dev_kind)k, &ids,
                                   &n))
            continue;
        for (unsigned i = n; i-- > 0;) {
            struct libxl__dev d = { .kind = (enum libxl__dev_kind)k,
                                    .domid = domid, .devid = ids[i] };
            char *be = libxl__xs_readf(ctx, "/libxl/%u/device/%s/%u/backend",
                                       domid, libxl__kind_name(d.kind),
                                       ids[i]);
            unsigned bd;

            if (be && sscanf(be, "/local/domain/%u/", &bd) == 1)
                d.backend_domid = bd;
            free(be);
            int rc = libxl__device_disconnect(ctx, &d, true, NULL);
            if (rc && !first)
                first = rc;
        }
        free(ids);
    }
    return first;
}

/* ---- every device of a new domain (used by libxl_create.c) ---- */

int libxl__devices_check(libxl_ctx *ctx, const struct xl_domain_config *dc)
{
    int rc;

    for (size_t i = 0; i < dc->ndisks; i++)
        if ((rc = libxl__disk_check(ctx, &dc->disks[i])))
            return rc;
    for (size_t i = 0; i < dc->nnics; i++)
        if ((rc = libxl__nic_check(ctx, &dc->nics[i])))
            return rc;
    return 0;
}

int libxl__devices_add(libxl_ctx *ctx, const struct xl_domain_config *dc,
                       uint32_t domid)
{
    int rc = 0;

    for (size_t i = 0; i < dc->ndisks && !rc; i++)
        rc = libxl_device_disk_add(ctx, domid, &dc->disks[i]);
    for (size_t i = 0; i < dc->nnics && !rc; i++)
        rc = libxl_device_nic_add(ctx, domid, &dc->nics[i], NULL);
    if (rc) {
        /* Everything attached so far goes again, newest first. */
        char saved[sizeof(ctx->err)];

        memcpy(saved, ctx->err, sizeof(saved));
        libxl__devices_destroy(ctx, domid);
        memcpy(ctx->err, saved, sizeof(saved));
    }
    return rc;
}

/* SPDX-License-Identifier: MIT */
/*
 * xenconsoled - the console backend daemon.
 *
 * For every domain that has a PV console (/local/domain/N/console with
 * ring-ref and port, type absent or "xenconsoled") it maps the console
 * page (grant reference 0 through gntdev, else the frame named by
 * ring-ref through privcmd), binds the console event channel, opens a
 * pty and records the pty's path in console/tty.  Guest output goes to
 * the pty (and to DIR/guest-NAME.log with --log=guest); what a client
 * types on the pty goes into the guest's input ring.
 *
 * Domains are found by watching @introduceDomain and @releaseDomain and
 * listing the hypervisor's domains (XEN_SYSCTL_getdomaininfolist); a
 * domain that is dying or no longer listed is torn down.  One thread,
 * one poll() loop.  Nothing a guest writes into its page is trusted
 * (ring.c), output waiting for a slow or absent reader is bounded
 * (struct cbuf), and a guest that signals too often is rate-limited by
 * leaving its event channel masked for the rest of a period.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "hv.h"
#include "public/grant_table.h"
#include "opts.h"
#include "pty.h"
#include "ring.h"

#define XENOLITH_VERSION "xenconsoled (Xenolith) 0.1"

/* Events a domain may send per period before its channel stays masked
 * until the period ends (the figures Xen 4.17 uses). */
#define RATE_ALLOWANCE 30
#define RATE_PERIOD_MS 200

struct dom {
    struct dom *next;
    unsigned domid;
    char *conspath;             /* /local/domain/N/console */
    char token[16];             /* "domN" */
    unsigned last_seen;

    struct xencons_interface *intf;
    int via_gnttab;             /* mapped with gntdev (else foreign) */
    uint64_t gnt_index;
    long long ring_ref;         /* frame mapped through privcmd, or -1 */

    int evtchn_fd;              /* own /dev/xen/evtchn handle, or -1 */
    uint32_t local_port;
    long long remote_port;      /* -1 when unbound */
    int event_count;
    bool masked;                /* left masked by the rate limit */
    long long next_period;

    struct cons_pty pty;
    struct cbuf buf;
    int log_fd;
    bool log_needts;
    uint64_t bad_indices;
    uint64_t reported_drops;
};

static struct consd_opts opt;
static struct xs_handle *xs;
static struct hv *hv;
static int gnt_fd = -1;
static struct dom *doms;
static unsigned enum_pass;
static volatile sig_atomic_t got_term, got_hup;

static int hv_evt_fd = -1;
static uint32_t hv_evt_port;
static int hv_log_fd = -1;
static bool hv_log_needts = true;
static uint32_t hv_log_index;

static void say(int prio, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(int prio, const char *fmt, ...)
{
    va_list ap;

    if (prio == LOG_DEBUG && !opt.verbose)
        return;
    va_start(ap, fmt);
    if (opt.interactive) {
        fputs("xenconsoled: ", stderr);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    } else {
        vsyslog(prio, fmt, ap);
    }
    va_end(ap);
}

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- logs ---- */

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Writes DATA, with "[YYYY-mm-dd HH:MM:SS] " before each line when TS. */
static int log_write(int fd, const char *data, size_t n, bool ts,
                     bool *needts)
{
    char stamp[32];
    size_t slen = 0;

    if (!ts)
        return write_all(fd, data, n);
    {
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        slen = strftime(stamp, sizeof(stamp), "[%Y-%m-%d %H:%M:%S] ", &tm);
    }
    while (n) {
        const char *nl = memchr(data, '\n', n);
        size_t len = nl ? (size_t)(nl - data) + 1 : n;

        if (*needts && write_all(fd, stamp, slen) < 0)
            return -1;
        if (write_all(fd, data, len) < 0)
            return -1;
        *needts = nl != NULL;
        data += len;
        n -= len;
    }
    return 0;
}

static int open_log(const char *name)
{
    char path[PATH_MAX];
    int fd;

    if ((size_t)snprintf(path, sizeof(path), "%s/%s", opt.log_dir, name)
            >= sizeof(path))
        return -1;
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        say(LOG_ERR, "cannot open log %s: %s", path, strerror(errno));
    return fd;
}

static void dom_open_log(struct dom *d)
{
    char path[64], file[300];
    char *name;
    unsigned len = 0;

    if (!(opt.log & CONSD_LOG_GUEST) || d->log_fd >= 0)
        return;
    snprintf(path, sizeof(path), "/local/domain/%u/name", d->domid);
    name = xs_read(xs, XBT_NULL, path, &len);
    if (!name || !len || len > 256) {
        free(name);
        return;                  /* as Xen: no name, no log */
    }
    /* The name is the toolstack's, but it must not leave the log dir. */
    for (unsigned i = 0; i < len; i++)
        if (name[i] == '/' || name[i] == '\0')
            name[i] = '_';
    snprintf(file, sizeof(file), "guest-%.*s.log", (int)len, name);
    free(name);
    d->log_fd = open_log(file);
    d->log_needts = true;
}

/* ---- hypervisor console (--log=hv) ---- */

static void hv_log_drain(void)
{
    static char chunk[16384];

    for (int rounds = 0; rounds < 64; rounds++) {
        uint32_t count = sizeof(chunk);
        int rc = hv_readconsole(hv, chunk, &count, &hv_log_index, 1, 0);
        if (rc < 0) {
            say(LOG_ERR, "reading the hypervisor console: %s",
                hv_strerror(rc));
            return;
        }
        if (count == 0)
            return;
        if (hv_log_fd >= 0 &&
            log_write(hv_log_fd, chunk, count,
                      opt.timestamp & CONSD_LOG_HV, &hv_log_needts) < 0)
            say(LOG_ERR, "writing hypervisor.log: %s", strerror(errno));
        if (count < sizeof(chunk))
            return;
    }
}

static int hv_log_start(void)
{
    int fd = hv_evtchn_open(), port;

    hv_log_fd = open_log("hypervisor.log");
    if (fd < 0) {
        say(LOG_ERR, "cannot open /dev/xen/evtchn: %s", hv_strerror(fd));
        return -1;
    }
    port = hv_evtchn_bind_virq(fd, VIRQ_CON_RING);
    if (port < 0) {
        say(LOG_ERR, "cannot bind VIRQ_CON_RING: %s", hv_strerror(port));
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    hv_evt_fd = fd;
    hv_evt_port = (uint32_t)port;
    hv_log_drain();             /* what was printed before we started */
    return 0;
}

static void hv_log_event(void)
{
    uint32_t port;

    if (hv_evtchn_pending(hv_evt_fd, &port) < 0)
        return;
    hv_log_drain();
    hv_evtchn_unmask(hv_evt_fd, port);
}

/* ---- one domain ---- */

static struct dom *dom_find(unsigned domid)
{
    for (struct dom *d = doms; d; d = d->next)
        if (d->domid == domid)
            return d;
    return NULL;
}

static void dom_unmap(struct dom *d)
{
    if (!d->intf)
        return;
    if (d->via_gnttab)
        hv_gnttab_unmap(gnt_fd, d->intf, d->gnt_index);
    else
        hv_unmap(d->intf, 1);
    d->intf = NULL;
    d->via_gnttab = 0;
    d->ring_ref = -1;
}

static void dom_unbind(struct dom *d)
{
    if (d->evtchn_fd >= 0)
        close(d->evtchn_fd);    /* closing unbinds the port */
    d->evtchn_fd = -1;
    d->remote_port = -1;
    d->masked = false;
}

static void dom_notify(struct dom *d)
{
    if (d->evtchn_fd >= 0)
        hv_evtchn_notify(d->evtchn_fd, d->local_port);
}

/* Ring -> buffer (and log).  Returns bytes taken. */
static size_t dom_take_output(struct dom *d)
{
    char tmp[CONS_OUT_SIZE];
    size_t n;
    int bad;

    if (!d->intf)
        return 0;
    if (opt.overflow_keep && d->buf.limit - d->buf.len < CONS_OUT_SIZE)
        return 0;               /* leave it in the ring: backpressure */
    n = cons_ring_take_out(d->intf, tmp, &bad);
    if (bad) {
        if (d->bad_indices++ == 0)
            say(LOG_WARNING, "domain %u: console output indices are "
                "garbage; resynchronised", d->domid);
        dom_notify(d);
        return 0;
    }
    if (n == 0)
        return 0;
    dom_notify(d);
    /* The log first: it must not depend on anybody reading the pty. */
    if (d->log_fd >= 0 &&
        log_write(d->log_fd, tmp, n, opt.timestamp & CONSD_LOG_GUEST,
                  &d->log_needts) < 0) {
        say(LOG_ERR, "domain %u: writing its log: %s", d->domid,
            strerror(errno));
        close(d->log_fd);
        d->log_fd = -1;
    }
    if (cbuf_put(&d->buf, tmp, n) < 0)
        say(LOG_ERR, "domain %u: out of memory, output dropped", d->domid);
    if (d->buf.dropped >= d->reported_drops + (1u << 20)) {
        say(LOG_DEBUG, "domain %u: %llu bytes of unread output dropped",
            d->domid, (unsigned long long)d->buf.dropped);
        d->reported_drops = d->buf.dropped;
    }
    return n;
}

static int dom_write_tty_node(struct dom *d)
{
    char path[80];

    snprintf(path, sizeof(path), "%s/tty", d->conspath);
    if (!xs_write(xs, XBT_NULL, path, d->pty.path, strlen(d->pty.path))) {
        say(LOG_ERR, "domain %u: cannot write %s: %s", d->domid, path,
            strerror(errno));
        return -1;
    }
    return 0;
}

static int dom_open_pty(struct dom *d)
{
    int rc = cons_pty_open(&d->pty);

    if (rc < 0) {
        say(LOG_ERR, "Failed to create tty for domain-%u (%s)", d->domid,
            strerror(-rc));
        return rc;
    }
    if (dom_write_tty_node(d) < 0) {
        cons_pty_close(&d->pty);
        return -EIO;
    }
    say(LOG_DEBUG, "domain %u: console on %s", d->domid, d->pty.path);
    return 0;
}

/* Reads DIR/NAME as a decimal number; -1 if absent or not a number. */
static long long xs_read_num(const char *dir, const char *name)
{
    char path[96], *v, *end;
    unsigned len = 0;
    long long n;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    v = xs_read(xs, XBT_NULL, path, &len);
    if (!v)
        return -1;
    errno = 0;
    n = strtoll(v, &end, 10);
    if (errno || end == v || *end || n < 0)
        n = -1;
    free(v);
    return n;
}

/*
 * (Re)connects D from its console nodes; called when they change.
 * Idempotent: what is already set up and still matches is kept.
 */
static void dom_setup(struct dom *d)
{
    char path[96], *type;
    long long ref, port, limit = -1;
    int rc;

    ref = xs_read_num(d->conspath, "ring-ref");
    port = xs_read_num(d->conspath, "port");
    if (ref < 0 || port < 0 || port > UINT32_MAX)
        return;                  /* not (yet) a console */
    snprintf(path, sizeof(path), "%s/type", d->conspath);
    type = xs_read(xs, XBT_NULL, path, NULL);
    if (type && strcmp(type, "xenconsoled")) {
        free(type);
        return;                  /* served by someone else (qemu) */
    }
    free(type);
    snprintf(path, sizeof(path), "%s/limit", d->conspath);
    {
        char *l = xs_read(xs, XBT_NULL, path, NULL);
        if (l)
            limit = (long long)cons_parse_limit(l);
        free(l);
    }

    /* A foreign mapping follows ring-ref; a grant mapping does not. */
    if (d->intf && !d->via_gnttab && d->ring_ref != ref)
        dom_unmap(d);
    if (!d->intf && gnt_fd >= 0) {
        d->intf = hv_gnttab_map(gnt_fd, d->domid, GNTTAB_RESERVED_CONSOLE,
                                PROT_READ | PROT_WRITE, &d->gnt_index, &rc);
        if (d->intf) {
            d->via_gnttab = 1;
            d->ring_ref = -1;
        } else {
            say(LOG_DEBUG, "domain %u: grant map failed (%s), trying the "
                "frame", d->domid, hv_strerror(rc));
        }
    }
    if (!d->intf) {
        xen_pfn_t mfn = (xen_pfn_t)ref;
        d->intf = hv_map_foreign(hv, (domid_t)d->domid,
                                 PROT_READ | PROT_WRITE, &mfn, NULL, 1, &rc);
        if (!d->intf) {
            say(LOG_ERR, "domain %u: cannot map console frame %#llx: %s",
                d->domid, ref, hv_strerror(rc));
            return;
        }
        d->via_gnttab = 0;
        d->ring_ref = ref;
    }

    if (d->evtchn_fd < 0 || d->remote_port != port) {
        int fd, lp;

        dom_unbind(d);
        fd = hv_evtchn_open();
        if (fd < 0) {
            say(LOG_ERR, "cannot open /dev/xen/evtchn: %s", hv_strerror(fd));
            return;
        }
        lp = hv_evtchn_bind_interdomain(fd, d->domid, (uint32_t)port);
        if (lp < 0) {
            say(LOG_ERR, "domain %u: cannot bind port %lld: %s", d->domid,
                port, hv_strerror(lp));
            close(fd);
            return;
        }
        fcntl(fd, F_SETFL, O_NONBLOCK);
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        d->evtchn_fd = fd;
        d->local_port = (uint32_t)lp;
        d->remote_port = port;
        d->event_count = 0;
        d->next_period = now_ms() + RATE_PERIOD_MS;
    }

    if (limit >= 0)
        cbuf_set_limit(&d->buf, (size_t)limit);
    if (d->pty.master < 0 && dom_open_pty(d) < 0)
        return;
    dom_open_log(d);
    /* Output written before we were bound raised no event for us. */
    dom_take_output(d);
}

static void dom_new(unsigned domid)
{
    struct dom *d = calloc(1, sizeof(*d));
    char *base;

    if (!d) {
        say(LOG_ERR, "out of memory");
        return;
    }
    d->domid = domid;
    d->evtchn_fd = d->log_fd = -1;
    d->pty.master = d->pty.slave = -1;
    d->remote_port = d->ring_ref = -1;
    cbuf_init(&d->buf, 0);
    snprintf(d->token, sizeof(d->token), "dom%u", domid);
    base = xs_get_domain_path(xs, domid);
    if (!base || asprintf(&d->conspath, "%s/console", base) < 0) {
        free(base);
        free(d);
        return;
    }
    free(base);
    if (!xs_watch(xs, d->conspath, d->token)) {
        say(LOG_ERR, "domain %u: cannot watch %s: %s", domid, d->conspath,
            strerror(errno));
        free(d->conspath);
        free(d);
        return;
    }
    d->next = doms;
    doms = d;
    say(LOG_DEBUG, "new domain %u", domid);
    dom_setup(d);
}

static void dom_destroy(struct dom *d)
{
    struct dom **pp;

    say(LOG_DEBUG, "removing domain %u", d->domid);
    /* Last words still in the ring go to the log. */
    if (d->intf && d->log_fd >= 0)
        dom_take_output(d);
    xs_unwatch(xs, d->conspath, d->token);
    dom_unmap(d);
    dom_unbind(d);
    cons_pty_close(&d->pty);
    if (d->log_fd >= 0)
        close(d->log_fd);
    cbuf_free(&d->buf);
    for (pp = &doms; *pp; pp = &(*pp)->next)
        if (*pp == d) {
            *pp = d->next;
            break;
        }
    free(d->conspath);
    free(d);
}

static bool domain_alive(unsigned domid)
{
    struct xen_domctl_getdomaininfo info;

    return hv_domain_getinfo(hv, (domid_t)domid, &info) == 0 &&
           !(info.flags & XEN_DOMINF_dying);
}

/* Sync our list with the hypervisor's (domains from 1 on). */
static void enum_domains(void)
{
    struct xen_domctl_getdomaininfo info[64];
    uint32_t n, i;
    domid_t next = 1;
    struct dom *d, *nd;

    enum_pass++;
    for (;;) {
        int rc = hv_domain_list(hv, next, 64, info, &n);
        if (rc < 0) {
            say(LOG_ERR, "listing domains: %s", hv_strerror(rc));
            return;              /* keep what we have rather than guess */
        }
        for (i = 0; i < n; i++) {
            unsigned id = info[i].domain;
            if (id < next)
                continue;
            d = dom_find(id);
            if (info[i].flags & XEN_DOMINF_dying) {
                if (d)
                    dom_destroy(d);
                continue;
            }
            if (!d) {
                dom_new(id);
                d = dom_find(id);
            }
            if (d)
                d->last_seen = enum_pass;
        }
        if (n < 64)
            break;
        next = (domid_t)(info[n - 1].domain + 1);
        if (next >= DOMID_FIRST_RESERVED)
            break;
    }
    for (d = doms; d; d = nd) {
        nd = d->next;
        if (d->last_seen != enum_pass)
            dom_destroy(d);
    }
}

/* The pty failed: a new one if the domain lives, else tear down. */
static void dom_pty_broken(struct dom *d, int err)
{
    say(LOG_WARNING, "domain %u: pty %s failed (%s)", d->domid, d->pty.path,
        strerror(-err));
    cons_pty_close(&d->pty);
    if (domain_alive(d->domid))
        dom_open_pty(d);
}

static void dom_tty_in(struct dom *d)
{
    char tmp[512];
    size_t space, put;
    long n;
    int bad;

    if (!d->intf)
        return;
    space = cons_ring_in_space(d->intf, &bad);
    if (bad) {
        if (d->bad_indices++ == 0)
            say(LOG_WARNING, "domain %u: console input indices are "
                "garbage; resynchronised", d->domid);
        cons_ring_put_in(d->intf, tmp, 0, &bad);
        return;
    }
    if (space == 0)
        return;
    n = cons_pty_read(&d->pty, tmp, space < sizeof(tmp) ? space : sizeof(tmp));
    if (n < 0) {
        dom_pty_broken(d, (int)n);
        return;
    }
    if (n == 0)
        return;
    put = cons_ring_put_in(d->intf, tmp, (size_t)n, &bad);
    if (put < (size_t)n)
        say(LOG_DEBUG, "domain %u: %zu input bytes lost", d->domid,
            (size_t)n - put);
    dom_notify(d);
}

static void dom_tty_out(struct dom *d)
{
    const char *p;
    size_t run;
    long n;

    while ((run = cbuf_peek(&d->buf, &p)) > 0) {
        n = cons_pty_write(&d->pty, p, run);
        if (n < 0) {
            dom_pty_broken(d, (int)n);
            return;
        }
        if (n == 0)
            break;
        cbuf_consume(&d->buf, (size_t)n);
        if ((size_t)n < run)
            break;
    }
    cbuf_shrink(&d->buf);
    /* With backpressure, output left in the ring can move now. */
    if (opt.overflow_keep)
        dom_take_output(d);
}

static void dom_ring_event(struct dom *d)
{
    uint32_t port;

    if (hv_evtchn_pending(d->evtchn_fd, &port) < 0)
        return;
    d->event_count++;
    dom_take_output(d);
    if (d->event_count < RATE_ALLOWANCE)
        hv_evtchn_unmask(d->evtchn_fd, port);
    else
        d->masked = true;       /* until the period ends */
}

/* ---- xenstore ---- */

static void handle_xs(void)
{
    char **vec;

    while ((vec = xs_check_watch(xs))) {
        const char *tok = vec[XS_WATCH_TOKEN];
        unsigned id;
        char extra;

        if (!strcmp(tok, "domlist")) {
            enum_domains();
        } else if (sscanf(tok, "dom%u%c", &id, &extra) == 1) {
            struct dom *d = dom_find(id);
            if (d)
                dom_setup(d);
        }
        free(vec);
    }
}

/* ---- main loop ---- */

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        got_hup = 1;
    else
        got_term = 1;
}

static void reopen_logs(void)
{
    for (struct dom *d = doms; d; d = d->next) {
        if (d->log_fd >= 0)
            close(d->log_fd);
        d->log_fd = -1;
        dom_open_log(d);
    }
    if (opt.log & CONSD_LOG_HV) {
        if (hv_log_fd >= 0)
            close(hv_log_fd);
        hv_log_fd = open_log("hypervisor.log");
    }
}

enum { SLOT_XS, SLOT_HV, SLOT_EVT, SLOT_PTY };

static int run(void)
{
    struct pollfd *fds = NULL;
    struct dom **owner = NULL;
    int *kind = NULL;
    size_t cap = 0;
    int xsfd = xs_fileno(xs);

    if (xsfd < 0) {
        say(LOG_ERR, "no xenstore descriptor");
        return 1;
    }
    while (!got_term) {
        size_t nfds = 0, ndoms = 0, i;
        long long now = now_ms(), next = -1;
        int timeout, ret;
        struct dom *d, *nd;

        if (got_hup) {
            got_hup = 0;
            reopen_logs();
        }
        for (d = doms; d; d = d->next)
            ndoms++;
        if (cap < 2 * ndoms + 2) {
            cap = 2 * ndoms + 18;
            free(fds); free(owner); free(kind);
            fds = calloc(cap, sizeof(*fds));
            owner = calloc(cap, sizeof(*owner));
            kind = calloc(cap, sizeof(*kind));
            if (!fds || !owner || !kind) {
                say(LOG_ERR, "out of memory");
                return 1;
            }
        }
#define ADD(fd_, ev_, k_, o_) do { fds[nfds].fd = (fd_); \
        fds[nfds].events = (ev_); fds[nfds].revents = 0; kind[nfds] = (k_); \
        owner[nfds] = (o_); nfds++; } while (0)
        ADD(xsfd, POLLIN, SLOT_XS, NULL);
        if (hv_evt_fd >= 0)
            ADD(hv_evt_fd, POLLIN, SLOT_HV, NULL);
        for (d = doms; d; d = d->next) {
            short ev = 0;
            int dummy;

            if (d->evtchn_fd >= 0) {
                if (now + 5 >= d->next_period) {
                    d->next_period = now + RATE_PERIOD_MS;
                    d->event_count = 0;
                    if (d->masked) {
                        d->masked = false;
                        dom_take_output(d);
                        hv_evtchn_unmask(d->evtchn_fd, d->local_port);
                    }
                }
                if (d->masked) {
                    if (next < 0 || d->next_period < next)
                        next = d->next_period;
                } else {
                    ADD(d->evtchn_fd, POLLIN, SLOT_EVT, d);
                }
            }
            if (d->pty.master >= 0) {
                if (d->intf && cons_ring_in_space(d->intf, &dummy) > 0)
                    ev |= POLLIN;
                if (d->buf.len)
                    ev |= POLLOUT;
                if (ev)
                    ADD(d->pty.master, ev, SLOT_PTY, d);
            }
        }
#undef ADD
        timeout = -1;
        if (next >= 0)
            timeout = next > now ? (int)(next - now) : 1;
        ret = poll(fds, nfds, timeout);
        if (ret < 0) {
            if (errno == EINTR)
                continue;
            say(LOG_ERR, "poll: %s", strerror(errno));
            break;
        }
        if (ret == 0)
            continue;
        /* Domains may go away while handling: fds first, xenstore last. */
        for (i = 0; i < nfds; i++) {
            short re = fds[i].revents;
            if (!re)
                continue;
            d = owner[i];
            switch (kind[i]) {
            case SLOT_HV:
                hv_log_event();
                break;
            case SLOT_EVT:
                if (re & (POLLERR | POLLNVAL)) {
                    say(LOG_WARNING, "domain %u: event channel failed",
                        d->domid);
                    dom_unbind(d);  /* rebound if its nodes change */
                } else if (re & POLLIN) {
                    dom_ring_event(d);
                }
                break;
            case SLOT_PTY:
                if (re & (POLLERR | POLLNVAL)) {
                    dom_pty_broken(d, -EIO);
                    break;
                }
                if (re & POLLIN)
                    dom_tty_in(d);
                if ((re & POLLOUT) && d->pty.master >= 0)
                    dom_tty_out(d);
                break;
            default:
                break;
            }
        }
        if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
            say(LOG_ERR, "lost the xenstore connection");
            break;
        }
        if (fds[0].revents & POLLIN)
            handle_xs();
        (void)nd;
    }
    free(fds); free(owner); free(kind);
    return got_term ? 0 : 1;
}

static int write_pid_file(const char *path)
{
    char buf[32];
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int n;

    if (fd < 0)
        return -1;
    n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
    if (write_all(fd, buf, (size_t)n) < 0) {
        close(fd);
        return -1;
    }
    return close(fd);
}

int main(int argc, char **argv)
{
    char err[256];
    struct sigaction sa;
    int rc;

    if (consd_parse_args(argc, argv, &opt, err, sizeof(err)) < 0) {
        fprintf(stderr, "xenconsoled: %s\n", err);
        fprintf(stderr, "Try '%s --help'.\n", argv[0]);
        return 2;
    }
    if (opt.help) {
        consd_usage(stdout, argv[0]);
        return 0;
    }
    if (opt.version) {
        puts(XENOLITH_VERSION);
        return 0;
    }
    if (!opt.interactive) {
        if (daemon(0, 0) < 0) {
            perror("xenconsoled: daemon");
            return 1;
        }
        openlog("xenconsoled", LOG_PID, LOG_DAEMON);
    }
    if (opt.pid_file && write_pid_file(opt.pid_file) < 0) {
        say(LOG_ERR, "cannot write %s: %s", opt.pid_file, strerror(errno));
        return 1;
    }

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (opt.log) {
        if (mkdir(opt.log_dir, 0755) < 0 && errno != EEXIST)
            say(LOG_WARNING, "cannot create %s: %s", opt.log_dir,
                strerror(errno));
    }
    rc = hv_open(&hv);
    if (rc < 0) {
        say(LOG_ERR, "cannot open /dev/xen/privcmd: %s", hv_strerror(rc));
        return 1;
    }
    xs = xs_open(0);
    if (!xs) {
        say(LOG_ERR, "cannot connect to xenstore: %s", strerror(errno));
        return 1;
    }
    gnt_fd = hv_gnttab_open();
    if (gnt_fd < 0)
        say(LOG_DEBUG, "no gntdev (%s): mapping frames instead",
            hv_strerror(gnt_fd));
    if ((opt.log & CONSD_LOG_HV) && hv_log_start() < 0)
        say(LOG_WARNING, "hypervisor console not logged");
    if (!xs_watch(xs, "@introduceDomain", "domlist") ||
        !xs_watch(xs, "@releaseDomain", "domlist")) {
        say(LOG_ERR, "cannot watch domain changes: %s", strerror(errno));
        return 1;
    }
    enum_domains();
    rc = run();

    while (doms)
        dom_destroy(doms);
    if (opt.pid_file)
        unlink(opt.pid_file);
    xs_close(xs);
    hv_close(hv);
    return rc;
}

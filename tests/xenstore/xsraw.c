/*
 * xsraw.c - raw xenstore protocol client for tests/xenstore/run.sh.
 *
 * Speaks the wire protocol directly (no libxenstore) so that it can send
 * what a well-behaved library never would, and plays a guest domain on a
 * ring in a shared file (xenstored --test-ring-dir).  Each sub-command
 * prints one line per check: "ok <what>" or "not ok <what>: <detail>".
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "io/xs_wire.h"

static int failures;

static void check(int cond, const char *what, const char *detail)
{
    if (cond)
        printf("ok %s\n", what);
    else {
        printf("not ok %s: %s\n", what, detail ? detail : "");
        failures++;
    }
}

static int sock_connect(const char *path)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        perror("connect");
        exit(2);
    }
    return fd;
}

/* ---- a transport: socket fd or ring ---- */
struct xport {
    int fd;
    struct xenstore_domain_interface *ring;
};

static void ring_put(struct xenstore_domain_interface *r, const void *p,
                     size_t len)
{
    const char *s = p;
    while (len) {
        uint32_t cons = __atomic_load_n(&r->req_cons, __ATOMIC_ACQUIRE);
        uint32_t prod = r->req_prod;
        size_t space = XENSTORE_RING_SIZE - (prod - cons);
        if (!space) {
            usleep(1000);
            continue;
        }
        size_t n = len < space ? len : space;
        for (size_t i = 0; i < n; i++)
            r->req[MASK_XENSTORE_IDX(prod + i)] = s[i];
        __atomic_store_n(&r->req_prod, prod + (uint32_t)n, __ATOMIC_RELEASE);
        s += n;
        len -= n;
    }
}

static int ring_get(struct xenstore_domain_interface *r, void *p, size_t len)
{
    char *d = p;
    for (int spins = 0; len; ) {
        uint32_t prod = __atomic_load_n(&r->rsp_prod, __ATOMIC_ACQUIRE);
        uint32_t cons = r->rsp_cons;
        if (prod == cons) {
            if (++spins > 3000)
                return -1;          /* 3 s without a reply */
            usleep(1000);
            continue;
        }
        size_t n = prod - cons < len ? prod - cons : len;
        for (size_t i = 0; i < n; i++)
            d[i] = r->rsp[MASK_XENSTORE_IDX(cons + i)];
        __atomic_store_n(&r->rsp_cons, cons + (uint32_t)n, __ATOMIC_RELEASE);
        d += n;
        len -= n;
    }
    return 0;
}

static void x_send(struct xport *x, uint32_t type, uint32_t tx,
                   const void *payload, uint32_t len)
{
    struct xsd_sockmsg h = { type, 7, tx, len };
    if (x->ring) {
        ring_put(x->ring, &h, sizeof(h));
        ring_put(x->ring, payload, len);
    } else {
        if (write(x->fd, &h, sizeof(h)) != sizeof(h) ||
            (len && write(x->fd, payload, len) != (ssize_t)len))
            perror("write");
    }
}

/* Reads one message; skips watch events unless want_event.  Returns the
 * type, or -1 on EOF/timeout. */
static int x_recv(struct xport *x, char *buf, uint32_t *len, bool want_event)
{
    for (;;) {
        struct xsd_sockmsg h;
        if (x->ring) {
            if (ring_get(x->ring, &h, sizeof(h)) ||
                h.len > XENSTORE_PAYLOAD_MAX ||
                ring_get(x->ring, buf, h.len))
                return -1;
        } else {
            struct pollfd p = { x->fd, POLLIN, 0 };
            if (poll(&p, 1, 3000) <= 0)
                return -1;
            size_t got = 0;
            while (got < sizeof(h)) {
                ssize_t r = read(x->fd, (char *)&h + got, sizeof(h) - got);
                if (r <= 0)
                    return -1;
                got += (size_t)r;
            }
            if (h.len > XENSTORE_PAYLOAD_MAX)
                return -1;
            for (got = 0; got < h.len;) {
                ssize_t r = read(x->fd, buf + got, h.len - got);
                if (r <= 0)
                    return -1;
                got += (size_t)r;
            }
        }
        buf[h.len] = '\0';
        *len = h.len;
        if (h.type == XS_WATCH_EVENT && !want_event)
            continue;
        return (int)h.type;
    }
}

/* Sends a request built from NUL-separated args; returns the reply text
 * ("E..." names for errors) in a static buffer. */
static const char *req(struct xport *x, uint32_t type, uint32_t tx,
                       const char *a, const char *b)
{
    static char out[XENSTORE_PAYLOAD_MAX + 1];
    char p[XENSTORE_PAYLOAD_MAX];
    uint32_t len = 0;
    if (a) {
        len = (uint32_t)strlen(a) + 1;
        memcpy(p, a, len);
    }
    if (b) {
        uint32_t bl = (uint32_t)strlen(b) + (type == XS_WRITE ? 0 : 1);
        memcpy(p + len, b, bl);
        len += bl;
    }
    x_send(x, type, tx, p, len);
    uint32_t rl;
    int t = x_recv(x, out, &rl, false);
    if (t < 0)
        return "(no reply)";
    return out;
}

/* ---- hostile socket cases ---- */

static bool alive(const char *sock)
{
    struct xport x = { sock_connect(sock), NULL };
    const char *r = req(&x, XS_READ, 0, "/hostile/keep", NULL);
    bool ok = !strcmp(r, "precious");
    close(x.fd);
    return ok;
}

static void hostile(const char *sock)
{
    struct xport x = { sock_connect(sock), NULL };
    check(!strcmp(req(&x, XS_WRITE, 0, "/hostile/keep", "precious"), "OK"),
          "setup write", NULL);
    close(x.fd);

    /* Oversized length: the connection is closed. */
    x.fd = sock_connect(sock);
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
    if (write(x.fd, &h, sizeof(h)) < 0)
        perror("write");
    char buf[XENSTORE_PAYLOAD_MAX + 1];
    uint32_t len;
    check(x_recv(&x, buf, &len, false) < 0, "oversized length closes", NULL);
    close(x.fd);
    check(alive(sock), "alive after oversized length", NULL);

    /* Missing NUL, unknown type, bad arguments: error replies. */
    x.fd = sock_connect(sock);
    x_send(&x, XS_READ, 0, "/hostile/keep", 13);
    int t = x_recv(&x, buf, &len, false);
    check(t == XS_ERROR && !strcmp(buf, "EINVAL"), "missing NUL -> EINVAL",
          buf);
    x_send(&x, 99, 0, "x", 2);
    t = x_recv(&x, buf, &len, false);
    check(t == XS_ERROR && !strcmp(buf, "EINVAL"), "unknown type -> EINVAL",
          buf);
    x_send(&x, XS_ERROR, 0, "x", 2);
    t = x_recv(&x, buf, &len, false);
    check(t == XS_ERROR, "client-sent ERROR -> error", buf);
    check(!strcmp(req(&x, XS_READ, 0, "//bad//path", NULL), "EINVAL"),
          "bad path -> EINVAL", NULL);
    check(!strcmp(req(&x, XS_READ, 0, "/a/", NULL), "EINVAL"),
          "trailing slash -> EINVAL", NULL);
    check(!strcmp(req(&x, XS_READ, 12345, "/hostile/keep", NULL), "ENOENT"),
          "unknown transaction -> ENOENT", NULL);
    check(!strcmp(req(&x, XS_TRANSACTION_END, 0, "T", NULL), "ENOENT"),
          "end without transaction -> ENOENT", NULL);
    check(!strcmp(req(&x, XS_SET_PERMS, 0, "/hostile/keep", "q7"),
                  "EINVAL"), "bad permission -> EINVAL", NULL);
    check(!strcmp(req(&x, XS_RM, 0, "/", NULL), "EINVAL"),
          "rm / -> EINVAL", NULL);
    check(!strcmp(req(&x, XS_UNWATCH, 0, "/nowatch", "tok"), "ENOENT"),
          "unwatch unknown -> ENOENT", NULL);
    check(!strcmp(req(&x, XS_RELEASE, 0, "77", NULL), "ENOENT"),
          "release unknown domain -> ENOENT", NULL);
    close(x.fd);

    /* Disconnect in the middle of a header, then of a payload. */
    x.fd = sock_connect(sock);
    if (write(x.fd, &h, 7) < 0)
        perror("write");
    close(x.fd);
    x.fd = sock_connect(sock);
    struct xsd_sockmsg h2 = { XS_WRITE, 1, 0, 100 };
    if (write(x.fd, &h2, sizeof(h2)) < 0 || write(x.fd, "/hostile/keep", 14) < 0)
        perror("write");
    close(x.fd);
    check(alive(sock), "alive after mid-message disconnects", NULL);

    /* Many requests, replies never read, then gone. */
    x.fd = sock_connect(sock);
    int fl = fcntl(x.fd, F_GETFL);
    fcntl(x.fd, F_SETFL, fl | O_NONBLOCK);
    for (int i = 0; i < 20000; i++) {
        struct xsd_sockmsg r = { XS_READ, (uint32_t)i, 0, 14 };
        char m[sizeof(r) + 14];
        memcpy(m, &r, sizeof(r));
        memcpy(m + sizeof(r), "/hostile/keep", 14);
        if (write(x.fd, m, sizeof(m)) < 0)
            break;
    }
    close(x.fd);
    check(alive(sock), "alive after unread flood", NULL);

    /* Random garbage. */
    srand(1);
    for (int round = 0; round < 50; round++) {
        x.fd = sock_connect(sock);
        char g[512];
        for (size_t i = 0; i < sizeof(g); i++)
            g[i] = (char)rand();
        if (round & 1) {        /* plausible header, garbage payload */
            struct xsd_sockmsg *gh = (struct xsd_sockmsg *)g;
            gh->type = (uint32_t)(rand() % 24);
            gh->len = (uint32_t)(rand() % 400);
            gh->tx_id = 0;
        }
        if (write(x.fd, g, sizeof(g)) < 0)
            perror("write");
        close(x.fd);
    }
    check(alive(sock), "alive after garbage", NULL);
}

/* ---- a guest domain on a ring ---- */

static struct xenstore_domain_interface *make_ring(const char *dir, int dom)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/ring-%d", dir, dom);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, 4096) != 0) {
        perror(path);
        exit(2);
    }
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(2);
    }
    return p;
}

static void guest(const char *sock, const char *dir, int dom)
{
    struct xport d0 = { sock_connect(sock), NULL };
    struct xport g = { -1, make_ring(dir, dom) };
    char num[16], home[64], perm[16];
    snprintf(num, sizeof(num), "%d", dom);
    snprintf(home, sizeof(home), "/local/domain/%d", dom);
    snprintf(perm, sizeof(perm), "n%d", dom);

    /* The toolstack's part: home owned by the domain, then INTRODUCE. */
    check(!strcmp(req(&d0, XS_MKDIR, 0, home, NULL), "OK"), "mkdir home",
          NULL);
    check(!strcmp(req(&d0, XS_SET_PERMS, 0, home, perm), "OK"),
          "home owned by guest", NULL);
    check(!strcmp(req(&d0, XS_WATCH, 0, "@introduceDomain", "intro"), "OK"),
          "watch @introduceDomain", NULL);
    check(!strcmp(req(&d0, XS_WATCH, 0, "@releaseDomain", "rel"), "OK"),
          "watch @releaseDomain", NULL);
    char buf[XENSTORE_PAYLOAD_MAX + 1];
    uint32_t len;
    /* Drain the two initial events. */
    x_recv(&d0, buf, &len, true);
    x_recv(&d0, buf, &len, true);
    char intro[64];
    int il = snprintf(intro, sizeof(intro), "%s%c%d%c%d", num, 0, 123, 0, 9);
    x_send(&d0, XS_INTRODUCE, 0, intro, (uint32_t)il + 1);
    int t = x_recv(&d0, buf, &len, false);
    check(t == XS_INTRODUCE && !strcmp(buf, "OK"), "introduce", buf);
    t = x_recv(&d0, buf, &len, true);
    check(t == XS_WATCH_EVENT && !strcmp(buf, "@introduceDomain"),
          "@introduceDomain fired", buf);
    check(!strcmp(req(&d0, XS_IS_DOMAIN_INTRODUCED, 0, num, NULL), "T"),
          "is introduced", NULL);
    check(!strcmp(req(&d0, XS_GET_DOMAIN_PATH, 0, num, NULL), home),
          "domain path", NULL);

    /* The guest over its ring. */
    check(!strcmp(req(&g, XS_WRITE, 0, "data/x", "guestval"), "OK"),
          "guest relative write", NULL);
    char abs[96];
    snprintf(abs, sizeof(abs), "%s/data/x", home);
    check(!strcmp(req(&d0, XS_READ, 0, abs, NULL), "guestval"),
          "dom0 reads guest write", NULL);
    check(!strcmp(req(&g, XS_READ, 0, "/tool", NULL), "EACCES"),
          "guest cannot read /tool", NULL);
    check(!strcmp(req(&g, XS_WRITE, 0, "/evil", "x"), "EACCES"),
          "guest cannot write /evil", NULL);
    check(!strcmp(req(&g, XS_READ, 0, "/hostile/nothere", NULL), "EACCES"),
          "guest learns nothing of hidden paths", NULL);
    check(!strcmp(req(&g, XS_INTRODUCE, 0, "5", NULL), "EACCES"),
          "guest cannot INTRODUCE", NULL);
    char give[16];
    snprintf(give, sizeof(give), "n%d", dom + 1);
    check(!strcmp(req(&g, XS_SET_PERMS, 0, "data/x", give), "EPERM"),
          "guest cannot give a node away", NULL);
    check(!strcmp(req(&g, XS_SET_PERMS, 0, "data/x", "n0\0"), "EPERM"),
          "guest cannot give a node to dom0", NULL);
    /* Relative watch gets relative paths. */
    check(!strcmp(req(&g, XS_WATCH, 0, "data", "gw"), "OK"), "guest watch",
          NULL);
    t = x_recv(&g, buf, &len, true);
    check(t == XS_WATCH_EVENT && !strcmp(buf, "data"),
          "initial relative event", buf);
    req(&d0, XS_WRITE, 0, abs, "changed");
    t = x_recv(&g, buf, &len, true);
    check(t == XS_WATCH_EVENT && !strcmp(buf, "data/x"),
          "relative event path", buf);
    /* Guest transaction. */
    const char *id = req(&g, XS_TRANSACTION_START, 0, "", NULL);
    uint32_t tid = (uint32_t)atoi(id);
    check(tid != 0, "guest transaction start", id);
    check(!strcmp(req(&g, XS_WRITE, tid, "data/t", "1"), "OK"),
          "write in transaction", NULL);
    check(!strcmp(req(&g, XS_TRANSACTION_END, tid, "T", NULL), "OK"),
          "commit", NULL);
    /* Quotas (daemon runs with -E 20 -S 100 -W 4 -t 2). */
    char big[200];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    check(!strcmp(req(&g, XS_WRITE, 0, "data/big", big), "ENOSPC"),
          "node size quota", NULL);
    const char *r = "OK";
    int made = 0;
    for (; made < 40 && !strcmp(r, "OK"); made++) {
        char k[32];
        snprintf(k, sizeof(k), "data/n%d", made);
        r = req(&g, XS_WRITE, 0, k, "v");
    }
    check(!strcmp(r, "ENOSPC") && made <= 21, "node count quota", r);
    int w = 0;
    r = "OK";
    for (; w < 10 && !strcmp(r, "OK"); w++) {
        char k[32];
        snprintf(k, sizeof(k), "tok%d", w);
        r = req(&g, XS_WATCH, 0, "data", k);
    }
    check(!strcmp(r, "E2BIG"), "watch quota", r);
    req(&g, XS_RESET_WATCHES, 0, "", NULL);
    uint32_t t1 = (uint32_t)atoi(req(&g, XS_TRANSACTION_START, 0, "", NULL));
    uint32_t t2 = (uint32_t)atoi(req(&g, XS_TRANSACTION_START, 0, "", NULL));
    r = req(&g, XS_TRANSACTION_START, 0, "", NULL);
    check(t1 && t2 && !strcmp(r, "ENOSPC"), "transaction quota", r);
    req(&g, XS_TRANSACTION_END, t1, "F", NULL);
    req(&g, XS_TRANSACTION_END, t2, "F", NULL);
    /* dom0 is not limited. */
    check(!strcmp(req(&d0, XS_WRITE, 0, "/dom0/big", big), "OK"),
          "dom0 not limited", NULL);

    /* Corrupt ring indexes: the guest's ring stops, the daemon does not. */
    g.ring->req_prod = g.ring->req_cons + 5000;
    usleep(100000);
    check(g.ring->error == XENSTORE_ERROR_RINGIDX, "bad index reported",
          NULL);
    check(alive(sock), "alive after bad ring index", NULL);
    /* The guest asks for a reconnect and is served again. */
    g.ring->connection = XENSTORE_RECONNECT;
    for (int i = 0; i < 300 && g.ring->connection != XENSTORE_CONNECTED; i++)
        usleep(1000);
    check(g.ring->connection == XENSTORE_CONNECTED, "reconnect", NULL);
    check(!strcmp(req(&g, XS_READ, 0, "data/x", NULL), "changed"),
          "served after reconnect", NULL);

    /* Release: nodes owned by the guest go, @releaseDomain fires. */
    check(!strcmp(req(&d0, XS_RELEASE, 0, num, NULL), "OK"), "release",
          NULL);
    t = x_recv(&d0, buf, &len, true);
    check(t == XS_WATCH_EVENT && !strcmp(buf, "@releaseDomain"),
          "@releaseDomain fired", buf);
    check(!strcmp(req(&d0, XS_READ, 0, home, NULL), "ENOENT"),
          "guest nodes removed", NULL);
    check(!strcmp(req(&d0, XS_IS_DOMAIN_INTRODUCED, 0, num, NULL), "F"),
          "no longer introduced", NULL);
    check(alive(sock), "alive after release", NULL);
}

int main(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[1], "hostile"))
        hostile(argv[2]);
    else if (argc >= 5 && !strcmp(argv[1], "guest"))
        guest(argv[2], argv[3], atoi(argv[4]));
    else {
        fprintf(stderr, "usage: xsraw hostile SOCK | guest SOCK DIR DOMID\n");
        return 2;
    }
    return failures ? 1 : 0;
}

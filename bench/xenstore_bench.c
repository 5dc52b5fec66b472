/*
 * xenstore_bench.c - xenstore figures and test helpers, run inside dom0.
 *
 * Built against our <xenstore.h> and linked to libxenstore.so.4, so the
 * same binary talks to any daemon (ours, Xen's C xenstored, oxenstored)
 * and runs on either library (the API and symbol version are the same).
 * Times come from clock_gettime(CLOCK_MONOTONIC): busybox date has no %N.
 *
 *   xenstore_bench run NAME REP PID   all figures for the daemon NAME
 *                                     (process PID) as JSON lines
 *                                     "XENOLITH-BENCH {...}" on stdout
 *   xenstore_bench introduced DOMID   prints T or F (XS_IS_DOMAIN_INTRODUCED)
 *   xenstore_bench waitwatch PATH SECS  watches PATH, prints each event
 *                                     path until SECS pass; exit 0 if any
 *                                     event after the initial one came
 *   xenstore_bench perms PATH         prints GET_PERMS as "r0 b5 ..."
 *   xenstore_bench setperms PATH P... SET_PERMS (e.g. n0 r3)
 *
 * Environment: XSBENCH_OPS operations per figure (default 2000; a tenth
 * as many transactions, a quarter as many watch round trips),
 * XSBENCH_CLIENTS the concurrency levels (default "1,10,100"),
 * XSBENCH_NODES the fill (default 100000).
 *
 * Throughput: C client processes (1, 10, 100), each with its own socket
 * connection (XS_OPEN_SOCKETONLY), connect first, then start together
 * and do their share of the operations; ops/s = all operations / wall
 * time from the start until the last client has its last reply
 * (connecting and process exit are not counted, for any daemon).
 * Watch latency: each client times a write to its own node until its own
 * watch event arrives (median over all samples, microseconds).  Memory:
 * the daemon's VmRSS after 100,000 nodes, written by one connection that
 * keeps 64 requests in flight (the raw wire protocol: the fill measures
 * the daemon, not the round trip).
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xenstore.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct xs_handle *open_sock(void)
{
    struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);
    if (!h) {
        perror("xs_open");
        exit(3);
    }
    return h;
}

enum op { OP_READ, OP_WRITE, OP_DIR, OP_TX, OP_WATCH, OP_COUNT };
static const char *op_names[OP_COUNT] = {
    "read", "write", "directory", "transaction10", "watch_latency"
};

/* One client's connections, opened (and its watch set up) before the
 * clock starts: the figures count operations, not connecting. */
struct client {
    struct xs_handle *h, *w;
    char path[128];
    int setup_bad;
};

static void client_setup(struct client *cl, enum op op, int id)
{
    cl->h = open_sock();
    cl->w = NULL;
    cl->setup_bad = 0;
    if (op == OP_TX) {
        /* The nodes each transaction rewrites exist before the clock
         * starts, as the read and directory figures' do: otherwise the
         * first transactions of all clients conflict on creating them. */
        for (int k = 0; k < 10; k++) {
            snprintf(cl->path, sizeof(cl->path), "/bench/t/c%d/k%d", id, k);
            if (!xs_write(cl->h, XBT_NULL, cl->path, "0", 1))
                cl->setup_bad = 1;
        }
    }
    if (op != OP_WATCH)
        return;
    cl->w = open_sock();
    snprintf(cl->path, sizeof(cl->path), "/bench/wl/c%d", id);
    xs_write(cl->h, XBT_NULL, cl->path, "0", 1);
    char tok[16];
    snprintf(tok, sizeof(tok), "t%d", id);
    unsigned int num;
    if (!xs_watch(cl->w, cl->path, tok))
        cl->setup_bad = 1;
    else
        free(xs_read_watch(cl->w, &num));   /* the initial event */
}

/* One client's share.  Returns failures; latencies (us) go to lat[]. */
static int client_work(struct client *cl, enum op op, int id, int n,
                       double *lat)
{
    struct xs_handle *h = cl->h, *w = cl->w;
    char path[128], val[32];
    int bad = 0;
    if (cl->setup_bad)
        return n;
    if (op == OP_WATCH)
        memcpy(path, cl->path, sizeof(path));
    for (int i = 0; i < n; i++) {
        switch (op) {
        case OP_READ: {
            snprintf(path, sizeof(path), "/bench/r/k%d", (id * 7 + i) % 100);
            unsigned int len;
            char *v = xs_read(h, XBT_NULL, path, &len);
            bad += !v;
            free(v);
            break;
        }
        case OP_WRITE:
            snprintf(path, sizeof(path), "/bench/w/c%d/k%d", id, i % 100);
            snprintf(val, sizeof(val), "v%d", i);
            bad += !xs_write(h, XBT_NULL, path, val, (unsigned)strlen(val));
            break;
        case OP_DIR: {
            unsigned int num;
            char **d = xs_directory(h, XBT_NULL, "/bench/d", &num);
            bad += !d || num != 10;
            free(d);
            break;
        }
        case OP_TX:
            for (int tries = 0; tries < 20; tries++) {
                xs_transaction_t t = xs_transaction_start(h);
                if (t == XBT_NULL) {
                    bad++;
                    break;
                }
                for (int k = 0; k < 10; k++) {
                    snprintf(path, sizeof(path), "/bench/t/c%d/k%d", id, k);
                    snprintf(val, sizeof(val), "%d", i);
                    xs_write(h, t, path, val, (unsigned)strlen(val));
                }
                if (xs_transaction_end(h, t, false))
                    break;
                if (errno != EAGAIN) {
                    bad++;
                    break;
                }
            }
            break;
        case OP_WATCH: {
            snprintf(val, sizeof(val), "%d", i + 1);
            double t0 = now();
            xs_write(h, XBT_NULL, path, val, (unsigned)strlen(val));
            unsigned int num;
            char **ev = xs_read_watch(w, &num);
            lat[i] = (now() - t0) * 1e6;
            bad += !ev;
            free(ev);
            break;
        }
        default:
            break;
        }
    }
    return bad;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Runs op with nclients processes doing total operations between them;
 * prints one JSON line. */
static void measure(const char *daemon, int rep, enum op op, int nclients,
                    int total)
{
    int per = total / nclients;
    if (per < 5)
        per = 5;
    int go[2];
    if (pipe(go)) {
        perror("pipe");
        exit(3);
    }
    /* Results: per client its failures, the time it finished, then its
     * latencies, in memory shared with the children. */
    size_t slot = sizeof(double) * (size_t)(per + 2);
    size_t shlen = slot * (size_t)nclients;
    double *sh = mmap(NULL, shlen, PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        perror("mmap");
        exit(3);
    }
    /* Each client connects, then tells it is ready on `ready`, then waits
     * for the start signal (EOF on `go`). */
    int ready[2];
    if (pipe(ready)) {
        perror("pipe");
        exit(3);
    }
    pid_t *kids = calloc((size_t)nclients, sizeof(pid_t));
    for (int c = 0; c < nclients; c++) {
        pid_t p = fork();
        if (p == 0) {
            close(go[1]);
            close(ready[0]);
            struct client cl;
            client_setup(&cl, op, c);
            char b = 'r';
            if (write(ready[1], &b, 1) != 1)
                _exit(3);
            if (read(go[0], &b, 1) != 0)    /* the start signal (EOF) */
                (void)0;
            double *mine = sh + (size_t)c * (size_t)(per + 2);
            mine[0] = client_work(&cl, op, c, per, mine + 2);
            mine[1] = now();
            if (cl.w)
                xs_close(cl.w);
            xs_close(cl.h);
            _exit(0);
        }
        kids[c] = p;
    }
    close(go[0]);
    close(ready[1]);
    /* A client that dies before it is ready must not stall the run: wait
     * at most 60 s for the others (the dead one's figures count as
     * failures below). */
    for (int c = 0; c < nclients; c++) {
        struct pollfd pf = { ready[0], POLLIN, 0 };
        char b;
        if (poll(&pf, 1, 60000) != 1 || read(ready[0], &b, 1) != 1)
            break;
    }
    close(ready[0]);
    usleep(20000);                      /* let every client reach read() */
    double t0 = now();
    close(go[1]);                       /* start */
    for (int c = 0; c < nclients; c++)
        waitpid(kids[c], NULL, 0);
    /* Wall time: from the start to the last client's last reply (not to
     * its exit). */
    double end = t0;
    int bad = 0, nlat = 0;
    double *lat = calloc((size_t)nclients * (size_t)per, sizeof(double));
    for (int c = 0; c < nclients; c++) {
        double *r = sh + (size_t)c * (size_t)(per + 2);
        if (r[1] == 0)
            bad += per;                 /* never finished */
        bad += (int)r[0];
        if (r[1] > end)
            end = r[1];
        if (op == OP_WATCH)
            for (int i = 0; i < per; i++)
                lat[nlat++] = r[2 + i];
    }
    double wall = end - t0;
    munmap(sh, shlen);
    int ops = per * nclients;
    printf("XENOLITH-BENCH {\"daemon\":\"%s\",\"rep\":%d,\"op\":\"%s\","
           "\"clients\":%d,\"ops\":%d,\"failures\":%d,\"seconds\":%.3f",
           daemon, rep, op_names[op], nclients, ops, bad, wall);
    if (op == OP_WATCH && nlat > 0) {
        qsort(lat, (size_t)nlat, sizeof(double), cmp_double);
        printf(",\"latency_us_median\":%.0f,\"latency_us_p90\":%.0f",
               lat[nlat / 2], lat[(nlat * 9) / 10]);
    } else {
        printf(",\"ops_per_s\":%.1f", (double)ops / wall);
    }
    printf("}\n");
    fflush(stdout);
    free(lat);
    free(kids);
}

/* ---- the 100,000-node fill, pipelined on the raw protocol ---- */

static long rss_kb(int pid)
{
    char p[64], line[256];
    snprintf(p, sizeof(p), "/proc/%d/status", pid);
    FILE *f = fopen(p, "r");
    long kb = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, "VmRSS:", 6))
            kb = strtol(line + 6, NULL, 10);
    fclose(f);
    return kb;
}

static int fill(int nodes)
{
    const char *sp = getenv("XENSTORED_PATH");
    const char *rd = getenv("XENSTORED_RUNDIR");
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    if (sp && *sp)
        snprintf(a.sun_path, sizeof(a.sun_path), "%s", sp);
    else
        snprintf(a.sun_path, sizeof(a.sun_path), "%s/socket",
                 rd && *rd ? rd : "/var/run/xenstored");
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0)
        return -1;
    int sent = 0, done = 0, errors = 0;
    char rbuf[65536];
    size_t rgot = 0;
    while (done < nodes) {
        /* Keep up to 64 requests in flight. */
        char out[64 * 96];
        size_t ol = 0;
        while (sent < nodes && sent - done < 64) {
            char body[80];
            int pl = snprintf(body, sizeof(body), "/fill/d%03d/n%04d",
                              sent / 1000, sent % 1000) + 1;
            int vl = snprintf(body + pl, sizeof(body) - (size_t)pl,
                              "value-%06d", sent);
            struct xsd_sockmsg h = { XS_WRITE, (uint32_t)sent + 1, 0,
                                     (uint32_t)(pl + vl) };
            memcpy(out + ol, &h, sizeof(h));
            memcpy(out + ol + sizeof(h), body, (size_t)(pl + vl));
            ol += sizeof(h) + (size_t)(pl + vl);
            sent++;
        }
        for (size_t off = 0; off < ol;) {
            ssize_t w = write(fd, out + off, ol - off);
            if (w <= 0)
                return -1;
            off += (size_t)w;
        }
        ssize_t r = read(fd, rbuf + rgot, sizeof(rbuf) - rgot);
        if (r <= 0)
            return -1;
        rgot += (size_t)r;
        size_t off = 0;
        while (rgot - off >= sizeof(struct xsd_sockmsg)) {
            struct xsd_sockmsg h;
            memcpy(&h, rbuf + off, sizeof(h));
            if (rgot - off < sizeof(h) + h.len)
                break;
            if (h.type == XS_ERROR)
                errors++;
            off += sizeof(h) + h.len;
            done++;
        }
        memmove(rbuf, rbuf + off, rgot - off);
        rgot -= off;
    }
    close(fd);
    return errors;
}

static int run(const char *daemon, int rep, int pid)
{
    struct xs_handle *h = open_sock();
    char path[64];
    for (int i = 0; i < 100; i++) {
        snprintf(path, sizeof(path), "/bench/r/k%d", i);
        xs_write(h, XBT_NULL, path, "a-value-to-read", 15);
    }
    for (int i = 0; i < 10; i++) {
        snprintf(path, sizeof(path), "/bench/d/entry%d", i);
        xs_write(h, XBT_NULL, path, "", 0);
    }
    xs_close(h);
    long rss0 = rss_kb(pid);
    int clients[8] = { 1, 10, 100 }, nc = 3;
    const char *cl = getenv("XSBENCH_CLIENTS");     /* e.g. "1,10" */
    if (cl && *cl) {
        nc = 0;
        for (char *e; *cl && nc < 8; cl = *e ? e + 1 : e) {
            clients[nc] = (int)strtol(cl, &e, 10);
            if (clients[nc] > 0)
                nc++;
        }
    }
    const char *scale = getenv("XSBENCH_OPS");
    int total = scale ? atoi(scale) : 2000;
    for (int c = 0; c < nc; c++) {
        measure(daemon, rep, OP_READ, clients[c], total);
        measure(daemon, rep, OP_WRITE, clients[c], total);
        measure(daemon, rep, OP_DIR, clients[c], total);
        measure(daemon, rep, OP_TX, clients[c], total / 10);
        measure(daemon, rep, OP_WATCH, clients[c], total / 4);
    }
    const char *fn = getenv("XSBENCH_NODES");
    int nodes = fn ? atoi(fn) : 100000;
    double t0 = now();
    int errs = fill(nodes);
    double t = now() - t0;
    long rss1 = rss_kb(pid);
    printf("XENOLITH-BENCH {\"daemon\":\"%s\",\"rep\":%d,\"op\":\"fill\","
           "\"nodes\":%d,\"errors\":%d,\"seconds\":%.3f,\"ops_per_s\":%.1f,"
           "\"rss_kb_before\":%ld,\"rss_kb_after\":%ld}\n",
           daemon, rep, nodes, errs, t, nodes / t, rss0, rss1);
    fflush(stdout);
    return errs < 0;
}

int main(int argc, char **argv)
{
    if (argc >= 5 && !strcmp(argv[1], "run"))
        return run(argv[2], atoi(argv[3]), atoi(argv[4]));
    if (argc == 3 && !strcmp(argv[1], "introduced")) {
        struct xs_handle *h = open_sock();
        printf("%s\n", xs_is_domain_introduced(h, (unsigned)atoi(argv[2]))
                       ? "T" : "F");
        return 0;
    }
    if (argc == 4 && !strcmp(argv[1], "waitwatch")) {
        struct xs_handle *h = xs_open(0);
        if (!h || !xs_watch(h, argv[2], "w"))
            return 3;
        int fd = xs_fileno(h), events = 0;
        double end = now() + atof(argv[3]);
        while (now() < end) {
            fd_set s;
            FD_ZERO(&s);
            FD_SET(fd, &s);
            struct timeval tv = { 0, 100000 };
            if (select(fd + 1, &s, NULL, NULL, &tv) <= 0)
                continue;
            char **ev;
            while ((ev = xs_check_watch(h))) {
                printf("%s\n", ev[XS_WATCH_PATH]);
                fflush(stdout);
                events++;
                free(ev);
            }
        }
        return events > 1 ? 0 : 1;
    }
    if (argc == 3 && !strcmp(argv[1], "perms")) {
        struct xs_handle *h = xs_open(0);
        unsigned int n;
        struct xs_permissions *p = h ? xs_get_permissions(h, XBT_NULL,
                                                          argv[2], &n) : NULL;
        if (!p) {
            printf("error %s\n", strerror(errno));
            return 1;
        }
        for (unsigned int i = 0; i < n; i++) {
            char c = "nrwb"[p[i].perms & 3];
            printf("%s%c%u", i ? " " : "", c, p[i].id);
        }
        printf("\n");
        return 0;
    }
    if (argc >= 4 && !strcmp(argv[1], "setperms")) {
        struct xs_handle *h = xs_open(0);
        unsigned int n = (unsigned)(argc - 3);
        struct xs_permissions *p = calloc(n, sizeof(*p));
        for (unsigned int i = 0; i < n; i++) {
            const char *s = argv[3 + i];
            p[i].id = (unsigned)atoi(s + 1);
            p[i].perms = s[0] == 'r' ? XS_PERM_READ : s[0] == 'w'
                         ? XS_PERM_WRITE : s[0] == 'b'
                         ? XS_PERM_READ | XS_PERM_WRITE : XS_PERM_NONE;
        }
        if (!h || !xs_set_permissions(h, XBT_NULL, argv[2], p, n)) {
            printf("error %s\n", strerror(errno));
            return 1;
        }
        return 0;
    }
    fprintf(stderr, "usage: see the comment at the top of %s\n", __FILE__);
    return 2;
}

/*
 * main.c - xenstored: options, start-up and the event loop.
 *
 * Single-threaded: every request runs to completion before the next one,
 * which is what makes transaction commits atomic without locks.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "conn.h"
#include "conn_socket.h"
#include "domain.h"
#include "domstate.h"
#include "log.h"
#include "quota.h"
#include "tree.h"
#include "watch.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void usage(FILE *f)
{
    fprintf(f,
"Usage: xenstored [options]\n"
"\n"
"  -D, --no-domain-init       run without a hypervisor (no dom0 ring)\n"
"  -F, --pid-file FILE        write the daemon's pid to FILE\n"
"  -H, --help                 show this help\n"
"  -N, --no-fork              stay in the foreground\n"
"  -P, --output-pid           print the daemon's pid on stdout\n"
"  -T, --trace-file FILE      trace every message to FILE\n"
"  -E, --entry-nb N           nodes a domain may own (default 1000)\n"
"  -S, --entry-size N         bytes in one node (default 2048)\n"
"  -W, --watch-nb N           watches per domain (default 128)\n"
"  -t, --transaction N        open transactions per domain (default 10)\n"
"  -A, --perm-nb N            permission entries per node (default 5)\n"
"  -M, --path-max N           path bytes below a domain's home (default 2048)\n"
"  -Q, --quota WHAT=N         set a limit: nodes, node-size, watches,\n"
"                             transactions, perms, path-max, outstanding,\n"
"                             transaction-nodes, memory\n"
"  -q, --quota-soft WHAT=N    accepted for compatibility (no soft quotas)\n"
"  -V, --verbose              more log output (repeat for debug)\n"
"  -l, --log-level N          0 errors .. 3 debug (default 1)\n"
"      --log-file FILE        log to FILE instead of stderr\n"
"      --test-ring-dir DIR    with -D: domain N's ring is the file DIR/ring-N\n"
"\n"
"Sockets go to $XENSTORED_RUNDIR (default /var/run/xenstored): socket and\n"
"socket_ro; $XENSTORED_PATH overrides the read-write socket's path.\n");
}

struct options {
    bool no_init, no_fork, output_pid;
    const char *pid_file, *trace, *log_file, *ring_dir;
};

static unsigned int parse_num(const char *s, const char *what)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || !*s || v == 0 || v > 0x7fffffff) {
        fprintf(stderr, "xenstored: bad value for %s: %s\n", what, s);
        exit(2);
    }
    return (unsigned int)v;
}

static void parse_options(int argc, char **argv, struct options *o)
{
    static const struct option opts[] = {
        { "no-domain-init", 0, NULL, 'D' }, { "pid-file", 1, NULL, 'F' },
        { "help", 0, NULL, 'H' }, { "no-fork", 0, NULL, 'N' },
        { "output-pid", 0, NULL, 'P' }, { "trace-file", 1, NULL, 'T' },
        { "entry-nb", 1, NULL, 'E' }, { "entry-size", 1, NULL, 'S' },
        { "watch-nb", 1, NULL, 'W' }, { "transaction", 1, NULL, 't' },
        { "perm-nb", 1, NULL, 'A' }, { "path-max", 1, NULL, 'M' },
        { "quota", 1, NULL, 'Q' }, { "quota-soft", 1, NULL, 'q' },
        { "verbose", 0, NULL, 'V' }, { "log-level", 1, NULL, 'l' },
        { "log-file", 1, NULL, 1 }, { "test-ring-dir", 1, NULL, 2 },
        { "internal-db", 0, NULL, 'I' },
        { NULL, 0, NULL, 0 },
    };
    int ch;
    while ((ch = getopt_long(argc, argv, "DF:HNPT:E:S:W:t:A:M:Q:q:Vl:I",
                             opts, NULL)) != -1) {
        switch (ch) {
        case 'D': o->no_init = true; break;
        case 'F': o->pid_file = optarg; break;
        case 'H': usage(stdout); exit(0);
        case 'N': o->no_fork = true; break;
        case 'P': o->output_pid = true; break;
        case 'T': o->trace = optarg; break;
        case 'E': quota.nodes = parse_num(optarg, "-E"); break;
        case 'S': quota.node_size = parse_num(optarg, "-S"); break;
        case 'W': quota.watches = parse_num(optarg, "-W"); break;
        case 't': quota.transactions = parse_num(optarg, "-t"); break;
        case 'A': quota.perms = parse_num(optarg, "-A"); break;
        case 'M': quota.path_max = parse_num(optarg, "-M"); break;
        case 'Q':
            if (quota_set(optarg) != 0) {
                fprintf(stderr, "xenstored: bad quota: %s\n", optarg);
                exit(2);
            }
            break;
        case 'q': break;
        case 'V': log_level++; break;
        case 'l': log_level = atoi(optarg); break;
        case 'I': break;
        case 1: o->log_file = optarg; break;
        case 2: o->ring_dir = optarg; break;
        default: usage(stderr); exit(2);
        }
    }
    if (optind != argc) {
        usage(stderr);
        exit(2);
    }
}

static void mkdir_p(const char *dir)
{
    char buf[4096];
    snprintf(buf, sizeof(buf), "%s", dir);
    for (char *s = buf + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            mkdir(buf, 0755);
            *s = '/';
        }
    }
    mkdir(buf, 0755);
}

/* The nodes Xen's xenstored creates at start-up. */
static int setup_tree(void)
{
    static const struct perm p = { 0, PERM_NONE };
    const char *paths[] = { "/tool", "/tool/xenstored" };
    for (size_t i = 0; i < 2; i++) {
        struct node *n = node_new(paths[i], &p, 1);
        char parent[32];
        path_parent(paths[i], parent);
        struct node *pc = node_copy(tree_lookup(parent));
        if (!n || !pc || node_add_child(pc, path_leaf(paths[i])) ||
            tree_install(pc) || tree_install(n))
            return -1;
    }
    return 0;
}

static void daemonize(void)
{
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    if (pid > 0)
        exit(0);
    setsid();
    if (chdir("/") != 0)
        exit(1);
}

static void run_loop(void)
{
    int evfd = domain_event_fd();
    if (evfd >= 0 && socket_watch_fd(evfd) != 0)
        exit(1);
    while (!stop) {
        int timeout = domain_needs_polling() ? 2 : -1;
        int r = socket_wait(timeout);
        if (r < 0) {
            LOGE("epoll_wait: %s", strerror(errno));
            break;
        }
        if (r > 0)
            domain_handle_events();
        if (domain_needs_polling())
            domain_poll_rings();
        else
            domain_flush_output();  /* events raised for other rings */
        socket_flush_all();         /* and for other socket clients */
    }
}

int main(int argc, char **argv)
{
    struct options o = { 0 };
    quota_defaults();
    parse_options(argc, argv, &o);
    log_open(o.log_file);
    if (o.trace) {
        trace_file = fopen(o.trace, "a");
        if (!trace_file)
            LOGW("cannot open trace file %s", o.trace);
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    tree_account = quota_account;
    if (tree_init() || setup_tree() || watch_init()) {
        LOGE("out of memory at start-up");
        return 1;
    }

    const char *rundir = getenv("XENSTORED_RUNDIR");
    if (!rundir || !*rundir)
        rundir = "/var/run/xenstored";
    mkdir_p(rundir);
    char sock[4096], sock_ro[4096];
    const char *env_path = getenv("XENSTORED_PATH");
    snprintf(sock, sizeof(sock), "%s",
             env_path && *env_path ? env_path : "");
    if (!sock[0])
        snprintf(sock, sizeof(sock), "%s/socket", rundir);
    snprintf(sock_ro, sizeof(sock_ro), "%s/socket_ro", rundir);
    if (socket_listen(sock, sock_ro) != 0)
        return 1;

    if (domain_init(o.no_init, o.ring_dir) != 0) {
        socket_close_listeners();
        return 1;
    }
    if (!o.no_init)
        domstate_init();
    if (!o.no_fork)
        daemonize();
    if (o.pid_file) {
        FILE *f = fopen(o.pid_file, "w");
        if (f) {
            fprintf(f, "%d\n", (int)getpid());
            fclose(f);
        }
    }
    if (o.output_pid) {
        printf("%d\n", (int)getpid());
        fflush(stdout);
    }
    LOGI("ready: %s", sock);
    run_loop();
    socket_close_listeners();
    return 0;
}

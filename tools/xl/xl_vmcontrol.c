/* SPDX-License-Identifier: MIT */
/*
 * xl_vmcontrol.c - create (with its per-domain monitor), shutdown,
 * reboot, console, rename, uptime, vcpu-list, vcpu-set, sched-credit.
 *
 * The monitor is what xl leaves behind after "xl create": a daemon per
 * domain that watches @releaseDomain and applies on_poweroff, on_reboot
 * and on_crash (destroy, restart, preserve) when the domain shuts down.
 * A restart builds the domain again from the same config: it gets a new
 * domain id.  The monitor ends when its domain is gone or preserved.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xl.h"
#include "domcfg.h"
#include "xlcfg.h"
#include "public/sched.h"

/* ---- config loading ---- */

/* Adds one KEY=VALUE from the command line; VALUE may lack quotes. */
static int add_override(struct xlcfg *cfg, const char *kv, char *err,
                        size_t errlen)
{
    size_t n = strlen(kv);
    const char *eq = strchr(kv, '=');
    char *text;
    int rc;

    if (!eq || eq == kv) {
        snprintf(err, errlen, "'%s' is not KEY=VALUE", kv);
        return -1;
    }
    text = malloc(n + 4);
    if (!text)
        return -1;
    snprintf(text, n + 4, "%s\n", kv);
    rc = xlcfg_parse_text(cfg, "<command line>", text, strlen(text), err,
                          errlen);
    if (rc) {
        /* name=foo: take the value as a string. */
        size_t kl = (size_t)(eq - kv);
        char *q = malloc(n + 8);

        if (!q) {
            free(text);
            return -1;
        }
        snprintf(q, n + 8, "%.*s=\"%s\"\n", (int)kl, kv, eq + 1);
        if (!strchr(eq + 1, '"'))
            rc = xlcfg_parse_text(cfg, "<command line>", q, strlen(q), err,
                                  errlen);
        free(q);
    }
    free(text);
    return rc;
}

static int load_config(const char *path, char **overrides, int noverrides,
                       struct xl_domain_config *dc, char *err, size_t errlen)
{
    struct xlcfg *cfg = xlcfg_new(path);
    int rc;

    if (!cfg) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    rc = xlcfg_parse_file(cfg, path, err, errlen);
    for (int i = 0; rc == 0 && i < noverrides; i++)
        rc = add_override(cfg, overrides[i], err, errlen);
    if (rc == 0)
        rc = xl_domain_config_from_cfg(dc, cfg, err, errlen);
    xlcfg_free(cfg);
    return rc;
}

/* ---- the monitor ---- */

static void mlog(const char *f, ...) __attribute__((format(printf, 1, 2)));
static void mlog(const char *f, ...)
{
    va_list ap;
    struct timespec t;

    clock_gettime(CLOCK_REALTIME, &t);
    fprintf(stderr, "[%lld.%03ld] ", (long long)t.tv_sec,
            t.tv_nsec / 1000000);
    va_start(ap, f);
    vfprintf(stderr, f, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

static enum xl_action action_for(const struct xl_domain_config *dc,
                                 unsigned reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff: return dc->on_poweroff;
    case SHUTDOWN_reboot:   return dc->on_reboot;
    case SHUTDOWN_crash:    return dc->on_crash;
    default:                return XL_ACTION_DESTROY;
    }
}

/*
 * One restart attempt in a child process: destroy OLD (and a half-made
 * domain of the same name left by an earlier attempt), build the domain
 * again, unpause it; the new id comes back through a pipe.  Running it
 * in a child keeps the monitor alive whatever happens to the attempt.
 */
static uint32_t restart_once(struct xl_domain_config *dc, uint32_t old)
{
    int pfd[2], st;
    uint32_t nd = UINT32_MAX;
    pid_t pid;

    if (pipe(pfd))
        return UINT32_MAX;
    pid = fork();
    if (pid == 0) {
        libxl_ctx *c;
        uint32_t id, other;

        close(pfd[0]);
        if (libxl_ctx_new(&c))
            _exit(1);
        if (libxl_domain_destroy(c, old) && libxl_domain_info(c, old,
                                                              &(libxl_dominfo){0}) == 0) {
            mlog("destroy: %s", libxl_last_error(c));
            _exit(1);
        }
        if (libxl_name_to_domid(c, dc->name, &other) == 0 && other != old) {
            mlog("removing domain %u left by an earlier attempt", other);
            libxl_domain_destroy(c, other);
        }
        if (libxl_domain_create_pv(c, dc, &id)) {
            mlog("restart failed: %s", libxl_last_error(c));
            _exit(2);
        }
        if (libxl_domain_unpause(c, id)) {
            mlog("restart: %s", libxl_last_error(c));
            libxl_domain_destroy(c, id);
            _exit(2);
        }
        if (write(pfd[1], &id, sizeof(id)) != sizeof(id))
            _exit(1);
        _exit(0);
    }
    close(pfd[1]);
    if (pid < 0) {
        close(pfd[0]);
        return UINT32_MAX;
    }
    if (read(pfd[0], &nd, sizeof(nd)) != sizeof(nd))
        nd = UINT32_MAX;
    close(pfd[0]);
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (nd == UINT32_MAX && WIFSIGNALED(st))
        mlog("restart attempt died of signal %d", WTERMSIG(st));
    else if (nd == UINT32_MAX && WIFEXITED(st) && WEXITSTATUS(st) == 2)
        return UINT32_MAX - 1;          /* a real failure: do not retry */
    return nd;
}

static uint32_t restart(struct xl_domain_config *dc, uint32_t old)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        uint32_t nd = restart_once(dc, old);

        if (nd == UINT32_MAX - 1)
            return UINT32_MAX;
        if (nd != UINT32_MAX)
            return nd;
    }
    return UINT32_MAX;
}

static void monitor(struct xl_domain_config *dc, uint32_t domid)
{
    libxl_ctx *ctx;
    static const char *const reasons[] = {
        "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
    };

    if (libxl_ctx_new(&ctx)) {
        mlog("monitor: cannot reach the hypervisor");
        return;
    }
    mlog("monitoring domain %u (%s)", domid, dc->name);
    for (;;) {
        int state = 0;
        unsigned reason = 0;
        enum xl_action a;

        if (libxl_domain_wait_shutdown(ctx, domid, -1, &state, &reason)) {
            mlog("monitor: %s", libxl_last_error(ctx));
            break;
        }
        if (state == 0) {
            mlog("domain %u is gone", domid);
            break;
        }
        if (state == 2) {
            struct timespec ts = { 0, 100 * 1000000 };
            nanosleep(&ts, NULL);
            continue;
        }
        if (reason == SHUTDOWN_suspend) {
            mlog("domain %u suspended; the monitor ends", domid);
            break;
        }
        a = action_for(dc, reason);
        mlog("domain %u shut down (%s): action %s", domid,
             reason < 6 ? reasons[reason] : "?", xl_action_name(a));
        if (a == XL_ACTION_PRESERVE) {
            mlog("domain %u preserved", domid);
            break;
        }
        if (a == XL_ACTION_DESTROY || a == XL_ACTION_COREDUMP_DESTROY ||
            a == XL_ACTION_SOFT_RESET) {
            if (libxl_domain_destroy(ctx, domid))
                mlog("destroy: %s", libxl_last_error(ctx));
            break;
        }
        /* restart (and rename-restart, coredump-restart) */
        {
            uint32_t nd = restart(dc, domid);

            if (nd == UINT32_MAX)
                break;
            mlog("domain restarted as %u", nd);
            domid = nd;
        }
    }
    libxl_ctx_free(ctx);
}

/*
 * Starts the monitor: double fork so it is reparented to init; its
 * output goes to /var/log/xen/xl-NAME.log.  FOREGROUND runs it here.
 */
static int start_monitor(struct xl_domain_config *dc, uint32_t domid,
                         int foreground)
{
    pid_t p;
    int st;

    if (foreground) {
        monitor(dc, domid);
        return 0;
    }
    p = fork();
    if (p < 0)
        return -1;
    if (p == 0) {
        char log[PATH_MAX];
        int fd;

        setsid();
        if (fork() != 0)
            _exit(0);
        mkdir("/var/log/xen", 0755);
        snprintf(log, sizeof(log), "/var/log/xen/xl-%s.log", dc->name);
        fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0)
            fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            dup2(fd, 0);
            close(fd);
        }
        signal(SIGHUP, SIG_IGN);
        monitor(dc, domid);
        _exit(0);
    }
    while (waitpid(p, &st, 0) < 0 && errno == EINTR)
        ;
    return 0;
}

/* ---- console ---- */

/* xenconsole next to this xl, else on PATH (XL_XENCONSOLE overrides). */
static const char *xenconsole_path(char *buf, size_t len)
{
    const char *env = getenv("XL_XENCONSOLE");
    ssize_t n;

    if (env && *env)
        return env;
    n = readlink("/proc/self/exe", buf, len - 1);
    if (n > 0) {
        char *slash;

        buf[n] = '\0';
        slash = strrchr(buf, '/');
        if (slash && (size_t)(slash - buf) + 12 < len) {
            strcpy(slash + 1, "xenconsole");
            if (access(buf, X_OK) == 0)
                return buf;
        }
    }
    return "xenconsole";
}

static void exec_console(uint32_t domid, const char *type, int num,
                         int notify_fd)
{
    char path[PATH_MAX], id[16], n[16], nfd[40];
    const char *exe = xenconsole_path(path, sizeof(path));
    char *args[8];
    int i = 0;

    snprintf(id, sizeof(id), "%u", domid);
    snprintf(n, sizeof(n), "%d", num);
    args[i++] = (char *)exe;
    args[i++] = id;
    args[i++] = "--type";
    args[i++] = (char *)type;
    if (num) {
        args[i++] = "--num";
        args[i++] = n;
    }
    if (notify_fd >= 0) {
        snprintf(nfd, sizeof(nfd), "--start-notify-fd=%d", notify_fd);
        args[i++] = nfd;
    }
    args[i] = NULL;
    execvp(exe, args);
    fprintf(stderr, "xl: console: cannot run %s: %s\n", exe,
            strerror(errno));
    _exit(1);
}

int cmd_console(int argc, char **argv)
{
    const char *type = "pv";
    int num = 0, opt;
    libxl_ctx *ctx;
    uint32_t id;

    if (want_help(argc, argv))
        return 0;
    optind = 1;
    while ((opt = getopt(argc, argv, "t:n:")) != -1) {
        if (opt == 't') {
            if (strcmp(optarg, "pv") && strcmp(optarg, "serial"))
                return usage_error("console type must be pv or serial");
            type = optarg;
        } else if (opt == 'n') {
            num = atoi(optarg);
        } else {
            return usage_error("unknown option");
        }
    }
    if (optind != argc - 1)
        return usage_error("expected one domain");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (find_domain(ctx, argv[optind], &id))
        return report(ctx);
    if (id == 0) {
        fprintf(stderr, "xl: console: domain 0's console is the "
                "hypervisor's serial line\n");
        libxl_ctx_free(ctx);
        return 1;
    }
    {
        libxl_dominfo info;
        if (libxl_domain_info(ctx, id, &info))
            return report(ctx);
    }
    libxl_ctx_free(ctx);
    exec_console(id, type, num, -1);
    return 1;
}

/* ---- create ---- */

int cmd_create(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "console", no_argument, NULL, 'c' },
        { "paused", no_argument, NULL, 'p' },
        { "quiet", no_argument, NULL, 'q' },
        { NULL, 0, NULL, 0 },
    };
    int console = 0, paused = 0, nomon = 0, fg = 0, quiet = 0, opt;
    struct xl_domain_config dc;
    char err[XLCFG_ERRLEN];
    const char *file;
    libxl_ctx *ctx;
    uint32_t domid;

    if (want_help(argc, argv))
        return 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "+cpeFqdf:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'c': console = 1; break;
        case 'p': paused = 1; break;
        case 'e': nomon = 1; break;
        case 'F': fg = 1; break;
        case 'q': quiet = 1; break;
        case 'd': break;
        case 'f': optind--; argv[optind] = optarg; goto files;
        default: return usage_error("unknown option");
        }
    }
files:
    if (optind >= argc)
        return usage_error("expected a config file");
    file = argv[optind];
    if (strchr(file, '=') && access(file, F_OK) != 0)
        return usage_error("expected a config file before KEY=VALUE");
    memset(&dc, 0, sizeof(dc));
    if (!quiet)
        fprintf(stderr, "Parsing config from %s\n", file);
    if (load_config(file, argv + optind + 1, argc - optind - 1, &dc, err,
                    sizeof(err))) {
        fprintf(stderr, "xl: create: %s\n", err);
        return 1;
    }
    if (dc.warnings && !quiet)
        fputs(dc.warnings, stderr);
    ctx = open_ctx();
    if (!ctx) {
        xl_domain_config_dispose(&dc);
        return 1;
    }
    if (libxl_domain_create_pv(ctx, &dc, &domid)) {
        xl_domain_config_dispose(&dc);
        return report(ctx);
    }

    if (console) {
        int pfd[2];
        pid_t child;
        int st = 0;

        if (pipe(pfd))
            pfd[0] = pfd[1] = -1;
        child = fork();
        if (child == 0) {
            if (pfd[0] >= 0)
                close(pfd[0]);
            libxl_ctx_free(ctx);
            exec_console(domid, "pv", 0, pfd[1]);
        }
        if (pfd[1] >= 0)
            close(pfd[1]);
        /* Wait (2 s at most) for the client to be attached. */
        if (child > 0 && pfd[0] >= 0) {
            struct pollfd p = { .fd = pfd[0], .events = POLLIN };
            char c;

            if (poll(&p, 1, 2000) > 0)
                (void)!read(pfd[0], &c, 1);
            close(pfd[0]);
        }
        if (!paused && libxl_domain_unpause(ctx, domid)) {
            int r = report(ctx);
            if (child > 0)
                kill(child, SIGTERM);
            return r;
        }
        if (!nomon) {
            /* The monitor's children must not keep the console around. */
            start_monitor(&dc, domid, 0);
        }
        libxl_ctx_free(ctx);
        if (child < 0)
            return 1;
        while (waitpid(child, &st, 0) < 0 && errno == EINTR)
            ;
        xl_domain_config_dispose(&dc);
        return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
    }

    if (!paused && libxl_domain_unpause(ctx, domid)) {
        int r = report(ctx);
        xl_domain_config_dispose(&dc);
        return r;
    }
    if (!quiet)
        fprintf(stderr, "Started domain %s (id=%u)\n", dc.name, domid);
    libxl_ctx_free(ctx);
    if (!nomon)
        start_monitor(&dc, domid, fg);
    xl_domain_config_dispose(&dc);
    return 0;
}

/* ---- shutdown / reboot ---- */

static int shutdown_common(int argc, char **argv, const char *req)
{
    int wait = 0, all = 0, opt, rc = 0;
    libxl_ctx *ctx;
    uint32_t *ids = NULL;
    int nids = 0;

    if (want_help(argc, argv))
        return 0;
    optind = 1;
    while ((opt = getopt(argc, argv, "waFHR")) != -1) {
        switch (opt) {
        case 'w': wait = 1; break;
        case 'a': all = 1; break;
        case 'F': case 'H': case 'R': break;
        default: return usage_error("unknown option");
        }
    }
    if (all ? optind != argc : optind != argc - 1)
        return usage_error(all ? "-a takes no domain" : "expected one domain");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (all) {
        libxl_dominfo *list;
        int n;

        if (libxl_list_domain(ctx, &list, &n))
            return report(ctx);
        ids = calloc((size_t)n + 1, sizeof(*ids));
        for (int i = 0; ids && i < n; i++)
            if (list[i].domid != 0 && !list[i].shutdown && !list[i].dying)
                ids[nids++] = list[i].domid;
        free(list);
    } else {
        ids = calloc(1, sizeof(*ids));
        if (ids && find_domain(ctx, argv[optind], &ids[0])) {
            free(ids);
            return report(ctx);
        }
        nids = ids ? 1 : 0;
    }
    for (int i = 0; i < nids; i++) {
        if (libxl_domain_shutdown_request(ctx, ids[i], req)) {
            fprintf(stderr, "xl: %s: %s\n", current->name,
                    libxl_last_error(ctx));
            rc = 1;
            ids[i] = UINT32_MAX;
        }
    }
    for (int i = 0; wait && i < nids; i++) {
        int state;
        unsigned reason;

        if (ids[i] == UINT32_MAX)
            continue;
        if (libxl_domain_wait_shutdown(ctx, ids[i], -1, &state, &reason)) {
            fprintf(stderr, "xl: %s: %s\n", current->name,
                    libxl_last_error(ctx));
            rc = 1;
        } else {
            fprintf(stderr, "Domain %u has %s\n", ids[i],
                    state == 0 ? "been destroyed" : "shut down");
        }
    }
    free(ids);
    libxl_ctx_free(ctx);
    return rc;
}

int cmd_shutdown(int argc, char **argv)
{
    return shutdown_common(argc, argv, "poweroff");
}

int cmd_reboot(int argc, char **argv)
{
    return shutdown_common(argc, argv, "reboot");
}

/* ---- rename, uptime ---- */

int cmd_rename(int argc, char **argv)
{
    libxl_ctx *ctx;
    uint32_t id;

    if (want_help(argc, argv))
        return 0;
    if (argc != 3)
        return usage_error("expected a domain and a new name");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (find_domain(ctx, argv[1], &id) || libxl_domain_rename(ctx, id, argv[2]))
        return report(ctx);
    libxl_ctx_free(ctx);
    return 0;
}

static void fmt_uptime(double s, char *out, size_t len)
{
    unsigned long t = (unsigned long)s;
    unsigned long d = t / 86400, h = t / 3600 % 24, m = t / 60 % 60,
                  sec = t % 60;

    if (d)
        snprintf(out, len, "%lu day%s, %2lu:%02lu:%02lu", d, d == 1 ? "" : "s",
                 h, m, sec);
    else
        snprintf(out, len, "%lu:%02lu:%02lu", h, m, sec);
}

int cmd_uptime(int argc, char **argv)
{
    int brief = 0, opt, rc = 0;
    libxl_dominfo *list = NULL;
    libxl_ctx *ctx;
    int n = 0;

    if (want_help(argc, argv))
        return 0;
    optind = 1;
    while ((opt = getopt(argc, argv, "s")) != -1) {
        if (opt == 's')
            brief = 1;
        else
            return usage_error("unknown option");
    }
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (libxl_list_domain(ctx, &list, &n))
        return report(ctx);
    if (!brief)
        printf("%-32s %5s %s\n", "Name", "ID", "Uptime");
    for (int a = optind; a < argc; a++) {
        uint32_t id;
        if (find_domain(ctx, argv[a], &id)) {
            fprintf(stderr, "xl: uptime: %s\n", libxl_last_error(ctx));
            rc = 1;
        }
    }
    for (int i = 0; i < n; i++) {
        int wanted = optind >= argc;
        double s;
        char up[64], *name;

        for (int a = optind; a < argc && !wanted; a++) {
            uint32_t id;
            if (find_domain(ctx, argv[a], &id) == 0 && id == list[i].domid)
                wanted = 1;
        }
        if (!wanted || libxl_domain_uptime(ctx, list[i].domid, &s))
            continue;
        fmt_uptime(s, up, sizeof(up));
        name = libxl_domid_to_name(ctx, list[i].domid);
        printf("%-32s %5u %s\n", name ? name : "-", list[i].domid, up);
        free(name);
    }
    free(list);
    libxl_ctx_free(ctx);
    return rc;
}

/* ---- vCPUs ---- */

int cmd_vcpu_list(int argc, char **argv)
{
    libxl_dominfo *list = NULL;
    libxl_ctx *ctx;
    int n = 0, rc = 0;

    if (want_help(argc, argv))
        return 0;
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (libxl_list_domain(ctx, &list, &n))
        return report(ctx);
    printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
           "State", "Time(s)", "Affinity (Hard / Soft)");
    for (int a = 1; a < argc; a++) {
        uint32_t id;
        if (find_domain(ctx, argv[a], &id)) {
            fprintf(stderr, "xl: vcpu-list: %s\n", libxl_last_error(ctx));
            rc = 1;
        }
    }
    for (int i = 0; i < n; i++) {
        int wanted = argc < 2, nv = 0;
        libxl_vcpuinfo *v = NULL;
        char *name;

        for (int a = 1; a < argc && !wanted; a++) {
            uint32_t id;
            if (find_domain(ctx, argv[a], &id) == 0 && id == list[i].domid)
                wanted = 1;
        }
        if (!wanted)
            continue;
        if (libxl_list_vcpu(ctx, list[i].domid, &v, &nv)) {
            fprintf(stderr, "xl: vcpu-list: %s\n", libxl_last_error(ctx));
            rc = 1;
            continue;
        }
        name = libxl_domid_to_name(ctx, list[i].domid);
        for (int k = 0; k < nv; k++) {
            char cpu[16], st[4];

            if (v[k].online)
                snprintf(cpu, sizeof(cpu), "%u", v[k].cpu);
            else
                snprintf(cpu, sizeof(cpu), "-");
            st[0] = v[k].running ? 'r' : '-';
            st[1] = v[k].blocked ? 'b' : '-';
            st[2] = v[k].online ? '-' : 'p';
            st[3] = '\0';
            printf("%-32s %5u %5u %5s %5s %9.1f %s\n", name ? name : "-",
                   list[i].domid, v[k].vcpu, cpu, st,
                   v[k].cpu_time_ns / 1e9, "all / all");
        }
        free(name);
        free(v);
    }
    free(list);
    libxl_ctx_free(ctx);
    return rc;
}

int cmd_vcpu_set(int argc, char **argv)
{
    libxl_ctx *ctx;
    uint32_t id;
    char *end;
    unsigned long count;

    if (want_help(argc, argv))
        return 0;
    if (argc != 3)
        return usage_error("expected a domain and a vCPU count");
    count = strtoul(argv[2], &end, 10);
    if (!*argv[2] || *end || count == 0 || count > 4096)
        return usage_error("the count must be a positive number");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (find_domain(ctx, argv[1], &id) ||
        libxl_set_vcpuonline(ctx, id, (unsigned)count))
        return report(ctx);
    libxl_ctx_free(ctx);
    return 0;
}

/* ---- scheduler ---- */

int cmd_sched_credit(int argc, char **argv)
{
    const char *dom = NULL;
    int weight = -1, cap = -1, opt;
    libxl_dominfo *list = NULL;
    libxl_ctx *ctx;
    int n = 0;

    if (want_help(argc, argv))
        return 0;
    optind = 1;
    while ((opt = getopt(argc, argv, "d:w:c:p:")) != -1) {
        switch (opt) {
        case 'd': dom = optarg; break;
        case 'w': weight = atoi(optarg); break;
        case 'c': cap = atoi(optarg); break;
        case 'p': break;        /* cpupool: there is one */
        default: return usage_error("unknown option");
        }
    }
    if (optind != argc)
        return usage_error("unexpected argument");
    if ((weight >= 0 || cap >= 0) && !dom)
        return usage_error("-w and -c need -d DOMAIN");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (dom && (weight >= 0 || cap >= 0)) {
        uint32_t id;
        if (find_domain(ctx, dom, &id) ||
            libxl_sched_set(ctx, id, weight, cap))
            return report(ctx);
        libxl_ctx_free(ctx);
        return 0;
    }
    if (libxl_list_domain(ctx, &list, &n))
        return report(ctx);
    {
        uint32_t only = UINT32_MAX;
        int header = 0;

        if (dom && find_domain(ctx, dom, &only)) {
            free(list);
            return report(ctx);
        }
        for (int i = 0; i < n; i++) {
            libxl_sched_params p;
            char *name;

            if (only != UINT32_MAX && list[i].domid != only)
                continue;
            if (libxl_sched_get(ctx, list[i].domid, &p)) {
                free(list);
                return report(ctx);
            }
            if (!header) {
                printf("Scheduler: %s\n", libxl_scheduler_name(p.sched_id));
                printf("%-32s %5s %6s %4s\n", "Name", "ID", "Weight", "Cap");
                header = 1;
            }
            name = libxl_domid_to_name(ctx, list[i].domid);
            printf("%-32s %5u %6u %4u\n", name ? name : "-", list[i].domid,
                   p.weight, p.cap);
            free(name);
        }
    }
    free(list);
    libxl_ctx_free(ctx);
    return 0;
}

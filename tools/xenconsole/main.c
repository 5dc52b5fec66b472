/* SPDX-License-Identifier: MIT */
/*
 * xenconsole - attach the terminal to a domain's console (what
 * `xl console` runs).
 *
 * Finds the console's pty in xenstore (/local/domain/N/console/tty for
 * the first PV console), waiting a few seconds for xenconsoled to publish
 * it, puts both the pty and our terminal in raw mode and copies bytes
 * both ways until Ctrl-] (0x1d) is typed, standard input ends, or the
 * console goes away (the domain died: its tty node disappears or the pty
 * closes).  The terminal is restored on every way out.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "client.h"

#define WAIT_SECONDS 5
#define LOCK_DIR "/var/lock"

static struct termios saved_stdin;
static bool stdin_raw;
static volatile sig_atomic_t got_signal;
static char lock_path[64];
static int lock_fd = -1;

static void restore_terminal(void)
{
    if (stdin_raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_stdin);
        stdin_raw = false;
    }
}

static void unlock_console(void)
{
    if (lock_fd >= 0) {
        unlink(lock_path);
        close(lock_fd);
        lock_fd = -1;
    }
}

static void on_signal(int sig)
{
    (void)sig;
    got_signal = 1;
}

static void make_raw(int fd, struct termios *save)
{
    struct termios t;

    if (tcgetattr(fd, &t) < 0)
        return;
    if (save)
        *save = t;
    cfmakeraw(&t);
    tcsetattr(fd, TCSANOW, &t);
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && (errno == EINTR || errno == EAGAIN)) {
            if (errno == EAGAIN) {
                struct pollfd pf = { .fd = fd, .events = POLLOUT };
                poll(&pf, 1, 100);
            }
            continue;
        }
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* One client per console, as Xen's (a lock file per domain). */
static int lock_console(long domid)
{
    snprintf(lock_path, sizeof(lock_path), LOCK_DIR "/xenconsole.%ld", domid);
    lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock_fd < 0)
        return errno == ENOENT ? 0 : -1;      /* no lock dir: no lock */
    if (flock(lock_fd, LOCK_EX | LOCK_NB) < 0) {
        close(lock_fd);
        lock_fd = -1;
        return -1;
    }
    return 0;
}

/* The tty path if the node holds one, else NULL. */
static char *read_tty(struct xs_handle *xs, const char *node)
{
    unsigned len = 0;
    char *v = xs_read(xs, XBT_NULL, node, &len);

    if (v && len == 0) {
        free(v);
        v = NULL;
    }
    return v;
}

/* Waits up to SECONDS for NODE to name a pty and opens it. */
static int open_pty(struct xs_handle *xs, const char *node, int seconds,
                    char **ttyname_out)
{
    time_t end = time(NULL) + seconds;
    int xsfd = xs_fileno(xs);

    for (;;) {
        char *tty = read_tty(xs, node);
        char **ev;

        if (tty) {
            int fd = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
            if (fd >= 0) {
                *ttyname_out = tty;
                return fd;
            }
            fprintf(stderr, "xenconsole: cannot open %s: %s\n", tty,
                    strerror(errno));
            free(tty);
        }
        if (time(NULL) >= end)
            return -1;
        {
            struct pollfd pf = { .fd = xsfd, .events = POLLIN };
            poll(&pf, 1, 200);
        }
        while ((ev = xs_check_watch(xs)))
            free(ev);
    }
}

/*
 * The copy loop.  Returns 0 on detach (or the console going away), 1
 * on a failure of our own terminal.
 */
static int console_loop(struct xs_handle *xs, const char *node, int pty,
                        char *tty, bool interactive, bool replace_escape,
                        int escape_char)
{
    int xsfd = xs_fileno(xs);
    int rc = 0, reopen_tries = 0;

    while (!got_signal) {
        struct pollfd pf[3];
        int n = 0, ipty = -1, iin = -1, ixs;
        char buf[4096];
        ssize_t r;

        ixs = n;
        pf[n++] = (struct pollfd){ .fd = xsfd, .events = POLLIN };
        if (pty >= 0) {
            ipty = n;
            pf[n++] = (struct pollfd){ .fd = pty, .events = POLLIN };
        }
        if (interactive) {
            iin = n;
            pf[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
        }
        if (poll(pf, (nfds_t)n, -1) < 0) {
            if (errno == EINTR)
                continue;
            perror("xenconsole: poll");
            rc = 1;
            break;
        }
        if (ipty >= 0 && (pf[ipty].revents & (POLLIN | POLLHUP | POLLERR))) {
            r = read(pty, buf, sizeof(buf));
            if (r < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (r <= 0) {
                /* The pty went away; the tty node says whether for good. */
                close(pty);
                pty = -1;
            } else {
                if (replace_escape)
                    xc_replace_escape(buf, (size_t)r);
                reopen_tries = 0;
                if (write_all(STDOUT_FILENO, buf, (size_t)r) < 0) {
                    rc = 1;
                    break;
                }
            }
        }
        if (iin >= 0 && (pf[iin].revents & (POLLIN | POLLHUP | POLLERR))) {
            long esc;

            r = read(STDIN_FILENO, buf, sizeof(buf));
            if (r < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (r <= 0)
                break;              /* end of input: leave, guest keeps running */
            esc = xc_find_escape(buf, (size_t)r, escape_char);
            if (esc >= 0)
                r = esc;
            if (r > 0 && pty >= 0 && write_all(pty, buf, (size_t)r) < 0) {
                close(pty);
                pty = -1;
            }
            if (esc >= 0)
                break;              /* detach */
        }
        if ((pf[ixs].revents & POLLIN) || pty < 0) {
            char **ev, *now;

            while ((ev = xs_check_watch(xs)))
                free(ev);
            now = read_tty(xs, node);
            if (!now) {
                fprintf(stderr, "\r\nxenconsole: the console went away\r\n");
                break;
            }
            if (strcmp(now, tty) || pty < 0) {
                /* xenconsoled gave the console a new pty: follow it.  The
                 * same path again is only worth a few slow retries while
                 * the toolstack removes a dead domain's nodes. */
                if (pty < 0 && !strcmp(now, tty)) {
                    if (++reopen_tries > 50) {
                        free(now);
                        fprintf(stderr, "\r\nxenconsole: the console went "
                                "away\r\n");
                        break;
                    }
                    usleep(100000);
                }
                if (pty >= 0)
                    close(pty);
                pty = open(now, O_RDWR | O_NOCTTY | O_CLOEXEC);
                free(tty);
                tty = now;
                if (pty < 0) {
                    fprintf(stderr, "\r\nxenconsole: cannot open %s\r\n", tty);
                    break;
                }
                make_raw(pty, NULL);
            } else {
                free(now);
            }
        }
    }
    if (pty >= 0)
        close(pty);
    free(tty);
    return rc;
}

int main(int argc, char **argv)
{
    struct xc_opts o;
    char err[256], node[128];
    char *dompath, *tty = NULL, *probe;
    struct xs_handle *xs;
    struct sigaction sa;
    bool interactive;
    int pty, rc;

    if (xc_parse_args(argc, argv, &o, err, sizeof(err)) < 0) {
        fprintf(stderr, "xenconsole: %s\n", err);
        fprintf(stderr, "Try '%s --help'.\n", argv[0]);
        return 2;
    }
    if (o.help) {
        xc_usage(stdout, argv[0]);
        return 0;
    }
    if (getenv("XEN_CONSOLE_REPLACE_ESCAPE"))
        o.replace_escape = atoi(getenv("XEN_CONSOLE_REPLACE_ESCAPE")) != 0;
    if (o.domid == 0) {
        fprintf(stderr, "xenconsole: Domain-0 has no console here "
                "(its console is the hypervisor's)\n");
        return 2;
    }
    xs = xs_open(0);
    if (!xs) {
        fprintf(stderr, "xenconsole: cannot contact xenstore: %s\n",
                strerror(errno));
        return 1;
    }
    dompath = xs_get_domain_path(xs, (unsigned)o.domid);
    if (!dompath) {
        fprintf(stderr, "xenconsole: xs_get_domain_path: %s\n",
                strerror(errno));
        return 1;
    }
    /* A domain the toolstack never wrote into xenstore does not exist. */
    probe = xs_read(xs, XBT_NULL, dompath, NULL);
    if (!probe) {
        fprintf(stderr, "xenconsole: domain %ld does not exist\n", o.domid);
        return 1;
    }
    free(probe);
    if (o.type == XC_TYPE_SERIAL) {
        xc_tty_path(node, sizeof(node), dompath, XC_TYPE_SERIAL, o.num);
        probe = xs_read(xs, XBT_NULL, node, NULL);
        if (!probe)
            o.type = XC_TYPE_PV;    /* as Xen: no serial, use the PV one */
        free(probe);
    }
    if (xc_tty_path(node, sizeof(node), dompath, o.type, o.num) < 0) {
        fprintf(stderr, "xenconsole: path too long\n");
        return 1;
    }
    free(dompath);
    if (lock_console(o.domid) < 0) {
        fprintf(stderr, "xenconsole: console of domain %ld is already "
                "attached (%s)\n", o.domid, lock_path);
        return 1;
    }
    atexit(unlock_console);
    if (!xs_watch(xs, node, "tty")) {
        fprintf(stderr, "xenconsole: cannot watch %s: %s\n", node,
                strerror(errno));
        return 1;
    }
    pty = open_pty(xs, node, WAIT_SECONDS, &tty);
    if (pty < 0) {
        fprintf(stderr, "xenconsole: domain %ld has no console (%s not "
                "set within %d s; is xenconsoled running?)\n", o.domid,
                node, WAIT_SECONDS);
        return 1;
    }
    make_raw(pty, NULL);

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    interactive = o.interactive;
    if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
        interactive = true;
        make_raw(STDIN_FILENO, &saved_stdin);
        stdin_raw = true;
        atexit(restore_terminal);
    }
    if (o.start_notify_fd >= 0) {
        char zero = 0;
        ssize_t w;

        do
            w = write(o.start_notify_fd, &zero, 1);
        while (w < 0 && errno == EINTR);
        close(o.start_notify_fd);
    }
    rc = console_loop(xs, node, pty, tty, interactive, o.replace_escape,
                      o.escape_char);
    restore_terminal();
    xs_close(xs);
    return rc;
}

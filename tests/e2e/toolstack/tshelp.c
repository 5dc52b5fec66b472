/* SPDX-License-Identifier: MIT */
/*
 * tshelp - small helpers for the toolstack scenarios in a busybox dom0.
 *
 *   tshelp pty [-o LOG] [-T SECS] [-e TEXT | -s BYTES | -d SECS]... -- CMD...
 *       Runs CMD on a new pseudo-terminal (as an interactive user would),
 *       copying everything it prints to LOG.  The steps run in order:
 *       -e waits until TEXT has appeared in the output (after the point
 *       the previous -e matched), -s types BYTES (\xNN, \r, \n, \\
 *       escapes), -d waits.  Then waits for CMD to exit.  Exit status:
 *       CMD's, or 124 when a step or CMD timed out (CMD is killed), and
 *       prints "tshelp: timeout waiting for TEXT" then.
 *   tshelp json FILE       exit 0 if FILE is one valid JSON text
 *   tshelp now             CLOCK_MONOTONIC seconds, 9 decimals
 *   tshelp waitfor FILE TEXT SECS
 *       polls FILE (every 2 ms) until it contains TEXT; prints the
 *       monotonic time it appeared; exit 1 on timeout
 *   tshelp time-create LOGFILE MARKER SECS -- CMD...
 *       runs CMD (xl create) and prints "return=S first=S marker=S",
 *       seconds from the start until CMD returned, until LOGFILE (the
 *       console log xenconsoled writes) got its first byte, and until
 *       MARKER appeared there (polled every 2 ms)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <yajl/yajl_tree.h>

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static size_t unescape(const char *s, char *out)
{
    size_t n = 0;

    while (*s) {
        if (s[0] == '\\' && s[1] == 'x' && s[2] && s[3]) {
            char h[3] = { s[2], s[3], 0 };
            out[n++] = (char)strtol(h, NULL, 16);
            s += 4;
        } else if (s[0] == '\\' && s[1] == 'r') {
            out[n++] = '\r';
            s += 2;
        } else if (s[0] == '\\' && s[1] == 'n') {
            out[n++] = '\n';
            s += 2;
        } else if (s[0] == '\\' && s[1] == '\\') {
            out[n++] = '\\';
            s += 2;
        } else {
            out[n++] = *s++;
        }
    }
    return n;
}

struct step { char kind; const char *arg; };

static char *outbuf;
static size_t outlen, outcap;
static FILE *logf;

static void pump(int fd, int ms)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    char buf[4096];
    ssize_t n;

    if (poll(&p, 1, ms) <= 0)
        return;
    n = read(fd, buf, sizeof(buf));
    if (n <= 0) {
        /* EIO once the child side is closed: don't spin. */
        usleep(10000);
        return;
    }
    if (outlen + (size_t)n + 1 > outcap) {
        outcap = (outlen + (size_t)n + 1) * 2;
        outbuf = realloc(outbuf, outcap);
        if (!outbuf)
            exit(3);
    }
    memcpy(outbuf + outlen, buf, (size_t)n);
    outlen += (size_t)n;
    outbuf[outlen] = '\0';
    if (logf) {
        fwrite(buf, 1, (size_t)n, logf);
        fflush(logf);
    }
}

static int cmd_pty(int argc, char **argv)
{
    struct step steps[64];
    int nsteps = 0, master, st, i;
    double timeout = 60, t0;
    size_t pos = 0;
    pid_t pid;

    for (i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if (i + 1 >= argc)
            return 2;
        if (!strcmp(argv[i], "-o")) {
            logf = fopen(argv[++i], "w");
        } else if (!strcmp(argv[i], "-T")) {
            timeout = atof(argv[++i]);
        } else if (nsteps < 64 && (argv[i][1] == 'e' || argv[i][1] == 's' ||
                                   argv[i][1] == 'd')) {
            steps[nsteps].kind = argv[i][1];
            steps[nsteps++].arg = argv[++i];
        } else {
            return 2;
        }
    }
    if (i >= argc)
        return 2;
    pid = forkpty(&master, NULL, NULL, NULL);
    if (pid < 0)
        return 3;
    if (pid == 0) {
        execvp(argv[i], argv + i);
        _exit(127);
    }
    t0 = now();
    for (int s = 0; s < nsteps; s++) {
        if (steps[s].kind == 'e') {
            char *hit = NULL;
            while (!(outbuf && (hit = strstr(outbuf + pos, steps[s].arg)))) {
                if (now() - t0 > timeout ||
                    waitpid(pid, &st, WNOHANG) == pid) {
                    fprintf(stderr, "tshelp: timeout waiting for %s\n",
                            steps[s].arg);
                    kill(pid, SIGKILL);
                    waitpid(pid, &st, 0);
                    return 124;
                }
                pump(master, 50);
            }
            pos = (size_t)(hit - outbuf) + strlen(steps[s].arg);
        } else if (steps[s].kind == 's') {
            char b[256];
            size_t n = unescape(steps[s].arg, b);
            if (write(master, b, n) != (ssize_t)n)
                return 3;
        } else {
            double until = now() + atof(steps[s].arg);
            while (now() < until)
                pump(master, 20);
        }
    }
    for (;;) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid)
            break;
        if (now() - t0 > timeout) {
            fprintf(stderr, "tshelp: timeout waiting for the command\n");
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return 124;
        }
        pump(master, 50);
    }
    for (int k = 0; k < 5; k++)
        pump(master, 10);
    if (logf)
        fclose(logf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *b = NULL;
    size_t cap = 0, n = 0, r;

    if (!f)
        return NULL;
    do {
        if (n + 4096 + 1 > cap) {
            cap = (n + 4096 + 1) * 2;
            b = realloc(b, cap);
            if (!b)
                exit(3);
        }
        r = fread(b + n, 1, 4096, f);
        n += r;
    } while (r > 0);
    fclose(f);
    b[n] = '\0';
    *len = n;
    return b;
}

static int cmd_json(const char *path)
{
    size_t len;
    char *text = slurp(path, &len), err[256];
    yajl_val v;

    if (!text)
        return 1;
    v = yajl_tree_parse(text, err, sizeof(err));
    free(text);
    if (!v) {
        fprintf(stderr, "tshelp: json: %s\n", err);
        return 1;
    }
    yajl_tree_free(v);
    return 0;
}

/* Seconds until PATH contains TEXT, polling every 2 ms; <0 on timeout. */
static double wait_text(const char *path, const char *text, double t0,
                        double secs)
{
    size_t len;

    for (;;) {
        char *b = slurp(path, &len);
        int hit = b && strstr(b, text);

        free(b);
        if (hit)
            return now() - t0;
        if (now() - t0 > secs)
            return -1;
        usleep(2000);
    }
}

static double wait_bytes(const char *path, double t0, double secs)
{
    struct stat st;

    for (;;) {
        if (stat(path, &st) == 0 && st.st_size > 0)
            return now() - t0;
        if (now() - t0 > secs)
            return -1;
        usleep(2000);
    }
}

static int cmd_time_create(int argc, char **argv)
{
    const char *log, *marker;
    double secs, t0, ret = -1, first = -1, mark = -1;
    int st;
    pid_t pid;

    if (argc < 5 || strcmp(argv[3], "--"))
        return 2;
    log = argv[0];
    marker = argv[1];
    secs = atof(argv[2]);
    t0 = now();
    pid = fork();
    if (pid == 0) {
        int fd = open("/dev/null", O_RDWR);
        dup2(fd, 0);
        dup2(fd, 1);
        execvp(argv[4], argv + 4);
        _exit(127);
    }
    /* Poll for the return and the log at the same time. */
    for (;;) {
        struct stat s;
        if (ret < 0 && waitpid(pid, &st, WNOHANG) == pid)
            ret = now() - t0;
        if (first < 0 && stat(log, &s) == 0 && s.st_size > 0)
            first = now() - t0;
        if (first >= 0 && ret >= 0)
            break;
        if (now() - t0 > secs)
            break;
        usleep(2000);
    }
    if (first < 0)
        first = wait_bytes(log, t0, secs);
    mark = wait_text(log, marker, t0, secs);
    if (ret < 0) {
        waitpid(pid, &st, 0);
        ret = now() - t0;
    }
    printf("return=%.3f first=%.3f marker=%.3f rc=%d\n", ret, first, mark,
           WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return mark < 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "pty"))
        return cmd_pty(argc - 2, argv + 2);
    if (argc == 3 && !strcmp(argv[1], "json"))
        return cmd_json(argv[2]);
    if (argc == 2 && !strcmp(argv[1], "now")) {
        printf("%.9f\n", now());
        return 0;
    }
    if (argc == 5 && !strcmp(argv[1], "waitfor")) {
        double t = wait_text(argv[2], argv[3], now(), atof(argv[4]));
        if (t < 0)
            return 1;
        printf("%.9f\n", now());
        return 0;
    }
    if (argc >= 2 && !strcmp(argv[1], "time-create"))
        return cmd_time_create(argc - 2, argv + 2);
    fprintf(stderr, "usage: tshelp pty|json|now|waitfor|time-create ...\n");
    return 2;
}

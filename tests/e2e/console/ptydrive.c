/* SPDX-License-Identifier: MIT */
/*
 * ptydrive - drive an interactive program through a pty, from a script
 * on the command line (the console scenario's stand-in for a user at a
 * terminal).
 *
 *   ptydrive [-t SECONDS] [-o OUTFILE] STEP... -- COMMAND [ARG]...
 *     expect TEXT   wait until TEXT appears in the output (after the
 *                   previous match)
 *     send TEXT     type TEXT (escapes: \r \n \t \\ \xHH)
 *     sleep MS      pause
 *     exit RC       wait for COMMAND to end with status RC
 *     raw           wait until COMMAND has put the terminal in raw mode
 *                   (attached: typing before that would be cooked)
 *     restored      the terminal is back in cooked mode (ICANON, ECHO)
 *   ptydrive --wait-file FILE TEXT SECONDS
 *     wait until FILE contains TEXT (polls every 50 ms, reads only what
 *     was appended); status 0 when found
 *
 * COMMAND runs in a new session with the pty's slave as its controlling
 * terminal and stdin/stdout/stderr.  Each step gets -t seconds (default
 * 15).  Prints "ptydrive: ok" or "ptydrive: FAIL step N ..." with the end
 * of the output, and exits 0 or 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static char *out;               /* everything COMMAND printed */
static size_t out_len, out_cap, out_mark;
static int master = -1, slave = -1, outfile = -1;
static pid_t child = -1;
static int child_status = -1;

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t unescape(const char *s, char *d)
{
    size_t n = 0;

    while (*s) {
        if (*s != '\\' || !s[1]) {
            d[n++] = *s++;
            continue;
        }
        s++;
        switch (*s) {
        case 'r': d[n++] = '\r'; s++; break;
        case 'n': d[n++] = '\n'; s++; break;
        case 't': d[n++] = '\t'; s++; break;
        case 'x': {
            char hex[3] = { s[1], s[1] ? s[2] : 0, 0 };
            d[n++] = (char)strtoul(hex, NULL, 16);
            s += 1 + strlen(hex);
            break;
        }
        default: d[n++] = *s++; break;
        }
    }
    return n;
}

/* Collects output for up to MS; returns when new bytes came or time ran
 * out. */
static void pump(int ms)
{
    struct pollfd pf = { .fd = master, .events = POLLIN };
    char buf[4096];
    ssize_t r;

    if (poll(&pf, 1, ms) <= 0)
        return;
    r = read(master, buf, sizeof(buf));
    if (r <= 0) {
        if (r < 0 && errno == EIO)
            usleep(ms * 1000);  /* no slave open (child gone): idle */
        return;
    }
    if (out_len + (size_t)r + 1 > out_cap) {
        out_cap = (out_len + (size_t)r + 1) * 2;
        out = realloc(out, out_cap);
        if (!out) {
            perror("ptydrive");
            exit(2);
        }
    }
    memcpy(out + out_len, buf, (size_t)r);
    out_len += (size_t)r;
    if (outfile >= 0 && write(outfile, buf, (size_t)r) < 0)
        outfile = -1;
}

static int reap(void)
{
    int st;

    if (child > 0 && child_status < 0 && waitpid(child, &st, WNOHANG) == child)
        child_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return child_status;
}

static void show_tail(void)
{
    size_t from = out_len > 600 ? out_len - 600 : 0;

    fprintf(stderr, "ptydrive: output tail (%zu bytes in all):\n", out_len);
    for (size_t i = from; i < out_len; i++) {
        unsigned char c = (unsigned char)out[i];
        if (c == '\n' || (c >= 0x20 && c < 0x7f))
            fputc(c, stderr);
        else if (c != '\r')
            fprintf(stderr, "\\x%02x", c);
    }
    fputc('\n', stderr);
}

static int wait_file(const char *path, const char *text, int seconds)
{
    long long end = now_ms() + seconds * 1000LL;
    size_t tl = strlen(text), keep = 0;
    char *win = malloc(65536 + tl);
    off_t off = 0;

    if (!win || tl == 0 || tl > 4096)
        return 2;
    while (now_ms() < end) {
        int fd = open(path, O_RDONLY);
        if (fd >= 0) {
            ssize_t r;
            while ((r = pread(fd, win + keep, 65536, off)) > 0) {
                size_t have = keep + (size_t)r;
                off += r;
                if (memmem(win, have, text, tl)) {
                    close(fd);
                    free(win);
                    return 0;
                }
                keep = have < tl - 1 ? have : tl - 1;
                memmove(win, win + have - keep, keep);
            }
            close(fd);
        }
        usleep(50000);
    }
    free(win);
    return 1;
}

int main(int argc, char **argv)
{
    int timeout = 15, i, first_cmd = -1, step = 0;
    char *name;

    if (argc == 5 && !strcmp(argv[1], "--wait-file"))
        return wait_file(argv[2], argv[3], atoi(argv[4]));
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            first_cmd = i + 1;
            break;
        }
    }
    if (first_cmd < 0 || first_cmd >= argc) {
        fprintf(stderr, "usage: ptydrive [-t S] [-o FILE] STEP... -- CMD...\n");
        return 2;
    }
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
        !(name = ptsname(master)) ||
        (slave = open(name, O_RDWR | O_NOCTTY)) < 0) {
        perror("ptydrive: pty");
        return 2;
    }
    child = fork();
    if (child == 0) {
        setsid();
        ioctl(slave, TIOCSCTTY, 0);
        dup2(slave, 0);
        dup2(slave, 1);
        dup2(slave, 2);
        if (slave > 2)
            close(slave);
        close(master);
        execvp(argv[first_cmd], argv + first_cmd);
        perror("ptydrive: exec");
        _exit(127);
    }
    /* Our copy of the slave stays open: it lets us read the terminal's
     * modes after COMMAND is gone. */
    for (i = 1; i < first_cmd - 1; i++) {
        const char *op = argv[i], *arg = i + 1 < first_cmd - 1 ? argv[i + 1] : NULL;
        long long end;

        if (!strcmp(op, "-t") && arg) { timeout = atoi(arg); i++; continue; }
        if (!strcmp(op, "-o") && arg) {
            outfile = open(arg, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            i++;
            continue;
        }
        step++;
        end = now_ms() + timeout * 1000LL;
        if (!strcmp(op, "expect") && arg) {
            char want[1024];
            size_t wl = unescape(arg, want);
            char *hit = NULL;
            size_t from = out_mark;     /* only new output is searched */

            for (;;) {
                if (out && out_len - from >= wl &&
                    (hit = memmem(out + from, out_len - from, want, wl)))
                    break;
                if (out_len >= wl && out_len - wl + 1 > from)
                    from = out_len - wl + 1;
                if (now_ms() >= end)
                    break;
                pump(100);
            }
            if (!hit) {
                fprintf(stderr, "ptydrive: FAIL step %d: expect '%s' timed "
                        "out\n", step, arg);
                goto fail;
            }
            out_mark = (size_t)(hit - out) + wl;
        } else if (!strcmp(op, "send") && arg) {
            char data[1024];
            size_t n = unescape(arg, data);

            if (write(master, data, n) != (ssize_t)n) {
                fprintf(stderr, "ptydrive: FAIL step %d: send: %s\n", step,
                        strerror(errno));
                goto fail;
            }
            pump(10);
        } else if (!strcmp(op, "sleep") && arg) {
            long long until = now_ms() + atoi(arg);
            while (now_ms() < until)
                pump((int)(until - now_ms()) + 1);
        } else if (!strcmp(op, "exit") && arg) {
            while (reap() < 0 && now_ms() < end)
                pump(50);
            if (child_status != atoi(arg)) {
                fprintf(stderr, "ptydrive: FAIL step %d: exit status %d, "
                        "wanted %s\n", step, child_status, arg);
                goto fail;
            }
        } else if (!strcmp(op, "raw")) {
            struct termios t;
            while (tcgetattr(slave, &t) == 0 && (t.c_lflag & ICANON) &&
                   now_ms() < end)
                pump(20);
            if (t.c_lflag & ICANON) {
                fprintf(stderr, "ptydrive: FAIL step %d: terminal never "
                        "became raw\n", step);
                goto fail;
            }
            i--;
        } else if (!strcmp(op, "restored")) {
            struct termios t;
            if (tcgetattr(slave, &t) < 0 || !(t.c_lflag & ICANON) ||
                !(t.c_lflag & ECHO)) {
                fprintf(stderr, "ptydrive: FAIL step %d: terminal left in "
                        "raw mode\n", step);
                goto fail;
            }
            i--;                /* takes no argument */
        } else {
            fprintf(stderr, "ptydrive: bad step '%s'\n", op);
            goto fail;
        }
        i++;
    }
    printf("ptydrive: ok\n");
    if (reap() < 0) {
        kill(child, SIGTERM);
        usleep(200000);
        if (reap() < 0)
            kill(child, SIGKILL);
    }
    return 0;
fail:
    show_tail();
    if (reap() < 0)
        kill(child, SIGKILL);
    return 1;
}

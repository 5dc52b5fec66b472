/* SPDX-License-Identifier: MIT */
/*
 * pty.c - pty pair creation and non-blocking I/O (see pty.h).
 */
#include "pty.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

void cons_pty_close(struct cons_pty *p)
{
    if (p->master >= 0)
        close(p->master);
    if (p->slave >= 0)
        close(p->slave);
    p->master = p->slave = -1;
    p->path[0] = '\0';
}

int cons_pty_open(struct cons_pty *p)
{
    struct termios t;
    const char *name;
    int e;

    p->master = p->slave = -1;
    p->path[0] = '\0';
    p->master = posix_openpt(O_RDWR | O_NOCTTY);
    if (p->master < 0)
        return -errno;
    if (grantpt(p->master) < 0 || unlockpt(p->master) < 0)
        goto fail;
    name = ptsname(p->master);
    if (!name || strlen(name) >= sizeof(p->path)) {
        errno = name ? ENAMETOOLONG : errno;
        goto fail;
    }
    strcpy(p->path, name);
    p->slave = open(p->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (p->slave < 0)
        goto fail;
    /* Raw both ways: the guest's bytes arrive unchanged, no echo, no
     * signals, no line editing on our side. */
    if (tcgetattr(p->slave, &t) < 0)
        goto fail;
    cfmakeraw(&t);
    if (tcsetattr(p->slave, TCSANOW, &t) < 0)
        goto fail;
    if (fcntl(p->master, F_SETFL, O_NONBLOCK) < 0 ||
        fcntl(p->master, F_SETFD, FD_CLOEXEC) < 0)
        goto fail;
    return 0;
fail:
    e = errno ? -errno : -EIO;
    cons_pty_close(p);
    return e;
}

long cons_pty_read(struct cons_pty *p, char *buf, size_t len)
{
    ssize_t n;

    if (p->master < 0)
        return -EBADF;
    do
        n = read(p->master, buf, len);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -errno;
    if (n == 0)
        return -EPIPE;          /* cannot happen while we hold the slave */
    return n;
}

long cons_pty_write(struct cons_pty *p, const char *buf, size_t len)
{
    ssize_t n;

    if (p->master < 0)
        return -EBADF;
    do
        n = write(p->master, buf, len);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -errno;
    return n;
}

/*
 * conn_socket.c - Unix-socket transport; see conn_socket.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>
#include "conn.h"
#include "conn_socket.h"
#include "log.h"

struct sock_priv {
    int fd;
};

static int listen_fd = -1, listen_ro_fd = -1;
static char *listen_path, *listen_ro_path;
static unsigned int nsockets;
static unsigned long serial;

static int make_listener(const char *path, mode_t mode)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof(addr.sun_path)) {
        LOGE("socket path too long: %s", path);
        return -1;
    }
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    unlink(path);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
        chmod(path, mode) != 0 || listen(fd, 64) != 0) {
        LOGE("cannot listen on %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int socket_listen(const char *path, const char *ro_path)
{
    listen_fd = make_listener(path, 0600);
    listen_ro_fd = make_listener(ro_path, 0660);
    if (listen_fd < 0 || listen_ro_fd < 0)
        return -1;
    listen_path = strdup(path);
    listen_ro_path = strdup(ro_path);
    return 0;
}

void socket_close_listeners(void)
{
    if (listen_fd >= 0) {
        close(listen_fd);
        unlink(listen_path);
    }
    if (listen_ro_fd >= 0) {
        close(listen_ro_fd);
        unlink(listen_ro_path);
    }
    free(listen_path);
    free(listen_ro_path);
    listen_fd = listen_ro_fd = -1;
}

static void sock_destroy(struct conn *c)
{
    struct sock_priv *p = c->priv;
    close(p->fd);
    free(p);
    nsockets--;
}

static void sock_kick(struct conn *c)
{
    (void)c;    /* the main loop polls for POLLOUT while output waits */
}

static const struct conn_ops sock_ops = { sock_kick, sock_destroy };

static bool is_socket_conn(const struct conn *c)
{
    return c->ops == &sock_ops;
}

static void accept_one(int lfd, bool ro)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0)
        return;
    struct sock_priv *p = malloc(sizeof(*p));
    char name[32];
    snprintf(name, sizeof(name), "sock%lu%s", ++serial, ro ? "ro" : "");
    struct conn *c = p ? conn_new(&sock_ops, p, 0, true, name) : NULL;
    if (!c) {
        free(p);
        close(fd);
        return;
    }
    p->fd = fd;
    c->readonly = ro;
    nsockets++;
}

int socket_poll_count(void)
{
    return (int)nsockets + 2;
}

int socket_fill_poll(struct pollfd *pfd, int max, struct conn **owner)
{
    int n = 0;
    if (listen_fd >= 0 && n < max) {
        pfd[n] = (struct pollfd){ listen_fd, POLLIN, 0 };
        owner[n++] = NULL;
    }
    if (listen_ro_fd >= 0 && n < max) {
        pfd[n] = (struct pollfd){ listen_ro_fd, POLLIN, 0 };
        owner[n++] = NULL;
    }
    for (struct conn *c = conn_list; c && n < max; c = c->next) {
        if (!is_socket_conn(c))
            continue;
        struct sock_priv *p = c->priv;
        short ev = 0;
        if (conn_can_read(c))
            ev |= POLLIN;
        if (c->out_head)
            ev |= POLLOUT;
        pfd[n] = (struct pollfd){ p->fd, ev, 0 };
        owner[n++] = c;
    }
    return n;
}

/* Writes as much queued output as the socket takes. Returns -1 on error. */
static int sock_flush(struct conn *c)
{
    struct sock_priv *p = c->priv;
    while (c->out_head) {
        struct iovec iov[64];
        int n = 0;
        for (struct outmsg *m = c->out_head; m && n < 64; m = m->next) {
            iov[n].iov_base = m->buf + m->sent;
            iov[n].iov_len = m->len - m->sent;
            n++;
        }
        ssize_t w = writev(p->fd, iov, n);
        if (w < 0)
            return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
        conn_output_advance(c, (size_t)w);
    }
    return 0;
}

static int sock_read(struct conn *c)
{
    struct sock_priv *p = c->priv;
    char buf[8192];
    /* Read no further than the current message needs when the connection
     * may stop reading early (unprivileged); socket clients never do. */
    ssize_t r = read(p->fd, buf, sizeof(buf));
    if (r == 0)
        return -1;
    if (r < 0)
        return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
    long used = conn_input(c, buf, (size_t)r);
    if (used < 0)
        return -1;
    return 0;
}

void socket_handle(struct pollfd *pfd, struct conn *c)
{
    if (!c) {
        if (pfd->revents & POLLIN)
            accept_one(pfd->fd, pfd->fd == listen_ro_fd);
        return;
    }
    bool dead = false;
    if (pfd->revents & (POLLIN | POLLHUP | POLLERR))
        dead = sock_read(c) < 0;
    if (!dead)
        dead = sock_flush(c) < 0;
    if (dead) {
        LOGD("%s: closed", c->name);
        conn_free(c);
    }
}

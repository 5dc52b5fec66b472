/*
 * conn_socket.c - Unix-socket transport; see conn_socket.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>
#include "conn.h"
#include "conn_socket.h"
#include "log.h"

struct sock_priv {
    struct ev_tag tag;          /* first: epoll data points here */
    int fd;
    uint32_t interest;          /* what epoll has for this fd now */
    struct conn *conn;
};

static int listen_fd = -1, listen_ro_fd = -1;
static char *listen_path, *listen_ro_path;
static unsigned long serial;
static int epfd = -1;
static struct ev_tag listen_tag = { EV_LISTEN }, listen_ro_tag = { EV_LISTEN_RO };

int events_init(void)
{
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) {
        LOGE("epoll_create1: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int events_fd(void)
{
    return epfd;
}

int events_add(int fd, struct ev_tag *tag)
{
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = tag };
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* Brings epoll's interest in line with the connection's state. */
static void sock_interest(struct conn *c)
{
    struct sock_priv *p = c->priv;
    uint32_t want = (conn_can_read(c) ? EPOLLIN : 0) |
                    (c->out_head ? EPOLLOUT : 0);
    if (want == p->interest)
        return;
    struct epoll_event ev = { .events = want, .data.ptr = &p->tag };
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, p->fd, &ev) == 0)
        p->interest = want;
}

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
    if (listen_fd < 0 || listen_ro_fd < 0 ||
        events_add(listen_fd, &listen_tag) != 0 ||
        events_add(listen_ro_fd, &listen_ro_tag) != 0)
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
    close(p->fd);       /* also leaves the epoll set */
    free(p);
}

static int sock_flush(struct conn *c);

/* Output was queued on an idle connection: send it now rather than after
 * another trip through poll() (a reply, or a watch event raised by some
 * other connection).  An error is left for poll() to report as a hang-up;
 * what the socket does not take waits for POLLOUT. */
static void sock_kick(struct conn *c)
{
    (void)sock_flush(c);
    sock_interest(c);
}

static const struct conn_ops sock_ops = { sock_kick, sock_destroy };

static void accept_one(int lfd, bool ro)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0)
        return;
    struct sock_priv *p = calloc(1, sizeof(*p));
    char name[32];
    snprintf(name, sizeof(name), "sock%lu%s", ++serial, ro ? "ro" : "");
    struct conn *c = p ? conn_new(&sock_ops, p, 0, true, name) : NULL;
    if (!c) {
        free(p);
        close(fd);
        return;
    }
    p->tag.kind = EV_SOCKET;
    p->fd = fd;
    p->conn = c;
    p->interest = EPOLLIN;
    c->readonly = ro;
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &p->tag };
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
        LOGW("epoll_ctl: %s", strerror(errno));
        conn_free(c);
    }
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

void socket_handle(struct ev_tag *tag, uint32_t events)
{
    if (tag->kind == EV_LISTEN || tag->kind == EV_LISTEN_RO) {
        accept_one(tag->kind == EV_LISTEN ? listen_fd : listen_ro_fd,
                   tag->kind == EV_LISTEN_RO);
        return;
    }
    struct sock_priv *p = (struct sock_priv *)tag;
    struct conn *c = p->conn;
    bool dead = false;
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        dead = sock_read(c) < 0;
    if (!dead)
        dead = sock_flush(c) < 0;
    if (dead) {
        LOGD("%s: closed", c->name);
        conn_free(c);
        return;
    }
    sock_interest(c);
}

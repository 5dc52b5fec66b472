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
    int fd;
    uint32_t events;    /* what the epoll set waits for on fd */
    struct conn *c;
};

static int epfd = -1;
static int listen_fd = -1, listen_ro_fd = -1;
static char *listen_path, *listen_ro_path;
static unsigned long serial;
/* Tags for the epoll entries that are not connections. */
static char tag_listen, tag_listen_ro, tag_extra;

static int epoll_add(int fd, void *tag, uint32_t events)
{
    struct epoll_event ev = { .events = events, .data.ptr = tag };
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
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
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) {
        LOGE("epoll_create1: %s", strerror(errno));
        return -1;
    }
    listen_fd = make_listener(path, 0600);
    listen_ro_fd = make_listener(ro_path, 0660);
    if (listen_fd < 0 || listen_ro_fd < 0)
        return -1;
    if (epoll_add(listen_fd, &tag_listen, EPOLLIN) != 0 ||
        epoll_add(listen_ro_fd, &tag_listen_ro, EPOLLIN) != 0) {
        LOGE("epoll_ctl: %s", strerror(errno));
        return -1;
    }
    listen_path = strdup(path);
    listen_ro_path = strdup(ro_path);
    return 0;
}

int socket_watch_fd(int fd)
{
    if (epoll_add(fd, &tag_extra, EPOLLIN) != 0) {
        LOGE("epoll_ctl: %s", strerror(errno));
        return -1;
    }
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
    close(p->fd);       /* which also takes it out of the epoll set */
    free(p);
}

static void sock_kick(struct conn *c)
{
    (void)c;    /* socket_flush_all writes it at the end of this turn */
}

static const struct conn_ops sock_ops = { sock_kick, sock_destroy };

/* Accepts one pending connection; false when none is left. */
static bool accept_one(int lfd, bool ro)
{
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0)
        return false;
    struct sock_priv *p = malloc(sizeof(*p));
    char name[32];
    snprintf(name, sizeof(name), "sock%lu%s", ++serial, ro ? "ro" : "");
    struct conn *c = p ? conn_new(&sock_ops, p, 0, true, name) : NULL;
    if (!c) {
        free(p);
        close(fd);
        return true;
    }
    p->fd = fd;
    p->events = EPOLLIN;
    p->c = c;
    c->readonly = ro;
    if (epoll_add(fd, p, EPOLLIN) != 0) {
        LOGW("%s: epoll_ctl: %s", name, strerror(errno));
        conn_free(c);
    }
    return true;
}

/* Waits for what the connection now needs: input unless it must not
 * read, output room while replies wait that the socket did not take. */
static int update_events(struct conn *c)
{
    struct sock_priv *p = c->priv;
    uint32_t want = (conn_can_read(c) ? EPOLLIN : 0) |
                    (c->out_head ? EPOLLOUT : 0);
    if (want == p->events)
        return 0;
    struct epoll_event ev = { .events = want, .data.ptr = p };
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, p->fd, &ev) != 0)
        return -1;
    p->events = want;
    return 0;
}

/* Writes as much queued output as the socket takes, all queued messages
 * in one writev where they fit. Returns -1 on error. */
static int sock_flush(struct conn *c)
{
    struct sock_priv *p = c->priv;
    while (c->out_head) {
        struct iovec iov[64];
        int n = 0;
        size_t total = 0;
        for (struct outmsg *m = c->out_head; m && n < 64; m = m->next) {
            iov[n].iov_base = m->buf + m->sent;
            iov[n].iov_len = m->len - m->sent;
            total += iov[n].iov_len;
            n++;
        }
        ssize_t w = writev(p->fd, iov, n);
        if (w < 0)
            return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
        conn_output_advance(c, (size_t)w);
        if ((size_t)w < total)
            return 0;       /* the socket is full: wait for EPOLLOUT */
    }
    return 0;
}

/* Reads and processes what the client sent. Returns -1 when the
 * connection is to be closed. */
static int sock_read(struct conn *c)
{
    struct sock_priv *p = c->priv;
    char buf[16384];
    /* Everything available, in as few reads as the buffer allows; a
     * bounded number, so that one busy client cannot starve the rest. */
    for (int i = 0; i < 4; i++) {
        ssize_t r = read(p->fd, buf, sizeof(buf));
        if (r == 0)
            return -1;
        if (r < 0)
            return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
        if (conn_input(c, buf, (size_t)r) < 0)
            return -1;
        if ((size_t)r < sizeof(buf) || !conn_can_read(c))
            break;
    }
    return 0;
}

static void serve(struct conn *c, uint32_t revents)
{
    bool dead = false;
    if (revents & (EPOLLIN | EPOLLHUP | EPOLLERR))
        dead = sock_read(c) < 0;
    if (!dead)
        dead = sock_flush(c) < 0 || update_events(c) < 0;
    if (dead) {
        LOGD("%s: closed", c->name);
        conn_free(c);
    }
}

int socket_wait(int timeout_ms)
{
    struct epoll_event ev[64];
    int n = epoll_wait(epfd, ev, 64, timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    int extra = 0;
    /* Serving one connection frees no other socket connection (requests
     * only queue output for others), so the entries stay valid. */
    for (int i = 0; i < n; i++) {
        void *tag = ev[i].data.ptr;
        if (tag == &tag_extra) {
            extra = 1;
        } else if (tag == &tag_listen || tag == &tag_listen_ro) {
            bool ro = tag == &tag_listen_ro;
            for (int k = 0; k < 64 && accept_one(ro ? listen_ro_fd
                                                    : listen_fd, ro); k++)
                ;
        } else {
            serve(((struct sock_priv *)tag)->c, ev[i].events);
        }
    }
    return extra;
}

void socket_flush_all(void)
{
    struct conn *next;
    for (struct conn *c = conn_list; c; c = next) {
        next = c->next;
        if (c->ops != &sock_ops || !c->out_head)
            continue;
        struct sock_priv *p = c->priv;
        if (p->events & EPOLLOUT)
            continue;       /* full: the epoll set says when it drains */
        if (sock_flush(c) < 0 || update_events(c) < 0) {
            LOGD("%s: closed", c->name);
            conn_free(c);
        }
    }
}

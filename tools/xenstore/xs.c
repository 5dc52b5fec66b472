/*
 * xs.c - libxenstore: requests, replies and watch events; see xenstore.h.
 *
 * No reader thread.  Replies are read synchronously, a whole one per read
 * where the connection has it; watch events that arrive meanwhile are
 * queued.  xs_fileno() gives an epoll descriptor
 * watching both the daemon connection and a pipe holding one byte per
 * queued event, so it polls readable whenever an event is queued or may
 * be waiting on the connection; xs_read_watch() serves the queue first.
 * A mutex serialises request/reply pairs for threaded callers.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>
#include "xenstore.h"

struct event {
    struct event *next;
    char **vec;                 /* path, token: one allocation */
};

struct xs_handle {
    int fd;
    pthread_mutex_t lock;
    uint32_t req_id;
    struct event *ev_head, **ev_tail;
    int ev_pipe[2];             /* -1 until xs_fileno() */
    int epfd;
    /* The message just received. */
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1];
    /* Bytes read but not yet taken: after every call, at most the start
     * of one message (complete ones are taken and events queued), so the
     * connection polls readable whenever a message may be waiting. */
    size_t rlen;
    char rbuf[2 * (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)];
};

/* ---- connecting ---- */

static int connect_socket(const char *path)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof(a.sun_path)) {
        errno = EINVAL;
        return -1;
    }
    strcpy(a.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static int open_xenbus(void)
{
    int fd = open("/dev/xen/xenbus", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        fd = open("/proc/xen/xenbus", O_RDWR | O_CLOEXEC);
    return fd;
}

static struct xs_handle *handle_new(int fd)
{
    struct xs_handle *h = calloc(1, sizeof(*h));
    if (!h) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    h->fd = fd;
    h->ev_tail = &h->ev_head;
    h->ev_pipe[0] = h->ev_pipe[1] = -1;
    h->epfd = -1;
    pthread_mutex_init(&h->lock, NULL);
    return h;
}

struct xs_handle *xs_open(unsigned long flags)
{
    int fd = -1;
    if (flags & XS_OPEN_READONLY)
        fd = connect_socket(xs_daemon_socket_ro());
    if (fd < 0)
        fd = connect_socket(xs_daemon_socket());
    if (fd < 0 && !(flags & XS_OPEN_SOCKETONLY))
        fd = open_xenbus();
    return fd < 0 ? NULL : handle_new(fd);
}

struct xs_handle *xs_daemon_open(void)
{
    return xs_open(XS_OPEN_SOCKETONLY);
}

struct xs_handle *xs_daemon_open_readonly(void)
{
    return xs_open(XS_OPEN_SOCKETONLY | XS_OPEN_READONLY);
}

struct xs_handle *xs_domain_open(void)
{
    int fd = open_xenbus();
    return fd < 0 ? NULL : handle_new(fd);
}

static void free_events(struct xs_handle *h)
{
    while (h->ev_head) {
        struct event *e = h->ev_head;
        h->ev_head = e->next;
        free(e->vec);
        free(e);
    }
    h->ev_tail = &h->ev_head;
}

void xs_daemon_destroy_postfork(struct xs_handle *h)
{
    if (!h)
        return;
    free_events(h);
    close(h->fd);
    if (h->ev_pipe[0] >= 0) {
        close(h->ev_pipe[0]);
        close(h->ev_pipe[1]);
    }
    if (h->epfd >= 0)
        close(h->epfd);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

void xs_close(struct xs_handle *h)
{
    xs_daemon_destroy_postfork(h);
}

void xs_daemon_close(struct xs_handle *h)
{
    xs_close(h);
}

/* ---- receiving ---- */

/* Moves the first message in the read buffer, if it is complete, to
 * h->hdr/h->body.  Returns 1 if it did, 0 if none is complete, -1 (EIO)
 * for a length no daemon may send. */
static int take_msg(struct xs_handle *h)
{
    if (h->rlen < sizeof(h->hdr))
        return 0;
    memcpy(&h->hdr, h->rbuf, sizeof(h->hdr));
    if (h->hdr.len > XENSTORE_PAYLOAD_MAX) {
        errno = EIO;
        return -1;
    }
    size_t total = sizeof(h->hdr) + h->hdr.len;
    if (h->rlen < total)
        return 0;
    memcpy(h->body, h->rbuf + sizeof(h->hdr), h->hdr.len);
    h->body[h->hdr.len] = '\0';
    h->rlen -= total;
    memmove(h->rbuf, h->rbuf + total, h->rlen);
    return 1;
}

/* Gets the next whole message into h->hdr/h->body, reading whatever the
 * connection has (one read usually brings a whole reply).  block: wait
 * for data.  Returns 1 when a message is there, 0 if none yet (only when
 * not blocking), -1 on error or end of connection. */
static int recv_some(struct xs_handle *h, bool block)
{
    for (;;) {
        int t = take_msg(h);
        if (t)
            return t;
        if (!block) {
            struct pollfd p = { h->fd, POLLIN, 0 };
            if (poll(&p, 1, 0) <= 0)
                return 0;
        }
        ssize_t r = read(h->fd, h->rbuf + h->rlen, sizeof(h->rbuf) - h->rlen);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = EIO;
            return -1;
        }
        h->rlen += (size_t)r;
    }
}

static void signal_event(struct xs_handle *h)
{
    if (h->ev_pipe[1] >= 0) {
        char b = 0;
        if (write(h->ev_pipe[1], &b, 1) < 0)
            (void)0;    /* pipe full: still readable, which is enough */
    }
}

/* Queues the complete watch event in h->body. */
static void queue_event(struct xs_handle *h)
{
    uint32_t len = h->hdr.len;
    const char *path = h->body;
    size_t pl = strnlen(path, len);
    if (pl >= len)
        return;                 /* malformed: drop */
    const char *token = path + pl + 1;
    size_t tl = strnlen(token, len - pl - 1);
    struct event *e = malloc(sizeof(*e));
    char **vec = malloc(2 * sizeof(char *) + pl + tl + 2);
    if (!e || !vec) {
        free(e);
        free(vec);
        return;
    }
    char *s = (char *)(vec + 2);
    memcpy(s, path, pl + 1);
    memcpy(s + pl + 1, token, tl);
    s[pl + 1 + tl] = '\0';
    vec[XS_WATCH_PATH] = s;
    vec[XS_WATCH_TOKEN] = s + pl + 1;
    e->vec = vec;
    e->next = NULL;
    *h->ev_tail = e;
    h->ev_tail = &e->next;
    signal_event(h);
}

/* Queues the watch events among the complete messages already read, so
 * that none waits unseen in the buffer. */
static void drain_buffered(struct xs_handle *h)
{
    while (take_msg(h) > 0)
        if (h->hdr.type == XS_WATCH_EVENT)
            queue_event(h);
}

static void set_errno_from(const char *name)
{
    for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++) {
        if (!strcmp(xsd_errors[i].errstring, name)) {
            errno = xsd_errors[i].errnum;
            return;
        }
    }
    errno = EINVAL;
}

/* ---- requests ---- */

/* Sends one request and waits for its reply.  Returns the reply payload
 * (NUL-terminated, malloc()ed) or NULL with errno. */
static void *talkv(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                   const struct iovec *iov, unsigned int n, unsigned int *len)
{
    struct xsd_sockmsg m = { type, 0, t, 0 };
    struct iovec v[8];
    if (n > 7) {
        errno = EINVAL;
        return NULL;
    }
    for (unsigned int i = 0; i < n; i++) {
        v[i + 1] = iov[i];
        m.len += (uint32_t)iov[i].iov_len;
    }
    if (m.len > XENSTORE_PAYLOAD_MAX) {
        errno = E2BIG;
        return NULL;
    }
    pthread_mutex_lock(&h->lock);
    m.req_id = ++h->req_id;
    v[0].iov_base = &m;
    v[0].iov_len = sizeof(m);
    /* One write for the whole message (the xenbus device needs that). */
    char buf[sizeof(m) + XENSTORE_PAYLOAD_MAX];
    size_t used = 0;
    for (unsigned int i = 0; i <= n; i++) {
        memcpy(buf + used, v[i].iov_base, v[i].iov_len);
        used += v[i].iov_len;
    }
    void *ret = NULL;
    int saved = 0;
    if (!xs_write_all(h->fd, buf, (unsigned int)used)) {
        saved = errno;
        goto out;
    }
    for (;;) {
        if (recv_some(h, true) < 0) {
            saved = errno;
            goto out;
        }
        if (h->hdr.type == XS_WATCH_EVENT) {
            queue_event(h);
            continue;
        }
        if (h->hdr.type == XS_ERROR) {
            set_errno_from(h->body);
            saved = errno;
            goto out;
        }
        if (h->hdr.type != type) {
            saved = EBADF;
            goto out;
        }
        ret = malloc(h->hdr.len + 1);
        if (!ret) {
            saved = ENOMEM;
            goto out;
        }
        memcpy(ret, h->body, h->hdr.len + 1);
        if (len)
            *len = h->hdr.len;
        break;
    }
out:
    drain_buffered(h);
    pthread_mutex_unlock(&h->lock);
    if (!ret)
        errno = saved;
    return ret;
}

static void *talk1(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                   const char *arg, unsigned int *len)
{
    struct iovec v = { (void *)arg, strlen(arg) + 1 };
    return talkv(h, t, type, &v, 1, len);
}

static bool talk_ok(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                    const struct iovec *iov, unsigned int n)
{
    void *r = talkv(h, t, type, iov, n, NULL);
    if (!r)
        return false;
    free(r);
    return true;
}

/* ---- store operations ---- */

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len)
{
    return talk1(h, t, XS_READ, path, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len)
{
    struct iovec v[2] = { { (void *)path, strlen(path) + 1 },
                          { (void *)data, len } };
    return talk_ok(h, t, XS_WRITE, v, 2);
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    struct iovec v = { (void *)path, strlen(path) + 1 };
    return talk_ok(h, t, XS_MKDIR, &v, 1);
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    struct iovec v = { (void *)path, strlen(path) + 1 };
    return talk_ok(h, t, XS_RM, &v, 1);
}

bool xs_restrict(struct xs_handle *h, unsigned domid)
{
    (void)h;
    (void)domid;
    errno = ENOSYS;
    return false;
}

/* Splits len bytes of NUL-terminated strings into an array of *num
 * pointers followed by the strings, all in one allocation. */
static char **split_strings(const char *s, unsigned int len,
                            unsigned int *num)
{
    unsigned int n = 0;
    for (unsigned int i = 0; i < len; i++)
        if (s[i] == '\0')
            n++;
    char **vec = malloc((n + 1) * sizeof(char *) + len + 1);
    if (!vec) {
        errno = ENOMEM;
        return NULL;
    }
    char *copy = (char *)(vec + n + 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    for (unsigned int i = 0, off = 0; i < n; i++) {
        vec[i] = copy + off;
        off += (unsigned int)strlen(copy + off) + 1;
    }
    vec[n] = NULL;
    *num = n;
    return vec;
}

/* DIRECTORY_PART loop for lists longer than one payload. */
static char **directory_part(struct xs_handle *h, xs_transaction_t t,
                             const char *path, unsigned int *num)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        char *all = NULL, gen[32] = "";
        size_t used = 0;
        bool retry = false;
        for (;;) {
            char off[32];
            snprintf(off, sizeof(off), "%zu", used);
            struct iovec v[2] = { { (void *)path, strlen(path) + 1 },
                                  { off, strlen(off) + 1 } };
            unsigned int len;
            char *r = talkv(h, t, XS_DIRECTORY_PART, v, 2, &len);
            if (!r) {
                free(all);
                return NULL;
            }
            size_t gl = strnlen(r, len) + 1;
            if (gl > len || gl >= sizeof(gen)) {
                free(r);
                free(all);
                errno = EIO;
                return NULL;
            }
            if (!used && !all) {
                memcpy(gen, r, gl);
            } else if (strcmp(gen, r) != 0) {
                free(r);
                retry = true;      /* changed under us: start over */
                break;
            }
            size_t part = len - gl;         /* names, then one more NUL */
            if (part <= 1) {
                free(r);
                break;
            }
            char *n2 = realloc(all, used + part);
            if (!n2) {
                free(r);
                free(all);
                errno = ENOMEM;
                return NULL;
            }
            all = n2;
            memcpy(all + used, r + gl, part - 1);
            used += part - 1;
            free(r);
        }
        if (retry) {
            free(all);
            continue;
        }
        char **vec = split_strings(all ? all : "", (unsigned int)used, num);
        free(all);
        return vec;
    }
    errno = EAGAIN;
    return NULL;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t,
                    const char *path, unsigned int *num)
{
    unsigned int len;
    char *r = talk1(h, t, XS_DIRECTORY, path, &len);
    if (!r)
        return errno == E2BIG ? directory_part(h, t, path, num) : NULL;
    char **vec = split_strings(r, len, num);
    free(r);
    return vec;
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t,
                                          const char *path,
                                          unsigned int *num)
{
    unsigned int len;
    char *r = talk1(h, t, XS_GET_PERMS, path, &len);
    if (!r)
        return NULL;
    unsigned int n = 0;
    for (unsigned int i = 0; i < len; i++)
        if (r[i] == '\0')
            n++;
    struct xs_permissions *p = n ? malloc(n * sizeof(*p)) : NULL;
    if (!p || !xs_strings_to_perms(p, n, r)) {
        free(p);
        free(r);
        errno = n ? EINVAL : EIO;
        return NULL;
    }
    free(r);
    *num = n;
    return p;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t used = 0;
    for (unsigned int i = 0; i < num; i++) {
        static const char letter[4] = { 'n', 'r', 'w', 'b' };
        int n = snprintf(buf + used, sizeof(buf) - used, "%c%u",
                         letter[perms[i].perms & 3], perms[i].id);
        if (n < 0 || (size_t)n + 1 > sizeof(buf) - used) {
            errno = E2BIG;
            return false;
        }
        used += (size_t)n + 1;
    }
    struct iovec v[2] = { { (void *)path, strlen(path) + 1 },
                          { buf, used } };
    return talk_ok(h, t, XS_SET_PERMS, v, 2);
}

/* ---- watches ---- */

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec v[2] = { { (void *)path, strlen(path) + 1 },
                          { (void *)token, strlen(token) + 1 } };
    return talk_ok(h, XBT_NULL, XS_WATCH, v, 2);
}

int xs_fileno(struct xs_handle *h)
{
    pthread_mutex_lock(&h->lock);
    if (h->epfd < 0) {
        int ep = epoll_create1(EPOLL_CLOEXEC);
        if (ep >= 0 && pipe2(h->ev_pipe, O_CLOEXEC | O_NONBLOCK) == 0) {
            struct epoll_event e1 = { .events = EPOLLIN, .data.fd = h->fd };
            struct epoll_event e2 = { .events = EPOLLIN,
                                      .data.fd = h->ev_pipe[0] };
            if (epoll_ctl(ep, EPOLL_CTL_ADD, h->fd, &e1) == 0 &&
                epoll_ctl(ep, EPOLL_CTL_ADD, h->ev_pipe[0], &e2) == 0) {
                h->epfd = ep;
                for (struct event *e = h->ev_head; e; e = e->next)
                    signal_event(h);
            }
        }
        if (h->epfd < 0 && ep >= 0)
            close(ep);
    }
    pthread_mutex_unlock(&h->lock);
    return h->epfd;
}

static char **pop_event(struct xs_handle *h)
{
    struct event *e = h->ev_head;
    if (!e)
        return NULL;
    h->ev_head = e->next;
    if (!h->ev_head)
        h->ev_tail = &h->ev_head;
    if (h->ev_pipe[0] >= 0) {
        char b;
        if (read(h->ev_pipe[0], &b, 1) < 0)
            (void)0;
    }
    char **vec = e->vec;
    free(e);
    return vec;
}

/* Moves whatever complete messages are waiting into the queue.  Replies
 * cannot be waiting here: the lock is held around every request. */
static int pump(struct xs_handle *h, bool block)
{
    for (;;) {
        int r = recv_some(h, block);
        if (r <= 0)
            return r;
        if (h->hdr.type == XS_WATCH_EVENT)
            queue_event(h);
        if (h->ev_head) {
            drain_buffered(h);
            return 1;
        }
    }
}

char **xs_check_watch(struct xs_handle *h)
{
    pthread_mutex_lock(&h->lock);
    char **vec = pop_event(h);
    if (!vec && pump(h, false) > 0)
        vec = pop_event(h);
    pthread_mutex_unlock(&h->lock);
    if (!vec)
        errno = EAGAIN;
    return vec;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
    pthread_mutex_lock(&h->lock);
    char **vec = pop_event(h);
    if (!vec && pump(h, true) > 0)
        vec = pop_event(h);
    pthread_mutex_unlock(&h->lock);
    if (vec && num)
        *num = 2;
    return vec;
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec v[2] = { { (void *)path, strlen(path) + 1 },
                          { (void *)token, strlen(token) + 1 } };
    if (!talk_ok(h, XBT_NULL, XS_UNWATCH, v, 2))
        return false;
    /* Queued events of this watch can no longer be wanted. */
    pthread_mutex_lock(&h->lock);
    struct event **pe = &h->ev_head;
    while (*pe) {
        struct event *e = *pe;
        if (!strcmp(e->vec[XS_WATCH_TOKEN], token) &&
            xs_path_is_subpath(path, e->vec[XS_WATCH_PATH])) {
            *pe = e->next;
            if (h->ev_pipe[0] >= 0) {
                char b;
                if (read(h->ev_pipe[0], &b, 1) < 0)
                    (void)0;
            }
            free(e->vec);
            free(e);
        } else {
            pe = &e->next;
        }
    }
    h->ev_tail = &h->ev_head;
    while (*h->ev_tail)
        h->ev_tail = &(*h->ev_tail)->next;
    pthread_mutex_unlock(&h->lock);
    return true;
}

/* ---- transactions ---- */

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
    char *r = talk1(h, XBT_NULL, XS_TRANSACTION_START, "", NULL);
    if (!r)
        return XBT_NULL;
    unsigned long id = strtoul(r, NULL, 10);
    free(r);
    return (xs_transaction_t)id;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
    struct iovec v = { abort ? "F" : "T", 2 };
    return talk_ok(h, t, XS_TRANSACTION_END, &v, 1);
}

/* ---- domains ---- */

static bool talk_domid(struct xs_handle *h, uint32_t type, unsigned int domid)
{
    char buf[16];
    snprintf(buf, sizeof(buf), "%u", domid);
    struct iovec v = { buf, strlen(buf) + 1 };
    return talk_ok(h, XBT_NULL, type, &v, 1);
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn)
{
    char d[16], m[32], p[16];
    snprintf(d, sizeof(d), "%u", domid);
    snprintf(m, sizeof(m), "%lu", mfn);
    snprintf(p, sizeof(p), "%u", eventchn);
    struct iovec v[3] = { { d, strlen(d) + 1 }, { m, strlen(m) + 1 },
                          { p, strlen(p) + 1 } };
    return talk_ok(h, XBT_NULL, XS_INTRODUCE, v, 3);
}

bool xs_set_target(struct xs_handle *h, unsigned int domid,
                   unsigned int target)
{
    char d[16], t[16];
    snprintf(d, sizeof(d), "%u", domid);
    snprintf(t, sizeof(t), "%u", target);
    struct iovec v[2] = { { d, strlen(d) + 1 }, { t, strlen(t) + 1 } };
    return talk_ok(h, XBT_NULL, XS_SET_TARGET, v, 2);
}

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
    return talk_domid(h, XS_RESUME, domid);
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
    return talk_domid(h, XS_RELEASE, domid);
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
    char buf[16];
    snprintf(buf, sizeof(buf), "%u", domid);
    return talk1(h, XBT_NULL, XS_GET_DOMAIN_PATH, buf, NULL);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
    char buf[16];
    snprintf(buf, sizeof(buf), "%u", domid);
    char *r = talk1(h, XBT_NULL, XS_IS_DOMAIN_INTRODUCED, buf, NULL);
    if (!r)
        return false;
    bool yes = strcmp(r, "F") != 0;
    free(r);
    return yes;
}

char *xs_control_command(struct xs_handle *h, const char *cmd, void *data,
                         unsigned int len)
{
    struct iovec v[2] = { { (void *)cmd, strlen(cmd) + 1 }, { data, len } };
    return talkv(h, XBT_NULL, XS_CONTROL, v, 2, NULL);
}

char *xs_debug_command(struct xs_handle *h, const char *cmd, void *data,
                       unsigned int len)
{
    return xs_control_command(h, cmd, data, len);
}

int xs_suspend_evtchn_port(int domid)
{
    struct xs_handle *h = xs_open(0);
    if (!h)
        return -1;
    char path[64];
    snprintf(path, sizeof(path),
             "/local/domain/%d/device/suspend/event-channel", domid);
    char *v = xs_read(h, XBT_NULL, path, NULL);
    xs_close(h);
    if (!v)
        return -1;
    int port = atoi(v);
    free(v);
    return port;
}

/*
 * domain.c - introduced domains, their rings and event channels; see
 * domain.h.
 *
 * Invariant: a domain is on domain_list from INTRODUCE until RELEASE or
 * until it is found dead; while listed, d->conn (if any) is its ring
 * connection and d->conn->domain == d.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "conn.h"
#include "conn_ring.h"
#include "domain.h"
#include "log.h"
#include "quota.h"
#include "tree.h"
#include "watch.h"

struct domain *domain_list;

/* /dev/xen/evtchn and /dev/xen/gntdev ioctls (Linux uapi, 'E' and 'G'). */
#define IOCTL_EVTCHN_BIND_VIRQ          0x00044500
#define IOCTL_EVTCHN_BIND_INTERDOMAIN   0x00084501
#define IOCTL_EVTCHN_UNBIND             0x00044503
#define IOCTL_EVTCHN_NOTIFY             0x00044504
#define IOCTL_GNTDEV_MAP_GRANT_REF      0x00184700
#define IOCTL_GNTDEV_UNMAP_GRANT_REF    0x00104701
#define GNTTAB_RESERVED_XENSTORE        1
#define VIRQ_DOM_EXC                    3

struct gntdev_map { uint32_t count, pad; uint64_t index; uint32_t domid, ref; };
struct gntdev_unmap { uint64_t index; uint32_t count, pad; };

static int evtchn_fd = -1;
static int gntdev_fd = -1;
static uint32_t virq_port = -1u;
static const char *ring_dir;      /* test backend */
static bool hypervisor;

static void notify_port(void *arg)
{
    struct domain *d = arg;
    if (evtchn_fd >= 0 && d->local_port != -1u) {
        uint32_t p = d->local_port;
        ioctl(evtchn_fd, IOCTL_EVTCHN_NOTIFY, &p);
    }
}

static int bind_interdomain(uint32_t domid, uint32_t port, uint32_t *local)
{
    struct { uint32_t dom, port; } b = { domid, port };
    int r = ioctl(evtchn_fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
    if (r < 0)
        return errno;
    *local = (uint32_t)r;
    return 0;
}

static void unbind(uint32_t local)
{
    if (evtchn_fd >= 0 && local != -1u)
        ioctl(evtchn_fd, IOCTL_EVTCHN_UNBIND, &local);
}

static void *map_grant(uint32_t domid, uint64_t *index)
{
    struct gntdev_map m = { 1, 0, 0, domid, GNTTAB_RESERVED_XENSTORE };
    if (ioctl(gntdev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &m) < 0)
        return NULL;
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
                   gntdev_fd, (off_t)m.index);
    if (p == MAP_FAILED) {
        struct gntdev_unmap u = { m.index, 1, 0 };
        ioctl(gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
        return NULL;
    }
    *index = m.index;
    return p;
}

static void *map_test_ring(uint32_t domid)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/ring-%u", ring_dir, (unsigned)domid);
    int fd = open(path, O_RDWR);
    if (fd < 0)
        return NULL;
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    return p == MAP_FAILED ? NULL : p;
}

struct domain *domain_find(uint32_t domid)
{
    for (struct domain *d = domain_list; d; d = d->next)
        if (d->domid == domid)
            return d;
    return NULL;
}

static void domain_unmap(struct domain *d)
{
    if (!d->intf)
        return;
    munmap(d->intf, 4096);
    if (d->intf_is_grant) {
        struct gntdev_unmap u = { d->mfn, 1, 0 };
        ioctl(gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
    }
    d->intf = NULL;
}

/* Maps the ring and binds the port; a ring-less record in plain -D mode. */
static int domain_connect(struct domain *d, bool privileged)
{
    void *intf = NULL;
    if (hypervisor) {
        uint64_t index;
        intf = map_grant(d->domid, &index);
        if (!intf)
            return EINVAL;
        d->intf_is_grant = true;
        d->mfn = (unsigned long)index;   /* kept for unmapping */
        int err = bind_interdomain(d->domid, d->port, &d->local_port);
        if (err) {
            d->intf = intf;
            domain_unmap(d);
            return EINVAL;
        }
    } else if (ring_dir) {
        intf = map_test_ring(d->domid);
        if (!intf)
            return EINVAL;
    } else {
        return 0;
    }
    d->intf = intf;
    d->conn = ring_conn_new(d->intf, d->domid, privileged, notify_port, d);
    if (!d->conn) {
        domain_unmap(d);
        unbind(d->local_port);
        return ENOMEM;
    }
    d->conn->domain = d;
    /* A fresh connection starts from empty rings. */
    d->intf->req_cons = d->intf->req_prod = 0;
    d->intf->rsp_cons = d->intf->rsp_prod = 0;
    d->intf->connection = XENSTORE_CONNECTED;
    notify_port(d);
    return 0;
}

int domain_introduce(uint32_t domid, unsigned long mfn, uint32_t port,
                     bool *is_new)
{
    struct domain *d = domain_find(domid);
    *is_new = false;
    if (d) {
        /* Known domain: only the event channel is rebound (as Xen). */
        if (hypervisor && port != d->port) {
            unbind(d->local_port);
            d->port = port;
            return bind_interdomain(domid, port, &d->local_port) ? EINVAL : 0;
        }
        return 0;
    }
    d = calloc(1, sizeof(*d));
    if (!d)
        return ENOMEM;
    d->domid = domid;
    d->mfn = mfn;
    d->port = port;
    d->local_port = -1u;
    int err = domain_connect(d, false);
    if (err) {
        free(d);
        return err;
    }
    d->next = domain_list;
    domain_list = d;
    *is_new = true;
    LOGI("introduced domain %u", (unsigned)domid);
    return 0;
}

static void domain_destroy(struct domain *d)
{
    for (struct domain **pd = &domain_list; *pd; pd = &(*pd)->next) {
        if (*pd == d) {
            *pd = d->next;
            break;
        }
    }
    if (d->conn) {
        d->conn->domain = NULL;
        conn_free(d->conn);
    }
    unbind(d->local_port);
    domain_unmap(d);
    free(d);
}

int domain_release(uint32_t domid)
{
    struct domain *d = domain_find(domid);
    if (!d)
        return ENOENT;
    domain_destroy(d);
    domain_remove_nodes(domid);
    special_forget_domain(domid);
    LOGI("released domain %u", (unsigned)domid);
    return 0;
}

int (*domain_query)(const uint32_t *domids, unsigned int n,
                    enum domain_state *state);

void domain_check_all(void)
{
    if (!domain_query)
        return;
    unsigned int n = 0;
    for (struct domain *d = domain_list; d; d = d->next)
        n++;
    uint32_t *ids = malloc((n ? n : 1) * sizeof(*ids));
    enum domain_state *st = malloc((n ? n : 1) * sizeof(*st));
    if (!ids || !st) {
        free(ids);
        free(st);
        return;
    }
    n = 0;
    for (struct domain *d = domain_list; d; d = d->next)
        if (d->domid != 0)
            ids[n++] = d->domid;
    bool fire = false;
    if (n && domain_query(ids, n, st) == 0) {
        for (unsigned int i = 0; i < n; i++) {
            struct domain *d = domain_find(ids[i]);
            if (!d)
                continue;
            if (st[i] == DOMSTATE_GONE) {
                LOGI("domain %u is gone", (unsigned)ids[i]);
                domain_release(ids[i]);
                fire = true;
            } else if (st[i] == DOMSTATE_SHUTDOWN && !d->shutdown_seen) {
                d->shutdown_seen = true;
                fire = true;
            }
        }
    }
    free(ids);
    free(st);
    if (fire)
        watch_fire_special("@releaseDomain");
}

void domain_flush_output(void)
{
    for (struct domain *d = domain_list; d; d = d->next)
        if (d->conn && d->conn->out_head)
            ring_conn_service(d->conn);
}

void domain_conn_gone(struct conn *c)
{
    struct domain *d = c->domain;
    if (d)
        d->conn = NULL;
}

static char *child_path(const char *path, const char *leaf)
{
    char *cp = malloc(strlen(path) + strlen(leaf) + 2);
    if (cp)
        sprintf(cp, "%s/%s", strcmp(path, "/") ? path : "", leaf);
    return cp;
}

/* Deletes the descendants of path from the committed tree, firing the
 * events RM would (exact ones: only watches on the node itself). */
static void remove_descendants(const char *path)
{
    struct node *n = tree_lookup(path);
    if (!n)
        return;
    node_ref(n);
    for (uint32_t off = 0; off < n->childlen;
         off += (uint32_t)strlen(n->children + off) + 1) {
        char *cp = child_path(path, n->children + off);
        if (!cp)
            break;
        remove_descendants(cp);
        struct node *c = tree_lookup(cp);
        if (c)
            watch_fire(cp, true, node_perms(c), c->nperms);
        tree_remove(cp);
        free(cp);
    }
    node_unref(n);
}

/* Removes path and its subtree, and unlinks it from its parent. */
static void remove_subtree(const char *path)
{
    struct node *n = tree_lookup(path);
    char *parent = malloc(strlen(path) + 1);
    if (!n || !parent) {
        free(parent);
        return;
    }
    node_ref(n);
    remove_descendants(path);
    path_parent(path, parent);
    struct node *pn = tree_lookup(parent);
    struct node *pc = pn ? node_copy(pn) : NULL;
    if (pc) {
        node_del_child(pc, path_leaf(path));
        if (tree_install(pc) != 0)
            node_unref(pc);
    }
    watch_fire(path, false, node_perms(n), n->nperms);
    tree_remove(path);
    node_unref(n);
    free(parent);
}

/* Removes every subtree whose top node domid owns. */
static void remove_owned(uint32_t domid, const char *path)
{
    struct node *n = tree_lookup(path);
    if (!n)
        return;
    if (node_perms(n)[0].id == domid && strcmp(path, "/") != 0) {
        remove_subtree(path);
        return;
    }
    /* Copy the list: removals below change this node. */
    size_t cl = n->childlen;
    char *kids = malloc(cl ? cl : 1);
    if (!kids)
        return;
    if (cl)
        memcpy(kids, n->children, cl);
    for (size_t off = 0; off < cl; off += strlen(kids + off) + 1) {
        char *cp = child_path(path, kids + off);
        if (!cp)
            break;
        remove_owned(domid, cp);
        free(cp);
    }
    free(kids);
}

void domain_remove_nodes(uint32_t domid)
{
    if (quota_nodes_of(domid) == 0)
        return;
    remove_owned(domid, "/");
}

/* ---- start-up and events ---- */

static int read_int_file(const char *path, long *out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int ok = fscanf(f, "%ld", out) == 1;
    fclose(f);
    return ok ? 0 : -1;
}

/* dom0's own ring: offered by its kernel when no xenstored ran yet. */
static int dom0_init(void)
{
    long port;
    if (read_int_file("/proc/xen/xsd_port", &port) != 0) {
        LOGE("cannot read /proc/xen/xsd_port");
        return -1;
    }
    int fd = open("/proc/xen/xsd_kva", O_RDWR);
    if (fd < 0) {
        LOGE("cannot open /proc/xen/xsd_kva");
        return -1;
    }
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        LOGE("cannot map /proc/xen/xsd_kva");
        return -1;
    }
    struct domain *d = calloc(1, sizeof(*d));
    if (!d)
        return -1;
    d->port = (uint32_t)port;
    d->intf = p;
    if (bind_interdomain(0, d->port, &d->local_port) != 0) {
        LOGE("cannot bind dom0's xenstore port %ld", port);
        free(d);
        return -1;
    }
    /* dom0's kernel may already have written requests: keep the ring. */
    d->conn = ring_conn_new(p, 0, true, notify_port, d);
    if (!d->conn)
        return -1;
    d->conn->domain = d;
    d->next = domain_list;
    domain_list = d;
    notify_port(d);
    return 0;
}

int domain_init(bool no_init, const char *test_ring_dir)
{
    ring_dir = test_ring_dir;
    if (no_init)
        return 0;
    evtchn_fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
    gntdev_fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
    if (evtchn_fd < 0 || gntdev_fd < 0) {
        LOGE("cannot open /dev/xen/evtchn or /dev/xen/gntdev (no "
             "hypervisor? use --no-domain-init)");
        return -1;
    }
    hypervisor = true;
    uint32_t virq = VIRQ_DOM_EXC;
    int r = ioctl(evtchn_fd, IOCTL_EVTCHN_BIND_VIRQ, &virq);
    if (r < 0)
        LOGW("cannot bind VIRQ_DOM_EXC: dead domains found only on RELEASE");
    else
        virq_port = (uint32_t)r;
    return dom0_init();
}

int domain_event_fd(void)
{
    return evtchn_fd;
}

bool domain_needs_polling(void)
{
    return ring_dir != NULL && domain_list != NULL;
}

static void service(struct domain *d)
{
    if (d->conn && !ring_conn_service(d->conn))
        LOGW("domain %u: ring unusable until it reconnects",
             (unsigned)d->domid);
}

void domain_handle_events(void)
{
    uint32_t ports[64];
    ssize_t n = read(evtchn_fd, ports, sizeof(ports));
    for (ssize_t i = 0; i < n / 4; i++) {
        if (ports[i] == virq_port) {
            /* Some domain changed state: find out which, or at least tell
             * the watchers when we cannot ask the hypervisor. */
            if (domain_query)
                domain_check_all();
            else
                watch_fire_special("@releaseDomain");
        } else {
            for (struct domain *d = domain_list; d; d = d->next)
                if (d->local_port == ports[i])
                    service(d);
        }
        /* Unmask: write the port back. */
        if (write(evtchn_fd, &ports[i], sizeof(ports[i])) < 0)
            LOGW("cannot unmask port %u", ports[i]);
    }
}

void domain_poll_rings(void)
{
    for (struct domain *d = domain_list; d; d = d->next)
        service(d);
}

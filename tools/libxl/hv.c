/* SPDX-License-Identifier: MIT */
/*
 * hv.c - privcmd, hypercall buffers, evtchn and gntdev (see hv.h).
 */
#include "hv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "public/event_channel.h"
#include "public/memory.h"
#include "public/version.h"

#define PAGE 4096u

struct hv {
    int privcmd;
    int bufdev;                 /* /dev/xen/hypercall, or -1 */
    void *page;                 /* one locked page for domctl/sysctl */
};

static size_t page_round(size_t n)
{
    return (n + PAGE - 1) & ~(size_t)(PAGE - 1);
}

int hv_open(struct hv **out)
{
    struct hv *h = calloc(1, sizeof(*h));
    int e;

    *out = NULL;
    if (!h)
        return -ENOMEM;
    h->privcmd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (h->privcmd < 0) {
        e = -errno;
        free(h);
        return e;
    }
    /* Optional: absent before Linux 4.18. */
    h->bufdev = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
    h->page = hv_buf_alloc(h, PAGE);
    if (!h->page) {
        hv_close(h);
        return -ENOMEM;
    }
    *out = h;
    return 0;
}

void hv_close(struct hv *h)
{
    if (!h)
        return;
    if (h->page)
        hv_buf_free(h, h->page, PAGE);
    if (h->bufdev >= 0)
        close(h->bufdev);
    if (h->privcmd >= 0)
        close(h->privcmd);
    free(h);
}

const char *hv_strerror(int negerr)
{
    switch (-negerr) {
    case EACCES:
        return "permission denied (or hypervisor interface version mismatch)";
    case ENOENT:
        return "no such device: not running in a Xen dom0 (privcmd missing)";
    default:
        return strerror(-negerr);
    }
}

void *hv_buf_alloc(struct hv *h, size_t size)
{
    size_t len = page_round(size ? size : 1);
    void *p;

    if (h->bufdev >= 0) {
        p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, h->bufdev, 0);
        if (p != MAP_FAILED) {
            memset(p, 0, len);
            return p;
        }
    }
    p = mmap(NULL, len, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    /* Children must not get copy-on-write views of hypercall memory. */
    (void)madvise(p, len, MADV_DONTFORK);
    if (mlock(p, len)) {
        munmap(p, len);
        return NULL;
    }
    memset(p, 0, len);          /* touch every page */
    return p;
}

void hv_buf_free(struct hv *h, void *p, size_t size)
{
    (void)h;
    if (p)
        munmap(p, page_round(size ? size : 1));
}

long hv_hypercall(struct hv *h, unsigned op, uint64_t a1, uint64_t a2,
                  uint64_t a3, uint64_t a4, uint64_t a5)
{
    struct hv_privcmd_hypercall call = {
        .op = op, .arg = { a1, a2, a3, a4, a5 },
    };
    long rc = ioctl(h->privcmd, HV_IOCTL_PRIVCMD_HYPERCALL, &call);

    return rc < 0 ? -errno : rc;
}

int hv_domctl(struct hv *h, struct xen_domctl *d)
{
    long rc;

    d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    memcpy(h->page, d, sizeof(*d));
    rc = hv_hypercall(h, __HYPERVISOR_domctl, (uintptr_t)h->page, 0, 0, 0,
                      0);
    memcpy(d, h->page, sizeof(*d));
    return rc < 0 ? (int)rc : 0;
}

int hv_sysctl(struct hv *h, struct xen_sysctl *s)
{
    long rc;

    s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    memcpy(h->page, s, sizeof(*s));
    rc = hv_hypercall(h, __HYPERVISOR_sysctl, (uintptr_t)h->page, 0, 0, 0,
                      0);
    memcpy(s, h->page, sizeof(*s));
    return rc < 0 ? (int)rc : 0;
}

/* ---- domctl wrappers ---- */

static int simple(struct hv *h, uint32_t cmd, domid_t domid)
{
    struct xen_domctl d = { .cmd = cmd, .domain = domid };

    return hv_domctl(h, &d);
}

int hv_domain_create(struct hv *h, domid_t *domid,
                     const struct xen_domctl_createdomain *cfg)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_createdomain, .domain = *domid };
    int rc;

    d.u.createdomain = *cfg;
    rc = hv_domctl(h, &d);
    if (rc == 0)
        *domid = d.domain;
    return rc;
}

int hv_domain_destroy(struct hv *h, domid_t domid)
{
    int rc;

    /* Destruction is preemptible: Xen asks us to call again. */
    do
        rc = simple(h, XEN_DOMCTL_destroydomain, domid);
    while (rc == -EAGAIN);
    return rc;
}

int hv_domain_pause(struct hv *h, domid_t domid)
{
    return simple(h, XEN_DOMCTL_pausedomain, domid);
}

int hv_domain_unpause(struct hv *h, domid_t domid)
{
    return simple(h, XEN_DOMCTL_unpausedomain, domid);
}

int hv_domain_getinfo(struct hv *h, domid_t domid,
                      struct xen_domctl_getdomaininfo *info)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_getdomaininfo, .domain = domid };
    int rc = hv_domctl(h, &d);

    if (rc)
        return rc;
    if (d.u.getdomaininfo.domain != domid)
        return -ESRCH;
    *info = d.u.getdomaininfo;
    return 0;
}

int hv_domain_max_vcpus(struct hv *h, domid_t domid, uint32_t max)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_max_vcpus, .domain = domid };

    d.u.max_vcpus.max = max;
    return hv_domctl(h, &d);
}

int hv_domain_max_mem(struct hv *h, domid_t domid, uint64_t max_kb)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_max_mem, .domain = domid };

    d.u.max_mem.max_memkb = max_kb;
    return hv_domctl(h, &d);
}

int hv_domain_set_address_size(struct hv *h, domid_t domid, uint32_t bits)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_set_address_size,
                            .domain = domid };

    d.u.address_size.size = bits;
    return hv_domctl(h, &d);
}

int hv_domain_set_handle(struct hv *h, domid_t domid, const uint8_t uuid[16])
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_setdomainhandle,
                            .domain = domid };

    memcpy(d.u.setdomainhandle.handle, uuid, 16);
    return hv_domctl(h, &d);
}

int hv_domain_settscinfo(struct hv *h, domid_t domid,
                         const struct xen_domctl_tsc_info *tsc)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_settscinfo, .domain = domid };

    d.u.tsc_info = *tsc;
    return hv_domctl(h, &d);
}

static int vcpu_context(struct hv *h, uint32_t cmd, domid_t domid,
                        uint32_t vcpu, vcpu_guest_context_t *ctx)
{
    struct xen_domctl d = { .cmd = cmd, .domain = domid };
    vcpu_guest_context_t *b = hv_buf_alloc(h, sizeof(*b));
    int rc;

    if (!b)
        return -ENOMEM;
    if (cmd == XEN_DOMCTL_setvcpucontext)
        memcpy(b, ctx, sizeof(*b));
    d.u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(d.u.vcpucontext.ctxt, b);
    rc = hv_domctl(h, &d);
    if (rc == 0 && cmd == XEN_DOMCTL_getvcpucontext)
        memcpy(ctx, b, sizeof(*b));
    hv_buf_free(h, b, sizeof(*b));
    return rc;
}

int hv_vcpu_setcontext(struct hv *h, domid_t domid, uint32_t vcpu,
                       const vcpu_guest_context_t *ctx)
{
    return vcpu_context(h, XEN_DOMCTL_setvcpucontext, domid, vcpu,
                        (vcpu_guest_context_t *)ctx);
}

int hv_vcpu_getcontext(struct hv *h, domid_t domid, uint32_t vcpu,
                       vcpu_guest_context_t *ctx)
{
    return vcpu_context(h, XEN_DOMCTL_getvcpucontext, domid, vcpu, ctx);
}

int hv_vcpu_getinfo(struct hv *h, domid_t domid, uint32_t vcpu,
                    struct xen_domctl_getvcpuinfo *info)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_getvcpuinfo, .domain = domid };
    int rc;

    d.u.getvcpuinfo.vcpu = vcpu;
    rc = hv_domctl(h, &d);
    if (rc == 0)
        *info = d.u.getvcpuinfo;
    return rc;
}

int hv_sched_credit(struct hv *h, domid_t domid, int set,
                    struct xen_domctl_sched_credit *p, uint32_t sched_id)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_scheduler_op, .domain = domid };
    int rc;

    d.u.scheduler_op.sched_id = sched_id;
    d.u.scheduler_op.cmd = set ? XEN_DOMCTL_SCHEDOP_putinfo
                               : XEN_DOMCTL_SCHEDOP_getinfo;
    d.u.scheduler_op.u.credit = *p;
    rc = hv_domctl(h, &d);
    if (rc == 0 && !set)
        *p = d.u.scheduler_op.u.credit;
    return rc;
}

/* ---- sysctl wrappers ---- */

int hv_physinfo(struct hv *h, struct xen_sysctl_physinfo *pi)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_physinfo };
    int rc = hv_sysctl(h, &s);

    if (rc == 0)
        *pi = s.u.physinfo;
    return rc;
}

int hv_sched_id(struct hv *h, uint32_t *id)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_sched_id };
    int rc = hv_sysctl(h, &s);

    if (rc == 0)
        *id = s.u.sched_id.sched_id;
    return rc;
}

int hv_domain_list(struct hv *h, domid_t first, uint32_t max,
                   struct xen_domctl_getdomaininfo *out, uint32_t *n)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_getdomaininfolist };
    size_t len = (size_t)max * sizeof(*out);
    struct xen_domctl_getdomaininfo *b;
    int rc;

    *n = 0;
    if (max == 0)
        return 0;
    b = hv_buf_alloc(h, len);
    if (!b)
        return -ENOMEM;
    s.u.getdomaininfolist.first_domain = first;
    s.u.getdomaininfolist.max_domains = max;
    set_xen_guest_handle(s.u.getdomaininfolist.buffer, b);
    rc = hv_sysctl(h, &s);
    if (rc == 0) {
        uint32_t got = s.u.getdomaininfolist.num_domains;
        if (got > max)
            got = max;
        memcpy(out, b, (size_t)got * sizeof(*out));
        *n = got;
    }
    hv_buf_free(h, b, len);
    return rc;
}

int hv_readconsole(struct hv *h, char *buf, uint32_t *count,
                   uint32_t *index, int incremental, int clear)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_readconsole };
    char *b;
    int rc;

    if (*count == 0)
        return 0;
    b = hv_buf_alloc(h, *count);
    if (!b)
        return -ENOMEM;
    s.u.readconsole.clear = !!clear;
    s.u.readconsole.incremental = !!incremental;
    s.u.readconsole.index = index ? *index : 0;
    s.u.readconsole.count = *count;
    set_xen_guest_handle(s.u.readconsole.buffer, b);
    rc = hv_sysctl(h, &s);
    if (rc == 0) {
        uint32_t got = s.u.readconsole.count;
        if (got > *count)
            got = *count;
        memcpy(buf, b, got);
        *count = got;
        if (index)
            *index = s.u.readconsole.index;
    }
    hv_buf_free(h, b, *count);
    return rc;
}

/* ---- other hypercalls ---- */

/* Runs OP with one in/out argument block of ARG_SIZE bytes. */
static long with_arg(struct hv *h, unsigned op, uint64_t a1, void *arg,
                     size_t arg_size, uint64_t a3, uint64_t a4)
{
    void *b = NULL;
    long rc;

    if (arg_size) {
        b = hv_buf_alloc(h, arg_size);
        if (!b)
            return -ENOMEM;
        memcpy(b, arg, arg_size);
    }
    rc = hv_hypercall(h, op, a1, (uintptr_t)b, a3, a4, 0);
    if (arg_size) {
        memcpy(arg, b, arg_size);
        hv_buf_free(h, b, arg_size);
    }
    return rc;
}

int hv_xen_version(struct hv *h, int cmd, void *arg, size_t arg_size)
{
    return (int)with_arg(h, __HYPERVISOR_xen_version, (uint64_t)cmd, arg,
                         arg_size, 0, 0);
}

int hv_memory_op(struct hv *h, unsigned cmd, void *arg, size_t arg_size)
{
    return (int)with_arg(h, __HYPERVISOR_memory_op, cmd, arg, arg_size, 0,
                         0);
}

int hv_evtchn_alloc_unbound(struct hv *h, domid_t dom, domid_t remote,
                            uint32_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
    long rc = with_arg(h, __HYPERVISOR_event_channel_op,
                       EVTCHNOP_alloc_unbound, &a, sizeof(a), 0, 0);

    if (rc == 0)
        *port = a.port;
    return (int)rc;
}

int hv_mmuext_pin_l4(struct hv *h, domid_t dom, xen_pfn_t mfn)
{
    struct mmuext_op op = { .cmd = MMUEXT_PIN_L4_TABLE };
    void *b = hv_buf_alloc(h, sizeof(op));
    long rc;

    if (!b)
        return -ENOMEM;
    op.arg1.mfn = mfn;
    memcpy(b, &op, sizeof(op));
    /* mmuext_op(ops, count, done (NULL), foreign domain) */
    rc = hv_hypercall(h, __HYPERVISOR_mmuext_op, (uintptr_t)b, 1, 0, dom, 0);
    hv_buf_free(h, b, sizeof(op));
    return (int)rc;
}

void *hv_map_foreign(struct hv *h, domid_t dom, int prot,
                     const xen_pfn_t *frames, int *errs, uint32_t n, int *rc)
{
    size_t len = (size_t)n * PAGE;
    int *e = errs;
    void *addr;
    struct hv_privcmd_mmapbatch_v2 batch;

    *rc = 0;
    if (n == 0) {
        *rc = -EINVAL;
        return NULL;
    }
    addr = mmap(NULL, len, prot, MAP_SHARED, h->privcmd, 0);
    if (addr == MAP_FAILED) {
        *rc = -errno;
        return NULL;
    }
    if (!e) {
        e = calloc(n, sizeof(*e));
        if (!e) {
            munmap(addr, len);
            *rc = -ENOMEM;
            return NULL;
        }
    }
    batch = (struct hv_privcmd_mmapbatch_v2){
        .num = n, .dom = dom, .addr = (uintptr_t)addr, .arr = frames,
        .err = e,
    };
    if (ioctl(h->privcmd, HV_IOCTL_PRIVCMD_MMAPBATCH_V2, &batch) < 0) {
        /* ENOENT: some frames paged out; the caller may retry those. */
        *rc = -errno;
    } else if (!errs) {
        for (uint32_t i = 0; i < n; i++)
            if (e[i]) {
                *rc = e[i] < 0 ? e[i] : -EIO;
                break;
            }
    }
    if (e != errs)
        free(e);
    if (*rc) {
        munmap(addr, len);
        return NULL;
    }
    return addr;
}

int hv_unmap(void *addr, uint32_t n)
{
    return munmap(addr, (size_t)n * PAGE) ? -errno : 0;
}

/* ---- /dev/xen/evtchn ---- */

int hv_evtchn_open(void)
{
    int fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);

    return fd < 0 ? -errno : fd;
}

static int ev_ioctl(int fd, unsigned long req, void *arg)
{
    int rc = ioctl(fd, req, arg);

    return rc < 0 ? -errno : rc;
}

int hv_evtchn_bind_interdomain(int fd, uint32_t dom, uint32_t port)
{
    struct hv_evtchn_bind_interdomain b = { dom, port };

    return ev_ioctl(fd, HV_IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
}

int hv_evtchn_bind_unbound(int fd, uint32_t remote_dom)
{
    struct hv_evtchn_bind_unbound_port b = { remote_dom };

    return ev_ioctl(fd, HV_IOCTL_EVTCHN_BIND_UNBOUND_PORT, &b);
}

int hv_evtchn_bind_virq(int fd, uint32_t virq)
{
    struct hv_evtchn_bind_virq b = { virq };

    return ev_ioctl(fd, HV_IOCTL_EVTCHN_BIND_VIRQ, &b);
}

int hv_evtchn_unbind(int fd, uint32_t port)
{
    struct hv_evtchn_port p = { port };

    return ev_ioctl(fd, HV_IOCTL_EVTCHN_UNBIND, &p);
}

int hv_evtchn_notify(int fd, uint32_t port)
{
    struct hv_evtchn_port p = { port };

    return ev_ioctl(fd, HV_IOCTL_EVTCHN_NOTIFY, &p);
}

int hv_evtchn_pending(int fd, uint32_t *port)
{
    ssize_t n = read(fd, port, sizeof(*port));

    if (n == (ssize_t)sizeof(*port))
        return 0;
    return n < 0 ? -errno : -EIO;
}

int hv_evtchn_unmask(int fd, uint32_t port)
{
    ssize_t n = write(fd, &port, sizeof(port));

    if (n == (ssize_t)sizeof(port))
        return 0;
    return n < 0 ? -errno : -EIO;
}

/* ---- /dev/xen/gntdev ---- */

int hv_gnttab_open(void)
{
    int fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);

    return fd < 0 ? -errno : fd;
}

void *hv_gnttab_map(int fd, uint32_t dom, uint32_t ref, int prot,
                    uint64_t *index, int *rc)
{
    struct hv_gntdev_map_grant_ref m = { .count = 1 };
    struct hv_gntdev_unmap_grant_ref u = { .count = 1 };
    void *addr;

    m.refs[0].domid = dom;
    m.refs[0].ref = ref;
    *rc = ev_ioctl(fd, HV_IOCTL_GNTDEV_MAP_GRANT_REF, &m);
    if (*rc < 0)
        return NULL;
    do
        addr = mmap(NULL, PAGE, prot, MAP_SHARED, fd, (off_t)m.index);
    while (addr == MAP_FAILED && errno == EAGAIN);
    if (addr == MAP_FAILED) {
        *rc = -errno;
        u.index = m.index;
        (void)ev_ioctl(fd, HV_IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
        return NULL;
    }
    *index = m.index;
    *rc = 0;
    return addr;
}

int hv_gnttab_unmap(int fd, void *addr, uint64_t index)
{
    struct hv_gntdev_unmap_grant_ref u = { .index = index, .count = 1 };
    int rc = munmap(addr, PAGE) ? -errno : 0;
    int rc2 = ev_ioctl(fd, HV_IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);

    return rc ? rc : rc2;
}

/* ---- resources and memory population ---- */

void *hv_map_resource(struct hv *h, domid_t dom, unsigned type, unsigned id,
                      unsigned idx, uint32_t n, int prot, int *rc)
{
    struct hv_privcmd_mmap_resource r = {
        .dom = dom, .type = type, .id = id, .idx = idx, .num = n,
    };
    size_t len = (size_t)n * PAGE;
    void *addr;

    *rc = 0;
    if (n == 0) {
        *rc = -EINVAL;
        return NULL;
    }
    addr = mmap(NULL, len, prot, MAP_SHARED, h->privcmd, 0);
    if (addr == MAP_FAILED) {
        *rc = -errno;
        return NULL;
    }
    r.addr = (uintptr_t)addr;
    if (ioctl(h->privcmd, HV_IOCTL_PRIVCMD_MMAP_RESOURCE, &r) < 0) {
        *rc = (errno == ENOTTY || errno == ENOSYS) ? -EOPNOTSUPP : -errno;
        munmap(addr, len);
        return NULL;
    }
    return addr;
}

int hv_populate_physmap(struct hv *h, domid_t dom, xen_pfn_t *frames,
                        uint64_t n)
{
    const uint64_t batch = 8192;
    xen_pfn_t *b = hv_buf_alloc(h, batch * sizeof(*b));
    uint64_t done = 0;
    int rc = 0;

    if (!b)
        return -ENOMEM;
    while (done < n) {
        uint64_t want = n - done < batch ? n - done : batch, got = 0;

        memcpy(b, frames + done, want * sizeof(*b));
        while (got < want) {
            struct xen_memory_reservation r = {
                .nr_extents = want - got, .extent_order = 0, .domid = dom,
            };
            long ret;

            set_xen_guest_handle(r.extent_start, b + got);
            ret = with_arg(h, __HYPERVISOR_memory_op,
                           XENMEM_populate_physmap, &r, sizeof(r), 0, 0);
            if (ret < 0) {
                rc = (int)ret;
                goto out;
            }
            if (ret == 0) {
                rc = -ENOMEM;
                goto out;
            }
            got += (uint64_t)ret;
        }
        memcpy(frames + done, b, want * sizeof(*b));
        done += want;
    }
out:
    hv_buf_free(h, b, batch * sizeof(*b));
    return rc;
}

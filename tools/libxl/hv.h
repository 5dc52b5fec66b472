/* SPDX-License-Identifier: MIT */
/*
 * hv.h - the toolstack's only way to the hypervisor: Linux's
 * /dev/xen/privcmd (hypercalls, foreign mappings), /dev/xen/hypercall
 * (hypercall-safe buffers), /dev/xen/evtchn and /dev/xen/gntdev.
 *
 * Works only in a Xen (or Xenolith) dom0.  Kept thin: each wrapper fills
 * one domctl/sysctl/hypercall argument, and results come back as 0 or a
 * negative errno, never printed.  hv_strerror() turns them into text.
 *
 * Memory the hypervisor reads or writes during a hypercall must be
 * present and must stay put: buffers come from /dev/xen/hypercall when
 * the kernel offers it (Linux 4.18 on), else from anonymous memory that
 * is locked, pre-touched and not inherited by children.
 */
#ifndef XENOLITH_HV_H
#define XENOLITH_HV_H

#include <stddef.h>
#include <stdint.h>

#include "public/xen.h"
#include "public/domctl.h"
#include "public/sysctl.h"

/* ---- Linux device ABI (facts from include/uapi/xen/{privcmd,evtchn,gntdev}.h) ---- */

struct hv_privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};

struct hv_privcmd_mmapbatch_v2 {
    uint32_t num;               /* frames */
    domid_t dom;
    uint64_t addr;              /* start of the privcmd mapping */
    const xen_pfn_t *arr;       /* frames to map */
    int *err;                   /* per-frame result, 0 or -errno */
};

struct hv_privcmd_mmap_resource {
    domid_t dom;
    uint32_t type;
    uint32_t id;
    uint32_t idx;
    uint64_t num;
    uint64_t addr;
};

struct hv_evtchn_bind_virq { uint32_t virq; };
struct hv_evtchn_bind_interdomain { uint32_t remote_domain, remote_port; };
struct hv_evtchn_bind_unbound_port { uint32_t remote_domain; };
struct hv_evtchn_port { uint32_t port; };

struct hv_gntdev_grant_ref { uint32_t domid; uint32_t ref; };
struct hv_gntdev_map_grant_ref {
    uint32_t count;
    uint32_t pad;
    uint64_t index;             /* out: mmap offset */
    struct hv_gntdev_grant_ref refs[1];
};
struct hv_gntdev_unmap_grant_ref {
    uint64_t index;
    uint32_t count;
    uint32_t pad;
};

/* _IOC(_IOC_NONE, type, nr, size) on x86: size << 16 | type << 8 | nr */
#define HV_IOC(type, nr, size) \
    ((unsigned long)(size) << 16 | (unsigned long)(type) << 8 | (nr))
#define HV_IOCTL_PRIVCMD_HYPERCALL \
    HV_IOC('P', 0, sizeof(struct hv_privcmd_hypercall))
#define HV_IOCTL_PRIVCMD_MMAPBATCH_V2 \
    HV_IOC('P', 4, sizeof(struct hv_privcmd_mmapbatch_v2))
#define HV_IOCTL_PRIVCMD_MMAP_RESOURCE \
    HV_IOC('P', 7, sizeof(struct hv_privcmd_mmap_resource))
#define HV_IOCTL_EVTCHN_BIND_VIRQ \
    HV_IOC('E', 0, sizeof(struct hv_evtchn_bind_virq))
#define HV_IOCTL_EVTCHN_BIND_INTERDOMAIN \
    HV_IOC('E', 1, sizeof(struct hv_evtchn_bind_interdomain))
#define HV_IOCTL_EVTCHN_BIND_UNBOUND_PORT \
    HV_IOC('E', 2, sizeof(struct hv_evtchn_bind_unbound_port))
#define HV_IOCTL_EVTCHN_UNBIND  HV_IOC('E', 3, sizeof(struct hv_evtchn_port))
#define HV_IOCTL_EVTCHN_NOTIFY  HV_IOC('E', 4, sizeof(struct hv_evtchn_port))
#define HV_IOCTL_EVTCHN_RESET   HV_IOC('E', 5, 0)
#define HV_IOCTL_GNTDEV_MAP_GRANT_REF \
    HV_IOC('G', 0, sizeof(struct hv_gntdev_map_grant_ref))
#define HV_IOCTL_GNTDEV_UNMAP_GRANT_REF \
    HV_IOC('G', 1, sizeof(struct hv_gntdev_unmap_grant_ref))

/* ---- privcmd ---- */

struct hv;

/* Opens privcmd (and the buffer device if any).  0 or -errno. */
int hv_open(struct hv **out);
void hv_close(struct hv *h);
const char *hv_strerror(int negerr);

/* Hypercall-safe memory, page granular.  NULL on failure. */
void *hv_buf_alloc(struct hv *h, size_t size);
void hv_buf_free(struct hv *h, void *p, size_t size);

/* A raw hypercall; result >= 0 or -errno. */
long hv_hypercall(struct hv *h, unsigned op, uint64_t a1, uint64_t a2,
                  uint64_t a3, uint64_t a4, uint64_t a5);

/*
 * One domctl / sysctl.  The structure is copied into a locked buffer, the
 * interface version filled in, and copied back afterwards (also on error,
 * since some calls report details).  0 or -errno.
 */
int hv_domctl(struct hv *h, struct xen_domctl *d);
int hv_sysctl(struct hv *h, struct xen_sysctl *s);

/* domctl wrappers */
int hv_domain_create(struct hv *h, domid_t *domid,
                     const struct xen_domctl_createdomain *cfg);
int hv_domain_destroy(struct hv *h, domid_t domid);
int hv_domain_pause(struct hv *h, domid_t domid);
int hv_domain_unpause(struct hv *h, domid_t domid);
/* Exactly DOMID: -ESRCH when Xen answered for another domain. */
int hv_domain_getinfo(struct hv *h, domid_t domid,
                      struct xen_domctl_getdomaininfo *info);
int hv_domain_max_vcpus(struct hv *h, domid_t domid, uint32_t max);
int hv_domain_max_mem(struct hv *h, domid_t domid, uint64_t max_kb);
int hv_domain_set_address_size(struct hv *h, domid_t domid, uint32_t bits);
int hv_domain_set_handle(struct hv *h, domid_t domid, const uint8_t uuid[16]);
int hv_domain_settscinfo(struct hv *h, domid_t domid,
                         const struct xen_domctl_tsc_info *tsc);
int hv_vcpu_setcontext(struct hv *h, domid_t domid, uint32_t vcpu,
                       const vcpu_guest_context_t *ctx);
int hv_vcpu_getcontext(struct hv *h, domid_t domid, uint32_t vcpu,
                       vcpu_guest_context_t *ctx);
int hv_vcpu_getinfo(struct hv *h, domid_t domid, uint32_t vcpu,
                    struct xen_domctl_getvcpuinfo *info);
int hv_sched_credit(struct hv *h, domid_t domid, int set,
                    struct xen_domctl_sched_credit *p, uint32_t sched_id);

/* sysctl wrappers */
int hv_physinfo(struct hv *h, struct xen_sysctl_physinfo *pi);
int hv_sched_id(struct hv *h, uint32_t *id);
/* Up to MAX records from FIRST on; *N gets the count. */
int hv_domain_list(struct hv *h, domid_t first, uint32_t max,
                   struct xen_domctl_getdomaininfo *out, uint32_t *n);
/*
 * Copies console ring bytes into BUF (*COUNT in: size, out: bytes).  With
 * INCREMENTAL, *INDEX is where to start and gets where it ended.
 */
int hv_readconsole(struct hv *h, char *buf, uint32_t *count,
                   uint32_t *index, int incremental, int clear);

/* other hypercalls */
int hv_xen_version(struct hv *h, int cmd, void *arg, size_t arg_size);
int hv_evtchn_alloc_unbound(struct hv *h, domid_t dom, domid_t remote,
                            uint32_t *port);
int hv_mmuext_pin_l4(struct hv *h, domid_t dom, xen_pfn_t mfn);
int hv_memory_op(struct hv *h, unsigned cmd, void *arg, size_t arg_size);

/*
 * Maps N frames of DOM (MFNs for PV) into our address space.  ERRS (may
 * be NULL) gets 0 or -errno per frame; any frame failing makes the call
 * fail (after unmapping) unless ERRS is given.  NULL with *RC set on
 * failure.  Unmap with hv_unmap(addr, n).
 */
void *hv_map_foreign(struct hv *h, domid_t dom, int prot,
                     const xen_pfn_t *frames, int *errs, uint32_t n, int *rc);
int hv_unmap(void *addr, uint32_t n);

/*
 * Maps N frames of a resource of DOM (XENMEM_acquire_resource through
 * IOCTL_PRIVCMD_MMAP_RESOURCE): TYPE XENMEM_resource_*, ID, first frame
 * IDX.  NULL with *RC on failure (-EOPNOTSUPP: kernel or hypervisor
 * lacks it).  Unmap with hv_unmap(addr, n).
 */
void *hv_map_resource(struct hv *h, domid_t dom, unsigned type, unsigned id,
                      unsigned idx, uint32_t n, int prot, int *rc);

/*
 * XENMEM_populate_physmap for DOM with order-0 extents: FRAMES[0..N)
 * holds PFNs on input and the MFNs backing them on output (PV).  0 or
 * -errno (-ENOMEM when fewer pages than asked were given).
 */
int hv_populate_physmap(struct hv *h, domid_t dom, xen_pfn_t *frames,
                        uint64_t n);

/* ---- /dev/xen/evtchn ---- */

int hv_evtchn_open(void);                                  /* fd or -errno */
int hv_evtchn_bind_interdomain(int fd, uint32_t dom, uint32_t port);
int hv_evtchn_bind_unbound(int fd, uint32_t remote_dom);
int hv_evtchn_bind_virq(int fd, uint32_t virq);
int hv_evtchn_unbind(int fd, uint32_t port);
int hv_evtchn_notify(int fd, uint32_t port);
/* Next pending port (blocking unless the fd is non-blocking). */
int hv_evtchn_pending(int fd, uint32_t *port);
/* Re-enables delivery of PORT after it was read. */
int hv_evtchn_unmask(int fd, uint32_t port);

/* ---- /dev/xen/gntdev ---- */

int hv_gnttab_open(void);                                  /* fd or -errno */
/* Maps one granted page of DOM; NULL with *RC on failure.  *INDEX is
 * needed to unmap it. */
void *hv_gnttab_map(int fd, uint32_t dom, uint32_t ref, int prot,
                    uint64_t *index, int *rc);
int hv_gnttab_unmap(int fd, void *addr, uint64_t index);

#endif /* XENOLITH_HV_H */

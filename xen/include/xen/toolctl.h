/*
 * toolctl.h - the toolstack interface: hypercalls 35 (sysctl) and 36
 * (domctl) at interface version 0x15, and what they need from the arch.
 *
 * Both take one guest struct (xen_sysctl / xen_domctl), copied in whole
 * before anything else (a bad pointer is -EFAULT), then refuse a wrong
 * interface_version with -EACCES and a caller other than the control
 * domain with -EPERM (domctl looks the target domain up first, as Xen
 * does: a missing domain is -ESRCH even for an unprivileged caller).
 * Results go back by copying the whole struct out.  See
 * docs/toolstack-interface.md for every operation and its checks.
 */
#ifndef XEN_TOOLCTL_H
#define XEN_TOOLCTL_H

/* The hypervisor implements the toolstack ABI: its internal numbers too. */
#if !defined(__XEN__) && !defined(XEN_HOST_TEST)
#define __XEN__ 1
#endif

#include <xen/cpumask.h>   /* asm/config.h before the public headers */
#include <xen/types.h>
#include <public/xen.h>
#include <public/domctl.h>
#include <public/sysctl.h>

struct domain;
struct vcpu;

/* Hypercall handlers (registered by the arch's hypercall table). */
long do_sysctl(unsigned long arg);
long do_domctl(unsigned long arg);

/* Fills info for d, as XEN_DOMCTL_getdomaininfo reports it (domctl.c). */
void toolctl_getdomaininfo(struct domain *d,
                           struct xen_domctl_getdomaininfo *info);

/*
 * Copies host CPU policy `index` to guest arrays (0: only report counts):
 * *nr_* give the room and return the counts written, or the most we can
 * write with -ENOBUFS or a null array.  0 or -errno (sysctl.c).
 */
long toolctl_copy_cpu_policy(uint32_t index, uint32_t *nr_leaves,
                             unsigned long leaves, uint32_t *nr_msrs,
                             unsigned long msrs);

/* Layouts of the sysctl sub-ops our public header does not describe
 * (Xen 4.17 public/sysctl.h; sizes checked below). */
struct toolctl_cputopo {
    uint32_t core, socket, node;
};
struct toolctl_cputopoinfo {
    uint32_t num_cpus;
    uint64_aligned_t cputopo;           /* handle: toolctl_cputopo[] */
};
struct toolctl_meminfo {
    uint64_t memsize, memfree;
};
struct toolctl_numainfo {
    uint32_t num_nodes;
    uint64_aligned_t meminfo;           /* handle: toolctl_meminfo[] */
    uint64_aligned_t distance;          /* handle: uint32_t[n * n] */
};
#define TOOLCTL_CPUPOOL_OP_INFO  3
#define TOOLCTL_CPUPOOL_OP_FREEINFO 7
#define TOOLCTL_CPUPOOL_PAR_ANY  0xFFFFFFFFU
struct toolctl_cpupool_op {
    uint32_t op, cpupool_id, sched_id, domid, cpu, n_dom;
    struct xenctl_bitmap cpumap;
};
#define TOOLCTL_SCHEDOP_putinfo 0
#define TOOLCTL_SCHEDOP_getinfo 1
struct toolctl_sched_op {               /* XEN_SYSCTL_scheduler_op */
    uint32_t cpupool_id, sched_id, cmd;
    union {
        struct {                        /* xen_sysctl_credit_schedule */
            uint32_t tslice_ms, ratelimit_us, vcpu_migr_delay_us;
        } credit;
        uint64_aligned_t pad[2];
    } u;
};
_Static_assert(sizeof(struct toolctl_sched_op) == 32, "scheduler_op");
_Static_assert(sizeof(struct toolctl_cputopoinfo) == 16, "cputopoinfo");
_Static_assert(sizeof(struct toolctl_numainfo) == 24, "numainfo");
_Static_assert(sizeof(struct toolctl_cpupool_op) == 40, "cpupool_op");

/* ---- hooks the arch provides ---- */

/*
 * Host facts for XEN_SYSCTL_physinfo: the arch fills threads_per_core,
 * cores_per_socket, nr_cpus, max_cpu_id, cpu_khz, total_pages, hw_cap and
 * the capabilities it supports; common code adds the rest.
 */
void arch_physinfo(struct xen_sysctl_physinfo *pi);
/* Online physical CPUs: a bit per CPU number. */
uint64_t arch_online_cpus(void);

/*
 * A host CPUID/MSR policy (XEN_SYSCTL_cpu_policy_*), serialised as Xen's
 * toolstack expects.  *nr_leaves / *nr_msrs give the room on entry and the
 * number written on return; NULL arrays ask for the maximum counts.
 * 0, -EINVAL (unknown index) or -ENOBUFS (not enough room).
 */
#define TOOLCTL_MAX_LEAVES 64
#define TOOLCTL_MAX_MSRS   4
int arch_cpu_policy(uint32_t index, xen_cpuid_leaf_t *leaves,
                     uint32_t *nr_leaves, xen_msr_entry_t *msrs,
                     uint32_t *nr_msrs);
/* A feature bitmap (XEN_SYSCTL_cpu_featureset_*): words written, or
 * -EINVAL.  *nr is the room on entry (0 with NULL: ask for the size). */
#define TOOLCTL_FEATURESET_WORDS 16
int arch_cpu_featureset(uint32_t index, uint32_t *words, uint32_t *nr);

/*
 * A vCPU's register and descriptor state.  v is not running (its domain is
 * paused by the caller).  Set checks the whole context first and changes
 * nothing when it refuses one; a vCPU that already has a context may only
 * change what does not hold references (page tables, GDT and LDT must
 * stay), as Xen's arch_set_info_guest.  0 or -errno.
 */
int arch_get_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c);
int arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c);

#endif

/*
 * sysctl.c - hypercall 35: host-wide operations for the toolstack in the
 * control domain (Xen 4.17's XEN_SYSCTL_*, interface version 0x15).
 *
 * Order of checks, as Xen: copy the whole struct in (-EFAULT), interface
 * version (-EACCES), caller is the control domain (-EPERM), then the
 * operation.  The struct is copied back whole when the operation reports
 * something, including -ENOBUFS answers that carry the size needed.
 *
 * Served: readconsole, physinfo, sched_id, getdomaininfolist, cputopoinfo,
 * numainfo, cpupool_op (info/freeinfo of the single pool 0), scheduler_op
 * (credit's pool parameters, read-only), and the x86
 * get_cpu_featureset / get_cpu_policy through arch hooks.  Anything else
 * is -EOPNOTSUPP.  Nothing here changes hypervisor state except the
 * console's clear mark, so no operation can leave half-done state.
 */
#include <xen/console.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/toolctl.h>
#include <xen/xmalloc.h>

/* ---- readconsole ---- */

/*
 * Where `xl dmesg -c` last cleared the ring: reads that are not
 * incremental start here (or at the oldest byte still kept).  Running byte
 * counts, as console_read_ring's index.  Guarded by clear_lock.
 */
static DEFINE_SPINLOCK(clear_lock);
static uint64_t console_cleared;

/* The oldest readable position: after the clear mark and still kept. */
static uint64_t console_start(uint64_t written)
{
    uint64_t oldest = written > CONSOLE_RING_SIZE
                      ? written - CONSOLE_RING_SIZE : 0;
    uint64_t c;

    spin_lock(&clear_lock);
    c = console_cleared;
    spin_unlock(&clear_lock);
    return c > oldest ? c : oldest;
}

/*
 * Xen's rule: an incremental index inside (start, written] continues from
 * there; any other index (stale, or 0 on the first call) starts over.  The
 * ABI index is 32 bits of the running count; written - index (mod 2^32) is
 * how far behind the caller is.
 */
static uint64_t console_resume_point(uint64_t start, uint64_t written,
                                     uint32_t index)
{
    uint64_t behind = (uint32_t)((uint32_t)written - index);

    if (behind > written)
        return start;
    if (written - behind > start)
        return written - behind;
    return start;
}

static long sysctl_readconsole(struct xen_sysctl_readconsole *rc)
{
    uint64_t written = console_ring_written();
    uint64_t pos = console_start(written);
    unsigned long buf = guest_handle_addr(rc->buffer);
    uint32_t done = 0;
    char chunk[256];

    if (rc->incremental)
        pos = console_resume_point(pos, written, rc->index);
    while (done < rc->count) {
        size_t want = rc->count - done;
        size_t n;

        if (want > sizeof(chunk))
            want = sizeof(chunk);
        n = console_read_ring(chunk, want, &pos);
        if (!n)
            break;
        if (copy_to_guest(buf + done, chunk, n))
            return -EFAULT;
        done += n;
    }
    if (rc->clear) {
        spin_lock(&clear_lock);
        if (pos > console_cleared)
            console_cleared = pos;
        spin_unlock(&clear_lock);
    }
    rc->count = done;
    rc->index = (uint32_t)pos;
    return 0;
}

/* ---- physinfo, sched_id ---- */

static long sysctl_physinfo(struct xen_sysctl_physinfo *pi)
{
    memset(pi, 0, sizeof(*pi));
    arch_physinfo(pi);
    pi->nr_nodes = 1;
    pi->max_node_id = 0;
    pi->capabilities |= XEN_SYSCTL_PHYSCAP_gnttab_v1;
    /* Dirty free frames are scrubbed on allocation: they count as free. */
    pi->free_pages = heap_free_pages();
    pi->scrub_pages = 0;
    pi->outstanding_pages = 0;
    pi->max_mfn = max_mfn ? max_mfn - 1 : 0;
    return 0;
}

/* ---- getdomaininfolist ---- */

static long sysctl_getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
    unsigned long buf = guest_handle_addr(l->buffer);
    struct xen_domctl_getdomaininfo info;
    unsigned int left = domain_count();
    uint32_t n = 0;
    long rc = 0;

    /* Ids are sparse: stop once every existing domain has been seen. */
    for (unsigned int id = l->first_domain;
         id < DOMID_FIRST_RESERVED && n < l->max_domains && left; id++) {
        struct domain *d = get_domain_by_id((domid_t)id);

        if (!d)
            continue;
        left--;
        toolctl_getdomaininfo(d, &info);
        put_domain(d);
        if (copy_to_guest_elem(buf, n, &info, sizeof(info))) {
            rc = -EFAULT;
            break;
        }
        n++;
    }
    l->num_domains = n;
    return rc;
}

/* ---- CPU topology, NUMA, pools ---- */

static unsigned int cpu_id_limit(void)
{
    struct xen_sysctl_physinfo pi = { 0 };

    arch_physinfo(&pi);
    return pi.max_cpu_id + 1;
}

static long sysctl_cputopoinfo(struct toolctl_cputopoinfo *ti)
{
    unsigned int num = cpu_id_limit(), i;
    uint64_t online = arch_online_cpus();

    if (!ti->cputopo) {
        ti->num_cpus = num;
        return 0;
    }
    if (num > ti->num_cpus)
        num = ti->num_cpus;
    for (i = 0; i < num; i++) {
        struct toolctl_cputopo t = { ~0U, ~0U, ~0U };

        if (online >> i & 1) {
            t.core = i;             /* one socket of single-thread cores */
            t.socket = 0;
            t.node = 0;
        }
        if (copy_to_guest_elem(ti->cputopo, i, &t, sizeof(t)))
            return -EFAULT;
    }
    ti->num_cpus = i;
    return 0;
}

static long sysctl_numainfo(struct toolctl_numainfo *ni)
{
    struct toolctl_meminfo m;
    uint32_t dist = 10;             /* ACPI SLIT: local distance */
    struct xen_sysctl_physinfo pi = { 0 };

    if (!ni->meminfo && !ni->distance) {
        ni->num_nodes = 1;
        return 0;
    }
    if (ni->num_nodes < 1) {
        ni->num_nodes = 1;
        return -ENOBUFS;
    }
    arch_physinfo(&pi);
    m.memsize = pi.total_pages << PAGE_SHIFT;
    m.memfree = (uint64_t)heap_free_pages() << PAGE_SHIFT;
    if (ni->meminfo && copy_to_guest(ni->meminfo, &m, sizeof(m)))
        return -EFAULT;
    if (ni->distance && copy_to_guest(ni->distance, &dist, sizeof(dist)))
        return -EFAULT;
    ni->num_nodes = 1;
    return 0;
}

/*
 * Writes a CPU bitmap as Xen does: the caller's nr_bits decide how many
 * bytes it gets; bytes beyond ours are zero.
 */
static int put_cpu_bitmap(struct xenctl_bitmap *b, uint64_t mask)
{
    unsigned int bytes = (b->nr_bits + 7) / 8;
    unsigned long dst = guest_handle_addr(b->bitmap);

    for (unsigned int i = 0; i < bytes; i++) {
        uint8_t v = i < 8 ? (uint8_t)(mask >> (8 * i)) : 0;

        if (copy_to_guest(dst + i, &v, 1))
            return -EFAULT;
    }
    return 0;
}

static long sysctl_cpupool_op(struct toolctl_cpupool_op *op)
{
    switch (op->op) {
    case TOOLCTL_CPUPOOL_OP_INFO:
        /* The next pool at or after the id: only pool 0 exists. */
        if (op->cpupool_id != 0 && op->cpupool_id != TOOLCTL_CPUPOOL_PAR_ANY)
            return -ENOENT;
        op->cpupool_id = 0;
        op->sched_id = XEN_SCHEDULER_CREDIT;
        op->n_dom = domain_count();
        return put_cpu_bitmap(&op->cpumap, arch_online_cpus());
    case TOOLCTL_CPUPOOL_OP_FREEINFO:
        return put_cpu_bitmap(&op->cpumap, 0);   /* every CPU is in pool 0 */
    }
    return -EOPNOTSUPP;
}

/*
 * Pool-wide scheduler parameters (`xl sched-credit` prints them).  Ours are
 * fixed: a slice is at most SCHED_MAX_SLICE and at least SCHED_SLICE when
 * others wait, which is what credit's tslice and ratelimit describe.
 */
static long sysctl_scheduler_op(struct toolctl_sched_op *s)
{
    if (s->cpupool_id != 0)
        return -ESRCH;
    if (s->sched_id != XEN_SCHEDULER_CREDIT)
        return -EINVAL;
    switch (s->cmd) {
    case TOOLCTL_SCHEDOP_getinfo:
        s->u.credit.tslice_ms = SCHED_MAX_SLICE / MILLISECS(1);
        s->u.credit.ratelimit_us = SCHED_SLICE / MICROSECS(1);
        s->u.credit.vcpu_migr_delay_us = 0;
        return 0;
    case TOOLCTL_SCHEDOP_putinfo:
        return -EOPNOTSUPP;
    }
    return -EINVAL;
}

/* ---- CPU policies (x86) ---- */

static long sysctl_cpu_featureset(struct xen_sysctl_cpu_featureset *f)
{
    uint32_t words[TOOLCTL_FEATURESET_WORDS];
    uint32_t nr = TOOLCTL_FEATURESET_WORDS;
    int rc;

    if (!guest_handle_addr(f->features)) {
        f->nr_features = TOOLCTL_FEATURESET_WORDS;
        return 0;
    }
    rc = arch_cpu_featureset(f->index, words, &nr);
    if (rc)
        return rc;
    /* Fewer words than we have: the caller's build knows fewer features;
     * give it what it has room for (Xen says -ENOBUFS, libxc copes). */
    if (nr > f->nr_features)
        nr = f->nr_features;
    if (copy_to_guest(guest_handle_addr(f->features), words,
                      nr * sizeof(words[0])))
        return -EFAULT;
    f->nr_features = nr;
    return 0;
}

long toolctl_copy_cpu_policy(uint32_t index, uint32_t *nr_leaves,
                             unsigned long leaves, uint32_t *nr_msrs,
                             unsigned long msrs)
{
    xen_cpuid_leaf_t *l;
    xen_msr_entry_t m[TOOLCTL_MAX_MSRS];
    uint32_t nl = TOOLCTL_MAX_LEAVES, nm = TOOLCTL_MAX_MSRS;
    long rc;

    l = xzalloc_array(xen_cpuid_leaf_t, TOOLCTL_MAX_LEAVES);
    if (!l)
        return -ENOMEM;
    rc = arch_cpu_policy(index, l, &nl, m, &nm);
    if (!rc && leaves && nl > *nr_leaves)
        rc = -ENOBUFS;
    if (!rc && msrs && nm > *nr_msrs)
        rc = -ENOBUFS;
    if (!rc && leaves && copy_to_guest(leaves, l, nl * sizeof(*l)))
        rc = -EFAULT;
    if (!rc && msrs && copy_to_guest(msrs, m, nm * sizeof(*m)))
        rc = -EFAULT;
    if (!rc || rc == -ENOBUFS) {
        /* Null handles ask for the most we could ever write. */
        *nr_leaves = leaves && !rc ? nl : TOOLCTL_MAX_LEAVES;
        *nr_msrs = msrs && !rc ? nm : TOOLCTL_MAX_MSRS;
    }
    xfree(l);
    return rc;
}

static long sysctl_cpu_policy(struct xen_sysctl_cpu_policy *p)
{
    if (p->_rsvd)
        return -EINVAL;
    return toolctl_copy_cpu_policy(p->index, &p->nr_leaves,
                                   guest_handle_addr(p->leaves),
                                   &p->nr_msrs, guest_handle_addr(p->msrs));
}

/* ---- dispatch ---- */

/* Runs op; *copyback says whether the struct goes back to the caller. */
static long sysctl_dispatch(struct xen_sysctl *op, bool *copyback)
{
    *copyback = true;
    switch (op->cmd) {
    case XEN_SYSCTL_readconsole:
        return sysctl_readconsole(&op->u.readconsole);
    case XEN_SYSCTL_physinfo:
        return sysctl_physinfo(&op->u.physinfo);
    case XEN_SYSCTL_sched_id:
        op->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
        return 0;
    case XEN_SYSCTL_getdomaininfolist:
        return sysctl_getdomaininfolist(&op->u.getdomaininfolist);
    case XEN_SYSCTL_cputopoinfo:
        return sysctl_cputopoinfo((struct toolctl_cputopoinfo *)&op->u);
    case XEN_SYSCTL_numainfo:
        return sysctl_numainfo((struct toolctl_numainfo *)&op->u);
    case XEN_SYSCTL_cpupool_op:
        return sysctl_cpupool_op((struct toolctl_cpupool_op *)&op->u);
    case XEN_SYSCTL_scheduler_op:
        return sysctl_scheduler_op((struct toolctl_sched_op *)&op->u);
    case XEN_SYSCTL_get_cpu_featureset:
        return sysctl_cpu_featureset(&op->u.cpu_featureset);
    case XEN_SYSCTL_get_cpu_policy:
        return sysctl_cpu_policy(&op->u.cpu_policy);
    }
    *copyback = false;
    return -EOPNOTSUPP;
}

long do_sysctl(unsigned long arg)
{
    struct xen_sysctl op;
    bool copyback;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!current->domain->is_privileged)
        return -EPERM;
    rc = sysctl_dispatch(&op, &copyback);
    if (copyback && (rc == 0 || rc == -ENOBUFS) &&
        copy_to_guest(arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}

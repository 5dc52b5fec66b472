/*
 * test_sysctl.c - hypercall 35 (xen/common/sysctl.c) as `xl dmesg`,
 * `xl info`, `xl list` and libxl's domain creation use it, with hostile
 * callers (wrong version, unprivileged, bad pointers, short buffers).
 */
#include <stdlib.h>
#include "unit.h"
#include "host_toolctl.h"
#include <xen/console.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/toolctl.h>

#define FRAMES 4096

static struct domain *dom0;
static struct xen_sysctl op;
static char buf[CONSOLE_RING_SIZE * 2];

static void world(void)
{
    int err;

    host_sched_world_init(FRAMES, 2);
    host_guest_windows_clear();
    host_console_reset();
    dom0 = domain_create(0, 1, DOMCREATE_privileged, &err);
    domain_unpause(dom0);
    host_current = dom0->vcpu[0];
    host_guest_window_add(&op, sizeof(op));
    host_guest_window_add(buf, sizeof(buf));
}

static long sysctl(uint32_t cmd)
{
    op.cmd = cmd;
    op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return do_sysctl((unsigned long)&op);
}

/* One readconsole call into buf. */
static long readcon(uint32_t count, bool incremental, bool clear,
                    uint32_t index)
{
    memset(&op, 0, sizeof(op));
    op.u.readconsole.buffer.p = buf;
    op.u.readconsole.count = count;
    op.u.readconsole.incremental = incremental;
    op.u.readconsole.clear = clear;
    op.u.readconsole.index = index;
    return sysctl(XEN_SYSCTL_readconsole);
}

TEST(header_checks)
{
    struct domain *u;
    int err;

    world();
    op.cmd = XEN_SYSCTL_physinfo;
    op.interface_version = 0x13;
    CHECK_EQ(do_sysctl((unsigned long)&op), -EACCES);
    CHECK_EQ(do_sysctl(16), -EFAULT);
    CHECK_EQ(do_sysctl((unsigned long)&op + 8), -EFAULT);
    CHECK_EQ(sysctl(12345), -EOPNOTSUPP);
    CHECK_EQ(sysctl(XEN_SYSCTL_debug_keys), -EOPNOTSUPP);
    u = domain_create(DOMID_INVALID, 1, 0, &err);
    host_current = u->vcpu[0];
    CHECK_EQ(sysctl(XEN_SYSCTL_physinfo), -EPERM);
    CHECK_EQ(readcon(10, false, true, 0), -EPERM);
    host_current = dom0->vcpu[0];
}

TEST(readconsole_whole_incremental_and_clear)
{
    world();
    host_console_put("hello\nworld\n", 12);
    CHECK_EQ(readcon(100, false, false, 0), 0);
    CHECK_EQ(op.u.readconsole.count, 12);
    CHECK(memcmp(buf, "hello\nworld\n", 12) == 0);
    CHECK_EQ(op.u.readconsole.index, 12);
    /* xl dmesg's loop: incremental from 0 in small pieces. */
    CHECK_EQ(readcon(5, true, false, 0), 0);
    CHECK_EQ(op.u.readconsole.count, 5);
    CHECK_EQ(op.u.readconsole.index, 5);
    CHECK_EQ(readcon(100, true, false, 5), 0);
    CHECK_EQ(op.u.readconsole.count, 7);
    CHECK(memcmp(buf, "\nworld\n", 7) == 0);
    CHECK_EQ(readcon(100, true, false, 12), 0);
    CHECK_EQ(op.u.readconsole.count, 0);
    /* A stale or future index starts at the beginning. */
    CHECK_EQ(readcon(100, true, false, 9999), 0);
    CHECK_EQ(op.u.readconsole.count, 12);
    /* Clear forgets what was read; new output still shows. */
    CHECK_EQ(readcon(6, false, true, 0), 0);
    CHECK_EQ(op.u.readconsole.count, 6);
    CHECK_EQ(readcon(100, false, false, 0), 0);
    CHECK_EQ(op.u.readconsole.count, 6);
    CHECK(memcmp(buf, "world\n", 6) == 0);
    CHECK_EQ(readcon(100, false, true, 0), 0);
    host_console_put("more\n", 5);
    CHECK_EQ(readcon(100, false, false, 0), 0);
    CHECK_EQ(op.u.readconsole.count, 5);
    /* Count 0, bad buffer. */
    CHECK_EQ(readcon(0, false, false, 0), 0);
    CHECK_EQ(op.u.readconsole.count, 0);
    memset(&op, 0, sizeof(op));
    op.u.readconsole.buffer.p = (char *)64;
    op.u.readconsole.count = 10;
    CHECK_EQ(sysctl(XEN_SYSCTL_readconsole), -EFAULT);
}

TEST(readconsole_after_the_ring_wrapped)
{
    static char big[CONSOLE_RING_SIZE + 100];

    world();
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)('a' + i % 26);
    host_console_put(big, sizeof(big));
    CHECK_EQ(readcon(sizeof(buf), false, false, 0), 0);
    CHECK_EQ(op.u.readconsole.count, CONSOLE_RING_SIZE);
    CHECK_EQ(buf[0], big[100]);
    CHECK_EQ(op.u.readconsole.index, (uint32_t)sizeof(big));
}

TEST(physinfo_and_sched_id)
{
    struct xen_sysctl_physinfo *pi = &op.u.physinfo;

    world();
    memset(&op, 0, sizeof(op));
    CHECK_EQ(sysctl(XEN_SYSCTL_physinfo), 0);
    CHECK_EQ(pi->nr_cpus, 2);
    CHECK_EQ(pi->max_cpu_id, 1);
    CHECK_EQ(pi->threads_per_core, 1);
    CHECK_EQ(pi->cores_per_socket, 2);
    CHECK_EQ(pi->nr_nodes, 1);
    CHECK_EQ(pi->cpu_khz, HOST_CPU_KHZ);
    CHECK_EQ(pi->capabilities,
             XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1);
    CHECK_EQ(pi->total_pages, FRAMES);
    CHECK_EQ(pi->free_pages, heap_free_pages());
    CHECK_EQ(pi->scrub_pages, 0);
    CHECK_EQ(pi->max_mfn, FRAMES - 1);
    CHECK(pi->hw_cap[0] != 0);
    CHECK_EQ(sysctl(XEN_SYSCTL_sched_id), 0);
    CHECK_EQ(op.u.sched_id.sched_id, XEN_SCHEDULER_CREDIT);
}

TEST(getdomaininfolist_in_id_order)
{
    struct xen_domctl_getdomaininfo info[4];
    struct xen_sysctl_getdomaininfolist *l = &op.u.getdomaininfolist;
    int err;

    world();
    domain_create(5, 1, 0, &err);
    domain_create(3, 2, 0, &err);
    host_guest_window_add(info, sizeof(info));
    memset(&op, 0, sizeof(op));
    l->first_domain = 0;
    l->max_domains = 4;
    l->buffer.p = info;
    CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), 0);
    CHECK_EQ(l->num_domains, 3);
    CHECK_EQ(info[0].domain, 0);
    CHECK_EQ(info[1].domain, 3);
    CHECK_EQ(info[2].domain, 5);
    CHECK(info[1].flags & XEN_DOMINF_paused ? 0 : 1);  /* not via domctl */
    l->first_domain = 4;
    CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), 0);
    CHECK_EQ(l->num_domains, 1);
    CHECK_EQ(info[0].domain, 5);
    l->first_domain = 0;
    l->max_domains = 1;
    CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), 0);
    CHECK_EQ(l->num_domains, 1);
    l->max_domains = 5;                               /* room for 4 */
    CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), 0);
    l->buffer.p = &info[2];                           /* room for 2 */
    CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), -EFAULT);
}

TEST(cputopo_numa_and_cpupool)
{
    struct toolctl_cputopo topo[4];
    struct toolctl_meminfo mem[2];
    uint32_t dist[4];
    uint8_t map[4];
    struct toolctl_cputopoinfo *ti = (void *)&op.u;
    struct toolctl_numainfo *ni = (void *)&op.u;
    struct toolctl_cpupool_op *cp = (void *)&op.u;

    world();
    host_guest_window_add(topo, sizeof(topo));
    host_guest_window_add(mem, sizeof(mem));
    host_guest_window_add(dist, sizeof(dist));
    host_guest_window_add(map, sizeof(map));
    memset(&op, 0, sizeof(op));
    CHECK_EQ(sysctl(XEN_SYSCTL_cputopoinfo), 0);      /* size query */
    CHECK_EQ(ti->num_cpus, 2);
    ti->num_cpus = 4;
    ti->cputopo = (unsigned long)topo;
    CHECK_EQ(sysctl(XEN_SYSCTL_cputopoinfo), 0);
    CHECK_EQ(ti->num_cpus, 2);
    CHECK_EQ(topo[1].core, 1);
    CHECK_EQ(topo[1].socket, 0);
    CHECK_EQ(topo[1].node, 0);
    ti->num_cpus = 1;
    CHECK_EQ(sysctl(XEN_SYSCTL_cputopoinfo), 0);
    CHECK_EQ(ti->num_cpus, 1);
    ti->num_cpus = 4;
    ti->cputopo = 8;
    CHECK_EQ(sysctl(XEN_SYSCTL_cputopoinfo), -EFAULT);

    memset(&op, 0, sizeof(op));
    CHECK_EQ(sysctl(XEN_SYSCTL_numainfo), 0);
    CHECK_EQ(ni->num_nodes, 1);
    ni->meminfo = (unsigned long)mem;
    ni->distance = (unsigned long)dist;
    ni->num_nodes = 0;
    CHECK_EQ(sysctl(XEN_SYSCTL_numainfo), -ENOBUFS);
    CHECK_EQ(ni->num_nodes, 1);
    CHECK_EQ(sysctl(XEN_SYSCTL_numainfo), 0);
    CHECK_EQ(mem[0].memsize, (uint64_t)FRAMES * PAGE_SIZE);
    CHECK_EQ(dist[0], 10);

    memset(&op, 0, sizeof(op));
    memset(map, 0xff, sizeof(map));
    cp->op = TOOLCTL_CPUPOOL_OP_INFO;
    cp->cpumap.bitmap.p = map;
    cp->cpumap.nr_bits = 32;
    CHECK_EQ(sysctl(XEN_SYSCTL_cpupool_op), 0);
    CHECK_EQ(cp->cpupool_id, 0);
    CHECK_EQ(cp->sched_id, XEN_SCHEDULER_CREDIT);
    CHECK_EQ(cp->n_dom, 1);
    CHECK_EQ(map[0], 3);
    CHECK_EQ(map[3], 0);
    cp->cpupool_id = 1;
    CHECK_EQ(sysctl(XEN_SYSCTL_cpupool_op), -ENOENT);
    cp->cpupool_id = TOOLCTL_CPUPOOL_PAR_ANY;
    CHECK_EQ(sysctl(XEN_SYSCTL_cpupool_op), 0);
    cp->op = TOOLCTL_CPUPOOL_OP_FREEINFO;
    CHECK_EQ(sysctl(XEN_SYSCTL_cpupool_op), 0);
    CHECK_EQ(map[0], 0);
    cp->op = 1;                                       /* create */
    CHECK_EQ(sysctl(XEN_SYSCTL_cpupool_op), -EOPNOTSUPP);
    cp->op = TOOLCTL_CPUPOOL_OP_INFO;
    cp->cpupool_id = 0;
    cp->cpumap.bitmap.p = (void *)8;
    CHECK_EQ(sysctl(XEN_SYSCTL_cpupool_op), -EFAULT);
}

TEST(cpu_featureset_and_policy)
{
    uint32_t words[TOOLCTL_FEATURESET_WORDS + 4];
    xen_cpuid_leaf_t leaves[8];
    xen_msr_entry_t msrs[4];
    struct xen_sysctl_cpu_featureset *f = &op.u.cpu_featureset;
    struct xen_sysctl_cpu_policy *p = &op.u.cpu_policy;

    world();
    host_guest_window_add(words, sizeof(words));
    host_guest_window_add(leaves, sizeof(leaves));
    host_guest_window_add(msrs, sizeof(msrs));
    memset(&op, 0, sizeof(op));
    CHECK_EQ(sysctl(XEN_SYSCTL_get_cpu_featureset), 0);
    CHECK_EQ(f->nr_features, TOOLCTL_FEATURESET_WORDS);
    f->index = XEN_SYSCTL_cpu_featureset_host;
    f->features.p = words;
    f->nr_features = 4;                       /* an older libxc */
    CHECK_EQ(sysctl(XEN_SYSCTL_get_cpu_featureset), 0);
    CHECK_EQ(f->nr_features, 4);
    CHECK_EQ(words[3], 103);
    f->index = XEN_SYSCTL_cpu_featureset_hvm;
    CHECK_EQ(sysctl(XEN_SYSCTL_get_cpu_featureset), -EINVAL);

    memset(&op, 0, sizeof(op));
    p->index = XEN_SYSCTL_cpu_policy_pv_default;
    CHECK_EQ(sysctl(XEN_SYSCTL_get_cpu_policy), 0);   /* size query */
    CHECK_EQ(p->nr_leaves, TOOLCTL_MAX_LEAVES);
    CHECK_EQ(p->nr_msrs, TOOLCTL_MAX_MSRS);
    p->leaves.p = leaves;
    p->msrs.p = msrs;
    p->nr_leaves = 8;
    p->nr_msrs = 4;
    CHECK_EQ(sysctl(XEN_SYSCTL_get_cpu_policy), 0);
    CHECK_EQ(p->nr_leaves, HOST_POLICY_LEAVES);
    CHECK_EQ(p->nr_msrs, 2);
    CHECK_EQ(leaves[4].leaf, 4);
    CHECK_EQ(msrs[1].idx, 0x10a);
    p->nr_leaves = 2;
    CHECK_EQ(sysctl(XEN_SYSCTL_get_cpu_policy), -ENOBUFS);
    CHECK_EQ(p->nr_leaves, TOOLCTL_MAX_LEAVES);       /* copied back */
    p->nr_leaves = 8;
    p->index = XEN_SYSCTL_cpu_policy_hvm_default;
    CHECK_EQ(sysctl(XEN_SYSCTL_get_cpu_policy), -EOPNOTSUPP);
    p->index = 6;
    CHECK_EQ(sysctl(XEN_SYSCTL_get_cpu_policy), -EINVAL);
    p->index = 0;
    p->_rsvd = 1;
    CHECK_EQ(sysctl(XEN_SYSCTL_get_cpu_policy), -EINVAL);
    p->_rsvd = 0;
    p->leaves.p = (void *)8;
    CHECK_EQ(sysctl(XEN_SYSCTL_get_cpu_policy), -EFAULT);
}

TEST(scheduler_op_pool_parameters)
{
    struct toolctl_sched_op *s = (void *)&op.u;

    world();
    memset(&op, 0, sizeof(op));
    s->sched_id = XEN_SCHEDULER_CREDIT;
    s->cmd = TOOLCTL_SCHEDOP_getinfo;
    CHECK_EQ(sysctl(XEN_SYSCTL_scheduler_op), 0);
    CHECK_EQ(s->u.credit.tslice_ms, 10);
    CHECK_EQ(s->u.credit.ratelimit_us, 1000);
    s->cmd = TOOLCTL_SCHEDOP_putinfo;
    CHECK_EQ(sysctl(XEN_SYSCTL_scheduler_op), -EOPNOTSUPP);
    s->cmd = 7;
    CHECK_EQ(sysctl(XEN_SYSCTL_scheduler_op), -EINVAL);
    s->cmd = TOOLCTL_SCHEDOP_getinfo;
    s->sched_id = XEN_SCHEDULER_CREDIT2;
    CHECK_EQ(sysctl(XEN_SYSCTL_scheduler_op), -EINVAL);
    s->cpupool_id = 1;
    CHECK_EQ(sysctl(XEN_SYSCTL_scheduler_op), -ESRCH);
}

/*
 * toolctl_host.c - the x86 facts the toolstack interface reports
 * (xen/toolctl.h hooks): CPUs and memory for XEN_SYSCTL_physinfo, and the
 * CPUID policies and feature sets libxl reads when it builds a domain.
 *
 * Policies are serialised as Xen 4.17's libxc expects
 * (x86_cpuid_copy_from_buffer): basic leaves up to 0xd, leaf 4 sub-leaves
 * up to 5, leaf 7 sub-leaves 0-1, leaf 0xb sub-leaves 0-1, leaf 0xd
 * sub-leaves 0-1, extended leaves up to 0x80000008, other leaves with
 * XEN_CPUID_NO_SUBLEAF; any leaf outside that would make libxc refuse the
 * whole policy.  The PV policies are what a PV guest's CPUID shows
 * (cpuid_policy.h); raw and host are the CPU's own answers.  MSRs: the two
 * Xen 4.17 serialises (PLATFORM_INFO, ARCH_CAPABILITIES), as zero.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/toolctl.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/time.h>
#include "cpuid_policy.h"

#define MAX_BASIC_LEAF 0xdU
#define MAX_EXTD_LEAF  0x80000008U
#define MSR_INTEL_PLATFORM_INFO 0xce
#define MSR_ARCH_CAPABILITIES   0x10a

uint64_t arch_online_cpus(void)
{
    uint64_t m = 0;
    unsigned int c;

    for_each_online_cpu(c)
        m |= 1ULL << c;
    return m;
}

static unsigned long ram_pages(void)
{
    unsigned long n = 0;

    for (unsigned int i = 0; i < e820.nr; i++)
        if (e820.map[i].type == E820_RAM)
            n += e820.map[i].size >> PAGE_SHIFT;
    return n;
}

void arch_physinfo(struct xen_sysctl_physinfo *pi)
{
    uint64_t online = arch_online_cpus();
    uint32_t a, b, c, d;

    /* One socket of single-thread cores (we do not read the topology). */
    pi->threads_per_core = 1;
    for (uint64_t m = online; m; m &= m - 1)   /* no libgcc popcount */
        pi->nr_cpus++;
    pi->cores_per_socket = pi->nr_cpus ? pi->nr_cpus : 1;
    pi->max_cpu_id = online ? 63 - __builtin_clzll(online) : 0;
    pi->cpu_khz = (uint32_t)cpu_khz;
    pi->capabilities |= XEN_SYSCTL_PHYSCAP_pv;
    pi->total_pages = ram_pages();
    /* Xen's first featureset words: 1d, 1c, e1d, e1c, Da1, 7b0, 7c0, e7d. */
    cpuid_count(1, 0, &a, &b, &c, &d);
    pi->hw_cap[0] = d;
    pi->hw_cap[1] = c;
    cpuid_count(0x80000000, 0, &a, &b, &c, &d);
    if (a >= 0x80000001) {
        cpuid_count(0x80000001, 0, &a, &b, &c, &d);
        pi->hw_cap[2] = d;
        pi->hw_cap[3] = c;
    }
    cpuid_count(0, 0, &a, &b, &c, &d);
    if (a >= 7) {
        cpuid_count(7, 0, &a, &b, &c, &d);
        pi->hw_cap[5] = b;
        pi->hw_cap[6] = c;
    }
}

/* ---- CPUID policies ---- */

struct leaf_sink {
    xen_cpuid_leaf_t *out;      /* NULL: count only */
    uint32_t room, nr;
    bool pv;                    /* filter through the PV policy */
};

static void emit_leaf(struct leaf_sink *s, uint32_t leaf, uint32_t sub,
                      bool has_sub)
{
    struct pv_cpuid_opts o = { .dom0 = false, .xen_major = 4,
                               .xen_minor = 17 };
    uint32_t r[4];

    cpuid_count(leaf, has_sub ? sub : 0, &r[0], &r[1], &r[2], &r[3]);
    if (s->pv)
        pv_cpuid_policy(leaf, sub, r, &o);
    if (leaf == 0 && r[0] > MAX_BASIC_LEAF)
        r[0] = MAX_BASIC_LEAF;
    if (leaf == 0x80000000 && r[0] > MAX_EXTD_LEAF)
        r[0] = MAX_EXTD_LEAF;
    if (s->out && s->nr < s->room)
        s->out[s->nr] = (xen_cpuid_leaf_t){
            .leaf = leaf, .subleaf = has_sub ? sub : XEN_CPUID_NO_SUBLEAF,
            .a = r[0], .b = r[1], .c = r[2], .d = r[3],
        };
    s->nr++;
}

/* Sub-leaves a basic leaf has in the serialised form: 0 = none. */
static unsigned int nr_subleaves(uint32_t leaf)
{
    switch (leaf) {
    case 4:   return 6;
    case 7:   return 2;
    case 0xb: return 2;
    case 0xd: return 2;
    }
    return 0;
}

static void emit_policy(struct leaf_sink *s)
{
    uint32_t max, b, c, d;

    cpuid_count(0, 0, &max, &b, &c, &d);
    if (max > MAX_BASIC_LEAF)
        max = MAX_BASIC_LEAF;
    for (uint32_t l = 0; l <= max; l++) {
        unsigned int subs = nr_subleaves(l);

        if (!subs)
            emit_leaf(s, l, 0, false);
        for (unsigned int i = 0; i < subs; i++)
            emit_leaf(s, l, i, true);
    }
    cpuid_count(0x80000000, 0, &max, &b, &c, &d);
    if (max < 0x80000000)
        return;
    if (max > MAX_EXTD_LEAF)
        max = MAX_EXTD_LEAF;
    for (uint32_t l = 0x80000000; l <= max; l++)
        emit_leaf(s, l, 0, false);
}

int arch_cpu_policy(uint32_t index, xen_cpuid_leaf_t *leaves,
                    uint32_t *nr_leaves, xen_msr_entry_t *msrs,
                    uint32_t *nr_msrs)
{
    struct leaf_sink s = { .out = leaves, .room = *nr_leaves };

    switch (index) {
    case XEN_SYSCTL_cpu_policy_raw:
    case XEN_SYSCTL_cpu_policy_host:
        break;
    case XEN_SYSCTL_cpu_policy_pv_max:
    case XEN_SYSCTL_cpu_policy_pv_default:
        s.pv = true;
        break;
    case XEN_SYSCTL_cpu_policy_hvm_max:
    case XEN_SYSCTL_cpu_policy_hvm_default:
        return -EOPNOTSUPP;         /* no HVM, as Xen without it */
    default:
        return -EINVAL;
    }
    emit_policy(&s);
    if (s.nr > s.room || *nr_msrs < 2)
        return -ENOBUFS;
    *nr_leaves = s.nr;
    msrs[0] = (xen_msr_entry_t){ .idx = MSR_INTEL_PLATFORM_INFO };
    msrs[1] = (xen_msr_entry_t){ .idx = MSR_ARCH_CAPABILITIES };
    *nr_msrs = 2;
    return 0;
}

/* ---- feature sets ---- */

/* Xen's featureset word order: 1d 1c e1d e1c Da1 7b0 7c0 e7d e8b 7d0 ... */
static void policy_featureset(bool pv, uint32_t *w)
{
    struct pv_cpuid_opts o = { .xen_major = 4, .xen_minor = 17 };
    uint32_t r[4], max;

    memset(w, 0, TOOLCTL_FEATURESET_WORDS * sizeof(*w));
    cpuid_count(1, 0, &r[0], &r[1], &r[2], &r[3]);
    if (pv)
        pv_cpuid_policy(1, 0, r, &o);
    w[0] = r[3];
    w[1] = r[2];
    cpuid_count(0x80000000, 0, &max, &r[1], &r[2], &r[3]);
    if (max >= 0x80000001) {
        cpuid_count(0x80000001, 0, &r[0], &r[1], &r[2], &r[3]);
        if (pv)
            pv_cpuid_policy(0x80000001, 0, r, &o);
        w[2] = r[3];
        w[3] = r[2];
    }
    cpuid_count(0, 0, &max, &r[1], &r[2], &r[3]);
    if (max >= 7) {
        cpuid_count(7, 0, &r[0], &r[1], &r[2], &r[3]);
        if (pv)
            pv_cpuid_policy(7, 0, r, &o);
        w[5] = r[1];
        w[6] = r[2];
        w[9] = r[3];
    }
}

int arch_cpu_featureset(uint32_t index, uint32_t *words, uint32_t *nr)
{
    switch (index) {
    case XEN_SYSCTL_cpu_featureset_raw:
    case XEN_SYSCTL_cpu_featureset_host:
        policy_featureset(false, words);
        break;
    case XEN_SYSCTL_cpu_featureset_pv:
    case XEN_SYSCTL_cpu_featureset_pv_max:
        policy_featureset(true, words);
        break;
    default:
        return -EINVAL;             /* HVM sets do not exist here */
    }
    *nr = TOOLCTL_FEATURESET_WORDS;
    return 0;
}

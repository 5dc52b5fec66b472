/*
 * host_toolctl.c - the hooks xen/common/{domctl,sysctl}.c need beyond
 * host.c, for the toolstack-interface unit tests: a simulated machine's
 * facts and CPU policy, a console ring, and vCPU contexts kept in a table
 * beside the vCPUs (the x86 PV state does not exist on the host).
 */
#include <stdlib.h>
#include <string.h>
#include "host_toolctl.h"
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/toolctl.h>

/* ---- console ---- */
static char ring[CONSOLE_RING_SIZE];
static uint64_t ring_written;

void host_console_reset(void)
{
    ring_written = 0;
}

void host_console_put(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        ring[ring_written++ & (CONSOLE_RING_SIZE - 1)] = s[i];
}

size_t console_read_ring(char *buf, size_t len, uint64_t *index)
{
    size_t n = 0;

    if (ring_written > CONSOLE_RING_SIZE &&
        *index < ring_written - CONSOLE_RING_SIZE)
        *index = ring_written - CONSOLE_RING_SIZE;
    while (n < len && *index < ring_written)
        buf[n++] = ring[(*index)++ & (CONSOLE_RING_SIZE - 1)];
    return n;
}

uint64_t console_ring_written(void)
{
    return ring_written;
}

/* ---- machine facts ---- */
uint64_t arch_online_cpus(void)
{
    return (1ULL << host_nr_cpus) - 1;
}

void arch_physinfo(struct xen_sysctl_physinfo *pi)
{
    pi->threads_per_core = 1;
    pi->cores_per_socket = host_nr_cpus;
    pi->nr_cpus = host_nr_cpus;
    pi->max_cpu_id = host_nr_cpus - 1;
    pi->cpu_khz = HOST_CPU_KHZ;
    pi->capabilities |= XEN_SYSCTL_PHYSCAP_pv;
    pi->total_pages = host_nr_frames;
    pi->hw_cap[0] = 0x178bfbff;
}

int arch_cpu_policy(uint32_t index, xen_cpuid_leaf_t *leaves,
                    uint32_t *nr_leaves, xen_msr_entry_t *msrs,
                    uint32_t *nr_msrs)
{
    if (index == 3 || index == 5)
        return -EOPNOTSUPP;
    if (index > 5)
        return -EINVAL;
    if (*nr_leaves < HOST_POLICY_LEAVES || *nr_msrs < 2)
        return -ENOBUFS;
    for (uint32_t i = 0; i < HOST_POLICY_LEAVES; i++)
        leaves[i] = (xen_cpuid_leaf_t){ .leaf = i,
                                        .subleaf = XEN_CPUID_NO_SUBLEAF,
                                        .a = index };
    msrs[0] = (xen_msr_entry_t){ .idx = 0xce };
    msrs[1] = (xen_msr_entry_t){ .idx = 0x10a };
    *nr_leaves = HOST_POLICY_LEAVES;
    *nr_msrs = 2;
    return 0;
}

int arch_cpu_featureset(uint32_t index, uint32_t *words, uint32_t *nr)
{
    if (index > 2 && index != 4)
        return -EINVAL;
    for (uint32_t i = 0; i < TOOLCTL_FEATURESET_WORDS; i++)
        words[i] = index * 100 + i;
    *nr = TOOLCTL_FEATURESET_WORDS;
    return 0;
}

/* ---- vCPU contexts ---- */
#define MAX_CTX 64
static struct { struct vcpu *v; struct vcpu_guest_context c; } ctx[MAX_CTX];
int host_set_context_rc;

void host_contexts_reset(void)
{
    memset(ctx, 0, sizeof(ctx));
    host_set_context_rc = 0;
}

static int slot(struct vcpu *v, bool make)
{
    for (int i = 0; i < MAX_CTX; i++)
        if (ctx[i].v == v)
            return i;
    for (int i = 0; make && i < MAX_CTX; i++)
        if (!ctx[i].v) {
            ctx[i].v = v;
            return i;
        }
    return -1;
}

int arch_get_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c)
{
    int i = slot(v, false);

    if (i < 0)
        return -ENODATA;
    *c = ctx[i].c;
    return 0;
}

int arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    int i;

    if (host_set_context_rc)
        return host_set_context_rc;
    if (!(c->ctrlreg[3] >> 12))
        return -EINVAL;           /* as the x86 side: a kernel L4 always */
    i = slot(v, true);
    if (i < 0)
        return -ENOMEM;
    ctx[i].c = *c;
    return 0;
}

/*
 * pv_host.h - a small simulated machine for host tests of the PV MMU
 * (xen/arch/x86/pv): RAM, a frame table and heap, domains with one vCPU,
 * guest memory windows for the copy hooks, and counters for the arch hooks.
 */
#ifndef TESTS_UNIT_PV_HOST_H
#define TESTS_UNIT_PV_HOST_H

#include <xen/mm.h>
#include <xen/sched.h>
#include "../../../xen/arch/x86/pv/pv_mm.h"

#define PVH_FRAMES 1024          /* simulated RAM: 4 MiB */
#define PVH_IO_FIRST 0x100000UL  /* frames from here on are "MMIO" */

struct pvh_domain {
    struct domain d;
    struct vcpu v;
    struct vcpu *vp[1];
    struct pv_mmu_vcpu mv;
    struct pv_mmu_domain md;
};

extern unsigned long pvh_flush_all, pvh_flush_local, pvh_m2p_sets;
extern unsigned long pvh_ldt_changed;   /* arch_ldt_changed calls */
/* arch_flush_stale_tlbs calls that had to flush. */
extern unsigned long pvh_stale_flushes;
extern unsigned long pvh_m2p_last_mfn, pvh_m2p_last_pfn;
extern bool pvh_preempt;                 /* hypercall_preempt_check answer */
extern unsigned long pvh_continuations;

void pvh_init(void);
void pvh_fini(void);
struct pvh_domain *pvh_domain(domid_t id, bool privileged, unsigned long max_pages);
void pvh_set_current(struct pvh_domain *p);
/* A frame owned by d, zeroed; its mfn. */
mfn_t pvh_alloc(struct pvh_domain *p);
static inline uint64_t *pvh_table(mfn_t mfn) { return (uint64_t *)mfn_to_virt(mfn); }
/* Guest memory the copy hooks accept: [base, base + len). */
void pvh_guest_window(void *base, size_t len);
/* Counts of a frame (for leak checks). */
unsigned long pvh_count(mfn_t mfn);
unsigned long pvh_tcount(mfn_t mfn);
uint64_t pvh_type(mfn_t mfn);

#endif

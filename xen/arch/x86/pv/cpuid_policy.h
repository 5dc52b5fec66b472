/*
 * cpuid_policy.h - what CPUID shows a PV guest.
 *
 * The guest kernel runs in ring 3 on the hypervisor's page tables and
 * descriptor tables, so features it cannot use as a native kernel would
 * are hidden: virtualisation extensions, monitor/mwait, PSE/PGE/1G pages
 * (no superpages for PV), PCID/INVPCID, SMEP/SMAP/UMIP (the hypervisor's
 * business), x2APIC and the TSC deadline timer (the hypervisor owns the
 * APIC), FSGSBASE, protection keys and LA57.  XSAVE, and with it AVX and
 * every feature that needs XSAVE state, is hidden too: guests save FPU
 * state with FXSAVE, which the context switch handles.  The hypervisor's
 * own leaves at 0x40000000 say "XenVMMXenVMM", as Linux requires to take
 * its Xen PV paths; the leaves of any hypervisor underneath us are never
 * shown.
 */
#ifndef X86_PV_CPUID_POLICY_H
#define X86_PV_CPUID_POLICY_H

#include <xen/types.h>

struct pv_cpuid_opts {
    bool dom0;                  /* the control domain sees a little more */
    uint16_t xen_major, xen_minor;
};

/* Highest hypervisor leaf we answer (0x40000000 + n). */
#define PV_CPUID_XEN_LEAVES 5

/*
 * r holds the host's answer for (leaf, subleaf) (the caller runs the real
 * CPUID); on return it holds the guest's.
 */
void pv_cpuid_policy(uint32_t leaf, uint32_t subleaf, uint32_t r[4],
                     const struct pv_cpuid_opts *o);

#endif

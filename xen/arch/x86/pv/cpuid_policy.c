/*
 * cpuid_policy.c - see cpuid_policy.h.  Bit numbers are from the Intel
 * SDM and AMD APM CPUID tables.
 */
#include <xen/lib.h>
#include "cpuid_policy.h"

enum { EAX, EBX, ECX, EDX };

#define BIT(n) (1U << (n))

/* Leaf 1 ECX: VMX, SMX, EST, TM2, MONITOR, PCID, DCA, x2APIC, TSC deadline,
 * XSAVE, OSXSAVE, AVX, FMA, F16C, SDBG. */
#define L1_ECX_HIDE (BIT(3) | BIT(5) | BIT(6) | BIT(7) | BIT(8) | BIT(11) | \
                     BIT(12) | BIT(17) | BIT(18) | BIT(21) | BIT(24) |      \
                     BIT(26) | BIT(27) | BIT(28) | BIT(29))
#define L1_ECX_HYPERVISOR BIT(31)
/* Leaf 1 EDX: VME, DE, PSE, PGE, MTRR, DS, TM, PBE; ACPI for domU. */
#define L1_EDX_HIDE (BIT(1) | BIT(2) | BIT(3) | BIT(12) | BIT(13) |        \
                     BIT(21) | BIT(29) | BIT(31))
#define L1_EDX_ACPI BIT(22)
/* Leaf 7.0 EBX kept: BMI1, BMI2, ERMS, RDSEED, ADX, CLFLUSHOPT, CLWB, SHA.
 * Everything else is hidden (AVX2 and AVX-512 need XSAVE). */
#define L7_EBX_KEEP (BIT(3) | BIT(8) | BIT(9) | BIT(18) | BIT(19) |        \
                     BIT(23) | BIT(24) | BIT(29))
/* Leaf 7.0 ECX: nothing (RDPID needs TSC_AUX, GFNI/VAES need AVX). */
#define L7_ECX_KEEP 0U
/* Leaf 7.0 EDX kept: FSRM, MD_CLEAR (mitigation hints the guest may use). */
#define L7_EDX_KEEP (BIT(4) | BIT(10))
/* 0x80000001 ECX: SVM, MWAITX; EDX: 1G pages, RDTSCP. */
#define LX1_ECX_HIDE (BIT(2) | BIT(29))
#define LX1_EDX_HIDE (BIT(26) | BIT(27))

static void xen_leaf(uint32_t leaf, uint32_t r[4],
                     const struct pv_cpuid_opts *o)
{
    r[EAX] = r[EBX] = r[ECX] = r[EDX] = 0;
    switch (leaf - 0x40000000) {
    case 0:
        r[EAX] = 0x40000000 + PV_CPUID_XEN_LEAVES;
        memcpy(&r[EBX], "XenV", 4);
        memcpy(&r[ECX], "MMXe", 4);
        memcpy(&r[EDX], "nVMM", 4);
        break;
    case 1:
        r[EAX] = ((uint32_t)o->xen_major << 16) | o->xen_minor;
        break;
    case 2:
        r[EAX] = 1;             /* hypercall pages */
        r[EBX] = 0x40000000;    /* MSR that installs one */
        break;
    default:
        break;                  /* TSC, HVM, PV and viridian leaves: none */
    }
}

void pv_cpuid_policy(uint32_t leaf, uint32_t subleaf, uint32_t r[4],
                     const struct pv_cpuid_opts *o)
{
    if (leaf >= 0x40000000 && leaf < 0x40010000) {
        if ((leaf & 0xff00) == 0 && leaf <= 0x40000000 + PV_CPUID_XEN_LEAVES)
            xen_leaf(leaf, r, o);
        else
            r[EAX] = r[EBX] = r[ECX] = r[EDX] = 0;
        return;
    }
    switch (leaf) {
    case 1:
        r[ECX] = (r[ECX] & ~L1_ECX_HIDE) | L1_ECX_HYPERVISOR;
        r[EDX] &= ~L1_EDX_HIDE;
        if (!o->dom0)
            r[EDX] &= ~L1_EDX_ACPI;
        break;
    case 5:             /* monitor/mwait */
    case 6:             /* thermal and power */
    case 0xd:           /* XSAVE state: XSAVE is hidden */
        r[EAX] = r[EBX] = r[ECX] = r[EDX] = 0;
        break;
    case 7:
        if (subleaf == 0) {
            r[EAX] = 0;
            r[EBX] &= L7_EBX_KEEP;
            r[ECX] &= L7_ECX_KEEP;
            r[EDX] &= L7_EDX_KEEP;
        } else {
            r[EAX] = r[EBX] = r[ECX] = r[EDX] = 0;
        }
        break;
    case 0xb:
        r[EBX] = 0;     /* Linux's PV code does this too */
        break;
    case 0x80000001:
        r[ECX] &= ~LX1_ECX_HIDE;
        r[EDX] &= ~LX1_EDX_HIDE;
        break;
    }
}

/* SPDX-License-Identifier: MIT */
/*
 * arch-x86/xen.h - x86 part of the Xenolith guest ABI (Xen 4.17 layout).
 *
 * Guest handles, the basic word types, the virtual IDT entry and the vCPU
 * context used by VCPUOP_initialise and XEN_DOMCTL_{get,set}vcpucontext.
 */

/* Make this header usable on its own: pull in the common part first. */
#include "../xen.h"

#ifndef XENOLITH_PUBLIC_ARCH_X86_XEN_H
#define XENOLITH_PUBLIC_ARCH_X86_XEN_H

/*
 * A guest handle wraps a guest-virtual pointer in a one-member struct so
 * that handles of different types cannot be mixed up by accident.  On
 * x86-64 a handle is 8 bytes, identical for guest, hypervisor and tools.
 */
#ifndef __ASSEMBLY__
#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
    typedef struct { type *p; } __guest_handle_##name
#define __DEFINE_XEN_GUEST_HANDLE(name, type)  \
    ___DEFINE_XEN_GUEST_HANDLE(name, type);    \
    ___DEFINE_XEN_GUEST_HANDLE(const_##name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name)  __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name)       __guest_handle_##name
#define XEN_GUEST_HANDLE(name)         __XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name)   XEN_GUEST_HANDLE(name)
#define set_xen_guest_handle_raw(h, v) do { (h).p = (v); } while (0)
#define set_xen_guest_handle(h, v)     set_xen_guest_handle_raw(h, v)
#define get_xen_guest_handle(v, h)     do { (v) = (h).p; } while (0)
#endif

#if defined(__x86_64__)
#include "xen-x86_64.h"
#else
#error "Xenolith only describes the x86-64 guest ABI"
#endif

#ifndef __ASSEMBLY__
typedef unsigned long xen_pfn_t;
#define PRI_xen_pfn  "lx"
#define PRIu_xen_pfn "lu"

typedef unsigned long xen_ulong_t;
#define PRI_xen_ulong "lx"
#endif

/* Facilities a PV guest may rely on (tested by the common headers). */
#define XEN_HAVE_PV_GUEST_ENTRY 1
#define XEN_HAVE_PV_UPCALL_MASK 1

/* Guest GDT pages 14 and 15 belong to Xen. */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/* vcpu_info slots embedded in shared_info. */
#define XEN_LEGACY_MAX_VCPUS 32

/* vcpu_guest_context.flags */
#define _VGCF_i387_valid                0
#define VGCF_i387_valid                 (1 << _VGCF_i387_valid)
#define VGCF_I387_VALID                 VGCF_i387_valid
#define _VGCF_in_kernel                 2
#define VGCF_in_kernel                  (1 << _VGCF_in_kernel)
#define VGCF_IN_KERNEL                  VGCF_in_kernel
#define _VGCF_failsafe_disables_events  3
#define VGCF_failsafe_disables_events   (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events   4
#define VGCF_syscall_disables_events    (1 << _VGCF_syscall_disables_events)
#define _VGCF_online                    5
#define VGCF_online                     (1 << _VGCF_online)

/* Forced-emulation prefix: ud2a followed by the bytes "xen". */
#ifdef __ASSEMBLY__
#define XEN_EMULATE_PREFIX .byte 0x0f, 0x0b, 0x78, 0x65, 0x6e ;
#define XEN_CPUID          XEN_EMULATE_PREFIX cpuid
#else
#define XEN_EMULATE_PREFIX ".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e ; "
#define XEN_CPUID          XEN_EMULATE_PREFIX "cpuid"
#endif

#define XEN_HVM_DEBUGCONS_IOPORT 0xe9

#ifndef __ASSEMBLY__

/* One entry of the virtual IDT given to HYPERVISOR_set_trap_table. */
struct trap_info {
    uint8_t       vector;   /* exception/interrupt vector */
    uint8_t       flags;    /* bits 0-1: DPL; bit 2: mask events on entry */
    uint16_t      cs;       /* handler code selector */
    unsigned long address;  /* handler entry point */
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);

#define TI_GET_DPL(ti)      ((ti)->flags & 3)
#define TI_GET_IF(ti)       ((ti)->flags & 4)
#define TI_SET_DPL(ti, d)   ((ti)->flags |= (d))
#define TI_SET_IF(ti, i)    ((ti)->flags |= (!!(i)) << 2)

typedef uint64_t tsc_timestamp_t;

/*
 * Full register and descriptor state of a PV vCPU.  The FXSAVE area comes
 * first so that it is 16-byte aligned whenever the structure is.
 */
struct vcpu_guest_context {
    struct { char x[512]; } fpu_ctxt;      /* FXSAVE image */
    unsigned long flags;                   /* VGCF_* */
    struct cpu_user_regs user_regs;
    struct trap_info trap_ctxt[256];       /* virtual IDT */
    unsigned long ldt_base, ldt_ents;      /* LDT linear address, entries */
    unsigned long gdt_frames[16], gdt_ents;/* GDT machine frames, entries */
    unsigned long kernel_ss, kernel_sp;    /* ring-1 stack (virtual TSS) */
    unsigned long ctrlreg[8];              /* CR0-CR7; ctrlreg[1] = user CR3 */
    unsigned long debugreg[8];             /* DR0-DR7 */
    unsigned long event_callback_eip;
    unsigned long failsafe_callback_eip;
    union {
        unsigned long syscall_callback_eip;
        struct {                           /* 32-bit guests: callback CSes */
            unsigned int event_callback_cs;
            unsigned int failsafe_callback_cs;
        };
    };
    unsigned long vm_assist;               /* VMASST_TYPE_* bitmap */
    uint64_t fs_base;
    uint64_t gs_base_kernel;
    uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/* Architecture part of shared_info: how to find the guest's p2m. */
struct arch_shared_info {
    unsigned long max_pfn;                    /* entries in the p2m */
    xen_pfn_t     pfn_to_mfn_frame_list_list; /* 3-level p2m root; ~0 = none */
    unsigned long nmi_reason;
    unsigned long p2m_cr3;        /* address space of p2m_vaddr (0 = unused) */
    unsigned long p2m_vaddr;      /* linear p2m list */
    unsigned long p2m_generation; /* odd while the guest updates the p2m */
};
typedef struct arch_shared_info arch_shared_info_t;

/* Domain creation parameters for x86 (XEN_DOMCTL_createdomain). */
#define _XEN_X86_EMU_LAPIC     0
#define XEN_X86_EMU_LAPIC      (1U << _XEN_X86_EMU_LAPIC)
#define _XEN_X86_EMU_HPET      1
#define XEN_X86_EMU_HPET       (1U << _XEN_X86_EMU_HPET)
#define _XEN_X86_EMU_PM        2
#define XEN_X86_EMU_PM         (1U << _XEN_X86_EMU_PM)
#define _XEN_X86_EMU_RTC       3
#define XEN_X86_EMU_RTC        (1U << _XEN_X86_EMU_RTC)
#define _XEN_X86_EMU_IOAPIC    4
#define XEN_X86_EMU_IOAPIC     (1U << _XEN_X86_EMU_IOAPIC)
#define _XEN_X86_EMU_PIC       5
#define XEN_X86_EMU_PIC        (1U << _XEN_X86_EMU_PIC)
#define _XEN_X86_EMU_VGA       6
#define XEN_X86_EMU_VGA        (1U << _XEN_X86_EMU_VGA)
#define _XEN_X86_EMU_IOMMU     7
#define XEN_X86_EMU_IOMMU      (1U << _XEN_X86_EMU_IOMMU)
#define _XEN_X86_EMU_PIT       8
#define XEN_X86_EMU_PIT        (1U << _XEN_X86_EMU_PIT)
#define _XEN_X86_EMU_USE_PIRQ  9
#define XEN_X86_EMU_USE_PIRQ   (1U << _XEN_X86_EMU_USE_PIRQ)
#define _XEN_X86_EMU_VPCI      10
#define XEN_X86_EMU_VPCI       (1U << _XEN_X86_EMU_VPCI)
#define XEN_X86_EMU_ALL        (0x7ffU) /* bits 0..10 above */

#define XEN_X86_MSR_RELAXED    (1U << 0)
#define XEN_X86_MISC_FLAGS_MAX XEN_X86_MSR_RELAXED

struct xen_arch_domainconfig {
    uint32_t emulation_flags;   /* XEN_X86_EMU_* */
    uint32_t misc_flags;        /* XEN_X86_MSR_RELAXED ... */
};

/* CPUID leaf and MSR records used by the domain policy interfaces. */
#define XEN_CPUID_NO_SUBLEAF 0xffffffffU
typedef struct xen_cpuid_leaf {
    uint32_t leaf, subleaf;
    uint32_t a, b, c, d;
} xen_cpuid_leaf_t;
DEFINE_XEN_GUEST_HANDLE(xen_cpuid_leaf_t);

typedef struct xen_msr_entry {
    uint32_t idx;
    uint32_t flags;             /* reserved, must be zero */
    uint64_t val;
} xen_msr_entry_t;
DEFINE_XEN_GUEST_HANDLE(xen_msr_entry_t);

#endif /* !__ASSEMBLY__ */

#endif /* XENOLITH_PUBLIC_ARCH_X86_XEN_H */

/* SPDX-License-Identifier: MIT */
/*
 * arch-x86/xen-x86_64.h - x86-64 specifics of the Xenolith guest ABI:
 * the flat segment selectors Xen provides to 64-bit PV guests, the
 * reserved virtual address range, and the register frame layouts.
 */

/* Usable on its own: the common headers include us back in order. */
#include "../xen.h"

#ifndef XENOLITH_PUBLIC_ARCH_X86_XEN_X86_64_H
#define XENOLITH_PUBLIC_ARCH_X86_XEN_X86_64_H

/*
 * Flat selectors in Xen's reserved GDT area.  A 64-bit PV kernel runs in
 * ring 3 like user space, so kernel and user selectors coincide.
 */
#define FLAT_RING3_CS32   0xe023  /* GDT entry 260 */
#define FLAT_RING3_DS32   0xe02b  /* GDT entry 261 */
#define FLAT_RING3_CS64   0xe033  /* GDT entry 262 */
#define FLAT_RING3_DS64   0x0000  /* null selector */
#define FLAT_RING3_SS32   FLAT_RING3_DS32
#define FLAT_RING3_SS64   FLAT_RING3_DS32

#define FLAT_KERNEL_CS64  FLAT_RING3_CS64
#define FLAT_KERNEL_CS32  FLAT_RING3_CS32
#define FLAT_KERNEL_CS    FLAT_KERNEL_CS64
#define FLAT_KERNEL_DS64  FLAT_RING3_DS64
#define FLAT_KERNEL_DS32  FLAT_RING3_DS32
#define FLAT_KERNEL_DS    FLAT_KERNEL_DS64
#define FLAT_KERNEL_SS64  FLAT_RING3_SS64
#define FLAT_KERNEL_SS32  FLAT_RING3_SS32
#define FLAT_KERNEL_SS    FLAT_KERNEL_SS64

#define FLAT_USER_CS64    FLAT_RING3_CS64
#define FLAT_USER_CS32    FLAT_RING3_CS32
#define FLAT_USER_CS      FLAT_USER_CS64
#define FLAT_USER_DS64    FLAT_RING3_DS64
#define FLAT_USER_DS32    FLAT_RING3_DS32
#define FLAT_USER_DS      FLAT_USER_DS64
#define FLAT_USER_SS64    FLAT_RING3_SS64
#define FLAT_USER_SS32    FLAT_RING3_SS32
#define FLAT_USER_SS      FLAT_USER_SS64

/*
 * Virtual address range owned by the hypervisor in every PV address space,
 * and the read-only machine-to-physical table at its bottom.
 */
#define __HYPERVISOR_VIRT_START  0xFFFF800000000000
#define __HYPERVISOR_VIRT_END    0xFFFF880000000000
#define __MACH2PHYS_VIRT_START   0xFFFF800000000000
#define __MACH2PHYS_VIRT_END     0xFFFF804000000000

#ifndef HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_START  xen_mk_ulong(__HYPERVISOR_VIRT_START)
#define HYPERVISOR_VIRT_END    xen_mk_ulong(__HYPERVISOR_VIRT_END)
#endif
#define MACH2PHYS_VIRT_START   xen_mk_ulong(__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END     xen_mk_ulong(__MACH2PHYS_VIRT_END)
#define MACH2PHYS_NR_ENTRIES   ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) / 8)
#ifndef machine_to_phys_mapping
#define machine_to_phys_mapping ((unsigned long *)HYPERVISOR_VIRT_START)
#endif

/* HYPERVISOR_set_segment_base(which, base) */
#define SEGBASE_FS           0
#define SEGBASE_GS_USER      1
#define SEGBASE_GS_KERNEL    2
#define SEGBASE_GS_USER_SEL  3  /* load user %gs selector from base[15:0] */

/* 64-bit only vcpu_guest_context.flags bit. */
#define _VGCF_in_syscall  8
#define VGCF_in_syscall   (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL   VGCF_in_syscall

#ifndef __ASSEMBLY__

/*
 * Stack frame consumed by HYPERVISOR_iret, lowest address first.  'flags'
 * holds VGCF_in_syscall when the return should take the SYSRET-like path.
 */
struct iret_context {
    uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/*
 * General-purpose registers as Xen saves them.  Each 64-bit register can
 * also be named by its narrower aliases (eax/ax/al/ah, r8d/r8w/r8b, ...),
 * which is what the hypervisor's emulators like to use.
 */
#define XENOLITH_REG_ABCD_(n)                                   \
    union {                                                     \
        uint64_t r##n##x;                                       \
        uint32_t e##n##x;                                       \
        uint16_t n##x;                                          \
        struct { uint8_t n##l, n##h; };                         \
    }
#define XENOLITH_REG_IDX_(x)                                    \
    union {                                                     \
        uint64_t r##x;                                          \
        uint32_t e##x;                                          \
        uint16_t x;                                             \
        uint8_t  x##l;                                          \
    }
#define XENOLITH_REG_NOLO_(x)                                   \
    union {                                                     \
        uint64_t r##x;                                          \
        uint32_t e##x;                                          \
        uint16_t x;                                             \
    }
#define XENOLITH_REG_NUM_(n)                                    \
    union {                                                     \
        uint64_t r##n;                                          \
        uint32_t r##n##d;                                       \
        uint16_t r##n##w;                                       \
        uint8_t  r##n##b;                                       \
    }

struct cpu_user_regs {
    XENOLITH_REG_NUM_(15);
    XENOLITH_REG_NUM_(14);
    XENOLITH_REG_NUM_(13);
    XENOLITH_REG_NUM_(12);
    XENOLITH_REG_IDX_(bp);
    XENOLITH_REG_ABCD_(b);
    XENOLITH_REG_NUM_(11);
    XENOLITH_REG_NUM_(10);
    XENOLITH_REG_NUM_(9);
    XENOLITH_REG_NUM_(8);
    XENOLITH_REG_ABCD_(a);
    XENOLITH_REG_ABCD_(c);
    XENOLITH_REG_ABCD_(d);
    XENOLITH_REG_IDX_(si);
    XENOLITH_REG_IDX_(di);
    uint32_t error_code;        /* hypervisor private */
    uint32_t entry_vector;      /* hypervisor private */
    XENOLITH_REG_NOLO_(ip);
    uint16_t cs, _pad0[1];
    uint8_t  saved_upcall_mask; /* event mask at the time of the trap */
    uint8_t  _pad1[3];
    XENOLITH_REG_NOLO_(flags);  /* guest view: IF mirrors !upcall_mask */
    XENOLITH_REG_IDX_(sp);
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;
DEFINE_XEN_GUEST_HANDLE(cpu_user_regs_t);

#undef XENOLITH_REG_ABCD_
#undef XENOLITH_REG_IDX_
#undef XENOLITH_REG_NOLO_
#undef XENOLITH_REG_NUM_

/* CR3 values carry the frame number shifted by the page size. */
#define xen_pfn_to_cr3(pfn)  ((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3)  ((unsigned long)(cr3) >> 12)

/* Architecture part of vcpu_info (keeps vcpu_info at 64 bytes). */
struct arch_vcpu_info {
    unsigned long cr2;          /* faulting address of the last #PF */
    unsigned long pad;
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* Callback addresses are plain virtual addresses on x86-64. */
typedef unsigned long xen_callback_t;

#endif /* !__ASSEMBLY__ */

#endif /* XENOLITH_PUBLIC_ARCH_X86_XEN_X86_64_H */

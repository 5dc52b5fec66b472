/* SPDX-License-Identifier: MIT */
/*
 * xen.h - core of the Xenolith guest ABI (Xen 4.17 compatible, x86-64).
 *
 * Hypercall numbers, virtual IRQs, page-table update requests, the pages a
 * PV guest is handed at boot (start_info, shared_info) and the few basic
 * types every other public header builds on.  Layouts are binary-identical
 * to Xen 4.17; tests/abi checks that against Debian's libxen-dev.
 *
 * Only <stdint.h> is required, so the header works both inside the
 * freestanding hypervisor and in ordinary host programs.
 */
#ifndef XENOLITH_PUBLIC_XEN_H
#define XENOLITH_PUBLIC_XEN_H

#include "xen-compat.h"

/* Constant helpers usable from C and from assembler. */
#ifndef __ASSEMBLY__
#include <stdint.h>
#define xen_mk_uint(v)   XENOLITH_PASTE_(v, U)
#define xen_mk_ulong(v)  XENOLITH_PASTE_(v, UL)
#define xen_mk_ullong(v) XENOLITH_PASTE_(v, ULL)
#define XENOLITH_PASTE_(a, b)  XENOLITH_PASTE2_(a, b)
#define XENOLITH_PASTE2_(a, b) a##b
#else
#define xen_mk_uint(v)   v
#define xen_mk_ulong(v)  v
#define xen_mk_ullong(v) v
#endif

/* Empty dimension for trailing variable-length arrays (C99 and later). */
#ifndef XEN_FLEX_ARRAY_DIM
#define XEN_FLEX_ARRAY_DIM
#endif

#if defined(__x86_64__) || defined(__i386__)
#include "arch-x86/xen.h"
#else
#error "Xenolith public headers only describe x86"
#endif

#ifndef __ASSEMBLY__
/* Handles to plain C types, used by many argument structures. */
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(char);
DEFINE_XEN_GUEST_HANDLE(int);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);
#endif

/* ------------------------------------------------------------------------
 * Hypercall numbers.  The guest enters hypercall N by calling offset
 * N * 32 of its hypercall page.
 */
#define __HYPERVISOR_set_trap_table                 0
#define __HYPERVISOR_mmu_update                     1
#define __HYPERVISOR_set_gdt                        2
#define __HYPERVISOR_stack_switch                   3
#define __HYPERVISOR_set_callbacks                  4
#define __HYPERVISOR_fpu_taskswitch                 5
#define __HYPERVISOR_sched_op_compat                6
#define __HYPERVISOR_platform_op                    7
#define __HYPERVISOR_set_debugreg                   8
#define __HYPERVISOR_get_debugreg                   9
#define __HYPERVISOR_update_descriptor             10
/* 11 is unused */
#define __HYPERVISOR_memory_op                     12
#define __HYPERVISOR_multicall                     13
#define __HYPERVISOR_update_va_mapping             14
#define __HYPERVISOR_set_timer_op                  15
#define __HYPERVISOR_event_channel_op_compat       16
#define __HYPERVISOR_xen_version                   17
#define __HYPERVISOR_console_io                    18
#define __HYPERVISOR_physdev_op_compat             19
#define __HYPERVISOR_grant_table_op                20
#define __HYPERVISOR_vm_assist                     21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                          23
#define __HYPERVISOR_vcpu_op                       24
#define __HYPERVISOR_set_segment_base              25
#define __HYPERVISOR_mmuext_op                     26
#define __HYPERVISOR_xsm_op                        27
#define __HYPERVISOR_nmi_op                        28
#define __HYPERVISOR_sched_op                      29
#define __HYPERVISOR_callback_op                   30
#define __HYPERVISOR_xenoprof_op                   31
#define __HYPERVISOR_event_channel_op              32
#define __HYPERVISOR_physdev_op                    33
#define __HYPERVISOR_hvm_op                        34
#define __HYPERVISOR_sysctl                        35
#define __HYPERVISOR_domctl                        36
#define __HYPERVISOR_kexec_op                      37
#define __HYPERVISOR_tmem_op                       38
#define __HYPERVISOR_argo_op                       39
#define __HYPERVISOR_xenpmu_op                     40
#define __HYPERVISOR_dm_op                         41
#define __HYPERVISOR_hypfs_op                      42
/* Eight numbers reserved for architecture-specific hypercalls. */
#define __HYPERVISOR_arch_0                        48
#define __HYPERVISOR_arch_1                        49
#define __HYPERVISOR_arch_2                        50
#define __HYPERVISOR_arch_3                        51
#define __HYPERVISOR_arch_4                        52
#define __HYPERVISOR_arch_5                        53
#define __HYPERVISOR_arch_6                        54
#define __HYPERVISOR_arch_7                        55

/* ------------------------------------------------------------------------
 * Virtual interrupts, bound to event channels with EVTCHNOP_bind_virq.
 * "per-vCPU" ones are bound separately on each vCPU; "global" ones once,
 * normally by the control domain.
 */
#define VIRQ_TIMER       0  /* per-vCPU: timer expired / time changed */
#define VIRQ_DEBUG       1  /* per-vCPU: please dump debug state */
#define VIRQ_CONSOLE     2  /* global: input on the emergency console */
#define VIRQ_DOM_EXC     3  /* global: a domain needs attention */
#define VIRQ_TBUF        4  /* global: trace records available */
/* 5 is unused */
#define VIRQ_DEBUGGER    6  /* global: a domain paused for the debugger */
#define VIRQ_XENOPROF    7  /* per-vCPU: profiling sample */
#define VIRQ_CON_RING    8  /* global: hypervisor console ring has data */
#define VIRQ_PCPU_STATE  9  /* global: physical CPU state changed */
#define VIRQ_MEM_EVENT  10  /* global: memory event */
#define VIRQ_ARGO       11  /* global: Argo message */
#define VIRQ_ENOMEM     12  /* global: hypervisor heap is low */
#define VIRQ_XENPMU     13  /* per-vCPU: PMU interrupt */
#define VIRQ_ARCH_0     16
#define VIRQ_ARCH_1     17
#define VIRQ_ARCH_2     18
#define VIRQ_ARCH_3     19
#define VIRQ_ARCH_4     20
#define VIRQ_ARCH_5     21
#define VIRQ_ARCH_6     22
#define VIRQ_ARCH_7     23
#define NR_VIRQS        24

/* ------------------------------------------------------------------------
 * HYPERVISOR_mmu_update(reqs, count, done, domid).  The low two bits of
 * mmu_update.ptr select the request kind; the rest is a machine address.
 */
#define MMU_NORMAL_PT_UPDATE        0 /* validated write of val to *ptr */
#define MMU_MACHPHYS_UPDATE         1 /* set M2P entry of frame ptr to val */
#define MMU_PT_UPDATE_PRESERVE_AD   2 /* as NORMAL, keeping Accessed/Dirty */
#define MMU_PT_UPDATE_NO_TRANSLATE  3 /* as NORMAL, ptr never translated */

/* HYPERVISOR_mmuext_op(ops, count, done, domid): mmuext_op.cmd values. */
#define MMUEXT_PIN_L1_TABLE         0
#define MMUEXT_PIN_L2_TABLE         1
#define MMUEXT_PIN_L3_TABLE         2
#define MMUEXT_PIN_L4_TABLE         3
#define MMUEXT_UNPIN_TABLE          4
#define MMUEXT_NEW_BASEPTR          5
#define MMUEXT_TLB_FLUSH_LOCAL      6
#define MMUEXT_INVLPG_LOCAL         7
#define MMUEXT_TLB_FLUSH_MULTI      8
#define MMUEXT_INVLPG_MULTI         9
#define MMUEXT_TLB_FLUSH_ALL       10
#define MMUEXT_INVLPG_ALL          11
#define MMUEXT_FLUSH_CACHE         12
#define MMUEXT_SET_LDT             13
/* 14 is unused */
#define MMUEXT_NEW_USER_BASEPTR    15
#define MMUEXT_CLEAR_PAGE          16
#define MMUEXT_COPY_PAGE           17
#define MMUEXT_FLUSH_CACHE_GLOBAL  18
#define MMUEXT_MARK_SUPER          19
#define MMUEXT_UNMARK_SUPER        20

/* Flags for update_va_mapping: a flush type ORed with a scope. */
#define UVMF_NONE            (xen_mk_ulong(0) << 0)
#define UVMF_TLB_FLUSH       (xen_mk_ulong(1) << 0)
#define UVMF_INVLPG          (xen_mk_ulong(2) << 0)
#define UVMF_FLUSHTYPE_MASK  (xen_mk_ulong(3) << 0)
#define UVMF_MULTI           (xen_mk_ulong(0) << 2) /* | pointer to vcpu mask */
#define UVMF_LOCAL           (xen_mk_ulong(0) << 2)
#define UVMF_ALL             (xen_mk_ulong(1) << 2)

/* HYPERVISOR_console_io(cmd, count, buffer). */
#define CONSOLEIO_write  0
#define CONSOLEIO_read   1

/* HYPERVISOR_vm_assist(cmd, type). */
#define VMASST_CMD_enable                 0
#define VMASST_CMD_disable                1
#define VMASST_TYPE_4gb_segments          0
#define VMASST_TYPE_4gb_segments_notify   1
#define VMASST_TYPE_writable_pagetables   2
#define VMASST_TYPE_pae_extended_cr3      3
#define VMASST_TYPE_architectural_iopl    4
#define VMASST_TYPE_runstate_update_flag  5
#define VMASST_TYPE_m2p_strict           32

/* ------------------------------------------------------------------------
 * Domain identifiers.  Values from DOMID_FIRST_RESERVED up are never given
 * to real domains and carry special meanings.
 */
#define DOMID_FIRST_RESERVED  xen_mk_uint(0x7FF0)
#define DOMID_SELF            xen_mk_uint(0x7FF0) /* the calling domain */
#define DOMID_IO              xen_mk_uint(0x7FF1) /* owner of I/O pages */
#define DOMID_XEN             xen_mk_uint(0x7FF2) /* the hypervisor itself */
#define DOMID_COW             xen_mk_uint(0x7FF3) /* shared copy-on-write pages */
#define DOMID_INVALID         xen_mk_uint(0x7FF4)
#define DOMID_IDLE            xen_mk_uint(0x7FFF)
#define DOMID_MASK            xen_mk_uint(0x7FFF)

/* Flags in vcpu_time_info.flags. */
#define XEN_PVCLOCK_TSC_STABLE_BIT  (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED   (1 << 1)

/* start_info.flags */
#define SIF_PRIVILEGED       (1 << 0) /* domain may use privileged ops */
#define SIF_INITDOMAIN       (1 << 1) /* this is the initial domain (dom0) */
#define SIF_MULTIBOOT_MOD    (1 << 2) /* mod_start holds a multiboot list */
#define SIF_MOD_START_PFN    (1 << 3) /* mod_start is a PFN, not an address */
#define SIF_VIRT_P2M_4TOOLS  (1 << 4) /* tools understand a linear p2m */
#define SIF_PM_MASK          (0xFF << 8) /* reserved for power management */

#define MAX_GUEST_CMDLINE 1024

/* dom0_vga_console_info.video_type */
#define XEN_VGATYPE_TEXT_MODE_3  0x03
#define XEN_VGATYPE_VESA_LFB     0x23
#define XEN_VGATYPE_EFI_LFB      0x70

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;

/* One request of HYPERVISOR_mmu_update. */
struct mmu_update {
    uint64_t ptr;   /* machine address of the entry | MMU_* kind */
    uint64_t val;   /* value to store */
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);

/* One request of HYPERVISOR_mmuext_op. */
struct mmuext_op {
    unsigned int cmd;                   /* MMUEXT_* */
    union {
        xen_pfn_t     mfn;              /* pin/unpin, baseptr, page ops */
        unsigned long linear_addr;      /* invlpg, set_ldt */
    } arg1;
    union {
        unsigned int  nr_ents;          /* set_ldt */
        XEN_GUEST_HANDLE(const_void) vcpumask; /* *_MULTI */
        xen_pfn_t     src_mfn;          /* copy_page */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);

/* One entry of HYPERVISOR_multicall: a hypercall and its arguments. */
struct multicall_entry {
    xen_ulong_t op;
    xen_ulong_t result;
    xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/*
 * Per-vCPU time parameters.  Xen bumps 'version' to an odd value before an
 * update and to an even one afterwards; readers retry while it is odd or
 * changed under them.  Current time in ns is
 *   system_time + scale(tsc - tsc_timestamp)
 * where scale() shifts left by tsc_shift (right if negative) and then
 * multiplies by tsc_to_system_mul as a 32.32 fixed-point fraction.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t   tsc_shift;
    uint8_t  flags;                 /* XEN_PVCLOCK_* */
    uint8_t  pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);

/*
 * Per-vCPU event delivery state.  Xen sets evtchn_upcall_pending and the
 * selector bits; the guest clears them.  While evtchn_upcall_mask is
 * non-zero no upcall is delivered to this vCPU.  Exactly 64 bytes.
 */
struct vcpu_info {
    uint8_t     evtchn_upcall_pending;
    uint8_t     evtchn_upcall_mask;
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/*
 * The shared-info page.  Holds the first XEN_LEGACY_MAX_VCPUS vcpu_info
 * slots, the 2-level event channel bitmaps (one bit per port; bit N of a
 * vCPU's evtchn_pending_sel covers word N of evtchn_pending) and the
 * wall clock, which shares the version protocol of vcpu_time_info.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;
    uint32_t wc_sec;               /* seconds since the epoch, low 32 bits */
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;            /* high 32 bits of the seconds */
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;
#define xen_wc_sec_hi wc_sec_hi

/*
 * start_info: handed to a PV guest in %rsi at entry.  The first group of
 * fields is refreshed on resume, the rest is only valid at first boot.
 */
struct start_info {
    char          magic[32];        /* "xen-<version>-<platform>" */
    unsigned long nr_pages;         /* pages owned by the domain */
    unsigned long shared_info;      /* machine address of shared_info */
    uint32_t      flags;            /* SIF_* */
    xen_pfn_t     store_mfn;        /* xenstore ring frame */
    uint32_t      store_evtchn;     /* xenstore event channel */
    union {
        struct {
            xen_pfn_t mfn;          /* console ring frame */
            uint32_t  evtchn;       /* console event channel */
        } domU;
        struct {
            uint32_t info_off;      /* offset of dom0_vga_console_info */
            uint32_t info_size;     /* its size */
        } dom0;
    } console;
    unsigned long pt_base;          /* virtual address of the top page table */
    unsigned long nr_pt_frames;     /* frames of the bootstrap page tables */
    unsigned long mfn_list;         /* virtual address of the p2m array */
    unsigned long mod_start;        /* initrd: virtual address (or PFN) */
    unsigned long mod_len;          /* initrd length in bytes */
    int8_t        cmd_line[MAX_GUEST_CMDLINE];
    unsigned long first_p2m_pfn;    /* first PFN of the initial p2m table */
    unsigned long nr_p2m_frames;    /* and how many frames it spans */
};
typedef struct start_info start_info_t;

/* An entry of the module list when SIF_MULTIBOOT_MOD is set. */
struct xen_multiboot_mod_list {
    uint32_t mod_start;     /* first byte */
    uint32_t mod_end;       /* last byte, inclusive */
    uint32_t cmdline;       /* NUL-terminated command line */
    uint32_t pad;           /* must be zero */
};

/* Video mode of the physical console, given to dom0 via start_info. */
typedef struct dom0_vga_console_info {
    uint8_t video_type;     /* XEN_VGATYPE_* */
    union {
        struct {
            uint16_t font_height;
            uint16_t cursor_x, cursor_y;
            uint16_t rows, columns;
        } text_mode_3;
        struct {
            uint16_t width, height;
            uint16_t bytes_per_line;
            uint16_t bits_per_pixel;
            uint32_t lfb_base;      /* low 32 bits of the framebuffer */
            uint32_t lfb_size;      /* in 64 KiB units */
            uint8_t  red_pos, red_size;
            uint8_t  green_pos, green_size;
            uint8_t  blue_pos, blue_size;
            uint8_t  rsvd_pos, rsvd_size;
            uint32_t gbl_caps;      /* VBE controller capabilities */
            uint16_t mode_attrs;    /* VBE mode attributes */
            uint16_t pad;
            uint32_t ext_lfb_base;  /* high 32 bits of the framebuffer */
        } vesa_lfb;
    } u;
} dom0_vga_console_info_t;
#define xen_vga_console_info   dom0_vga_console_info
#define xen_vga_console_info_t dom0_vga_console_info_t

typedef uint8_t xen_domain_handle_t[16];

typedef struct {
    uint8_t a[16];
} xen_uuid_t;

/*
 * Helpers shared with the toolstack interfaces (domctl, sysctl).  64-bit
 * fields there must be 8-byte aligned for 32-bit callers too; on x86-64
 * that is the natural alignment already.
 */
#ifndef int64_aligned_t
#define int64_aligned_t int64_t
#endif
#ifndef uint64_aligned_t
#define uint64_aligned_t uint64_t
#endif
#ifndef XEN_GUEST_HANDLE_64
#define XEN_GUEST_HANDLE_64(name) XEN_GUEST_HANDLE(name)
#endif

struct xenctl_bitmap {
    XEN_GUEST_HANDLE_64(uint8) bitmap;
    uint32_t nr_bits;
};
typedef struct xenctl_bitmap xenctl_bitmap_t;

#endif /* !__ASSEMBLY__ */

#endif /* XENOLITH_PUBLIC_XEN_H */

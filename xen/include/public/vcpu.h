/* SPDX-License-Identifier: MIT */
/*
 * vcpu.h - HYPERVISOR_vcpu_op(cmd, vcpuid, arg) for Xenolith (Xen 4.17).
 */
#ifndef XENOLITH_PUBLIC_VCPU_H
#define XENOLITH_PUBLIC_VCPU_H

#include "xen.h"

#define VCPUOP_initialise                      0  /* arg: vcpu_guest_context */
#define VCPUOP_up                              1
#define VCPUOP_down                            2
#define VCPUOP_is_up                           3
#define VCPUOP_get_runstate_info               4
#define VCPUOP_register_runstate_memory_area   5
#define VCPUOP_set_periodic_timer              6
#define VCPUOP_stop_periodic_timer             7
#define VCPUOP_set_singleshot_timer            8
#define VCPUOP_stop_singleshot_timer           9
#define VCPUOP_register_vcpu_info             10
#define VCPUOP_send_nmi                       11
#define VCPUOP_get_physid                     12
#define VCPUOP_register_vcpu_time_memory_area 13

/* vcpu_runstate_info.state */
#define RUNSTATE_running   0
#define RUNSTATE_runnable  1
#define RUNSTATE_blocked   2
#define RUNSTATE_offline   3

/* Set in state_entry_time while Xen rewrites the area (if enabled with
 * VMASST_TYPE_runstate_update_flag). */
#define XEN_RUNSTATE_UPDATE  (xen_mk_ullong(1) << 63)

/* vcpu_set_singleshot_timer.flags */
#define _VCPU_SSHOTTMR_future  (0)   /* fail with -ETIME if already past */
#define VCPU_SSHOTTMR_future   (1U << _VCPU_SSHOTTMR_future)

#define xen_vcpu_physid_to_x86_apicid(id) ((uint32_t)(id))
#define xen_vcpu_physid_to_x86_acpiid(id) ((uint32_t)((id) >> 32))

#ifndef __ASSEMBLY__

/* Time a vCPU has spent in each RUNSTATE_*, in ns. */
struct vcpu_runstate_info {
    int      state;             /* current RUNSTATE_* */
    uint64_t state_entry_time;  /* system time of the last state change */
    uint64_t time[4];           /* indexed by RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/* Ask Xen to keep a copy of the runstate at a guest virtual address. */
struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        struct vcpu_runstate_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_runstate_memory_area
    vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);

struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;    /* absolute system time */
    uint32_t flags;             /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);

/* Move this vCPU's vcpu_info out of shared_info into a guest frame. */
struct vcpu_register_vcpu_info {
    uint64_t mfn;               /* guest frame */
    uint32_t offset;            /* offset within it */
    uint32_t rsvd;              /* must be zero */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);

struct vcpu_get_physid {
    uint64_t phys_id;           /* APIC id low, ACPI id high */
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);

/* Ask Xen to keep a second copy of vcpu_time_info at a guest address. */
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        struct vcpu_time_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);

#endif /* !__ASSEMBLY__ */

#endif /* XENOLITH_PUBLIC_VCPU_H */

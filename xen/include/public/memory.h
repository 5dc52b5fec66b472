/* SPDX-License-Identifier: MIT */
/*
 * memory.h - HYPERVISOR_memory_op(cmd, arg) for Xenolith (Xen 4.17 ABI):
 * growing and shrinking a domain's memory, the physical memory map, and
 * placing special frames (shared_info, grant table) in the guest physmap.
 *
 * Left out for now (operation numbers are given, argument structures are
 * not): paging, access and sharing ops, which Xenolith does not implement.
 */
#ifndef XENOLITH_PUBLIC_MEMORY_H
#define XENOLITH_PUBLIC_MEMORY_H

#include "xen.h"
#include "physdev.h"

#define XENMEM_increase_reservation         0
#define XENMEM_decrease_reservation         1
#define XENMEM_maximum_ram_page             2
#define XENMEM_current_reservation          3
#define XENMEM_maximum_reservation          4
#define XENMEM_machphys_mfn_list            5
#define XENMEM_populate_physmap             6
#define XENMEM_add_to_physmap               7
/* 8 is unused */
#define XENMEM_memory_map                   9
#define XENMEM_machine_memory_map          10
#define XENMEM_exchange                    11
#define XENMEM_machphys_mapping            12
#define XENMEM_set_memory_map              13
#define XENMEM_maximum_gpfn                14
#define XENMEM_remove_from_physmap         15
#define XENMEM_set_pod_target              16
#define XENMEM_get_pod_target              17
#define XENMEM_get_sharing_freed_pages     18
#define XENMEM_get_sharing_shared_pages    19
#define XENMEM_paging_op                   20
#define XENMEM_access_op                   21
#define XENMEM_sharing_op                  22
#define XENMEM_add_to_physmap_batch        23
#define XENMEM_claim_pages                 24
#define XENMEM_machphys_compat_mfn_list    25
#define XENMEM_get_vnumainfo               26
#define XENMEM_reserved_device_memory_map  27
#define XENMEM_acquire_resource            28

/* Sub-operations of paging_op, access_op and sharing_op (numbers only). */
#define XENMEM_paging_op_nominate           0
#define XENMEM_paging_op_evict              1
#define XENMEM_paging_op_prep               2
#define XENMEM_access_op_set_access         0
#define XENMEM_access_op_get_access         1
#define XENMEM_access_op_set_access_multi   4
#define XENMEM_sharing_op_nominate_gfn      0
#define XENMEM_sharing_op_nominate_gref     1
#define XENMEM_sharing_op_share             2
#define XENMEM_sharing_op_debug_gfn         3
#define XENMEM_sharing_op_debug_mfn         4
#define XENMEM_sharing_op_debug_gref        5
#define XENMEM_sharing_op_add_physmap       6
#define XENMEM_sharing_op_audit             7
#define XENMEM_sharing_op_range_share       8
#define XENMEM_sharing_op_fork              9
#define XENMEM_sharing_op_fork_reset       10
#define XENMEM_SHARING_OP_S_HANDLE_INVALID  (-10)
#define XENMEM_SHARING_OP_C_HANDLE_INVALID  (-9)
#define XENMEM_SHARING_OP_FIELD_IS_GREF_FLAG (xen_mk_ullong(1) << 62)
#define XENMEM_FORK_WITH_IOMMU_ALLOWED  (1u << 0)
#define XENMEM_FORK_BLOCK_INTERRUPTS    (1u << 1)
#define XENMEM_FORK_RESET_STATE         (1u << 2)
#define XENMEM_FORK_RESET_MEMORY        (1u << 3)

/*
 * xen_memory_reservation.mem_flags: bits 0-7 an address width limit,
 * bits 8-15 a NUMA node plus one, then modifiers.
 */
#define XENMEMF_address_bits(x)      (x)
#define XENMEMF_get_address_bits(x)  ((x) & 0xffu)
#define XENMEMF_node(n)              (((n) + 1) << 8)
#define XENMEMF_get_node(x)          ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand   (1 << 16)
#define XENMEMF_exact_node_request   (1 << 17)
#define XENMEMF_exact_node(n)        (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode                (1 << 18)

/* xen_add_to_physmap.space */
#define XENMAPSPACE_shared_info   0
#define XENMAPSPACE_grant_table   1  /* idx: frame (| XENMAPIDX_*) */
#define XENMAPSPACE_gmfn          2
#define XENMAPSPACE_gmfn_range    3
#define XENMAPSPACE_gmfn_foreign  4  /* batch only: frame of another domain */
#define XENMAPSPACE_dev_mmio      5
#define XENMAPIDX_grant_table_status 0x80000000

/* XENMEM_reserved_device_memory_map flags */
#define XENMEM_RDM_ALL  1

/* XENMEM_acquire_resource types and ids */
#define XENMEM_resource_ioreq_server  0
#define XENMEM_resource_grant_table   1
#define XENMEM_resource_vmtrace_buf   2
#define XENMEM_resource_grant_table_id_shared  0
#define XENMEM_resource_grant_table_id_status  1
#define XENMEM_resource_ioreq_server_frame_bufioreq  0
#define XENMEM_resource_ioreq_server_frame_ioreq(n)  (1 + (n))

#ifndef __ASSEMBLY__

/* increase_reservation, decrease_reservation, populate_physmap. */
struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* frames in or out */
    xen_ulong_t  nr_extents;
    unsigned int extent_order;      /* each extent is 2^order pages */
    unsigned int mem_flags;         /* XENMEMF_* */
    domid_t      domid;
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/* Trade the 'in' extents for freshly allocated 'out' extents. */
struct xen_memory_exchange {
    struct xen_memory_reservation in;
    struct xen_memory_reservation out;
    xen_ulong_t nr_exchanged;       /* OUT: progress (continuations) */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

/* Argument of maximum_ram_page, current/maximum_reservation, maximum_gpfn:
 * simply a domid_t. */
struct xen_memory_domain {
    domid_t domid;
};

struct xen_machphys_mfn_list {
    unsigned int max_extents;       /* IN: room in extent_start */
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* OUT: M2P frames */
    unsigned int nr_extents;        /* OUT */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);

/* Where the read-only M2P table is mapped in the guest. */
struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end;     /* start and end of the mapping */
    xen_ulong_t max_mfn;            /* largest MFN it can translate */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

struct xen_add_to_physmap {
    domid_t      domid;
    uint16_t     size;              /* gmfn_range: number of frames */
    unsigned int space;             /* XENMAPSPACE_* */
    xen_ulong_t  idx;               /* index within the space */
    xen_pfn_t    gpfn;              /* where to put it */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

struct xen_add_to_physmap_batch {
    domid_t  domid;
    uint16_t space;                 /* XENMAPSPACE_* */
    uint16_t size;                  /* entries in the arrays */
    union xen_add_to_physmap_batch_extra {
        domid_t  foreign_domid;     /* gmfn_foreign */
        uint16_t res0;              /* other spaces: zero */
    } u;
    XEN_GUEST_HANDLE(xen_ulong_t) idxs;
    XEN_GUEST_HANDLE(xen_pfn_t)   gpfns;
    XEN_GUEST_HANDLE(int)         errs; /* OUT: per-entry result */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

struct xen_remove_from_physmap {
    domid_t   domid;
    xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

/* An E820-style map: buffer holds nr_entries 20-byte e820 records. */
struct xen_memory_map {
    unsigned int nr_entries;        /* IN: capacity, OUT: used */
    XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

/* XENMEM_set_memory_map: the map of another domain. */
struct xen_foreign_memory_map {
    domid_t domid;
    struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

struct xen_pod_target {
    uint64_t target_pages;          /* IN (set) */
    uint64_t tot_pages;             /* OUT */
    uint64_t pod_cache_pages;       /* OUT */
    uint64_t pod_entries;           /* OUT */
    domid_t  domid;                 /* IN */
};
typedef struct xen_pod_target xen_pod_target_t;

struct xen_reserved_device_memory {
    xen_pfn_t   start_pfn;
    xen_ulong_t nr_pages;
};
typedef struct xen_reserved_device_memory xen_reserved_device_memory_t;
DEFINE_XEN_GUEST_HANDLE(xen_reserved_device_memory_t);

struct xen_reserved_device_memory_map {
    uint32_t flags;                 /* XENMEM_RDM_* */
    unsigned int nr_entries;        /* IN: capacity, OUT: needed */
    XEN_GUEST_HANDLE(xen_reserved_device_memory_t) buffer;
    union {
        physdev_pci_device_t pci;
    } dev;
};
typedef struct xen_reserved_device_memory_map xen_reserved_device_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_reserved_device_memory_map_t);

/* Map frames of a resource owned by a domain (e.g. its grant table). */
struct xen_mem_acquire_resource {
    domid_t  domid;
    uint16_t type;                  /* XENMEM_resource_* */
    uint32_t id;
    uint32_t nr_frames;             /* IN: wanted; OUT: available */
    uint32_t pad;
    uint64_t frame;                 /* first frame of the resource */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

/* Virtual NUMA topology (XENMEM_get_vnumainfo). */
struct xen_vmemrange {
    uint64_t start, end;
    unsigned int flags;
    unsigned int nid;
};
typedef struct xen_vmemrange xen_vmemrange_t;
DEFINE_XEN_GUEST_HANDLE(xen_vmemrange_t);

struct xen_vnuma_topology_info {
    domid_t  domid;
    uint16_t pad;
    unsigned int nr_vnodes;
    unsigned int nr_vcpus;
    unsigned int nr_vmemranges;
    union { XEN_GUEST_HANDLE(uint) h; uint64_t pad; } vdistance;
    union { XEN_GUEST_HANDLE(uint) h; uint64_t pad; } vcpu_to_vnode;
    union { XEN_GUEST_HANDLE(xen_vmemrange_t) h; uint64_t pad; } vmemrange;
};
typedef struct xen_vnuma_topology_info xen_vnuma_topology_info_t;
DEFINE_XEN_GUEST_HANDLE(xen_vnuma_topology_info_t);

#endif /* !__ASSEMBLY__ */

#endif /* XENOLITH_PUBLIC_MEMORY_H */

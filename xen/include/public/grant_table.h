/* SPDX-License-Identifier: MIT */
/*
 * grant_table.h - grant tables for Xenolith (Xen 4.17 ABI).
 *
 * A domain grants another domain access to one of its pages by filling an
 * entry of its grant table; the grantee then names the page as
 * (granting domid, grant reference) in HYPERVISOR_grant_table_op calls.
 * Xenolith implements version 1 entries; the v2 types are declared so that
 * code written against Xen compiles, and GNTTABOP_set_version can refuse.
 */
#ifndef XENOLITH_PUBLIC_GRANT_TABLE_H
#define XENOLITH_PUBLIC_GRANT_TABLE_H

#include "xen.h"

/* Entries reserved by convention for the toolstack. */
#define GNTTAB_NR_RESERVED_ENTRIES  8
#define GNTTAB_RESERVED_CONSOLE     0
#define GNTTAB_RESERVED_XENSTORE    1

/* grant_entry_v1.flags: type in bits 0-1, then modifiers and status. */
#define GTF_invalid          (0U << 0)
#define GTF_permit_access    (1U << 0)
#define GTF_accept_transfer  (2U << 0)
#define GTF_transitive       (3U << 0)
#define GTF_type_mask        (3U << 0)
#define _GTF_readonly        (2)   /* grantee may only read */
#define GTF_readonly         (1U << _GTF_readonly)
#define _GTF_reading         (3)   /* set by Xen while mapped/being read */
#define GTF_reading          (1U << _GTF_reading)
#define _GTF_writing         (4)   /* set by Xen while mapped writable */
#define GTF_writing          (1U << _GTF_writing)
#define _GTF_PWT             (5)   /* cacheability hints for the mapping */
#define GTF_PWT              (1U << _GTF_PWT)
#define _GTF_PCD             (6)
#define GTF_PCD              (1U << _GTF_PCD)
#define _GTF_PAT             (7)
#define GTF_PAT              (1U << _GTF_PAT)
#define _GTF_sub_page        (8)   /* v2 only */
#define GTF_sub_page         (1U << _GTF_sub_page)
/* For GTF_accept_transfer entries: */
#define _GTF_transfer_committed (2)
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed (3)
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

/* HYPERVISOR_grant_table_op(cmd, args, count) */
#define GNTTABOP_map_grant_ref       0
#define GNTTABOP_unmap_grant_ref     1
#define GNTTABOP_setup_table         2
#define GNTTABOP_dump_table          3
#define GNTTABOP_transfer            4
#define GNTTABOP_copy                5
#define GNTTABOP_query_size          6
#define GNTTABOP_unmap_and_replace   7
#define GNTTABOP_set_version         8
#define GNTTABOP_get_status_frames   9
#define GNTTABOP_get_version        10
#define GNTTABOP_swap_grant_ref     11
#define GNTTABOP_cache_flush        12

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map       (0)  /* map for device (IOMMU) access */
#define GNTMAP_device_map        (1 << _GNTMAP_device_map)
#define _GNTMAP_host_map         (1)  /* map into the CPU address space */
#define GNTMAP_host_map          (1 << _GNTMAP_host_map)
#define _GNTMAP_readonly         (2)
#define GNTMAP_readonly          (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map  (3)  /* user-accessible mapping */
#define GNTMAP_application_map   (1 << _GNTMAP_application_map)
#define _GNTMAP_contains_pte     (4)  /* host_addr names a PTE, not a VA */
#define GNTMAP_contains_pte      (1 << _GNTMAP_contains_pte)
#define _GNTMAP_guest_avail0     (16) /* bits 16-31 are free for the guest */
#define GNTMAP_guest_avail_mask  ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* gnttab_copy.flags */
#define _GNTCOPY_source_gref  (0)
#define GNTCOPY_source_gref   (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref    (1)
#define GNTCOPY_dest_gref     (1 << _GNTCOPY_dest_gref)

/* gnttab_cache_flush.op */
#define GNTTAB_CACHE_CLEAN        (1U << 0)
#define GNTTAB_CACHE_INVAL        (1U << 1)
#define GNTTAB_CACHE_SOURCE_GREF  (1U << 31)

/* Per-operation status codes (the 'status' fields). */
#define GNTST_okay                (0)
#define GNTST_general_error      (-1)
#define GNTST_bad_domain         (-2)
#define GNTST_bad_gntref         (-3)
#define GNTST_bad_handle         (-4)
#define GNTST_bad_virt_addr      (-5)
#define GNTST_bad_dev_addr       (-6)
#define GNTST_no_device_space    (-7)
#define GNTST_permission_denied  (-8)
#define GNTST_bad_page           (-9)
#define GNTST_bad_copy_arg      (-10)
#define GNTST_address_too_big   (-11)
#define GNTST_eagain            (-12)
#define GNTST_no_space          (-13)

#ifndef __ASSEMBLY__

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/* A version 1 grant table entry (8 bytes). */
struct grant_entry_v1 {
    uint16_t flags;     /* GTF_* */
    domid_t  domid;     /* domain being granted access */
    uint32_t frame;     /* frame shared, or frame received by a transfer */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/* Version 2 layout, declared for source compatibility only. */
struct grant_entry_header {
    uint16_t flags;
    domid_t  domid;
};
typedef struct grant_entry_header grant_entry_header_t;

union grant_entry_v2 {
    grant_entry_header_t hdr;
    struct {
        grant_entry_header_t hdr;
        uint32_t pad0;
        uint64_t frame;
    } full_page;
    struct {
        grant_entry_header_t hdr;
        uint16_t page_off;
        uint16_t length;
        uint64_t frame;
    } sub_page;
    struct {
        grant_entry_header_t hdr;
        domid_t     trans_domid;
        uint16_t    pad0;
        grant_ref_t gref;
    } transitive;
    uint32_t __spacer[4];   /* entries are 16 bytes */
};
typedef union grant_entry_v2 grant_entry_v2_t;

typedef uint16_t grant_status_t;

/* Map a granted frame at host_addr (and/or for device DMA). */
struct gnttab_map_grant_ref {
    uint64_t       host_addr;       /* IN */
    uint32_t       flags;           /* IN: GNTMAP_* */
    grant_ref_t    ref;             /* IN */
    domid_t        dom;             /* IN: granting domain */
    int16_t        status;          /* OUT: GNTST_* */
    grant_handle_t handle;          /* OUT: for unmapping */
    uint64_t       dev_bus_addr;    /* OUT: bus address for device_map */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

struct gnttab_unmap_grant_ref {
    uint64_t       host_addr;       /* IN */
    uint64_t       dev_bus_addr;    /* IN */
    grant_handle_t handle;          /* IN */
    int16_t        status;          /* OUT */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

/* Size dom's grant table to nr_frames and return the frames backing it. */
struct gnttab_setup_table {
    domid_t  dom;                   /* IN */
    uint32_t nr_frames;             /* IN */
    int16_t  status;                /* OUT */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

/* Print dom's grant table on the hypervisor console. */
struct gnttab_dump_table {
    domid_t dom;                    /* IN */
    int16_t status;                 /* OUT */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

/* Give away one of our frames to a GTF_accept_transfer entry. */
struct gnttab_transfer {
    xen_pfn_t   mfn;                /* IN */
    domid_t     domid;              /* IN */
    grant_ref_t ref;                /* IN */
    int16_t     status;             /* OUT */
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

/* Copy bytes between frames named by grant or by frame number. */
struct gnttab_copy {
    struct gnttab_copy_ptr {
        union {
            grant_ref_t ref;        /* with GNTCOPY_*_gref */
            xen_pfn_t   gmfn;       /* otherwise */
        } u;
        domid_t  domid;
        uint16_t offset;
    } source, dest;
    uint16_t len;
    uint16_t flags;                 /* GNTCOPY_* */
    int16_t  status;                /* OUT */
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

struct gnttab_query_size {
    domid_t  dom;                   /* IN */
    uint32_t nr_frames;             /* OUT */
    uint32_t max_nr_frames;         /* OUT */
    int16_t  status;                /* OUT */
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

/* Unmap a grant at host_addr and move the mapping at new_addr there. */
struct gnttab_unmap_and_replace {
    uint64_t       host_addr;       /* IN */
    uint64_t       new_addr;        /* IN */
    grant_handle_t handle;          /* IN */
    int16_t        status;          /* OUT */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

struct gnttab_set_version {
    uint32_t version;               /* IN/OUT */
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

struct gnttab_get_status_frames {
    uint32_t nr_frames;             /* IN */
    domid_t  dom;                   /* IN */
    int16_t  status;                /* OUT */
    XEN_GUEST_HANDLE(uint64_t) frame_list; /* OUT */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

struct gnttab_get_version {
    domid_t  dom;                   /* IN */
    uint16_t pad;
    uint32_t version;               /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

struct gnttab_swap_grant_ref {
    grant_ref_t ref_a;              /* IN */
    grant_ref_t ref_b;              /* IN */
    int16_t     status;             /* OUT */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

struct gnttab_cache_flush {
    union {
        uint64_t    dev_bus_addr;
        grant_ref_t ref;
    } a;
    uint16_t offset;                /* within the page */
    uint16_t length;
    uint32_t op;                    /* GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);

#endif /* !__ASSEMBLY__ */

#endif /* XENOLITH_PUBLIC_GRANT_TABLE_H */

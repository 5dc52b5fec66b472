/* SPDX-License-Identifier: MIT */
/*
 * version.h - HYPERVISOR_xen_version(cmd, arg) for Xenolith (Xen 4.17 ABI).
 * XENVER_version returns (major << 16) | minor directly; the other commands
 * fill the buffer 'arg' points to.
 */
#ifndef XENOLITH_PUBLIC_VERSION_H
#define XENOLITH_PUBLIC_VERSION_H

#include "xen.h"

#define XENVER_version              0
#define XENVER_extraversion         1
#define XENVER_compile_info         2
#define XENVER_capabilities         3
#define XENVER_changeset            4
#define XENVER_platform_parameters  5
#define XENVER_get_features         6
#define XENVER_pagesize             7
#define XENVER_guest_handle         8
#define XENVER_commandline          9
#define XENVER_build_id            10

#ifndef __ASSEMBLY__

typedef char xen_extraversion_t[16];       /* e.g. ".0" */
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

typedef char xen_capabilities_info_t[1024]; /* "xen-3.0-x86_64 ..." */
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

struct xen_platform_parameters {
    xen_ulong_t virt_start;     /* lowest address reserved by the hypervisor */
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

/* XENVER_get_features: caller sets submap_idx, Xen fills submap. */
struct xen_feature_info {
    unsigned int submap_idx;
    uint32_t     submap;        /* bit N = XENFEAT (32 * submap_idx + N) */
};
typedef struct xen_feature_info xen_feature_info_t;

typedef char xen_commandline_t[1024];

/* XENVER_build_id: caller sets len to the buffer size. */
struct xen_build_id {
    uint32_t      len;
    unsigned char buf[XEN_FLEX_ARRAY_DIM];
};
typedef struct xen_build_id xen_build_id_t;

#endif /* !__ASSEMBLY__ */

/* Upstream makes the feature numbers visible through this header too. */
#include "features.h"

#endif /* XENOLITH_PUBLIC_VERSION_H */

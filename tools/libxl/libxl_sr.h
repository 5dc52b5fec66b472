/* SPDX-License-Identifier: MIT */
/*
 * libxl_sr.h - what libxl_save.c and libxl_restore.c share: page-table
 * entry bits of x86-64 PV, batch sizes, and the few hypercalls only
 * save/restore need.  Not installed.
 */
#ifndef XENOLITH_LIBXL_SR_H
#define XENOLITH_LIBXL_SR_H

#include <stdbool.h>
#include <stdint.h>

#include "libxl_internal.h"

#define SR_PAGE        4096u
#define SR_PAGE_SHIFT  12
#define SR_BATCH       1024u            /* pages mapped (and typed) at once */
#define SR_INVALID     (~0ull)          /* no frame */

/* x86-64 page-table entries: present, superpage, the frame number. */
#define SR_PTE_P        0x001ull
#define SR_PTE_PSE      0x080ull
#define SR_PTE_FRAME    0x000ffffffffff000ull
/* L4 slots 256-271 belong to the hypervisor: it fills them in every L4
 * it validates, so an image carries zeroes there. */
#define SR_XEN_L4_FIRST 256
#define SR_XEN_L4_LAST  271

/* Frames of a guest GDT of ENTS descriptors (512 per page). */
static inline unsigned sr_gdt_frames(uint64_t ents)
{
    return (unsigned)((ents + 511) / 512);
}

/*
 * XEN_DOMCTL_getvcpuextstate (GET) or setvcpuextstate: the XSAVE area of
 * VCPU.  A GET with *SIZE 0 and BUF NULL asks for the size and mask.
 * 0 or -errno.
 */
int libxl__sr_vcpu_extstate(libxl_ctx *ctx, uint32_t domid, uint32_t vcpu,
                            bool get, uint64_t *mask, uint64_t *size,
                            void *buf);

#endif /* XENOLITH_LIBXL_SR_H */

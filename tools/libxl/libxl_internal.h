/* SPDX-License-Identifier: MIT */
/*
 * libxl_internal.h - shared by the library's own files; not installed.
 */
#ifndef XENOLITH_LIBXL_INTERNAL_H
#define XENOLITH_LIBXL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv.h"
#include "kernel_image.h"
#include "libxl.h"

struct xs_handle;

struct libxl_ctx {
    struct hv *hv;
    struct xs_handle *xs;       /* opened on first use */
    char err[512];
};

/* Records the reason (with hv_strerror(RC) appended when RC < 0); RC. */
int libxl__fail(libxl_ctx *ctx, int rc, const char *f, ...)
    __attribute__((format(printf, 3, 4)));
/* The same without the errno text (for reasons that say it all). */
int libxl__fail_plain(libxl_ctx *ctx, int rc, const char *f, ...)
    __attribute__((format(printf, 3, 4)));
/* The xenstore connection, opened on first use; NULL (errno) if none. */
struct xs_handle *libxl__xs(libxl_ctx *ctx);

/* Removes a domain's xenstore entries: /local/domain/N, /vm/UUID (when
 * UUID_STR is given), /libxl/N, dom0's console backend for N. */
void libxl__xs_remove_domain(libxl_ctx *ctx, uint32_t domid,
                             const char *uuid_str);

/* ---- memory (libxl_mem.c) ---- */

#define LIBXL_MAXMEM_SLACK_KB   1024            /* Xen's LIBXL_MAXMEM_CONSTANT */
#define LIBXL_MIN_DOM0_MEM_KB   (128 * 1024)    /* Xen's LIBXL_MIN_DOM0_MEM */
#define LIBXL_MIN_DOMU_MEM_KB   (32 * 1024)     /* what create accepts */

/* Checks behind libxl_set_memory_target / libxl_domain_setmaxmem: 0, or
 * a negative errno with the reason in ERR. */
int libxl__mem_check_target(uint32_t domid, uint64_t target_kb,
                            uint64_t static_max_kb, uint64_t videoram_kb,
                            char *err, size_t errlen);
int libxl__mem_check_max(uint32_t domid, uint64_t max_kb, uint64_t target_kb,
                         char *err, size_t errlen);

/* ---- the PV domain builder (build_pv.c) ---- */

struct libxl__pv_build {
    /* in */
    uint32_t domid;
    const struct xen_elf_info *elf;
    const uint8_t *elf_bytes;
    size_t elf_size;
    const uint8_t *ramdisk;          /* NULL: none */
    size_t ramdisk_len;
    const char *cmdline;             /* NULL: empty */
    uint64_t nr_pages;               /* memory to populate */
    uint32_t store_port, console_port;
    uint32_t store_domid, console_domid;    /* backends, normally 0 */
    /* out */
    uint64_t store_mfn, console_mfn;
    uint64_t start_info_va;
    uint64_t pt_base_va;
    unsigned nr_pt_frames;
};

/*
 * Populates the domain's memory and writes its initial image: kernel,
 * ramdisk, p2m list, start_info, xenstore and console rings, page tables
 * (pinned), boot stack; then shared_info, the grant entries for the two
 * rings and vCPU 0's context.  The domain must exist, paused, with
 * max_mem set.  0 or a negative errno with the reason in CTX.  The caller
 * destroys the domain on failure.
 */
int libxl__build_pv(libxl_ctx *ctx, struct libxl__pv_build *b);

/* Where the builder puts things (PFNs), for tests. */
struct libxl__pv_layout {
    uint64_t virt_base, kernel_pfn, kernel_pages;
    uint64_t ramdisk_pfn, ramdisk_pages;
    int ramdisk_mapped, p2m_mapped;
    uint64_t p2m_pfn, p2m_pages, p2m_va;
    uint64_t start_info_pfn, xenstore_pfn, console_pfn, bootstack_pfn;
    uint64_t pt_pfn, nr_pt;             /* initial region's tables */
    uint64_t region_end;                /* VA, exclusive */
    uint64_t p2m_seg_pfn, p2m_seg_pages;
    uint64_t total_pfns;
};

/*
 * Plans B's image (B->nr_pages, B->elf, B->ramdisk_len matter) and, when
 * IMG is given (TOTAL_PFNS pages standing for PFNs 0..), writes the page
 * tables into it using P2M.  0, or -1 with ERR.
 */
int libxl__pv_plan(const struct libxl__pv_build *b, const xen_pfn_t *p2m,
                   uint8_t *img, struct libxl__pv_layout *out,
                   char *err, size_t errlen);

/* Hooks for restore (libxl_restore.c) into the builder and creation. */
int libxl__pv_seed_grants(libxl_ctx *ctx, struct libxl__pv_build *b);
int libxl__pv_set_memmap(libxl_ctx *ctx, uint32_t domid, uint64_t limit_kb);
struct xl_domain_config;
int libxl__create_write_xenstore(libxl_ctx *ctx,
                                 const struct xl_domain_config *dc,
                                 uint32_t domid, const char *uuid_str,
                                 const struct libxl__pv_build *b);
bool libxl__name_taken(libxl_ctx *ctx, const char *name);
int libxl__wait_console(libxl_ctx *ctx, uint32_t domid);

/* ---- devices of a domain (libxl_device.c, libxl_disk.c, libxl_nic.c) ---- */

struct xl_disk;
struct xl_nic;
struct xl_domain_config;
/* Side-effect-free checks of one disk / vif against dom0 (the target
 * exists, format raw, script present, ...); 0 or the reason in CTX. */
int libxl__disk_check(libxl_ctx *ctx, const struct xl_disk *d);
int libxl__nic_check(libxl_ctx *ctx, const struct xl_nic *n);
/* The same for every device of DC. */
int libxl__devices_check(libxl_ctx *ctx, const struct xl_domain_config *dc);
/* Attaches DC's disks, then its vifs, to new domain DOMID; on failure
 * the ones attached are removed again (newest first). */
int libxl__devices_add(libxl_ctx *ctx, const struct xl_domain_config *dc,
                       uint32_t domid);
/* Forced removal of every device of DOMID (vifs, then disks), scripts
 * included; the first error, the rest still done. */
int libxl__devices_destroy(libxl_ctx *ctx, uint32_t domid);

#endif /* XENOLITH_LIBXL_INTERNAL_H */

/*
 * grant_table.h - grant tables, version 1.
 *
 * A domain shares frames by writing grant entries {flags, domid, frame}
 * into its grant table (Xen-heap frames mapped by the guest).  Another
 * domain maps or copies a granted frame by (granting domid, ref).  While a
 * grant is in use the hypervisor keeps GTF_reading (and GTF_writing for
 * writable use) set in the shared entry; the granting guest ends access
 * with a compare-and-swap that fails while either bit is set, so it cannot
 * take back a frame that is still mapped.
 *
 * Locks: gt->lock (the granting domain's) guards active entries, the
 * frame list and the version; gt->maptrack_lock (the mapping domain's)
 * guards its maptrack.  Order: maptrack_lock is never held while taking a
 * grant lock; two grant locks are never held together.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <xen/mm.h>
#include <xen/sched.h>
#include <public/grant_table.h>

#define GNTTAB_MAX_FRAMES      64      /* Xen's default max_grant_frames */
#define GNTTAB_ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define MAPTRACK_CHUNK         256
#define MAPTRACK_MAX_CHUNKS    1024    /* 262144 handles per domain */

int grant_table_init(struct domain *d);
/* Drops every mapping d holds on others' grants (domain_kill). */
void gnttab_release_mappings(struct domain *d);
/* Frees d's table (last reference). */
void grant_table_destroy(struct domain *d);

/* Operations; ld is the caller's domain.  They fill op->status. */
void gnttab_map_grant_ref(struct domain *ld, gnttab_map_grant_ref_t *op);
void gnttab_unmap_grant_ref(struct domain *ld, gnttab_unmap_grant_ref_t *op);
void gnttab_copy(struct domain *ld, gnttab_copy_t *op);
void gnttab_query_size(struct domain *ld, gnttab_query_size_t *op);
/* May copy frame numbers out: 0, or -EFAULT. */
int gnttab_setup_table(struct domain *ld, gnttab_setup_table_t *op);
int gnttab_set_version(struct domain *ld, gnttab_set_version_t *op);
int gnttab_get_version(struct domain *ld, gnttab_get_version_t *op);

/* Hypercall 20: grant_table_op(cmd, uop, count). */
long do_grant_table_op(unsigned long cmd, unsigned long uop,
                       unsigned long count);

/* Tests and diagnostics. */
unsigned int gnttab_nr_frames(const struct domain *d);
unsigned int gnttab_maptrack_in_use(const struct domain *d);
grant_entry_v1_t *gnttab_shared_entry(const struct domain *d, grant_ref_t ref);

/* ---- hooks the arch provides ---- */
/*
 * Installs (removes) a host mapping of frame in ld at addr (a virtual
 * address, or a PTE's machine address with GNTMAP_contains_pte).  They
 * return GNTST_okay or a GNTST_* error; the grant code holds the frame's
 * references, the mapping itself takes none.
 */
int arch_grant_map(struct domain *ld, uint64_t addr, mfn_t frame,
                   uint32_t flags);
int arch_grant_unmap(struct domain *ld, uint64_t addr, mfn_t frame,
                     uint32_t flags);

#endif

/*
 * pv_mm.h - the PV MMU: guest page tables validated and reference counted.
 *
 * A PV guest writes its own page tables, but the hypervisor keeps control:
 * a frame is used as a page table of level N only after every entry in it
 * has been checked (mm.c), and while it has that type no writable mapping
 * of it can exist (the frame table's type counts enforce this: see
 * xen/include/xen/mm.h).  Guests change validated tables only through
 * mmu_update, update_va_mapping and the emulated writes of ptwr, all of
 * which go through pv_mod_entry().
 *
 * Reference rules (who holds what):
 *  - a present L1 entry holds a general reference on the frame it maps, and
 *    a writable-type reference too if it maps it read-write; I/O frames
 *    (not RAM, permitted by arch_iomem_permitted) hold nothing;
 *  - a present L2/L3/L4 entry holds a general and a type reference (L1/L2/
 *    L3) on the table below it;
 *  - a pin (MMUEXT_PIN_Ln) holds one general and one type reference;
 *  - a vCPU's guest_table / guest_table_user hold one each on their L4.
 * A table's entries drop their references when its type count falls to zero
 * (arch_invalidate_page_type), so unpinning an L4 that is still some vCPU's
 * CR3 frees nothing.
 *
 * L4 slots 256-271 belong to the hypervisor: whatever the guest wrote there
 * is replaced by the hypervisor's own entries when the L4 is validated, and
 * guests may never change them.
 */
#ifndef X86_PV_MM_H
#define X86_PV_MM_H

#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/types.h>

typedef uint64_t pv_pte_t;

#ifndef _PAGE_PRESENT
#define _PAGE_PRESENT  (1UL << 0)
#define _PAGE_RW       (1UL << 1)
#define _PAGE_USER     (1UL << 2)
#define _PAGE_PWT      (1UL << 3)
#define _PAGE_PCD      (1UL << 4)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY    (1UL << 6)
#define _PAGE_PSE      (1UL << 7)
#define _PAGE_GLOBAL   (1UL << 8)
#define _PAGE_NX       (1UL << 63)
#endif
#define PV_PAGE_PAT_L1 (1UL << 7)     /* PAT bit in a 4K leaf */
#define PV_CACHE_ATTRS (_PAGE_PWT | _PAGE_PCD | PV_PAGE_PAT_L1)
#define PV_ADDR_MASK   0x000ffffffffff000UL
#define PV_PT_ENTRIES  512

/* The hypervisor's L4 slots: [PV_XEN_L4_FIRST, PV_XEN_L4_LAST]. */
#define PV_XEN_L4_FIRST 256
#define PV_XEN_L4_LAST  271
#define PV_HV_VIRT_START 0xffff800000000000UL
#define PV_HV_VIRT_END   0xffff880000000000UL

static inline mfn_t pte_mfn(pv_pte_t e) { return (e & PV_ADDR_MASK) >> 12; }
static inline bool pte_present(pv_pte_t e) { return e & _PAGE_PRESENT; }
static inline bool pv_xen_l4_slot(unsigned int i)
{ return i >= PV_XEN_L4_FIRST && i <= PV_XEN_L4_LAST; }

/* The PV MMU state of a vCPU (part of the arch's per-vCPU state). */
struct pv_mmu_vcpu {
    mfn_t guest_table;        /* kernel L4, 0 = none (refs as above) */
    mfn_t guest_table_user;   /* user L4, 0 = none */
    unsigned long ldt_base;   /* SET_LDT linear address */
    unsigned int ldt_ents;
};

/* The PV MMU state of a domain. */
struct pv_mmu_domain {
    unsigned long vm_assist;  /* VMASST_TYPE_* bits (writable_pagetables) */
};

/* The MMU state of v and d; provided by the arch's vCPU/domain code. */
struct pv_mmu_vcpu *pv_mmu_vcpu(struct vcpu *v);
struct pv_mmu_domain *pv_mmu_domain(struct domain *d);

/* ---- mm.c ---- */
/*
 * Replaces entry idx of the validated level-`level` table in frame
 * table_mfn (owned by d) with nval.  Frames that nval maps must belong to
 * pg_owner (d, or a foreign domain for a privileged d; NULL means d).
 * preserve_ad keeps the Accessed/Dirty bits the hardware set in the old
 * entry.  Returns 0 or -errno; on error nothing changed.
 * *flush is set when a mapping went away (the caller flushes TLBs before
 * returning to any guest).
 */
int pv_mod_entry(struct domain *d, struct domain *pg_owner, mfn_t table_mfn,
                 unsigned int idx, unsigned int level, pv_pte_t nval,
                 bool preserve_ad, bool *flush);

/*
 * As pv_mod_entry (frames from d itself, no A/D preservation), but only if
 * the entry still holds `expect`: -EAGAIN otherwise, with nothing changed.
 * For emulated read-modify-write instructions (ptwr.c).
 */
int pv_mod_entry_expect(struct domain *d, mfn_t table_mfn, unsigned int idx,
                        unsigned int level, pv_pte_t expect, pv_pte_t nval,
                        bool *flush);

/* The level (1-4) of a validated page-table frame, or 0. */
unsigned int pv_table_level(const struct page_info *pg);

/* Pin/unpin: 0 or -errno (-EINVAL if already pinned / not pinned). */
int pv_pin_table(struct domain *d, mfn_t mfn, unsigned int level);
int pv_unpin_table(struct domain *d, mfn_t mfn);

/* Installs mfn (0: none) as v's kernel or user L4; 0 or -errno. */
int pv_set_guest_table(struct vcpu *v, mfn_t mfn, bool user);
/* Drops v's guest tables (vCPU teardown). */
void pv_drop_guest_tables(struct vcpu *v);

/*
 * Walks v's kernel L4 to the L1 that maps va; returns its frame and the
 * entry index, or -EINVAL when va is in the hypervisor's range or an upper
 * level is not present.
 */
int pv_find_l1(struct vcpu *v, unsigned long va, mfn_t *l1_mfn,
               unsigned int *idx);

/* ---- hooks the arch provides ---- */
/* May d map this non-RAM (or unowned) frame as I/O memory? */
bool arch_iomem_permitted(struct domain *d, mfn_t mfn);
/* Writes the hypervisor's entries into slots 256-271 of a guest L4. */
void arch_init_xen_l4_slots(pv_pte_t *l4);
/* Records mfn -> pfn in the machine-to-phys table guests read. */
void arch_m2p_set(mfn_t mfn, unsigned long pfn);
/* Flushes every TLB that may hold d's translations. */
void arch_flush_domain_tlbs(struct domain *d);
/*
 * The TLB-flush clock: advanced by every full flush.  An L1 entry change
 * does not flush TLBs (the guest does, as on Xen); the old frame is stamped
 * with this clock instead (page_info.tlbflush_stamp) before its references
 * go, and xen/mm.h's arch_flush_stale_tlbs() flushes where needed before
 * the frame is retyped or reused.
 */
uint64_t arch_tlbflush_clock(void);
/* Flushes this CPU's TLB (all, or one va). */
void arch_flush_tlb_local(void);
void arch_invlpg_local(unsigned long va);
/* v's page tables changed: reload CR3 if v is running here. */
void arch_guest_table_changed(struct vcpu *v);

/* ---- mmu_op.c: hypercalls 1, 14, 22, 26 ---- */
long do_mmu_update(unsigned long ureqs, unsigned long count,
                   unsigned long pdone, unsigned long foreigndom);
long do_mmuext_op(unsigned long uops, unsigned long count,
                  unsigned long pdone, unsigned long foreigndom);
long do_update_va_mapping(unsigned long va, unsigned long val,
                          unsigned long flags);
long do_update_va_mapping_otherdomain(unsigned long va, unsigned long val,
                                      unsigned long flags,
                                      unsigned long domid);
#endif

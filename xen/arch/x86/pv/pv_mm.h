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

/* An LDT: at most 8192 descriptors, 16 pages. */
#define PV_LDT_MAX_ENTS  8192
#define PV_LDT_PAGES     16
/* Guest GDT entries end where the hypervisor's (selector 0xe000) begin. */
#define PV_FIRST_RESERVED_GDT_ENTRY 7168
#define PV_FLAT_KERNEL_CS 0xe033

/* The PV MMU state of a vCPU (part of the arch's per-vCPU state). */
struct pv_mmu_vcpu {
    mfn_t guest_table;        /* kernel L4, 0 = none (refs as above) */
    mfn_t guest_table_user;   /* user L4, 0 = none */
    unsigned long ldt_base;   /* SET_LDT linear address */
    unsigned int ldt_ents;
    /*
     * The LDT pages in use: page i of the LDT, mapped lazily when the CPU
     * first reads a descriptor there (0: not yet).  Each holds a general
     * and a PGT_seg_desc_page type reference, dropped by pv_destroy_ldt.
     */
    mfn_t ldt_frames[PV_LDT_PAGES];
    /*
     * PHYSDEVOP_set_iobitmap: the guest VA of a TSS-style bitmap (a set
     * bit denies) and the number of ports it covers (0: none).  Read from
     * guest memory at each trapped I/O instruction; kept here beside the
     * LDT as the other per-vCPU guest pointer the hypervisor dereferences.
     */
    unsigned long iobmp;
    unsigned int iobmp_limit;
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
/* Drops every pin a dying domain's frames hold (domain teardown). */
void pv_unpin_all(struct domain *d);

/* Installs mfn (0: none) as v's kernel or user L4; 0 or -errno. */
int pv_set_guest_table(struct vcpu *v, mfn_t mfn, bool user);
/* Drops v's guest tables and LDT pages (vCPU teardown). */
void pv_drop_guest_tables(struct vcpu *v);

/*
 * Walks v's kernel L4 to the L1 that maps va; returns its frame and the
 * entry index, or -EINVAL when va is in the hypervisor's range or an upper
 * level is not present.
 */
int pv_find_l1(struct vcpu *v, unsigned long va, mfn_t *l1_mfn,
               unsigned int *idx);

/*
 * Descriptors (GDT and LDT pages, update_descriptor).  Makes *desc safe
 * for a guest whose kernel runs in ring 3, as Xen 4.17 does: not-present
 * entries and the type-0 upper half of a gate pass unchanged; code and
 * data segments get DPL 3; a call gate passes if it targets a guest
 * selector (GDT below the hypervisor's entries, LDT) or the flat kernel
 * CS and has no reserved bits set, and gets DPL 0 (using it faults); any
 * other system descriptor is refused (false).
 */
bool pv_check_descriptor(uint64_t *desc);

/*
 * MMUEXT_SET_LDT for v: base page aligned and guest-accessible, at most
 * PV_LDT_MAX_ENTS entries (the base is ignored when ents is 0), as Xen
 * 4.17.  A different LDT drops the old one's pages.  0 or -EINVAL.
 */
int pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents);
/* Drops v's LDT pages (their references); true if there were any. */
bool pv_destroy_ldt(struct vcpu *v);
/*
 * The CPU read LDT offset off and found no page: take the guest page that
 * v's kernel tables map at ldt_base + off as a descriptor page and record
 * it in ldt_frames.  0, or -EINVAL (beyond the LDT) / -EFAULT (nothing
 * mapped there, or the page cannot become a descriptor page: writable
 * somewhere, a page table, or holding a bad descriptor).
 */
int pv_ldt_get_page(struct vcpu *v, unsigned int off);

/* ---- hooks the arch provides ---- */
/* v's LDT (base, entries or pages) changed: reload it if v runs here. */
void arch_ldt_changed(struct vcpu *v);
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

/* ---- ldt.c: the LDT on the CPU ---- */
struct cpu_user_regs;
void pv_ldt_load(struct vcpu *v);     /* v's LDT into this CPU's window */
void pv_ldt_unload(void);             /* empty window, null LDTR */
/* A guest-mode #PF at cr2 in this CPU's LDT window: true if handled. */
bool pv_ldt_guest_fault(struct cpu_user_regs *regs, unsigned long cr2);
/* The iretq to the guest faulted on an LDT selector: true if handled. */
bool pv_ldt_iret_fault(struct cpu_user_regs *regs);

/* ---- physdev.c ---- */
/* Do v's virtual IOPL or its I/O bitmap let it (in user or kernel mode)
 * use ports [port, port + bytes)? */
bool pv_io_bitmap_allows(struct vcpu *v, bool user, uint16_t port,
                         unsigned int bytes);

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

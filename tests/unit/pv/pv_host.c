/* pv_host.c - see pv_host.h. */
#include <stdlib.h>
#include <string.h>

#include "pv_host.h"
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

static unsigned char *ram;
static struct page_info *ft;
static struct pvh_domain *doms[8];
static unsigned int ndoms;
static struct vcpu *cur;
static struct { unsigned char *base; size_t len; } win[4];
static unsigned int nwin;

unsigned long pvh_flush_all, pvh_flush_local, pvh_m2p_sets;
unsigned long pvh_m2p_last_mfn, pvh_m2p_last_pfn;
bool pvh_preempt;
unsigned long pvh_continuations;

void *mfn_to_virt(mfn_t mfn) { return ram + mfn * PAGE_SIZE; }
mfn_t virt_to_mfn(const void *va) { return ((const unsigned char *)va - ram) / PAGE_SIZE; }

void pvh_fini(void)
{
    for (unsigned int i = 0; i < ndoms; i++)
        free(doms[i]);
    ndoms = 0;
    free(ram);
    free(ft);
    ram = NULL;
    ft = NULL;
    nwin = 0;
}

void pvh_init(void)
{
    pvh_fini();
    ram = aligned_alloc(PAGE_SIZE, PVH_FRAMES * PAGE_SIZE);
    ft = calloc(PVH_FRAMES, sizeof(*ft));
    if (!ram || !ft)
        abort();
    memset(ram, 0x5a, PVH_FRAMES * PAGE_SIZE);
    frame_table_init(ft, PVH_FRAMES);
    /* Frames 0-15 stay reserved: they play the hypervisor's own RAM. */
    heap_add_ram(16, PVH_FRAMES - 16);
    pvh_flush_all = pvh_flush_local = pvh_m2p_sets = 0;
    pvh_stale_flushes = 0;
    pvh_preempt = false;
    pvh_continuations = 0;
}

struct pvh_domain *pvh_domain(domid_t id, bool privileged, unsigned long max_pages)
{
    struct pvh_domain *p = calloc(1, sizeof(*p));

    if (!p || ndoms == 8)
        abort();
    p->d.domain_id = id;
    p->d.is_privileged = privileged;
    p->d.refcnt = 1;
    p->d.state = DOMSTATE_alive;
    spin_lock_init(&p->d.page_alloc_lock);
    list_init(&p->d.page_list);
    list_init(&p->d.relmem_list);
    p->d.max_pages = max_pages;
    p->d.max_vcpus = 1;
    p->vp[0] = &p->v;
    p->d.vcpu = p->vp;
    p->d.arch_priv = &p->md;
    p->v.domain = &p->d;
    p->v.arch_priv = &p->mv;
    doms[ndoms++] = p;
    return p;
}

void pvh_set_current(struct pvh_domain *p) { cur = &p->v; }
struct vcpu *get_current(void) { return cur; }

mfn_t pvh_alloc(struct pvh_domain *p)
{
    struct page_info *pg = alloc_domheap_pages(&p->d, 0);

    if (!pg)
        abort();
    memset(mfn_to_virt(page_to_mfn(pg)), 0, PAGE_SIZE);
    return page_to_mfn(pg);
}

unsigned long pvh_count(mfn_t m) { return mfn_to_page(m)->count_info & PGC_count_mask; }
unsigned long pvh_tcount(mfn_t m) { return mfn_to_page(m)->type_info & PGT_count_mask; }
uint64_t pvh_type(mfn_t m) { return mfn_to_page(m)->type_info & PGT_type_mask; }

struct pv_mmu_vcpu *pv_mmu_vcpu(struct vcpu *v) { return v->arch_priv; }
struct pv_mmu_domain *pv_mmu_domain(struct domain *d) { return d->arch_priv; }

/* Domain references: the simulated domains are never freed by refcount. */
void get_knownalive_domain(struct domain *d) { __atomic_fetch_add(&d->refcnt, 1, __ATOMIC_RELAXED); }
bool get_domain(struct domain *d) { get_knownalive_domain(d); return true; }
void put_domain(struct domain *d) { __atomic_fetch_sub(&d->refcnt, 1, __ATOMIC_RELAXED); }
struct domain *get_domain_by_id(domid_t id)
{
    for (unsigned int i = 0; i < ndoms; i++)
        if (doms[i]->d.domain_id == id) {
            get_domain(&doms[i]->d);
            return &doms[i]->d;
        }
    return NULL;
}

void pvh_guest_window(void *base, size_t len)
{
    if (nwin < 4) {
        win[nwin].base = base;
        win[nwin].len = len;
        nwin++;
    }
}

static bool in_window(unsigned long va, size_t len)
{
    for (unsigned int i = 0; i < nwin; i++) {
        unsigned long b = (unsigned long)win[i].base;

        if (va >= b && len <= win[i].len && va - b <= win[i].len - len)
            return true;
    }
    return false;
}

unsigned long raw_copy_from_guest(void *dst, unsigned long gva, size_t len)
{
    if (!in_window(gva, len))
        return len;
    memcpy(dst, (void *)gva, len);
    return 0;
}

unsigned long raw_copy_to_guest(unsigned long gva, const void *src, size_t len)
{
    if (!in_window(gva, len))
        return len;
    memcpy((void *)gva, src, len);
    return 0;
}

bool hypercall_preempt_check(void) { return pvh_preempt; }
long hypercall_create_continuation(unsigned int op, unsigned long a0,
                                   unsigned long a1, unsigned long a2,
                                   unsigned long a3, unsigned long a4,
                                   unsigned long a5)
{
    (void)op; (void)a0; (void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
    pvh_continuations++;
    return HYPERCALL_CONTINUATION;
}

/* MMIO starts far above RAM; RAM and reserved frames are never I/O. */
bool arch_iomem_permitted(struct domain *d, mfn_t mfn)
{
    return d->is_privileged && mfn >= PVH_IO_FIRST;
}

#define PVH_XEN_SLOT_MARK 0xfeed000000000067ULL
void arch_init_xen_l4_slots(pv_pte_t *l4)
{
    for (unsigned int i = PV_XEN_L4_FIRST; i <= PV_XEN_L4_LAST; i++)
        l4[i] = PVH_XEN_SLOT_MARK;
}
void arch_m2p_set(mfn_t mfn, unsigned long pfn)
{
    pvh_m2p_sets++;
    pvh_m2p_last_mfn = mfn;
    pvh_m2p_last_pfn = pfn;
}
void arch_flush_domain_tlbs(struct domain *d) { (void)d; pvh_flush_all++; }
void arch_flush_tlb_local(void) { pvh_flush_local++; }
/* The flush clock ticks once per stale-TLB flush, so stamps can be seen
 * to have been honoured. */
unsigned long pvh_tlbflush_clock = 1, pvh_stale_flushes;
uint64_t arch_tlbflush_clock(void) { return pvh_tlbflush_clock; }
void arch_flush_stale_tlbs(uint64_t stamp)
{
    if (stamp && stamp >= pvh_tlbflush_clock) {
        pvh_stale_flushes++;
        pvh_tlbflush_clock++;
    }
}
void arch_invlpg_local(unsigned long va) { (void)va; pvh_flush_local++; }
void arch_guest_table_changed(struct vcpu *v) { (void)v; }
unsigned long pvh_ldt_changed;
void arch_ldt_changed(struct vcpu *v) { (void)v; pvh_ldt_changed++; }

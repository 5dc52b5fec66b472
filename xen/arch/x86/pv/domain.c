/*
 * domain.c - the arch side of domain and vCPU lifecycle for PV guests
 * (xen/domain.h hooks), and the PV MMU's arch hooks (pv_mm.h).
 *
 * struct pv_domain / struct pv_vcpu are allocated here and owned by the
 * domain / vCPU (freed by the destroy hooks at the last reference).
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>
#include <public/sched.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/shutdown.h>
#include <asm/smp.h>
#include "pv.h"

int arch_domain_create(struct domain *d)
{
    struct pv_domain *pd = xzalloc(struct pv_domain);

    if (!pd)
        return -ENOMEM;
    d->arch_priv = pd;
    spin_lock_init(&pd->e820_lock);
    pv_time_init_domain(d);
    return 0;
}

void arch_domain_destroy(struct domain *d)
{
    struct pv_domain *pd = d->arch_priv;

    if (pd && d->arch_priv != d) {
        xfree(pd->e820);
        xfree(pd);
    }
    d->arch_priv = NULL;
}

int arch_vcpu_create(struct vcpu *v)
{
    struct pv_vcpu *pv = xzalloc(struct pv_vcpu);

    if (!pv)
        return -ENOMEM;
    pv->in_kernel = true;
    pv->regs.cs = FLAT_RING3_CS64;
    pv->regs.ss = FLAT_RING3_DS;
    pv->regs.rflags = X86_EFLAGS_IF | 2;
    pv_fpu_init(pv);
    v->arch_priv = pv;
    pv_timers_init(v);
    return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    struct pv_vcpu *pv = pv_vcpu(v);

    if (!pv)
        return;
    pv_timers_kill(v);
    xfree(pv);
    v->arch_priv = NULL;
}

void arch_domain_relinquish(struct domain *d)
{
    pv_pirq_relinquish(d);
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (!v || !pv_vcpu(v))
            continue;
        stop_timer(&pv_vcpu(v)->singleshot);
        stop_timer(&pv_vcpu(v)->periodic);
        pv_drop_gdt(v);
        pv_drop_guest_tables(v);
        pv_release_vcpu_info(v);
    }
    pv_unpin_all(d);
}

/* dom0 shut down: the machine goes with it. */
void arch_hardware_domain_shutdown(unsigned int reason)
{
    printk("Xenolith: dom0 shut down (reason %u)%s\n", reason,
           reason == SHUTDOWN_reboot ? ", rebooting" : ", powering off");
    machine_power_off(reason);
}

void arch_sched_wait(unsigned int cpu)
{
    __asm__ volatile("pause" ::: "memory");
    arch_lock_relax();
}

/* ---- pv_mm.h hooks ---- */

struct pv_mmu_vcpu *pv_mmu_vcpu(struct vcpu *v)
{
    return &pv_vcpu(v)->mmu;
}

struct pv_mmu_domain *pv_mmu_domain(struct domain *d)
{
    return &pv_domain(d)->mmu;
}

/* ---- TLB flushes and the flush clock (pv_mm.h, xen/mm.h) ---- */

static uint64_t tlbflush_clock = 1;           /* 0 means "no stamp" */

uint64_t arch_tlbflush_clock(void)
{
    return __atomic_load_n(&tlbflush_clock, __ATOMIC_SEQ_CST);
}

/* Called before this CPU's TLB is flushed whole (a CR3 load counts). */
void pv_note_tlb_flush(void)
{
    uint64_t t = __atomic_add_fetch(&tlbflush_clock, 1, __ATOMIC_SEQ_CST);

    __atomic_store_n(&this_cpu()->tlbflush_time, t, __ATOMIC_SEQ_CST);
}

static void flush_here(void)
{
    pv_note_tlb_flush();
    flush_tlb_local();
}

static void flush_local_ipi(void *unused)
{
    flush_here();
}

/*
 * CPUs running the idle tables hold no guest translation (never global);
 * the others flush unless they began a flush after the stamp was taken.
 */
void arch_flush_stale_tlbs(uint64_t stamp)
{
    cpumask_t mask;
    unsigned int cpu, me = smp_processor_id();
    bool here = false;

    if (!stamp)
        return;
    cpumask_clear(&mask);
    for_each_online_cpu(cpu) {
        struct percpu *pc = per_cpu(cpu);

        if (!__atomic_load_n(&pc->tlb_domain, __ATOMIC_SEQ_CST) ||
            __atomic_load_n(&pc->tlbflush_time, __ATOMIC_SEQ_CST) > stamp)
            continue;
        if (cpu == me)
            here = true;
        else
            cpumask_set_cpu(cpu, &mask);
    }
    if (here)
        flush_here();
    if (!cpumask_empty(&mask))
        on_selected_cpus(&mask, flush_local_ipi, NULL, true);
}

/*
 * Only CPUs whose CR3 may hold d's tables need the IPI (percpu.tlb_domain);
 * the caller's page-table change is ordered before the check, so a CPU
 * that loads d's CR3 afterwards walks the new entries.
 */
void arch_flush_domain_tlbs(struct domain *d)
{
    cpumask_t mask;
    unsigned int cpu;

    cpumask_clear(&mask);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    for_each_online_cpu(cpu)
        if (cpu != smp_processor_id() &&
            __atomic_load_n(&per_cpu(cpu)->tlb_domain, __ATOMIC_SEQ_CST) == d)
            cpumask_set_cpu(cpu, &mask);
    flush_here();
    if (!cpumask_empty(&mask))
        on_selected_cpus(&mask, flush_local_ipi, NULL, true);
}

void arch_flush_tlb_local(void)
{
    flush_here();
}

void arch_invlpg_local(unsigned long va)
{
    invlpg((void *)va);
}

void arch_guest_table_changed(struct vcpu *v)
{
    struct pv_vcpu *pv = pv_vcpu(v);
    mfn_t t;

    if (v != current)
        return;
    t = pv->in_kernel ? pv->mmu.guest_table : pv->mmu.guest_table_user;
    pv_note_tlb_flush();
    write_cr3(t ? (paddr_t)t << PAGE_SHIFT : virt_to_maddr(idle_pg_table));
}

void arch_init_xen_l4_slots(pv_pte_t *l4)
{
    for (unsigned int i = PV_XEN_L4_FIRST; i <= PV_XEN_L4_LAST; i++)
        l4[i] = idle_pg_table[i];
}

/* Frames the CPU can address: below 2^MAXPHYADDR (CPUID 0x80000008). */
static bool mfn_addressable(mfn_t mfn)
{
    static unsigned int bits;
    uint32_t a, b, c, dx;

    if (!bits) {
        cpuid_count(0x80000000, 0, &a, &b, &c, &dx);
        bits = 36;
        if (a >= 0x80000008) {
            cpuid_count(0x80000008, 0, &a, &b, &c, &dx);
            bits = a & 0xff;
        }
    }
    return mfn < (1UL << (bits - PAGE_SHIFT));
}

/* I/O memory: the hardware domain, and a domU within what the toolstack
 * granted it (XEN_DOMCTL_iomem_permission), may map addressable frames
 * that no e820 RAM range covers. */
bool arch_iomem_permitted(struct domain *d, mfn_t mfn)
{
    paddr_t pa = (paddr_t)mfn << PAGE_SHIFT;

    if (!mfn_addressable(mfn))
        return false;
    if (!d->is_privileged && !rangeset_contains(&d->iomem_caps, mfn, mfn))
        return false;
    for (unsigned int i = 0; i < e820.nr; i++)
        if (e820.map[i].type == E820_RAM && pa >= e820.map[i].addr &&
            pa < e820.map[i].addr + e820.map[i].size)
            return false;
    return true;
}

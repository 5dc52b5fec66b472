/*
 * asm/percpu.h - per-CPU data.
 *
 * Each CPU's struct percpu is found through struct cpu_info at the top of
 * its stack (see asm/config.h), never through GS: PV guests own GS base.
 * Invariant: get_cpu_info()->percpu->cpu_id == the CPU's logical number,
 * set before the CPU enables interrupts and never changed.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <xen/types.h>
#include <asm/config.h>

struct tss64 {
    uint32_t rsvd0;
    uint64_t rsp0, rsp1, rsp2;
    uint64_t rsvd1;
    uint64_t ist[7];
    uint64_t rsvd2;
    uint16_t rsvd3, iomap_base;
} __attribute__((packed, aligned(16)));

struct percpu {
    unsigned int cpu_id;
    uint32_t apic_id;
    bool online;
    unsigned long stack;          /* base of the STACK_SIZE block */
    uint64_t *gdt;                /* page holding reserved GDT entries */
    uint64_t *gdt_l1;             /* PTEs of the GDT window (16), or NULL */
    struct tss64 tss;
    volatile unsigned long softirq_pending;
    int64_t timer_deadline;       /* system time armed (ns), 0 = none */
    unsigned long irq_count;      /* interrupts taken, for diagnostics */
    unsigned long ipi_count;      /* event-check IPIs taken */
    void *arch_private;           /* reserved for later use */
    /*
     * The domain whose page tables CR3 may hold here (NULL: the idle
     * tables).  Set before a guest's CR3 is loaded and cleared only after
     * the idle tables are, so a CPU that does not show d here caches none
     * of d's (never global) translations: TLB flushes for d skip it.
     */
    void *tlb_domain;
    /* TLB-flush clock when this CPU last began a full flush (pv/domain.c). */
    uint64_t tlbflush_time;
};

/*
 * At the top of each CPU's stack.  While a guest runs on the CPU,
 * MSR_SHADOW_GS_BASE points here so that the syscall entry (one swapgs)
 * can find its stack; offsets used by assembly are in asm/config.h.
 */
struct cpu_info {
    struct percpu *percpu;
    unsigned int cpu_id;
    unsigned int pad;
    void *current_vcpu;           /* struct vcpu running here */
    uint64_t syscall_rsp;         /* CPUINFO_syscall_rsp */
    uint64_t guest_top;           /* CPUINFO_guest_top: TSS rsp0 value */
    uint64_t scratch[11];
};
_Static_assert(sizeof(struct cpu_info) == CPUINFO_SIZE, "cpu_info size");
_Static_assert(__builtin_offsetof(struct cpu_info, syscall_rsp) ==
               CPUINFO_syscall_rsp, "cpu_info layout");
_Static_assert(__builtin_offsetof(struct cpu_info, guest_top) ==
               CPUINFO_guest_top, "cpu_info layout");

extern struct percpu percpu_area[NR_CPUS];
extern unsigned int nr_cpu_ids;   /* CPUs found in ACPI (<= NR_CPUS) */
extern unsigned int num_online_cpus;

static inline struct cpu_info *get_cpu_info(void)
{
    unsigned long sp;

    __asm__("mov %%rsp, %0" : "=r"(sp));
    return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 - CPUINFO_SIZE);
}

static inline unsigned int smp_processor_id(void)
{
    return get_cpu_info()->cpu_id;
}

static inline struct percpu *this_cpu(void)
{
    return get_cpu_info()->percpu;
}

static inline struct percpu *per_cpu(unsigned int cpu)
{
    return &percpu_area[cpu];
}

#define for_each_online_cpu(c)                                \
    for ((c) = 0; (c) < nr_cpu_ids; (c)++)                    \
        if (percpu_area[c].online)

#endif

/*
 * asm/processor.h - CPUID, control registers, MSRs, and the CPU features
 * the hypervisor acts on.
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <xen/types.h>

#define X86_CR0_PE  (1UL << 0)
#define X86_CR0_MP  (1UL << 1)
#define X86_CR0_TS  (1UL << 3)
#define X86_CR0_NE  (1UL << 5)
#define X86_CR0_WP  (1UL << 16)
#define X86_CR0_PG  (1UL << 31)

#define X86_CR4_PAE        (1UL << 5)
#define X86_CR4_PGE        (1UL << 7)
#define X86_CR4_OSFXSR     (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_FSGSBASE   (1UL << 16)
#define X86_CR4_SMEP       (1UL << 20)
#define X86_CR4_SMAP       (1UL << 21)

#define X86_EFLAGS_IF  (1UL << 9)
#define X86_EFLAGS_AC  (1UL << 18)

#define MSR_EFER            0xc0000080
#define EFER_SCE            (1UL << 0)
#define EFER_LME            (1UL << 8)
#define EFER_NXE            (1UL << 11)
#define MSR_FS_BASE         0xc0000100
#define MSR_GS_BASE         0xc0000101
#define MSR_SHADOW_GS_BASE  0xc0000102
#define MSR_APIC_BASE       0x0000001b
#define MSR_TSC_DEADLINE    0x000006e0

/* Features we test, as (leaf, register, bit). */
struct cpu_features {
    bool x2apic, tsc_deadline, smep, smap, nx, pdpe1gb, invariant_tsc,
         pge, fsgsbase, hypervisor;
    unsigned int max_leaf, max_ext_leaf;
    char vendor[13];
};
extern struct cpu_features boot_cpu;
/* CR4.SMEP / CR4.SMAP are on (cpu.c). */
extern bool smap_enabled, smep_enabled;

static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t *a,
                               uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
                     : "0"(leaf), "2"(sub));
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v),
                     "d"((uint32_t)(v >> 32)) : "memory");
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* rdtsc that is not hoisted above earlier loads (lfence orders it). */
static inline uint64_t rdtsc_ordered(void)
{
    __asm__ volatile("lfence" ::: "memory");
    return rdtsc();
}

#define DEFINE_CR(n)                                                   \
    static inline unsigned long read_cr##n(void)                       \
    {                                                                  \
        unsigned long v;                                               \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));              \
        return v;                                                      \
    }                                                                  \
    static inline void write_cr##n(unsigned long v)                    \
    {                                                                  \
        __asm__ volatile("mov %0, %%cr" #n :: "r"(v) : "memory");      \
    }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void invlpg(const void *va)
{
    __asm__ volatile("invlpg (%0)" :: "r"(va) : "memory");
}

static inline void flush_tlb_local(void)
{
    write_cr3(read_cr3());
}

static inline void halt(void)
{
    __asm__ volatile("hlt" ::: "memory");
}

void cpu_features_init(void);
void cpu_init_cr4(void);

#endif

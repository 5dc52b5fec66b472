/*
 * desc.c - GDT, TSS and IDT set-up (asm/desc.h).
 */
#include <xen/lib.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/regs.h>
#include <asm/setup.h>

struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, rsvd;
} __packed;

static struct idt_gate idt[256] __aligned(PAGE_SIZE);
/* The boot CPU's GDT page: needed before the boot allocator exists. */
static uint64_t cpu0_gdt[PAGE_SIZE / 8] __aligned(PAGE_SIZE);

/* entry.S: 256 stubs, 32 bytes apart. */
extern char entry_stubs[];

/* Shown for guest GDT pages the running vCPU does not use. */
static mfn_t gdt_zero_mfn;

static unsigned long gdt_window_va(unsigned int cpu)
{
    return PERCPU_GDT_VIRT_START + (unsigned long)cpu * PERCPU_GDT_STRIDE;
}

void set_idt_gate(unsigned int vec, void *handler, unsigned int dpl,
                  unsigned int ist)
{
    unsigned long a = (unsigned long)handler;

    idt[vec] = (struct idt_gate){
        .off_lo = a, .sel = __HYPERVISOR_CS, .ist = ist,
        .type = 0x8e | (dpl << 5),       /* present 64-bit interrupt gate */
        .off_mid = a >> 16, .off_hi = a >> 32,
    };
}

void idt_init(void)
{
    for (unsigned int v = 0; v < 256; v++)
        set_idt_gate(v, entry_stubs + v * 32, 0, 0);
    /* int3 and into trap directly from a guest; every other "int N" of a
     * guest raises #GP and is decoded (pv/traps.c). */
    idt[3].type |= 3 << 5;
    idt[4].type |= 3 << 5;
    idt[2].ist = IST_NMI;
    idt[8].ist = IST_DF;
    idt[18].ist = IST_MC;
}

static void set_tss_desc(uint64_t *gdt, unsigned int idx, struct tss64 *tss)
{
    unsigned long b = (unsigned long)tss;
    uint64_t limit = sizeof(*tss) - 1;

    gdt[idx] = (limit & 0xffff) | ((b & 0xffffff) << 16) |
               (0x89UL << 40) |                    /* present, 64-bit TSS */
               (((limit >> 16) & 0xf) << 48) | (((b >> 24) & 0xff) << 56);
    gdt[idx + 1] = b >> 32;
}

static void fill_gdt(uint64_t *g, unsigned int cpu)
{
    g[1] = 0x00af9b000000ffffUL;   /* 0xe008 hypervisor CS64 */
    g[2] = 0x00cf93000000ffffUL;   /* 0xe010 hypervisor DS */
    g[4] = 0x00cffb000000ffffUL;   /* 0xe023 ring-3 CS32 */
    g[5] = 0x00cff3000000ffffUL;   /* 0xe02b ring-3 DS */
    g[6] = 0x00affb000000ffffUL;   /* 0xe033 ring-3 CS64 */
    set_tss_desc(g, 8, &per_cpu(cpu)->tss);          /* 0xe040 */
    /* 0xe060: a data segment whose limit is the CPU number (lsl/rdtscp
     * style per-CPU lookup, as Xen provides). */
    g[12] = 0x0000f20000000000UL | cpu;
}

void cpu_desc_init(unsigned int cpu)
{
    struct percpu *pc = per_cpu(cpu);
    struct {
        uint16_t limit;
        uint64_t base;
    } __packed gdtr, idtr = { sizeof(idt) - 1, (uint64_t)idt };
    unsigned long stack = pc->stack;

    if (!pc->gdt)
        pc->gdt = cpu ? maddr_to_virt(boot_alloc_pages(1, 1)) : cpu0_gdt;
    memset(pc->gdt, 0, PAGE_SIZE);
    fill_gdt(pc->gdt, cpu);

    memset(&pc->tss, 0, sizeof(pc->tss));
    /* A guest's frame ends CPUINFO_SIZE below the top, with room for the
     * es/ds/fs/gs slots of struct cpu_user_regs above the hardware part. */
    pc->tss.rsp0 = stack + STACK_SIZE - CPUINFO_SIZE -
                   (REGS_SIZE - REGS_HW_SIZE);
    pc->tss.ist[IST_DF - 1] = stack + 1 * PAGE_SIZE;
    pc->tss.ist[IST_NMI - 1] = stack + 2 * PAGE_SIZE;
    pc->tss.ist[IST_MC - 1] = stack + 3 * PAGE_SIZE;
    pc->tss.iomap_base = sizeof(pc->tss);         /* no I/O bitmap */

    gdtr.limit = (XEN_GDT_FIRST_ENTRY + 16) * 8 - 1;
    gdtr.base = pc->gdt_l1 ? gdt_window_va(cpu)
                           : (uint64_t)pc->gdt - XEN_GDT_FIRST_ENTRY * 8;
    __asm__ volatile("lgdt %0" :: "m"(gdtr));
    __asm__ volatile(
        "mov %[ds], %%ds; mov %[ds], %%es; mov %[ds], %%ss\n"
        "xor %%eax, %%eax; mov %%eax, %%fs; mov %%eax, %%gs\n"
        "pushq %[cs]\n"
        "movabs $1f, %%rax\n"
        "pushq %%rax\n"
        "lretq\n"
        "1:\n"
        :: [ds] "r"(__HYPERVISOR_DS), [cs] "i"(__HYPERVISOR_CS)
        : "rax", "memory");
    __asm__ volatile("ltr %w0" :: "r"(TSS_SELECTOR));
    /* No LDT: LDT selectors fault (#GP) rather than read address 0. */
    __asm__ volatile("lldt %w0" :: "r"(0));
    __asm__ volatile("lidt %0" :: "m"(idtr));
}

void gdt_window_map(unsigned int cpu)
{
    struct percpu *pc = per_cpu(cpu);
    unsigned long va = gdt_window_va(cpu);

    if (!gdt_zero_mfn)
        gdt_zero_mfn = virt_to_mfn(boot_alloc_zeroed_page());
    for (unsigned int i = 0; i < GDT_GUEST_PAGES; i++)
        map_pages(idle_pg_table, va + i * PAGE_SIZE,
                  (paddr_t)gdt_zero_mfn << PAGE_SHIFT, 1,
                  PAGE_HYPERVISOR_RO, false);
    map_pages(idle_pg_table, va + GDT_GUEST_PAGES * PAGE_SIZE,
              virt_to_maddr(pc->gdt), 1, PAGE_HYPERVISOR_RW, false);
    pc->gdt_l1 = lookup_l1e(idle_pg_table, va);
    for (unsigned int i = 0; i < LDT_WINDOW_PAGES; i++)
        pc->gdt_l1[LDT_WINDOW_FIRST_PAGE + i] = 0;
}

void gdt_window_switch(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __packed gdtr = { (XEN_GDT_FIRST_ENTRY + 16) * 8 - 1,
                        gdt_window_va(smp_processor_id()) };

    __asm__ volatile("lgdt %0" :: "m"(gdtr));
}

void gdt_window_set(unsigned int i, mfn_t mfn)
{
    struct percpu *pc = this_cpu();
    /* Guest frames are writable here (the CPU sets accessed bits); the
     * frames' descriptor type keeps the guest itself from writing them. */
    uint64_t e = mfn ? ((paddr_t)mfn << PAGE_SHIFT) | PAGE_HYPERVISOR_RW
                     : ((paddr_t)gdt_zero_mfn << PAGE_SHIFT) |
                       PAGE_HYPERVISOR_RO;

    if (i >= GDT_GUEST_PAGES || pc->gdt_l1[i] == e)
        return;
    pc->gdt_l1[i] = e;
    invlpg((void *)(gdt_window_va(pc->cpu_id) + i * PAGE_SIZE));
}

/* ---- the LDT window: pages 16-31 of each CPU's GDT window ---- */

static unsigned long ldt_window_va(unsigned int cpu)
{
    return gdt_window_va(cpu) + LDT_WINDOW_FIRST_PAGE * PAGE_SIZE;
}

/* The window's PTEs share the GDT window's L1 table (a 2 MiB aligned
 * block holds whole 32-page windows). */
void ldt_window_set(unsigned int i, mfn_t mfn)
{
    struct percpu *pc = this_cpu();
    uint64_t e = mfn ? ((paddr_t)mfn << PAGE_SHIFT) | PAGE_HYPERVISOR_RW : 0;
    uint64_t *pte;

    if (i >= LDT_WINDOW_PAGES || !pc->gdt_l1)
        return;
    pte = &pc->gdt_l1[LDT_WINDOW_FIRST_PAGE + i];
    if (*pte == e)
        return;
    *pte = e;
    invlpg((void *)(ldt_window_va(pc->cpu_id) + i * PAGE_SIZE));
}

bool ldt_window_offset(unsigned long va, unsigned int *off)
{
    struct percpu *pc = this_cpu();
    unsigned long base = ldt_window_va(pc->cpu_id);

    if (!pc->gdt_l1 || va < base || va - base >= LDT_WINDOW_PAGES * PAGE_SIZE)
        return false;
    *off = (unsigned int)(va - base);
    return true;
}

void ldt_window_load(unsigned int ents)
{
    struct percpu *pc = this_cpu();
    unsigned long b = ldt_window_va(pc->cpu_id);
    uint64_t limit = (uint64_t)ents * 8 - 1;
    unsigned int idx = (LDT_SELECTOR - 0xe000) / 8;

    if (!ents || !pc->gdt_l1) {
        __asm__ volatile("lldt %w0" :: "r"(0));
        return;
    }
    /* A present LDT descriptor (system type 2, DPL 0), byte granular. */
    pc->gdt[idx] = (limit & 0xffff) | ((b & 0xffffff) << 16) |
                   (0x82UL << 40) | (((b >> 24) & 0xff) << 56);
    pc->gdt[idx + 1] = b >> 32;
    __asm__ volatile("lldt %w0" :: "r"(LDT_SELECTOR) : "memory");
}

extern char syscall_entry64[], syscall_entry32[];

#define MSR_STAR   0xc0000081
#define MSR_LSTAR  0xc0000082
#define MSR_CSTAR  0xc0000083
#define MSR_SFMASK 0xc0000084

void cpu_syscall_init(unsigned int cpu)
{
    struct percpu *pc = per_cpu(cpu);
    struct cpu_info *ci = (struct cpu_info *)(pc->stack + STACK_SIZE -
                                              CPUINFO_SIZE);

    ci->guest_top = pc->tss.rsp0;
    wrmsr(MSR_STAR, ((uint64_t)FLAT_RING3_CS32 << 48) |
                    ((uint64_t)__HYPERVISOR_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry64);
    wrmsr(MSR_CSTAR, (uint64_t)syscall_entry32);
    /* Entry with IF, DF, TF, NT and AC clear. */
    wrmsr(MSR_SFMASK, (1UL << 8) | (1UL << 9) | (1UL << 10) | (1UL << 14) |
                      (1UL << 18));
    wrmsr(MSR_SHADOW_GS_BASE, (uint64_t)ci);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

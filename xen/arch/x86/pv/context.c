/*
 * context.c - switching between vCPUs on a CPU, the guest's kernel/user
 * mode switch, and the last steps before every return to a guest.
 *
 * Invariants:
 *  - get_cpu_info()->current_vcpu is the vCPU whose state is loaded on
 *    this CPU (its idle vCPU when no guest is);
 *  - while a guest vCPU is current, its registers are the frame at the
 *    top of this CPU's stack (guest_cpu_user_regs()), its FPU state is in
 *    the FPU, its segment bases in the MSRs (the GS base of its current
 *    mode in MSR_GS_BASE), CR3 is its current mode's L4, and this CPU's
 *    GDT window shows its GDT frames and its LDT window and LDTR its LDT
 *    (pv/ldt.c); the idle vCPU has neither;
 *  - arch_context_switch() never returns: it continues on a fresh stack
 *    either in the idle loop or at ret_to_guest.
 */
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/desc.h>
#include <asm/extable.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/system.h>
#include "pv.h"

void idle_loop(void) __noreturn;

#define X86_EFLAGS_DF (1UL << 10)

static paddr_t mode_cr3(const struct pv_vcpu *pv)
{
    mfn_t t = pv->in_kernel ? pv->mmu.guest_table : pv->mmu.guest_table_user;

    if (!t)
        t = pv->mmu.guest_table;
    return t ? (paddr_t)t << PAGE_SHIFT : virt_to_maddr(idle_pg_table);
}

/* Kernel <-> user: GS base swapped, the other L4 loaded.  v == current. */
void pv_toggle_mode(struct vcpu *v)
{
    struct pv_vcpu *pv = pv_vcpu(v);

    if (pv->in_kernel) {
        pv->gs_base_kernel = rdmsr(MSR_GS_BASE);
        wrmsr(MSR_GS_BASE, pv->gs_base_user);
    } else {
        pv->gs_base_user = rdmsr(MSR_GS_BASE);
        wrmsr(MSR_GS_BASE, pv->gs_base_kernel);
    }
    pv->in_kernel = !pv->in_kernel;
    pv_note_tlb_flush();
    write_cr3(mode_cr3(pv));
}

/*
 * Loads a data segment register with a guest selector; a selector the
 * CPU refuses (the guest's GDT changed under it) leaves the null selector
 * instead and returns false.
 */
bool pv_load_segment(unsigned int seg, uint16_t sel)
{
    bool ok = true;

#define LOAD_SEG(reg)                                                  \
    __asm__ volatile("1: mov %w1, %%" #reg "\n"                        \
                     "2:\n"                                            \
                     ".pushsection .fixup, \"ax\"\n"                   \
                     "3: xor %k1, %k1\n"                               \
                     "   mov %w1, %%" #reg "\n"                        \
                     "   movb $0, %0\n"                                \
                     "   jmp 2b\n"                                     \
                     ".popsection\n"                                   \
                     _ASM_EXTABLE(1b, 3b)                              \
                     : "+m"(ok), "+r"(sel))
    switch (seg) {
    case 0: LOAD_SEG(ds); break;
    case 1: LOAD_SEG(es); break;
    case 2: LOAD_SEG(fs); break;
    default: LOAD_SEG(gs); break;
    }
#undef LOAD_SEG
    return ok;
}

static void save_segments(struct pv_vcpu *pv)
{
    __asm__ volatile("mov %%ds, %0" : "=r"(pv->ds));
    __asm__ volatile("mov %%es, %0" : "=r"(pv->es));
    __asm__ volatile("mov %%fs, %0" : "=r"(pv->fs));
    __asm__ volatile("mov %%gs, %0" : "=r"(pv->gs));
    pv->fs_base = rdmsr(MSR_FS_BASE);
    if (pv->in_kernel)
        pv->gs_base_kernel = rdmsr(MSR_GS_BASE);
    else
        pv->gs_base_user = rdmsr(MSR_GS_BASE);
}

static void load_segments(struct pv_vcpu *pv)
{
    if (!pv_load_segment(0, pv->ds))
        pv->ds = 0;
    if (!pv_load_segment(1, pv->es))
        pv->es = 0;
    if (!pv_load_segment(2, pv->fs))
        pv->fs = 0;
    if (!pv_load_segment(3, pv->gs))
        pv->gs = 0;
    wrmsr(MSR_FS_BASE, pv->fs_base);
    wrmsr(MSR_GS_BASE, pv->in_kernel ? pv->gs_base_kernel : pv->gs_base_user);
}

/* The FPU belongs to the current guest vCPU; the hypervisor never uses it
 * (-mgeneral-regs-only), so it is switched eagerly here and nowhere else. */
static void save_fpu(struct pv_vcpu *pv)
{
    __asm__ volatile("clts; fxsaveq %0" : "=m"(*(uint8_t (*)[512])pv->fpu));
}

static void load_fpu(struct pv_vcpu *pv)
{
    __asm__ volatile("clts; fxrstorq %0" :: "m"(*(uint8_t (*)[512])pv->fpu));
    if (pv->fpu_ts)
        write_cr0(read_cr0() | X86_CR0_TS);
}

void pv_fpu_init(struct pv_vcpu *pv)
{
    memset(pv->fpu, 0, sizeof(pv->fpu));
    *(uint16_t *)&pv->fpu[0] = 0x37f;          /* FCW after FNINIT */
    *(uint32_t *)&pv->fpu[24] = 0x1f80;        /* MXCSR default */
    *(uint32_t *)&pv->fpu[28] = 0xffff;        /* MXCSR_MASK */
}

void pv_load_gdt(struct vcpu *v)
{
    struct pv_vcpu *pv = pv_vcpu(v);

    for (unsigned int i = 0; i < PV_MAX_GDT_FRAMES; i++)
        gdt_window_set(i, pv->gdt_frames[i]);
}

static void load_debug_regs(struct pv_vcpu *pv)
{
    if (!(pv->debugreg[7] & 0xff))
        return;
    __asm__ volatile("mov %0, %%db0" :: "r"(pv->debugreg[0]));
    __asm__ volatile("mov %0, %%db1" :: "r"(pv->debugreg[1]));
    __asm__ volatile("mov %0, %%db2" :: "r"(pv->debugreg[2]));
    __asm__ volatile("mov %0, %%db3" :: "r"(pv->debugreg[3]));
    __asm__ volatile("mov %0, %%db7" :: "r"(pv->debugreg[7]));
}

static void clear_debug_regs(struct pv_vcpu *pv)
{
    if (pv->debugreg[7] & 0xff)
        __asm__ volatile("mov %0, %%db7" :: "r"(0UL));
}

/* Below the guest frame, which arch_context_switch rewrites. */
static unsigned long idle_stack_top(void)
{
    return (unsigned long)get_cpu_info() + CPUINFO_SIZE - STACK_RESERVE;
}

void arch_context_switch(struct vcpu *prev, struct vcpu *next)
{
    struct cpu_user_regs *regs = guest_cpu_user_regs();

    local_irq_disable();
    if (!is_idle_vcpu(prev)) {
        struct pv_vcpu *pv = pv_vcpu(prev);

        pv->regs = *regs;
        /* Its tables are still loaded: publish the new runstate. */
        pv_update_runstate_area(prev);
        /* The periodic timer does not tick for a descheduled vCPU. */
        stop_timer(&pv->periodic);
        save_segments(pv);
        save_fpu(pv);
        clear_debug_regs(pv);
    }
    get_cpu_info()->current_vcpu = next;

    if (is_idle_vcpu(next)) {
        pv_ldt_unload();
        pv_note_tlb_flush();
        write_cr3(virt_to_maddr(idle_pg_table));
        __atomic_store_n(&this_cpu()->tlb_domain, NULL, __ATOMIC_SEQ_CST);
        sched_context_saved(prev);
        reset_stack_and_jump(idle_stack_top(), idle_loop);
    }

    {
        struct pv_vcpu *pv = pv_vcpu(next);

        /* Ordered before the CR3 load: see struct percpu's tlb_domain. */
        __atomic_store_n(&this_cpu()->tlb_domain, next->domain,
                         __ATOMIC_SEQ_CST);
        pv_note_tlb_flush();
        write_cr3(mode_cr3(pv));
        pv_load_gdt(next);
        pv_ldt_load(next);            /* before segments that use it */
        load_segments(pv);
        load_fpu(pv);
        load_debug_regs(pv);
        *regs = pv->regs;
        pv_update_vcpu_time(next);
        pv_update_runstate_area(next);
        pv_timers_start(next);
    }
    sched_context_saved(prev);
    reset_stack_and_jump((unsigned long)regs, ret_to_guest);
}

/*
 * Called by entry.S with interrupts off and the guest frame at regs, just
 * before iretq: run softirqs (the scheduler may switch away for good),
 * then deliver a pending event.  Returns with interrupts off.
 */
void leave_hypervisor(struct cpu_user_regs *regs)
{
    struct percpu *pc = this_cpu();
    const vcpu_info_t *vi;

    /* The common case (nothing pending) makes no calls: this runs on
     * every return to a guest. */
    while (READ_ONCE(pc->softirq_pending)) {
        local_irq_enable();
        do_softirq();
        local_irq_disable();
    }
    vi = current->vcpu_info;
    if (READ_ONCE(vi->evtchn_upcall_pending) &&
        !READ_ONCE(vi->evtchn_upcall_mask))
        pv_deliver_events(regs);
}

void arch_vcpu_kick(struct vcpu *v)
{
    unsigned int cpu = READ_ONCE(v->processor);

    if (READ_ONCE(v->is_running) && cpu != smp_processor_id())
        send_IPI_event_check(cpu);
}

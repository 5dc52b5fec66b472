/*
 * smpboot.c - bring up every CPU ACPI lists, one at a time, with
 * INIT-SIPI-SIPI.
 *
 * For each AP the boot CPU prepares its stack block and GDT page, points
 * ap_stack_top at it, sends the IPIs and waits (bounded) until the AP sets
 * its online flag.  Only then does it start the next AP: the trampoline's
 * stack and ap_stack_top are shared.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/softirq.h>
#include <asm/apic.h>
#include <asm/acpi.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <asm/system.h>
#include <asm/time.h>

struct percpu percpu_area[NR_CPUS];
unsigned int nr_cpu_ids = 1;
unsigned int num_online_cpus = 1;

/* Read by ap_entry64 (boot/trampoline.S). */
unsigned long ap_cr3;
unsigned long ap_stack_top;
static volatile unsigned int booting_cpu;

extern char trampoline_start[], trampoline_end[];
extern uint32_t tramp_cr3, tramp_efer;
extern pgentry_t boot_l4[];
extern char cpu0_stack[];

static unsigned int opt_maxcpus = NR_CPUS;
integer_param("maxcpus", opt_maxcpus);

void idle_loop(void) __noreturn;
void cpu_online_hook(unsigned int cpu);

static void set_cpu_info(unsigned int cpu)
{
    struct cpu_info *ci = get_cpu_info();

    ci->percpu = per_cpu(cpu);
    ci->cpu_id = cpu;
}

void smp_prepare_boot_cpu(void)
{
    struct percpu *pc = per_cpu(0);

    pc->cpu_id = 0;
    pc->stack = (unsigned long)cpu0_stack;
    set_cpu_info(0);
}

/* C entry of an AP, on its own stack, on the idle page table. */
void __noreturn start_secondary(void)
{
    unsigned int cpu = booting_cpu;
    struct percpu *pc = per_cpu(cpu);

    set_cpu_info(cpu);
    cpu_desc_init(cpu);
    cpu_syscall_init(cpu);
    cpu_init_cr4();
    apic_cpu_init();
    if (get_apic_id() != pc->apic_id)
        printk(XENLOG_WARNING "CPU%u: APIC id %u, expected %u\n", cpu,
               get_apic_id(), pc->apic_id);
    time_init_secondary();
    cpu_online_hook(cpu);
    smp_mb();
    WRITE_ONCE(pc->online, true);
    idle_loop();
}

static bool wake_ap(unsigned int cpu, paddr_t tramp)
{
    uint32_t id = per_cpu(cpu)->apic_id;
    s_time_t deadline;

    apic_send_ipi(id, APIC_DM_INIT | APIC_ICR_LEVEL_ASSERT | APIC_ICR_LEVEL_TRIG);
    apic_wait_icr_idle();
    /* Real hardware wants 10 ms after INIT; under a hypervisor (and on
     * modern CPUs) INIT is instantaneous, as Linux also assumes. */
    if (!boot_cpu.hypervisor)
        mdelay(10);
    if (!x2apic_enabled) {
        apic_send_ipi(id, APIC_DM_INIT | APIC_ICR_LEVEL_TRIG);
        apic_wait_icr_idle();
    }
    for (int i = 0; i < 2; i++) {
        apic_send_ipi(id, APIC_DM_STARTUP | (tramp >> PAGE_SHIFT));
        apic_wait_icr_idle();
        udelay(200);
        if (READ_ONCE(per_cpu(cpu)->online))
            return true;
    }
    deadline = NOW() + SECONDS(5);         /* TCG can be slow */
    while (!READ_ONCE(per_cpu(cpu)->online))
        if (NOW() > deadline)
            return false;
    return true;
}

void smp_boot_cpus(unsigned int max_cpus)
{
    paddr_t tramp = boot_alloc_pages_below(1, 0x100000);
    uint32_t me = get_apic_id();
    unsigned int n = 1;

    per_cpu(0)->apic_id = me;
    WRITE_ONCE(per_cpu(0)->online, true);
    memcpy(maddr_to_virt(tramp), trampoline_start,
           trampoline_end - trampoline_start);
    *(uint32_t *)((char *)maddr_to_virt(tramp) +
                  ((char *)&tramp_cr3 - trampoline_start)) =
        virt_to_maddr(boot_l4);
    *(uint32_t *)((char *)maddr_to_virt(tramp) +
                  ((char *)&tramp_efer - trampoline_start)) =
        EFER_LME | (boot_cpu.nx ? EFER_NXE : 0);
    ap_cr3 = virt_to_maddr(idle_pg_table);

    max_cpus = MIN(max_cpus, opt_maxcpus);
    for (unsigned int i = 0; i < acpi_info.nr_cpus && n < max_cpus; i++) {
        struct percpu *pc;
        unsigned int cpu = n;

        if (acpi_info.cpu_apic_id[i] == me)
            continue;
        pc = per_cpu(cpu);
        pc->cpu_id = cpu;
        pc->apic_id = acpi_info.cpu_apic_id[i];
        pc->stack = (unsigned long)maddr_to_virt(
            boot_alloc_pages(1 << STACK_ORDER, 1 << STACK_ORDER));
        pc->gdt = maddr_to_virt(boot_alloc_pages(1, 1));
        gdt_window_map(cpu);
        ap_stack_top = pc->stack + STACK_SIZE - STACK_RESERVE;
        booting_cpu = cpu;
        nr_cpu_ids = cpu + 1;
        smp_mb();
        if (!wake_ap(cpu, tramp)) {
            printk(XENLOG_ERR "CPU%u (APIC %u) did not come up\n", cpu,
                   pc->apic_id);
            nr_cpu_ids = cpu;
            continue;
        }
        n++;
    }
    num_online_cpus = n;
    printk("Brought up %u CPUs\n", n);
}

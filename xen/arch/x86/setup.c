/*
 * setup.c - __start_xen: from the first C instruction to "ready for dom0".
 *
 * Order matters and each step states what it needs:
 *   1. per-CPU pointer, loader data, command line, serial console;
 *   2. CPU features, stac/clac patching (before any exception can reach
 *      entry.S's clac), IDT, GDT/TSS;
 *   3. memory map, boot allocator, idle page tables (direct map), modules;
 *   4. ACPI, LAPIC, PIC off, IO-APIC, time, interrupts on, APs;
 *   5. heap hand-over, timers; then dom0 would start here.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/param.h>
#include <xen/softirq.h>
#include <xen/timer.h>
#include <xen/mm.h>
#include <xen/serial.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/shutdown.h>
#include <asm/smp.h>
#include <asm/system.h>
#include <asm/time.h>

bool opt_selftest;
boolean_param("selftest", opt_selftest);
/* The PV machinery and dom0 (pv/start.c; dom0_mem= and dom0_max_vcpus=
 * are parsed in pv/dom0_build.c).  Weak: without pv/ there is no dom0. */
__attribute__((weak)) void pv_start(void)
{
    printk("No dom0 builder linked: idling.\n");
}

extern char _start[], _end[];
void smap_patch_sites(void);
int run_selftests(void);

#define SERIAL_VECTOR (FIRST_GSI_VECTOR + 4)

static void timer_softirq_action(void)
{
    timer_run(smp_processor_id(), NOW());
}

/* xen/timer.h hook: the earliest deadline on cpu changed. */
void arch_timer_reprogram(unsigned int cpu, s_time_t deadline)
{
    if (cpu != smp_processor_id()) {
        /* The owner re-evaluates its queue in its timer softirq. */
        cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
        return;
    }
    if (deadline == STIME_MAX)
        reprogram_timer(0);
    else if (!reprogram_timer(deadline))
        raise_softirq(TIMER_SOFTIRQ);       /* already due */
}

static void serial_vector(unsigned int v)
{
    serial_irq_handler();
}

void cpu_online_hook(unsigned int cpu)
{
}

void __noreturn idle_loop(void)
{
    for (;;) {
        local_irq_disable();
        if (softirq_pending(smp_processor_id())) {
            local_irq_enable();
            do_softirq();
            continue;
        }
        safe_halt();         /* sti; hlt: no lost wake-up */
    }
}

static void print_footprint(void)
{
    unsigned long image = _end - _start;
    uint64_t boot = boot_alloc_used_bytes();

    printk("Memory: %llu MiB RAM; hypervisor image %lu KiB, boot "
           "allocations %llu KiB (page tables, stacks, frame table)\n",
           (unsigned long long)(e820_ram_total() >> 20), image >> 10,
           (unsigned long long)(boot >> 10));
}

void __start_xen(uint32_t magic, uint32_t info)
{
    entry_tsc = rdtsc();
    smp_prepare_boot_cpu();
    if (!multiboot_parse(magic, info))
        panic("unknown boot loader magic %#x", magic);
    parse_cmdline(saved_cmdline);
    console_init_preirq();
    printk("Xenolith version 0.1 (Xen 4.17 guest ABI) - x86-64 hypervisor\n");
    printk("Bootloader: %s%s%s\n", boot_info.loader,
           boot_info.loader_name[0] ? ", " : "", boot_info.loader_name);
    printk("Command line: %s\n", saved_cmdline);

    cpu_features_init();
    smap_patch_sites();
    idt_init();
    cpu_desc_init(0);
    cpu_init_cr4();
    printk("CPU: %s, SMEP %s, SMAP %s, NX %s, 1G pages %s\n",
           boot_cpu.vendor, boot_cpu.smep ? (read_cr4() & X86_CR4_SMEP ? "on" : "off") : "absent",
           boot_cpu.smap ? (read_cr4() & X86_CR4_SMAP ? "on" : "off") : "absent",
           boot_cpu.nx ? "yes" : "no", boot_cpu.pdpe1gb ? "yes" : "no");

    e820_sanitize();
    e820_print();
    boot_alloc_init();
    boot_alloc_reserve(XEN_LOAD_PHYS, virt_to_maddr(_end));
    for (unsigned int i = 0; i < boot_info.nr_modules; i++)
        boot_alloc_reserve(boot_info.mods[i].start,
                           boot_info.mods[i].start + boot_info.mods[i].size);
    setup_idle_pagetable();
    gdt_window_map(0);
    gdt_window_switch();
    cpu_syscall_init(0);
    relocate_modules();

    if (!acpi_init())
        printk(XENLOG_WARNING "ACPI: no RSDP found; one CPU, default APIC\n");
    /* The PIC is masked while LINT0 still takes ExtINT from it, so a
     * request it raised (the BIOS's PIT tick) is withdrawn; masked after
     * LINT0, QEMU TCG keeps it latched and delivers "vector -1" (a #GP
     * with error code 0xfffffff2) at the first sti. */
    i8259_disable();
    apic_bsp_init();
    apic_cpu_init();
    smp_init_vectors();
    io_apic_init();
    time_init();
    open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
    console_init_postirq();
    set_irq_handler(SERIAL_VECTOR, serial_vector);
    io_apic_route_isa_irq(serial_cfg.irq, SERIAL_VECTOR, get_apic_id());
    local_irq_enable();

    smp_boot_cpus(acpi_info.nr_cpus ? acpi_info.nr_cpus : 1);
    heap_init();
    timers_init();
    print_footprint();

    printk("Ready for dom0 %lu.%03lu ms after the first line\n",
           (unsigned long)(NOW() / 1000000),
           (unsigned long)(NOW() / 1000 % 1000));
    if (opt_selftest)
        machine_exit(run_selftests() ? EXIT_CODE_FAIL : EXIT_CODE_PASS);
    pv_start();
    idle_loop();
}

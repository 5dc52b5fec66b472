/*
 * shutdown.c - halting after a panic, and the test exit path.
 */
#include <xen/lib.h>
#include <xen/arch_hooks.h>
#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/shutdown.h>
#include <asm/smp.h>
#include <asm/system.h>

void machine_exit(unsigned int code)
{
    local_irq_disable();
    if (opt_selftest)
        outl(code, DEBUG_EXIT_PORT);
    for (;;)
        halt();
}

void machine_halt_after_panic(void)
{
    smp_stop_other_cpus();
    machine_exit(EXIT_CODE_PANIC);
}

/*
 * Power the machine off: ACPI S5 through the FADT's PM1a control block
 * (SLP_TYPa from \_S5, SLP_EN); QEMU then exits with status 0.  Without
 * ACPI S5, halt.  Reboot: the keyboard controller's reset line.
 */
void machine_power_off(unsigned int reason)
{
    local_irq_disable();
    smp_stop_other_cpus();
    if (reason == 1) {                   /* SHUTDOWN_reboot */
        outb(0xfe, 0x64);
    } else if (acpi_info.pm1a_cnt && acpi_info.have_s5) {
        outw((acpi_info.s5_slp_typ << 10) | (1 << 13), acpi_info.pm1a_cnt);
    }
    for (;;)
        halt();
}

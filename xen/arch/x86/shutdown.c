/*
 * shutdown.c - halting after a panic, and the test exit path.
 */
#include <xen/lib.h>
#include <xen/arch_hooks.h>
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

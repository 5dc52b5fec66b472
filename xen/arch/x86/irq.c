/*
 * irq.c - interrupt dispatch by vector (asm/irq.h).
 *
 * Handlers run with interrupts off on the interrupted CPU's stack.  The
 * LAPIC is acknowledged after the handler, except for the spurious vector,
 * which must not be.  Softirqs raised by handlers run later, from the idle
 * loop (or, with guests, on the way back to them).
 */
#include <xen/lib.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/regs.h>

static irq_handler_t handlers[256];

void set_irq_handler(unsigned int vector, irq_handler_t h)
{
    handlers[vector] = h;
}

void do_IRQ(struct cpu_user_regs *regs)
{
    unsigned int v = regs->entry_vector;

    this_cpu()->irq_count++;
    if (v == SPURIOUS_APIC_VECTOR)
        return;
    if (handlers[v])
        handlers[v](v);
    else
        printk(XENLOG_WARNING "CPU%u: unexpected interrupt vector %#x\n",
               smp_processor_id(), v);
    ack_APIC_irq();
}

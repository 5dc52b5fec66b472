/*
 * asm/irq.h - interrupt vectors and handler registration.
 *
 *   0x00-0x1f  exceptions
 *   0x30-0x4f  IO-APIC pins (GSI n -> 0x30 + n)
 *   0xf9       LAPIC timer
 *   0xfb       IPI: call function
 *   0xfc       IPI: event check (softirq kick)
 *   0xfe       LAPIC error
 *   0xff       LAPIC spurious
 * Every interrupt handler runs with interrupts off; EOI is sent by the
 * dispatcher after the handler returns (not for spurious).
 */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#define FIRST_GSI_VECTOR      0x30
#define NR_GSI_VECTORS        32
#define LOCAL_TIMER_VECTOR    0xf9
#define CALL_FUNCTION_VECTOR  0xfb
#define EVENT_CHECK_VECTOR    0xfc
#define ERROR_APIC_VECTOR     0xfe
#define SPURIOUS_APIC_VECTOR  0xff

#ifndef __ASSEMBLY__
#include <xen/types.h>
struct cpu_user_regs;

typedef void (*irq_handler_t)(unsigned int vector);
void set_irq_handler(unsigned int vector, irq_handler_t h);
void do_IRQ(struct cpu_user_regs *regs);
#endif

#endif

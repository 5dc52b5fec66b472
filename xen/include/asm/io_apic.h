/*
 * asm/io_apic.h - IO-APIC pins.  All pins start masked; a driver routes
 * an ISA IRQ (through the MADT overrides) to a vector on one CPU.
 */
#ifndef ASM_IO_APIC_H
#define ASM_IO_APIC_H

#include <xen/types.h>

void io_apic_init(void);
/* Route ISA irq to vector on the CPU with apic_id; unmasked. */
int io_apic_route_isa_irq(unsigned int irq, uint8_t vector, uint32_t apic_id);
unsigned int io_apic_nr_pins(void);
void i8259_disable(void);

/*
 * GSIs for the hardware domain.  A GSI the hypervisor routed for itself
 * (io_apic_route_isa_irq) is never reprogrammed.  program: vector on the
 * CPU with apic_id, trigger and polarity, masked or not; -ENODEV for no
 * such pin or one of ours.
 */
bool io_apic_gsi_xen_owned(unsigned int gsi);
void io_apic_gsi_defaults(unsigned int gsi, bool *level, bool *low);
int io_apic_gsi_program(unsigned int gsi, uint8_t vector, uint32_t apic_id,
                        bool level, bool low, bool masked);
void io_apic_gsi_mask(unsigned int gsi, bool mask);

#endif

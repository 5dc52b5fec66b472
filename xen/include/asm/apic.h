/*
 * asm/apic.h - the local APIC (xAPIC over MMIO or x2APIC over MSRs).
 * Mode is chosen once on the boot CPU; every CPU then uses the same.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <xen/types.h>

#define APIC_DEFAULT_PHYS 0xfee00000UL

/* Register offsets (xAPIC MMIO; x2APIC MSR = 0x800 + offset / 16). */
#define APIC_ID      0x020
#define APIC_LVR     0x030
#define APIC_TPR     0x080
#define APIC_EOI     0x0b0
#define APIC_LDR     0x0d0
#define APIC_DFR     0x0e0
#define APIC_SPIV    0x0f0
#define APIC_ESR     0x280
#define APIC_ICR     0x300
#define APIC_ICR2    0x310
#define APIC_LVTT    0x320
#define APIC_LVTTHMR 0x330
#define APIC_LVTPC   0x340
#define APIC_LVT0    0x350
#define APIC_LVT1    0x360
#define APIC_LVTERR  0x370
#define APIC_TMICT   0x380
#define APIC_TMCCT   0x390
#define APIC_TDCR    0x3e0

#define APIC_LVT_MASKED       (1u << 16)
#define APIC_LVT_TSC_DEADLINE (2u << 17)
#define APIC_DM_INIT          0x500
#define APIC_DM_STARTUP       0x600
#define APIC_DM_NMI           0x400
#define APIC_ICR_LEVEL_ASSERT 0x4000
#define APIC_ICR_LEVEL_TRIG   0x8000
#define APIC_ICR_BUSY         0x1000

extern bool x2apic_enabled;
extern bool tsc_deadline_enabled;
extern uint64_t lapic_timer_khz;  /* LAPIC timer ticks per ms (div 1) */

uint32_t apic_read(unsigned int reg);
void apic_write(unsigned int reg, uint32_t v);
uint32_t get_apic_id(void);
void ack_APIC_irq(void);

void apic_bsp_init(void);         /* choose mode, map, enable (BSP) */
void apic_cpu_init(void);         /* enable on this CPU (every CPU) */
/* Send vector (or INIT/SIPI with mode bits) to one physical APIC id. */
void apic_send_ipi(uint32_t apic_id, uint32_t icr_low);
void apic_wait_icr_idle(void);

/* Timer: one-shot, deadline in TSC ticks (0 = stop). */
void apic_timer_setup(void);
void apic_timer_set_tsc_deadline(uint64_t tsc);
/* Count LAPIC timer ticks over a known TSC window (calibration). */
void apic_timer_calibrate_start(void);
uint32_t apic_timer_calibrate_read(void);

#endif

/*
 * asm/acpi.h - what we read from ACPI tables: CPUs (MADT), IO-APICs and
 * their interrupt overrides (MADT), HPET.
 */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <xen/types.h>
#include <asm/config.h>

#define MAX_IOAPICS 4

struct acpi_info {
    unsigned int nr_cpus;
    uint32_t cpu_apic_id[NR_CPUS];   /* [0] is whatever MADT lists first */
    paddr_t lapic_addr;
    unsigned int nr_ioapics;
    struct { uint8_t id; paddr_t addr; uint32_t gsi_base; } ioapic[MAX_IOAPICS];
    /* ISA IRQ -> GSI and polarity/trigger flags (MADT overrides). */
    uint32_t isa_gsi[16];
    uint16_t isa_flags[16];
    paddr_t hpet_addr;
    uint32_t pm1a_cnt;               /* FADT PM1a control port, 0 = none */
    uint8_t s5_slp_typ;              /* \_S5 SLP_TYPa */
    bool have_s5;
    bool pm_timer;
    uint32_t pm_timer_port;
};
extern struct acpi_info acpi_info;

/* multiboot2 gives a copy of the RSDP; keep it. */
void acpi_set_rsdp_copy(const void *rsdp, size_t len);
/* Parse; returns false when no ACPI was found (then: one CPU, defaults). */
bool acpi_init(void);

#endif

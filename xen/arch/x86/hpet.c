/*
 * hpet.c - the HPET as a reference clock for TSC calibration.
 * We only enable the main counter; its comparators stay unused (the LAPIC
 * timer drives timer interrupts).
 */
#include <xen/lib.h>
#include <asm/acpi.h>
#include <asm/hpet.h>
#include <asm/io.h>
#include <asm/page.h>

#define HPET_ID      0x000
#define HPET_CFG     0x010
#define HPET_COUNTER 0x0f0
#define HPET_CFG_ENABLE 1

static volatile uint8_t *hpet;
static uint64_t period_fs;

bool hpet_init(void)
{
    if (!acpi_info.hpet_addr)
        return false;
    hpet = ioremap(acpi_info.hpet_addr, PAGE_SIZE);
    period_fs = readq(hpet + HPET_ID) >> 32;
    /* The spec bounds the period to (0, 100 ns]. */
    if (!period_fs || period_fs > 100000000ULL) {
        hpet = NULL;
        return false;
    }
    writeq(readq(hpet + HPET_CFG) | HPET_CFG_ENABLE, hpet + HPET_CFG);
    return true;
}

uint64_t hpet_read_counter(void)
{
    return readq(hpet + HPET_COUNTER);
}

uint64_t hpet_period_fs(void)
{
    return period_fs;
}

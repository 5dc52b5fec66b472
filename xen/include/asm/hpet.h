/* asm/hpet.h - the HPET main counter, used only as a calibration clock;
 * and the PIT, the fallback when there is no HPET. */
#ifndef ASM_HPET_H
#define ASM_HPET_H

#include <xen/types.h>

/* Map and start the counter; false when ACPI listed no HPET. */
bool hpet_init(void);
uint64_t hpet_read_counter(void);
uint64_t hpet_period_fs(void);        /* femtoseconds per tick */

/* Busy-wait for about `us` microseconds on PIT channel 2 (the speaker
 * gate); returns the exact ns waited according to the PIT. */
uint64_t pit_wait(unsigned int us);

#endif

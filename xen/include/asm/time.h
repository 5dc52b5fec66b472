/*
 * asm/time.h - system time and the per-CPU one-shot timer.
 *
 * System time is ns since the boot CPU calibrated the TSC, computed from
 * the TSC with a 32.32-style scale (Xen's vcpu_time_info form: mul_frac
 * and shift), so the same numbers can later be handed to guests.
 * Invariant: the TSC is constant-rate and synchronised across CPUs (we
 * check at AP bring-up and warn if not).
 */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <xen/types.h>

/* Same text as xen/timer.h, so either may come first. */
#ifndef MILLISECS
#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us) ((s_time_t)(us) * 1000LL)
#define SECONDS(s)    ((s_time_t)(s) * 1000000000LL)
#endif

struct time_scale {
    int shift;
    uint32_t mul_frac;
};

extern uint64_t cpu_khz;            /* TSC kHz */
extern uint64_t boot_tsc_stamp;     /* TSC at system time 0 */
extern struct time_scale tsc_scale; /* TSC ticks -> ns */
extern uint64_t entry_tsc;          /* TSC when __start_xen began */

s_time_t NOW(void);
/* ns -> TSC ticks (for deadlines). */
uint64_t ns_to_tsc(s_time_t ns);
uint64_t scale_delta(uint64_t delta, const struct time_scale *s);

void time_init(void);               /* BSP: calibrate, start system time */
void time_init_secondary(void);     /* AP: start its LAPIC timer */
bool reprogram_timer(s_time_t deadline);
void udelay(unsigned long us);
void mdelay(unsigned long ms);

/* LAPIC timer interrupt handler. */
void timer_interrupt(void);
/* Hook run on each timer interrupt (self-tests); NULL normally. */
extern void (*timer_irq_hook)(void);

#endif

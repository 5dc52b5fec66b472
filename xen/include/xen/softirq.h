/*
 * softirq.h - deferred work run on the CPU that raised it, with interrupts
 * enabled, at a safe point (idle loop, return to guest).
 *
 * Invariant: a softirq handler runs on one CPU at a time for that CPU's
 * pending bit; raising a pending softirq again is a no-op.  Lower numbers
 * run first.
 */
#ifndef XEN_SOFTIRQ_H
#define XEN_SOFTIRQ_H

enum {
    TIMER_SOFTIRQ = 0,
    RCU_SOFTIRQ,
    SCHEDULE_SOFTIRQ,
    NEW_TLBFLUSH_CLOCK_PERIOD_SOFTIRQ,
    TASKLET_SOFTIRQ,
    SELFTEST_SOFTIRQ,
    PIRQ_SOFTIRQ,            /* device interrupts to the hardware domain */
    CONSOLE_SOFTIRQ,         /* serial input: VIRQ_CONSOLE to the hardware domain */
    NR_SOFTIRQS
};

typedef void (*softirq_handler)(void);

void open_softirq(int nr, softirq_handler h);
/* On this CPU. */
void raise_softirq(unsigned int nr);
/* On another CPU: sets the bit and sends an event-check IPI. */
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
/* Run pending softirqs of this CPU until none remain. */
void do_softirq(void);
bool softirq_pending(unsigned int cpu);

#endif

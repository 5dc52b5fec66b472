/*
 * timer.h - per-CPU software timers with nanosecond deadlines.
 *
 * Each CPU keeps its pending timers in a list sorted by expiry (earliest
 * first; equal deadlines in the order they were set).  Inserting walks the
 * list, which stays short: a handful of timers per vCPU on that CPU, and it
 * needs no memory allocation, so set_timer cannot fail.
 * The arch programs its one-shot hardware timer (LAPIC) for the queue's
 * earliest deadline and, when it fires, calls timer_run() on that CPU.
 * A timer's function runs on the timer's CPU without the queue lock held,
 * after the timer has left the queue, so it may set the timer again.
 *
 * Lock: one per CPU guards that CPU's queue and the link/status of
 * timers in it.  A timer belongs to the queue of
 * t->cpu; migrate_timer moves it while holding both queues' locks.
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/cpumask.h>
#include <xen/list.h>
#include <xen/types.h>

#define STIME_MAX ((s_time_t)INT64_MAX)
#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us) ((s_time_t)(us) * 1000LL)
#define SECONDS(s)    ((s_time_t)(s) * 1000000000LL)

enum timer_status {
    TIMER_STATUS_invalid = 0,   /* not initialised, or killed */
    TIMER_STATUS_inactive,      /* initialised, not pending */
    TIMER_STATUS_in_queue,      /* pending on t->cpu's queue */
};

struct timer {
    s_time_t expires;
    void (*function)(void *data);
    void *data;
    unsigned int cpu;
    struct list_head link;      /* in the queue while in_queue */
    uint8_t status;             /* enum timer_status */
};

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu);
/* Arms (or re-arms) t to fire at `expires` (ns of system time). */
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
void migrate_timer(struct timer *t, unsigned int new_cpu);
/* Stops t for good and waits while its function runs on another CPU. */
void kill_timer(struct timer *t);
static inline bool timer_is_active(const struct timer *t)
{ return t->status == TIMER_STATUS_in_queue; }

/* Runs every timer on `cpu` that is due at `now`; call on that CPU. */
void timer_run(unsigned int cpu, s_time_t now);
/* Earliest deadline pending on cpu, or STIME_MAX. */
s_time_t timer_next_deadline(unsigned int cpu);
void timers_init(void);

/* ---- hooks the arch provides ---- */
/* System time: ns since boot, monotonic. */
s_time_t NOW(void);
/*
 * The earliest deadline on `cpu` changed to `deadline` (STIME_MAX: none).
 * Called with that queue's lock held, on any CPU; the arch reprograms the
 * LAPIC one-shot directly when cpu is the local one, else sends it an IPI.
 */
void arch_timer_reprogram(unsigned int cpu, s_time_t deadline);

#endif

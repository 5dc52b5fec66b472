/*
 * host.h - a simulated machine for host unit tests of xen/common.
 *
 * RAM is a malloc'd array (frame N at host_ram + N * PAGE_SIZE, filled with
 * a garbage pattern so that missing scrubs show), there are host_nr_cpus
 * simulated CPUs, a simulated clock (host_now, ns) and per-CPU timer
 * deadlines and softirq bits.  host_run_until() advances the clock from
 * deadline to deadline, running timers and the scheduler as the arch would.
 */
#ifndef TESTS_UNIT_CORE_HOST_H
#define TESTS_UNIT_CORE_HOST_H

#include <xen/types.h>

struct vcpu;
struct domain;

#define HOST_GARBAGE 0x5a

extern unsigned char *host_ram;
extern unsigned long host_nr_frames;
extern unsigned int host_cpu;        /* the CPU "running" the caller */
extern unsigned int host_nr_cpus;
extern s_time_t host_now;
extern struct vcpu *host_current;    /* overrides the scheduler's current */
extern unsigned long host_kicks;     /* arch_vcpu_kick calls */
extern struct vcpu *host_last_kicked;
extern int host_validate_rc;         /* what arch_validate_page_type returns */
extern unsigned long host_validations, host_invalidations;

extern unsigned int host_hwdom_shutdowns;
/* arch_flush_stale_tlbs calls with a stamp. */
extern unsigned long host_stale_flushes;
/* arch_pirq_bind's record: the port bound to pirq N (< 16), 0 = none. */
extern uint32_t host_pirq_port[16];
/* arch_grant_map returns this; successful maps minus unmaps so far. */
extern int host_grant_map_rc;
extern unsigned long host_grant_maps;
/* The last arch_hypercall_continue. */
extern unsigned int host_cont_op;
extern unsigned long host_cont_args[6];
extern unsigned long host_continuations;

/* Fresh RAM (frame 0 stays reserved) and heap, timers, clock. */
void host_world_init(unsigned long nr_frames, unsigned int nr_cpus);
/* Fresh world plus the idle domain and scheduler on every CPU. */
void host_sched_world_init(unsigned long nr_frames, unsigned int nr_cpus);
/* Frees the simulated RAM. */
void host_world_fini(void);

/* Guest memory windows for copy_{from,to}_guest: [base, base + len). */
void host_guest_window_add(void *base, size_t len);
void host_guest_windows_clear(void);

/* Runs pending scheduler softirqs and due timers up to `end`. */
void host_run_until(s_time_t end);
/* Runs pending scheduler softirqs on every CPU (no clock change). */
void host_run_softirqs(void);

#endif

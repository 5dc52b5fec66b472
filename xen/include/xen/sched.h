/*
 * sched.h - struct domain, struct vcpu and the scheduler's interface.
 *
 * Scheduling policy (xen/common/sched_share.c): proportional share by
 * virtual time.  Every vCPU carries a virtual time that advances by its run
 * time scaled by SCHED_DEFAULT_WEIGHT / weight; each CPU runs the runnable
 * vCPU with the smallest virtual time.  A domain's weight applies to each
 * of its vCPUs; its cap (percent of one CPU, 0 = none) bounds the whole
 * domain's CPU time per period.  See docs/core-design.md.
 *
 * Locks: each CPU's runqueue lock guards that runqueue and the scheduling
 * fields (struct sched_vcpu, processor) of vCPUs assigned to the CPU.
 * d->sched_lock guards the domain's cap budget.  Order: runqueue lock, then
 * sched_lock; two runqueue locks are only ever taken with trylock.
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <xen/cpumask.h>
#include <xen/list.h>
#include <xen/rangeset.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <xen/types.h>
#include <public/xen.h>
#include <public/vcpu.h>

struct evtchn;
struct grant_table;

#define SCHED_DEFAULT_WEIGHT 256
#define SCHED_MAX_WEIGHT     65535
/* Cap budgets are handed out per period. */
#define SCHED_CAP_PERIOD     MILLISECS(10)
/* Longest slice when others wait; a lone vCPU runs for SCHED_MAX_SLICE. */
#define SCHED_SLICE          MILLISECS(1)
#define SCHED_MAX_SLICE      MILLISECS(10)

/* Per-vCPU scheduler state; guarded by the runqueue lock of v->processor. */
struct sched_vcpu {
    struct list_head runq_elem;  /* on its CPU's runqueue while queued */
    bool on_runq;
    s_time_t vtime;              /* weighted ns of CPU time received */
    s_time_t start;              /* when it last started running */
};

/* v->pause_flags: reasons a vCPU will not run, set by the vCPU itself. */
#define VPF_blocked   (1U << 0)  /* SCHEDOP_block / poll: waits for an event */
#define VPF_down      (1U << 1)  /* not brought up yet (VCPUOP_up) */

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    unsigned int processor;      /* CPU whose runqueue owns it */
    cpumask_t affinity;          /* CPUs it may run on; never empty */

    uint32_t pause_flags;        /* VPF_*; changed with atomics */
    int pause_count;             /* controller pauses; atomics */
    bool is_running;             /* its context is loaded on some CPU */
    bool is_polling;             /* in SCHEDOP_poll */
    struct timer poll_timer;     /* SCHEDOP_poll timeout */

    struct sched_vcpu sched;
    struct vcpu_runstate_info runstate;

    /* Event delivery: &d->shared_info->vcpu_info[id] until re-registered. */
    vcpu_info_t *vcpu_info;
    uint32_t virq_to_evtchn[NR_VIRQS]; /* 0: not bound; guarded by event_lock */

    /* Pending continuation of a preemptible hypercall (hypercall.c). */
    struct hypercall_cont {
        bool pending;
        unsigned int op;
        unsigned long args[6];
    } cont;
    struct multicall_state {
        bool active;             /* inside do_multicall */
    } mc;

    void *arch_priv;             /* the arch's per-vCPU state */
};

enum domain_state {
    DOMSTATE_alive = 0,
    DOMSTATE_dying,              /* resources being relinquished */
    DOMSTATE_dead,               /* relinquished; freed at last reference */
};

struct domain {
    domid_t domain_id;
    int refcnt;                  /* atomics; struct freed when it hits 0 */
    struct list_head domlist;    /* on the domain list (domain.c) */
    bool is_privileged;          /* dom0: may act on other domains */
    uint8_t state;               /* enum domain_state */

    /* Lifecycle, guarded by shutdown_lock. */
    spinlock_t shutdown_lock;
    bool is_shutting_down;
    uint8_t shutdown_code;       /* SHUTDOWN_* once is_shutting_down */
    int pause_count;             /* controller pauses; atomics */

    unsigned int max_vcpus;
    struct vcpu **vcpu;          /* max_vcpus slots, NULL until created */
    shared_info_t *shared_info;  /* a Xen-heap page shared with the guest */

    /* Memory, guarded by page_alloc_lock (see mm.h). */
    spinlock_t page_alloc_lock;
    struct list_head page_list;    /* frames it owns (PGC_allocated) */
    struct list_head relmem_list;  /* gave up while others hold refs */
    unsigned long tot_pages;
    unsigned long max_pages;
    unsigned long xenheap_pages; /* Xen frames shared with it */

    /* Scheduling parameters and cap budget, guarded by sched_lock. */
    spinlock_t sched_lock;
    unsigned int weight;
    unsigned int cap;            /* percent of one CPU; 0 = uncapped */
    s_time_t budget;             /* ns left in this cap period */
    struct timer cap_timer;      /* refills budget every SCHED_CAP_PERIOD */

    /* Event channels (event_channel.c), guarded by event_lock. */
    spinlock_t event_lock;
    struct evtchn **evtchn_bucket;   /* EVTCHN_BUCKETS pointers */
    unsigned int evtchn_allocated;   /* ports below this have buckets */

    /* Grant tables (grant_table.c). */
    struct grant_table *grant_table;

    /*
     * The toolstack's view (domctl.c), changed under domctl.c's lock.  A
     * domain made by XEN_DOMCTL_createdomain starts with one controller
     * pause (the builder's unpause releases it); others start at zero.
     */
    xen_domain_handle_t handle;      /* UUID */
    int controller_pause_count;      /* XEN_DOMINF_paused while > 0 */
    uint32_t create_flags;           /* XEN_DOMCTL_CDF_* it was made with */
    uint32_t max_evtchn_port;        /* as set; 2-level caps at 4095 */
    int64_t time_offset_seconds;     /* XEN_DOMCTL_settimeoffset */
    /* What a domU may reach besides its own memory (dom0: everything). */
    struct rangeset iomem_caps;      /* machine frames */
    struct rangeset ioport_caps;     /* I/O ports */
    struct rangeset irq_caps;        /* physical IRQs */

    void *arch_priv;             /* the arch's per-domain state */
};

/* A vCPU can run when nothing holds it back. */
static inline bool vcpu_runnable(const struct vcpu *v)
{
    return !(__atomic_load_n(&v->pause_flags, __ATOMIC_ACQUIRE) |
             __atomic_load_n(&v->pause_count, __ATOMIC_ACQUIRE) |
             __atomic_load_n(&v->domain->pause_count, __ATOMIC_ACQUIRE));
}

static inline bool is_idle_vcpu(const struct vcpu *v)
{
    return v->domain->domain_id == DOMID_IDLE;
}

/* ---- scheduler (sched_share.c) ---- */
/* Sets up CPU cpu's runqueue, with idle as the vCPU run when nothing else. */
void sched_init_cpu(unsigned int cpu, struct vcpu *idle);
/* Marks cpu usable for vCPUs (steal/balance targets). */
void sched_cpu_online(unsigned int cpu);
int sched_init_domain(struct domain *d);
void sched_destroy_domain(struct domain *d);
/* Places a new vCPU (paused or down) on a CPU of its affinity. */
void sched_init_vcpu(struct vcpu *v, unsigned int cpu);
/* Takes v off its runqueue for good; v must not be running. */
void sched_destroy_vcpu(struct vcpu *v);

/* Re-evaluates v after something that held it back went away. */
void vcpu_wake(struct vcpu *v);
/* Takes v off the CPU soon; the _sync form waits until it is off. */
void vcpu_sleep_nosync(struct vcpu *v);
void vcpu_sleep_sync(struct vcpu *v);
/* Called by the vCPU itself (current). */
void vcpu_block(void);
void vcpu_yield(void);
/* Clears VPF_blocked and wakes v (event delivery). */
void vcpu_unblock(struct vcpu *v);

int vcpu_set_affinity(struct vcpu *v, const cpumask_t *mask);
/* weight 1..SCHED_MAX_WEIGHT (0 keeps it); cap 0..100*NR_CPUS percent. */
int sched_set_params(struct domain *d, unsigned int weight, unsigned int cap);

/* Picks and switches to the next vCPU on this CPU (SCHEDULE_SOFTIRQ). */
void schedule(void);
/* The arch calls this once prev's register state is saved after a switch. */
void sched_context_saved(struct vcpu *prev);
/* What cpu is running now (its idle vCPU when nothing else). */
struct vcpu *sched_curr(unsigned int cpu);
/* Runnable vCPUs queued on cpu plus the one running, idle excluded. */
unsigned int sched_cpu_load(unsigned int cpu);

/* Controller pauses (domctl, shutdown). Pausing waits for descheduling. */
void vcpu_pause(struct vcpu *v);
void vcpu_pause_nosync(struct vcpu *v);
void vcpu_unpause(struct vcpu *v);
void domain_pause(struct domain *d);
void domain_pause_nosync(struct domain *d);
void domain_unpause(struct domain *d);

/* ---- hooks the arch provides ---- */
/*
 * Loads next's state on this CPU in place of prev's (prev == next never).
 * The arch calls sched_context_saved(prev) once prev's state is saved.
 */
void arch_context_switch(struct vcpu *prev, struct vcpu *next);
/* The vCPU running the caller (per-CPU state). */
#ifdef XEN_HOST_TEST
struct vcpu *get_current(void);
#else
/* Inline in the hypervisor: `current` is on every hot path. */
#include <asm/percpu.h>
static inline struct vcpu *get_current(void)
{
    return get_cpu_info()->current_vcpu;
}
#endif
#define current (get_current())
/*
 * Called while waiting for `cpu` to take a vCPU off; the arch spins
 * (cpu_relax), host tests run that simulated CPU's scheduler.
 */
void arch_sched_wait(unsigned int cpu);

#endif

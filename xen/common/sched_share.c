/*
 * sched_share.c - proportional-share scheduling of vCPUs on CPUs.
 *
 * Policy.  Each vCPU has a virtual time: the CPU time it received, scaled
 * by SCHED_DEFAULT_WEIGHT / weight, so a vCPU of weight 512 ages half as
 * fast as one of weight 256 and gets twice the CPU.  A CPU runs the
 * eligible vCPU with the smallest virtual time, for SCHED_SLICE when
 * others wait (SCHED_MAX_SLICE alone).  A vCPU that wakes up starts no
 * earlier than its CPU's min_vtime: time spent blocked earns no credit, so
 * a blocked vCPU costs the others nothing, before or after.
 *
 * Caps.  A capped domain gets cap% of SCHED_CAP_PERIOD as budget each
 * period; its vCPUs' run time is charged to it; at zero budget they stay
 * queued but are skipped until the refill.  Overdraft carries over.
 *
 * Balance.  A CPU with nothing eligible steals the best eligible vCPU
 * allowed on it from another CPU; every SCHED_BALANCE_INTERVAL a CPU also
 * pulls one vCPU from a CPU with at least two more runnable vCPUs, or one
 * more when that vCPU lags behind.  Virtual times count weighted service
 * since boot on every CPU alike, so a vCPU keeps its own when it moves.
 *
 * Invariants, per CPU runqueue rq (under rq->lock):
 *  - rq->curr is the vCPU this CPU runs (rq->idle when nothing else);
 *  - rq->queue holds exactly the vCPUs with processor == this CPU that are
 *    runnable and not rq->curr (sched.on_runq set), eligible or not;
 *  - rq->min_vtime never decreases.
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>

#define SCHED_BALANCE_INTERVAL MILLISECS(10)
/* A lighter CPU pulls a vCPU lagging its own by this much (see pull_work). */
#define SCHED_BALANCE_LAG      MILLISECS(20)
/* A migrated vCPU is never further behind its new CPU than this. */
#define SCHED_MAX_LAG          MILLISECS(30)

struct runq {
    spinlock_t lock;
    struct list_head queue;
    struct vcpu *curr;
    struct vcpu *idle;
    s_time_t min_vtime;
    unsigned int nr_queued;
    s_time_t last_balance;
    struct timer slice_timer;
    bool online;
    bool yield;          /* curr asked to yield */
};

static struct runq runqs[NR_CPUS];

static void raise_schedule(unsigned int cpu)
{
    cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

static void slice_expired(void *data)
{
    raise_schedule((unsigned int)(uintptr_t)data);
}

void sched_init_cpu(unsigned int cpu, struct vcpu *idle)
{
    struct runq *rq = &runqs[cpu];

    ASSERT(cpu < NR_CPUS);
    spin_lock_init(&rq->lock);
    list_init(&rq->queue);
    rq->curr = rq->idle = idle;
    rq->min_vtime = 0;
    rq->nr_queued = 0;
    rq->last_balance = 0;
    rq->online = false;
    rq->yield = false;
    init_timer(&rq->slice_timer, slice_expired, (void *)(uintptr_t)cpu, cpu);
    idle->processor = cpu;
    idle->is_running = true;
}

void sched_cpu_online(unsigned int cpu)
{
    runqs[cpu].online = true;
    raise_schedule(cpu);
}

struct vcpu *sched_curr(unsigned int cpu)
{
    return READ_ONCE(runqs[cpu].curr);
}

unsigned int sched_cpu_load(unsigned int cpu)
{
    struct runq *rq = &runqs[cpu];

    return READ_ONCE(rq->nr_queued) + (READ_ONCE(rq->curr) != rq->idle);
}

/* Locks the runqueue v belongs to, following concurrent migrations. */
static struct runq *lock_vcpu_rq(struct vcpu *v)
{
    for (;;) {
        unsigned int cpu = READ_ONCE(v->processor);

        spin_lock(&runqs[cpu].lock);
        if (cpu == v->processor)
            return &runqs[cpu];
        spin_unlock(&runqs[cpu].lock);
    }
}

/* cpu if v may use it and it is online, else the first such CPU, else 0. */
static unsigned int usable_cpu(const struct vcpu *v, unsigned int cpu)
{
    unsigned int c;

    if (cpu < NR_CPUS && runqs[cpu].online &&
        cpumask_test_cpu(cpu, &v->affinity))
        return cpu;
    for_each_cpu(c, &v->affinity)
        if (runqs[c].online)
            return c;
    return 0;
}

static void runstate_set(struct vcpu *v, int state, s_time_t now)
{
    if (v->runstate.state == state)
        return;
    if (now > (s_time_t)v->runstate.state_entry_time)
        v->runstate.time[v->runstate.state] +=
            now - v->runstate.state_entry_time;
    v->runstate.state = state;
    v->runstate.state_entry_time = now;
}

/* The state a vCPU not currently running should show. */
static int idle_state_of(const struct vcpu *v)
{
    if (vcpu_runnable(v))
        return RUNSTATE_runnable;
    if (v->pause_flags & VPF_down)
        return RUNSTATE_offline;
    return RUNSTATE_blocked;
}

static bool capped_out(const struct domain *d)
{
    return READ_ONCE(d->cap) && READ_ONCE(d->budget) <= 0;
}

static bool eligible(const struct vcpu *v)
{
    return vcpu_runnable(v) && !capped_out(v->domain);
}

static void enqueue(struct runq *rq, struct vcpu *v)
{
    ASSERT(!v->sched.on_runq);
    list_add_tail(&v->sched.runq_elem, &rq->queue);
    v->sched.on_runq = true;
    rq->nr_queued++;
}

static void dequeue(struct runq *rq, struct vcpu *v)
{
    ASSERT(v->sched.on_runq);
    list_del(&v->sched.runq_elem);
    v->sched.on_runq = false;
    rq->nr_queued--;
}

/* Charges the time v ran since sched.start to v and its domain's cap. */
static void charge(struct vcpu *v, s_time_t now)
{
    struct domain *d = v->domain;
    s_time_t ran = now - v->sched.start;

    if (ran <= 0)
        return;
    v->sched.start = now;
    v->sched.vtime += ran * SCHED_DEFAULT_WEIGHT / (s_time_t)d->weight;
    if (d->cap) {
        spin_lock(&d->sched_lock);
        d->budget -= ran;
        spin_unlock(&d->sched_lock);
    }
}

/* The eligible queued vCPU with the smallest vtime, or NULL. */
static struct vcpu *best_queued(struct runq *rq, unsigned int for_cpu,
                                bool stealing)
{
    struct vcpu *best = NULL;
    struct list_head *p;

    list_for_each(p, &rq->queue) {
        struct vcpu *v = list_entry(p, struct vcpu, sched.runq_elem);

        if (!eligible(v))
            continue;
        if (stealing && (v->is_running ||
                         !cpumask_test_cpu(for_cpu, &v->affinity)))
            continue;
        if (!best || v->sched.vtime < best->sched.vtime)
            best = v;
    }
    return best;
}

/*
 * Moves v (queued on `from`) to `to`; both locked.  Virtual times are
 * comparable across CPUs (all count weighted service since boot), so v
 * keeps its own, bounded so that it cannot hold its new CPU for long.
 */
static void migrate_queued(struct runq *from, struct runq *to,
                           unsigned int to_cpu, struct vcpu *v)
{
    dequeue(from, v);
    if (v->sched.vtime < to->min_vtime - SCHED_MAX_LAG)
        v->sched.vtime = to->min_vtime - SCHED_MAX_LAG;
    v->processor = to_cpu;
    enqueue(to, v);
}

/*
 * Pulls one vCPU to cpu from another CPU: any eligible one if `any`.
 * Otherwise (periodic balance) from a CPU with at least two more runnable
 * vCPUs, or with one more when its best vCPU lags this CPU's by
 * SCHED_BALANCE_LAG: so three vCPUs on two CPUs take turns on the shared
 * CPU instead of one of them keeping a CPU to itself.
 * rq (this CPU's) is locked; others are only try-locked.
 */
static struct vcpu *pull_work(struct runq *rq, unsigned int cpu, bool any)
{
    unsigned int mine = sched_cpu_load(cpu);

    for (unsigned int i = 1; i < NR_CPUS; i++) {
        unsigned int c = (cpu + i) % NR_CPUS;
        struct runq *other = &runqs[c];
        struct vcpu *v;

        if (!other->online || !READ_ONCE(other->nr_queued))
            continue;
        if (!any && sched_cpu_load(c) < mine + 1)
            continue;
        if (!spin_trylock(&other->lock))
            continue;
        v = best_queued(other, cpu, true);
        if (v && !any && sched_cpu_load(c) < mine + 2 &&
            v->sched.vtime + SCHED_BALANCE_LAG >= rq->min_vtime)
            v = NULL;
        if (v)
            migrate_queued(other, rq, cpu, v);
        spin_unlock(&other->lock);
        if (v)
            return v;
    }
    return NULL;
}

/* Work is waiting on `busy`: an idle CPU should come and steal it. */
static void wake_idle_cpu(unsigned int busy)
{
    for (unsigned int c = 0; c < NR_CPUS; c++)
        if (c != busy && runqs[c].online &&
            READ_ONCE(runqs[c].curr) == runqs[c].idle) {
            raise_schedule(c);
            return;
        }
}

/* Asks a CPU to reschedule if v should run there soon. */
static void tickle(struct runq *rq, struct vcpu *v)
{
    struct vcpu *curr = rq->curr;

    if (curr == rq->idle ||
        (!is_idle_vcpu(curr) &&
         v->sched.vtime + SCHED_SLICE < curr->sched.vtime)) {
        raise_schedule(v->processor);
        return;
    }
    /* Busy here: wake an idle CPU that may run v, so that it steals. */
    for (unsigned int c = 0; c < NR_CPUS; c++) {
        if (c == v->processor || !runqs[c].online ||
            !cpumask_test_cpu(c, &v->affinity))
            continue;
        if (READ_ONCE(runqs[c].curr) == runqs[c].idle) {
            raise_schedule(c);
            return;
        }
    }
}

static void update_min_vtime(struct runq *rq, struct vcpu *next)
{
    s_time_t m = STIME_MAX;
    struct list_head *p;

    if (!is_idle_vcpu(next))
        m = next->sched.vtime;
    list_for_each(p, &rq->queue) {
        struct vcpu *v = list_entry(p, struct vcpu, sched.runq_elem);

        if (eligible(v) && v->sched.vtime < m)
            m = v->sched.vtime;
    }
    if (m != STIME_MAX && m > rq->min_vtime)
        rq->min_vtime = m;
}

static s_time_t slice_for(struct runq *rq, struct vcpu *next)
{
    s_time_t slice;
    struct domain *d = next->domain;

    if (is_idle_vcpu(next))
        return SCHED_MAX_SLICE;
    slice = best_queued(rq, 0, false) ? SCHED_SLICE : SCHED_MAX_SLICE;
    if (READ_ONCE(d->cap)) {
        s_time_t b = READ_ONCE(d->budget);

        if (b < slice)
            slice = b > 0 ? b : 1;
    }
    return slice;
}

/* Chooses what this CPU runs next; rq locked, prev charged. */
static struct vcpu *pick_next(struct runq *rq, unsigned int cpu,
                              struct vcpu *prev, s_time_t now)
{
    bool prev_ok = !is_idle_vcpu(prev) && eligible(prev) &&
                   cpumask_test_cpu(cpu, &prev->affinity);
    struct vcpu *best;

    if (now - rq->last_balance >= SCHED_BALANCE_INTERVAL) {
        rq->last_balance = now;
        pull_work(rq, cpu, false);
    }
    best = best_queued(rq, cpu, false);
    if (prev_ok && (!best || (!rq->yield &&
                              prev->sched.vtime <= best->sched.vtime)))
        best = prev;
    if (!best)
        best = pull_work(rq, cpu, true);
    return best ? best : rq->idle;
}

/* prev stops running here: requeue it or move it where it may run. */
static void put_prev(struct runq *rq, unsigned int cpu, struct vcpu *prev)
{
    if (is_idle_vcpu(prev) || !vcpu_runnable(prev))
        return;
    if (!cpumask_test_cpu(cpu, &prev->affinity)) {
        /* Affinity changed: its new CPU picks it up when saved. */
        return;
    }
    enqueue(rq, prev);
}

void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct runq *rq = &runqs[cpu];
    s_time_t now = NOW();
    struct vcpu *prev, *next;

    spin_lock(&rq->lock);
    prev = rq->curr;
    if (!is_idle_vcpu(prev))
        charge(prev, now);
    next = pick_next(rq, cpu, prev, now);
    rq->yield = false;
    if (next != prev) {
        put_prev(rq, cpu, prev);
        if (next->sched.on_runq)
            dequeue(rq, next);
        runstate_set(prev, is_idle_vcpu(prev) ? RUNSTATE_running
                                              : idle_state_of(prev), now);
        rq->curr = next;
        next->processor = cpu;
        next->sched.start = now;
        next->is_running = true;
        runstate_set(next, RUNSTATE_running, now);
    }
    update_min_vtime(rq, next);
    set_timer(&rq->slice_timer, now + slice_for(rq, next));
    /* Eligible work waits behind next: let an idle CPU steal it. */
    if (!is_idle_vcpu(next) && best_queued(rq, cpu, false))
        wake_idle_cpu(cpu);
    spin_unlock(&rq->lock);

    if (next != prev)
        arch_context_switch(prev, next);
}

void sched_context_saved(struct vcpu *prev)
{
    struct runq *rq;

    __atomic_store_n(&prev->is_running, false, __ATOMIC_RELEASE);
    if (is_idle_vcpu(prev))
        return;
    /* A vCPU whose affinity excluded its CPU moves now that it is off it. */
    rq = lock_vcpu_rq(prev);
    if (!prev->sched.on_runq && rq->curr != prev &&
        !cpumask_test_cpu(prev->processor, &prev->affinity)) {
        prev->processor = usable_cpu(prev, prev->processor);
        spin_unlock(&rq->lock);
        vcpu_wake(prev);
        return;
    }
    spin_unlock(&rq->lock);
}

void sched_init_vcpu(struct vcpu *v, unsigned int cpu)
{
    cpu = usable_cpu(v, cpu);
    list_init(&v->sched.runq_elem);
    v->sched.on_runq = false;
    v->sched.vtime = runqs[cpu].min_vtime;
    v->sched.start = 0;
    v->processor = cpu;
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = NOW();
}

void sched_destroy_vcpu(struct vcpu *v)
{
    struct runq *rq = lock_vcpu_rq(v);

    ASSERT(rq->curr != v);
    if (v->sched.on_runq)
        dequeue(rq, v);
    spin_unlock(&rq->lock);
}

void vcpu_wake(struct vcpu *v)
{
    struct runq *rq = lock_vcpu_rq(v);
    s_time_t now = NOW();

    if (vcpu_runnable(v) && !v->sched.on_runq && rq->curr != v &&
        cpumask_test_cpu(v->processor, &v->affinity)) {
        /* Time spent away earns nothing: start no earlier than the rest. */
        if (v->sched.vtime < rq->min_vtime)
            v->sched.vtime = rq->min_vtime;
        enqueue(rq, v);
        runstate_set(v, RUNSTATE_runnable, now);
        tickle(rq, v);
    } else if (rq->curr != v) {
        runstate_set(v, idle_state_of(v), now);
    }
    spin_unlock(&rq->lock);
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    struct runq *rq = lock_vcpu_rq(v);

    if (!vcpu_runnable(v)) {
        if (v->sched.on_runq)
            dequeue(rq, v);
        if (rq->curr == v)
            raise_schedule(v->processor);
        else
            runstate_set(v, idle_state_of(v), NOW());
    }
    spin_unlock(&rq->lock);
}

void vcpu_sleep_sync(struct vcpu *v)
{
    ASSERT(v != current);
    vcpu_sleep_nosync(v);
    while (!vcpu_runnable(v) &&
           (__atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE) ||
            sched_curr(READ_ONCE(v->processor)) == v))
        arch_sched_wait(READ_ONCE(v->processor));
}

void vcpu_block(void)
{
    struct vcpu *v = current;

    __atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    /* An event that arrived before the flag was set must not be lost. */
    if (v->vcpu_info && READ_ONCE(v->vcpu_info->evtchn_upcall_pending) &&
        !READ_ONCE(v->vcpu_info->evtchn_upcall_mask)) {
        vcpu_unblock(v);
        return;
    }
    vcpu_sleep_nosync(v);
}

void vcpu_unblock(struct vcpu *v)
{
    uint32_t old = __atomic_fetch_and(&v->pause_flags, ~VPF_blocked,
                                      __ATOMIC_SEQ_CST);

    if (old & VPF_blocked)
        vcpu_wake(v);
}

void vcpu_yield(void)
{
    struct vcpu *v = current;
    struct runq *rq = lock_vcpu_rq(v);

    if (rq->curr == v)
        rq->yield = true;
    spin_unlock(&rq->lock);
    raise_schedule(v->processor);
}

int vcpu_set_affinity(struct vcpu *v, const cpumask_t *mask)
{
    struct runq *rq;
    bool online = false;
    unsigned int c;

    for_each_cpu(c, mask)
        if (runqs[c].online)
            online = true;
    if (!online)
        return -EINVAL;
    rq = lock_vcpu_rq(v);
    v->affinity = *mask;
    if (cpumask_test_cpu(v->processor, mask)) {
        spin_unlock(&rq->lock);
        return 0;
    }
    if (rq->curr == v) {
        /* Moves when its context is saved (sched_context_saved). */
        raise_schedule(v->processor);
        spin_unlock(&rq->lock);
        return 0;
    }
    if (v->sched.on_runq)
        dequeue(rq, v);
    v->processor = usable_cpu(v, v->processor);
    spin_unlock(&rq->lock);
    vcpu_wake(v);
    return 0;
}

/* Refills a capped domain's budget once per period. */
static void cap_refill(void *data)
{
    struct domain *d = data;
    s_time_t quota;
    bool was_out;
    unsigned int cap;

    spin_lock(&d->sched_lock);
    cap = d->cap;
    quota = (s_time_t)cap * SCHED_CAP_PERIOD / 100;
    was_out = d->budget <= 0;
    d->budget = MIN(d->budget + quota, quota);
    spin_unlock(&d->sched_lock);
    if (!cap)
        return;
    set_timer(&d->cap_timer, d->cap_timer.expires + SCHED_CAP_PERIOD);
    if (was_out && d->budget > 0)
        for (unsigned int i = 0; i < d->max_vcpus; i++)
            if (d->vcpu[i] && vcpu_runnable(d->vcpu[i]))
                raise_schedule(READ_ONCE(d->vcpu[i]->processor));
}

int sched_init_domain(struct domain *d)
{
    spin_lock_init(&d->sched_lock);
    d->weight = SCHED_DEFAULT_WEIGHT;
    d->cap = 0;
    d->budget = 0;
    init_timer(&d->cap_timer, cap_refill, d, 0);
    return 0;
}

void sched_destroy_domain(struct domain *d)
{
    kill_timer(&d->cap_timer);
}

int sched_set_params(struct domain *d, unsigned int weight, unsigned int cap)
{
    bool was_capped;

    if (weight > SCHED_MAX_WEIGHT || cap > 100U * NR_CPUS)
        return -EINVAL;
    spin_lock(&d->sched_lock);
    if (weight)
        d->weight = weight;
    was_capped = d->cap != 0;
    d->cap = cap;
    if (cap && !was_capped)
        d->budget = (s_time_t)cap * SCHED_CAP_PERIOD / 100;
    spin_unlock(&d->sched_lock);
    if (cap && !was_capped)
        set_timer(&d->cap_timer, NOW() + SCHED_CAP_PERIOD);
    else if (!cap && was_capped)
        stop_timer(&d->cap_timer);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && vcpu_runnable(d->vcpu[i]))
            raise_schedule(READ_ONCE(d->vcpu[i]->processor));
    return 0;
}

/* ---- pausing ---- */
void vcpu_pause_nosync(struct vcpu *v)
{
    __atomic_fetch_add(&v->pause_count, 1, __ATOMIC_SEQ_CST);
    vcpu_sleep_nosync(v);
}

void vcpu_pause(struct vcpu *v)
{
    __atomic_fetch_add(&v->pause_count, 1, __ATOMIC_SEQ_CST);
    vcpu_sleep_sync(v);
}

/* Decrements a pause count unless it is already zero. */
static bool drop_pause(int *count)
{
    int x = __atomic_load_n(count, __ATOMIC_RELAXED);

    do {
        if (x <= 0)
            return false;
    } while (!__atomic_compare_exchange_n(count, &x, x - 1, false,
                                          __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    return x == 1;
}

void vcpu_unpause(struct vcpu *v)
{
    if (drop_pause(&v->pause_count))
        vcpu_wake(v);
}

void domain_pause_nosync(struct domain *d)
{
    __atomic_fetch_add(&d->pause_count, 1, __ATOMIC_SEQ_CST);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            vcpu_sleep_nosync(d->vcpu[i]);
}

void domain_pause(struct domain *d)
{
    __atomic_fetch_add(&d->pause_count, 1, __ATOMIC_SEQ_CST);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            vcpu_sleep_sync(d->vcpu[i]);
}

void domain_unpause(struct domain *d)
{
    if (!drop_pause(&d->pause_count))
        return;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            vcpu_wake(d->vcpu[i]);
}

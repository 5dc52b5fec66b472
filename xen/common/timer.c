/*
 * timer.c - per-CPU queues of software timers, sorted by deadline.
 *
 * Invariants, for each CPU's queue q (guarded by q->lock):
 *  - q->list holds exactly the timers with status in_queue and cpu == that
 *    CPU, in non-decreasing order of expires;
 *  - q->running is the timer whose function this CPU is executing, if any.
 * arch_timer_reprogram() is told whenever the first deadline changes.
 */
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/timer.h>

struct timer_queue {
    spinlock_t lock;
    struct list_head list;
    struct timer *running;
};

static struct timer_queue queues[NR_CPUS];

void timers_init(void)
{
    for (unsigned int c = 0; c < NR_CPUS; c++) {
        spin_lock_init(&queues[c].lock);
        list_init(&queues[c].list);
        queues[c].running = NULL;
    }
}

static s_time_t first_deadline(const struct timer_queue *q)
{
    if (list_empty(&q->list))
        return STIME_MAX;
    return list_first_entry(&q->list, struct timer, link)->expires;
}

/* Locks the queue t belongs to, following concurrent migrations. */
static struct timer_queue *lock_timer(struct timer *t)
{
    for (;;) {
        unsigned int cpu = READ_ONCE(t->cpu);
        struct timer_queue *q = &queues[cpu];

        spin_lock(&q->lock);
        if (cpu == t->cpu)
            return q;
        spin_unlock(&q->lock);
    }
}

static void queue_remove(struct timer_queue *q, struct timer *t)
{
    bool was_first = q->list.next == &t->link;

    list_del(&t->link);
    t->status = TIMER_STATUS_inactive;
    if (was_first)
        arch_timer_reprogram(t->cpu, first_deadline(q));
}

static void queue_insert(struct timer_queue *q, struct timer *t)
{
    struct list_head *pos;

    /* After every timer due no later than t: FIFO among equal deadlines. */
    list_for_each(pos, &q->list)
        if (list_entry(pos, struct timer, link)->expires > t->expires)
            break;
    list_add_tail(&t->link, pos);
    t->status = TIMER_STATUS_in_queue;
    if (q->list.next == &t->link)
        arch_timer_reprogram(t->cpu, t->expires);
}

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu)
{
    ASSERT(cpu < NR_CPUS);
    t->expires = 0;
    t->function = fn;
    t->data = data;
    t->cpu = cpu;
    list_init(&t->link);
    t->status = TIMER_STATUS_inactive;
}

void set_timer(struct timer *t, s_time_t expires)
{
    struct timer_queue *q = lock_timer(t);

    if (t->status != TIMER_STATUS_invalid) {
        if (t->status == TIMER_STATUS_in_queue)
            queue_remove(q, t);
        t->expires = expires;
        queue_insert(q, t);
    }
    spin_unlock(&q->lock);
}

void stop_timer(struct timer *t)
{
    struct timer_queue *q = lock_timer(t);

    if (t->status == TIMER_STATUS_in_queue)
        queue_remove(q, t);
    spin_unlock(&q->lock);
}

void migrate_timer(struct timer *t, unsigned int new_cpu)
{
    ASSERT(new_cpu < NR_CPUS);
    for (;;) {
        unsigned int old = READ_ONCE(t->cpu);
        struct timer_queue *a, *b;

        if (old == new_cpu)
            return;
        /* Lock both queues in CPU order so two migrations cannot deadlock. */
        a = &queues[MIN(old, new_cpu)];
        b = &queues[MAX(old, new_cpu)];
        spin_lock(&a->lock);
        spin_lock(&b->lock);
        if (t->cpu == old) {
            bool active = t->status == TIMER_STATUS_in_queue;

            if (active)
                queue_remove(&queues[old], t);
            t->cpu = new_cpu;
            if (active)
                queue_insert(&queues[new_cpu], t);
            spin_unlock(&b->lock);
            spin_unlock(&a->lock);
            return;
        }
        spin_unlock(&b->lock);
        spin_unlock(&a->lock);
    }
}

void kill_timer(struct timer *t)
{
    struct timer_queue *q = lock_timer(t);
    unsigned int cpu = t->cpu;

    if (t->status == TIMER_STATUS_in_queue)
        queue_remove(q, t);
    t->status = TIMER_STATUS_invalid;
    spin_unlock(&q->lock);

    /* A function that kills its own timer must not wait for itself. */
    if (cpu != smp_processor_id())
        while (READ_ONCE(queues[cpu].running) == t)
            cpu_relax();
}

void timer_run(unsigned int cpu, s_time_t now)
{
    struct timer_queue *q = &queues[cpu];

    ASSERT(cpu < NR_CPUS);
    spin_lock(&q->lock);
    while (!list_empty(&q->list)) {
        struct timer *t = list_first_entry(&q->list, struct timer, link);
        void (*fn)(void *) = t->function;
        void *data = t->data;

        if (t->expires > now)
            break;
        list_del(&t->link);
        t->status = TIMER_STATUS_inactive;
        q->running = t;
        spin_unlock(&q->lock);
        fn(data);
        spin_lock(&q->lock);
        q->running = NULL;
    }
    arch_timer_reprogram(cpu, first_deadline(q));
    spin_unlock(&q->lock);
}

s_time_t timer_next_deadline(unsigned int cpu)
{
    s_time_t d;

    if (cpu >= NR_CPUS)
        return STIME_MAX;
    spin_lock(&queues[cpu].lock);
    d = first_deadline(&queues[cpu]);
    spin_unlock(&queues[cpu].lock);
    return d;
}

/*
 * softirq.c - per-CPU deferred work (see xen/softirq.h).
 *
 * The pending mask lives in struct percpu; bits are set atomically from
 * any CPU and cleared only by the owning CPU before it runs the handler,
 * so a raise during the handler runs it once more.
 */
#include <xen/lib.h>
#include <xen/softirq.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/system.h>

static softirq_handler handlers[NR_SOFTIRQS];

void open_softirq(int nr, softirq_handler h)
{
    ASSERT(nr >= 0 && nr < NR_SOFTIRQS);
    handlers[nr] = h;
}

void raise_softirq(unsigned int nr)
{
    __atomic_fetch_or(&this_cpu()->softirq_pending, 1UL << nr,
                      __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
    unsigned long old = __atomic_fetch_or(&per_cpu(cpu)->softirq_pending,
                                          1UL << nr, __ATOMIC_SEQ_CST);

    /* Only the first raise needs the IPI; the target rechecks its mask. */
    if (cpu != smp_processor_id() && !(old & (1UL << nr)))
        send_IPI_event_check(cpu);
}

bool softirq_pending(unsigned int cpu)
{
    return READ_ONCE(per_cpu(cpu)->softirq_pending) != 0;
}

void do_softirq(void)
{
    struct percpu *pc = this_cpu();
    unsigned long pending;

    while ((pending = READ_ONCE(pc->softirq_pending)) != 0) {
        unsigned int nr = __builtin_ctzl(pending);

        __atomic_fetch_and(&pc->softirq_pending, ~(1UL << nr),
                           __ATOMIC_SEQ_CST);
        if (handlers[nr])
            handlers[nr]();
    }
}

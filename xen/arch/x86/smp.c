/*
 * smp.c - inter-processor interrupts (asm/smp.h).
 *
 * on_selected_cpus: one call at a time (call_lock).  The caller publishes
 * call_data, sends CALL_FUNCTION_VECTOR to every target, runs fn itself
 * if it is a target, and (wait) spins until every target has finished.
 * Targets run fn in interrupt context with interrupts off.
 *
 * A target may itself be spinning with interrupts off, for call_lock (two
 * CPUs flushing TLBs from trap handlers at once) or for a lock the caller
 * holds: it would never take the IPI, so every spinning waiter runs the
 * call addressed to it (arch_lock_relax, from spin_lock's wait loop).  Each
 * target claims its bit in call_data.todo before running fn, so fn runs
 * once per target whichever way (IPI or spinning) reaches it first.
 */
#include <xen/lib.h>
#include <xen/softirq.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/system.h>

static DEFINE_SPINLOCK(call_lock);
static struct {
    void (*fn)(void *);
    void *arg;
    volatile unsigned int pending;   /* targets not yet finished */
    uint64_t todo;                   /* targets that have not claimed it */
} call_data;

_Static_assert(NR_CPUS <= 64, "call_data.todo is one word");

static volatile bool cpus_stopping;

cpumask_t cpu_online_mask(void)
{
    cpumask_t m;
    unsigned int c;

    cpumask_clear(&m);
    for_each_online_cpu(c)
        cpumask_set_cpu(c, &m);
    return m;
}

void send_IPI_mask(const cpumask_t *mask, uint8_t vector)
{
    unsigned int c;

    for_each_cpu(c, mask)
        if (per_cpu(c)->online)
            apic_send_ipi(per_cpu(c)->apic_id, vector);
}

void send_IPI_event_check(unsigned int cpu)
{
    apic_send_ipi(per_cpu(cpu)->apic_id, EVENT_CHECK_VECTOR);
}

void smp_event_check_interrupt(void)
{
    this_cpu()->ipi_count++;   /* softirqs run on the way back to idle */
}

void smp_call_function_interrupt(void)
{
    uint64_t bit = 1ULL << smp_processor_id();
    void (*fn)(void *);
    void *arg;

    if (!(__atomic_fetch_and(&call_data.todo, ~bit, __ATOMIC_ACQ_REL) & bit))
        return;                      /* already run, or a stale IPI */
    fn = call_data.fn;
    arg = call_data.arg;
    fn(arg);
    __atomic_fetch_sub(&call_data.pending, 1, __ATOMIC_SEQ_CST);
}

void arch_lock_relax(void)
{
    uint64_t todo = __atomic_load_n(&call_data.todo, __ATOMIC_ACQUIRE);

    /* No call in flight (always so during early boot): nothing to read. */
    if (!todo || local_irq_is_enabled())
        return;
    if (todo & (1ULL << smp_processor_id()))
        smp_call_function_interrupt();
}

void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *arg,
                      bool wait)
{
    unsigned int me = smp_processor_id(), c, n = 0;
    cpumask_t others = *mask;

    cpumask_clear_cpu(me, &others);
    for_each_cpu(c, &others)
        if (per_cpu(c)->online)
            n++;
        else
            cpumask_clear_cpu(c, &others);
    while (!spin_trylock(&call_lock)) {
        /* Serve a call that targets us while we cannot take the IPI. */
        if (!local_irq_is_enabled())
            smp_call_function_interrupt();
        cpu_relax();
    }
    call_data.fn = fn;
    call_data.arg = arg;
    call_data.pending = n;
    {
        uint64_t todo = 0;

        for_each_cpu(c, &others)
            todo |= 1ULL << c;
        __atomic_store_n(&call_data.todo, todo, __ATOMIC_RELEASE);
    }
    send_IPI_mask(&others, CALL_FUNCTION_VECTOR);
    if (cpumask_test_cpu(me, mask)) {
        unsigned long f = local_irq_save();

        fn(arg);
        local_irq_restore(f);
    }
    /* Even without wait, call_data must stay until all have read it. */
    while (call_data.pending)
        cpu_relax();
    spin_unlock(&call_lock);
    (void)wait;
}

/* Panic: NMI every other CPU; they halt in the NMI handler. */
void smp_stop_other_cpus(void)
{
    unsigned int c, me = smp_processor_id();

    cpus_stopping = true;
    for_each_online_cpu(c)
        if (c != me)
            apic_send_ipi(per_cpu(c)->apic_id, APIC_DM_NMI);
}

bool smp_cpus_stopping(void)
{
    return cpus_stopping;
}

static void ipi_vector(unsigned int v)
{
    if (v == EVENT_CHECK_VECTOR)
        smp_event_check_interrupt();
    else
        smp_call_function_interrupt();
}

static void apic_error_vector(unsigned int v)
{
    apic_write(APIC_ESR, 0);
    printk(XENLOG_WARNING "CPU%u: APIC error ESR=%#x\n", smp_processor_id(),
           apic_read(APIC_ESR));
}

void smp_init_vectors(void)
{
    set_irq_handler(EVENT_CHECK_VECTOR, ipi_vector);
    set_irq_handler(CALL_FUNCTION_VECTOR, ipi_vector);
    set_irq_handler(ERROR_APIC_VECTOR, apic_error_vector);
}

/*
 * time.c - TSC calibration, system time, and the per-CPU timer interrupt.
 *
 * Calibration runs once, on the boot CPU, over a short window (5 ms) of a
 * reference clock: the HPET main counter when ACPI lists one, else PIT
 * channel 2.  The same window calibrates the LAPIC timer rate for CPUs
 * without TSC-deadline mode.
 *
 * System time 0 is the TSC value when __start_xen began (entry_tsc), so
 * NOW() is also "time since the hypervisor's first line".
 *
 * Timer invariant: TIMER_SOFTIRQ is raised on a CPU only when NOW() has
 * reached the deadline last passed to reprogram_timer() there; an early
 * interrupt (rounding in one-shot mode) re-arms instead.
 */
#include <xen/lib.h>
#include <xen/softirq.h>
#include <asm/apic.h>
#include <asm/hpet.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/time.h>

#define CALIBRATE_NS 5000000ULL          /* 5 ms window */

uint64_t cpu_khz;
uint64_t boot_tsc_stamp;
uint64_t entry_tsc;
struct time_scale tsc_scale;
static uint64_t tsc_per_ns_mul;          /* ns -> ticks, 32.32 fixed point */
void (*timer_irq_hook)(void);

/* Xen's form: ns = ((ticks << shift) * mul_frac) >> 32, shift may be < 0. */
static void set_time_scale(struct time_scale *ts, uint64_t ticks_per_sec)
{
    uint64_t tps64 = ticks_per_sec;
    uint32_t tps32;
    int shift = 0;

    while (tps64 > (uint64_t)SECONDS(1) * 2) {
        tps64 >>= 1;
        shift--;
    }
    tps32 = (uint32_t)tps64;
    while (tps32 <= (uint32_t)SECONDS(1)) {
        tps32 <<= 1;
        shift++;
    }
    ts->mul_frac = ((uint64_t)SECONDS(1) << 32) / tps32;
    ts->shift = shift;
}

uint64_t scale_delta(uint64_t delta, const struct time_scale *s)
{
    if (s->shift < 0)
        delta >>= -s->shift;
    else
        delta <<= s->shift;
    return (uint64_t)(((unsigned __int128)delta * s->mul_frac) >> 32);
}

s_time_t NOW(void)
{
    if (!cpu_khz)
        return 0;
    return scale_delta(rdtsc_ordered() - boot_tsc_stamp, &tsc_scale);
}

uint64_t ns_to_tsc(s_time_t ns)
{
    return (uint64_t)(((unsigned __int128)(uint64_t)ns * tsc_per_ns_mul) >> 32);
}

void udelay(unsigned long us)
{
    uint64_t end = rdtsc() + us * cpu_khz / 1000;

    while (rdtsc() < end)
        cpu_relax();
}

void mdelay(unsigned long ms)
{
    udelay(ms * 1000);
}

/* Reference window: returns ns elapsed between the two TSC samples. */
static uint64_t calibrate_window(uint64_t *tsc0, uint64_t *tsc1,
                                 uint32_t *apic_ticks, const char **src)
{
    uint64_t ns;

    if (hpet_init()) {
        uint64_t period = hpet_period_fs();
        uint64_t want = CALIBRATE_NS * 1000000ULL / period;
        uint64_t c0, c1;

        *src = "HPET";
        c0 = hpet_read_counter();
        apic_timer_calibrate_start();
        *tsc0 = rdtsc_ordered();
        do {
            c1 = hpet_read_counter();
        } while (c1 - c0 < want);
        *tsc1 = rdtsc_ordered();
        *apic_ticks = apic_timer_calibrate_read();
        ns = (c1 - c0) * period / 1000000ULL;
    } else {
        *src = "PIT";
        apic_timer_calibrate_start();
        *tsc0 = rdtsc_ordered();
        ns = pit_wait(CALIBRATE_NS / 1000);
        *tsc1 = rdtsc_ordered();
        *apic_ticks = apic_timer_calibrate_read();
    }
    return ns;
}

static void timer_vector(unsigned int v)
{
    timer_interrupt();
}

void time_init(void)
{
    uint64_t tsc0, tsc1, ns;
    uint32_t apic_ticks;
    const char *src;

    ns = calibrate_window(&tsc0, &tsc1, &apic_ticks, &src);
    cpu_khz = (tsc1 - tsc0) * 1000000ULL / ns;
    lapic_timer_khz = (uint64_t)apic_ticks * 1000000ULL / ns;
    set_time_scale(&tsc_scale, cpu_khz * 1000);
    tsc_per_ns_mul = (cpu_khz << 32) / 1000000ULL;
    boot_tsc_stamp = entry_tsc;
    printk("TSC: %lu.%03lu MHz (calibrated against %s over %lu us), "
           "LAPIC timer %lu kHz%s\n",
           (unsigned long)(cpu_khz / 1000), (unsigned long)(cpu_khz % 1000),
           src, (unsigned long)(ns / 1000), (unsigned long)lapic_timer_khz,
           boot_cpu.invariant_tsc ? ", invariant" : "");
    set_irq_handler(LOCAL_TIMER_VECTOR, timer_vector);
    apic_timer_setup();
}

void time_init_secondary(void)
{
    apic_timer_setup();
}

/* Arm the LAPIC for system time t (ns), from now on this CPU. */
static void arm_for(s_time_t t)
{
    s_time_t now = NOW();

    apic_timer_set_tsc_deadline(rdtsc() + ns_to_tsc(t > now ? t - now : 0) + 1);
}

bool reprogram_timer(s_time_t deadline)
{
    struct percpu *pc = this_cpu();
    unsigned long flags = local_irq_save();
    bool ok = true;

    if (!deadline) {
        pc->timer_deadline = 0;
        apic_timer_set_tsc_deadline(0);
    } else if (deadline <= NOW()) {
        ok = false;
    } else {
        pc->timer_deadline = deadline;
        arm_for(deadline);
    }
    local_irq_restore(flags);
    return ok;
}

void timer_interrupt(void)
{
    struct percpu *pc = this_cpu();
    s_time_t deadline = pc->timer_deadline;

    if (!deadline)
        return;                    /* disarmed meanwhile */
    if (NOW() < deadline) {
        arm_for(deadline);         /* early (rate rounding): re-arm */
        return;
    }
    pc->timer_deadline = 0;
    raise_softirq(TIMER_SOFTIRQ);
    if (timer_irq_hook)
        timer_irq_hook();
}

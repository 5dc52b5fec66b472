/*
 * time.c - guest time and timers: vcpu_time_info, the wall clock, the
 * periodic and single-shot timers (VIRQ_TIMER), set_timer_op (15) and
 * vcpu_op (24).
 *
 * vcpu_time_info follows Xen's version protocol: the version is odd while
 * the hypervisor writes, even when stable.  System time is NOW(), from the
 * TSC with time.c's scale, so a guest extrapolating from (tsc_timestamp,
 * system_time) with the same (mul, shift) gets our clock.  It is refreshed
 * whenever a vCPU is loaded on a CPU.
 *
 * Timers run on the vCPU's CPU at creation (timer.h: the function runs in
 * softirq context, where sending an event is allowed).
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <public/vcpu.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/time.h>
#include "pv.h"

#define PERIODIC_MIN   MICROSECS(1000)
#define PERIODIC_DEFAULT MILLISECS(10)

/* Wall clock at system time 0: the CMOS RTC at boot, then settime. */
static uint64_t boot_wallclock_sec;
static uint32_t boot_wallclock_nsec;

void pv_update_vcpu_time(struct vcpu *v)
{
    vcpu_time_info_t *t = &v->vcpu_info->time;
    uint64_t tsc = rdtsc_ordered();
    uint32_t ver = t->version;

    WRITE_ONCE(t->version, (ver | 1) + 0);
    __asm__ volatile("" ::: "memory");
    t->tsc_timestamp = tsc;
    t->system_time = scale_delta(tsc - boot_tsc_stamp, &tsc_scale);
    t->tsc_to_system_mul = tsc_scale.mul_frac;
    t->tsc_shift = tsc_scale.shift;
    t->flags = 0;
    __asm__ volatile("" ::: "memory");
    WRITE_ONCE(t->version, (ver | 1) + 1);
}

static unsigned int bcd(unsigned int v)
{
    return (v & 15) + (v >> 4) * 10;
}

static unsigned int cmos(unsigned int reg)
{
    outb(reg, 0x70);
    return inb(0x71);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static uint64_t days_since_epoch(unsigned int y, unsigned int m,
                                 unsigned int d)
{
    y -= m <= 2;
    uint64_t era = y / 400, yoe = y - era * 400;
    uint64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    uint64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

static void read_rtc(void)
{
    unsigned int s, mi, h, d, mo, y, b;

    while (cmos(0x0a) & 0x80)
        ;
    s = cmos(0); mi = cmos(2); h = cmos(4);
    d = cmos(7); mo = cmos(8); y = cmos(9); b = cmos(0x0b);
    if (!(b & 4)) {
        s = bcd(s); mi = bcd(mi); h = bcd(h & 0x7f) | (h & 0x80);
        d = bcd(d); mo = bcd(mo); y = bcd(y);
    }
    if (!(b & 2) && (h & 0x80))
        h = (h & 0x7f) % 12 + 12;
    h &= 0x7f;
    if (!mo || mo > 12 || !d || d > 31)
        return;
    boot_wallclock_sec = days_since_epoch(2000 + y, mo, d) * 86400 +
                         h * 3600 + mi * 60 + s - NOW() / 1000000000;
}

void pv_time_init_domain(struct domain *d)
{
    shared_info_t *s = d->shared_info;

    if (!boot_wallclock_sec)
        read_rtc();
    if (!s)
        return;
    s->wc_version++;
    __asm__ volatile("" ::: "memory");
    s->wc_sec = (uint32_t)boot_wallclock_sec;
    s->wc_sec_hi = (uint32_t)(boot_wallclock_sec >> 32);
    s->wc_nsec = boot_wallclock_nsec;
    __asm__ volatile("" ::: "memory");
    s->wc_version++;
}

/*
 * XENPF_settime: the wall clock was (secs, nsecs) at system time
 * system_time.  Dates before system time 0 or nsecs >= 1e9 are refused.
 * The caller's shared_info is updated now, later domains at creation.
 */
long pv_set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
    uint64_t base;

    if (nsecs >= 1000000000U || secs > (~0ULL >> 2) / 1000000000U)
        return -EINVAL;
    base = secs * 1000000000ULL + nsecs;
    if (system_time > base)
        return -EINVAL;
    base -= system_time;
    boot_wallclock_sec = base / 1000000000U;
    boot_wallclock_nsec = (uint32_t)(base % 1000000000U);
    pv_time_init_domain(current->domain);
    return 0;
}

/* ---- timers ---- */

void pv_singleshot_fire(void *data)
{
    send_guest_vcpu_virq(data, VIRQ_TIMER);
}

static void periodic_fire(void *data)
{
    struct vcpu *v = data;
    struct pv_vcpu *pv = pv_vcpu(v);

    send_guest_vcpu_virq(v, VIRQ_TIMER);
    if (pv->periodic_ns)
        set_timer(&pv->periodic, NOW() + pv->periodic_ns);
}

void pv_timers_init(struct vcpu *v)
{
    struct pv_vcpu *pv = pv_vcpu(v);

    init_timer(&pv->singleshot, pv_singleshot_fire, v, v->processor);
    init_timer(&pv->periodic, periodic_fire, v, v->processor);
    pv->periodic_ns = PERIODIC_DEFAULT;
}

/* vCPU becomes runnable/starts: Xen's default periodic timer ticks. */
void pv_timers_start(struct vcpu *v)
{
    struct pv_vcpu *pv = pv_vcpu(v);

    if (pv->periodic_ns)
        set_timer(&pv->periodic, NOW() + pv->periodic_ns);
}

void pv_timers_kill(struct vcpu *v)
{
    kill_timer(&pv_vcpu(v)->singleshot);
    kill_timer(&pv_vcpu(v)->periodic);
}

long do_set_timer_op(unsigned long timeout)
{
    struct pv_vcpu *pv = pv_vcpu(current);

    if (!timeout)
        stop_timer(&pv->singleshot);
    else
        set_timer(&pv->singleshot, (s_time_t)timeout);
    return 0;
}

static long runstate_area(struct vcpu *v, unsigned long arg)
{
    uint64_t va;

    if (copy_from_guest(&va, arg, sizeof(va)))
        return -EFAULT;
    pv_vcpu(v)->runstate_va = va;
    if (va && v == current)
        copy_to_guest(va, &v->runstate, sizeof(v->runstate));
    return 0;
}

/* The runstate area (kernel VA) is rewritten on every switch to v. */
void pv_update_runstate_area(struct vcpu *v)
{
    struct pv_vcpu *pv = pv_vcpu(v);

    if (pv->runstate_va && pv->in_kernel)
        copy_to_guest(pv->runstate_va, &v->runstate, sizeof(v->runstate));
}

/* The timer and runstate sub-ops of vcpu_op (vcpu.c dispatches). */
long pv_vcpu_timer_op(unsigned long cmd, struct vcpu *v, unsigned long arg)
{
    struct vcpu *cur = current;
    struct pv_vcpu *pv = pv_vcpu(v);

    switch (cmd) {
    case VCPUOP_get_runstate_info:
        return copy_to_guest(arg, &v->runstate, sizeof(v->runstate))
               ? -EFAULT : 0;
    case VCPUOP_register_runstate_memory_area:
        return runstate_area(v, arg);
    case VCPUOP_stop_periodic_timer:
        if (v != cur)
            return -EINVAL;
        pv->periodic_ns = 0;
        stop_timer(&pv->periodic);
        return 0;
    case VCPUOP_set_periodic_timer: {
        struct vcpu_set_periodic_timer p;

        if (copy_from_guest(&p, arg, sizeof(p)))
            return -EFAULT;
        if (v != cur)
            return -EINVAL;
        if (p.period_ns < PERIODIC_MIN || p.period_ns > (uint64_t)STIME_MAX)
            return -EINVAL;
        pv->periodic_ns = p.period_ns;
        set_timer(&pv->periodic, NOW() + pv->periodic_ns);
        return 0;
    }
    case VCPUOP_set_singleshot_timer: {
        struct vcpu_set_singleshot_timer s;

        if (copy_from_guest(&s, arg, sizeof(s)))
            return -EFAULT;
        if (v != cur)
            return -EINVAL;
        /* A deadline in the past fires at once (Linux relies on it). */
        set_timer(&pv->singleshot, (s_time_t)MIN(s.timeout_abs_ns,
                                                 (uint64_t)STIME_MAX - 1));
        return 0;
    }
    case VCPUOP_stop_singleshot_timer:
        if (v != cur)
            return -EINVAL;
        stop_timer(&pv->singleshot);
        return 0;
    }
    return -ENOSYS;
}

/*
 * timer.c - time and timers: the vcpu_time_info version protocol and
 * monotonic system time, the wall clock, Xen's default periodic timer,
 * VCPUOP_{stop,set}_periodic_timer, VCPUOP_set_singleshot_timer (future,
 * past, VCPU_SSHOTTMR_future), stop_singleshot, set_timer_op (arm and
 * cancel), SCHEDOP_poll timeouts and the runstate area.
 */
#include "guest.h"

const char test_kernel_name[] = "timer";

static uint32_t tport;

/* Wait until the timer port has been delivered 'want' more times, or
 * until timeout_ns passed; returns the deliveries seen. */
static unsigned long wait_timer(unsigned long base, unsigned long want, uint64_t timeout_ns)
{
    uint64_t deadline = xen_system_time() + timeout_ns;
    while (port_hits[tport] - base < want) {
        uint64_t now = xen_system_time();
        if (now >= deadline)
            break;
        evtchn_port_t p = tport;
        struct sched_poll poll = { .nr_ports = 1, .timeout = deadline };
        set_xen_guest_handle(poll.ports, &p);
        HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    }
    return port_hits[tport] - base;
}

/* The same, but spinning with events enabled instead of blocking: Xen
 * stops a vCPU's periodic timer while it is descheduled, so periodic
 * ticks only arrive while it runs. */
static unsigned long spin_timer(unsigned long base, unsigned long want, uint64_t timeout_ns)
{
    uint64_t deadline = xen_system_time() + timeout_ns;
    while (port_hits[tport] - base < want && xen_system_time() < deadline)
        cpu_relax();
    return port_hits[tport] - base;
}

static void time_info(void)
{
    const volatile vcpu_time_info_t *t = &vcpu0->time;
    report("time-info-valid", t->tsc_to_system_mul != 0 && (t->version & 1) == 0 &&
           t->system_time > 0, "version=%u mul=%u shift=%d sys=%lu flags=%x", t->version,
           t->tsc_to_system_mul, t->tsc_shift, (unsigned long)t->system_time, t->flags);

    uint64_t prev = xen_system_time(), back = 0;
    for (int i = 0; i < 20000; i++) {
        uint64_t now = xen_system_time();
        if (now < prev)
            back++;
        prev = now;
    }
    EXPECT_EQ("system-time-monotonic", back, 0);

    /* System time and the TSC advance together: 5 ms of TSC cycles. */
    uint64_t s0 = xen_system_time(), c0 = rdtsc();
    while (xen_system_time() - s0 < 5000000)
        cpu_relax();
    uint64_t dt = xen_system_time() - s0, dns = tsc_to_ns(rdtsc() - c0);
    report("system-time-tracks-tsc", dns > dt * 9 / 10 && dns < dt * 11 / 10,
           "system=%luns tsc=%luns", (unsigned long)dt, (unsigned long)dns);

    uint32_t wv = shinfo->wc_version;
    report("wallclock", (wv & 1) == 0 && shinfo->wc_sec > 1577836800u,
           "wc_version=%u wc_sec=%u", wv, shinfo->wc_sec);

    /* Version protocol: a snapshot taken between two equal even versions
     * is consistent; the version never goes backwards. */
    uint32_t v0 = t->version;
    for (int i = 0; i < 100; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    uint32_t v1 = t->version;
    report("time-version-even-nondecreasing", (v1 & 1) == 0 && (int32_t)(v1 - v0) >= 0,
           "v0=%u v1=%u", v0, v1);
}

static void timers(void)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
    tport = bv.port;
    report("bind-virq-timer", rc == 0, "rc=%ld port=%u", rc, tport);
    events_unmask_vcpu();

    /* Xen starts every vCPU with a 10 ms periodic timer.  The deadlines
     * below are generous: under emulation on a loaded host a tick can be
     * late, and only early or missing ticks are wrong. */
    unsigned long n = spin_timer(port_hits[tport], 2, 2000000000);
    report("default-periodic-timer", n >= 2, "ticks in <=2s: %lu", n);

    rc = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    EXPECT_EQ("stop-periodic", rc, 0);
    wait_timer(port_hits[tport], 1, 1000000);   /* drain one in flight */
    n = wait_timer(port_hits[tport], 1, 40000000);
    EXPECT_EQ("no-ticks-after-stop-periodic", n, 0);

    struct vcpu_set_periodic_timer sp = { .period_ns = 100000 };
    rc = HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &sp);
    EXPECT_EQ("set-periodic-below-1ms", rc, -XEN_EINVAL);
    sp.period_ns = 2000000;
    rc = HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &sp);
    uint64_t t0 = xen_system_time();
    n = spin_timer(port_hits[tport], 5, 2000000000);
    uint64_t el = xen_system_time() - t0;
    report("set-periodic-2ms", rc == 0 && n >= 5 && el >= 8000000, "rc=%ld ticks=%lu in %luus",
           rc, n, (unsigned long)(el / 1000));
    /* A blocked vCPU gets no periodic ticks: polling 20 ms (10 periods)
     * yields at most the one overdue tick sent when it runs again. */
    spin_timer(port_hits[tport], 1, 3000000);
    n = wait_timer(port_hits[tport], 100, 20000000);
    report("periodic-paused-while-blocked", n <= 1, "ticks while blocked 20ms: %lu", n);
    HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    wait_timer(port_hits[tport], 1, 3000000);

    /* Singleshot 2 ms ahead fires once, not before its deadline. */
    t0 = xen_system_time();
    struct vcpu_set_singleshot_timer ss = { .timeout_abs_ns = t0 + 2000000, .flags = 0 };
    unsigned long base = port_hits[tport];
    rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss);
    n = wait_timer(base, 1, 2000000000);
    el = xen_system_time() - t0;
    report("singleshot-fires", rc == 0 && n == 1 && el >= 2000000, "rc=%ld hits=%lu after=%luus",
           rc, n, (unsigned long)(el / 1000));
    n = wait_timer(port_hits[tport], 1, 20000000);
    EXPECT_EQ("singleshot-fires-once", n, 0);

    /* A deadline in the past fires at once and returns 0 (Linux relies
     * on it).  VCPU_SSHOTTMR_future used to refuse it with -ETIME, but
     * Xen 4.17 as shipped ignores the flag (Linux misused it): 0, fires. */
    ss.timeout_abs_ns = xen_system_time() - 1000000;
    base = port_hits[tport];
    rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss);
    n = wait_timer(base, 1, 2000000000);
    report("singleshot-past-fires", rc == 0 && n == 1, "rc=%ld hits=%lu", rc, n);
    ss.flags = VCPU_SSHOTTMR_future;
    ss.timeout_abs_ns = xen_system_time() - 1000000;
    base = port_hits[tport];
    rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss);
    n = wait_timer(base, 1, 2000000000);
    report("singleshot-past-future-flag-ignored", rc == 0 && n == 1, "rc=%ld hits=%lu", rc, n);

    /* Cancelled singleshot never fires. */
    ss.flags = 0;
    ss.timeout_abs_ns = xen_system_time() + 3000000;
    rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss);
    long rc2 = HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL);
    n = wait_timer(port_hits[tport], 1, 20000000);
    report("stop-singleshot", rc == 0 && rc2 == 0 && n == 0, "rc=%ld/%ld hits=%lu", rc, rc2, n);

    rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 1, &ss);
    EXPECT_EQ("singleshot-missing-vcpu", rc, -XEN_ENOENT);

    /* The old set_timer_op: arm, fire; arm, cancel with 0. */
    t0 = xen_system_time();
    base = port_hits[tport];
    rc = HYPERVISOR_set_timer_op(t0 + 2000000);
    n = wait_timer(base, 1, 2000000000);
    el = xen_system_time() - t0;
    report("set_timer_op-fires", rc == 0 && n == 1 && el >= 2000000, "rc=%ld hits=%lu after=%luus",
           rc, n, (unsigned long)(el / 1000));
    rc = HYPERVISOR_set_timer_op(xen_system_time() + 3000000);
    rc2 = HYPERVISOR_set_timer_op(0);
    n = wait_timer(port_hits[tport], 1, 20000000);
    report("set_timer_op-cancel", rc == 0 && rc2 == 0 && n == 0, "rc=%ld/%ld hits=%lu", rc, rc2, n);

    /* SCHEDOP_poll with a timeout returns after it, with nothing pending. */
    t0 = xen_system_time();
    evtchn_port_t p = tport;
    struct sched_poll poll = { .nr_ports = 1, .timeout = t0 + 3000000 };
    set_xen_guest_handle(poll.ports, &p);
    rc = HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    el = xen_system_time() - t0;
    report("poll-timeout", rc == 0 && el >= 3000000 && el < 1000000000ul,
           "rc=%ld after=%luus", rc, (unsigned long)(el / 1000));
    events_mask_vcpu();
}

static struct vcpu_runstate_info runstate;

static void runstate_area(void)
{
    struct vcpu_runstate_info ri;
    memset(&ri, 0xff, sizeof(ri));
    long rc = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &ri);
    report("get_runstate_info", rc == 0 && ri.state == RUNSTATE_running &&
           ri.time[RUNSTATE_running] > 0, "rc=%ld state=%d running=%lu", rc, ri.state,
           (unsigned long)ri.time[RUNSTATE_running]);
    memset(&runstate, 0xff, sizeof(runstate));
    struct vcpu_register_runstate_memory_area ra;
    ra.addr.v = &runstate;
    rc = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &ra);
    report("register_runstate_area-filled", rc == 0 && runstate.state == RUNSTATE_running,
           "rc=%ld state=%d", rc, runstate.state);
    uint64_t before = runstate.state_entry_time;
    for (int i = 0; i < 10; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    evtchn_port_t p = tport;
    struct sched_poll poll = { .nr_ports = 1, .timeout = xen_system_time() + 2000000 };
    set_xen_guest_handle(poll.ports, &p);
    HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    report("runstate-area-updated", runstate.state_entry_time > before &&
           runstate.time[RUNSTATE_blocked] > 0, "entry %lu -> %lu blocked=%lu",
           (unsigned long)before, (unsigned long)runstate.state_entry_time,
           (unsigned long)runstate.time[RUNSTATE_blocked]);
    rc = HYPERVISOR_vcpu_op(99, 0, NULL);
    EXPECT_EQ("vcpu_op-unknown", rc, -XEN_ENOSYS);
}

void test_main(void)
{
    time_info();
    timers();
    runstate_area();
}

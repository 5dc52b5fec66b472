/*
 * test_sched.c - proportional-share scheduling on simulated CPUs and a
 * simulated clock: fairness by weight, caps, blocking, stealing, affinity.
 * Shares are measured from each vCPU's RUNSTATE_running time.
 */
#include <stdlib.h>
#include "unit.h"
#include "host.h"
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>

#define FRAMES 4096

static struct domain *mkdom(unsigned int weight, unsigned int cap,
                            unsigned int nr_vcpus)
{
    int err;
    struct domain *d = domain_create(DOMID_INVALID, nr_vcpus, 0, &err);

    if (!d)
        return NULL;
    for (unsigned int i = 1; i < nr_vcpus; i++)
        vcpu_create(d, i);
    sched_set_params(d, weight, cap);
    for (unsigned int i = 0; i < nr_vcpus; i++)
        vcpu_up(d->vcpu[i]);
    domain_unpause(d);
    return d;
}

static s_time_t ran(const struct vcpu *v)
{
    s_time_t t = (s_time_t)v->runstate.time[RUNSTATE_running];

    if (v->runstate.state == RUNSTATE_running)
        t += host_now - (s_time_t)v->runstate.state_entry_time;
    return t;
}

static void pin(struct vcpu *v, unsigned int cpu)
{
    cpumask_t m;

    cpumask_clear(&m);
    cpumask_set_cpu(cpu, &m);
    vcpu_set_affinity(v, &m);
}

/* Percent of `window` that v ran since `base`, to 0.01%. */
static double pct(const struct vcpu *v, s_time_t base, s_time_t window)
{
    return 100.0 * (double)(ran(v) - base) / (double)window;
}

static void kill_all(struct domain **d, int n)
{
    host_current = idle_domain->vcpu[0];
    for (int i = 0; i < n; i++)
        if (d[i])
            domain_kill(d[i]);
    host_current = NULL;
    host_run_softirqs();
}

static void report(const char *what, double got, double want)
{
    printf("  %-34s %6.2f%% (want %.2f%%)\n", what, got, want);
}

TEST(weights_256_vs_512_share_one_cpu_1_to_2)
{
    struct domain *d[2];
    double a, b;

    host_sched_world_init(FRAMES, 1);
    d[0] = mkdom(256, 0, 1);
    d[1] = mkdom(512, 0, 1);
    host_run_until(SECONDS(10));
    a = pct(d[0]->vcpu[0], 0, SECONDS(10));
    b = pct(d[1]->vcpu[0], 0, SECONDS(10));
    report("weight 256", a, 100.0 / 3);
    report("weight 512", b, 200.0 / 3);
    CHECK(a + b > 99.9);
    /* 1:2 within 5%: the ratio b/a is within 5% of 2. */
    CHECK(b / a > 2 * 0.95 && b / a < 2 * 1.05);
    kill_all(d, 2);
    CHECK_EQ(domain_count(), 0);
}

TEST(weights_hold_with_three_domains)
{
    struct domain *d[3];
    double p[3];
    unsigned int w[3] = { 128, 256, 1024 };

    host_sched_world_init(FRAMES, 1);
    for (int i = 0; i < 3; i++)
        d[i] = mkdom(w[i], 0, 1);
    host_run_until(SECONDS(10));
    for (int i = 0; i < 3; i++) {
        double want = 100.0 * w[i] / (128 + 256 + 1024);

        p[i] = pct(d[i]->vcpu[0], 0, SECONDS(10));
        report(i == 0 ? "weight 128" : i == 1 ? "weight 256" : "weight 1024",
               p[i], want);
        CHECK(p[i] > want * 0.95 && p[i] < want * 1.05);
    }
    kill_all(d, 3);
}

TEST(cap_50_holds_alone_and_against_competition)
{
    struct domain *d[2];
    double a, b;

    host_sched_world_init(FRAMES, 1);
    d[0] = mkdom(256, 50, 1);
    host_run_until(SECONDS(5));
    a = pct(d[0]->vcpu[0], 0, SECONDS(5));
    report("cap 50, alone", a, 50);
    CHECK(a > 50 * 0.95 && a < 50 * 1.05);

    /* A heavier competitor: the capped domain still gets at most 50%. */
    d[1] = mkdom(256, 0, 1);
    {
        s_time_t base0 = ran(d[0]->vcpu[0]), base1 = ran(d[1]->vcpu[0]);
        s_time_t start = host_now;

        host_run_until(start + SECONDS(5));
        a = pct(d[0]->vcpu[0], base0, SECONDS(5));
        b = pct(d[1]->vcpu[0], base1, SECONDS(5));
        report("cap 50 vs uncapped (equal weight)", a, 50);
        CHECK(a > 50 * 0.95 && a < 50 * 1.05);
        CHECK(b > 47.5);
    }
    kill_all(d, 2);
}

TEST(cap_20_with_two_vcpus_on_two_cpus)
{
    struct domain *d[1];
    double a, b;

    host_sched_world_init(FRAMES, 2);
    d[0] = mkdom(256, 20, 2);
    host_run_until(SECONDS(5));
    a = pct(d[0]->vcpu[0], 0, SECONDS(5));
    b = pct(d[0]->vcpu[1], 0, SECONDS(5));
    report("cap 20 over two vCPUs (sum)", a + b, 20);
    CHECK(a + b > 20 * 0.95 && a + b < 20 * 1.05);
    kill_all(d, 1);
}

TEST(blocked_vcpu_costs_nothing_and_banks_nothing)
{
    struct domain *d[3];
    struct vcpu *c;
    s_time_t b0, b1, b2, start;
    double p0, p1, p2;

    host_sched_world_init(FRAMES, 1);
    for (int i = 0; i < 3; i++)
        d[i] = mkdom(256, 0, 1);
    c = d[2]->vcpu[0];
    /* c blocks at once (as SCHEDOP_block would) and stays blocked. */
    __atomic_fetch_or(&c->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    vcpu_sleep_nosync(c);
    host_run_until(SECONDS(5));
    p0 = pct(d[0]->vcpu[0], 0, SECONDS(5));
    p1 = pct(d[1]->vcpu[0], 0, SECONDS(5));
    report("runnable A while C blocked", p0, 50);
    report("runnable B while C blocked", p1, 50);
    CHECK(p0 > 47.5 && p1 > 47.5);
    CHECK_EQ(ran(c), 0);
    CHECK_EQ(c->runstate.state, RUNSTATE_blocked);

    /* Woken, c gets a third from then on: no credit for the time away. */
    vcpu_unblock(c);
    b0 = ran(d[0]->vcpu[0]);
    b1 = ran(d[1]->vcpu[0]);
    b2 = ran(c);
    start = host_now;
    host_run_until(start + MILLISECS(300));
    p2 = pct(c, b2, MILLISECS(300));
    report("C in the 300 ms after waking", p2, 100.0 / 3);
    CHECK(p2 < 100.0 / 3 * 1.05 + 1);
    host_run_until(start + SECONDS(5));
    p0 = pct(d[0]->vcpu[0], b0, SECONDS(5));
    p1 = pct(d[1]->vcpu[0], b1, SECONDS(5));
    p2 = pct(c, b2, SECONDS(5));
    report("C over 5 s after waking", p2, 100.0 / 3);
    CHECK(p2 > 100.0 / 3 * 0.95 && p2 < 100.0 / 3 * 1.05);
    CHECK(p0 > 100.0 / 3 * 0.95 && p1 > 100.0 / 3 * 0.95);
    kill_all(d, 3);
}

TEST(idle_cpu_steals_queued_work)
{
    struct domain *d[2];
    double a, b;

    host_sched_world_init(FRAMES, 2);
    d[0] = mkdom(256, 0, 1);
    d[1] = mkdom(256, 0, 1);
    /* Both start on CPU 0 (vcpu 0 of each domain); CPU 1 is idle. */
    CHECK_EQ(d[0]->vcpu[0]->processor, 0);
    CHECK_EQ(d[1]->vcpu[0]->processor, 0);
    host_run_until(SECONDS(2));
    a = pct(d[0]->vcpu[0], 0, SECONDS(2));
    b = pct(d[1]->vcpu[0], 0, SECONDS(2));
    report("vCPU A on 2 CPUs", a, 100);
    report("vCPU B on 2 CPUs", b, 100);
    CHECK(a > 95 && b > 95);
    CHECK(d[0]->vcpu[0]->processor != d[1]->vcpu[0]->processor);
    kill_all(d, 2);
}

TEST(four_vcpus_balance_over_two_cpus)
{
    struct domain *d[4];
    double p;

    host_sched_world_init(FRAMES, 2);
    for (int i = 0; i < 4; i++)
        d[i] = mkdom(256, 0, 1);
    host_run_until(SECONDS(5));
    CHECK_EQ(sched_cpu_load(0), 2);
    CHECK_EQ(sched_cpu_load(1), 2);
    for (int i = 0; i < 4; i++) {
        p = pct(d[i]->vcpu[0], 0, SECONDS(5));
        report("one of 4 vCPUs on 2 CPUs", p, 50);
        CHECK(p > 50 * 0.95 && p < 50 * 1.05);
    }
    kill_all(d, 4);
}

TEST(three_vcpus_take_turns_on_two_cpus)
{
    struct domain *d[3];

    host_sched_world_init(FRAMES, 2);
    for (int i = 0; i < 3; i++)
        d[i] = mkdom(256, 0, 1);
    host_run_until(SECONDS(10));
    for (int i = 0; i < 3; i++) {
        double p = pct(d[i]->vcpu[0], 0, SECONDS(10));

        report("one of 3 vCPUs on 2 CPUs", p, 200.0 / 3);
        CHECK(p > 200.0 / 3 * 0.95 && p < 200.0 / 3 * 1.05);
    }
    kill_all(d, 3);
}

TEST(affinity_is_respected)
{
    struct domain *d[3];

    host_sched_world_init(FRAMES, 2);
    for (int i = 0; i < 3; i++) {
        d[i] = mkdom(256, 0, 1);
        pin(d[i]->vcpu[0], 1);
    }
    host_run_until(SECONDS(3));
    /* CPU 0 stays idle: nobody may run there. */
    for (int i = 0; i < 3; i++) {
        double p = pct(d[i]->vcpu[0], 0, SECONDS(3));

        CHECK_EQ(d[i]->vcpu[0]->processor, 1);
        CHECK(p > 100.0 / 3 * 0.95 && p < 100.0 / 3 * 1.05);
    }
    CHECK(sched_curr(0) == idle_domain->vcpu[0]);
    {
        cpumask_t none;

        cpumask_clear(&none);
        CHECK_EQ(vcpu_set_affinity(d[0]->vcpu[0], &none), -EINVAL);
        cpumask_set_cpu(5, &none);     /* an offline CPU only */
        CHECK_EQ(vcpu_set_affinity(d[0]->vcpu[0], &none), -EINVAL);
    }
    /* Moving a running vCPU: it leaves CPU 1 at its next switch. */
    pin(d[0]->vcpu[0], 0);
    host_run_until(host_now + SECONDS(1));
    CHECK_EQ(d[0]->vcpu[0]->processor, 0);
    kill_all(d, 3);
}

TEST(yield_gives_way_to_an_equal)
{
    struct domain *d[2];
    struct vcpu *first;

    host_sched_world_init(FRAMES, 1);
    d[0] = mkdom(256, 0, 1);
    d[1] = mkdom(256, 0, 1);
    host_run_softirqs();
    first = sched_curr(0);
    CHECK(!is_idle_vcpu(first));
    host_current = first;
    vcpu_yield();
    host_current = NULL;
    host_run_softirqs();
    CHECK(sched_curr(0) != first);
    CHECK(!is_idle_vcpu(sched_curr(0)));
    kill_all(d, 2);
}

TEST(pause_and_unpause)
{
    struct domain *d[2];
    s_time_t base;

    host_sched_world_init(FRAMES, 1);
    d[0] = mkdom(256, 0, 1);
    d[1] = mkdom(256, 0, 1);
    host_run_until(MILLISECS(100));
    host_current = idle_domain->vcpu[0];    /* a toolstack call */
    domain_pause(d[0]);
    host_current = NULL;
    CHECK(!d[0]->vcpu[0]->is_running);
    base = ran(d[0]->vcpu[0]);
    host_run_until(MILLISECS(600));
    CHECK_EQ(ran(d[0]->vcpu[0]), base);
    domain_unpause(d[0]);
    domain_unpause(d[0]);          /* extra unpause: ignored */
    CHECK_EQ(d[0]->pause_count, 0);
    host_run_until(MILLISECS(1100));
    CHECK(ran(d[0]->vcpu[0]) > base + MILLISECS(200));
    kill_all(d, 2);
}

TEST(bad_parameters_are_refused)
{
    struct domain *d[1];

    host_sched_world_init(FRAMES, 1);
    d[0] = mkdom(256, 0, 1);
    CHECK_EQ(sched_set_params(d[0], 65536, 0), -EINVAL);
    CHECK_EQ(sched_set_params(d[0], 100, 100 * NR_CPUS + 1), -EINVAL);
    CHECK_EQ(sched_set_params(d[0], 0, 0), 0);    /* keeps the weight */
    CHECK_EQ(d[0]->weight, 256);
    kill_all(d, 1);
}

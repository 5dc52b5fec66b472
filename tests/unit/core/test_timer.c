/* test_timer.c - per-CPU timer queues on the simulated clock. */
#include "unit.h"
#include "host.h"
#include <xen/timer.h>

static int fired[16];
static s_time_t fired_at[16];
static int order[256], nfired;

static void cb(void *data)
{
    int i = (int)(intptr_t)data;

    fired[i]++;
    fired_at[i] = NOW();
    if (nfired < 256)
        order[nfired] = i;
    nfired++;
}

static void reset(void)
{
    host_world_init(64, 4);
    memset(fired, 0, sizeof(fired));
    memset(fired_at, 0, sizeof(fired_at));
    nfired = 0;
}

TEST(timers_fire_in_deadline_order_with_ns_resolution)
{
    struct timer t[5];
    s_time_t when[5] = { 500, 100, 300, 101, 300 };

    reset();
    for (int i = 0; i < 5; i++) {
        init_timer(&t[i], cb, (void *)(intptr_t)i, 0);
        set_timer(&t[i], when[i]);
    }
    CHECK_EQ(timer_next_deadline(0), 100);
    host_run_until(1000);
    CHECK_EQ(nfired, 5);
    /* 100, 101, 300 (set first), 300, 500 */
    CHECK_EQ(order[0], 1);
    CHECK_EQ(order[1], 3);
    CHECK_EQ(order[2], 2);
    CHECK_EQ(order[3], 4);
    CHECK_EQ(order[4], 0);
    CHECK_EQ(fired_at[3], 101);
    CHECK_EQ(timer_next_deadline(0), STIME_MAX);
}

TEST(stop_and_reset_replace_the_deadline)
{
    struct timer a, b;

    reset();
    init_timer(&a, cb, (void *)0, 0);
    init_timer(&b, cb, (void *)1, 0);
    set_timer(&a, 100);
    set_timer(&b, 200);
    stop_timer(&a);
    CHECK(!timer_is_active(&a));
    CHECK_EQ(timer_next_deadline(0), 200);
    set_timer(&b, 50);              /* re-arm earlier */
    CHECK_EQ(timer_next_deadline(0), 50);
    stop_timer(&a);                 /* stopping twice is harmless */
    host_run_until(1000);
    CHECK_EQ(fired[0], 0);
    CHECK_EQ(fired[1], 1);
    CHECK_EQ(fired_at[1], 50);
}

TEST(past_deadline_fires_at_once)
{
    struct timer a;

    reset();
    host_run_until(1000);
    init_timer(&a, cb, (void *)0, 0);
    set_timer(&a, 10);              /* already past */
    host_run_until(1000);
    CHECK_EQ(fired[0], 1);
    CHECK_EQ(fired_at[0], 1000);
}

static struct timer periodic;
static void rearm(void *data)
{
    cb(data);
    if (fired[2] < 5)
        set_timer(&periodic, NOW() + 10);
}

TEST(callback_may_rearm_its_own_timer)
{
    reset();
    init_timer(&periodic, rearm, (void *)2, 1);
    set_timer(&periodic, 10);
    host_run_until(1000);
    CHECK_EQ(fired[2], 5);
    CHECK_EQ(fired_at[2], 50);
}

TEST(timers_are_per_cpu_and_migrate)
{
    struct timer a, b;

    reset();
    init_timer(&a, cb, (void *)0, 1);
    init_timer(&b, cb, (void *)1, 2);
    set_timer(&a, 100);
    set_timer(&b, 200);
    CHECK_EQ(timer_next_deadline(1), 100);
    CHECK_EQ(timer_next_deadline(2), 200);
    CHECK_EQ(timer_next_deadline(0), STIME_MAX);
    migrate_timer(&a, 3);
    CHECK_EQ(timer_next_deadline(1), STIME_MAX);
    CHECK_EQ(timer_next_deadline(3), 100);
    migrate_timer(&a, 3);           /* to where it is: no change */
    host_run_until(1000);
    CHECK_EQ(fired[0], 1);
    CHECK_EQ(fired[1], 1);
    CHECK_EQ(timer_next_deadline(99), STIME_MAX);  /* bad CPU: nothing */
}

TEST(killed_timer_never_fires_again)
{
    struct timer a;

    reset();
    init_timer(&a, cb, (void *)0, 0);
    set_timer(&a, 100);
    kill_timer(&a);
    set_timer(&a, 150);             /* ignored once killed */
    host_run_until(1000);
    CHECK_EQ(fired[0], 0);
    CHECK_EQ(timer_next_deadline(0), STIME_MAX);
}

TEST(many_timers_stay_sorted)
{
    static struct timer t[200];
    int count = 0;
    s_time_t last = 0;

    reset();
    for (int i = 0; i < 200; i++) {
        init_timer(&t[i], cb, (void *)(intptr_t)(i % 16), 0);
        set_timer(&t[i], (s_time_t)((i * 7919) % 1000) + 1);
    }
    for (int i = 0; i < 200; i += 3)
        stop_timer(&t[i]);
    while (timer_next_deadline(0) != STIME_MAX) {
        s_time_t d = timer_next_deadline(0);

        CHECK(d >= last);
        last = d;
        host_run_until(d);
        count = nfired;
    }
    CHECK_EQ(count, 200 - 67);
}

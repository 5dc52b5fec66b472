/*
 * test_hypercall.c - the hypercall table, multicall and continuations,
 * with guest memory that can fault.
 */
#include <stdlib.h>
#include "unit.h"
#include "host.h"
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/softirq.h>

#define HC_TEST_COUNT 55     /* __HYPERVISOR_arch_7, unused by common */
#define HC_TEST_ECHO  54

static struct domain *d;
static unsigned long free0;
static int preempt_every;    /* preempt the counter after this many steps */
static unsigned long steps_done;

/* A long operation: a0 steps left, a1 step number; preemptible. */
static long hc_count(unsigned long left, unsigned long done, unsigned long a2,
                     unsigned long a3, unsigned long a4, unsigned long a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    for (unsigned long i = 0; i < left; i++) {
        if (i && preempt_every && i % preempt_every == 0)
            raise_softirq(SCHEDULE_SOFTIRQ);
        if (i && hypercall_preempt_check())
            return hypercall_create_continuation(HC_TEST_COUNT, left - i,
                                                 done + i, 0, 0, 0, 0);
        steps_done++;
    }
    return (long)(done + left);
}

static long hc_echo(unsigned long a0, unsigned long a1, unsigned long a2,
                    unsigned long a3, unsigned long a4, unsigned long a5)
{
    return (long)(a0 + a1 + a2 + a3 + a4 + a5);
}

static void world(void)
{
    int err;

    host_sched_world_init(1024, 1);
    host_current = idle_domain->vcpu[0];
    free0 = heap_free_pages();
    d = domain_create(DOMID_INVALID, 1, 0, &err);
    host_current = d->vcpu[0];
    hypercall_register_common();
    hypercall_register(HC_TEST_COUNT, hc_count);
    hypercall_register(HC_TEST_ECHO, hc_echo);
    preempt_every = 0;
    steps_done = 0;
    host_run_softirqs();      /* nothing pending: no spurious preemption */
}

static void teardown(void)
{
    host_run_softirqs();
    host_current = idle_domain->vcpu[0];
    domain_kill(d);
    CHECK_EQ(heap_free_pages(), free0);
}

static long call(unsigned long op, unsigned long a0, unsigned long a1,
                 unsigned long a2)
{
    unsigned long args[6] = { a0, a1, a2, 0, 0, 0 };

    return hypercall_entry(op, args);
}

TEST(unknown_numbers_return_enosys)
{
    unsigned long ops[] = { 6, 11, 16, 19, 40, 47, 63, 64, 1000, ~0UL };

    world();
    for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        CHECK_EQ(call(ops[i], 0, 0, 0), -ENOSYS);
    CHECK_EQ(call(HC_TEST_ECHO, 1, 2, 3), 6);
    CHECK_EQ(hypercall_register(HC_TEST_ECHO, hc_echo), -EEXIST);
    CHECK_EQ(hypercall_register(64, hc_echo), -EINVAL);
    CHECK_EQ(hypercall_register(3, NULL), -EINVAL);
    teardown();
}

TEST(top_level_continuation_reissues_until_done)
{
    long rc;
    unsigned long args[6] = { 1000, 0, 0, 0, 0, 0 };
    int rounds = 0;

    world();
    preempt_every = 300;
    while ((rc = hypercall_entry(HC_TEST_COUNT, args)) == HC_TEST_COUNT &&
           host_continuations > (unsigned long)rounds) {
        rounds++;
        CHECK_EQ(host_cont_op, HC_TEST_COUNT);
        memcpy(args, host_cont_args, sizeof(args));   /* the guest re-issues */
        host_run_softirqs();                          /* it was preempted */
    }
    CHECK_EQ(rc, 1000);
    CHECK_EQ(rounds, 3);
    CHECK_EQ(steps_done, 1000);
    CHECK(!d->vcpu[0]->cont.pending);
    teardown();
}

TEST(multicall_runs_entries_and_writes_results)
{
    static multicall_entry_t mc[4];
    evtchn_bind_ipi_t ipi = { .vcpu = 0 };

    world();
    host_guest_window_add(mc, sizeof(mc));
    host_guest_window_add(&ipi, sizeof(ipi));
    memset(mc, 0, sizeof(mc));
    mc[0].op = HC_TEST_ECHO;
    mc[0].args[0] = 40;
    mc[0].args[5] = 2;
    mc[1].op = 999;                               /* unknown: -ENOSYS */
    mc[2].op = __HYPERVISOR_event_channel_op;
    mc[2].args[0] = EVTCHNOP_bind_ipi;
    mc[2].args[1] = (unsigned long)&ipi;
    mc[3].op = __HYPERVISOR_multicall;            /* nested: -EINVAL */
    mc[3].args[0] = (unsigned long)mc;
    mc[3].args[1] = 1;
    CHECK_EQ(call(__HYPERVISOR_multicall, (unsigned long)mc, 4, 0), 0);
    CHECK_EQ(mc[0].result, 42);
    CHECK_EQ((long)mc[1].result, -ENOSYS);
    CHECK_EQ(mc[2].result, 0);
    CHECK_EQ(ipi.port, 1);
    CHECK_EQ((long)mc[3].result, -EINVAL);
    CHECK(!d->vcpu[0]->mc.active);
    CHECK_EQ(call(__HYPERVISOR_multicall, (unsigned long)mc, 0, 0), 0);
    teardown();
}

TEST(multicall_with_bad_memory_fails_cleanly)
{
    static multicall_entry_t mc[3];

    world();
    host_guest_window_add(mc, sizeof(mc) - 8);    /* last result unwritable */
    memset(mc, 0, sizeof(mc));
    for (int i = 0; i < 3; i++) {
        mc[i].op = HC_TEST_ECHO;
        mc[i].args[0] = (unsigned long)i + 1;
    }
    CHECK_EQ(call(__HYPERVISOR_multicall, 0, 1, 0), -EFAULT);
    CHECK_EQ(call(__HYPERVISOR_multicall, (unsigned long)mc, 3, 0), -EFAULT);
    CHECK_EQ(mc[0].result, 1);                    /* done before the fault */
    CHECK_EQ(mc[1].result, 2);
    CHECK(!d->vcpu[0]->mc.active);
    /* Lists that wrap the address space. */
    CHECK_EQ(call(__HYPERVISOR_multicall, ~0UL - 10, 2, 0), -EFAULT);
    CHECK_EQ(call(__HYPERVISOR_multicall, (unsigned long)mc, ~0UL, 0),
             -EFAULT);
    teardown();
}

TEST(multicall_preempted_between_and_inside_entries)
{
    static multicall_entry_t mc[3];
    unsigned long args[6];
    long rc;

    world();
    host_guest_window_add(mc, sizeof(mc));
    memset(mc, 0, sizeof(mc));
    mc[0].op = HC_TEST_ECHO;
    mc[0].args[0] = 7;
    mc[1].op = HC_TEST_COUNT;                     /* preempted inside */
    mc[1].args[0] = 100;
    mc[2].op = HC_TEST_ECHO;
    mc[2].args[0] = 9;
    preempt_every = 60;
    rc = call(__HYPERVISOR_multicall, (unsigned long)mc, 3, 0);
    CHECK_EQ(rc, __HYPERVISOR_multicall);
    CHECK_EQ(host_cont_op, __HYPERVISOR_multicall);
    /* Resumes at entry 1, whose args now hold the remaining work. */
    CHECK_EQ(host_cont_args[0], (unsigned long)&mc[1]);
    CHECK_EQ(host_cont_args[1], 2);
    CHECK_EQ(mc[0].result, 7);
    CHECK_EQ(mc[1].op, HC_TEST_COUNT);
    CHECK_EQ(mc[1].args[0], 40);
    CHECK_EQ(mc[1].args[1], 60);
    host_run_softirqs();
    memcpy(args, host_cont_args, sizeof(args));
    preempt_every = 0;
    /* Pending work between entries also preempts: raise it after entry 1. */
    rc = hypercall_entry(__HYPERVISOR_multicall, args);
    CHECK_EQ(rc, 0);
    CHECK_EQ(mc[1].result, 100);
    CHECK_EQ(mc[2].result, 9);
    CHECK_EQ(steps_done, 100);

    /* Between entries: a softirq pending before entry 2. */
    memset(mc, 0, sizeof(mc));
    for (int i = 0; i < 3; i++) {
        mc[i].op = HC_TEST_ECHO;
        mc[i].args[0] = (unsigned long)i + 10;
    }
    raise_softirq(SCHEDULE_SOFTIRQ);
    rc = call(__HYPERVISOR_multicall, (unsigned long)mc, 3, 0);
    CHECK_EQ(rc, __HYPERVISOR_multicall);
    CHECK_EQ(mc[0].result, 10);                   /* the first always runs */
    CHECK_EQ(mc[1].result, 0);
    CHECK_EQ(host_cont_args[0], (unsigned long)&mc[1]);
    CHECK_EQ(host_cont_args[1], 2);
    teardown();
}

TEST(grant_batches_continue_with_the_rest)
{
    static gnttab_query_size_t q;
    static gnttab_copy_t c[3];
    long rc;

    world();
    host_guest_window_add(&q, sizeof(q));
    host_guest_window_add(c, sizeof(c));
    q.dom = DOMID_SELF;
    CHECK_EQ(call(__HYPERVISOR_grant_table_op, GNTTABOP_query_size,
                  (unsigned long)&q, 1), 0);
    CHECK_EQ(q.nr_frames, 1);
    CHECK_EQ(call(__HYPERVISOR_grant_table_op, GNTTABOP_query_size,
                  (unsigned long)&q, 2), -EINVAL);
    CHECK_EQ(call(__HYPERVISOR_grant_table_op, GNTTABOP_transfer,
                  (unsigned long)&q, 1), -ENOSYS);
    CHECK_EQ(call(__HYPERVISOR_grant_table_op, GNTTABOP_query_size,
                  (unsigned long)&q, 0x80000000UL), -EINVAL);
    CHECK_EQ(call(__HYPERVISOR_grant_table_op, GNTTABOP_query_size, 8, 1),
             -EFAULT);
    /* Three (bad) copies, preempted after the first. */
    memset(c, 0, sizeof(c));
    for (int i = 0; i < 3; i++)
        c[i].len = 0xffff;                        /* GNTST_bad_copy_arg */
    raise_softirq(SCHEDULE_SOFTIRQ);
    rc = call(__HYPERVISOR_grant_table_op, GNTTABOP_copy, (unsigned long)c, 3);
    CHECK_EQ(rc, __HYPERVISOR_grant_table_op);
    CHECK_EQ(host_cont_args[0], GNTTABOP_copy);
    CHECK_EQ(host_cont_args[1], (unsigned long)&c[1]);
    CHECK_EQ(host_cont_args[2], 2);
    CHECK_EQ(c[0].status, GNTST_bad_copy_arg);
    CHECK_EQ(c[1].status, 0);
    host_run_softirqs();
    rc = hypercall_entry(__HYPERVISOR_grant_table_op, host_cont_args);
    CHECK_EQ(rc, 0);
    CHECK_EQ(c[2].status, GNTST_bad_copy_arg);
    teardown();
}

/*
 * hypercall.c - the hypercall table and continuations (see hypercall.h).
 *
 * Invariants:
 *  - table[] is written only before sealing (boot), then only read;
 *  - v->cont.pending is set exactly between a handler's
 *    hypercall_create_continuation() and its caller consuming it (the
 *    entry path or multicall), all on v's own CPU.
 */
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/sched_op.h>
#include <xen/softirq.h>

static hypercall_fn_t table[NR_HYPERCALLS];

int hypercall_register(unsigned int op, hypercall_fn_t fn)
{
    if (op >= NR_HYPERCALLS || !fn)
        return -EINVAL;
    if (table[op])
        return -EEXIST;
    table[op] = fn;
    return 0;
}

/* Adapters from the handlers' own prototypes to the table's. */
static long hc_multicall(unsigned long a0, unsigned long a1, unsigned long a2,
                         unsigned long a3, unsigned long a4, unsigned long a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    return do_multicall(a0, a1);
}

static long hc_event_channel_op(unsigned long a0, unsigned long a1,
                                unsigned long a2, unsigned long a3,
                                unsigned long a4, unsigned long a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    return do_event_channel_op(a0, a1);
}

static long hc_grant_table_op(unsigned long a0, unsigned long a1,
                              unsigned long a2, unsigned long a3,
                              unsigned long a4, unsigned long a5)
{
    (void)a3; (void)a4; (void)a5;
    return do_grant_table_op(a0, a1, a2);
}

static long hc_sched_op(unsigned long a0, unsigned long a1, unsigned long a2,
                        unsigned long a3, unsigned long a4, unsigned long a5)
{
    (void)a2; (void)a3; (void)a4; (void)a5;
    return do_sched_op(a0, a1);
}

void hypercall_register_common(void)
{
    hypercall_register(__HYPERVISOR_multicall, hc_multicall);
    hypercall_register(__HYPERVISOR_event_channel_op, hc_event_channel_op);
    hypercall_register(__HYPERVISOR_grant_table_op, hc_grant_table_op);
    hypercall_register(__HYPERVISOR_sched_op, hc_sched_op);
}

long hypercall_call(unsigned long op, const unsigned long a[6])
{
    hypercall_fn_t fn = op < NR_HYPERCALLS ? table[op] : NULL;

    if (!fn)
        return -ENOSYS;
    return fn(a[0], a[1], a[2], a[3], a[4], a[5]);
}

long hypercall_entry(unsigned long op, const unsigned long args[6])
{
    struct vcpu *v = current;
    long rc;

    v->cont.pending = false;
    rc = hypercall_call(op, args);
    if (rc != HYPERCALL_CONTINUATION)
        return rc;
    ASSERT(v->cont.pending);
    v->cont.pending = false;
    arch_hypercall_continue(v->cont.op, v->cont.args);
    /* rax must name the hypercall again when the guest re-issues it. */
    return (long)v->cont.op;
}

bool hypercall_preempt_check(void)
{
    struct vcpu *v = current;

    if (softirq_pending(smp_processor_id()))
        return true;
    return v->vcpu_info && READ_ONCE(v->vcpu_info->evtchn_upcall_pending) &&
           !READ_ONCE(v->vcpu_info->evtchn_upcall_mask);
}

long hypercall_create_continuation(unsigned int op, unsigned long a0,
                                   unsigned long a1, unsigned long a2,
                                   unsigned long a3, unsigned long a4,
                                   unsigned long a5)
{
    struct vcpu *v = current;

    v->cont.pending = true;
    v->cont.op = op;
    v->cont.args[0] = a0;
    v->cont.args[1] = a1;
    v->cont.args[2] = a2;
    v->cont.args[3] = a3;
    v->cont.args[4] = a4;
    v->cont.args[5] = a5;
    return HYPERCALL_CONTINUATION;
}

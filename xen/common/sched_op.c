/*
 * sched_op.c - hypercall 29: what a vCPU asks of the scheduler for itself
 * (yield, block, poll) and of its domain's life (shutdown).
 *
 * Poll protocol: the vCPU sets is_polling and VPF_blocked before looking
 * at its ports; evtchn_set_pending() wakes a polling vCPU after setting a
 * pending bit.  So an event that lands while we look is never lost: either
 * we see its bit, or the sender sees is_polling and wakes us.
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched_op.h>
#include <public/sched.h>

void vcpu_poll_timeout(void *data)
{
    struct vcpu *v = data;

    if (__atomic_exchange_n(&v->is_polling, false, __ATOMIC_SEQ_CST))
        vcpu_unblock(v);
}

static void end_poll(struct vcpu *v)
{
    __atomic_store_n(&v->is_polling, false, __ATOMIC_SEQ_CST);
    __atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
}

static long do_poll(struct vcpu *v, const sched_poll_t *p)
{
    struct domain *d = v->domain;

    if (p->nr_ports > SCHED_POLL_MAX_PORTS)
        return -EINVAL;
    __atomic_store_n(&v->is_polling, true, __ATOMIC_SEQ_CST);
    __atomic_fetch_or(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    for (unsigned int i = 0; i < p->nr_ports; i++) {
        evtchn_port_t port;

        if (copy_from_guest_elem(&port, guest_handle_addr(p->ports), i,
                                 sizeof(port))) {
            end_poll(v);
            return -EFAULT;
        }
        if (port >= EVTCHN_NR_PORTS) {
            end_poll(v);
            return -EINVAL;
        }
        if (evtchn_is_pending(d, port)) {
            end_poll(v);
            return 0;
        }
    }
    if (p->timeout)
        set_timer(&v->poll_timer, (s_time_t)p->timeout);
    vcpu_sleep_nosync(v);
    return 0;
}

static long remote_shutdown(struct domain *cd, unsigned long arg)
{
    sched_remote_shutdown_t op;
    struct domain *d;
    long rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (!cd->is_privileged)
        return -EPERM;
    if (!(d = get_domain_by_id(op.domain_id)))
        return -ESRCH;
    rc = domain_shutdown(d, op.reason);
    put_domain(d);
    return rc;
}

long do_sched_op(unsigned long cmd, unsigned long arg)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;

    switch (cmd) {
    case SCHEDOP_yield:
        vcpu_yield();
        return 0;
    case SCHEDOP_block:
        /* Blocking re-enables event delivery (the guest's virtual STI). */
        WRITE_ONCE(v->vcpu_info->evtchn_upcall_mask, 0);
        vcpu_block();
        return 0;
    case SCHEDOP_shutdown: {
        sched_shutdown_t op;

        if (copy_from_guest(&op, arg, sizeof(op)))
            return -EFAULT;
        return domain_shutdown(d, op.reason);
    }
    case SCHEDOP_shutdown_code: {
        sched_shutdown_t op;

        if (copy_from_guest(&op, arg, sizeof(op)))
            return -EFAULT;
        if (op.reason > SHUTDOWN_MAX)
            return -EINVAL;
        spin_lock(&d->shutdown_lock);
        if (!d->is_shutting_down)
            d->shutdown_code = (uint8_t)op.reason;
        spin_unlock(&d->shutdown_lock);
        return 0;
    }
    case SCHEDOP_poll: {
        sched_poll_t op;

        if (copy_from_guest(&op, arg, sizeof(op)))
            return -EFAULT;
        return do_poll(v, &op);
    }
    case SCHEDOP_remote_shutdown:
        return remote_shutdown(d, arg);
    default:
        return -ENOSYS;   /* watchdog, pin_override: not yet */
    }
}

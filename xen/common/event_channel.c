/*
 * event_channel.c - the event channel state machine and 2-level delivery.
 *
 * States of a port (struct evtchn.state) and the operations that move it:
 *
 *   FREE --alloc_unbound--> UNBOUND --bind_interdomain (by the remote)-->
 *   INTERDOMAIN;  FREE --bind_virq--> VIRQ;  FREE --bind_ipi--> IPI;
 *   any bound state --close--> FREE; closing one end of an INTERDOMAIN pair
 *   turns the other end back into UNBOUND, waiting for the closer's domid.
 *   Port 0 is RESERVED for ever.
 *
 * Invariants (under the event locks, see event.h):
 *  - ports below d->evtchn_allocated have storage; others are invalid;
 *  - an INTERDOMAIN port (d, p) names (rd, rp), and (rd, rp) is an
 *    INTERDOMAIN port naming (d, p): the pair changes under both locks;
 *  - v->virq_to_evtchn[virq] == p != 0 exactly when p is a VIRQ port for
 *    virq notifying v (global VIRQs: vCPU 0's table);
 *  - a FREE port has its pending bit clear.
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>

#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

/* ---- 2-level delivery ---- */

static bool test_and_set_word_bit(xen_ulong_t *w, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << bit;

    return __atomic_fetch_or(w, m, __ATOMIC_SEQ_CST) & m;
}

static bool test_and_clear_word_bit(xen_ulong_t *w, unsigned int bit)
{
    xen_ulong_t m = (xen_ulong_t)1 << bit;

    return __atomic_fetch_and(w, ~m, __ATOMIC_SEQ_CST) & m;
}

static bool test_word_bit(const xen_ulong_t *w, unsigned int bit)
{
    return (__atomic_load_n(w, __ATOMIC_SEQ_CST) >> bit) & 1;
}

#define PEND_WORD(d, p) (&(d)->shared_info->evtchn_pending[(p) / BITS_PER_WORD])
#define MASK_WORD(d, p) (&(d)->shared_info->evtchn_mask[(p) / BITS_PER_WORD])

bool evtchn_is_pending(const struct domain *d, evtchn_port_t port)
{
    return port < EVTCHN_NR_PORTS &&
           test_word_bit(PEND_WORD(d, port), port % BITS_PER_WORD);
}

bool evtchn_is_masked(const struct domain *d, evtchn_port_t port)
{
    return port < EVTCHN_NR_PORTS &&
           test_word_bit(MASK_WORD(d, port), port % BITS_PER_WORD);
}

void vcpu_kick(struct vcpu *v)
{
    /*
     * The running vCPU (an event it sent itself, or one raised while it
     * is in the hypervisor) sees the upcall on its way back.  Only it sets
     * VPF_blocked, and SCHEDOP_block re-checks for events after setting
     * it, so the flag read here cannot miss a block.
     */
    if (v == current && !(READ_ONCE(v->pause_flags) & VPF_blocked))
        return;
    vcpu_unblock(v);
    arch_vcpu_kick(v);
}

void vcpu_mark_events_pending(struct vcpu *v)
{
    uint8_t was = __atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending,
                                      1, __ATOMIC_SEQ_CST);

    if (!was)
        vcpu_kick(v);
}

/* Wakes vCPUs of d sleeping in SCHEDOP_poll; they re-check their ports. */
static void wake_pollers(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (v && __atomic_exchange_n(&v->is_polling, false, __ATOMIC_SEQ_CST)) {
            stop_timer(&v->poll_timer);
            vcpu_unblock(v);
        }
    }
}

void evtchn_set_pending(struct vcpu *v, evtchn_port_t port)
{
    struct domain *d = v->domain;
    unsigned int word = port / BITS_PER_WORD;

    if (test_and_set_word_bit(PEND_WORD(d, port), port % BITS_PER_WORD))
        return;
    if (!test_word_bit(MASK_WORD(d, port), port % BITS_PER_WORD) &&
        !test_and_set_word_bit(&v->vcpu_info->evtchn_pending_sel, word))
        vcpu_mark_events_pending(v);
    /* Pollers wake even for masked ports. */
    wake_pollers(d);
}

/* ---- port storage ---- */

struct evtchn *evtchn_from_port(const struct domain *d, evtchn_port_t port)
{
    if (port >= d->evtchn_allocated)
        return NULL;
    return &d->evtchn_bucket[port / EVTCHN_BUCKET_SIZE]
                            [port % EVTCHN_BUCKET_SIZE];
}

static bool add_bucket(struct domain *d)
{
    unsigned int b = d->evtchn_allocated / EVTCHN_BUCKET_SIZE;
    struct evtchn *chn;

    if (b >= EVTCHN_BUCKETS)
        return false;
    chn = xzalloc_array(struct evtchn, EVTCHN_BUCKET_SIZE);
    if (!chn)
        return false;
    d->evtchn_bucket[b] = chn;
    d->evtchn_allocated += EVTCHN_BUCKET_SIZE;
    return true;
}

/* Lowest FREE port of d, adding storage if needed; -ENOSPC/-ENOMEM. */
static int get_free_port(struct domain *d)
{
    for (evtchn_port_t p = 1; p < d->evtchn_allocated; p++)
        if (evtchn_from_port(d, p)->state == ECS_FREE)
            return (int)p;
    if (d->evtchn_allocated >= EVTCHN_NR_PORTS)
        return -ENOSPC;
    if (!add_bucket(d))
        return -ENOMEM;
    return (int)(d->evtchn_allocated - EVTCHN_BUCKET_SIZE);
}

static void clear_pending(struct domain *d, evtchn_port_t port)
{
    test_and_clear_word_bit(PEND_WORD(d, port), port % BITS_PER_WORD);
}

static void free_port(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = evtchn_from_port(d, port);

    clear_pending(d, port);
    memset(chn, 0, sizeof(*chn));
    chn->state = ECS_FREE;
}

int evtchn_init(struct domain *d)
{
    d->evtchn_bucket = xzalloc_array(struct evtchn *, EVTCHN_BUCKETS);
    if (!d->evtchn_bucket || !add_bucket(d))
        return -ENOMEM;
    evtchn_from_port(d, 0)->state = ECS_RESERVED;
    return 0;
}

void evtchn_destroy_final(struct domain *d)
{
    if (!d->evtchn_bucket)
        return;
    for (unsigned int b = 0; b < EVTCHN_BUCKETS; b++)
        xfree(d->evtchn_bucket[b]);
    xfree(d->evtchn_bucket);
    d->evtchn_bucket = NULL;
    d->evtchn_allocated = 0;
}

/* ---- two-domain locking ---- */

static void double_lock(struct domain *a, struct domain *b)
{
    if (a == b) {
        spin_lock(&a->event_lock);
    } else if ((uintptr_t)a < (uintptr_t)b) {
        spin_lock(&a->event_lock);
        spin_lock(&b->event_lock);
    } else {
        spin_lock(&b->event_lock);
        spin_lock(&a->event_lock);
    }
}

static void double_unlock(struct domain *a, struct domain *b)
{
    spin_unlock(&a->event_lock);
    if (a != b)
        spin_unlock(&b->event_lock);
}

static struct vcpu *domain_vcpu(struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* ---- operations ---- */

int evtchn_alloc_unbound(struct domain *cd, evtchn_alloc_unbound_t *op)
{
    struct domain *d = get_domain_for_caller(cd, op->dom, false);
    domid_t rdom = op->remote_dom == DOMID_SELF ? cd->domain_id
                                                : op->remote_dom;
    int port;

    if (!d)
        return -ESRCH;
    spin_lock(&d->event_lock);
    port = d->state == DOMSTATE_alive ? get_free_port(d) : -ESRCH;
    if (port > 0) {
        struct evtchn *chn = evtchn_from_port(d, (evtchn_port_t)port);

        chn->state = ECS_UNBOUND;
        chn->notify_vcpu_id = 0;
        chn->u.unbound.remote_domid = rdom;
        op->port = (evtchn_port_t)port;
    }
    spin_unlock(&d->event_lock);
    put_domain(d);
    return port > 0 ? 0 : port;
}

int evtchn_bind_interdomain(struct domain *ld, evtchn_bind_interdomain_t *op)
{
    struct domain *rd;
    struct evtchn *lchn, *rchn;
    int lport, rc = 0;

    rd = op->remote_dom == DOMID_SELF ? ld : NULL;
    if (rd ? !get_domain(rd) : !(rd = get_domain_by_id(op->remote_dom)))
        return -ESRCH;
    double_lock(ld, rd);
    if (ld->state != DOMSTATE_alive || rd->state != DOMSTATE_alive) {
        rc = -ESRCH;
        goto out;
    }
    rchn = evtchn_from_port(rd, op->remote_port);
    if (!rchn || rchn->state != ECS_UNBOUND ||
        rchn->u.unbound.remote_domid != ld->domain_id) {
        rc = -EINVAL;
        goto out;
    }
    if ((lport = get_free_port(ld)) < 0) {
        rc = lport;
        goto out;
    }
    /* get_free_port may have added a bucket: look rchn up again. */
    rchn = evtchn_from_port(rd, op->remote_port);
    lchn = evtchn_from_port(ld, (evtchn_port_t)lport);
    lchn->state = ECS_INTERDOMAIN;
    lchn->notify_vcpu_id = 0;
    lchn->u.interdomain.remote_dom = rd;
    lchn->u.interdomain.remote_port = op->remote_port;
    rchn->state = ECS_INTERDOMAIN;
    rchn->u.interdomain.remote_dom = ld;
    rchn->u.interdomain.remote_port = (evtchn_port_t)lport;
    op->local_port = (evtchn_port_t)lport;
    /* Anything sent before the bind would be lost: notify once. */
    if (domain_vcpu(ld, 0))
        evtchn_set_pending(ld->vcpu[0], (evtchn_port_t)lport);
 out:
    double_unlock(ld, rd);
    put_domain(rd);
    return rc;
}

bool virq_is_global(unsigned int virq)
{
    switch (virq) {
    case VIRQ_TIMER: case VIRQ_DEBUG: case VIRQ_XENOPROF: case VIRQ_XENPMU:
        return false;
    }
    return virq < VIRQ_ARCH_0;   /* arch VIRQs are per-vCPU */
}

int evtchn_bind_virq(struct domain *d, evtchn_bind_virq_t *op)
{
    struct vcpu *v;
    int port;

    if (op->virq >= NR_VIRQS)
        return -EINVAL;
    if (virq_is_global(op->virq) && op->vcpu != 0)
        return -EINVAL;
    if (!(v = domain_vcpu(d, op->vcpu)))
        return -ENOENT;
    spin_lock(&d->event_lock);
    if (v->virq_to_evtchn[op->virq]) {
        port = -EEXIST;
    } else if ((port = get_free_port(d)) > 0) {
        struct evtchn *chn = evtchn_from_port(d, (evtchn_port_t)port);

        chn->state = ECS_VIRQ;
        chn->notify_vcpu_id = op->vcpu;
        chn->u.virq = op->virq;
        v->virq_to_evtchn[op->virq] = (uint32_t)port;
        op->port = (evtchn_port_t)port;
    }
    spin_unlock(&d->event_lock);
    return port > 0 ? 0 : port;
}

int evtchn_bind_ipi(struct domain *d, evtchn_bind_ipi_t *op)
{
    int port;

    if (!domain_vcpu(d, op->vcpu))
        return -ENOENT;
    spin_lock(&d->event_lock);
    if ((port = get_free_port(d)) > 0) {
        struct evtchn *chn = evtchn_from_port(d, (evtchn_port_t)port);

        chn->state = ECS_IPI;
        chn->notify_vcpu_id = op->vcpu;
        op->port = (evtchn_port_t)port;
    }
    spin_unlock(&d->event_lock);
    return port > 0 ? 0 : port;
}

/*
 * A physical IRQ (PIRQ) the arch has mapped for d.  The arch records the
 * port (arch_pirq_bind, under d->event_lock) and later raises it with
 * send_guest_pirq; closing the port unbinds it.
 */
int evtchn_bind_pirq(struct domain *d, evtchn_bind_pirq_t *op)
{
    int port, rc;

    if (op->pirq >= NR_PIRQS)
        return -EINVAL;
    spin_lock(&d->event_lock);
    if ((port = get_free_port(d)) > 0) {
        struct evtchn *chn = evtchn_from_port(d, (evtchn_port_t)port);

        rc = arch_pirq_bind(d, op->pirq, (evtchn_port_t)port,
                            op->flags & BIND_PIRQ__WILL_SHARE);
        if (rc) {
            port = rc;
        } else {
            chn->state = ECS_PIRQ;
            chn->notify_vcpu_id = 0;
            chn->u.pirq = op->pirq;
            op->port = (evtchn_port_t)port;
        }
    }
    spin_unlock(&d->event_lock);
    return port > 0 ? 0 : port;
}

void send_guest_pirq(struct domain *d, unsigned int pirq, evtchn_port_t port)
{
    struct evtchn *chn;

    spin_lock(&d->event_lock);
    chn = evtchn_from_port(d, port);
    if (chn && chn->state == ECS_PIRQ && chn->u.pirq == pirq) {
        struct vcpu *v = domain_vcpu(d, chn->notify_vcpu_id);

        if (v)
            evtchn_set_pending(v, port);
    }
    spin_unlock(&d->event_lock);
}

/* Closes a port that is not INTERDOMAIN; d->event_lock held. */
static int close_local(struct domain *d, evtchn_port_t port,
                       struct evtchn *chn)
{
    switch (chn->state) {
    case ECS_UNBOUND:
    case ECS_IPI:
        break;
    case ECS_VIRQ: {
        struct vcpu *v = domain_vcpu(d, virq_is_global(chn->u.virq) ? 0
                                        : chn->notify_vcpu_id);

        if (v && v->virq_to_evtchn[chn->u.virq] == port)
            v->virq_to_evtchn[chn->u.virq] = 0;
        break;
    }
    case ECS_PIRQ:
        arch_pirq_unbind(d, chn->u.pirq, port);
        break;
    default:
        return -EINVAL;     /* FREE, RESERVED */
    }
    free_port(d, port);
    return 0;
}

int evtchn_close(struct domain *d, evtchn_port_t port)
{
    for (;;) {
        struct evtchn *chn, *rchn;
        struct domain *rd;
        evtchn_port_t rport;
        int rc;

        spin_lock(&d->event_lock);
        if (!(chn = evtchn_from_port(d, port))) {
            spin_unlock(&d->event_lock);
            return -EINVAL;
        }
        if (chn->state != ECS_INTERDOMAIN) {
            rc = close_local(d, port, chn);
            spin_unlock(&d->event_lock);
            return rc;
        }
        /* Bound: rd cannot go while the pair exists; pin it, relock both. */
        rd = chn->u.interdomain.remote_dom;
        get_knownalive_domain(rd);
        spin_unlock(&d->event_lock);
        double_lock(d, rd);
        chn = evtchn_from_port(d, port);
        if (chn->state != ECS_INTERDOMAIN ||
            chn->u.interdomain.remote_dom != rd) {
            /* Changed meanwhile: start over. */
            double_unlock(d, rd);
            put_domain(rd);
            continue;
        }
        rport = chn->u.interdomain.remote_port;
        rchn = evtchn_from_port(rd, rport);
        ASSERT(rchn && rchn->state == ECS_INTERDOMAIN &&
               rchn->u.interdomain.remote_dom == d &&
               rchn->u.interdomain.remote_port == port);
        rchn->state = ECS_UNBOUND;
        rchn->u.unbound.remote_domid = d->domain_id;
        free_port(d, port);
        double_unlock(d, rd);
        put_domain(rd);
        return 0;
    }
}

int evtchn_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn;
    int rc = 0;

    spin_lock(&d->event_lock);
    if (!(chn = evtchn_from_port(d, port))) {
        rc = -EINVAL;
    } else if (chn->state == ECS_INTERDOMAIN) {
        /* rd stays while we hold d's lock: closing the pair needs it. */
        struct domain *rd = chn->u.interdomain.remote_dom;
        struct evtchn *rchn = evtchn_from_port(rd,
                                               chn->u.interdomain.remote_port);
        struct vcpu *rv = domain_vcpu(rd, READ_ONCE(rchn->notify_vcpu_id));

        if (rv)
            evtchn_set_pending(rv, chn->u.interdomain.remote_port);
    } else if (chn->state == ECS_IPI) {
        struct vcpu *v = domain_vcpu(d, chn->notify_vcpu_id);

        if (v)
            evtchn_set_pending(v, port);
    } else if (chn->state != ECS_UNBOUND) {
        rc = -EINVAL;   /* unbound: dropped silently, as Xen does */
    }
    spin_unlock(&d->event_lock);
    return rc;
}

int evtchn_status(struct domain *cd, evtchn_status_t *op)
{
    struct domain *d = get_domain_for_caller(cd, op->dom, false);
    struct evtchn *chn;
    int rc = 0;

    if (!d)
        return -ESRCH;
    spin_lock(&d->event_lock);
    if (!(chn = evtchn_from_port(d, op->port))) {
        rc = -EINVAL;
        goto out;
    }
    memset(&op->u, 0, sizeof(op->u));
    op->vcpu = chn->notify_vcpu_id;
    switch (chn->state) {
    case ECS_FREE:
    case ECS_RESERVED:
        op->status = EVTCHNSTAT_closed;
        break;
    case ECS_UNBOUND:
        op->status = EVTCHNSTAT_unbound;
        op->u.unbound.dom = chn->u.unbound.remote_domid;
        break;
    case ECS_INTERDOMAIN:
        op->status = EVTCHNSTAT_interdomain;
        op->u.interdomain.dom = chn->u.interdomain.remote_dom->domain_id;
        op->u.interdomain.port = chn->u.interdomain.remote_port;
        break;
    case ECS_PIRQ:
        op->status = EVTCHNSTAT_pirq;
        op->u.pirq = chn->u.pirq;
        break;
    case ECS_VIRQ:
        op->status = EVTCHNSTAT_virq;
        op->u.virq = chn->u.virq;
        break;
    case ECS_IPI:
        op->status = EVTCHNSTAT_ipi;
        break;
    default:
        rc = -EINVAL;
    }
 out:
    spin_unlock(&d->event_lock);
    put_domain(d);
    return rc;
}

int evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, unsigned int vcpu)
{
    struct evtchn *chn;
    int rc = 0;

    if (!domain_vcpu(d, vcpu))
        return -ENOENT;
    spin_lock(&d->event_lock);
    if (!(chn = evtchn_from_port(d, port))) {
        rc = -EINVAL;
    } else {
        switch (chn->state) {
        case ECS_VIRQ:
            if (!virq_is_global(chn->u.virq)) {
                rc = -EINVAL;
                break;
            }
            /* fall through */
        case ECS_UNBOUND:
        case ECS_INTERDOMAIN:
        case ECS_PIRQ:
            WRITE_ONCE(chn->notify_vcpu_id, vcpu);
            break;
        default:
            rc = -EINVAL;
        }
    }
    spin_unlock(&d->event_lock);
    return rc;
}

int evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn;
    struct vcpu *v;

    spin_lock(&d->event_lock);
    if (!(chn = evtchn_from_port(d, port))) {
        spin_unlock(&d->event_lock);
        return -EINVAL;
    }
    v = domain_vcpu(d, chn->notify_vcpu_id);
    /* Re-raise an event that arrived while masked. */
    if (v && test_and_clear_word_bit(MASK_WORD(d, port), port % BITS_PER_WORD) &&
        test_word_bit(PEND_WORD(d, port), port % BITS_PER_WORD) &&
        !test_and_set_word_bit(&v->vcpu_info->evtchn_pending_sel,
                               port / BITS_PER_WORD))
        vcpu_mark_events_pending(v);
    spin_unlock(&d->event_lock);
    return 0;
}

/* Closes every port of d except port 0. */
static void close_all(struct domain *d)
{
    for (evtchn_port_t p = 1; p < EVTCHN_NR_PORTS; p++) {
        struct evtchn *chn;
        bool more;

        spin_lock(&d->event_lock);
        more = p < d->evtchn_allocated;
        chn = more ? evtchn_from_port(d, p) : NULL;
        more = more && chn->state != ECS_FREE;
        spin_unlock(&d->event_lock);
        if (!chn)
            return;
        if (more)
            evtchn_close(d, p);
    }
}

int evtchn_reset(struct domain *cd, domid_t dom)
{
    struct domain *d = get_domain_for_caller(cd, dom, false);

    if (!d)
        return -ESRCH;
    close_all(d);
    put_domain(d);
    return 0;
}

void evtchn_destroy(struct domain *d)
{
    /*
     * d->state is already dying.  Taking the lock once orders us after any
     * bind that still saw d alive; later binds see it dying and refuse, so
     * close_all() below meets every port that will ever be bound.
     */
    spin_lock(&d->event_lock);
    spin_unlock(&d->event_lock);
    close_all(d);
}

/* ---- VIRQs ---- */

static void send_virq_port(struct domain *d, struct vcpu *v, unsigned int virq)
{
    uint32_t port;

    spin_lock(&d->event_lock);
    port = v->virq_to_evtchn[virq];
    if (port) {
        struct evtchn *chn = evtchn_from_port(d, port);
        struct vcpu *target = domain_vcpu(d, chn->notify_vcpu_id);

        if (target)
            evtchn_set_pending(target, port);
    }
    spin_unlock(&d->event_lock);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    if (virq < NR_VIRQS && !virq_is_global(virq))
        send_virq_port(v->domain, v, virq);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
    if (d && virq < NR_VIRQS && virq_is_global(virq) && domain_vcpu(d, 0))
        send_virq_port(d, d->vcpu[0], virq);
}

void send_global_virq(unsigned int virq)
{
    send_guest_global_virq(hardware_domain, virq);
}

/* ---- the hypercall ---- */

/* Copies the op in, runs it, copies it back if it has outputs. */
#define EVTCHN_OP(type, call, out)                                     \
    do {                                                               \
        type op_;                                                      \
        if (copy_from_guest(&op_, arg, sizeof(op_)))                   \
            return -EFAULT;                                            \
        rc = (call);                                                   \
        if (!rc && (out) && copy_to_guest(arg, &op_, sizeof(op_)))     \
            rc = -EFAULT;                                              \
    } while (0)

long do_event_channel_op(unsigned long cmd, unsigned long arg)
{
    struct domain *d = current->domain;
    long rc;

    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        EVTCHN_OP(evtchn_alloc_unbound_t, evtchn_alloc_unbound(d, &op_), 1);
        break;
    case EVTCHNOP_bind_interdomain:
        EVTCHN_OP(evtchn_bind_interdomain_t,
                  evtchn_bind_interdomain(d, &op_), 1);
        break;
    case EVTCHNOP_bind_virq:
        EVTCHN_OP(evtchn_bind_virq_t, evtchn_bind_virq(d, &op_), 1);
        break;
    case EVTCHNOP_bind_ipi:
        EVTCHN_OP(evtchn_bind_ipi_t, evtchn_bind_ipi(d, &op_), 1);
        break;
    case EVTCHNOP_close:
        EVTCHN_OP(evtchn_close_t, evtchn_close(d, op_.port), 0);
        break;
    case EVTCHNOP_send:
        EVTCHN_OP(evtchn_send_t, evtchn_send(d, op_.port), 0);
        break;
    case EVTCHNOP_status:
        EVTCHN_OP(evtchn_status_t, evtchn_status(d, &op_), 1);
        break;
    case EVTCHNOP_bind_vcpu:
        EVTCHN_OP(evtchn_bind_vcpu_t, evtchn_bind_vcpu(d, op_.port, op_.vcpu), 0);
        break;
    case EVTCHNOP_unmask:
        EVTCHN_OP(evtchn_unmask_t, evtchn_unmask(d, op_.port), 0);
        break;
    case EVTCHNOP_reset:
        EVTCHN_OP(evtchn_reset_t, evtchn_reset(d, op_.dom), 0);
        break;
    case EVTCHNOP_bind_pirq:
        EVTCHN_OP(evtchn_bind_pirq_t, evtchn_bind_pirq(d, &op_), 1);
        break;
    default:
        /*
         * init_control/expand_array/set_priority: no FIFO ABI, so Linux
         * falls back to 2-level.
         */
        rc = -ENOSYS;
    }
    return rc;
}

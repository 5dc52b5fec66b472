/*
 * event.h - event channels, 2-level ABI (4096 ports for 64-bit guests).
 *
 * A port is a small integer in one domain.  Its struct evtchn says what it
 * is bound to; delivery sets the port's bit in shared_info->evtchn_pending
 * and, if the port is not masked, the word's bit in the notified vCPU's
 * evtchn_pending_sel and that vCPU's evtchn_upcall_pending, then kicks it.
 *
 * Locks: d->event_lock guards d's ports and its vCPUs' virq_to_evtchn.  An
 * interdomain pair is changed only with both domains' locks held, taken in
 * address order (two-domain lock).  Bits in shared_info are changed with
 * atomic operations, never under a lock the guest could contend.  Never
 * send from hard-IRQ context: the arch raises a softirq or timer instead.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <xen/sched.h>
#include <public/event_channel.h>

#define EVTCHN_NR_PORTS    EVTCHN_2L_NR_CHANNELS
#define EVTCHN_BUCKET_SIZE 64
#define EVTCHN_BUCKETS     (EVTCHN_NR_PORTS / EVTCHN_BUCKET_SIZE)

enum evtchn_state {
    ECS_FREE = 0,
    ECS_RESERVED,        /* port 0 */
    ECS_UNBOUND,         /* waiting for u.unbound.remote_domid to bind */
    ECS_INTERDOMAIN,
    ECS_PIRQ,
    ECS_VIRQ,
    ECS_IPI,
};

struct evtchn {
    uint8_t state;               /* enum evtchn_state */
    uint32_t notify_vcpu_id;     /* vCPU whose selector/upcall we set */
    union {
        struct { domid_t remote_domid; } unbound;
        struct {
            struct domain *remote_dom;   /* valid while bound: both ends */
            evtchn_port_t remote_port;   /* are closed together */
        } interdomain;
        uint32_t virq;
        uint32_t pirq;
    } u;
};

int evtchn_init(struct domain *d);
/* Closes every port (domain_kill); remote ends become unbound. */
void evtchn_destroy(struct domain *d);
/* Frees the port storage (last reference). */
void evtchn_destroy_final(struct domain *d);

/* The EVTCHNOP_* operations; d is the caller's domain.  0 or -errno. */
int evtchn_alloc_unbound(struct domain *d, evtchn_alloc_unbound_t *op);
int evtchn_bind_interdomain(struct domain *d, evtchn_bind_interdomain_t *op);
int evtchn_bind_virq(struct domain *d, evtchn_bind_virq_t *op);
int evtchn_bind_ipi(struct domain *d, evtchn_bind_ipi_t *op);
int evtchn_close(struct domain *d, evtchn_port_t port);
int evtchn_send(struct domain *d, evtchn_port_t port);
int evtchn_status(struct domain *d, evtchn_status_t *op);
int evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, unsigned int vcpu);
int evtchn_unmask(struct domain *d, evtchn_port_t port);
int evtchn_reset(struct domain *d, domid_t dom);
int evtchn_bind_pirq(struct domain *d, evtchn_bind_pirq_t *op);

/* Hypercall 32: event_channel_op(cmd, arg). */
long do_event_channel_op(unsigned long cmd, unsigned long arg);

/* Raising VIRQs from the hypervisor. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_guest_global_virq(struct domain *d, unsigned int virq);
/* A physical IRQ fired: marks port pending if it is still bound to pirq. */
void send_guest_pirq(struct domain *d, unsigned int pirq, evtchn_port_t port);
/* A global VIRQ for the hardware domain (VIRQ_DOM_EXC, VIRQ_CONSOLE). */
void send_global_virq(unsigned int virq);
bool virq_is_global(unsigned int virq);

/* Marks port pending for v (2-level delivery); port must be valid. */
void evtchn_set_pending(struct vcpu *v, evtchn_port_t port);
/* Sets upcall_pending and kicks v, unless already pending. */
void vcpu_mark_events_pending(struct vcpu *v);
/* Unblocks v and makes it notice the upcall (arch_vcpu_kick). */
void vcpu_kick(struct vcpu *v);
/* Is `port` pending in d's shared_info (poll, tests)? */
bool evtchn_is_pending(const struct domain *d, evtchn_port_t port);
bool evtchn_is_masked(const struct domain *d, evtchn_port_t port);
/* The port's struct, or NULL if port is beyond what d has allocated. */
struct evtchn *evtchn_from_port(const struct domain *d, evtchn_port_t port);

/* PIRQ numbers a domain may bind (the arch maps at most this many). */
#define NR_PIRQS 256

/* ---- hooks the arch provides ---- */
/*
 * Binds pirq of d to port (d->event_lock held): 0, or -EINVAL if d has
 * not mapped pirq, -EEXIST if it is bound already, -EBUSY if the
 * hypervisor uses the line.  Unbind is called when the port closes.
 */
int arch_pirq_bind(struct domain *d, unsigned int pirq, evtchn_port_t port,
                   bool will_share);
void arch_pirq_unbind(struct domain *d, unsigned int pirq, evtchn_port_t port);
/* v has an upcall pending: IPI its CPU if it runs elsewhere. */
void arch_vcpu_kick(struct vcpu *v);

#endif

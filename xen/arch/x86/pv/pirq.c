/*
 * pirq.c - device interrupts of the machine, given to the hardware domain
 * as PIRQs bound to event channels.
 *
 * Only IO-APIC GSIs below NR_GSI_VECTORS, and only identity-numbered
 * (PIRQ n is GSI n, the number Linux asks for).  Life of a GSI:
 *
 *   PHYSDEVOP_map_pirq     the hardware domain owns it (gsis[n].d)
 *   PHYSDEVOP_setup_gsi    trigger/polarity (otherwise the MADT's
 *                          defaults are used at bind time)
 *   EVTCHNOP_bind_pirq     routed to FIRST_GSI_VECTOR + n on CPU 0 and
 *                          unmasked (arch_pirq_bind)
 *   interrupt              a level-triggered pin is masked until the guest
 *                          says PHYSDEVOP_eoi (irq_status_query reports
 *                          needs_eoi for those); the GSI's bit is set in
 *                          `pending` and PIRQ_SOFTIRQ sends the event
 *                          (events are never sent from hard-IRQ context)
 *   closing the port       masked again (arch_pirq_unbind)
 *
 * A GSI the hypervisor uses itself (the console UART) is never handed
 * out: setup_gsi says -EEXIST, as Xen does, and bind_pirq -EBUSY.
 *
 * Locks: pirq_lock (interrupts off: the handler takes it) guards gsis[].
 * It nests inside d->event_lock (arch_pirq_bind/unbind); the softirq drops
 * it before sending.
 */
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <public/physdev.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/system.h>
#include "pv.h"

struct gsi_pirq {
    struct domain *d;          /* mapped for this domain; NULL: not */
    evtchn_port_t port;        /* bound port; 0: none */
    bool setup;                /* PHYSDEVOP_setup_gsi done */
    bool level, low;           /* trigger and polarity */
    bool awaiting_eoi;         /* level: masked until PHYSDEVOP_eoi */
};

static struct gsi_pirq gsis[NR_GSI_VECTORS];
static DEFINE_SPINLOCK(pirq_lock);
static uint32_t pending;       /* GSIs fired, not yet sent (atomic) */

_Static_assert(NR_GSI_VECTORS <= 32, "pending is one 32-bit word");

static unsigned int nr_gsis(void)
{
    return MIN(io_apic_nr_pins(), (unsigned int)NR_GSI_VECTORS);
}

static void pirq_interrupt(unsigned int vector)
{
    unsigned int gsi = vector - FIRST_GSI_VECTOR;
    struct gsi_pirq *g;

    if (gsi >= NR_GSI_VECTORS)
        return;
    g = &gsis[gsi];
    spin_lock(&pirq_lock);
    if (g->port && g->level && !g->awaiting_eoi) {
        io_apic_gsi_mask(gsi, true);
        g->awaiting_eoi = true;
    }
    spin_unlock(&pirq_lock);
    __atomic_fetch_or(&pending, 1U << gsi, __ATOMIC_SEQ_CST);
    raise_softirq(PIRQ_SOFTIRQ);
}

static void pirq_softirq(void)
{
    uint32_t p = __atomic_exchange_n(&pending, 0, __ATOMIC_SEQ_CST);

    while (p) {
        unsigned int gsi = __builtin_ctz(p);
        struct domain *d = NULL;
        evtchn_port_t port = 0;
        unsigned long f;

        p &= p - 1;
        spin_lock_irqsave(&pirq_lock, f);
        if (gsis[gsi].d && gsis[gsi].port && get_domain(gsis[gsi].d)) {
            d = gsis[gsi].d;
            port = gsis[gsi].port;
        }
        spin_unlock_irqrestore(&pirq_lock, f);
        if (d) {
            send_guest_pirq(d, gsi, port);
            put_domain(d);
        }
    }
}

void pv_pirq_init(void)
{
    open_softirq(PIRQ_SOFTIRQ, pirq_softirq);
}

/* Routes the GSI to its vector on CPU 0, masked unless bound. */
static int program(unsigned int gsi, const struct gsi_pirq *g)
{
    if (gsi >= NR_GSI_VECTORS || io_apic_gsi_xen_owned(gsi))
        return -EBUSY;                /* never take over our own vector */
    set_irq_handler(FIRST_GSI_VECTOR + gsi, pirq_interrupt);
    return io_apic_gsi_program(gsi, FIRST_GSI_VECTOR + gsi,
                               per_cpu(0)->apic_id, g->level, g->low,
                               !g->port || g->awaiting_eoi);
}

int arch_pirq_bind(struct domain *d, unsigned int pirq, evtchn_port_t port,
                   bool will_share)
{
    struct gsi_pirq *g;
    unsigned long f;
    int rc;

    if (pirq >= nr_gsis())
        return -EINVAL;
    if (io_apic_gsi_xen_owned(pirq))
        return -EBUSY;
    g = &gsis[pirq];
    spin_lock_irqsave(&pirq_lock, f);
    if (g->d != d) {
        rc = -EINVAL;
    } else if (g->port) {
        rc = -EEXIST;
    } else {
        g->port = port;
        g->awaiting_eoi = false;
        rc = program(pirq, g);
        if (rc)
            g->port = 0;
    }
    spin_unlock_irqrestore(&pirq_lock, f);
    return rc;
}

void arch_pirq_unbind(struct domain *d, unsigned int pirq, evtchn_port_t port)
{
    unsigned long f;

    if (pirq >= NR_GSI_VECTORS)
        return;
    spin_lock_irqsave(&pirq_lock, f);
    if (gsis[pirq].d == d && gsis[pirq].port == port) {
        io_apic_gsi_mask(pirq, true);
        gsis[pirq].port = 0;
        gsis[pirq].awaiting_eoi = false;
    }
    spin_unlock_irqrestore(&pirq_lock, f);
}

/* The domain is going: its GSIs are masked and free again. */
void pv_pirq_relinquish(struct domain *d)
{
    unsigned long f;

    spin_lock_irqsave(&pirq_lock, f);
    for (unsigned int i = 0; i < NR_GSI_VECTORS; i++) {
        if (gsis[i].d != d)
            continue;
        if (gsis[i].port)
            io_apic_gsi_mask(i, true);
        gsis[i] = (struct gsi_pirq){ 0 };
    }
    spin_unlock_irqrestore(&pirq_lock, f);
}

/* ---- physdev_op sub-ops ---- */

static bool is_hwdom(const struct domain *d)
{
    return d->is_privileged && d == hardware_domain;
}

static long map_pirq(struct domain *d, unsigned long arg)
{
    struct physdev_map_pirq m;
    struct gsi_pirq *g;
    unsigned long f;

    if (copy_from_guest(&m, arg, sizeof(m)))
        return -EFAULT;
    if (!is_hwdom(d))
        return -EPERM;
    if (m.domid != DOMID_SELF && m.domid != d->domain_id)
        return -EPERM;                /* no pass-through yet */
    if (m.type != MAP_PIRQ_TYPE_GSI)
        return -EINVAL;               /* MSI: drivers fall back to INTx */
    if (m.index < 0 || (unsigned int)m.index >= nr_gsis())
        return -EINVAL;
    if (m.pirq >= 0 && m.pirq != m.index)
        return -EINVAL;               /* PIRQ n is GSI n */
    g = &gsis[m.index];
    spin_lock_irqsave(&pirq_lock, f);
    if (!g->d) {
        g->d = d;
        g->setup = false;
        io_apic_gsi_defaults(m.index, &g->level, &g->low);
    }
    spin_unlock_irqrestore(&pirq_lock, f);
    m.pirq = m.index;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

static long unmap_pirq(struct domain *d, unsigned long arg)
{
    struct physdev_unmap_pirq u;
    struct gsi_pirq *g;
    unsigned long f;
    long rc = 0;

    if (copy_from_guest(&u, arg, sizeof(u)))
        return -EFAULT;
    if (!is_hwdom(d))
        return -EPERM;
    if (u.domid != DOMID_SELF && u.domid != d->domain_id)
        return -EPERM;
    if (u.pirq < 0 || (unsigned int)u.pirq >= nr_gsis())
        return -EINVAL;
    g = &gsis[u.pirq];
    spin_lock_irqsave(&pirq_lock, f);
    if (g->d != d)
        rc = -EINVAL;
    else if (g->port)
        rc = -EBUSY;                  /* close the event channel first */
    else
        *g = (struct gsi_pirq){ 0 };
    spin_unlock_irqrestore(&pirq_lock, f);
    return rc;
}

static long setup_gsi(struct domain *d, unsigned long arg)
{
    struct physdev_setup_gsi s;
    struct gsi_pirq *g;
    unsigned long f;
    long rc = 0;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -EFAULT;
    if (!is_hwdom(d))
        return -EPERM;
    if (s.gsi < 0 || (unsigned int)s.gsi >= nr_gsis())
        return -EINVAL;
    if (io_apic_gsi_xen_owned(s.gsi))
        return -EEXIST;
    g = &gsis[s.gsi];
    spin_lock_irqsave(&pirq_lock, f);
    if (g->setup) {
        rc = -EEXIST;
    } else {
        g->setup = true;
        g->level = s.triggering;
        g->low = s.polarity;
        if (g->d && g->port)
            rc = program(s.gsi, g);
    }
    spin_unlock_irqrestore(&pirq_lock, f);
    return rc;
}

static long pirq_eoi(struct domain *d, unsigned long arg)
{
    struct physdev_eoi e;
    struct gsi_pirq *g;
    unsigned long f;
    long rc = 0;

    if (copy_from_guest(&e, arg, sizeof(e)))
        return -EFAULT;
    if (e.irq >= nr_gsis())
        return -EINVAL;
    g = &gsis[e.irq];
    spin_lock_irqsave(&pirq_lock, f);
    if (g->d != d) {
        rc = -EINVAL;
    } else if (g->awaiting_eoi) {
        g->awaiting_eoi = false;
        if (g->port)
            io_apic_gsi_mask(e.irq, false);
    }
    spin_unlock_irqrestore(&pirq_lock, f);
    return rc;
}

static long irq_status_query(struct domain *d, unsigned long arg)
{
    struct physdev_irq_status_query q;
    unsigned long f;

    if (copy_from_guest(&q, arg, sizeof(q)))
        return -EFAULT;
    q.flags = 0;
    if (q.irq < nr_gsis()) {
        spin_lock_irqsave(&pirq_lock, f);
        if (gsis[q.irq].d == d && gsis[q.irq].level)
            q.flags = XENIRQSTAT_needs_eoi;
        spin_unlock_irqrestore(&pirq_lock, f);
    }
    return copy_to_guest(arg, &q, sizeof(q)) ? -EFAULT : 0;
}

/* Returns -ENOSYS for sub-ops that are not about PIRQs. */
long pv_pirq_physdev_op(unsigned long cmd, unsigned long arg)
{
    struct domain *d = current->domain;

    switch (cmd) {
    case PHYSDEVOP_map_pirq:
        return map_pirq(d, arg);
    case PHYSDEVOP_unmap_pirq:
        return unmap_pirq(d, arg);
    case PHYSDEVOP_setup_gsi:
        return setup_gsi(d, arg);
    case PHYSDEVOP_eoi:
        return pirq_eoi(d, arg);
    case PHYSDEVOP_irq_status_query:
        return irq_status_query(d, arg);
    }
    return -ENOSYS;
}

/*
 * evtchn.c - event channels, 2-level ABI: loopback channels in one domain
 * (alloc_unbound + bind_interdomain to ourselves), send and upcall
 * delivery, port and vCPU masking, unmask re-raising, status, close and
 * double close, bad ports and bad bindings, VIRQ and IPI bindings,
 * SCHEDOP_poll on a masked port, and running out of ports.
 */
#include "guest.h"

const char test_kernel_name[] = "evtchn";

static long status_of(uint32_t port, struct evtchn_status *st)
{
    memset(st, 0, sizeof(*st));
    st->dom = DOMID_SELF;
    st->port = port;
    return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}

static void loopback(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
    report("alloc_unbound-self", rc == 0 && au.port > 0, "rc=%ld port=%u", rc, au.port);
    uint32_t r = au.port;

    struct evtchn_status st;
    rc = status_of(r, &st);
    report("status-unbound", rc == 0 && st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0,
           "rc=%ld status=%u remote=%u", rc, st.status, st.u.unbound.dom);

    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF, .remote_port = r };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
    uint32_t l = bi.local_port;
    report("bind_interdomain-self", rc == 0 && l != r && l > 0, "rc=%ld local=%u remote=%u",
           rc, l, r);

    rc = status_of(l, &st);
    report("status-interdomain", rc == 0 && st.status == EVTCHNSTAT_interdomain &&
           st.u.interdomain.port == r && st.vcpu == 0,
           "rc=%ld status=%u peer=%u vcpu=%u", rc, st.status, st.u.interdomain.port, st.vcpu);

    /* Bind the same unbound port again: it is no longer unbound. */
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
    EXPECT_EQ("bind_interdomain-twice", rc, -XEN_EINVAL);

    /* Events masked at the vCPU: send sets the peer's pending bit only. */
    events_mask_vcpu();
    evtchn_clear_port(r);
    evtchn_clear_port(l);
    unsigned long before = upcall_count;
    rc = evtchn_send(l);
    report("send-sets-peer-pending", rc == 0 && evtchn_is_pending(r) && !evtchn_is_pending(l),
           "rc=%ld pending(r)=%d pending(l)=%d", rc, evtchn_is_pending(r), evtchn_is_pending(l));
    report("send-masked-vcpu-no-upcall", upcall_count == before && vcpu0->evtchn_upcall_pending == 1,
           "upcalls=%lu upcall_pending=%u", upcall_count - before, vcpu0->evtchn_upcall_pending);

    /* Unmasking the vCPU delivers it through the callback. */
    unsigned long hits = port_hits[r];
    events_unmask_vcpu();
    report("upcall-delivered", upcall_count == before + 1 && port_hits[r] == hits + 1 &&
           !evtchn_is_pending(r), "upcalls=%lu hits=%lu", upcall_count - before,
           port_hits[r] - hits);

    /* Events enabled: a send is delivered before the hypercall returns. */
    before = upcall_count;
    hits = port_hits[l];
    rc = evtchn_send(r);
    report("send-upcall-on-return", rc == 0 && port_hits[l] == hits + 1 && upcall_count == before + 1,
           "rc=%ld hits=%lu", rc, port_hits[l] - hits);

    /* A masked port stays pending without an upcall... */
    evtchn_mask_port(r);
    before = upcall_count;
    hits = port_hits[r];
    rc = evtchn_send(l);
    report("masked-port-no-upcall", rc == 0 && evtchn_is_pending(r) && upcall_count == before,
           "rc=%ld pending=%d upcalls=%lu", rc, evtchn_is_pending(r), upcall_count - before);

    /* ...and EVTCHNOP_unmask re-raises it. */
    struct evtchn_unmask um = { .port = r };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &um);
    report("unmask-reraises", rc == 0 && !evtchn_is_masked(r) && port_hits[r] == hits + 1,
           "rc=%ld masked=%d hits=%lu", rc, evtchn_is_masked(r), port_hits[r] - hits);

    /* SCHEDOP_poll returns at once for a pending port, even masked. */
    events_mask_vcpu();
    evtchn_mask_port(r);
    evtchn_send(l);
    evtchn_port_t pp = r;
    struct sched_poll poll = { .nr_ports = 1, .timeout = 0 };
    set_xen_guest_handle(poll.ports, &pp);
    rc = HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    EXPECT_EQ("poll-pending-masked-port", rc, 0);
    set_xen_guest_handle(poll.ports, (evtchn_port_t *)BAD_LOW);
    rc = HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    EXPECT_EQ("poll-bad-port-list", rc, -XEN_EFAULT);
    evtchn_clear_port(r);
    evtchn_unmask_port(r);
    vcpu0->evtchn_upcall_pending = 0;
    vcpu0->evtchn_pending_sel = 0;

    /* bind_vcpu to a vCPU that does not exist. */
    struct evtchn_bind_vcpu bv = { .port = l, .vcpu = 5 };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv);
    EXPECT_EQ("bind_vcpu-missing-vcpu", rc, -XEN_ENOENT);

    /* Close one end: the other falls back to unbound. */
    rc = evtchn_close(r);
    EXPECT_EQ("close", rc, 0);
    rc = status_of(r, &st);
    report("status-closed", rc == 0 && st.status == EVTCHNSTAT_closed, "rc=%ld status=%u",
           rc, st.status);
    rc = status_of(l, &st);
    report("peer-becomes-unbound", rc == 0 && st.status == EVTCHNSTAT_unbound,
           "rc=%ld status=%u", rc, st.status);
    rc = evtchn_close(r);
    EXPECT_EQ("double-close", rc, -XEN_EINVAL);
    rc = evtchn_send(r);
    EXPECT_EQ("send-closed-port", rc, -XEN_EINVAL);
    /* Sending on an unbound port is accepted and dropped. */
    rc = evtchn_send(l);
    EXPECT_EQ("send-unbound-port", rc, 0);
    EXPECT_EQ("close-other-end", evtchn_close(l), 0);
}

static void bad_ports(void)
{
    static const uint32_t bad[] = { 0, 4096, 5000, 0x7fffffff, 0xffffffff };
    for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
        char name[48];
        struct evtchn_status st;
        long rc_send = evtchn_send(bad[i]);
        long rc_close = evtchn_close(bad[i]);
        long rc_status = status_of(bad[i], &st);
        struct evtchn_unmask um = { .port = bad[i] };
        long rc_unmask = HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &um);
        /* Port 0 is reserved but valid: status reports it closed. */
        long want_status = bad[i] == 0 ? 0 : -XEN_EINVAL;
        long want_unmask = bad[i] == 0 ? 0 : -XEN_EINVAL;
        snprintf(name, sizeof(name), "bad-port-%x", bad[i]);
        report(name, rc_send == -XEN_EINVAL && rc_close == -XEN_EINVAL &&
               rc_status == want_status && rc_unmask == want_unmask,
               "send=%ld close=%ld status=%ld unmask=%ld", rc_send, rc_close, rc_status,
               rc_unmask);
    }
}

static void virq_ipi(void)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
    uint32_t tp = bv.port;
    report("bind_virq-timer", rc == 0 && tp > 0, "rc=%ld port=%u", rc, tp);
    struct evtchn_status st;
    rc = status_of(tp, &st);
    report("status-virq", rc == 0 && st.status == EVTCHNSTAT_virq && st.u.virq == VIRQ_TIMER,
           "rc=%ld status=%u virq=%u", rc, st.status, st.u.virq);
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
    EXPECT_EQ("bind_virq-twice", rc, -XEN_EEXIST);
    bv.virq = NR_VIRQS;
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
    EXPECT_EQ("bind_virq-bad-virq", rc, -XEN_EINVAL);
    bv.virq = VIRQ_DEBUG;
    bv.vcpu = 7;
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
    EXPECT_EQ("bind_virq-missing-vcpu", rc, -XEN_ENOENT);
    EXPECT_EQ("close-virq", evtchn_close(tp), 0);

    struct evtchn_bind_ipi bi = { .vcpu = 0 };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bi);
    report("bind_ipi", rc == 0 && bi.port > 0, "rc=%ld port=%u", rc, bi.port);
    events_unmask_vcpu();
    unsigned long hits = port_hits[bi.port];
    rc = evtchn_send(bi.port);
    report("ipi-to-self-delivered", rc == 0 && port_hits[bi.port] == hits + 1,
           "rc=%ld hits=%lu", rc, port_hits[bi.port] - hits);
    events_mask_vcpu();
    EXPECT_EQ("close-ipi", evtchn_close(bi.port), 0);
    bi.vcpu = 9;
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bi);
    EXPECT_EQ("bind_ipi-missing-vcpu", rc, -XEN_ENOENT);
}

static void foreign_and_exhaustion(void)
{
    struct evtchn_alloc_unbound au = { .dom = 77, .remote_dom = DOMID_SELF };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
    EXPECT_EQ("alloc_unbound-missing-domain", rc, -XEN_ESRCH);

    /* An unbound port offered to domain 77 cannot be taken by us. */
    au.dom = DOMID_SELF;
    au.remote_dom = 77;
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
    report("alloc_unbound-for-other-domain", rc == 0, "rc=%ld port=%u", rc, au.port);
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF, .remote_port = au.port };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
    EXPECT_EQ("bind_interdomain-not-offered-to-us", rc, -XEN_EINVAL);
    evtchn_close(au.port);

    /* Allocate until the hypervisor says no; then every port closes. */
    static uint32_t ports[4100];
    unsigned n = 0;
    for (;;) {
        struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
        rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);
        if (rc || n == ARRAY_SIZE(ports))
            break;
        ports[n++] = a.port;
    }
    uint32_t maxport = 0;
    for (unsigned i = 0; i < n; i++)
        if (ports[i] > maxport)
            maxport = ports[i];
    report("exhaust-ports", rc == -XEN_ENOSPC && maxport == 4095,
           "rc=%ld allocated=%u highest=%u", rc, n, maxport);
    unsigned bad = 0;
    for (unsigned i = 0; i < n; i++)
        if (evtchn_close(ports[i]))
            bad++;
    EXPECT_EQ("close-all-after-exhaustion", bad, 0);
}

void test_main(void)
{
    loopback();
    bad_ports();
    virq_ipi();
    foreign_and_exhaustion();
}

/*
 * test_evtchn.c - the event channel state machine, 2-level delivery, and
 * hostile sequences (double close, dead domains, ports out of range...).
 */
#include <stdlib.h>
#include "unit.h"
#include "host.h"
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched_op.h>
#include <public/sched.h>

static struct domain *dom0, *du;
static unsigned long free0;

static struct domain *mk(domid_t id, unsigned int flags, unsigned int nv)
{
    int err;
    struct domain *d = domain_create(id, nv, flags, &err);

    for (unsigned int i = 1; d && i < nv; i++)
        vcpu_create(d, i);
    return d;
}

static void world(void)
{
    host_sched_world_init(2048, 2);
    host_current = idle_domain->vcpu[0];
    free0 = heap_free_pages();
    dom0 = mk(0, DOMCREATE_privileged, 2);
    du = mk(DOMID_INVALID, 0, 2);
}

static void teardown(void)
{
    host_current = idle_domain->vcpu[0];
    if (du)
        domain_kill(du);
    if (dom0)
        domain_kill(dom0);
    du = dom0 = NULL;
    CHECK_EQ(domain_count(), 0);
    CHECK_EQ(heap_free_pages(), free0);
}

/* A connected pair: du's port *pu <-> dom0's port *p0. */
static void connect(evtchn_port_t *p0, evtchn_port_t *pu)
{
    evtchn_alloc_unbound_t au = { .dom = DOMID_SELF, .remote_dom = 0 };
    evtchn_bind_interdomain_t bi;

    CHECK_EQ(evtchn_alloc_unbound(du, &au), 0);
    bi.remote_dom = du->domain_id;
    bi.remote_port = au.port;
    CHECK_EQ(evtchn_bind_interdomain(dom0, &bi), 0);
    *pu = au.port;
    *p0 = bi.local_port;
    /* bind notifies the new local port once: clear that for the tests. */
    dom0->shared_info->evtchn_pending[0] = 0;
    dom0->vcpu[0]->vcpu_info->evtchn_pending_sel = 0;
    dom0->vcpu[0]->vcpu_info->evtchn_upcall_pending = 0;
}

static bool sel_bit(struct vcpu *v, evtchn_port_t p)
{
    return (v->vcpu_info->evtchn_pending_sel >> (p / 64)) & 1;
}

TEST(interdomain_send_sets_bits_and_kicks)
{
    evtchn_port_t p0, pu;
    struct vcpu *v;

    world();
    connect(&p0, &pu);
    CHECK_EQ(pu, 1);
    v = du->vcpu[0];
    host_kicks = 0;
    CHECK_EQ(evtchn_send(dom0, p0), 0);
    CHECK(evtchn_is_pending(du, pu));
    CHECK(sel_bit(v, pu));
    CHECK_EQ(v->vcpu_info->evtchn_upcall_pending, 1);
    CHECK_EQ(host_kicks, 1);
    CHECK(host_last_kicked == v);
    /* Already pending: nothing more to do. */
    CHECK_EQ(evtchn_send(dom0, p0), 0);
    CHECK_EQ(host_kicks, 1);
    /* The other direction. */
    CHECK_EQ(evtchn_send(du, pu), 0);
    CHECK(evtchn_is_pending(dom0, p0));
    teardown();
}

TEST(masked_port_is_pending_but_silent_until_unmask)
{
    evtchn_port_t p0, pu;
    struct vcpu *v;

    world();
    connect(&p0, &pu);
    v = du->vcpu[0];
    du->shared_info->evtchn_mask[0] |= 1UL << pu;
    host_kicks = 0;
    evtchn_send(dom0, p0);
    CHECK(evtchn_is_pending(du, pu));
    CHECK(!sel_bit(v, pu));
    CHECK_EQ(v->vcpu_info->evtchn_upcall_pending, 0);
    CHECK_EQ(host_kicks, 0);
    CHECK_EQ(evtchn_unmask(du, pu), 0);
    CHECK(!evtchn_is_masked(du, pu));
    CHECK(sel_bit(v, pu));
    CHECK_EQ(v->vcpu_info->evtchn_upcall_pending, 1);
    CHECK_EQ(host_kicks, 1);
    CHECK_EQ(evtchn_unmask(du, pu), 0);        /* twice: nothing new */
    CHECK_EQ(host_kicks, 1);
    teardown();
}

TEST(virqs_bind_per_vcpu_and_globally)
{
    evtchn_bind_virq_t t0 = { .virq = VIRQ_TIMER, .vcpu = 0 };
    evtchn_bind_virq_t t1 = { .virq = VIRQ_TIMER, .vcpu = 1 };
    evtchn_bind_virq_t c = { .virq = VIRQ_CONSOLE, .vcpu = 0 };
    evtchn_bind_virq_t bad;

    world();
    CHECK_EQ(evtchn_bind_virq(du, &t0), 0);
    CHECK_EQ(evtchn_bind_virq(du, &t1), 0);
    CHECK(t0.port != t1.port);
    CHECK_EQ(evtchn_bind_virq(du, &t0), -EEXIST);
    bad = (evtchn_bind_virq_t){ .virq = VIRQ_CONSOLE, .vcpu = 1 };
    CHECK_EQ(evtchn_bind_virq(du, &bad), -EINVAL);   /* global on vCPU 1 */
    bad = (evtchn_bind_virq_t){ .virq = NR_VIRQS, .vcpu = 0 };
    CHECK_EQ(evtchn_bind_virq(du, &bad), -EINVAL);
    bad = (evtchn_bind_virq_t){ .virq = 0xffffffff, .vcpu = 0 };
    CHECK_EQ(evtchn_bind_virq(du, &bad), -EINVAL);
    bad = (evtchn_bind_virq_t){ .virq = VIRQ_DEBUG, .vcpu = 2 };
    CHECK_EQ(evtchn_bind_virq(du, &bad), -ENOENT);
    bad = (evtchn_bind_virq_t){ .virq = VIRQ_DEBUG, .vcpu = 0xffffffff };
    CHECK_EQ(evtchn_bind_virq(du, &bad), -ENOENT);

    send_guest_vcpu_virq(du->vcpu[1], VIRQ_TIMER);
    CHECK(evtchn_is_pending(du, t1.port));
    CHECK(!evtchn_is_pending(du, t0.port));
    CHECK(sel_bit(du->vcpu[1], t1.port));
    CHECK(!sel_bit(du->vcpu[0], t1.port));
    send_guest_vcpu_virq(du->vcpu[0], VIRQ_CONSOLE);   /* global: ignored */
    send_guest_vcpu_virq(du->vcpu[0], 9999);
    send_guest_global_virq(du, VIRQ_TIMER);             /* per-vCPU: ignored */

    CHECK_EQ(evtchn_bind_virq(dom0, &c), 0);
    send_global_virq(VIRQ_CONSOLE);
    CHECK(evtchn_is_pending(dom0, c.port));
    /* Closed, the VIRQ can be bound again. */
    CHECK_EQ(evtchn_close(du, t0.port), 0);
    CHECK_EQ(evtchn_bind_virq(du, &t0), 0);
    teardown();
}

TEST(ipi_delivers_to_its_vcpu)
{
    evtchn_bind_ipi_t ipi = { .vcpu = 1 };
    evtchn_bind_ipi_t bad = { .vcpu = 7 };

    world();
    CHECK_EQ(evtchn_bind_ipi(du, &ipi), 0);
    CHECK_EQ(evtchn_bind_ipi(du, &bad), -ENOENT);
    CHECK_EQ(evtchn_send(du, ipi.port), 0);
    CHECK(evtchn_is_pending(du, ipi.port));
    CHECK(sel_bit(du->vcpu[1], ipi.port));
    CHECK_EQ(du->vcpu[1]->vcpu_info->evtchn_upcall_pending, 1);
    CHECK_EQ(du->vcpu[0]->vcpu_info->evtchn_upcall_pending, 0);
    teardown();
}

TEST(double_close_and_reserved_port)
{
    evtchn_bind_ipi_t ipi = { .vcpu = 0 };

    world();
    CHECK_EQ(evtchn_bind_ipi(du, &ipi), 0);
    CHECK_EQ(evtchn_close(du, ipi.port), 0);
    CHECK_EQ(evtchn_close(du, ipi.port), -EINVAL);
    CHECK_EQ(evtchn_close(du, 0), -EINVAL);
    /* The freed port is reused, and starts not pending. */
    CHECK_EQ(evtchn_send(du, ipi.port), -EINVAL);   /* send on closed */
    CHECK_EQ(evtchn_bind_ipi(du, &ipi), 0);
    CHECK_EQ(ipi.port, 1);
    CHECK(!evtchn_is_pending(du, 1));
    teardown();
}

TEST(ports_out_of_range_are_refused)
{
    evtchn_port_t bad[] = { 64, 4095, 4096, 65536, 0x7fffffff, 0xffffffff };
    evtchn_status_t st;

    world();
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK_EQ(evtchn_send(du, bad[i]), -EINVAL);
        CHECK_EQ(evtchn_close(du, bad[i]), -EINVAL);
        CHECK_EQ(evtchn_unmask(du, bad[i]), -EINVAL);
        CHECK_EQ(evtchn_bind_vcpu(du, bad[i], 0), -EINVAL);
        st = (evtchn_status_t){ .dom = DOMID_SELF, .port = bad[i] };
        CHECK_EQ(evtchn_status(du, &st), -EINVAL);
    }
    CHECK(!evtchn_is_pending(du, 0xffffffff));
    teardown();
}

TEST(close_one_end_leaves_the_other_unbound)
{
    evtchn_port_t p0, pu;
    evtchn_status_t st = { .dom = DOMID_SELF };
    evtchn_bind_interdomain_t bi;

    world();
    connect(&p0, &pu);
    CHECK_EQ(evtchn_close(dom0, p0), 0);
    st.port = pu;
    CHECK_EQ(evtchn_status(du, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_unbound);
    CHECK_EQ(st.u.unbound.dom, 0);
    CHECK_EQ(evtchn_send(du, pu), 0);          /* unbound: dropped */
    CHECK_EQ(evtchn_send(dom0, p0), -EINVAL);  /* closed */
    /* dom0 can bind to it again. */
    bi = (evtchn_bind_interdomain_t){ .remote_dom = du->domain_id,
                                      .remote_port = pu };
    CHECK_EQ(evtchn_bind_interdomain(dom0, &bi), 0);
    CHECK_EQ(evtchn_bind_interdomain(dom0, &bi), -EINVAL);  /* now bound */
    teardown();
}

TEST(bind_checks_remote_port_and_domain)
{
    evtchn_alloc_unbound_t au = { .dom = DOMID_SELF, .remote_dom = 0 };
    evtchn_bind_interdomain_t bi;
    struct domain *other = NULL;

    world();
    other = mk(DOMID_INVALID, 0, 1);
    CHECK_EQ(evtchn_alloc_unbound(du, &au), 0);
    /* other is not the domain du offered the port to. */
    bi = (evtchn_bind_interdomain_t){ .remote_dom = du->domain_id,
                                      .remote_port = au.port };
    CHECK_EQ(evtchn_bind_interdomain(other, &bi), -EINVAL);
    bi.remote_port = 4096;
    CHECK_EQ(evtchn_bind_interdomain(dom0, &bi), -EINVAL);
    bi.remote_port = 0;
    CHECK_EQ(evtchn_bind_interdomain(dom0, &bi), -EINVAL);
    bi.remote_port = 33;                           /* a FREE port */
    CHECK_EQ(evtchn_bind_interdomain(dom0, &bi), -EINVAL);
    bi = (evtchn_bind_interdomain_t){ .remote_dom = 4321, .remote_port = 1 };
    CHECK_EQ(evtchn_bind_interdomain(dom0, &bi), -ESRCH);
    /* An unprivileged domain may not allocate in another domain. */
    au = (evtchn_alloc_unbound_t){ .dom = 0, .remote_dom = DOMID_SELF };
    CHECK_EQ(evtchn_alloc_unbound(du, &au), -ESRCH);
    /* dom0 may, on behalf of du (the toolstack's xenstore port). */
    au = (evtchn_alloc_unbound_t){ .dom = du->domain_id, .remote_dom = 0 };
    CHECK_EQ(evtchn_alloc_unbound(dom0, &au), 0);
    domain_kill(other);
    teardown();
}

TEST(bind_to_a_dead_domain_fails)
{
    evtchn_alloc_unbound_t au = { .dom = DOMID_SELF, .remote_dom = 0 };
    evtchn_bind_interdomain_t bi;
    domid_t id;

    world();
    CHECK_EQ(evtchn_alloc_unbound(du, &au), 0);
    id = du->domain_id;
    CHECK(get_domain(du));                   /* keep a zombie around */
    domain_kill(du);
    bi = (evtchn_bind_interdomain_t){ .remote_dom = id,
                                      .remote_port = au.port };
    CHECK_EQ(evtchn_bind_interdomain(dom0, &bi), -ESRCH);
    put_domain(du);
    du = NULL;
    CHECK_EQ(evtchn_bind_interdomain(dom0, &bi), -ESRCH);   /* gone */
    teardown();
}

TEST(destroying_a_domain_unbinds_its_peers)
{
    evtchn_port_t p0, pu;
    evtchn_status_t st = { .dom = DOMID_SELF };

    world();
    connect(&p0, &pu);
    domain_kill(du);
    du = NULL;
    st.port = p0;
    CHECK_EQ(evtchn_status(dom0, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_unbound);
    CHECK_EQ(evtchn_send(dom0, p0), 0);       /* no dangling peer */
    CHECK_EQ(evtchn_close(dom0, p0), 0);
    teardown();
}

TEST(status_reports_each_state)
{
    evtchn_port_t p0, pu;
    evtchn_status_t st;
    evtchn_bind_virq_t bv = { .virq = VIRQ_DEBUG, .vcpu = 1 };
    evtchn_bind_ipi_t ipi = { .vcpu = 1 };

    world();
    connect(&p0, &pu);
    evtchn_bind_virq(du, &bv);
    evtchn_bind_ipi(du, &ipi);
    st = (evtchn_status_t){ .dom = DOMID_SELF, .port = pu };
    CHECK_EQ(evtchn_status(du, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
    CHECK_EQ(st.u.interdomain.dom, 0);
    CHECK_EQ(st.u.interdomain.port, p0);
    st = (evtchn_status_t){ .dom = DOMID_SELF, .port = bv.port };
    CHECK_EQ(evtchn_status(du, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_virq);
    CHECK_EQ(st.u.virq, VIRQ_DEBUG);
    CHECK_EQ(st.vcpu, 1);
    st = (evtchn_status_t){ .dom = DOMID_SELF, .port = ipi.port };
    CHECK_EQ(evtchn_status(du, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_ipi);
    st = (evtchn_status_t){ .dom = DOMID_SELF, .port = 40 };
    CHECK_EQ(evtchn_status(du, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_closed);
    /* Another domain's ports: dom0 yes, du no. */
    st = (evtchn_status_t){ .dom = du->domain_id, .port = pu };
    CHECK_EQ(evtchn_status(dom0, &st), 0);
    st = (evtchn_status_t){ .dom = 0, .port = p0 };
    CHECK_EQ(evtchn_status(du, &st), -ESRCH);
    teardown();
}

TEST(bind_vcpu_moves_notification)
{
    evtchn_port_t p0, pu;
    evtchn_bind_virq_t bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
    evtchn_bind_ipi_t ipi = { .vcpu = 0 };

    world();
    connect(&p0, &pu);
    CHECK_EQ(evtchn_bind_vcpu(du, pu, 1), 0);
    evtchn_send(dom0, p0);
    CHECK(sel_bit(du->vcpu[1], pu));
    CHECK(!sel_bit(du->vcpu[0], pu));
    CHECK_EQ(evtchn_bind_vcpu(du, pu, 2), -ENOENT);
    CHECK_EQ(evtchn_bind_vcpu(du, pu, 0xffffffff), -ENOENT);
    evtchn_bind_virq(du, &bv);
    CHECK_EQ(evtchn_bind_vcpu(du, bv.port, 1), -EINVAL);    /* per-vCPU */
    evtchn_bind_ipi(du, &ipi);
    CHECK_EQ(evtchn_bind_vcpu(du, ipi.port, 1), -EINVAL);
    CHECK_EQ(evtchn_bind_vcpu(du, 50, 1), -EINVAL);          /* free */
    teardown();
}

TEST(all_4095_ports_then_enospc_then_reset)
{
    evtchn_bind_ipi_t ipi = { .vcpu = 0 };
    int n = 0, rc;

    world();
    while ((rc = evtchn_bind_ipi(du, &ipi)) == 0)
        n++;
    CHECK_EQ(n, 4095);
    CHECK_EQ(rc, -ENOSPC);
    CHECK_EQ(ipi.port, 4095);
    CHECK_EQ(evtchn_send(du, 4095), 0);
    CHECK(evtchn_is_pending(du, 4095));
    CHECK(sel_bit(du->vcpu[0], 4095));
    CHECK_EQ(evtchn_reset(du, DOMID_SELF), 0);
    CHECK_EQ(evtchn_close(du, 17), -EINVAL);
    CHECK(!evtchn_is_pending(du, 4095));
    CHECK_EQ(evtchn_reset(du, 0), -ESRCH);          /* not privileged */
    teardown();
}

TEST(event_wakes_a_blocked_vcpu)
{
    evtchn_port_t p0, pu;
    struct vcpu *v;

    world();
    connect(&p0, &pu);
    vcpu_up(du->vcpu[0]);
    domain_unpause(du);
    host_current = NULL;
    host_run_until(MILLISECS(1));
    v = du->vcpu[0];
    CHECK(sched_curr(v->processor) == v);
    host_current = v;
    CHECK_EQ(hypercall_call(__HYPERVISOR_sched_op,
                            (unsigned long[6]){ SCHEDOP_block }), -ENOSYS);
    hypercall_register_common();
    CHECK_EQ(hypercall_call(__HYPERVISOR_sched_op,
                            (unsigned long[6]){ SCHEDOP_block }), 0);
    CHECK_EQ(v->vcpu_info->evtchn_upcall_mask, 0);  /* block enables events */
    host_current = NULL;
    host_run_until(MILLISECS(2));
    CHECK(v->pause_flags & VPF_blocked);
    CHECK(sched_curr(v->processor) != v);
    CHECK_EQ(evtchn_send(dom0, p0), 0);
    CHECK(!(v->pause_flags & VPF_blocked));
    host_run_until(MILLISECS(3));
    CHECK(sched_curr(v->processor) == v);
    teardown();
}

TEST(poll_wakes_on_masked_port_and_on_timeout)
{
    evtchn_port_t p0, pu, ports[2];
    sched_poll_t poll;
    struct vcpu *v;

    world();
    hypercall_register_common();
    connect(&p0, &pu);
    vcpu_up(du->vcpu[0]);
    domain_unpause(du);
    host_current = NULL;
    host_run_until(MILLISECS(1));
    v = du->vcpu[0];
    du->shared_info->evtchn_mask[0] |= 1UL << pu;
    ports[0] = pu;
    ports[1] = 3;
    host_guest_window_add(ports, sizeof(ports));
    host_guest_window_add(&poll, sizeof(poll));
    set_xen_guest_handle(poll.ports, ports);
    poll.nr_ports = 2;
    poll.timeout = 0;
    host_current = v;
    CHECK_EQ(do_sched_op(SCHEDOP_poll, (unsigned long)&poll), 0);
    CHECK(v->is_polling);
    host_current = NULL;
    host_run_until(MILLISECS(2));
    CHECK(sched_curr(v->processor) != v);
    evtchn_send(dom0, p0);                    /* masked, yet wakes */
    CHECK(!v->is_polling);
    CHECK(!(v->pause_flags & VPF_blocked));
    /* Already pending: returns at once. */
    host_run_until(MILLISECS(3));
    host_current = v;
    CHECK_EQ(do_sched_op(SCHEDOP_poll, (unsigned long)&poll), 0);
    CHECK(!v->is_polling);
    /* Timeout. */
    du->shared_info->evtchn_pending[0] = 0;
    poll.timeout = (uint64_t)(host_now + MILLISECS(5));
    CHECK_EQ(do_sched_op(SCHEDOP_poll, (unsigned long)&poll), 0);
    CHECK(v->is_polling);
    host_current = NULL;
    host_run_until(host_now + MILLISECS(6));
    CHECK(!v->is_polling);
    CHECK(!(v->pause_flags & VPF_blocked));
    /* Hostile: too many ports, a bad port, a bad pointer. */
    host_run_until(host_now + MILLISECS(1));
    host_current = v;
    poll.timeout = 0;
    poll.nr_ports = 129;
    CHECK_EQ(do_sched_op(SCHEDOP_poll, (unsigned long)&poll), -EINVAL);
    poll.nr_ports = 2;
    ports[1] = 4096;
    CHECK_EQ(do_sched_op(SCHEDOP_poll, (unsigned long)&poll), -EINVAL);
    set_xen_guest_handle(poll.ports, (evtchn_port_t *)16);
    CHECK_EQ(do_sched_op(SCHEDOP_poll, (unsigned long)&poll), -EFAULT);
    CHECK_EQ(do_sched_op(SCHEDOP_poll, 8), -EFAULT);
    CHECK(!v->is_polling);
    CHECK(!(v->pause_flags & VPF_blocked));
    teardown();
}

TEST(hypercall_copies_in_and_out)
{
    struct {
        evtchn_alloc_unbound_t au;
        evtchn_status_t st;
        evtchn_send_t send;
    } g;

    world();
    host_current = du->vcpu[0];
    host_guest_window_add(&g, sizeof(g));
    g.au = (evtchn_alloc_unbound_t){ .dom = DOMID_SELF, .remote_dom = 0 };
    CHECK_EQ(do_event_channel_op(EVTCHNOP_alloc_unbound, (unsigned long)&g.au), 0);
    CHECK_EQ(g.au.port, 1);
    g.st = (evtchn_status_t){ .dom = DOMID_SELF, .port = 1 };
    CHECK_EQ(do_event_channel_op(EVTCHNOP_status, (unsigned long)&g.st), 0);
    CHECK_EQ(g.st.status, EVTCHNSTAT_unbound);
    /* Pointers outside guest memory, or straddling its end. */
    CHECK_EQ(do_event_channel_op(EVTCHNOP_alloc_unbound, 0), -EFAULT);
    CHECK_EQ(do_event_channel_op(EVTCHNOP_status,
                                 (unsigned long)&g + sizeof(g) - 4), -EFAULT);
    CHECK_EQ(do_event_channel_op(EVTCHNOP_send, ~0UL - 2), -EFAULT);
    /* FIFO is not offered: Linux falls back to 2-level. */
    CHECK_EQ(do_event_channel_op(EVTCHNOP_init_control, (unsigned long)&g),
             -ENOSYS);
    CHECK_EQ(do_event_channel_op(EVTCHNOP_expand_array, (unsigned long)&g),
             -ENOSYS);
    CHECK_EQ(do_event_channel_op(12345, (unsigned long)&g), -ENOSYS);
    g.send.port = 1;
    CHECK_EQ(do_event_channel_op(EVTCHNOP_send, (unsigned long)&g.send), 0);
    teardown();
}

TEST(loopback_pair_within_one_domain)
{
    evtchn_alloc_unbound_t au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    evtchn_bind_interdomain_t bi;
    evtchn_status_t st;

    world();
    CHECK_EQ(evtchn_alloc_unbound(du, &au), 0);
    bi = (evtchn_bind_interdomain_t){ .remote_dom = DOMID_SELF,
                                      .remote_port = au.port };
    CHECK_EQ(evtchn_bind_interdomain(du, &bi), 0);
    CHECK(bi.local_port != au.port);
    du->shared_info->evtchn_pending[0] = 0;
    CHECK_EQ(evtchn_send(du, au.port), 0);
    CHECK(evtchn_is_pending(du, bi.local_port));
    CHECK(!evtchn_is_pending(du, au.port));
    CHECK_EQ(evtchn_close(du, au.port), 0);
    st = (evtchn_status_t){ .dom = DOMID_SELF, .port = bi.local_port };
    CHECK_EQ(evtchn_status(du, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_unbound);
    CHECK_EQ(st.u.unbound.dom, du->domain_id);
    teardown();
}

TEST(pirq_bind_send_close)
{
    evtchn_bind_pirq_t bp = { .pirq = 9, .flags = BIND_PIRQ__WILL_SHARE };
    evtchn_bind_pirq_t again = { .pirq = 9 };
    evtchn_bind_pirq_t unmapped = { .pirq = 40 };
    evtchn_bind_pirq_t huge = { .pirq = 0xffffffff };
    evtchn_status_t st;

    world();
    CHECK_EQ(evtchn_bind_pirq(dom0, &bp), 0);
    CHECK_EQ(host_pirq_port[9], bp.port);
    CHECK_EQ(evtchn_bind_pirq(dom0, &again), -EEXIST);
    CHECK_EQ(evtchn_bind_pirq(dom0, &unmapped), -EINVAL);
    CHECK_EQ(evtchn_bind_pirq(dom0, &huge), -EINVAL);
    /* A refused bind leaves no port behind. */
    st = (evtchn_status_t){ .dom = DOMID_SELF, .port = bp.port + 1 };
    CHECK_EQ(evtchn_status(dom0, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_closed);
    st = (evtchn_status_t){ .dom = DOMID_SELF, .port = bp.port };
    CHECK_EQ(evtchn_status(dom0, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_pirq);
    CHECK_EQ(st.u.pirq, 9);
    /* Delivery follows bind_vcpu; a stale (pirq, port) pair is ignored. */
    CHECK_EQ(evtchn_bind_vcpu(dom0, bp.port, 1), 0);
    send_guest_pirq(dom0, 8, bp.port);
    CHECK(!evtchn_is_pending(dom0, bp.port));
    send_guest_pirq(dom0, 9, bp.port);
    CHECK(evtchn_is_pending(dom0, bp.port));
    CHECK(sel_bit(dom0->vcpu[1], bp.port));
    CHECK_EQ(evtchn_close(dom0, bp.port), 0);
    CHECK_EQ(host_pirq_port[9], 0);
    send_guest_pirq(dom0, 9, bp.port);              /* closed: nothing */
    CHECK_EQ(evtchn_bind_pirq(dom0, &bp), 0);
    CHECK_EQ(evtchn_close(dom0, bp.port), 0);
    teardown();
}

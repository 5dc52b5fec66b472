/*
 * callback.c - where the guest kernel wants its traps and callbacks:
 * set_trap_table (0), stack_switch (3), set_callbacks (4), callback_op
 * (30).  All state is the calling vCPU's (struct pv_vcpu).
 */
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <public/callback.h>
#include "pv.h"

/* A handler address must be a canonical guest address. */
static bool guest_code_ok(unsigned long a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a &&
           (a < HYPERVISOR_VIRT_START || a >= HYPERVISOR_VIRT_END);
}

/* A null list clears the table; entries end at address 0. */
long do_set_trap_table(unsigned long list)
{
    struct pv_vcpu *pv = pv_vcpu(current);
    struct trap_info ti;

    if (!list) {
        memset(pv->traps, 0, sizeof(pv->traps));
        return 0;
    }
    for (unsigned long i = 0; ; i++) {
        if (i && !(i % 64) && hypercall_preempt_check())
            return hypercall_create_continuation(__HYPERVISOR_set_trap_table,
                                                 list + i * sizeof(ti),
                                                 0, 0, 0, 0, 0);
        if (copy_from_guest_elem(&ti, list, i, sizeof(ti)))
            return -EFAULT;
        if (!ti.address)
            return 0;
        if (!guest_code_ok(ti.address))
            return -EINVAL;
        pv->traps[ti.vector].address = ti.address;
        pv->traps[ti.vector].flags = ti.flags & 7;
    }
}

long do_stack_switch(unsigned long ss, unsigned long esp)
{
    struct pv_vcpu *pv = pv_vcpu(current);

    pv->kernel_ss = ss;
    pv->kernel_sp = esp;
    return 0;
}

static struct pv_callback *callback_slot(struct pv_vcpu *pv,
                                         unsigned int type)
{
    switch (type) {
    case CALLBACKTYPE_event:    return &pv->event_cb;
    case CALLBACKTYPE_failsafe: return &pv->failsafe_cb;
    case CALLBACKTYPE_syscall:  return &pv->syscall_cb;
    case CALLBACKTYPE_syscall32: return &pv->syscall32_cb;
    case CALLBACKTYPE_sysenter: return &pv->sysenter_cb;
    case CALLBACKTYPE_nmi:      return &pv->nmi_cb;
    }
    return NULL;
}

static long register_callback(const struct callback_register *r)
{
    struct pv_callback *cb = callback_slot(pv_vcpu(current), r->type);

    if (!cb)
        return -EINVAL;
    if (r->address && !guest_code_ok(r->address))
        return -EINVAL;
    cb->address = r->address;
    cb->mask_events = r->flags & CALLBACKF_mask_events;
    return 0;
}

long do_callback_op(unsigned long cmd, unsigned long arg)
{
    switch (cmd) {
    case CALLBACKOP_register: {
        struct callback_register r;

        if (copy_from_guest(&r, arg, sizeof(r)))
            return -EFAULT;
        return register_callback(&r);
    }
    case CALLBACKOP_unregister: {
        struct callback_unregister u;
        struct pv_callback *cb;

        if (copy_from_guest(&u, arg, sizeof(u)))
            return -EFAULT;
        cb = callback_slot(pv_vcpu(current), u.type);
        if (!cb || u.type == CALLBACKTYPE_nmi)
            return -EINVAL;
        cb->address = 0;
        return 0;
    }
    }
    return -ENOSYS;
}

long do_set_callbacks(unsigned long event, unsigned long failsafe,
                      unsigned long syscall)
{
    struct callback_register r[3] = {
        { .type = CALLBACKTYPE_event, .address = event },
        { .type = CALLBACKTYPE_failsafe, .address = failsafe },
        { .type = CALLBACKTYPE_syscall, .address = syscall,
          .flags = CALLBACKF_mask_events },
    };

    for (unsigned int i = 0; i < 3; i++) {
        long rc = register_callback(&r[i]);

        if (rc)
            return rc;
    }
    /* Xen masks events for the event callback always, the failsafe too. */
    pv_vcpu(current)->failsafe_cb.mask_events = true;
    return 0;
}

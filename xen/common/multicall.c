/*
 * multicall.c - hypercall 13: run a batch of hypercalls from one list.
 *
 * Each entry {op, result, args[6]} is read from guest memory, run, and its
 * result written back; the multicall itself returns 0 unless the list
 * cannot be read or written (-EFAULT) or it is nested (-EINVAL).  Between
 * entries it may be preempted: it then continues with the rest of the
 * list.  An entry that is itself preempted has its remaining arguments
 * written into the entry, and the multicall continues from that entry.
 * Invariant: v->mc.active is set exactly while v runs do_multicall.
 */
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>

#define ENTRY_SIZE sizeof(multicall_entry_t)

/* Continues the multicall with entries [i, nr). */
static long continue_from(unsigned long list, unsigned long i,
                          unsigned long nr)
{
    return hypercall_create_continuation(__HYPERVISOR_multicall,
                                         list + i * ENTRY_SIZE, nr - i,
                                         0, 0, 0, 0);
}

/* Runs entry i; 0, -EFAULT, or HYPERCALL_CONTINUATION. */
static long run_entry(struct vcpu *v, unsigned long list, unsigned long i,
                      unsigned long nr)
{
    multicall_entry_t e;
    unsigned long addr;
    long res;

    if (copy_from_guest_elem(&e, list, i, ENTRY_SIZE))
        return -EFAULT;
    res = hypercall_call(e.op, e.args);
    if (res == HYPERCALL_CONTINUATION) {
        /* The entry carries its own remaining work; resume there. */
        e.op = v->cont.op;
        memcpy(e.args, v->cont.args, sizeof(e.args));
        v->cont.pending = false;
        if (copy_to_guest_elem(list, i, &e, ENTRY_SIZE))
            return -EFAULT;
        return continue_from(list, i, nr);
    }
    e.result = (xen_ulong_t)res;
    if (!guest_elem_addr(list, i, ENTRY_SIZE, &addr) ||
        copy_to_guest(addr + __builtin_offsetof(multicall_entry_t, result),
                      &e.result, sizeof(e.result)))
        return -EFAULT;
    return 0;
}

long do_multicall(unsigned long list, unsigned long nr)
{
    struct vcpu *v = current;
    long rc = 0;

    if (v->mc.active)
        return -EINVAL;
    v->mc.active = true;
    for (unsigned long i = 0; i < nr && rc == 0; i++) {
        if (i && hypercall_preempt_check()) {
            rc = continue_from(list, i, nr);
            break;
        }
        rc = run_entry(v, list, i, nr);
    }
    v->mc.active = false;
    return rc;
}

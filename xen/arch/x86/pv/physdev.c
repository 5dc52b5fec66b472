/*
 * physdev.c - hypercall 33: the hardware domain's view of I/O privilege
 * and interrupts: set_iopl (the virtual IOPL priv_op.c checks),
 * alloc_irq_vector (0: Linux requires success); the PIRQ sub-ops (map,
 * unmap, setup_gsi, eoi, irq_status_query) are pirq.c's.
 */
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <public/physdev.h>
#include "pv.h"

long do_physdev_op(unsigned long cmd, unsigned long arg)
{
    struct vcpu *v = current;

    switch (cmd) {
    case PHYSDEVOP_set_iopl: {
        struct physdev_set_iopl s;

        if (copy_from_guest(&s, arg, sizeof(s)))
            return -EFAULT;
        if (s.iopl > 3)
            return -EINVAL;
        pv_vcpu(v)->iopl = s.iopl;
        return 0;
    }
    case PHYSDEVOP_alloc_irq_vector: {
        struct physdev_irq irq;

        if (copy_from_guest(&irq, arg, sizeof(irq)))
            return -EFAULT;
        if (!v->domain->is_privileged)
            return -EPERM;
        irq.vector = 0;
        return copy_to_guest(arg, &irq, sizeof(irq)) ? -EFAULT : 0;
    }
    case PHYSDEVOP_pirq_eoi_gmfn_v1:
    case PHYSDEVOP_pirq_eoi_gmfn_v2:
        return -ENOSYS;               /* Linux asks irq_status_query */
    }
    return pv_pirq_physdev_op(cmd, arg);
}

/*
 * physdev.c - hypercall 33: the hardware domain's view of I/O privilege
 * and interrupts: set_iopl and set_iobitmap (the virtual IOPL and I/O
 * bitmap that trapped IN/OUT/INS/OUTS are checked against, see
 * pv_io_bitmap_allows), alloc_irq_vector (0: Linux requires success); the
 * PIRQ sub-ops (map, unmap, setup_gsi, eoi, irq_status_query) are
 * pirq.c's.
 */
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <public/physdev.h>
#include "pv.h"

#define IOBMP_BYTES 8192                  /* 65536 ports */

static bool guest_va_ok(unsigned long va)
{
    return va < (1UL << 47) || va >= HYPERVISOR_VIRT_END;
}

/*
 * As Xen 4.17's guest_io_okay: IOPL first (the guest kernel needs 1, user
 * code 3); then the bitmap, if [port, port + bytes) lies below its
 * nr_ports.  The two bitmap bytes that cover the range are read from
 * guest memory through the kernel's tables (a user-mode vCPU's bitmap is
 * the kernel's, as for Linux's ioperm); a byte that cannot be read counts
 * as all ones (denied).  A set bit denies.
 */
bool pv_io_bitmap_allows(struct vcpu *v, bool user, uint16_t port,
                         unsigned int bytes)
{
    struct pv_vcpu *pv = pv_vcpu(v);
    struct pv_mmu_vcpu *m = &pv->mmu;
    uint8_t b[2] = { 0xff, 0xff };
    unsigned int mask;

    if (pv->iopl >= (user ? 3U : 1U))
        return true;
    if (bytes == 0 || bytes > 4 ||
        (unsigned long)port + bytes > m->iobmp_limit)
        return false;
    if (user)
        pv_toggle_mode(v);
    for (unsigned int i = 0; i < 2; i++)
        if (raw_copy_from_guest(&b[i], m->iobmp + (port >> 3) + i, 1))
            b[i] = 0xff;
    if (user)
        pv_toggle_mode(v);
    mask = ((1U << bytes) - 1) << (port & 7);
    return ((b[0] | (b[1] << 8)) & mask) == 0;
}

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
    case PHYSDEVOP_set_iobitmap: {
        struct physdev_set_iobitmap s;
        unsigned long bmp;

        if (copy_from_guest(&s, arg, sizeof(s)))
            return -EFAULT;
        bmp = (unsigned long)guest_handle_addr(s.bitmap);
        /* Xen checks where the bitmap starts, not that it is mapped: an
         * unreadable bitmap denies every port later. */
        if (!guest_va_ok(bmp) || s.nr_ports > 65536)
            return -EINVAL;
        pv_vcpu(v)->mmu.iobmp = bmp;
        pv_vcpu(v)->mmu.iobmp_limit = s.nr_ports;
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

/*
 * platform_op.c - hypercall 7 (hardware domain only).  The command is
 * read whole first, so a bad pointer is -EFAULT whatever the command.
 * Firmware queries fail cleanly (BIOS machine: no EFI, no EDD data).
 */
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <public/platform.h>
#include "pv.h"

long do_platform_op(unsigned long arg)
{
    struct xen_platform_op op;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (!current->domain->is_privileged)
        return -EPERM;
    if (op.interface_version != XENPF_INTERFACE_VERSION)
        return -EACCES;
    switch (op.cmd) {
    case XENPF_firmware_info:
        return -ESRCH;
    case XENPF_settime64:
    case XENPF_settime32:
        return 0;
    }
    return -ENOSYS;
}

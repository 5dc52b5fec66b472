/*
 * platform_op.c - hypercall 7 (hardware domain only).  The command is
 * read whole first, so a bad pointer is -EFAULT whatever the command.
 * Firmware queries fail cleanly (BIOS machine: no EFI, no EDD data).
 * get_cpuinfo describes the physical CPUs (ACPI ids are taken to be the
 * CPU numbers, as QEMU assigns them); settime sets the wall clock.
 */
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <public/platform.h>
#include <asm/percpu.h>
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
        if (op.u.settime64.mbz)
            return -EINVAL;
        return pv_set_wallclock(op.u.settime64.secs, op.u.settime64.nsecs,
                                op.u.settime64.system_time);
    case XENPF_settime32:
        return pv_set_wallclock(op.u.settime32.secs, op.u.settime32.nsecs,
                                op.u.settime32.system_time);
    case XENPF_get_cpuinfo: {
        xenpf_pcpuinfo_t *c = &op.u.pcpu_info;
        unsigned int cpu = c->xen_cpuid;

        c->max_present = nr_cpu_ids - 1;
        c->flags = 0;
        c->apic_id = c->acpi_id = 0;
        if (cpu >= nr_cpu_ids) {
            c->flags = XEN_PCPU_FLAGS_INVALID;
        } else {
            c->apic_id = per_cpu(cpu)->apic_id;
            c->acpi_id = cpu;
            if (per_cpu(cpu)->online)
                c->flags = XEN_PCPU_FLAGS_ONLINE;
        }
        return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
    }
    }
    return -ENOSYS;
}

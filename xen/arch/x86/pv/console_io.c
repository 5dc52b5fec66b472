/*
 * console_io.c - hypercall 18: the guest's console on the hypervisor's
 * serial line.  Writes are copied in chunks (each copy may fault: the
 * bytes before the fault are written, then -EFAULT); reads take what the
 * serial receive interrupt buffered.  Only the hardware domain has one.
 */
#include <xen/console.h>
#include <xen/softirq.h>
#include <xen/event.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/hypercall.h>
#include "pv.h"

/* Keeps one guest write's chunks together on the line. */
static DEFINE_SPINLOCK(guest_console_lock);

static long console_write(unsigned long buf, unsigned long count)
{
    char chunk[128];

    while (count) {
        size_t n = MIN(count, sizeof(chunk));

        if (copy_from_guest(chunk, buf, n))
            return -EFAULT;
        spin_lock(&guest_console_lock);
        console_write_raw(chunk, n);
        spin_unlock(&guest_console_lock);
        buf += n;
        count -= n;
        if (count && hypercall_preempt_check())
            return hypercall_create_continuation(__HYPERVISOR_console_io,
                                                 CONSOLEIO_write, count, buf,
                                                 0, 0, 0);
    }
    return 0;
}

static long console_read(unsigned long buf, unsigned long count)
{
    char chunk[128];
    size_t n = console_input_read(chunk, MIN(count, sizeof(chunk)));

    if (n && copy_to_guest(buf, chunk, n))
        return -EFAULT;
    return n;
}

/* Serial input arrived (CONSOLE_SOFTIRQ): tell dom0's console driver. */
static void console_input_softirq(void)
{
    if (hardware_domain)
        send_guest_global_virq(hardware_domain, VIRQ_CONSOLE);
}

void pv_console_init(void)
{
    open_softirq(CONSOLE_SOFTIRQ, console_input_softirq);
}

long do_console_io(unsigned long cmd, unsigned long count, unsigned long buf)
{
    if (!current->domain->is_privileged)
        return -EPERM;
    switch (cmd) {
    case CONSOLEIO_write:
        return console_write(buf, count);
    case CONSOLEIO_read:
        return console_read(buf, count);
    }
    return -ENOSYS;
}

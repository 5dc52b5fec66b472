/*
 * hypercall_table.c - registers the x86 PV hypercalls with the common
 * table (xen/hypercall.h), through adapters from each handler's own
 * prototype to the table's six-argument one.
 */
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/toolctl.h>
#include "pv.h"
#include "pv_mm.h"

long do_set_trap_table(unsigned long list);
long do_set_gdt(unsigned long frame_list, unsigned long ents);
long do_stack_switch(unsigned long ss, unsigned long esp);
long do_set_callbacks(unsigned long event, unsigned long failsafe,
                      unsigned long syscall);
long do_fpu_taskswitch(unsigned long set);
long do_platform_op(unsigned long arg);
long do_set_debugreg(unsigned long reg, unsigned long value);
long do_get_debugreg(unsigned long reg);
long do_update_descriptor(unsigned long maddr, unsigned long desc);
long do_memory_op(unsigned long cmd, unsigned long arg);
long do_set_timer_op(unsigned long timeout);
long do_xen_version(unsigned long cmd, unsigned long arg);
long do_console_io(unsigned long cmd, unsigned long count, unsigned long buf);
long do_vm_assist(unsigned long cmd, unsigned long type);
long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg);
long do_set_segment_base(unsigned long which, unsigned long base);
long do_callback_op(unsigned long cmd, unsigned long arg);
long do_physdev_op(unsigned long cmd, unsigned long arg);

#define ADAPT0(fn) \
    static long hc_##fn(unsigned long a0, unsigned long a1, unsigned long a2, \
                        unsigned long a3, unsigned long a4, unsigned long a5) \
    { return fn(); }
#define ADAPT1(fn) \
    static long hc_##fn(unsigned long a0, unsigned long a1, unsigned long a2, \
                        unsigned long a3, unsigned long a4, unsigned long a5) \
    { return fn(a0); }
#define ADAPT2(fn) \
    static long hc_##fn(unsigned long a0, unsigned long a1, unsigned long a2, \
                        unsigned long a3, unsigned long a4, unsigned long a5) \
    { return fn(a0, a1); }
#define ADAPT3(fn) \
    static long hc_##fn(unsigned long a0, unsigned long a1, unsigned long a2, \
                        unsigned long a3, unsigned long a4, unsigned long a5) \
    { return fn(a0, a1, a2); }
#define ADAPT4(fn) \
    static long hc_##fn(unsigned long a0, unsigned long a1, unsigned long a2, \
                        unsigned long a3, unsigned long a4, unsigned long a5) \
    { return fn(a0, a1, a2, a3); }

ADAPT1(do_set_trap_table)
ADAPT4(do_mmu_update)
ADAPT2(do_set_gdt)
ADAPT2(do_stack_switch)
ADAPT3(do_set_callbacks)
ADAPT1(do_fpu_taskswitch)
ADAPT1(do_platform_op)
ADAPT2(do_set_debugreg)
ADAPT1(do_get_debugreg)
ADAPT2(do_update_descriptor)
ADAPT2(do_memory_op)
ADAPT3(do_update_va_mapping)
ADAPT1(do_set_timer_op)
ADAPT2(do_xen_version)
ADAPT3(do_console_io)
ADAPT2(do_vm_assist)
ADAPT4(do_update_va_mapping_otherdomain)
ADAPT0(do_iret)
ADAPT3(do_vcpu_op)
ADAPT2(do_set_segment_base)
ADAPT4(do_mmuext_op)
ADAPT2(do_callback_op)
ADAPT2(do_physdev_op)
ADAPT1(do_sysctl)
ADAPT1(do_domctl)

static const struct {
    unsigned int op;
    hypercall_fn_t fn;
} pv_hypercalls[] = {
    { __HYPERVISOR_set_trap_table, hc_do_set_trap_table },
    { __HYPERVISOR_mmu_update, hc_do_mmu_update },
    { __HYPERVISOR_set_gdt, hc_do_set_gdt },
    { __HYPERVISOR_stack_switch, hc_do_stack_switch },
    { __HYPERVISOR_set_callbacks, hc_do_set_callbacks },
    { __HYPERVISOR_fpu_taskswitch, hc_do_fpu_taskswitch },
    { __HYPERVISOR_platform_op, hc_do_platform_op },
    { __HYPERVISOR_set_debugreg, hc_do_set_debugreg },
    { __HYPERVISOR_get_debugreg, hc_do_get_debugreg },
    { __HYPERVISOR_update_descriptor, hc_do_update_descriptor },
    { __HYPERVISOR_memory_op, hc_do_memory_op },
    { __HYPERVISOR_update_va_mapping, hc_do_update_va_mapping },
    { __HYPERVISOR_set_timer_op, hc_do_set_timer_op },
    { __HYPERVISOR_xen_version, hc_do_xen_version },
    { __HYPERVISOR_console_io, hc_do_console_io },
    { __HYPERVISOR_vm_assist, hc_do_vm_assist },
    { __HYPERVISOR_update_va_mapping_otherdomain,
      hc_do_update_va_mapping_otherdomain },
    { __HYPERVISOR_iret, hc_do_iret },
    { __HYPERVISOR_vcpu_op, hc_do_vcpu_op },
    { __HYPERVISOR_set_segment_base, hc_do_set_segment_base },
    { __HYPERVISOR_mmuext_op, hc_do_mmuext_op },
    { __HYPERVISOR_callback_op, hc_do_callback_op },
    { __HYPERVISOR_physdev_op, hc_do_physdev_op },
    { __HYPERVISOR_sysctl, hc_do_sysctl },
    { __HYPERVISOR_domctl, hc_do_domctl },
};

void pv_register_hypercalls(void)
{
    hypercall_register_common();
    for (unsigned int i = 0; i < ARRAY_SIZE(pv_hypercalls); i++)
        if (hypercall_register(pv_hypercalls[i].op, pv_hypercalls[i].fn))
            panic("hypercall %u registered twice", pv_hypercalls[i].op);
}

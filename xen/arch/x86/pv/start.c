/*
 * start.c - bringing the PV machinery up at the end of __start_xen: the
 * M2P, the hypercall table, the idle domain and the scheduler on every
 * CPU, then dom0.  The boot CPU then becomes an idle CPU like the others
 * and the scheduler enters dom0 from its idle loop.
 */
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/percpu.h>
#include <asm/setup.h>
#include "pv.h"

static struct cpu_info *cpu_info_of(unsigned int cpu)
{
    return (struct cpu_info *)(per_cpu(cpu)->stack + STACK_SIZE -
                               CPUINFO_SIZE);
}

void pv_start(void)
{
    unsigned int cpu;

    m2p_init();
    pv_register_hypercalls();
    pv_pirq_init();
    pv_console_init();
    if (idle_domain_init(nr_cpu_ids))
        panic("cannot create the idle domain");
    for (cpu = 0; cpu < nr_cpu_ids; cpu++)
        cpu_info_of(cpu)->current_vcpu = idle_domain->vcpu[cpu];
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
    for_each_online_cpu(cpu)
        sched_cpu_online(cpu);
    dom0_construct();
}

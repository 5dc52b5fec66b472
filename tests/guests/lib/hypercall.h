/*
 * hypercall.h - hypercall wrappers for the PV test microkernels.
 *
 * 64-bit PV ABI: from guest kernel mode, `syscall` with rax = number and
 * arguments in rdi, rsi, rdx, r10, r8; the result comes back in rax.  The
 * hypervisor may clobber the argument registers (we tell the compiler so)
 * and rcx/r11 are destroyed by syscall itself.  hcall_page() makes the
 * same call through the stub the hypervisor wrote into hypercall_page.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <public/xen.h>

extern char hypercall_page[4096];

static inline long hcall(unsigned long nr, unsigned long a1, unsigned long a2,
                         unsigned long a3, unsigned long a4, unsigned long a5)
{
    register unsigned long r10 asm("r10") = a4;
    register unsigned long r8 asm("r8") = a5;
    long ret;

    asm volatile("syscall"
                 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                 : "0"(nr)
                 : "rcx", "r11", "memory");
    return ret;
}

static inline long hcall_page(unsigned long nr, unsigned long a1, unsigned long a2,
                              unsigned long a3, unsigned long a4, unsigned long a5)
{
    register unsigned long r10 asm("r10") = a4;
    register unsigned long r8 asm("r8") = a5;
    register unsigned long target asm("r9") = (unsigned long)hypercall_page + nr * 32;
    long ret;

    asm volatile("call *%[t]"
                 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                 : [t] "r"(target)
                 : "rcx", "r11", "memory");
    return ret;
}

#define H(x) ((unsigned long)(x))

static inline long HYPERVISOR_console_io(int cmd, unsigned long len, const void *buf)
{ return hcall(__HYPERVISOR_console_io, H(cmd), len, H(buf), 0, 0); }
static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{ return hcall(__HYPERVISOR_xen_version, H(cmd), H(arg), 0, 0, 0); }
static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{ return hcall(__HYPERVISOR_sched_op, H(cmd), H(arg), 0, 0, 0); }
static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{ return hcall(__HYPERVISOR_event_channel_op, H(cmd), H(arg), 0, 0, 0); }
static inline long HYPERVISOR_grant_table_op(int cmd, void *arg, unsigned int count)
{ return hcall(__HYPERVISOR_grant_table_op, H(cmd), H(arg), count, 0, 0); }
static inline long HYPERVISOR_memory_op(int cmd, void *arg)
{ return hcall(__HYPERVISOR_memory_op, H(cmd), H(arg), 0, 0, 0); }
static inline long HYPERVISOR_mmu_update(mmu_update_t *req, unsigned int count,
                                         unsigned int *done, unsigned int dom)
{ return hcall(__HYPERVISOR_mmu_update, H(req), count, H(done), dom, 0); }
static inline long HYPERVISOR_mmuext_op(mmuext_op_t *op, unsigned int count,
                                        unsigned int *done, unsigned int dom)
{ return hcall(__HYPERVISOR_mmuext_op, H(op), count, H(done), dom, 0); }
static inline long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte,
                                                unsigned long flags)
{ return hcall(__HYPERVISOR_update_va_mapping, va, pte, flags, 0, 0); }
static inline long HYPERVISOR_multicall(multicall_entry_t *calls, unsigned int n)
{ return hcall(__HYPERVISOR_multicall, H(calls), n, 0, 0, 0); }
static inline long HYPERVISOR_set_trap_table(const void *table)
{ return hcall(__HYPERVISOR_set_trap_table, H(table), 0, 0, 0, 0); }
static inline long HYPERVISOR_callback_op(int cmd, const void *arg)
{ return hcall(__HYPERVISOR_callback_op, H(cmd), H(arg), 0, 0, 0); }
static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{ return hcall(__HYPERVISOR_vcpu_op, H(cmd), vcpu, H(arg), 0, 0); }
static inline long HYPERVISOR_set_timer_op(uint64_t deadline)
{ return hcall(__HYPERVISOR_set_timer_op, deadline, 0, 0, 0, 0); }
static inline long HYPERVISOR_set_gdt(unsigned long *frames, unsigned int entries)
{ return hcall(__HYPERVISOR_set_gdt, H(frames), entries, 0, 0, 0); }
static inline long HYPERVISOR_update_descriptor(uint64_t maddr, uint64_t desc)
{ return hcall(__HYPERVISOR_update_descriptor, maddr, desc, 0, 0, 0); }
static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{ return hcall(__HYPERVISOR_stack_switch, ss, sp, 0, 0, 0); }
static inline long HYPERVISOR_fpu_taskswitch(int set)
{ return hcall(__HYPERVISOR_fpu_taskswitch, H(set), 0, 0, 0, 0); }
static inline long HYPERVISOR_set_segment_base(int which, unsigned long base)
{ return hcall(__HYPERVISOR_set_segment_base, H(which), base, 0, 0, 0); }
static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{ return hcall(__HYPERVISOR_vm_assist, cmd, type, 0, 0, 0); }
static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{ return hcall(__HYPERVISOR_physdev_op, H(cmd), H(arg), 0, 0, 0); }

#endif

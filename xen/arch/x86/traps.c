/*
 * traps.c - exceptions taken in the hypervisor, and the panic output.
 *
 * A fault at an instruction listed in the exception table resumes at its
 * fixup (guest copies, probes).  Anything else in hypervisor mode is fatal:
 * we print the registers, a symbolised stack trace and the CPU, then
 * panic.  Guest-mode exceptions go to the PV layer (pv/traps.c).
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/symbols.h>
#include <xen/arch_hooks.h>
#include <asm/extable.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/regs.h>
#include <asm/smp.h>
#include <asm/system.h>

static const char *const exception_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
    "#OF overflow", "#BR bound range", "#UD invalid opcode",
    "#NM device not available", "#DF double fault", "coprocessor overrun",
    "#TS invalid TSS", "#NP segment not present", "#SS stack fault",
    "#GP general protection", "#PF page fault", "reserved 15",
    "#MF x87 error", "#AC alignment check", "#MC machine check",
    "#XM SIMD error", "#VE virtualisation", "#CP control protection",
};

unsigned long fixups_taken;     /* exception-table recoveries, for tests */

/* Walk the frame-pointer chain within the current stack block. */
static void show_trace(unsigned long rbp, unsigned long rip)
{
    unsigned long lo = rbp & ~(unsigned long)(STACK_SIZE - 1);
    unsigned long hi = lo + STACK_SIZE;
    unsigned int depth = 0;

    printk(XENLOG_ERR "Xen call trace:\n");
    if (rip)
        printk(XENLOG_ERR "   [<%016lx>] R %pS\n", rip, (void *)rip);
    while (rbp >= lo && rbp + 16 <= hi && !(rbp & 7) && depth++ < 32) {
        unsigned long *frame = (unsigned long *)rbp;
        unsigned long ret = frame[1];

        if (!ret)
            break;
        printk(XENLOG_ERR "   [<%016lx>] F %pS\n", ret, (void *)ret);
        if (frame[0] <= rbp)
            break;              /* frames go up the stack, or end */
        rbp = frame[0];
    }
}

void show_stack_trace_here(void)
{
    show_trace((unsigned long)__builtin_frame_address(0), 0);
}

void show_registers(const struct cpu_user_regs *r)
{
    printk(XENLOG_ERR "----[ Xenolith  CPU:%u ]----\n", smp_processor_id());
    printk(XENLOG_ERR "RIP:    %04x:[<%016lx>] %pS\n", r->cs,
           (unsigned long)r->rip, (void *)r->rip);
    printk(XENLOG_ERR "RFLAGS: %016lx   CONTEXT: %s\n",
           (unsigned long)r->rflags, guest_mode(r) ? "guest" : "hypervisor");
    printk(XENLOG_ERR "rax: %016lx   rbx: %016lx   rcx: %016lx\n",
           (unsigned long)r->rax, (unsigned long)r->rbx, (unsigned long)r->rcx);
    printk(XENLOG_ERR "rdx: %016lx   rsi: %016lx   rdi: %016lx\n",
           (unsigned long)r->rdx, (unsigned long)r->rsi, (unsigned long)r->rdi);
    printk(XENLOG_ERR "rbp: %016lx   rsp: %016lx   r8:  %016lx\n",
           (unsigned long)r->rbp, (unsigned long)r->rsp, (unsigned long)r->r8);
    printk(XENLOG_ERR "r9:  %016lx   r10: %016lx   r11: %016lx\n",
           (unsigned long)r->r9, (unsigned long)r->r10, (unsigned long)r->r11);
    printk(XENLOG_ERR "r12: %016lx   r13: %016lx   r14: %016lx\n",
           (unsigned long)r->r12, (unsigned long)r->r13, (unsigned long)r->r14);
    printk(XENLOG_ERR "r15: %016lx   cr0: %016lx   cr4: %016lx\n",
           (unsigned long)r->r15, read_cr0(), read_cr4());
    printk(XENLOG_ERR "cr3: %016lx   cr2: %016lx\n", read_cr3(), read_cr2());
    printk(XENLOG_ERR "ss: %04x   cs: %04x\n", r->ss, r->cs);
}

static void __noreturn fatal_trap(const struct cpu_user_regs *r)
{
    unsigned int v = r->entry_vector;

    console_force_unlock();
    printk(XENLOG_ERR "\nFATAL TRAP: vector %u (%s), error code %#x, on CPU %u\n",
           v, v < 32 && exception_names[v] ? exception_names[v] : "?",
           r->error_code, smp_processor_id());
    show_registers(r);
    if (v == 14)
        printk(XENLOG_ERR "Page fault at %016lx: %s %s %s%s\n", read_cr2(),
               r->error_code & 1 ? "protection" : "not-present",
               r->error_code & 2 ? "write" : "read",
               r->error_code & 16 ? "instruction fetch " : "",
               r->error_code & 4 ? "(user)" : "(supervisor)");
    show_trace(r->rbp, r->rip);
    panic("FATAL TRAP: vector = %u (%s) on CPU %u", v,
          v < 32 && exception_names[v] ? exception_names[v] : "?",
          smp_processor_id());
}

void pv_do_guest_trap(struct cpu_user_regs *r);
bool pv_fixup_hypervisor_page_fault(struct cpu_user_regs *r);

static void do_exception(struct cpu_user_regs *r)
{
    unsigned long fixup;

    if (r->entry_vector == 2) {
        if (smp_cpus_stopping())         /* another CPU panicked */
            for (;;)
                halt();
        printk(XENLOG_WARNING "NMI on CPU %u at %pS\n", smp_processor_id(),
               (void *)r->rip);
        return;
    }
    if (guest_mode(r)) {
        pv_do_guest_trap(r);
        return;
    }
    /* A guest's LDT page first touched by the hypervisor (pv/ldt.c). */
    if (r->entry_vector == 14 && pv_fixup_hypervisor_page_fault(r))
        return;
    if ((fixup = search_exception_table(r->rip))) {
        fixups_taken++;
        r->rip = fixup;
        return;
    }
    fatal_trap(r);
}

void do_trap(struct cpu_user_regs *r)
{
    if (r->entry_vector < 32)
        do_exception(r);
    else
        do_IRQ(r);
}

void __noreturn dump_execution_state_and_panic(const char *why)
{
    panic("%s", why);
}

/*
 * Guest entry points of entry.S.  Without the PV layer (pv/ not linked)
 * no guest ever runs, so these are never reached; pv/ overrides them.
 */
__attribute__((weak)) void do_guest_syscall(struct cpu_user_regs *r)
{
    fatal_trap(r);
}

__attribute__((weak)) void leave_hypervisor(struct cpu_user_regs *r)
{
    fatal_trap(r);
}

__attribute__((weak)) void pv_iret_fault(struct cpu_user_regs *r)
{
    fatal_trap(r);
}

__attribute__((weak)) void pv_do_guest_trap(struct cpu_user_regs *r)
{
    fatal_trap(r);
}

__attribute__((weak)) bool pv_fixup_hypervisor_page_fault(struct cpu_user_regs *r)
{
    (void)r;
    return false;
}

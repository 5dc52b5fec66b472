/*
 * arch_hooks.h - what the x86 layer provides to common code, and what it
 * expects from it.  Owned by the arch side; the common side reads it.
 *
 * PROVIDED BY ARCH (xen/arch/x86):
 *
 *   Time (asm/time.h):
 *     s_time_t NOW(void);           ns since boot, monotonic, every CPU.
 *     bool reprogram_timer(s_time_t deadline);
 *         Arm this CPU's one-shot timer interrupt for system time
 *         `deadline` (0 = disarm).  Returns false (and arms nothing) when
 *         the deadline has already passed: the caller runs the expired
 *         timers itself.  When it fires, the interrupt raises
 *         TIMER_SOFTIRQ on this CPU.  Resolution: 1 ns in the interface;
 *         the LAPIC (TSC-deadline or one-shot) decides the real one.
 *     MILLISECS(n), MICROSECS(n), SECONDS(n) in ns.
 *
 *   CPUs (asm/percpu.h, asm/smp.h):
 *     smp_processor_id(), nr_cpu_ids, for_each_online_cpu(c),
 *     send_IPI_mask/cpu_raise_softirq (xen/softirq.h),
 *     on_selected_cpus(cpumask, fn, arg, wait)  (asm/smp.h).
 *
 *   Interrupt flags and irq-safe locks (asm/system.h):
 *     local_irq_save/restore, spin_lock_irqsave/spin_unlock_irqrestore.
 *
 *   Memory (asm/page.h, asm/setup.h):
 *     maddr_to_virt(pa), virt_to_maddr(va), mfn_to_virt(mfn),
 *     virt_to_mfn(va): every RAM page is in the direct map, always.
 *     FRAMETABLE_VIRT_START (asm/config.h): where struct page_info[]
 *       may be placed; arch maps it on request, see below.
 *     Boot allocator (asm/setup.h): boot_alloc_pages(n, align) hands out
 *       zeroed-on-request physical pages before the heap exists;
 *       boot_alloc_for_each_free(fn) reports the ranges still free (RAM
 *       minus the image, modules, page tables, firmware areas), so the
 *       page allocator can take them over.
 *
 *   Guest memory (asm/uaccess.h):
 *     unsigned long copy_from_guest_raw(void *dst, const void *guest_src,
 *                                       unsigned long n);
 *     unsigned long copy_to_guest_raw(void *guest_dst, const void *src,
 *                                     unsigned long n);
 *     Both return the number of bytes NOT copied (0 = success); a fault
 *     on the guest side is recovered through the exception table.  SMAP
 *     is lifted (stac/clac) only for the copy itself.
 *
 * EXPECTED FROM COMMON (xen/common), as wired in arch/x86/setup.c:
 *
 *   timer.c (xen/timer.h): arch implements arch_timer_reprogram(cpu, d):
 *     local cpu -> reprogram_timer(d) (STIME_MAX disarms; a deadline
 *     already due raises TIMER_SOFTIRQ at once); remote cpu -> raise its
 *     TIMER_SOFTIRQ, whose handler calls timer_run(cpu, NOW()), which
 *     re-arms through arch_timer_reprogram.  timers_init() is called once
 *     after the heap is up.  Timer functions run in softirq context,
 *     interrupts on.
 *   page_alloc.c (xen/mm.h): arch/x86/heap.c maps and zeroes the frame
 *     table at FRAMETABLE_VIRT_START, calls frame_table_init(), then
 *     heap_add_ram() for every range the boot allocator still holds.
 *     After that page tables come from alloc_xenheap_page().
  */
#ifndef XEN_ARCH_HOOKS_H
#define XEN_ARCH_HOOKS_H

#include <xen/types.h>

/* Panic support, called by common/console.c. */
struct cpu_user_regs;
/* Print a stack trace starting from the caller's frame. */
void show_stack_trace_here(void);
/* Stop the other CPUs, then halt or exit QEMU (selftest mode). */
void __noreturn machine_halt_after_panic(void);

#endif

/*
 * asm/smp.h - CPU bring-up and inter-processor interrupts.
 *
 * IPI vectors (asm/irq.h) and what they do:
 *   EVENT_CHECK_VECTOR    nothing but wake: the softirq mask is re-read on
 *                         the way out of the interrupt.
 *   CALL_FUNCTION_VECTOR  run the function of the current call_data.
 * on_selected_cpus() serialises callers with a lock; the caller must have
 * interrupts enabled when wait is true (the targets may be calling us).
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <xen/types.h>
#include <xen/cpumask.h>

void send_IPI_event_check(unsigned int cpu);
void send_IPI_mask(const cpumask_t *mask, uint8_t vector);
void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *arg,
                      bool wait);
void smp_call_function_interrupt(void);
void smp_event_check_interrupt(void);
cpumask_t cpu_online_mask(void);

void smp_prepare_boot_cpu(void);
void smp_boot_cpus(unsigned int max_cpus);
void smp_stop_other_cpus(void);
bool smp_cpus_stopping(void);
void smp_init_vectors(void);

#endif

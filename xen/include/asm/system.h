/*
 * asm/system.h - interrupt flag control and interrupt-safe spinlocks.
 *
 * Locking rule: a lock taken from interrupt context must be taken with
 * interrupts off everywhere (spin_lock_irqsave); the rest use spin_lock.
 */
#ifndef ASM_SYSTEM_H
#define ASM_SYSTEM_H

#include <xen/spinlock.h>
#include <asm/processor.h>

static inline unsigned long local_save_flags(void)
{
    unsigned long f;

    __asm__ volatile("pushfq; popq %0" : "=r"(f) :: "memory");
    return f;
}

static inline void local_irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void local_irq_enable(void)  { __asm__ volatile("sti" ::: "memory"); }

static inline unsigned long local_irq_save(void)
{
    unsigned long f = local_save_flags();

    local_irq_disable();
    return f;
}

static inline void local_irq_restore(unsigned long f)
{
    if (f & X86_EFLAGS_IF)
        local_irq_enable();
}

static inline bool local_irq_is_enabled(void)
{
    return local_save_flags() & X86_EFLAGS_IF;
}

/* sti; hlt back to back: an interrupt arriving between them still wakes us. */
static inline void safe_halt(void)
{
    __asm__ volatile("sti; hlt" ::: "memory");
}

#define spin_lock_irqsave(l, f)                                         \
    do { (f) = local_irq_save(); spin_lock(l); } while (0)

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
    spin_unlock(l);
    local_irq_restore(f);
}

static inline void spin_lock_irq(spinlock_t *l)
{
    local_irq_disable();
    spin_lock(l);
}

static inline void spin_unlock_irq(spinlock_t *l)
{
    spin_unlock(l);
    local_irq_enable();
}

#define smp_mb()  __asm__ volatile("mfence" ::: "memory")
#define smp_rmb() barrier()
#define smp_wmb() barrier()

#endif

/*
 * spinlock.h - ticket spinlocks built on GCC atomics.
 *
 * The same code runs in the hypervisor and in host unit tests.  A ticket lock
 * is fair: CPUs acquire in the order they asked.  Interrupt-safe variants
 * (spin_lock_irqsave) live in the arch layer because they touch RFLAGS.
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <xen/types.h>

typedef struct {
    uint16_t head;   /* ticket now being served */
    uint16_t tail;   /* next ticket to hand out */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l) { l->head = l->tail = 0; }

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

#ifndef XEN_HOST_TEST
/*
 * Called by a CPU waiting for a lock: with interrupts off it runs a
 * cross-CPU call addressed to it (asm/smp.h), as the IPI would have.  A
 * caller of on_selected_cpus() that holds a lock we wait for could
 * otherwise wait for us forever.
 */
void arch_lock_relax(void);
#else
static inline void arch_lock_relax(void) { }
#endif

static inline void spin_lock(spinlock_t *l)
{
    uint16_t me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_RELAXED);

    while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me) {
        cpu_relax();
        arch_lock_relax();
    }
}

static inline bool spin_trylock(spinlock_t *l)
{
    uint16_t head = __atomic_load_n(&l->head, __ATOMIC_RELAXED);
    uint16_t want = head;

    /* Only take a ticket if it would be served at once. */
    return __atomic_compare_exchange_n(&l->tail, &want, (uint16_t)(head + 1),
                                       false, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->head, (uint16_t)(l->head + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return __atomic_load_n(&l->head, __ATOMIC_RELAXED) !=
           __atomic_load_n(&l->tail, __ATOMIC_RELAXED);
}

#endif

/*
 * cpumask.h - fixed-size sets of physical CPU numbers.
 *
 * NR_CPUS bounds every CPU number the hypervisor uses; a set is one bit per
 * CPU.  NR_CPUS comes from asm/config.h (64); host tests use the default.
 */
#ifndef XEN_CPUMASK_H
#define XEN_CPUMASK_H

#include <xen/types.h>
#ifndef XEN_HOST_TEST
#include <asm/percpu.h>   /* NR_CPUS, smp_processor_id() */
#endif

#ifndef NR_CPUS
#define NR_CPUS 64
#endif
_Static_assert(NR_CPUS <= 64, "cpumask_t is a single 64-bit word");

typedef struct { uint64_t bits; } cpumask_t;

static inline void cpumask_clear(cpumask_t *m) { m->bits = 0; }
static inline void cpumask_setall(cpumask_t *m)
{ m->bits = NR_CPUS == 64 ? ~0ULL : (1ULL << NR_CPUS) - 1; }
static inline void cpumask_set_cpu(unsigned int c, cpumask_t *m)
{ if (c < NR_CPUS) m->bits |= 1ULL << c; }
static inline void cpumask_clear_cpu(unsigned int c, cpumask_t *m)
{ if (c < NR_CPUS) m->bits &= ~(1ULL << c); }
static inline bool cpumask_test_cpu(unsigned int c, const cpumask_t *m)
{ return c < NR_CPUS && (m->bits >> c) & 1; }
static inline bool cpumask_empty(const cpumask_t *m) { return m->bits == 0; }
static inline bool cpumask_intersects(const cpumask_t *a, const cpumask_t *b)
{ return (a->bits & b->bits) != 0; }
/* Lowest CPU in m at or after c, or NR_CPUS. */
static inline unsigned int cpumask_next_from(unsigned int c, const cpumask_t *m)
{
    for (; c < NR_CPUS; c++)
        if ((m->bits >> c) & 1)
            return c;
    return NR_CPUS;
}

#ifdef XEN_HOST_TEST
/* The arch's (asm/percpu.h): the number of the CPU running the caller. */
unsigned int smp_processor_id(void);
#endif

#define for_each_cpu(c, m) \
    for ((c) = cpumask_next_from(0, (m)); (c) < NR_CPUS; \
         (c) = cpumask_next_from((c) + 1, (m)))

#endif

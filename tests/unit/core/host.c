/*
 * host.c - the arch hooks of xen/common, implemented over a simulated
 * machine for host unit tests (see host.h).
 */
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

unsigned char *host_ram;
unsigned long host_nr_frames;
unsigned int host_cpu;
unsigned int host_nr_cpus = 1;
s_time_t host_now;
struct vcpu *host_current;
unsigned long host_kicks;
struct vcpu *host_last_kicked;
int host_validate_rc;
unsigned long host_validations, host_invalidations;

static struct page_info *host_frame_table;
static s_time_t deadline[NR_CPUS];
static unsigned long softirq_bits[NR_CPUS];

void host_world_fini(void)
{
    free(host_ram);
    free(host_frame_table);
    host_ram = NULL;
    host_frame_table = NULL;
    host_nr_frames = 0;
}

void host_world_init(unsigned long nr_frames, unsigned int nr_cpus)
{
    host_world_fini();
    host_ram = aligned_alloc(PAGE_SIZE, nr_frames * PAGE_SIZE);
    host_frame_table = calloc(nr_frames, sizeof(struct page_info));
    if (!host_ram || !host_frame_table)
        abort();
    memset(host_ram, HOST_GARBAGE, nr_frames * PAGE_SIZE);
    host_nr_frames = nr_frames;
    host_nr_cpus = nr_cpus;
    host_cpu = 0;
    host_now = 0;
    host_current = NULL;
    host_kicks = 0;
    host_last_kicked = NULL;
    host_validate_rc = 0;
    host_validations = host_invalidations = 0;
    memset(softirq_bits, 0, sizeof(softirq_bits));
    for (unsigned int c = 0; c < NR_CPUS; c++)
        deadline[c] = STIME_MAX;
    frame_table_init(host_frame_table, nr_frames);
    heap_add_ram(1, nr_frames - 1);
    xmalloc_reset();
    timers_init();
}

/* ---- mm.h ---- */
void *mfn_to_virt(mfn_t mfn)
{
    if (mfn >= host_nr_frames)
        panic("mfn_to_virt(%#lx) beyond simulated RAM", (unsigned long)mfn);
    return host_ram + mfn * PAGE_SIZE;
}

mfn_t virt_to_mfn(const void *va)
{
    const unsigned char *p = va;

    if (p < host_ram || p >= host_ram + host_nr_frames * PAGE_SIZE)
        panic("virt_to_mfn(%p) outside simulated RAM", va);
    return (mfn_t)((p - host_ram) / PAGE_SIZE);
}

int arch_validate_page_type(struct page_info *pg, uint64_t type)
{
    (void)pg; (void)type;
    host_validations++;
    return host_validate_rc;
}

void arch_invalidate_page_type(struct page_info *pg, uint64_t type)
{
    (void)pg; (void)type;
    host_invalidations++;
}

/* ---- cpumask.h, timer.h, softirq.h ---- */
unsigned int smp_processor_id(void) { return host_cpu; }
s_time_t NOW(void) { return host_now; }

void arch_timer_reprogram(unsigned int cpu, s_time_t when)
{
    deadline[cpu] = when;
}

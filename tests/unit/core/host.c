/*
 * host.c - the arch hooks of xen/common, implemented over a simulated
 * machine for host unit tests (see host.h).
 */
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include <xen/domain.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/softirq.h>
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
int host_grant_map_rc;
unsigned long host_grant_maps;
unsigned long host_continuations;
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
    host_guest_windows_clear();
    host_grant_map_rc = GNTST_okay;
    host_grant_maps = 0;
    host_continuations = 0;
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

/* ---- softirq.h ---- */
void raise_softirq(unsigned int nr) { softirq_bits[host_cpu] |= 1UL << nr; }
void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
    softirq_bits[cpu] |= 1UL << nr;
}
bool softirq_pending(unsigned int cpu) { return softirq_bits[cpu] != 0; }

/* ---- sched.h, domain.h, event.h ---- */
struct vcpu *get_current(void)
{
    return host_current ? host_current : sched_curr(host_cpu);
}

void arch_context_switch(struct vcpu *prev, struct vcpu *next)
{
    (void)next;
    sched_context_saved(prev);
}

static void run_schedule_on(unsigned int cpu)
{
    unsigned int saved = host_cpu;

    host_cpu = cpu;
    softirq_bits[cpu] &= ~(1UL << SCHEDULE_SOFTIRQ);
    schedule();
    host_cpu = saved;
}

void arch_sched_wait(unsigned int cpu)
{
    /* The other simulated CPU takes its softirq now. */
    run_schedule_on(cpu);
}

int arch_domain_create(struct domain *d) { (void)d; return 0; }
void arch_domain_destroy(struct domain *d) { (void)d; }
void arch_domain_relinquish(struct domain *d) { (void)d; }
int arch_vcpu_create(struct vcpu *v) { (void)v; return 0; }
void arch_vcpu_destroy(struct vcpu *v) { (void)v; }
unsigned int host_hwdom_shutdowns;
void arch_hardware_domain_shutdown(unsigned int reason)
{
    (void)reason;
    host_hwdom_shutdowns++;
}

unsigned long host_stale_flushes;
void arch_flush_stale_tlbs(uint64_t stamp)
{
    if (stamp)
        host_stale_flushes++;
}

/* PIRQs: the simulated arch lets pirqs below 16 be bound once each. */
evtchn_port_t host_pirq_port[16];

int arch_pirq_bind(struct domain *d, unsigned int pirq, evtchn_port_t port,
                   bool will_share)
{
    (void)d;
    (void)will_share;
    if (pirq >= 16)
        return -EINVAL;
    if (host_pirq_port[pirq])
        return -EEXIST;
    host_pirq_port[pirq] = port;
    return 0;
}

void arch_pirq_unbind(struct domain *d, unsigned int pirq, evtchn_port_t port)
{
    (void)d;
    if (pirq < 16 && host_pirq_port[pirq] == port)
        host_pirq_port[pirq] = 0;
}

void arch_vcpu_kick(struct vcpu *v)
{
    host_kicks++;
    host_last_kicked = v;
}

void host_run_softirqs(void)
{
    bool again = true;

    while (again) {
        again = false;
        for (unsigned int c = 0; c < host_nr_cpus; c++)
            if (softirq_bits[c] & (1UL << SCHEDULE_SOFTIRQ)) {
                run_schedule_on(c);
                again = true;
            }
    }
}

void host_run_until(s_time_t end)
{
    for (;;) {
        s_time_t next = STIME_MAX;

        host_run_softirqs();
        for (unsigned int c = 0; c < host_nr_cpus; c++)
            next = MIN(next, deadline[c]);
        if (next > end) {
            host_now = end;
            return;
        }
        if (next > host_now)
            host_now = next;
        for (unsigned int c = 0; c < host_nr_cpus; c++) {
            if (deadline[c] <= host_now) {
                unsigned int saved = host_cpu;

                host_cpu = c;
                timer_run(c, host_now);
                host_cpu = saved;
            }
        }
    }
}

void host_sched_world_init(unsigned long nr_frames, unsigned int nr_cpus)
{
    host_world_init(nr_frames, nr_cpus);
    domain_list_reset();
    if (idle_domain_init(nr_cpus))
        abort();
    for (unsigned int c = 0; c < nr_cpus; c++)
        sched_cpu_online(c);
}

/* ---- guest_access.h: windows of host memory the "guest" may use ---- */
#define MAX_WINDOWS 16
static struct { unsigned long base; size_t len; } windows[MAX_WINDOWS];
static unsigned int nr_windows;

void host_guest_window_add(void *base, size_t len)
{
    if (nr_windows < MAX_WINDOWS) {
        windows[nr_windows].base = (unsigned long)base;
        windows[nr_windows].len = len;
        nr_windows++;
    }
}

void host_guest_windows_clear(void) { nr_windows = 0; }

static bool in_window(unsigned long va, size_t len)
{
    for (unsigned int i = 0; i < nr_windows; i++)
        if (va >= windows[i].base && len <= windows[i].len &&
            va - windows[i].base <= windows[i].len - len)
            return true;
    return false;
}

unsigned long raw_copy_from_guest(void *dst, unsigned long gva, size_t len)
{
    if (!in_window(gva, len))
        return len;
    memcpy(dst, (const void *)gva, len);
    return 0;
}

unsigned long raw_copy_to_guest(unsigned long gva, const void *src, size_t len)
{
    if (!in_window(gva, len))
        return len;
    memcpy((void *)gva, src, len);
    return 0;
}

/* ---- hypercall.h ---- */
unsigned int host_cont_op;
unsigned long host_cont_args[6];
void arch_hypercall_continue(unsigned int op, const unsigned long args[6])
{
    host_cont_op = op;
    memcpy(host_cont_args, args, sizeof(host_cont_args));
    host_continuations++;
}

/* ---- grant_table.h ---- */
int arch_grant_map(struct domain *ld, uint64_t addr, mfn_t frame,
                   uint32_t flags)
{
    (void)ld; (void)addr; (void)frame; (void)flags;
    if (host_grant_map_rc == GNTST_okay)
        host_grant_maps++;
    return host_grant_map_rc;
}

int arch_grant_unmap(struct domain *ld, uint64_t addr, mfn_t frame,
                     uint32_t flags)
{
    (void)ld; (void)addr; (void)frame; (void)flags;
    host_grant_maps--;
    return GNTST_okay;
}

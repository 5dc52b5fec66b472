/*
 * bench.c - micro-benchmarks from a PV kernel: a null hypercall, an event
 * channel send to ourselves including the upcall, and one mmu_update.
 *
 * The null hypercall is xen_version(XENVER_version): it takes no lock,
 * copies nothing and never schedules, so it measures the entry/exit path
 * alone (Linux uses the same call just to get pending events delivered).
 * SCHEDOP_yield would add the scheduler, whose cost varies with the run
 * queue.  Each figure is the median of BATCHES batches of N operations,
 * timed with rdtsc and converted to ns with the vcpu_time_info scale.
 */
#include "guest.h"

const char test_kernel_name[] = "bench";

#define N       4000
#define BATCHES 9

static char scratch[PAGE_SIZE] __page_bss;
static char other[PAGE_SIZE] __page_bss;

static uint64_t median(uint64_t *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

static void result(const char *name, uint64_t *cycles)
{
    uint64_t m = median(cycles, BATCHES);
    /* ns per op with two decimals: scale the whole batch, then divide. */
    uint64_t ns100 = tsc_to_ns(m * 100) / N;
    printk("XENOLITH-BENCH %s ns_per_op=%lu.%02lu cycles_per_op=%lu batches=%d n=%d\n", name,
           (unsigned long)(ns100 / 100), (unsigned long)(ns100 % 100),
           (unsigned long)(m / N), BATCHES, N);
}

static void bench_null(void)
{
    uint64_t c[BATCHES];
    long bad = 0;
    for (int b = 0; b < BATCHES; b++) {
        uint64_t t0 = rdtsc();
        for (int i = 0; i < N; i++)
            if (HYPERVISOR_xen_version(XENVER_version, NULL) <= 0)
                bad++;
        c[b] = rdtsc() - t0;
    }
    EXPECT_EQ("null-hypercall-results", bad, 0);
    result("null_hypercall", c);
}

static void bench_evtchn(void)
{
    uint32_t p[2];
    long rc = evtchn_alloc_self(p);
    uint64_t c[BATCHES];
    events_unmask_vcpu();
    unsigned long base = port_hits[p[1]];
    for (int b = 0; b < BATCHES; b++) {
        uint64_t t0 = rdtsc();
        for (int i = 0; i < N; i++)
            evtchn_send(p[0]);
        c[b] = rdtsc() - t0;
    }
    events_mask_vcpu();
    unsigned long got = port_hits[p[1]] - base;
    report("evtchn-send-every-upcall-delivered", rc == 0 && got == (unsigned long)N * BATCHES,
           "rc=%ld delivered=%lu sent=%d", rc, got, N * BATCHES);
    result("evtchn_send_upcall", c);
    evtchn_close(p[0]);
    evtchn_close(p[1]);
}

static void bench_mmu(void)
{
    unsigned long m[2] = { virt_to_mfn(scratch), virt_to_mfn(other) };
    uint64_t ptr = pte_maddr(scratch);
    uint64_t c[BATCHES];
    long bad = 0;
    for (int b = 0; b < BATCHES; b++) {
        uint64_t t0 = rdtsc();
        for (int i = 0; i < N; i++) {
            mmu_update_t u = { ptr, (m[i & 1] << PAGE_SHIFT) | PTE_RW_FLAGS };
            if (HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF))
                bad++;
        }
        c[b] = rdtsc() - t0;
    }
    flush_tlb_one(scratch);
    /* N is even: the last update mapped m[1]. */
    report("mmu-update-all-succeeded", bad == 0 && virt_to_mfn(scratch) == m[1],
           "failures=%ld mfn=%lx want=%lx", bad, virt_to_mfn(scratch), m[1]);
    result("mmu_update", c);
}

void test_main(void)
{
    bench_null();
    bench_evtchn();
    bench_mmu();
}

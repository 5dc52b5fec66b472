/*
 * selftest.c - in-hypervisor checks run with the `selftest` option.
 *
 * Each test prints "SELFTEST <name> PASS" or "SELFTEST <name> FAIL: why";
 * the run ends with "SELFTEST SUMMARY: N passed, M failed" and QEMU's
 * isa-debug-exit (asm/shutdown.h).  tests/xen/run.sh reads both.
 * With `selftest_panic` the run instead crashes on purpose, to check the
 * panic output (registers, symbolised trace, CPU).
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/serial.h>
#include <xen/softirq.h>
#include <xen/symbols.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>
#include <asm/apic.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/system.h>
#include <asm/time.h>
#include <asm/uaccess.h>

static bool opt_selftest_panic;
boolean_param("selftest_panic", opt_selftest_panic);

extern unsigned long fixups_taken;
extern char _stext[], _sdata[];

#define TEST_VA 0x0000100000000000UL   /* a guest-half address */

static unsigned int passed, failed;
static char why[160];

#define CHECK(c, ...)                                          \
    do {                                                       \
        if (!(c)) {                                            \
            snprintf(why, sizeof(why), __VA_ARGS__);           \
            return false;                                      \
        }                                                      \
    } while (0)

static bool strstr_simple(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++)
        if (!strncmp(hay, needle, n))
            return true;
    return false;
}

static void report(const char *name, bool ok)
{
    if (ok) {
        passed++;
        printk("SELFTEST %s PASS\n", name);
    } else {
        failed++;
        printk("SELFTEST %s FAIL: %s\n", name, why);
    }
}

/* Wait with interrupts on, running this CPU's softirqs, until *flag or
 * timeout; returns whether flag was seen. */
static bool wait_for(volatile unsigned int *count, unsigned int want,
                     s_time_t timeout)
{
    s_time_t end = NOW() + timeout;

    while (READ_ONCE(*count) < want) {
        if (NOW() > end)
            return false;
        do_softirq();
        cpu_relax();
    }
    return true;
}

/* ---- guest page for the copy tests ---- */
static uint8_t *guest_page;

static void map_guest_page(void)
{
    guest_page = alloc_xenheap_page();
    ASSERT(guest_page);
    for (int i = 0; i < PAGE_SIZE; i++)
        guest_page[i] = (uint8_t)i;
    map_pages(idle_pg_table, TEST_VA, virt_to_maddr(guest_page), 1,
              _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_NX, false);
    /* TEST_VA + PAGE_SIZE stays unmapped. */
}

static bool test_extable(void)
{
    uint8_t buf[256];
    unsigned long before = fixups_taken, left;
    uint8_t *edge = (uint8_t *)TEST_VA + PAGE_SIZE - 100;

    left = copy_from_guest_raw(buf, (void *)0x0000700000000000UL, 16);
    CHECK(left == 16, "unmapped read: %lu left, want 16", left);
    left = copy_from_guest_raw(buf, (void *)0x8000000000000000UL, 16);
    CHECK(left == 16, "non-canonical read: %lu left, want 16", left);
    left = copy_from_guest_raw(buf, edge, 200);
    CHECK(left == 100, "page-edge read: %lu left, want 100", left);
    CHECK(!memcmp(buf, guest_page + PAGE_SIZE - 100, 100), "edge bytes differ");
    memset(buf, 0xa5, sizeof(buf));
    left = copy_to_guest_raw(edge, buf, 200);
    CHECK(left == 100, "page-edge write: %lu left, want 100", left);
    CHECK(guest_page[PAGE_SIZE - 1] == 0xa5, "edge write lost");
    CHECK(raw_copy_from_guest(buf, DIRECTMAP_VIRT_START, 8) == 8,
          "hypervisor range not refused");
    /* Each faulting copy faults twice: in its qword bulk, then again in
     * the byte copy that finds the exact edge (usercopy.S). */
    CHECK(fixups_taken - before == 8, "%lu fixups, want 8",
          fixups_taken - before);
    return true;
}

static bool test_smap(void)
{
    bool smap = read_cr4() & X86_CR4_SMAP;
    uint8_t b = 0, buf[64];
    int rc = probe_read_no_stac((void *)TEST_VA, &b);

    if (smap)
        CHECK(rc == -EFAULT, "SMAP on but plain read of a user page worked");
    else
        CHECK(rc == 0, "SMAP off but plain read of a user page faulted");
    guest_page[3] = 0x33;
    CHECK(copy_from_guest_raw(buf, (void *)TEST_VA, 64) == 0 && buf[3] == 0x33,
          "guest copy failed (SMAP %s)", smap ? "on" : "off");
    CHECK(!(local_save_flags() & X86_EFLAGS_AC), "EFLAGS.AC left set");
    printk("  SMAP %s, SMEP %s\n", smap ? "on" : "off",
           read_cr4() & X86_CR4_SMEP ? "on" : "off");
    return true;
}

static bool test_pagetables(void)
{
    pgentry_t t = lookup_va(idle_pg_table, (unsigned long)_stext);
    pgentry_t d = lookup_va(idle_pg_table, (unsigned long)_sdata);
    pgentry_t m = lookup_va(idle_pg_table, (unsigned long)maddr_to_virt(1 << 20));

    CHECK((t & _PAGE_PRESENT) && !(t & _PAGE_RW) && !(t & _PAGE_NX),
          "text entry %#lx not RX", (unsigned long)t);
    CHECK((d & _PAGE_RW) && ((d & _PAGE_NX) || !boot_cpu.nx),
          "data entry %#lx not RW+NX", (unsigned long)d);
    CHECK((m & _PAGE_RW) && ((m & _PAGE_NX) || !boot_cpu.nx),
          "direct map entry %#lx not RW+NX", (unsigned long)m);
    CHECK(probe_write_byte(_stext + 64) == -EFAULT, "text is writable");
    CHECK(probe_write_byte(_sdata) == 0, "data not writable");
    CHECK(!lookup_va(idle_pg_table, 0x1000), "low memory identity-mapped");
    return true;
}

static bool test_symbols(void)
{
    unsigned long off;
    const char *n = symbols_lookup((unsigned long)test_symbols + 3, &off, NULL);
    char buf[96];

    CHECK(n && !strcmp(n, "test_symbols") && off == 3, "lookup gave %s+%lu",
          n ? n : "(none)", off);
    snprintf(buf, sizeof(buf), "%pS", (void *)((unsigned long)test_symbols + 3));
    CHECK(!strncmp(buf, "test_symbols+0x3/", 17), "%%pS gave '%s'", buf);
    snprintf(buf, sizeof(buf), "%5d|%-4s|%#x|%08lx|%lld", -42, "ab", 255,
             0xbeefUL, -5LL);
    CHECK(!strcmp(buf, "  -42|ab  |0xff|0000beef|-5"), "format gave '%s'", buf);
    return true;
}

static bool test_console(void)
{
    static char buf[2048];
    uint64_t idx = 0;
    size_t n = console_read_ring(buf, sizeof(buf) - 1, &idx);
    struct serial_config c = {0};

    buf[n] = '\0';
    CHECK(n > 100 && strstr_simple(buf, "Xenolith version 0.1"), "ring lacks banner");
    CHECK(serial_parse_config("57600,8n1,0x2f8,3", &c) == 0 &&
          c.baud == 57600 && c.io_base == 0x2f8 && c.irq == 3 &&
          c.parity == 'n', "com1= parse");
    CHECK(parse_size("512M", NULL) == 512ULL << 20, "parse_size");
    return true;
}

/* ---- per-CPU timers: 4 timers set out of order must fire in order ---- */
struct cpu_timer_test {
    struct timer t[4];
    s_time_t due[4];
    unsigned int order[4];
    volatile unsigned int fired;
    bool late_or_early;
};
static struct cpu_timer_test ttest[NR_CPUS];
static volatile unsigned int timer_cpus_done;

static void timer_fn(void *data)
{
    struct timer *t = data;
    struct cpu_timer_test *ct = &ttest[smp_processor_id()];
    unsigned int i = t - ct->t;

    if (NOW() < ct->due[i] || NOW() > ct->due[i] + MILLISECS(500))
        ct->late_or_early = true;
    ct->order[ct->fired] = i;
    if (++ct->fired == 4)
        __atomic_fetch_add(&timer_cpus_done, 1, __ATOMIC_SEQ_CST);
}

static void start_cpu_timers(void)
{
    static const int ms[4] = { 3, 1, 4, 2 };     /* set out of order */
    unsigned int cpu = smp_processor_id();
    struct cpu_timer_test *ct = &ttest[cpu];
    s_time_t now = NOW();

    for (int i = 0; i < 4; i++) {
        ct->due[i] = now + MILLISECS(ms[i]);
        init_timer(&ct->t[i], timer_fn, &ct->t[i], cpu);
        set_timer(&ct->t[i], ct->due[i]);
    }
}

static bool test_timers(void)
{
    unsigned int c, n = 0;

    open_softirq(SELFTEST_SOFTIRQ, start_cpu_timers);
    for_each_online_cpu(c) {
        n++;
        if (c == smp_processor_id())
            raise_softirq(SELFTEST_SOFTIRQ);
        else
            cpu_raise_softirq(c, SELFTEST_SOFTIRQ);
    }
    CHECK(wait_for(&timer_cpus_done, n, SECONDS(5)),
          "only %u of %u CPUs saw all timers", timer_cpus_done, n);
    for_each_online_cpu(c) {
        struct cpu_timer_test *ct = &ttest[c];

        /* Deadlines 1,2,3,4 ms belong to timers 1,3,0,2. */
        CHECK(ct->order[0] == 1 && ct->order[1] == 3 && ct->order[2] == 0 &&
              ct->order[3] == 2, "CPU%u order %u%u%u%u", c, ct->order[0],
              ct->order[1], ct->order[2], ct->order[3]);
        CHECK(!ct->late_or_early, "CPU%u timer early or >500 ms late", c);
    }
    printk("  4 timers in order on each of %u CPUs\n", n);
    return true;
}

/* ---- IPIs and cross-CPU time ---- */
static s_time_t stamp;
static volatile uint64_t seen_mask;
static volatile unsigned int time_went_back;

static void ipi_fn(void *arg)
{
    unsigned int cpu = smp_processor_id();

    if (NOW() < READ_ONCE(stamp))
        time_went_back++;
    if (get_apic_id() == per_cpu(cpu)->apic_id)
        __atomic_fetch_or(&seen_mask, 1ULL << cpu, __ATOMIC_SEQ_CST);
}

static bool test_ipi(void)
{
    cpumask_t online = cpu_online_mask();
    unsigned int c;

    for_each_online_cpu(c) {
        unsigned long before = per_cpu(c)->ipi_count;
        s_time_t end = NOW() + SECONDS(2);

        if (c == smp_processor_id())
            continue;
        send_IPI_event_check(c);
        while (READ_ONCE(per_cpu(c)->ipi_count) == before)
            CHECK(NOW() < end, "event-check IPI never reached CPU%u", c);
    }
    for (int round = 0; round < 20; round++) {
        seen_mask = 0;
        WRITE_ONCE(stamp, NOW());
        on_selected_cpus(&online, ipi_fn, NULL, true);
        CHECK(seen_mask == online.bits, "call reached %#lx of %#lx",
              (unsigned long)seen_mask, (unsigned long)online.bits);
    }
    CHECK(!time_went_back, "NOW() went backwards across CPUs %u times",
          time_went_back);
    return true;
}

static bool test_time(void)
{
    s_time_t a = NOW(), b;

    udelay(2000);
    b = NOW();
    CHECK(b - a >= MICROSECS(1900) && b - a < MILLISECS(50),
          "udelay(2000) took %ld ns", (long)(b - a));
    CHECK(cpu_khz > 100000, "TSC %lu kHz", (unsigned long)cpu_khz);
    return true;
}

static bool test_heap(void)
{
    unsigned long free0 = heap_free_pages();
    void *p[5];
    void *x;

    for (unsigned int o = 0; o < 5; o++) {
        p[o] = alloc_xenheap_pages(o);
        CHECK(p[o], "order %u allocation failed", o);
        CHECK(!(virt_to_maddr(p[o]) & ((PAGE_SIZE << o) - 1)),
              "order %u block misaligned", o);
        memset(p[o], 0x5a, PAGE_SIZE << o);
    }
    for (unsigned int o = 0; o < 5; o++)
        free_xenheap_pages(p[o], o);
    CHECK(heap_free_pages() == free0, "free pages %lu, was %lu",
          heap_free_pages(), free0);
    x = xmalloc_bytes(100, 8);
    CHECK(x, "xmalloc failed");
    memset(x, 1, 100);
    xfree(x);
    printk("  heap: %lu MiB free\n", free0 >> (20 - PAGE_SHIFT));
    return true;
}

static unsigned long crash_address = 0x10;   /* unmapped: page 0 */

void __attribute__((noinline)) selftest_crash_here(void)
{
    printk("SELFTEST panic: faulting on purpose\n");
    *(volatile int *)READ_ONCE(crash_address) = 1;
}

int run_selftests(void)
{
    if (opt_selftest_panic)
        selftest_crash_here();
    map_guest_page();
    report("extable", test_extable());
    report("smap", test_smap());
    report("pagetables", test_pagetables());
    report("symbols", test_symbols());
    report("console", test_console());
    report("time", test_time());
    report("timers", test_timers());
    report("ipi", test_ipi());
    report("heap", test_heap());
    printk("SELFTEST SUMMARY: %u passed, %u failed\n", passed, failed);
    return failed ? -1 : 0;
}

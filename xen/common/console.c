/*
 * console.c - printk, the console ring buffer, serial input, panic.
 *
 * Locking: console_lock (irq-safe) serialises writers to the ring and the
 * serial port.  A CPU that already holds it (an exception inside printk)
 * writes without taking it again rather than deadlock; panic forces it.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/softirq.h>
#include <xen/serial.h>
#include <xen/param.h>
#include <xen/arch_hooks.h>
#include <asm/system.h>
#include <asm/percpu.h>
#include <asm/time.h>

int console_loglevel = 2;              /* error, warning, info */
static bool opt_console_com1 = true;
static bool opt_timestamps;
boolean_param("console_timestamps", opt_timestamps);

static DEFINE_SPINLOCK(console_lock);
static volatile int console_owner = -1;   /* CPU holding console_lock */
static bool at_line_start = true;

static char ring[CONSOLE_RING_SIZE];
static uint64_t ring_written;          /* total bytes ever written */

static char input[CONSOLE_INPUT_SIZE];
static uint32_t input_prod, input_cons;

static int parse_loglvl(const char *s)
{
    static const char *const names[] = { "error", "warning", "info", "debug" };
    unsigned int i;

    if (!strcmp(s, "none")) {
        console_loglevel = -1;
        return 0;
    }
    if (!strcmp(s, "all")) {
        console_loglevel = 3;
        return 0;
    }
    for (i = 0; i < ARRAY_SIZE(names); i++)
        if (!strcmp(s, names[i])) {
            console_loglevel = i;
            return 0;
        }
    return -1;
}
custom_param("loglvl", parse_loglvl);

static int parse_console(const char *s)
{
    opt_console_com1 = false;
    while (*s) {
        if (!strncmp(s, "com1", 4))
            opt_console_com1 = true;
        s = strchr(s, ',');
        if (!s)
            break;
        s++;
    }
    return 0;
}
custom_param("console", parse_console);

static int parse_com1(const char *s)
{
    return serial_parse_config(s, &serial_cfg);
}
custom_param("com1", parse_com1);

void console_init_preirq(void)
{
    if (opt_console_com1)
        serial_init(&serial_cfg);
}

void console_init_postirq(void)
{
    if (opt_console_com1 && serial_present())
        serial_enable_rx_irq();
}

static void ring_put(char c)
{
    ring[ring_written & (CONSOLE_RING_SIZE - 1)] = c;
    ring_written++;
}

void console_write_raw(const char *s, size_t len)
{
    if (!opt_console_com1 || !serial_present())
        return;
    for (; len; len--, s++) {
        if (*s == '\n')
            serial_putc('\r');
        serial_putc(*s);
    }
}

/* Emit one formatted chunk: ring always, serial if loud enough. */
static void emit(const char *s, size_t len, bool loud)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (at_line_start) {
            char pre[32];
            int n;

            if (opt_timestamps)
                n = snprintf(pre, sizeof(pre), "(XEN) [%5lu.%06lu] ",
                             (unsigned long)(NOW() / 1000000000),
                             (unsigned long)(NOW() / 1000 % 1000000));
            else
                n = snprintf(pre, sizeof(pre), "(XEN) ");
            for (int k = 0; k < n; k++)
                ring_put(pre[k]);
            if (loud)
                console_write_raw(pre, n);
            at_line_start = false;
        }
        ring_put(s[i]);
        if (loud)
            console_write_raw(&s[i], 1);
        if (s[i] == '\n')
            at_line_start = true;
    }
}

static unsigned long console_lock_take(bool *took)
{
    unsigned long flags = local_irq_save();
    int me = smp_processor_id();

    *took = console_owner != me;
    if (*took) {
        spin_lock(&console_lock);
        console_owner = me;
    }
    return flags;
}

static void console_lock_drop(bool took, unsigned long flags)
{
    if (took) {
        console_owner = -1;
        spin_unlock(&console_lock);
    }
    local_irq_restore(flags);
}

static void vprintk(const char *fmt, va_list ap)
{
    static char buf[1024];       /* guarded by console_lock */
    int level = 2, n;
    bool took;
    unsigned long flags;

    if (fmt[0] == '<' && fmt[1] >= '0' && fmt[1] <= '3' && fmt[2] == '>') {
        level = fmt[1] - '0';
        fmt += 3;
    }
    flags = console_lock_take(&took);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    emit(buf, MIN((size_t)n, sizeof(buf) - 1), level <= console_loglevel);
    console_lock_drop(took, flags);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

size_t console_read_ring(char *buf, size_t len, uint64_t *index)
{
    size_t n = 0;
    bool took;
    unsigned long flags = console_lock_take(&took);

    if (ring_written > CONSOLE_RING_SIZE &&
        *index < ring_written - CONSOLE_RING_SIZE)
        *index = ring_written - CONSOLE_RING_SIZE;
    while (n < len && *index < ring_written)
        buf[n++] = ring[(*index)++ & (CONSOLE_RING_SIZE - 1)];
    console_lock_drop(took, flags);
    return n;
}

uint64_t console_ring_written(void)
{
    return READ_ONCE(ring_written);
}

/*
 * Single producer (the serial interrupt), single consumer (console_io);
 * a full buffer drops the new character.  Events cannot be sent from the
 * interrupt (event locks are not irq-safe), so the reader is told through
 * CONSOLE_SOFTIRQ, whose handler (the PV layer's) raises VIRQ_CONSOLE.
 */
void console_input_put(char c)
{
    uint32_t prod = input_prod;

    if (prod - READ_ONCE(input_cons) >= CONSOLE_INPUT_SIZE)
        return;
    input[prod & (CONSOLE_INPUT_SIZE - 1)] = c;
    smp_wmb();
    WRITE_ONCE(input_prod, prod + 1);
    raise_softirq(CONSOLE_SOFTIRQ);
}

size_t console_input_read(char *buf, size_t len)
{
    size_t n = 0;
    uint32_t cons = input_cons;

    while (n < len && cons != READ_ONCE(input_prod)) {
        smp_rmb();
        buf[n++] = input[cons++ & (CONSOLE_INPUT_SIZE - 1)];
    }
    WRITE_ONCE(input_cons, cons);
    return n;
}

void console_force_unlock(void)
{
    spin_lock_init(&console_lock);
    console_owner = -1;
    at_line_start = true;
    console_loglevel = console_loglevel < 0 ? 0 : console_loglevel;
}

void panic(const char *fmt, ...)
{
    static char buf[512];
    static volatile int panicking;
    va_list ap;

    local_irq_disable();
    if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST))
        for (;;)
            halt();           /* a second CPU panicking: the first reports */
    console_force_unlock();
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk(XENLOG_ERR "\n****************************************\n");
    printk(XENLOG_ERR "Panic on CPU %u:\n", smp_processor_id());
    printk(XENLOG_ERR "%s\n", buf);
    printk(XENLOG_ERR "****************************************\n");
    show_stack_trace_here();
    printk(XENLOG_ERR "PANIC: hypervisor halted\n");
    machine_halt_after_panic();
}

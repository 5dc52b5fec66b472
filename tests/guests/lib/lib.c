/*
 * lib.c - boot, console, reporting, traps, events, memory and time helpers
 * of the Xenolith PV test microkernels.  See guest.h for the contract.
 */
#include "guest.h"

start_info_t *si;
shared_info_t *shinfo;
vcpu_info_t *vcpu0;

static char shared_info_va[PAGE_SIZE] __page_bss;
static unsigned int n_pass, n_fail;

/* ---------------------------------------------------------------- libc */

void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* A small vsnprintf: %d %i %u %x %p %s %c %%, flags '0' '-', width, l/ll/z. */
struct out { char *buf; size_t size, len; };

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_num(struct out *o, unsigned long v, int base, int neg, int width,
                    int zero, int left)
{
    char tmp[24];
    int n = 0;
    do {
        unsigned d = v % base;
        tmp[n++] = d < 10 ? '0' + d : 'a' + d - 10;
        v /= base;
    } while (v);
    if (neg)
        tmp[n++] = '-';
    if (zero && neg) {
        put(o, '-');
        n--;
        width--;
    }
    if (!left)
        for (int i = n; i < width; i++)
            put(o, zero ? '0' : ' ');
    while (n)
        put(o, tmp[--n]);
    if (left)
        for (int i = (int)o->len; width > 0 && i < width; i++)
            put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        int zero = 0, left = 0, width = 0, lng = 0;
        fmt++;
        for (;; fmt++) {
            if (*fmt == '0')
                zero = 1;
            else if (*fmt == '-')
                left = 1;
            else
                break;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z') {
            lng = 1;
            fmt++;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            long v = lng ? va_arg(ap, long) : va_arg(ap, int);
            put_num(&o, v < 0 ? -(unsigned long)v : (unsigned long)v, 10, v < 0,
                    width, zero, left);
            break;
        }
        case 'u':
            put_num(&o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int),
                    10, 0, width, zero, left);
            break;
        case 'x':
            put_num(&o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int),
                    16, 0, width, zero, left);
            break;
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_num(&o, (unsigned long)va_arg(ap, void *), 16, 0, width, zero, left);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int n = (int)strlen(s);
            if (!left)
                for (int i = n; i < width; i++)
                    put(&o, ' ');
            while (*s)
                put(&o, *s++);
            if (left)
                for (int i = n; i < width; i++)
                    put(&o, ' ');
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case '%':
            put(&o, '%');
            break;
        case 0:
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* ------------------------------------------------------------ console */

static void console_write(const char *s, size_t n)
{
    HYPERVISOR_console_io(CONSOLEIO_write, n, s);
}

void printk(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(buf) - 1)
        n = sizeof(buf) - 1;
    console_write(buf, n);
}

void report(const char *name, int ok, const char *fmt, ...)
{
    char detail[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    if (ok)
        n_pass++;
    else
        n_fail++;
    printk("XENOLITH-TEST %s %s %s %s\n", test_kernel_name, name, ok ? "PASS" : "FAIL",
           detail);
}

void __noreturn poweroff(void)
{
    struct sched_shutdown sd = { .reason = SHUTDOWN_poweroff };
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    printk("XENOLITH-GUEST %s: SCHEDOP_shutdown returned\n", test_kernel_name);
    for (;;)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

void __noreturn finish(void)
{
    printk("XENOLITH-RESULT %s=%u passed, %u failed\n", test_kernel_name, n_pass, n_fail);
    poweroff();
}

/* -------------------------------------------------------------- traps */

volatile struct trap_record last_trap;
int (*trap_hook)(struct frame *f);
volatile int user_active;
unsigned long user_kernel_rsp, user_exit_value;
struct frame user_last_frame;

extern const unsigned long _extable_start[], _extable_end[];

void trap_reset(void)
{
    memset((void *)&last_trap, 0, sizeof(last_trap));
}

static struct trap_info trap_table[40];

void install_trap_table(void)
{
    unsigned int n = 0;
    for (unsigned int v = 0; v < 32; v++) {
        if (v == 2)   /* NMIs use the NMI callback, not the trap table */
            continue;
        trap_table[n].vector = v;
        /* int3 and into are allowed from guest user mode, like Linux. */
        trap_table[n].flags = (v == 3 || v == 4) ? 3 : 0;
        trap_table[n].cs = FLAT_KERNEL_CS;
        trap_table[n].address = trap_entry_table[v];
        n++;
    }
    trap_table[n].vector = 0x80;
    trap_table[n].flags = 3;
    trap_table[n].cs = FLAT_KERNEL_CS;
    trap_table[n].address = (unsigned long)int80_entry;
    n++;
    trap_table[n].address = 0;   /* terminator */
    long rc = HYPERVISOR_set_trap_table(trap_table);
    if (rc) {
        printk("XENOLITH-GUEST set_trap_table failed %ld\n", rc);
        poweroff();
    }
}

/* Point the frame at user_return so that user_enter() returns value. */
static void user_leave(struct frame *f, unsigned long value)
{
    user_last_frame = *f;
    user_exit_value = value;
    user_active = 0;
    f->rip = (unsigned long)user_return;
    f->cs = FLAT_KERNEL_CS & ~3UL;     /* RPL 0: stay in guest kernel mode */
    f->ss = FLAT_KERNEL_SS;
    f->rsp = user_kernel_rsp;
    f->rflags = 0x2;                   /* IF=0: keep events masked */
}

static void event_upcall(void);

void trap_dispatch(struct frame *f)
{
    if (trap_hook && trap_hook(f))
        return;
    if (f->vector == VEC_EVENT) {
        event_upcall();
        return;
    }
    if (f->vector == VEC_FAILSAFE) {
        report("failsafe-callback", 0, "rip=%lx cs=%lx", f->rip, f->cs);
        finish();
    }
    last_trap.count++;
    last_trap.vector = f->vector;
    last_trap.error = f->error;
    last_trap.rip = f->rip;
    last_trap.cs = f->cs;
    last_trap.rflags = f->rflags;
    last_trap.cr2 = vcpu0 ? vcpu0->arch.cr2 : 0;
    if (f->vector == VEC_SYSCALL) {
        if (user_active)
            user_leave(f, f->rax);
        else
            report("stray-syscall-callback", 0, "rip=%lx", f->rip);
        return;
    }
    if (user_active && (f->cs & 3) == 3) {
        user_leave(f, 0x1000 + f->vector);
        return;
    }
    for (const unsigned long *e = _extable_start; e < _extable_end; e += 2) {
        if (e[0] == f->rip) {
            f->rip = e[1];
            return;
        }
    }
    /* Traps (as opposed to faults) resume after the instruction. */
    if (f->vector == 1 || f->vector == 3 || f->vector == 4 || f->vector == 0x80)
        return;
    report("unexpected-trap", 0, "vector=%lu error=%lx rip=%lx cs=%lx cr2=%lx",
           f->vector, f->error, f->rip, f->cs, last_trap.cr2);
    finish();
}

/* ------------------------------------------------------------- events */

volatile unsigned long port_hits[MAX_TRACKED_PORTS];
volatile unsigned long upcall_count;
void (*port_handler)(unsigned int port);

static void event_upcall(void)
{
    upcall_count++;
    while (vcpu0->evtchn_upcall_pending) {
        vcpu0->evtchn_upcall_pending = 0;
        unsigned long sel = __atomic_exchange_n(&vcpu0->evtchn_pending_sel, 0,
                                                __ATOMIC_SEQ_CST);
        while (sel) {
            unsigned int w = __builtin_ctzl(sel);
            sel &= sel - 1;
            unsigned long bits = shinfo->evtchn_pending[w] & ~shinfo->evtchn_mask[w];
            while (bits) {
                unsigned int b = __builtin_ctzl(bits);
                bits &= bits - 1;
                unsigned int port = w * 64 + b;
                __atomic_fetch_and(&shinfo->evtchn_pending[w], ~(1UL << b),
                                   __ATOMIC_SEQ_CST);
                if (port < MAX_TRACKED_PORTS)
                    port_hits[port]++;
                if (port_handler)
                    port_handler(port);
            }
        }
    }
}

void events_mask_vcpu(void)
{
    vcpu0->evtchn_upcall_mask = 1;
    barrier();
}

void events_unmask_vcpu(void)
{
    barrier();
    vcpu0->evtchn_upcall_mask = 0;
    barrier();
    /* Anything that arrived while masked: any hypercall delivers it. */
    if (vcpu0->evtchn_upcall_pending)
        HYPERVISOR_xen_version(XENVER_version, NULL);
}

void evtchn_mask_port(unsigned int port)
{
    __atomic_fetch_or(&shinfo->evtchn_mask[port / 64], 1UL << (port % 64),
                      __ATOMIC_SEQ_CST);
}

void evtchn_unmask_port(unsigned int port)
{
    struct evtchn_unmask u = { .port = port };
    HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u);
}

void evtchn_clear_port(unsigned int port)
{
    __atomic_fetch_and(&shinfo->evtchn_pending[port / 64], ~(1UL << (port % 64)),
                       __ATOMIC_SEQ_CST);
}

int evtchn_is_pending(unsigned int port)
{
    return (shinfo->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

int evtchn_is_masked(unsigned int port)
{
    return (shinfo->evtchn_mask[port / 64] >> (port % 64)) & 1;
}

/* An unbound port whose remote end is ourselves, then bound to itself:
 * the usual way to get a loopback channel in one domain. */
long evtchn_alloc_self(uint32_t *port)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
    if (rc)
        return rc;
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF,
                                          .remote_port = au.port };
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
    if (rc)
        return rc;
    port[0] = bi.local_port;
    port[1] = au.port;
    return 0;
}

long evtchn_close(uint32_t port)
{
    struct evtchn_close c = { .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}

long evtchn_send(uint32_t port)
{
    struct evtchn_send s = { .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

/* ------------------------------------------------------------- memory */

unsigned long va_to_pfn(const void *va)
{
    return ((unsigned long)va - GUEST_VIRT_BASE) >> PAGE_SHIFT;
}

unsigned long pfn_to_mfn(unsigned long pfn)
{
    return ((const unsigned long *)si->mfn_list)[pfn];
}

unsigned long mfn_to_pfn(unsigned long mfn)
{
    return M2P[mfn];
}

void *mfn_to_virt(unsigned long mfn)
{
    return (void *)(GUEST_VIRT_BASE + (mfn_to_pfn(mfn) << PAGE_SHIFT));
}

/* Walk the current (bootstrap) tables to the L1 entry of va. */
uint64_t *pte_ptr(const void *va)
{
    unsigned long a = (unsigned long)va;
    uint64_t *t = (uint64_t *)si->pt_base;
    for (int level = 4; level > 1; level--) {
        uint64_t e = t[(a >> (12 + 9 * (level - 1))) & 511];
        if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
            return NULL;
        t = mfn_to_virt((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
    }
    return &t[(a >> 12) & 511];
}

uint64_t pte_maddr(const void *va)
{
    uint64_t *p = pte_ptr(va);
    if (!p)
        return 0;
    return (pfn_to_mfn(va_to_pfn(p)) << PAGE_SHIFT) | ((unsigned long)p & (PAGE_SIZE - 1));
}

unsigned long virt_to_mfn(const void *va)
{
    uint64_t *p = pte_ptr(va);
    return p ? (*p & PTE_ADDR_MASK) >> PAGE_SHIFT : ~0UL;
}

/* End of the initial mapping the domain builder made (rounded to 4 MiB). */
unsigned long initial_region_end(void)
{
    extern char _image_end[];
    unsigned long va = (unsigned long)_image_end;
    for (;;) {
        uint64_t *p = pte_ptr((void *)va);
        if (!p || !(*p & _PAGE_PRESENT))
            return va;
        va += PAGE_SIZE;
    }
}

/* A frame that belongs to the hypervisor: the L3 behind the M2P slot
 * (256) that Xen puts into every PV L4. */
unsigned long hypervisor_mfn(void)
{
    const uint64_t *l4 = (const uint64_t *)si->pt_base;
    return (l4[256] & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

static unsigned long next_spare;

unsigned long spare_pfn(void)
{
    if (!next_spare)
        next_spare = si->nr_pages;
    return --next_spare;
}

long remap_va(void *va, unsigned long mfn, unsigned long flags)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va, (mfn << PAGE_SHIFT) | flags,
                                        UVMF_INVLPG | UVMF_LOCAL);
}

void flush_tlb_one(const void *va)
{
    mmuext_va(MMUEXT_INVLPG_LOCAL, (unsigned long)va, 0);
}

long mmuext_mfn(unsigned int cmd, unsigned long mfn)
{
    mmuext_op_t op;
    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.arg1.mfn = mfn;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long mmuext_va(unsigned int cmd, unsigned long va, unsigned int nr)
{
    mmuext_op_t op;
    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.arg1.linear_addr = va;
    op.arg2.nr_ents = nr;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* --------------------------------------------------------------- time */

uint64_t tsc_to_ns(uint64_t delta)
{
    const volatile vcpu_time_info_t *t = &vcpu0->time;
    int shift = t->tsc_shift;
    if (shift >= 0)
        delta <<= shift;
    else
        delta >>= -shift;
    return (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
}

uint64_t xen_system_time(void)
{
    const volatile vcpu_time_info_t *t = &vcpu0->time;
    uint32_t v;
    uint64_t ns;
    do {
        v = t->version;
        barrier();
        uint64_t delta = rdtsc() - t->tsc_timestamp;
        ns = t->system_time + tsc_to_ns(delta);
        barrier();
    } while ((v & 1) || v != t->version);
    return ns;
}

/* --------------------------------------------------------------- boot */

static void register_callbacks(void)
{
    struct callback_register cb[] = {
        { .type = CALLBACKTYPE_event, .flags = CALLBACKF_mask_events,
          .address = (unsigned long)event_entry },
        { .type = CALLBACKTYPE_failsafe, .flags = CALLBACKF_mask_events,
          .address = (unsigned long)failsafe_entry },
        { .type = CALLBACKTYPE_syscall, .flags = CALLBACKF_mask_events,
          .address = (unsigned long)syscall_entry },
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(cb); i++) {
        long rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb[i]);
        if (rc) {
            printk("XENOLITH-GUEST callback %u failed %ld\n", cb[i].type, rc);
            poweroff();
        }
    }
}

void guest_main(start_info_t *start)
{
    si = start;
    char magic[33];
    memcpy(magic, si->magic, 32);
    magic[32] = 0;
    printk("XENOLITH-GUEST %s: start_info %p magic %s nr_pages %lu flags %x\n",
           test_kernel_name, (void *)si, magic, si->nr_pages, si->flags);
    long rc = HYPERVISOR_update_va_mapping((unsigned long)shared_info_va,
                                           si->shared_info | PTE_RW_FLAGS,
                                           UVMF_INVLPG | UVMF_LOCAL);
    if (rc) {
        printk("XENOLITH-GUEST cannot map shared_info: %ld\n", rc);
        poweroff();
    }
    shinfo = (shared_info_t *)shared_info_va;
    vcpu0 = &shinfo->vcpu_info[0];
    install_trap_table();
    register_callbacks();
    test_main();
    finish();
}

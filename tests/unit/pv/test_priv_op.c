/*
 * test_priv_op.c - privileged-instruction emulation (priv_op.c) through a
 * recording set of callbacks, and the PV CPUID policy (cpuid_policy.c).
 */
#include <string.h>
#include "unit.h"
#include <public/xen.h>
#include "../../../xen/arch/x86/pv/priv_op.h"
#include "../../../xen/arch/x86/pv/cpuid_policy.h"

static const uint8_t *code;
static unsigned int code_len;
static uint64_t msr_val, cr[9], last_out, io_port_in = 0xabcd1234;
static uint32_t last_msr, last_port;
static unsigned int last_io_size, io_count;
static bool io_ok = true;
static uint8_t guest_mem[64];

static unsigned int fetch(void *c, unsigned long va, uint8_t *b, unsigned int n)
{
    (void)c; (void)va;
    n = n < code_len ? n : code_len;
    memcpy(b, code, n);
    return n;
}
static int rdmsr(void *c, uint32_t m, uint64_t *v)
{ (void)c; last_msr = m; if (m == 0xdead) return -1; *v = msr_val; return 0; }
static int wrmsr(void *c, uint32_t m, uint64_t v)
{ (void)c; last_msr = m; if (m == 0xdead) return -1; msr_val = v; return 0; }
static int rdcr(void *c, unsigned int n, uint64_t *v)
{ (void)c; if (n == 1 || n > 8) return -1; *v = cr[n]; return 0; }
static int wrcr(void *c, unsigned int n, uint64_t v)
{ (void)c; if (n == 1 || n > 8) return -1; cr[n] = v; return 0; }
static int xsetbv(void *c, uint32_t i, uint64_t v) { (void)c; return i == 0 && (v & 1) ? 0 : -1; }
static void cpuid(void *c, uint32_t leaf, uint32_t sub, uint32_t r[4])
{ (void)c; r[0] = leaf; r[1] = sub; r[2] = 0x11; r[3] = 0x22; }
static bool io_allowed(void *c, uint16_t p, unsigned int n) { (void)c; (void)p; (void)n; return io_ok; }
static uint32_t io_in(void *c, uint16_t p, unsigned int n)
{ (void)c; last_port = p; last_io_size = n; io_count++; return io_port_in; }
static void io_out(void *c, uint16_t p, unsigned int n, uint32_t v)
{ (void)c; last_port = p; last_io_size = n; last_out = v; io_count++; }
static bool mem_any;   /* every guest address reads as zeroes */
static unsigned long cfrom(void *c, void *d, unsigned long va, unsigned long n)
{ (void)c; if (mem_any) { memset(d, 0, n); return 0; } if (va < (unsigned long)guest_mem || va + n > (unsigned long)guest_mem + sizeof(guest_mem)) return n; memcpy(d, (void *)va, n); return 0; }
static unsigned long cto(void *c, unsigned long va, const void *s, unsigned long n)
{ (void)c; if (va < (unsigned long)guest_mem || va + n > (unsigned long)guest_mem + sizeof(guest_mem)) return n; memcpy((void *)va, s, n); return 0; }

static const struct priv_op_ops ops = {
    NULL, fetch, rdmsr, wrmsr, rdcr, wrcr, xsetbv, cpuid, io_allowed,
    io_in, io_out, cfrom, cto,
};

#define RUN(r, ...) (code = (const uint8_t[]){ __VA_ARGS__ }, \
    code_len = sizeof((const uint8_t[]){ __VA_ARGS__ }), pv_emulate_priv_op((r), &ops))

static struct cpu_user_regs fresh(void)
{
    struct cpu_user_regs r;

    memset(&r, 0, sizeof(r));
    r.rip = 0x1000;
    io_ok = true;
    io_count = 0;
    return r;
}

TEST(msr_access)
{
    struct cpu_user_regs r = fresh();

    r.rcx = 0xc0000101;
    r.rdx = 0x12345678;
    r.rax = 0x9abcdef0;
    CHECK_EQ(RUN(&r, 0x0f, 0x30), PRIV_DONE);
    CHECK_EQ(msr_val, 0x123456789abcdef0ULL);
    CHECK_EQ(r.rip, 0x1002);
    r.rax = r.rdx = ~0ULL;
    CHECK_EQ(RUN(&r, 0x0f, 0x32), PRIV_DONE);
    CHECK_EQ(r.rax, 0x9abcdef0);
    CHECK_EQ(r.rdx, 0x12345678);
    r.rcx = 0xdead;
    CHECK_EQ(RUN(&r, 0x0f, 0x32), PRIV_GP);
    CHECK_EQ(r.rip, 0x1004);                 /* a #GP does not advance */
}

TEST(control_registers)
{
    struct cpu_user_regs r = fresh();

    r.rbx = 0x6f0;
    CHECK_EQ(RUN(&r, 0x0f, 0x22, 0xe3), PRIV_DONE);   /* mov %rbx,%cr4 */
    CHECK_EQ(cr[4], 0x6f0);
    CHECK_EQ(RUN(&r, 0x41, 0x0f, 0x20, 0xe1), PRIV_DONE); /* mov %cr4,%r9 */
    CHECK_EQ(r.r9, 0x6f0);
    CHECK_EQ(RUN(&r, 0x0f, 0x20, 0xc8), PRIV_GP);      /* cr1 */
    cr[0] = 0x8000003b;
    CHECK_EQ(RUN(&r, 0x0f, 0x06), PRIV_DONE);          /* clts */
    CHECK_EQ(cr[0], 0x80000033);
}

TEST(cpuid_and_forced_prefix)
{
    struct cpu_user_regs r = fresh();

    r.rax = 0xffffffff00000007ULL;
    r.rcx = 1;
    CHECK_EQ(RUN(&r, 0x0f, 0xa2), PRIV_DONE);
    CHECK_EQ(r.rax, 7);
    CHECK_EQ(r.rbx, 1);
    CHECK_EQ(r.rdx, 0x22);
    r = fresh();
    r.rax = 0x40000000;
    code = (const uint8_t[]){ 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
    code_len = 7;
    CHECK_EQ(pv_emulate_invalid_op(&r, &ops), PRIV_DONE);
    CHECK_EQ(r.rax, 0x40000000);
    CHECK_EQ(r.rip, 0x1007);
    code = (const uint8_t[]){ 0x0f, 0x0b, 'x', 'e', 'm', 0x0f, 0xa2 };
    CHECK_EQ(pv_emulate_invalid_op(&r, &ops), PRIV_UNHANDLED);
    code_len = 6;
    CHECK_EQ(pv_emulate_invalid_op(&r, &ops), PRIV_UNHANDLED);
    CHECK_EQ(r.rip, 0x1007);
}

TEST(port_io)
{
    struct cpu_user_regs r = fresh();

    r.rax = 0xffffffffffffffffULL;
    CHECK_EQ(RUN(&r, 0xe4, 0x71), PRIV_DONE);          /* in $0x71,%al */
    CHECK_EQ(last_port, 0x71);
    CHECK_EQ(last_io_size, 1);
    CHECK_EQ(r.rax, 0xffffffffffffff34ULL);
    r.rdx = 0xcfc;
    CHECK_EQ(RUN(&r, 0xed), PRIV_DONE);                /* in (%dx),%eax */
    CHECK_EQ(r.rax, 0xabcd1234);
    CHECK_EQ(last_io_size, 4);
    r.rax = 0x5566;
    CHECK_EQ(RUN(&r, 0x66, 0xef), PRIV_DONE);          /* out %ax,(%dx) */
    CHECK_EQ(last_io_size, 2);
    CHECK_EQ(last_out, 0x5566);
    io_ok = false;
    CHECK_EQ(RUN(&r, 0xee), PRIV_GP);
}

TEST(string_io_with_rep)
{
    struct cpu_user_regs r = fresh();

    memset(guest_mem, 0, sizeof(guest_mem));
    r.rdi = (unsigned long)guest_mem;
    r.rcx = 4;
    r.rdx = 0x1f0;
    CHECK_EQ(RUN(&r, 0xf3, 0x66, 0x6d), PRIV_DONE);    /* rep insw */
    CHECK_EQ(io_count, 4);
    CHECK_EQ(r.rcx, 0);
    CHECK_EQ(r.rdi, (unsigned long)guest_mem + 8);
    CHECK_EQ(guest_mem[0], 0x34);
    CHECK_EQ(guest_mem[1], 0x12);
    /* A bad buffer: #PF, not a hypervisor fault. */
    r.rsi = 16;
    r.rcx = 2;
    CHECK_EQ(RUN(&r, 0xf3, 0x6e), PRIV_PF);
    /* INS into a bad buffer: the port is not read (no input lost), and
     * the registers still describe the whole instruction. */
    {
        unsigned long before = io_count, rip = r.rip;

        r.rdi = 16;
        r.rcx = 3;
        CHECK_EQ(RUN(&r, 0xf3, 0x66, 0x6d), PRIV_PF);
        CHECK_EQ(io_count, before);
        CHECK_EQ(r.rcx, 3);
        CHECK_EQ(r.rdi, 16);
        CHECK_EQ(r.rip, rip);
    }
    /* A long rep stops after a batch and is re-executed from where it was. */
    r = fresh();
    mem_any = true;
    r.rcx = PRIV_REP_BATCH + 5;
    r.rsi = 0x10000;
    CHECK_EQ(RUN(&r, 0xf3, 0x6e), PRIV_DONE);
    CHECK_EQ(r.rcx, 5);
    CHECK_EQ(r.rip, 0x1000);                  /* not advanced: restart */
    CHECK_EQ(r.rsi, 0x10000 + PRIV_REP_BATCH);
    CHECK_EQ(RUN(&r, 0xf3, 0x6e), PRIV_DONE);
    CHECK_EQ(r.rcx, 0);
    CHECK_EQ(r.rip, 0x1002);
    CHECK_EQ(io_count, PRIV_REP_BATCH + 5);
    mem_any = false;
}

TEST(refused_instructions)
{
    struct cpu_user_regs r = fresh();

    CHECK_EQ(RUN(&r, 0x0f, 0x05), PRIV_UNHANDLED);     /* syscall */
    CHECK_EQ(RUN(&r, 0xf0, 0x0f, 0x32), PRIV_UNHANDLED); /* lock rdmsr */
    CHECK_EQ(RUN(&r, 0x0f, 0x01, 0xf8), PRIV_UNHANDLED); /* swapgs */
    CHECK_EQ(RUN(&r, 0xf4), PRIV_UNHANDLED);           /* hlt */
    CHECK_EQ(RUN(&r, 0x0f), PRIV_UNHANDLED);
    r.rcx = 0; r.rax = 0; r.rdx = 0;
    CHECK_EQ(RUN(&r, 0x0f, 0x01, 0xd1), PRIV_GP);      /* xsetbv without x87 */
    r.rax = 1;
    CHECK_EQ(RUN(&r, 0x0f, 0x01, 0xd1), PRIV_DONE);
    CHECK_EQ(r.rip, 0x1003);
}

TEST(cpuid_policy_shows_xen_and_hides_the_rest)
{
    struct pv_cpuid_opts o = { true, 4, 17 };
    uint32_t r[4];
    char sig[13];

    memset(r, 0xff, sizeof(r));
    pv_cpuid_policy(0x40000000, 0, r, &o);
    memcpy(sig, &r[1], 12);
    sig[12] = 0;
    CHECK_STR(sig, "XenVMMXenVMM");
    CHECK(r[0] >= 0x40000002);
    memset(r, 0xff, sizeof(r));
    pv_cpuid_policy(0x40000001, 0, r, &o);
    CHECK_EQ(r[0], (4 << 16) | 17);
    memset(r, 0xff, sizeof(r));
    pv_cpuid_policy(0x40000100, 0, r, &o);    /* an underlying hypervisor's */
    CHECK_EQ(r[0] | r[1] | r[2] | r[3], 0);
    memset(r, 0xff, sizeof(r));
    pv_cpuid_policy(1, 0, r, &o);
    CHECK(r[2] & (1U << 31));                 /* hypervisor bit */
    CHECK(!(r[2] & (1U << 26)));              /* no XSAVE */
    CHECK(!(r[2] & (1U << 5)));               /* no VMX */
    CHECK(!(r[2] & (1U << 21)));              /* no x2APIC */
    CHECK(!(r[3] & (1U << 3)));               /* no PSE */
    CHECK(!(r[3] & (1U << 13)));              /* no PGE */
    CHECK(r[3] & (1U << 16));                 /* PAT stays */
    CHECK(r[3] & (1U << 22));                 /* dom0 keeps ACPI */
    o.dom0 = false;
    memset(r, 0xff, sizeof(r));
    pv_cpuid_policy(1, 0, r, &o);
    CHECK(!(r[3] & (1U << 22)));
    memset(r, 0xff, sizeof(r));
    pv_cpuid_policy(7, 0, r, &o);
    CHECK(!(r[1] & (1U << 7)));               /* no SMEP */
    CHECK(!(r[1] & (1U << 20)));              /* no SMAP */
    CHECK(!(r[1] & (1U << 0)));               /* no FSGSBASE */
    CHECK(!(r[1] & (1U << 5)));               /* no AVX2 */
    CHECK(r[1] & (1U << 3));                  /* BMI1 stays */
    memset(r, 0xff, sizeof(r));
    pv_cpuid_policy(0x80000001, 0, r, &o);
    CHECK(!(r[3] & (1U << 26)));              /* no 1G pages */
    CHECK(r[3] & (1U << 29));                 /* long mode */
    CHECK(r[3] & (1U << 20));                 /* NX */
}

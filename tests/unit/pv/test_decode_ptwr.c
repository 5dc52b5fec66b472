/*
 * test_decode_ptwr.c - the instruction decoder (x86_decode.c) on known
 * encodings and hostile byte strings, and emulated page-table writes
 * (ptwr.c) against a pinned table on the simulated machine.
 */
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "pv_host.h"
#include <xen/errno.h>
#include "../../../xen/arch/x86/pv/x86_decode.h"
#include "../../../xen/arch/x86/pv/ptwr.h"

#define B(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })

static int dec(const uint8_t *b, unsigned int n, struct x86_insn *in)
{
    return x86_decode(b, n, in);
}

TEST(decode_mov_store)
{
    struct x86_insn in;

    CHECK_EQ(dec(B(0x48, 0x89, 0x07), &in), 0);
    CHECK_EQ(in.len, 3);
    CHECK_EQ(in.opcode, 0x89);
    CHECK_EQ(in.opsize, 8);
    CHECK_EQ(in.reg, X86_RAX);
    CHECK(in.mem);
    CHECK_EQ(in.base, X86_RDI);
    CHECK_EQ(in.index, X86_NO_REG);
}

TEST(decode_locked_rmw_forms)
{
    struct x86_insn in;

    CHECK_EQ(dec(B(0xf0, 0x48, 0x0f, 0xb1, 0x16), &in), 0);   /* lock cmpxchg %rdx,(%rsi) */
    CHECK(in.lock && in.twobyte);
    CHECK_EQ(in.opcode, 0xb1);
    CHECK_EQ(in.reg, X86_RDX);
    CHECK_EQ(in.base, X86_RSI);
    CHECK_EQ(in.len, 5);
    CHECK_EQ(dec(B(0xf0, 0x80, 0x27, 0xfd), &in), 0);          /* lock andb $0xfd,(%rdi) */
    CHECK_EQ(in.opsize, 1);
    CHECK_EQ(in.reg & 7, 4);
    CHECK_EQ(in.imm, 0xfd);
    CHECK_EQ(in.len, 4);
    CHECK_EQ(dec(B(0xf0, 0x48, 0x0f, 0xba, 0x37, 0x05), &in), 0); /* lock btrq $5,(%rdi) */
    CHECK_EQ(in.reg & 7, 6);
    CHECK_EQ(in.imm, 5);
    CHECK_EQ(in.len, 6);
    CHECK_EQ(dec(B(0x48, 0x83, 0x0f, 0xff), &in), 0);          /* orq $-1,(%rdi) */
    CHECK_EQ(in.imm, (uint64_t)-1);
}

TEST(decode_addressing_modes)
{
    struct x86_insn in;
    struct cpu_user_regs r;

    memset(&r, 0, sizeof(r));
    r.rip = 0x1000;
    r.rdi = 0x5000;
    r.r8 = 3;
    CHECK_EQ(dec(B(0x48, 0x89, 0x05, 0x10, 0x00, 0x00, 0x00), &in), 0);
    CHECK(in.rip_rel);
    CHECK_EQ(x86_mem_addr(&in, &r, 0), 0x1000 + 7 + 0x10);
    CHECK_EQ(dec(B(0x4a, 0x89, 0x04, 0xc7), &in), 0);          /* (%rdi,%r8,8) */
    CHECK_EQ(in.index, X86_R8);
    CHECK_EQ(in.scale, 8);
    CHECK_EQ(x86_mem_addr(&in, &r, 0), 0x5000 + 24);
    CHECK_EQ(dec(B(0x65, 0x48, 0x89, 0x04, 0x25, 0x28, 0, 0, 0), &in), 0); /* %gs:0x28 */
    CHECK_EQ(in.seg, X86_SEG_GS);
    CHECK_EQ(in.base, X86_NO_REG);
    CHECK_EQ(x86_mem_addr(&in, &r, 0x7000), 0x7028);
    CHECK_EQ(dec(B(0x48, 0x89, 0x47, 0xf8), &in), 0);          /* -8(%rdi) */
    CHECK_EQ(x86_mem_addr(&in, &r, 0), 0x5000 - 8);
    CHECK_EQ(dec(B(0x49, 0x89, 0x84, 0x24, 0, 1, 0, 0), &in), 0); /* 0x100(%r12) */
    CHECK_EQ(in.base, X86_R12);
}

TEST(decode_privileged_instructions)
{
    struct x86_insn in;

    CHECK_EQ(dec(B(0x0f, 0x32), &in), 0);
    CHECK_EQ(in.len, 2);
    CHECK_EQ(dec(B(0x0f, 0x22, 0xe0), &in), 0);                /* mov %rax,%cr4 */
    CHECK_EQ(in.reg, 4);
    CHECK_EQ(in.rm, X86_RAX);
    CHECK(!in.mem);
    CHECK_EQ(dec(B(0x0f, 0x20, 0x18), &in), 0);                /* mod ignored */
    CHECK(!in.mem);
    CHECK_EQ(in.reg, 3);
    CHECK_EQ(dec(B(0x66, 0xed), &in), 0);
    CHECK_EQ(in.opsize, 2);
    CHECK_EQ(dec(B(0xe6, 0x80), &in), 0);
    CHECK_EQ(in.imm, 0x80);
    CHECK_EQ(in.len, 2);
}

TEST(decode_refuses_what_it_does_not_know)
{
    struct x86_insn in;
    uint8_t many[20];

    CHECK_EQ(dec(B(0x48, 0x89), &in), -1);                     /* truncated */
    CHECK_EQ(dec(B(0x0f, 0x05), &in), -1);                     /* syscall */
    CHECK_EQ(dec(B(0xc7, 0x04), &in), -1);                     /* missing SIB */
    CHECK_EQ(dec(B(0x48), &in), -1);
    CHECK_EQ(x86_decode(NULL, 0, &in), -1);
    memset(many, 0x66, sizeof(many));
    many[16] = 0x89;
    many[17] = 0x07;
    CHECK_EQ(x86_decode(many, sizeof(many), &in), -1);         /* > 15 bytes */
    for (unsigned int n = 0; n < 7; n++)                       /* every truncation */
        CHECK_EQ(dec((const uint8_t[]){ 0x48, 0x89, 0x05, 1, 2, 3, 4 }, n, &in), -1);
}

TEST(byte_register_rules)
{
    struct cpu_user_regs r;

    memset(&r, 0, sizeof(r));
    r.rax = 0x1122334455667788ULL;
    CHECK_EQ(x86_read_gpr(&r, 4, 1, false), 0x77);   /* AH */
    CHECK_EQ(x86_read_gpr(&r, 0, 1, false), 0x88);   /* AL */
    x86_write_gpr(&r, 4, 1, 0xaa, false);
    CHECK_EQ(r.rax, 0x112233445566aa88ULL);
    r.rsp = 0x1234;
    CHECK_EQ(x86_read_gpr(&r, 4, 1, true), 0x34);    /* SPL with REX */
    x86_write_gpr(&r, 0, 4, 0xdeadbeef, false);
    CHECK_EQ(r.rax, 0xdeadbeefULL);                  /* zero-extended */
}

/* ---- ptwr ---- */

#define P  _PAGE_PRESENT
#define RW _PAGE_RW
#define TBL (P | RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define VA  0x0000123456600000UL
#define VAL1 (VA + 0x1000)         /* where the L1 itself is mapped, RO */

static const uint8_t *code;
static unsigned int code_len;
static unsigned int fetch(unsigned long va, uint8_t *buf, unsigned int n)
{
    (void)va;
    n = n < code_len ? n : code_len;
    memcpy(buf, code, n);
    return n;
}

struct world { struct pvh_domain *p; mfn_t l4, l3, l2, l1, data, data2; };

static unsigned int ix(unsigned long va, int level) { return (va >> (12 + 9 * (level - 1))) & 511; }
static uint64_t ent(mfn_t m, uint64_t f) { return (m << 12) | f; }

static struct world make_world(void)
{
    struct world w;

    pvh_init();
    w.p = pvh_domain(1, false, 100);
    pvh_set_current(w.p);
    w.l4 = pvh_alloc(w.p); w.l3 = pvh_alloc(w.p); w.l2 = pvh_alloc(w.p);
    w.l1 = pvh_alloc(w.p); w.data = pvh_alloc(w.p); w.data2 = pvh_alloc(w.p);
    pvh_table(w.l4)[ix(VA, 4)] = ent(w.l3, TBL);
    pvh_table(w.l3)[ix(VA, 3)] = ent(w.l2, TBL);
    pvh_table(w.l2)[ix(VA, 2)] = ent(w.l1, TBL);
    pvh_table(w.l1)[ix(VA, 1)] = ent(w.data, P | RW);
    pvh_table(w.l1)[ix(VAL1, 1)] = ent(w.l1, P);    /* self map, read-only */
    if (pv_pin_table(&w.p->d, w.l4, 4) || pv_set_guest_table(&w.p->v, w.l4, false))
        abort();
    return w;
}

static enum ptwr_result emulate(struct cpu_user_regs *r, unsigned long cr2,
                                const uint8_t *c, unsigned int n, bool *flush)
{
    struct ptwr_ctx ctx = { current, r, cr2, 0, 0, fetch };

    code = c;
    code_len = n;
    *flush = false;
    return pv_ptwr_emulate(&ctx, flush);
}

static uint64_t entry(struct world *w, unsigned int i) { return pvh_table(w->l1)[i]; }

TEST(ptwr_mov_store_is_validated)
{
    struct world w = make_world();
    struct cpu_user_regs r;
    bool fl;

    memset(&r, 0, sizeof(r));
    r.rip = 0x400000;
    r.rdi = VAL1 + 8 * 20;
    r.rax = ent(w.data2, P | RW);
    CHECK_EQ(emulate(&r, r.rdi, B(0x48, 0x89, 0x07), &fl), PTWR_DONE);
    CHECK_EQ(pte_mfn(entry(&w, 20)), w.data2);
    CHECK_EQ(pvh_tcount(w.data2), 1);
    CHECK_EQ(r.rip, 0x400003);
    /* Mapping the L2 writable this way is refused; nothing changes. */
    r.rdi = VAL1 + 8 * 21;
    r.rax = ent(w.l2, P | RW);
    CHECK_EQ(emulate(&r, r.rdi, B(0x48, 0x89, 0x07), &fl), PTWR_REFUSED);
    CHECK_EQ(entry(&w, 21), 0);
    CHECK_EQ(r.rip, 0x400003);
    pvh_fini();
}

TEST(ptwr_xchg_clears_and_returns_old)
{
    struct world w = make_world();
    struct cpu_user_regs r;
    uint64_t old = entry(&w, ix(VA, 1));
    bool fl;

    memset(&r, 0, sizeof(r));
    r.rdi = VAL1 + 8 * ix(VA, 1);
    CHECK_EQ(emulate(&r, r.rdi, B(0x48, 0x87, 0x07), &fl), PTWR_DONE);
    CHECK_EQ(r.rax, old);
    CHECK_EQ(entry(&w, ix(VA, 1)), 0);
    /* No flush from the hypervisor (the guest flushes, as on Xen): the
     * old frame is stamped instead. */
    CHECK(!fl);
    CHECK(mfn_to_page(w.data)->tlbflush_stamp != 0);
    CHECK_EQ(pvh_tcount(w.data), 0);
    CHECK_EQ(pvh_count(w.data), 1);
    pvh_fini();
}

TEST(ptwr_wrprotect_and_young_bits)
{
    struct world w = make_world();
    struct cpu_user_regs r;
    unsigned int i = ix(VA, 1);
    bool fl;

    memset(&r, 0, sizeof(r));
    r.rdi = VAL1 + 8 * i;
    /* fork: lock andb $~RW,(%rdi) */
    CHECK_EQ(emulate(&r, r.rdi, B(0xf0, 0x80, 0x27, 0xfd), &fl), PTWR_DONE);
    CHECK(!(entry(&w, i) & RW));
    CHECK_EQ(pvh_tcount(w.data), 0);   /* the writable reference went */
    CHECK(!fl);
    CHECK(mfn_to_page(w.data)->tlbflush_stamp != 0);
    /* reclaim: lock btrq $5,(%rdi): CF = old accessed bit */
    pvh_table(w.l1)[i] |= _PAGE_ACCESSED;
    CHECK_EQ(emulate(&r, r.rdi, B(0xf0, 0x48, 0x0f, 0xba, 0x37, 0x05), &fl), PTWR_DONE);
    CHECK(r.rflags & 1);
    CHECK(!(entry(&w, i) & _PAGE_ACCESSED));
    CHECK_EQ(emulate(&r, r.rdi, B(0xf0, 0x48, 0x0f, 0xba, 0x37, 0x05), &fl), PTWR_DONE);
    CHECK(!(r.rflags & 1));
    pvh_fini();
}

TEST(ptwr_cmpxchg_both_ways)
{
    struct world w = make_world();
    struct cpu_user_regs r;
    unsigned int i = ix(VA, 1);
    uint64_t cur = entry(&w, i);
    bool fl;

    memset(&r, 0, sizeof(r));
    r.rsi = VAL1 + 8 * i;
    r.rax = cur ^ 0x20;                         /* wrong expectation */
    r.rdx = 0;
    CHECK_EQ(emulate(&r, r.rsi, B(0xf0, 0x48, 0x0f, 0xb1, 0x16), &fl), PTWR_DONE);
    CHECK(!(r.rflags & (1 << 6)));
    CHECK_EQ(r.rax, cur);
    CHECK_EQ(entry(&w, i), cur);
    CHECK_EQ(emulate(&r, r.rsi, B(0xf0, 0x48, 0x0f, 0xb1, 0x16), &fl), PTWR_DONE);
    CHECK(r.rflags & (1 << 6));
    CHECK_EQ(entry(&w, i), 0);
    pvh_fini();
}

TEST(ptwr_refuses_the_rest)
{
    struct world w = make_world();
    struct cpu_user_regs r;
    bool fl;

    memset(&r, 0, sizeof(r));
    r.rdi = VAL1 + 8 * 30 + 4;                  /* straddles two entries */
    CHECK_EQ(emulate(&r, r.rdi, B(0x48, 0x89, 0x07), &fl), PTWR_REFUSED);
    r.rdi = VAL1 + 8 * 30;
    CHECK_EQ(emulate(&r, VAL1 + 0x2000, B(0x48, 0x89, 0x07), &fl), PTWR_REFUSED); /* other page */
    CHECK_EQ(emulate(&r, r.rdi, B(0x48, 0x8b, 0x07), &fl), PTWR_REFUSED);       /* a load */
    CHECK_EQ(emulate(&r, r.rdi, B(0x0f, 0x05), &fl), PTWR_REFUSED);
    CHECK_EQ(emulate(&r, r.rdi, B(0x48, 0x89), &fl), PTWR_REFUSED);             /* truncated */
    r.rdi = VA;                                 /* the data page is no page table */
    CHECK_EQ(emulate(&r, r.rdi, B(0x48, 0x89, 0x07), &fl), PTWR_REFUSED);
    r.rdi = VAL1;
    r.rcx = 200;                                /* bit offset outside the operand */
    CHECK_EQ(emulate(&r, r.rdi, B(0x48, 0x0f, 0xab, 0x0f), &fl), PTWR_REFUSED);
    CHECK_EQ(entry(&w, 30), 0);
    pvh_fini();
}

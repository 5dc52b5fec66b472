/*
 * ptwr.c - see ptwr.h.
 *
 * The update is a compare-and-swap on the whole 8-byte entry (through
 * pv_mod_entry_expect), retried when the hardware or another CPU changed
 * the entry between our read and our write, so the emulated instruction is
 * atomic as the guest expects even with a lock prefix.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include "pv_mm.h"
#include "ptwr.h"
#include "x86_decode.h"

#define RFL_CF (1UL << 0)
#define RFL_PF (1UL << 2)
#define RFL_ZF (1UL << 6)
#define RFL_SF (1UL << 7)
#define RFL_OF (1UL << 11)

enum op { OP_NONE, OP_MOV, OP_XCHG, OP_CMPXCHG, OP_OR, OP_AND, OP_BTS, OP_BTR };

struct wr {
    enum op op;
    bool src_is_reg;      /* else the immediate */
};

static struct wr classify(const struct x86_insn *in)
{
    struct wr w = { OP_NONE, true };

    if (!in->mem)
        return w;
    if (!in->twobyte) {
        switch (in->opcode) {
        case 0x88: case 0x89: w.op = OP_MOV; break;
        case 0x86: case 0x87: w.op = OP_XCHG; break;
        case 0x08: case 0x09: w.op = OP_OR; break;
        case 0x20: case 0x21: w.op = OP_AND; break;
        case 0xc6: case 0xc7:
            if ((in->reg & 7) == 0)
                w = (struct wr){ OP_MOV, false };
            break;
        case 0x80: case 0x81: case 0x83:
            if ((in->reg & 7) == 1)
                w = (struct wr){ OP_OR, false };
            else if ((in->reg & 7) == 4)
                w = (struct wr){ OP_AND, false };
            break;
        }
        return w;
    }
    switch (in->opcode) {
    case 0xb0: case 0xb1: w.op = OP_CMPXCHG; break;
    case 0xab: w.op = OP_BTS; break;
    case 0xb3: w.op = OP_BTR; break;
    case 0xba:
        if ((in->reg & 7) == 5)
            w = (struct wr){ OP_BTS, false };
        else if ((in->reg & 7) == 6)
            w = (struct wr){ OP_BTR, false };
        break;
    }
    return w;
}

static uint64_t size_mask(unsigned int sz)
{
    return sz == 8 ? ~0ULL : (1ULL << (8 * sz)) - 1;
}

static bool parity_even(uint8_t b)
{
    b ^= b >> 4;
    b ^= b >> 2;
    b ^= b >> 1;
    return !(b & 1);
}

/* Flags after a logical operation on an operand of size sz. */
static uint64_t logic_flags(uint64_t rflags, uint64_t res, unsigned int sz)
{
    rflags &= ~(RFL_CF | RFL_OF | RFL_ZF | RFL_SF | RFL_PF);
    if (!res)
        rflags |= RFL_ZF;
    if (res & (1ULL << (8 * sz - 1)))
        rflags |= RFL_SF;
    if (parity_even((uint8_t)res))
        rflags |= RFL_PF;
    return rflags;
}

/* The bit a bt* instruction names, or -1 if it leaves the operand. */
static int bit_index(const struct x86_insn *in, const struct wr *w,
                     struct cpu_user_regs *regs)
{
    unsigned int bits = 8 * in->opsize;
    int64_t off;

    if (!w->src_is_reg)
        return (int)(in->imm & (bits - 1));
    off = (int64_t)x86_read_gpr(regs, in->reg, in->opsize, in->rex);
    if (in->opsize == 4)
        off = (int32_t)off;
    else if (in->opsize == 2)
        off = (int16_t)off;
    return off >= 0 && off < bits ? (int)off : -1;
}

/* Locates the L1 frame mapped at va and the entry index va writes. */
static int find_target(struct vcpu *v, unsigned long va, mfn_t *target)
{
    unsigned int idx;
    mfn_t l1;
    pv_pte_t e;

    if (pv_find_l1(v, va, &l1, &idx))
        return -EINVAL;
    e = __atomic_load_n((pv_pte_t *)mfn_to_virt(l1) + idx, __ATOMIC_ACQUIRE);
    if (!pte_present(e) || !mfn_valid(pte_mfn(e)))
        return -EINVAL;
    *target = pte_mfn(e);
    if (page_get_owner(mfn_to_page(*target)) != v->domain ||
        pv_table_level(mfn_to_page(*target)) != 1)
        return -EINVAL;
    return 0;
}

struct outcome {
    uint64_t newpart;
    bool write;           /* false: no store (failed cmpxchg) */
};

static struct outcome compute(const struct x86_insn *in, const struct wr *w,
                              struct cpu_user_regs *regs, uint64_t part,
                              int bit)
{
    unsigned int sz = in->opsize;
    uint64_t m = size_mask(sz);
    uint64_t src = w->src_is_reg ? x86_read_gpr(regs, in->reg, sz, in->rex)
                                 : in->imm & m;
    struct outcome o = { part, true };

    switch (w->op) {
    case OP_MOV: case OP_XCHG: o.newpart = src; break;
    case OP_OR: o.newpart = part | src; break;
    case OP_AND: o.newpart = part & src; break;
    case OP_BTS: o.newpart = part | (1ULL << bit); break;
    case OP_BTR: o.newpart = part & ~(1ULL << bit); break;
    case OP_CMPXCHG:
        o.write = part == (regs->rax & m);
        o.newpart = o.write ? src : part;
        break;
    case OP_NONE: break;
    }
    return o;
}

/* Register and flag results once the store (if any) has happened. */
static void retire(const struct x86_insn *in, const struct wr *w,
                   struct cpu_user_regs *regs, uint64_t part,
                   const struct outcome *o, int bit)
{
    unsigned int sz = in->opsize;

    switch (w->op) {
    case OP_XCHG:
        x86_write_gpr(regs, in->reg, sz, part, in->rex);
        break;
    case OP_CMPXCHG:
        if (o->write) {
            regs->rflags |= RFL_ZF;
        } else {
            regs->rflags &= ~RFL_ZF;
            x86_write_gpr(regs, X86_RAX, sz, part, in->rex);
        }
        break;
    case OP_OR: case OP_AND:
        regs->rflags = logic_flags(regs->rflags, o->newpart, sz);
        break;
    case OP_BTS: case OP_BTR:
        regs->rflags = (regs->rflags & ~RFL_CF) | ((part >> bit) & 1);
        break;
    default:
        break;
    }
    regs->rip += in->len;
}

enum ptwr_result pv_ptwr_emulate(struct ptwr_ctx *c, bool *flush)
{
    uint8_t buf[X86_MAX_INSN_LEN];
    struct x86_insn in;
    struct wr w;
    unsigned int n, shift, sz, idx;
    uint64_t addr, seg = 0, m;
    mfn_t target;
    int bit = 0;

    n = c->fetch(c->regs->rip, buf, sizeof(buf));
    if (x86_decode(buf, n, &in))
        return PTWR_REFUSED;
    w = classify(&in);
    if (w.op == OP_NONE)
        return PTWR_REFUSED;
    if (in.seg == X86_SEG_FS)
        seg = c->fs_base;
    else if (in.seg == X86_SEG_GS)
        seg = c->gs_base;
    addr = x86_mem_addr(&in, c->regs, seg);
    sz = in.opsize;
    /* One aligned 8-byte entry, in the page that faulted. */
    if ((addr & 7) + sz > 8 || (addr >> 12) != (c->cr2 >> 12))
        return PTWR_REFUSED;
    if ((w.op == OP_BTS || w.op == OP_BTR) &&
        (bit = bit_index(&in, &w, c->regs)) < 0)
        return PTWR_REFUSED;
    if (find_target(c->v, addr, &target))
        return PTWR_REFUSED;
    shift = 8 * (addr & 7);
    m = size_mask(sz) << shift;
    idx = (addr & 0xfff) / 8;
    for (unsigned int tries = 0; tries < 64; tries++) {
        pv_pte_t *e = (pv_pte_t *)mfn_to_virt(target) + idx;
        pv_pte_t old = __atomic_load_n(e, __ATOMIC_ACQUIRE);
        uint64_t part = (old & m) >> shift;
        struct outcome o = compute(&in, &w, c->regs, part, bit);
        pv_pte_t nval = (old & ~m) | ((o.newpart << shift) & m);
        int rc = 0;

        if (o.write && nval != old)
            rc = pv_mod_entry_expect(c->v->domain, target, idx, 1, old, nval,
                                     flush);
        if (rc == -EAGAIN)
            continue;
        if (rc)
            return PTWR_REFUSED;
        retire(&in, &w, c->regs, part, &o, bit);
        return PTWR_DONE;
    }
    return PTWR_REFUSED;
}

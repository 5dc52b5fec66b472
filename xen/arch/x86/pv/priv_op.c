/*
 * priv_op.c - see priv_op.h.
 */
#include <xen/lib.h>
#include "priv_op.h"
#include "x86_decode.h"

#define RFL_DF (1UL << 10)

static uint32_t lo32(uint64_t v) { return (uint32_t)v; }

static void set_edx_eax(struct cpu_user_regs *r, uint64_t v)
{
    r->rax = lo32(v);
    r->rdx = v >> 32;
}

static enum priv_op_result do_cpuid(struct cpu_user_regs *r,
                                    const struct priv_op_ops *ops)
{
    uint32_t res[4];

    ops->cpuid(ops->ctx, lo32(r->rax), lo32(r->rcx), res);
    r->rax = res[0];
    r->rbx = res[1];
    r->rcx = res[2];
    r->rdx = res[3];
    return PRIV_DONE;
}

static enum priv_op_result do_rdmsr(struct cpu_user_regs *r,
                                    const struct priv_op_ops *ops)
{
    uint64_t v;

    if (ops->read_msr(ops->ctx, lo32(r->rcx), &v))
        return PRIV_GP;
    set_edx_eax(r, v);
    return PRIV_DONE;
}

static enum priv_op_result do_wrmsr(struct cpu_user_regs *r,
                                    const struct priv_op_ops *ops)
{
    uint64_t v = ((uint64_t)lo32(r->rdx) << 32) | lo32(r->rax);

    return ops->write_msr(ops->ctx, lo32(r->rcx), v) ? PRIV_GP : PRIV_DONE;
}

static enum priv_op_result do_mov_cr(struct cpu_user_regs *r,
                                     const struct priv_op_ops *ops,
                                     const struct x86_insn *in, bool to_cr)
{
    uint64_t v;

    if (in->reg > 8)
        return PRIV_GP;
    if (to_cr)
        return ops->write_cr(ops->ctx, in->reg, *x86_gpr(r, in->rm))
               ? PRIV_GP : PRIV_DONE;
    if (ops->read_cr(ops->ctx, in->reg, &v))
        return PRIV_GP;
    *x86_gpr(r, in->rm) = v;
    return PRIV_DONE;
}

static enum priv_op_result do_clts(const struct priv_op_ops *ops)
{
    uint64_t cr0;

    if (ops->read_cr(ops->ctx, 0, &cr0) ||
        ops->write_cr(ops->ctx, 0, cr0 & ~(1ULL << 3)))
        return PRIV_GP;
    return PRIV_DONE;
}

static enum priv_op_result do_0f01(struct cpu_user_regs *r,
                                   const struct priv_op_ops *ops,
                                   const struct x86_insn *in)
{
    uint64_t v = ((uint64_t)lo32(r->rdx) << 32) | lo32(r->rax);

    /* 0F 01 D1 = xsetbv: ModRM 11 010 001. */
    if (in->mem || (in->reg & 7) != 2 || (in->rm & 7) != 1 || in->rex)
        return PRIV_UNHANDLED;
    return ops->xsetbv(ops->ctx, lo32(r->rcx), v) ? PRIV_GP : PRIV_DONE;
}

static unsigned int io_size(const struct x86_insn *in)
{
    return in->opsize == 8 ? 4 : in->opsize;   /* REX.W is ignored */
}

static enum priv_op_result do_in_out(struct cpu_user_regs *r,
                                     const struct priv_op_ops *ops,
                                     const struct x86_insn *in)
{
    unsigned int sz = io_size(in);
    bool is_in = in->opcode == 0xe4 || in->opcode == 0xe5 ||
                 in->opcode == 0xec || in->opcode == 0xed;
    uint16_t port = in->imm_size ? (uint16_t)in->imm : (uint16_t)r->rdx;

    if (!ops->io_allowed(ops->ctx, port, sz))
        return PRIV_GP;
    if (is_in)
        x86_write_gpr(r, X86_RAX, sz, ops->io_in(ops->ctx, port, sz), false);
    else
        ops->io_out(ops->ctx, port, sz, lo32(r->rax));
    return PRIV_DONE;
}

/*
 * INS/OUTS, with or without rep.  Returns PRIV_DONE with RIP advanced when
 * finished, or with RIP left in place (rcx updated) when the batch limit
 * stopped a long rep, so the guest re-executes and we continue.  A memory
 * access that faults returns PRIV_PF with the registers describing the
 * elements done so far and RIP on the instruction, so the guest's #PF
 * handler can fix the page and the instruction resumes; INS checks that
 * the element can be written before it reads the port, so no input is
 * lost.
 */
static enum priv_op_result do_string_io(struct cpu_user_regs *r,
                                        const struct priv_op_ops *ops,
                                        const struct x86_insn *in,
                                        bool *restart)
{
    unsigned int sz = io_size(in);
    bool is_in = in->opcode == 0x6c || in->opcode == 0x6d;
    uint16_t port = (uint16_t)r->rdx;
    uint64_t *ptr = is_in ? &r->rdi : &r->rsi;
    long step = (r->rflags & RFL_DF) ? -(long)sz : (long)sz;
    uint64_t count = in->rep ? r->rcx : 1;
    unsigned int done = 0;
    uint32_t val;

    if (in->addrsize32)
        return PRIV_UNHANDLED;
    if (!ops->io_allowed(ops->ctx, port, sz))
        return PRIV_GP;
    while (count && done < PRIV_REP_BATCH) {
        val = 0;
        if (is_in) {
            if (ops->copy_to(ops->ctx, *ptr, &val, sz))
                return PRIV_PF;
            val = ops->io_in(ops->ctx, port, sz);
            if (ops->copy_to(ops->ctx, *ptr, &val, sz))
                return PRIV_PF;
        } else {
            if (ops->copy_from(ops->ctx, &val, *ptr, sz))
                return PRIV_PF;
            ops->io_out(ops->ctx, port, sz, val);
        }
        *ptr += (uint64_t)step;
        count--;
        done++;
        if (in->rep)
            r->rcx = count;
    }
    *restart = count != 0;
    return PRIV_DONE;
}

static enum priv_op_result dispatch(struct cpu_user_regs *r,
                                    const struct priv_op_ops *ops,
                                    const struct x86_insn *in, bool *restart)
{
    if (in->twobyte) {
        switch (in->opcode) {
        case 0xa2: return do_cpuid(r, ops);
        case 0x32: return do_rdmsr(r, ops);
        case 0x30: return do_wrmsr(r, ops);
        case 0x20: return do_mov_cr(r, ops, in, false);
        case 0x22: return do_mov_cr(r, ops, in, true);
        case 0x06: return do_clts(ops);
        case 0x08: case 0x09: return PRIV_DONE;   /* invd/wbinvd: no-ops */
        case 0x01: return do_0f01(r, ops, in);
        }
        return PRIV_UNHANDLED;
    }
    switch (in->opcode) {
    case 0xfa: case 0xfb:
        return PRIV_DONE;       /* cli/sti: events are masked virtually */
    case 0xe4: case 0xe5: case 0xe6: case 0xe7:
    case 0xec: case 0xed: case 0xee: case 0xef:
        return do_in_out(r, ops, in);
    case 0x6c: case 0x6d: case 0x6e: case 0x6f:
        return do_string_io(r, ops, in, restart);
    }
    return PRIV_UNHANDLED;
}

enum priv_op_result pv_emulate_priv_op(struct cpu_user_regs *regs,
                                       const struct priv_op_ops *ops)
{
    uint8_t buf[X86_MAX_INSN_LEN];
    struct x86_insn in;
    unsigned int n = ops->fetch(ops->ctx, regs->rip, buf, sizeof(buf));
    bool restart = false;
    enum priv_op_result rc;

    if (x86_decode(buf, n, &in))
        return PRIV_UNHANDLED;
    /* Prefixes that change nothing here are accepted; lock is not. */
    if (in.lock)
        return PRIV_UNHANDLED;
    rc = dispatch(regs, ops, &in, &restart);
    if (rc == PRIV_DONE && !restart)
        regs->rip += in.len;
    return rc;
}

static const uint8_t forced_prefix[5] = { 0x0f, 0x0b, 'x', 'e', 'n' };

enum priv_op_result pv_emulate_invalid_op(struct cpu_user_regs *regs,
                                          const struct priv_op_ops *ops)
{
    uint8_t buf[7];
    unsigned int n = ops->fetch(ops->ctx, regs->rip, buf, sizeof(buf));

    if (n < sizeof(buf) || memcmp(buf, forced_prefix, 5) ||
        buf[5] != 0x0f || buf[6] != 0xa2)
        return PRIV_UNHANDLED;
    do_cpuid(regs, ops);
    regs->rip += sizeof(buf);
    return PRIV_DONE;
}

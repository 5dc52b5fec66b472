/*
 * x86_decode.c - see x86_decode.h.
 *
 * Opcode knowledge lives in two small tables (one-byte and 0F maps): for
 * each opcode we emulate, whether it has a ModRM byte, the size of its
 * immediate, and whether its operand is byte sized.  Unknown opcodes are
 * refused rather than guessed at.
 */
#include <xen/lib.h>
#include "x86_decode.h"

/* Table flags. */
#define D_KNOWN   0x01
#define D_MODRM   0x02
#define D_BYTEOP  0x04   /* operand is 8 bits */
#define D_IMM8    0x08   /* imm8 */
#define D_IMMZ    0x10   /* imm16 with 66, else imm32 sign-extended */
#define D_IMM8S   0x20   /* imm8 sign-extended to operand size */
#define D_REGONLY 0x40   /* ModRM operand is always a register (mov CR) */

static uint8_t one_byte(uint8_t op)
{
    switch (op) {
    case 0x08: case 0x20: case 0x86: case 0x88:
        return D_KNOWN | D_MODRM | D_BYTEOP;
    case 0x09: case 0x21: case 0x87: case 0x89:
        return D_KNOWN | D_MODRM;
    case 0x80: return D_KNOWN | D_MODRM | D_BYTEOP | D_IMM8;
    case 0x81: return D_KNOWN | D_MODRM | D_IMMZ;
    case 0x83: return D_KNOWN | D_MODRM | D_IMM8S;
    case 0xc6: return D_KNOWN | D_MODRM | D_BYTEOP | D_IMM8;
    case 0xc7: return D_KNOWN | D_MODRM | D_IMMZ;
    case 0xe4: case 0xe6: return D_KNOWN | D_BYTEOP | D_IMM8;
    case 0xe5: case 0xe7: return D_KNOWN | D_IMM8;
    case 0xec: case 0xee: case 0x6c: case 0x6e: return D_KNOWN | D_BYTEOP;
    case 0xed: case 0xef: case 0x6d: case 0x6f: return D_KNOWN;
    case 0xfa: case 0xfb: case 0xf4: return D_KNOWN;
    }
    return 0;
}

static uint8_t two_byte(uint8_t op)
{
    switch (op) {
    case 0x01: return D_KNOWN | D_MODRM;            /* xsetbv etc. */
    case 0x06: case 0x08: case 0x09: case 0x0b:
    case 0x30: case 0x31: case 0x32: case 0xa2:
        return D_KNOWN;
    case 0x20: case 0x21: case 0x22: case 0x23:
        return D_KNOWN | D_MODRM | D_REGONLY;
    case 0xab: case 0xb3: case 0xb1: return D_KNOWN | D_MODRM;
    case 0xb0: return D_KNOWN | D_MODRM | D_BYTEOP;
    case 0xba: return D_KNOWN | D_MODRM | D_IMM8;
    }
    return 0;
}

struct cursor {
    const uint8_t *buf;
    unsigned int avail, pos;
};

static bool take(struct cursor *c, unsigned int n, uint64_t *out)
{
    uint64_t v = 0;

    if (n > c->avail - c->pos || c->pos + n > X86_MAX_INSN_LEN)
        return false;
    for (unsigned int i = 0; i < n; i++)
        v |= (uint64_t)c->buf[c->pos + i] << (8 * i);
    c->pos += n;
    *out = v;
    return true;
}

static int64_t sext(uint64_t v, unsigned int bytes)
{
    unsigned int sh = 64 - 8 * bytes;

    return bytes >= 8 ? (int64_t)v : (int64_t)(v << sh) >> sh;
}

static bool prefixes(struct cursor *c, struct x86_insn *in)
{
    uint64_t b;

    for (;;) {
        if (!take(c, 1, &b))
            return false;
        switch (b) {
        case 0xf0: in->lock = true; continue;
        case 0xf3: in->rep = true; continue;
        case 0xf2: in->repne = true; continue;
        case 0x66: in->opsize16 = true; continue;
        case 0x67: in->addrsize32 = true; continue;
        case 0x26: in->seg = X86_SEG_ES; continue;
        case 0x2e: in->seg = X86_SEG_CS; continue;
        case 0x36: in->seg = X86_SEG_SS; continue;
        case 0x3e: in->seg = X86_SEG_DS; continue;
        case 0x64: in->seg = X86_SEG_FS; continue;
        case 0x65: in->seg = X86_SEG_GS; continue;
        }
        if ((b & 0xf0) == 0x40) {
            /* REX must come last; the opcode follows. */
            in->rex = (uint8_t)b;
            if (!take(c, 1, &b))
                return false;
        }
        in->opcode = (uint8_t)b;
        return true;
    }
}

static bool modrm(struct cursor *c, struct x86_insn *in, bool regonly)
{
    uint64_t m, sib, d;
    unsigned int rm;

    if (!take(c, 1, &m))
        return false;
    in->has_modrm = true;
    in->mod = (m >> 6) & 3;
    in->reg = ((m >> 3) & 7) | ((in->rex & 4) << 1);
    rm = m & 7;
    if (regonly)
        in->mod = 3;
    if (in->mod == 3) {
        in->rm = rm | ((in->rex & 1) << 3);
        return true;
    }
    in->mem = true;
    in->base = in->index = X86_NO_REG;
    if (rm == 4) {
        if (!take(c, 1, &sib))
            return false;
        unsigned int idx = ((sib >> 3) & 7) | ((in->rex & 2) << 2);
        unsigned int base = sib & 7;

        in->scale = 1U << (sib >> 6);
        if (idx != X86_RSP)
            in->index = (uint8_t)idx;
        if (base == 5 && in->mod == 0) {
            if (!take(c, 4, &d))
                return false;
            in->disp = sext(d, 4);
            return true;
        }
        in->base = (uint8_t)(base | ((in->rex & 1) << 3));
    } else if (rm == 5 && in->mod == 0) {
        if (!take(c, 4, &d))
            return false;
        in->disp = sext(d, 4);
        in->rip_rel = true;
        return true;
    } else {
        in->base = (uint8_t)(rm | ((in->rex & 1) << 3));
    }
    if (in->mod == 1) {
        if (!take(c, 1, &d))
            return false;
        in->disp = sext(d, 1);
    } else if (in->mod == 2) {
        if (!take(c, 4, &d))
            return false;
        in->disp = sext(d, 4);
    }
    return true;
}

static bool immediate(struct cursor *c, struct x86_insn *in, uint8_t f)
{
    uint64_t v;

    if (f & (D_IMM8 | D_IMM8S)) {
        if (!take(c, 1, &v))
            return false;
        in->imm_size = 1;
        in->imm = (f & D_IMM8S) ? (uint64_t)sext(v, 1) : v;
    } else if (f & D_IMMZ) {
        unsigned int n = in->opsize16 ? 2 : 4;

        if (!take(c, n, &v))
            return false;
        in->imm_size = (uint8_t)n;
        in->imm = (uint64_t)sext(v, n);
    }
    return true;
}

int x86_decode(const uint8_t *buf, unsigned int avail, struct x86_insn *in)
{
    struct cursor c = { buf, avail, 0 };
    uint64_t b;
    uint8_t f;

    memset(in, 0, sizeof(*in));
    in->base = in->index = X86_NO_REG;
    if (!prefixes(&c, in))
        return -1;
    if (in->opcode == 0x0f) {
        if (!take(&c, 1, &b))
            return -1;
        in->twobyte = true;
        in->opcode = (uint8_t)b;
        f = two_byte(in->opcode);
    } else {
        f = one_byte(in->opcode);
    }
    if (!(f & D_KNOWN))
        return -1;
    in->opsize = (f & D_BYTEOP) ? 1 : (in->rex & 8) ? 8 : in->opsize16 ? 2 : 4;
    if ((f & D_MODRM) && !modrm(&c, in, f & D_REGONLY))
        return -1;
    if (!immediate(&c, in, f))
        return -1;
    in->len = (uint8_t)c.pos;
    return 0;
}

uint64_t *x86_gpr(struct cpu_user_regs *r, unsigned int n)
{
    switch (n) {
    case X86_RAX: return &r->rax;
    case X86_RCX: return &r->rcx;
    case X86_RDX: return &r->rdx;
    case X86_RBX: return &r->rbx;
    case X86_RSP: return &r->rsp;
    case X86_RBP: return &r->rbp;
    case X86_RSI: return &r->rsi;
    case X86_RDI: return &r->rdi;
    case X86_R8:  return &r->r8;
    case X86_R9:  return &r->r9;
    case X86_R10: return &r->r10;
    case X86_R11: return &r->r11;
    case X86_R12: return &r->r12;
    case X86_R13: return &r->r13;
    case X86_R14: return &r->r14;
    case X86_R15: return &r->r15;
    }
    return NULL;
}

uint64_t x86_mem_addr(const struct x86_insn *in, struct cpu_user_regs *regs,
                      uint64_t seg_base)
{
    uint64_t a = (uint64_t)in->disp;

    if (in->rip_rel)
        a += regs->rip + in->len;
    if (in->base != X86_NO_REG)
        a += *x86_gpr(regs, in->base);
    if (in->index != X86_NO_REG)
        a += *x86_gpr(regs, in->index) * in->scale;
    if (in->addrsize32)
        a &= 0xffffffffULL;
    return a + seg_base;
}

/*
 * Byte registers: without REX, encodings 4-7 are AH, CH, DH, BH (bits
 * 8-15 of rax..rbx); with REX they are SPL, BPL, SIL, DIL.
 */
static uint64_t *byte_reg(struct cpu_user_regs *regs, unsigned int n,
                          bool rex, unsigned int *shift)
{
    *shift = 0;
    if (!rex && n >= 4 && n < 8) {
        *shift = 8;
        n -= 4;
    }
    return x86_gpr(regs, n);
}

uint64_t x86_read_gpr(struct cpu_user_regs *regs, unsigned int n,
                      unsigned int sz, bool rex)
{
    unsigned int shift;
    uint64_t *p;

    if (sz == 1) {
        p = byte_reg(regs, n, rex, &shift);
        return p ? (*p >> shift) & 0xff : 0;
    }
    p = x86_gpr(regs, n);
    if (!p)
        return 0;
    return sz == 8 ? *p : *p & ((1ULL << (8 * sz)) - 1);
}

void x86_write_gpr(struct cpu_user_regs *regs, unsigned int n,
                   unsigned int sz, uint64_t val, bool rex)
{
    unsigned int shift;
    uint64_t *p;

    switch (sz) {
    case 1:
        p = byte_reg(regs, n, rex, &shift);
        if (p)
            *p = (*p & ~(0xffULL << shift)) | ((val & 0xff) << shift);
        return;
    case 2:
        if ((p = x86_gpr(regs, n)))
            *p = (*p & ~0xffffULL) | (val & 0xffff);
        return;
    case 4:
        if ((p = x86_gpr(regs, n)))
            *p = val & 0xffffffffULL;
        return;
    default:
        if ((p = x86_gpr(regs, n)))
            *p = val;
    }
}

/*
 * x86_decode.h - a small x86-64 instruction decoder for the emulation the
 * PV layer needs: writes into page tables (ptwr.c) and privileged
 * instructions a ring-3 guest kernel executes (priv_op.c).
 *
 * It decodes prefixes, the one-byte and 0F opcode maps for the opcodes in
 * its table, ModRM/SIB/displacement (RIP-relative too) and immediates, in
 * 64-bit mode only.  Anything else is refused: the caller then reflects the
 * original fault to the guest.  It never reads beyond the bytes it is given.
 */
#ifndef X86_PV_DECODE_H
#define X86_PV_DECODE_H

#include <xen/types.h>
#include <public/xen.h>

#define X86_MAX_INSN_LEN 15

enum x86_seg { X86_SEG_NONE, X86_SEG_ES, X86_SEG_CS, X86_SEG_SS,
               X86_SEG_DS, X86_SEG_FS, X86_SEG_GS };

/* General-purpose registers in encoding order (rax=0 ... r15=15). */
enum x86_gpr { X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP,
               X86_RSI, X86_RDI, X86_R8, X86_R9, X86_R10, X86_R11,
               X86_R12, X86_R13, X86_R14, X86_R15, X86_NO_REG = 0xff };

struct x86_insn {
    uint8_t len;            /* bytes, prefixes included */
    bool lock, rep, repne, opsize16, addrsize32;
    uint8_t rex;            /* the REX byte, 0 if none */
    uint8_t seg;            /* enum x86_seg: explicit override */
    bool twobyte;           /* 0F map */
    uint8_t opcode;
    bool has_modrm;
    uint8_t mod, reg, rm;   /* reg and rm include the REX extensions */
    bool mem;               /* the ModRM operand is memory */
    bool rip_rel;
    uint8_t base, index, scale;  /* X86_NO_REG when absent */
    int64_t disp;
    uint8_t imm_size;       /* 0, 1, 2 or 4 bytes as encoded */
    uint64_t imm;           /* sign- or zero-extended per opcode */
    uint8_t opsize;         /* operand size: 1, 2, 4 or 8 */
};

/* 0, or -1 if the bytes are not an instruction this decoder knows. */
int x86_decode(const uint8_t *buf, unsigned int avail, struct x86_insn *in);

/* A register of regs by encoding number (NULL for X86_NO_REG). */
uint64_t *x86_gpr(struct cpu_user_regs *regs, unsigned int n);

/*
 * The linear address of the memory operand: base + index*scale + disp
 * (+ rip of the next instruction), plus seg_base (the caller passes the FS
 * or GS base when in->seg says so, else 0).  Truncated to 32 bits with
 * an address-size prefix.
 */
uint64_t x86_mem_addr(const struct x86_insn *in, struct cpu_user_regs *regs,
                      uint64_t seg_base);

/*
 * Register n as an operand of size sz.  Writes follow the x86 rules: a
 * 4-byte write zero-extends, 1- and 2-byte writes merge.  Byte registers
 * 4-7 are AH..BH without a REX prefix and SPL..DIL with one.
 */
void x86_write_gpr(struct cpu_user_regs *regs, unsigned int n,
                   unsigned int sz, uint64_t val, bool rex);
uint64_t x86_read_gpr(struct cpu_user_regs *regs, unsigned int n,
                      unsigned int sz, bool rex);

#endif

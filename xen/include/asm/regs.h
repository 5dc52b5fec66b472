/*
 * asm/regs.h - the register frame entry.S builds on every trap and
 * interrupt (Xen's cpu_user_regs order, so guest-facing code can share it).
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#ifndef __ASSEMBLY__
#include <xen/types.h>

struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint32_t error_code, entry_vector;
    uint64_t rip;
    uint16_t cs, _pad0[3];
    uint64_t rflags, rsp;
    uint16_t ss, _pad1[3];
};

static inline bool guest_mode(const struct cpu_user_regs *r)
{
    return (r->cs & 3) != 0;
}
#endif

#endif

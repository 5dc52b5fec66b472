/*
 * asm/regs.h - the register frame entry.S builds on every trap, interrupt
 * and syscall: the public struct cpu_user_regs (Xen's order), so that
 * guest-facing code shares it with the ABI.
 *
 * The hardware part of the frame ends at ss.  For a frame that came from a
 * guest, the es/ds/fs/gs slots above it are reserved at the top of the
 * CPU's stack (TSS rsp0 points at &es), so guest_cpu_user_regs() covers
 * the whole struct.  For a frame taken in hypervisor mode those slots lie
 * in whatever was above on the stack: never touch them there.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#define REGS_SIZE      200   /* sizeof(struct cpu_user_regs) */
#define REGS_HW_SIZE   168   /* up to and including ss */

/* Pseudo vectors of frames built by the syscall entry (64-bit, compat). */
#define TRAP_syscall   0x100
#define TRAP_syscall32 0x101

#ifndef __ASSEMBLY__
#include <xen/types.h>
#include <public/xen.h>

_Static_assert(sizeof(struct cpu_user_regs) == REGS_SIZE, "regs size");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, es) == REGS_HW_SIZE,
               "regs layout");

static inline bool guest_mode(const struct cpu_user_regs *r)
{
    return (r->cs & 3) != 0;
}
#endif

#endif

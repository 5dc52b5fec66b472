/* guest_asm.h - constants shared by head.S and the C side. */
#ifndef GUEST_ASM_H
#define GUEST_ASM_H

#define GUEST_VIRT_BASE   0xffffffff80000000

/* Pseudo vectors for callbacks that share trap_common. */
#define VEC_EVENT     0x100
#define VEC_SYSCALL   0x101
#define VEC_FAILSAFE  0x102

#define FLAT_USER_CS_ASM  0xe033
#define FLAT_USER_SS_ASM  0xe02b

#endif

/*
 * head.S - entry, Xen ELF notes and low-level trap/callback glue of the
 * Xenolith PV test microkernels.
 *
 * A 64-bit PV kernel runs in ring 3.  The hypervisor enters at _start with
 * %rsi = start_info; traps and callbacks arrive as "bounce frames" on the
 * kernel stack: rcx, r11, [error code], rip, cs, rflags, rsp, ss (lowest
 * address first).  We restore rcx/r11 from the frame, push a vector number
 * (and a zero error code where the CPU gives none), save the GPRs and call
 * trap_dispatch() with a struct frame (see guest.h).  Every return goes
 * through HYPERVISOR_iret, which takes {rax, r11, rcx, flags, rip, cs,
 * rflags, rsp, ss} from the stack.
 */

#include <public/elfnote.h>
#include <public/xen.h>
#include "guest_asm.h"

/* One Xen ELF note: name "Xen", the type, then the descriptor. */
#define XEN_NOTE(type, desc)            \
    .p2align 2;                         \
    .long 4;                            \
    .long 72f - 71f;                    \
    .long type;                         \
    .asciz "Xen";                       \
71: desc;                               \
72: .p2align 2

    .section .note.Xen, "a", @note
    XEN_NOTE(XEN_ELFNOTE_GUEST_OS,       .asciz "Xenolith-test")
    XEN_NOTE(XEN_ELFNOTE_GUEST_VERSION,  .asciz "1")
    XEN_NOTE(XEN_ELFNOTE_XEN_VERSION,    .asciz "xen-3.0")
    XEN_NOTE(XEN_ELFNOTE_LOADER,         .asciz "generic")
    XEN_NOTE(XEN_ELFNOTE_VIRT_BASE,      .quad GUEST_VIRT_BASE)
    XEN_NOTE(XEN_ELFNOTE_PADDR_OFFSET,   .quad 0)
    XEN_NOTE(XEN_ELFNOTE_ENTRY,          .quad _start)
    XEN_NOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page)
    XEN_NOTE(XEN_ELFNOTE_FEATURES,       .asciz "pae_pgdir_above_4gb")
    XEN_NOTE(XEN_ELFNOTE_PAE_MODE,       .asciz "yes")
    /* bit 11 = XENFEAT_dom0: Xen 4.17 refuses a dom0 kernel without it. */
    XEN_NOTE(XEN_ELFNOTE_SUPPORTED_FEATURES, .long (1 << 11))

    .section .text.head, "ax"
    .globl _start
_start:
    cld
    movq    $boot_stack_top, %rsp
    movq    %rsi, %rdi
    call    guest_main
1:  jmp     1b

/* The hypervisor fills this page with one 32-byte stub per hypercall. */
    .section .text.hypercall_page, "ax"
    .p2align 12
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc

    .text

/* Exception stubs 0..31: the CPU pushes an error code for these vectors. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

.macro trap_stub vec
    .p2align 4
trap_entry_\vec:
    popq    %rcx
    popq    %r11
    .if HAS_ERRCODE(\vec) == 0
    pushq   $0
    .endif
    pushq   $\vec
    jmp     trap_common
.endm

.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    trap_stub \v
.endr

    .section .rodata
    .p2align 3
    .globl trap_entry_table
trap_entry_table:
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad trap_entry_\v
.endr
    .text

/* Event-channel upcall: frame rcx, r11, rip, cs, rflags, rsp, ss. */
    .globl event_entry
    .p2align 4
event_entry:
    popq    %rcx
    popq    %r11
    pushq   $0
    pushq   $VEC_EVENT
    jmp     trap_common

/* 64-bit SYSCALL from guest user mode: the same frame as an upcall. */
    .globl syscall_entry
    .p2align 4
syscall_entry:
    popq    %rcx
    popq    %r11
    pushq   $0
    pushq   $VEC_SYSCALL
    jmp     trap_common

/* Software interrupt 0x80 and friends: no error code. */
    .globl int80_entry
    .p2align 4
int80_entry:
    popq    %rcx
    popq    %r11
    pushq   $0
    pushq   $0x80
    jmp     trap_common

/*
 * Failsafe: Xen could not load the saved segment registers.  Frame rcx,
 * r11, ds, es, fs, gs, rip, cs, rflags, rsp, ss; the segments are dropped.
 */
    .globl failsafe_entry
    .p2align 4
failsafe_entry:
    popq    %rcx
    popq    %r11
    addq    $32, %rsp
    pushq   $0
    pushq   $VEC_FAILSAFE
    jmp     trap_common

    .p2align 4
trap_common:
    pushq   %rax
    pushq   %rbx
    pushq   %rcx
    pushq   %rdx
    pushq   %rsi
    pushq   %rdi
    pushq   %rbp
    pushq   %r8
    pushq   %r9
    pushq   %r10
    pushq   %r11
    pushq   %r12
    pushq   %r13
    pushq   %r14
    pushq   %r15
    cld
    movq    %rsp, %rdi
    movq    %rsp, %rbx
    andq    $-16, %rsp
    call    trap_dispatch
    movq    %rbx, %rsp
    popq    %r15
    popq    %r14
    popq    %r13
    popq    %r12
    popq    %r11
    popq    %r10
    popq    %r9
    popq    %r8
    popq    %rbp
    popq    %rdi
    popq    %rsi
    popq    %rdx
    popq    %rcx
    popq    %rbx
    popq    %rax
    addq    $16, %rsp
    /* fall through: the stack now holds rip, cs, rflags, rsp, ss */

/* Return through HYPERVISOR_iret from a frame rip, cs, rflags, rsp, ss. */
    .globl iret_to_frame
iret_to_frame:
    pushq   $0              /* flags: not VGCF_in_syscall */
    pushq   %rcx
    pushq   %r11
    pushq   %rax
    movl    $__HYPERVISOR_iret, %eax
    syscall
    ud2

/*
 * long user_enter(rip, rsp, rax): iret into guest user mode at rip with
 * stack rsp and rax.  It "returns" when the C side calls user_leave()
 * from a trap or syscall taken in user mode: that redirects the frame to
 * user_return, which restores the kernel stack saved here.
 */
    .globl user_enter
user_enter:
    pushq   %rbx
    pushq   %rbp
    pushq   %r12
    pushq   %r13
    pushq   %r14
    pushq   %r15
    movq    %rsp, user_kernel_rsp(%rip)
    pushq   $FLAT_USER_SS_ASM
    pushq   %rsi
    pushq   $0x202
    pushq   $FLAT_USER_CS_ASM
    pushq   %rdi
    movq    %rdx, %rax
    xorl    %ecx, %ecx
    xorl    %r11d, %r11d
    jmp     iret_to_frame

    .globl user_return
user_return:
    movq    user_kernel_rsp(%rip), %rsp
    popq    %r15
    popq    %r14
    popq    %r13
    popq    %r12
    popq    %rbp
    popq    %rbx
    movq    user_exit_value(%rip), %rax
    ret

    .bss
    .p2align 12
    .globl boot_stack
boot_stack:
    .skip 4 * 4096
    .globl boot_stack_top
boot_stack_top:

/*
 * entry.S - the way into C for every exception and interrupt.
 *
 * 256 stubs, 32 bytes apart (desc.c computes gate addresses from that).
 * Each makes the stack look the same - an error-code slot whose upper half
 * holds the vector - and jumps to common_entry, which saves the general
 * registers as struct cpu_user_regs (asm/regs.h), calls do_trap(regs) and
 * returns with iretq.  RBP is left as it was, so C stack traces continue
 * into the interrupted code's callers.
 */
#include <asm/config.h>
#include <asm/uaccess.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                        (v) == 21 || (v) == 29 || (v) == 30)

        .text
        .align 32
        .globl entry_stubs
entry_stubs:
        vec = 0
        .rept 256
        .align 32
        .if HAS_ERRCODE(vec)
        movl    $vec, 4(%rsp)
        .else
        pushq   $0
        movl    $vec, 4(%rsp)
        .endif
        jmp     common_entry
        vec = vec + 1
        .endr

common_entry:
        cld
        ASM_CLAC                                /* AC may be set mid-copy */
        pushq   %rdi
        pushq   %rsi
        pushq   %rdx
        pushq   %rcx
        pushq   %rax
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        pushq   %rbx
        pushq   %rbp
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        mov     %rsp, %rdi
        sub     $8, %rsp                        /* 16-byte aligned call */
        movabs  $do_trap, %rax
        call    *%rax
        add     $8, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbp
        popq    %rbx
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rax
        popq    %rcx
        popq    %rdx
        popq    %rsi
        popq    %rdi
        add     $8, %rsp                        /* error code + vector */
        iretq

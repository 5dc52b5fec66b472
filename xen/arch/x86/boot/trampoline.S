/*
 * boot/trampoline.S - where application processors start.
 *
 * smpboot.c copies trampoline_start..trampoline_end to a page below 1 MiB
 * and sends it as the SIPI vector.  The AP arrives in real mode with
 * CS = page >> 4, IP = 0.  The code is position-independent: it finds its
 * physical base from CS.  It enters protected mode, then long mode on the
 * boot page tables (tramp_cr3: identity-maps low memory and maps the
 * image high), and jumps to ap_entry64 in the image.  The end of the page
 * is the stack for the way up; APs come up one at a time.
 */
#include <asm/config.h>

#define T(x) ((x) - trampoline_start)

        .section .rodata.trampoline, "a", @progbits
        .code16
        .globl trampoline_start, trampoline_end, tramp_cr3, tramp_efer
trampoline_start:
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        mov     %ax, %ss
        mov     $0x1000, %sp
        movzwl  %ax, %ebx
        shl     $4, %ebx                        /* EBX = physical base */

        mov     %ebx, %eax
        add     $T(tramp_gdt), %eax
        mov     %eax, T(tramp_gdt_ptr) + 2
        lgdtl   T(tramp_gdt_ptr)
        mov     %cr0, %eax
        or      $1, %eax
        mov     %eax, %cr0
        mov     %ebx, %eax
        add     $T(tramp32), %eax
        pushl   $0x08
        pushl   %eax
        lretl

        .code32
tramp32:
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        lea     0x1000(%ebx), %esp
        mov     %cr4, %eax
        or      $0x20, %eax                     /* PAE */
        mov     %eax, %cr4
        mov     T(tramp_cr3)(%ebx), %eax
        mov     %eax, %cr3
        mov     $0xc0000080, %ecx
        rdmsr
        or      T(tramp_efer)(%ebx), %eax       /* LME, NXE */
        wrmsr
        mov     %cr0, %eax
        or      $0x80010001, %eax               /* PG | WP | PE */
        mov     %eax, %cr0
        lea     T(tramp64)(%ebx), %eax
        pushl   $0x18
        pushl   %eax
        lret

        .code64
tramp64:
        movabs  $ap_entry64, %rax
        jmp     *%rax

        .align 8
tramp_gdt:
        .quad   0
        .quad   0x00cf9a000000ffff              /* 0x08: 32-bit code */
        .quad   0x00cf92000000ffff              /* 0x10: data */
        .quad   0x00af9a000000ffff              /* 0x18: 64-bit code */
tramp_gdt_ptr:
        .word   31
        .long   0
        .align 4
tramp_cr3:
        .long   0
tramp_efer:
        .long   0
trampoline_end:

/* In the image: on the boot page tables, at the high address. */
        .text
        .globl ap_entry64
ap_entry64:
        movabs  $ap_cr3, %rax
        mov     (%rax), %rax
        mov     %rax, %cr3                      /* idle_pg_table */
        movabs  $ap_stack_top, %rax
        mov     (%rax), %rsp
        xor     %ebp, %ebp
        movabs  $start_secondary, %rax
        call    *%rax
        ud2

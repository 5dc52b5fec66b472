/*
 * boot/head.S - the image's entry point and the way into long mode.
 *
 * Both loaders enter here in 32-bit protected mode, paging off, flat
 * segments, interrupts off: multiboot v1 (QEMU -kernel) with EAX=0x2BADB002
 * and multiboot2 (GRUB) with EAX=0x36D76289; EBX points at the loader's
 * information structure.  We zero .bss, build boot page tables, enter long
 * mode and call __start_xen(magic, info_phys) on the boot CPU's stack at
 * the image's high address.
 *
 * The boot page tables map
 *   0-4 GiB identity (2 MiB pages)        - for this code and the APs' way up
 *   0-4 GiB at DIRECTMAP_VIRT_START       - so C can read loader data
 *   0-1 GiB at XEN_VIRT_START             - the image
 * setup_idle_pagetable() replaces them; APs still pass through them.
 */
#include <asm/config.h>

#define PHYS(x) ((x) - XEN_VIRT_START)

#define MB1_MAGIC  0x1badb002
#define MB1_FLAGS  0x00000003   /* page-align modules, give memory info */
#define MB2_MAGIC  0xe85250d6

        .section .text.header, "ax", @progbits
        .code32
        .globl start
start:
        jmp     __start

        .align 4
multiboot1_header:
        .long   MB1_MAGIC
        .long   MB1_FLAGS
        .long   0x100000000 - (MB1_MAGIC + MB1_FLAGS)

        .align 8
multiboot2_header:
        .long   MB2_MAGIC
        .long   0                               /* i386 */
        .long   mb2_end - multiboot2_header
        .long   0x100000000 - (MB2_MAGIC + (mb2_end - multiboot2_header))
        .short  6, 0                            /* module alignment tag */
        .long   8
        .short  0, 0                            /* end tag */
        .long   8
mb2_end:

__start:
        cld
        cli
        mov     %eax, %ebp                      /* magic, kept in EBP */
                                                /* info pointer, kept in EBX */
        /* Zero .bss: it holds the stack and the boot page tables. */
        mov     $PHYS(__bss_start), %edi
        mov     $PHYS(__bss_end), %ecx
        sub     %edi, %ecx
        shr     $2, %ecx
        xor     %eax, %eax
        rep stosl

        mov     $PHYS(cpu0_stack) + STACK_SIZE - STACK_RESERVE, %esp
        push    %ebx                            /* cpuid clobbers EBX */

        /* Long mode is required. */
        mov     $0x80000000, %eax
        cpuid
        cmp     $0x80000001, %eax
        jb      no_long_mode
        mov     $0x80000001, %eax
        cpuid
        bt      $29, %edx
        jnc     no_long_mode
        xor     %esi, %esi
        bt      $20, %edx                       /* NX available? */
        jnc     1f
        mov     $0x800, %esi                    /* EFER.NXE */
1:
        /* boot_l2_ident: 2048 2 MiB pages, phys 0-4 GiB. */
        mov     $PHYS(boot_l2_ident), %edi
        xor     %ecx, %ecx
2:      mov     %ecx, %eax
        shl     $21, %eax
        or      $0x83, %eax                     /* present, writable, 2M */
        mov     %eax, (%edi,%ecx,8)
        mov     %ecx, %eax
        shr     $11, %eax                       /* bits 32+ of the address */
        mov     %eax, 4(%edi,%ecx,8)
        inc     %ecx
        cmp     $2048, %ecx
        jb      2b

        /* boot_l3_ident[0..3] -> the four L2 pages. */
        mov     $PHYS(boot_l3_ident), %edi
        mov     $PHYS(boot_l2_ident) + 3, %eax
        xor     %ecx, %ecx
3:      mov     %eax, (%edi,%ecx,8)
        add     $4096, %eax
        inc     %ecx
        cmp     $4, %ecx
        jb      3b

        /* The image's 1 GiB: boot_l3_xen[XEN_L3_SLOT] -> first L2 page. */
        movl    $PHYS(boot_l2_ident) + 3, PHYS(boot_l3_xen) + XEN_L3_SLOT * 8

        movl    $PHYS(boot_l3_ident) + 3, PHYS(boot_l4)
        movl    $PHYS(boot_l3_ident) + 3, PHYS(boot_l4) + DIRECTMAP_L4_SLOT * 8
        movl    $PHYS(boot_l3_xen) + 3, PHYS(boot_l4) + XEN_L4_SLOT * 8

        pop     %ebx
        /* PAE, page tables, EFER.LME (+NXE), paging. */
        mov     %cr4, %eax
        or      $0x20, %eax
        mov     %eax, %cr4
        mov     $PHYS(boot_l4), %eax
        mov     %eax, %cr3
        mov     $0xc0000080, %ecx
        rdmsr
        or      $0x100, %eax
        or      %esi, %eax
        wrmsr
        mov     %cr0, %eax
        or      $0x80010001, %eax               /* PG | WP | PE */
        mov     %eax, %cr0

        lgdt    PHYS(boot_gdt_ptr32)
        ljmp    $0x08, $PHYS(start64)

no_long_mode:
        /* Say so on COM1 (already set up or not, the bytes may show). */
        mov     $PHYS(no_lm_msg), %esi
        mov     $0x3f8, %dx
4:      lodsb
        test    %al, %al
        jz      5f
        out     %al, %dx
        jmp     4b
5:      hlt
        jmp     5b

        .code64
start64:
        movabs  $high64, %rax
        jmp     *%rax

high64:
        lgdt    boot_gdt_ptr64(%rip)
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        movabs  $cpu0_stack + STACK_SIZE - STACK_RESERVE, %rsp
        mov     %ebp, %edi
        mov     %ebx, %esi
        xor     %ebp, %ebp                      /* ends stack traces */
        movabs  $__start_xen, %rax
        call    *%rax
        ud2

        .section .rodata, "a", @progbits
no_lm_msg:
        .asciz  "Xenolith: this CPU has no long mode.\r\n"

        .align 16
boot_gdt:
        .quad   0
        .quad   0x00af9a000000ffff              /* 0x08: 64-bit code */
        .quad   0x00cf92000000ffff              /* 0x10: data */
boot_gdt_end:
        .word   0
boot_gdt_ptr32:
        .word   boot_gdt_end - boot_gdt - 1
        .long   PHYS(boot_gdt)
        .word   0
boot_gdt_ptr64:
        .word   boot_gdt_end - boot_gdt - 1
        .quad   boot_gdt

        .section .bss.page_aligned, "aw", @nobits
        .align 4096
        .globl boot_l4, boot_l3_ident, boot_l2_ident
boot_l4:        .skip 4096
boot_l3_ident:  .skip 4096
boot_l3_xen:    .skip 4096
boot_l2_ident:  .skip 4 * 4096

        .section .bss.stack_aligned, "aw", @nobits
        .align STACK_SIZE
        .globl cpu0_stack
cpu0_stack:     .skip STACK_SIZE

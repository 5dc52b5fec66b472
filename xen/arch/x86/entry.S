/*
 * entry.S - every way into the hypervisor: exceptions and interrupts (IDT
 * stubs), SYSCALL from a PV guest, and the way back out to a guest.
 *
 * IDT: 256 stubs, 32 bytes apart (desc.c computes gate addresses from
 * that).  Each makes the stack look the same - an error-code slot whose
 * upper half holds the vector - and jumps to common_entry, which saves the
 * general registers as struct cpu_user_regs (asm/regs.h) and calls
 * do_trap(regs).  A frame from the hypervisor returns with iretq; a frame
 * from a guest returns through ret_to_guest.  RBP is left as it was, so C
 * stack traces continue into the interrupted code's callers.
 *
 * Guest frames always sit at the same place: the top of the CPU's stack
 * (TSS rsp0 = cpu_info->guest_top; the syscall entry switches to the same
 * address).  So "the current guest's registers" is a fixed location per
 * CPU while it runs (guest_cpu_user_regs()), and a context switch copies
 * the frame in and out of struct pv_vcpu.
 */
#include <asm/config.h>
#include <asm/extable.h>
#include <asm/regs.h>
#include <asm/uaccess.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                        (v) == 21 || (v) == 29 || (v) == 30)

#define REGS_r11       48
#define REGS_rcx       88
#define REGS_rip       128
#define REGS_cs        136
#define REGS_rflags    144
#define REGS_ss        160
/* RFLAGS bits that rule out SYSRET: TF, NT, RF, VM; IF must be set. */
#define SYSRET_BAD_FLAGS 0x34100
#define FLAT_USER_CS64 0xe033
#define FLAT_USER_CS32 0xe023
#define FLAT_USER_SS   0xe02b

.macro SAVE_GPRS
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
.endm

.macro RESTORE_GPRS
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
.endm

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
        SAVE_GPRS
        mov     %rsp, %rdi
        sub     $8, %rsp                        /* 16-byte aligned call */
        movabs  $do_trap, %rax
        call    *%rax
        add     $8, %rsp
        testb   $3, REGS_cs(%rsp)
        jnz     ret_to_guest
        RESTORE_GPRS
        add     $8, %rsp                        /* error code + vector */
        iretq

/*
 * SYSCALL from a guest (kernel: a hypercall; user: a system call for the
 * guest kernel).  SFMASK has cleared IF, DF, TF and AC.  MSR_SHADOW_GS_BASE
 * holds this CPU's struct cpu_info: one swapgs reaches it, a second gives
 * the guest its GS base back before anything else can run.
 */
.macro SYSCALL_ENTRY cs, vector
        swapgs
        mov     %rsp, %gs:CPUINFO_syscall_rsp
        mov     %gs:CPUINFO_guest_top, %rsp
        pushq   $FLAT_USER_SS
        pushq   %gs:CPUINFO_syscall_rsp
        swapgs
        pushq   %r11                            /* rflags */
        pushq   $\cs
        pushq   %rcx                            /* rip */
        pushq   $0
        movl    $\vector, 4(%rsp)
        SAVE_GPRS
        mov     %rsp, %rdi
        sti
        movabs  $do_guest_syscall, %rax
        call    *%rax
        jmp     ret_to_guest
.endm

        .align 16
        .globl syscall_entry64
syscall_entry64:
        SYSCALL_ENTRY FLAT_USER_CS64, TRAP_syscall

        .align 16
        .globl syscall_entry32
syscall_entry32:
        SYSCALL_ENTRY FLAT_USER_CS32, TRAP_syscall32

/*
 * Back to the guest whose frame is at %rsp (the top of this CPU's stack).
 * leave_hypervisor() runs softirqs (which may switch to another vCPU and
 * never return here) and delivers a pending event, then returns with
 * interrupts off, so nothing can be raised between its last check and
 * iretq.  An iretq that faults (a bad selector in the frame: the guest
 * chose it with HYPERVISOR_iret) lands in iret_fault with %rsp at the
 * frame's rip; the frame is rebuilt and handed to pv_iret_fault().
 */
        .globl ret_to_guest
ret_to_guest:
        cli
        mov     %rsp, %rdi
        movabs  $leave_hypervisor, %rax
        call    *%rax
        /*
         * SYSRET when it returns exactly what iretq would: the flat 64-bit
         * selectors (STAR gives CS 0xe033 / SS 0xe02b), RCX == RIP with
         * RIP canonical (SYSRET faults in ring 0 otherwise), R11 == RFLAGS
         * with IF set and no TF/NT/RF/VM.  After a hypercall these hold by
         * construction.  NMI, #DF and #MC use IST stacks, so the moment on
         * the guest stack in ring 0 is safe.
         */
        cmpw    $FLAT_USER_CS64, REGS_cs(%rsp)
        jne     .Lslow_ret
        cmpw    $FLAT_USER_SS, REGS_ss(%rsp)
        jne     .Lslow_ret
        mov     REGS_rip(%rsp), %rax
        cmp     REGS_rcx(%rsp), %rax
        jne     .Lslow_ret
        mov     %rax, %rdx
        shl     $16, %rdx
        sar     $16, %rdx
        cmp     %rax, %rdx
        jne     .Lslow_ret
        mov     REGS_rflags(%rsp), %rax
        cmp     REGS_r11(%rsp), %rax
        jne     .Lslow_ret
        test    $SYSRET_BAD_FLAGS, %eax
        jnz     .Lslow_ret
        test    $0x200, %eax
        jz      .Lslow_ret
        RESTORE_GPRS
        mov     32(%rsp), %rsp                  /* vector slot, rip, cs, rflags: rsp */
        sysretq
.Lslow_ret:
        RESTORE_GPRS
        add     $8, %rsp
.Liret_guest:
        iretq
        _ASM_EXTABLE(.Liret_guest, iret_fault)

iret_fault:
        sub     $8, %rsp
        SAVE_GPRS
        mov     %rsp, %rdi
        movabs  $pv_iret_fault, %rax
        call    *%rax
        jmp     ret_to_guest

/* reset_stack_and_jump(rsp, target): for the context switch. */
        .globl reset_stack_and_jump
reset_stack_and_jump:
        mov     %rdi, %rsp
        jmp     *%rsi

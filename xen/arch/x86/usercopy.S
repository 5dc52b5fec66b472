/*
 * usercopy.S - guest memory copies that survive faults (asm/uaccess.h).
 *
 * rep movsb leaves RCX = bytes still to copy when it faults, so the fixup
 * only has to drop SMAP again and return RCX.
 */
#include <asm/extable.h>
#include <asm/uaccess.h>

        .text

/* unsigned long copy_from_guest_raw(void *dst, const void *src, unsigned long n)
 * unsigned long copy_to_guest_raw(void *dst, const void *src, unsigned long n) */
        .globl copy_from_guest_raw, copy_to_guest_raw
        .type copy_from_guest_raw, @function
        .type copy_to_guest_raw, @function
copy_from_guest_raw:
copy_to_guest_raw:
        mov     %rdx, %rcx
        ASM_STAC
1:      rep movsb
2:      ASM_CLAC
        mov     %rcx, %rax
        ret
        _ASM_EXTABLE(1b, 2b)
        .size copy_from_guest_raw, . - copy_from_guest_raw

/* int probe_read_no_stac(const void *p, uint8_t *out) */
        .globl probe_read_no_stac
        .type probe_read_no_stac, @function
probe_read_no_stac:
        mov     $-14, %eax                      /* -EFAULT */
3:      movzbl  (%rdi), %ecx
        mov     %cl, (%rsi)
        xor     %eax, %eax
4:      ret
        _ASM_EXTABLE(3b, 4b)
        .size probe_read_no_stac, . - probe_read_no_stac

/* int probe_write_byte(void *p): write back the byte at p; 0 or -EFAULT.
 * Self-tests use it to check that text is read-only. */
        .globl probe_write_byte
        .type probe_write_byte, @function
probe_write_byte:
        mov     $-14, %eax
5:      movb    (%rdi), %cl
6:      movb    %cl, (%rdi)
        xor     %eax, %eax
7:      ret
        _ASM_EXTABLE(5b, 7b)
        _ASM_EXTABLE(6b, 7b)
        .size probe_write_byte, . - probe_write_byte

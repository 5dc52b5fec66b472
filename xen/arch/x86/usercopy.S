/*
 * usercopy.S - guest memory copies that survive faults (asm/uaccess.h).
 *
 * The bulk moves 8 bytes at a time (rep movsq: under QEMU's TCG each
 * iteration of a rep string instruction costs a trip through the
 * translator's loop, so bytes would cost 8 times as much), the tail byte
 * by byte.  A rep string instruction that faults leaves RSI/RDI/RCX at the
 * element that faulted: after a movsq fault the rest is redone byte by
 * byte, so the count returned (bytes not copied) is exact, as callers
 * that fetch instructions near the end of a mapping rely on.
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
        shr     $3, %rcx                        /* qwords */
        and     $7, %edx                        /* then tail bytes */
        ASM_STAC
1:      rep movsq
        mov     %rdx, %rcx
2:      rep movsb
3:      ASM_CLAC
        mov     %rcx, %rax
        ret
8:      lea     (%rdx,%rcx,8), %rcx             /* movsq faulted: bytes */
9:      rep movsb
        jmp     3b
        _ASM_EXTABLE(1b, 8b)
        _ASM_EXTABLE(2b, 3b)
        _ASM_EXTABLE(9b, 3b)
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

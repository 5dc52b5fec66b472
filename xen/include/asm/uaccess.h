/*
 * asm/uaccess.h - copies to and from guest virtual memory.
 *
 * Guest addresses are only touched through these: each access instruction
 * has an exception-table entry, so a bad guest pointer costs an error, not
 * the hypervisor.  SMAP is lifted (stac) only around the copy itself and
 * restored (clac) after, also on the fault path.  Where the CPU has no
 * SMAP, the stac/clac sites are patched to NOPs at boot (cpu.c).
 */
#ifndef ASM_UACCESS_H
#define ASM_UACCESS_H

#ifdef __ASSEMBLY__
#define ASM_STAC                                \
    661: .byte 0x0f, 0x01, 0xcb;                \
    .pushsection .smap_sites, "a";              \
    .balign 8;                                  \
    .quad 661b;                                 \
    .popsection
#define ASM_CLAC                                \
    662: .byte 0x0f, 0x01, 0xca;                \
    .pushsection .smap_sites, "a";              \
    .balign 8;                                  \
    .quad 662b;                                 \
    .popsection
#else
#include <xen/types.h>

/* Both return the number of bytes NOT copied: 0 on success. */
unsigned long copy_from_guest_raw(void *dst, const void *guest_src,
                                  unsigned long n);
unsigned long copy_to_guest_raw(void *guest_dst, const void *src,
                                unsigned long n);
/* Read one byte without lifting SMAP (self-test: must fault with SMAP on
 * for a user page).  Returns 0 and sets *out, or -EFAULT. */
int probe_read_no_stac(const void *p, uint8_t *out);
int probe_write_byte(void *p);

/* Addresses a PV guest may hand us: below the hypervisor's hole or above
 * it, never inside it. */
static inline bool guest_range_ok(const void *p, unsigned long n)
{
    unsigned long a = (unsigned long)p;

    if (a + n < a)
        return false;
    return a + n <= 0xffff800000000000UL || a >= 0xffff880000000000UL;
}

/* The checked copies are xen/guest_access.h's raw_copy_{from,to}_guest
 * (arch/x86/pv/guest_access.c): they refuse the hypervisor's range. */
#endif

#endif

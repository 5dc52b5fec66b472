/*
 * guest_access.c - xen/guest_access.h's hooks: copies to and from the
 * current vCPU's virtual memory.
 *
 * The address space is whatever CR3 holds, which on every path that uses
 * these is the current vCPU's (hypercalls, trap handling, bounce frames;
 * the context switch loads it before anything else runs).  The
 * hypervisor's own range is refused before any access, so a guest can
 * neither read nor write hypervisor memory through a hypercall argument;
 * everything else goes through the faulting-safe copies (usercopy.S),
 * with SMAP lifted only for the copy itself.
 */
#include <xen/guest_access.h>
#include <asm/uaccess.h>

unsigned long raw_copy_from_guest(void *dst, unsigned long gva, size_t len)
{
    if (!len)
        return 0;
    if (!guest_range_ok((const void *)gva, len))
        return len;
    return copy_from_guest_raw(dst, (const void *)gva, len);
}

unsigned long raw_copy_to_guest(unsigned long gva, const void *src,
                                size_t len)
{
    if (!len)
        return 0;
    if (!guest_range_ok((const void *)gva, len))
        return len;
    return copy_to_guest_raw((void *)gva, src, len);
}

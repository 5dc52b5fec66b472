/*
 * guest_access.h - copying to and from the current vCPU's guest memory.
 *
 * Guest pointers arrive as plain addresses (hypercall arguments, handles'
 * .p fields).  Every copy can fail (unmapped, not guest memory, a
 * hypervisor address, a fault): the hooks return the number of bytes NOT
 * copied, and callers turn anything non-zero into -EFAULT.  A partial copy
 * into a hypervisor buffer leaves the rest of it unspecified, so callers
 * never use a struct whose copy failed.
 */
#ifndef XEN_GUEST_ACCESS_H
#define XEN_GUEST_ACCESS_H

#include <xen/errno.h>
#include <xen/types.h>

/* ---- hooks the arch provides ---- */
unsigned long raw_copy_from_guest(void *dst, unsigned long guest_va,
                                  size_t len);
unsigned long raw_copy_to_guest(unsigned long guest_va, const void *src,
                                size_t len);

/* Address of element idx of size sz at base; false if it would wrap. */
static inline bool guest_elem_addr(unsigned long base, unsigned long idx,
                                   size_t sz, unsigned long *out)
{
    if (sz && idx > (~0UL - base) / sz)
        return false;
    *out = base + idx * sz;
    return true;
}

/* 0 or -EFAULT. */
static inline int copy_from_guest(void *dst, unsigned long gva, size_t len)
{
    return raw_copy_from_guest(dst, gva, len) ? -EFAULT : 0;
}

static inline int copy_to_guest(unsigned long gva, const void *src,
                                size_t len)
{
    return raw_copy_to_guest(gva, src, len) ? -EFAULT : 0;
}

static inline int copy_from_guest_elem(void *dst, unsigned long base,
                                       unsigned long idx, size_t sz)
{
    unsigned long a;

    return guest_elem_addr(base, idx, sz, &a) ? copy_from_guest(dst, a, sz)
                                              : -EFAULT;
}

static inline int copy_to_guest_elem(unsigned long base, unsigned long idx,
                                     const void *src, size_t sz)
{
    unsigned long a;

    return guest_elem_addr(base, idx, sz, &a) ? copy_to_guest(a, src, sz)
                                              : -EFAULT;
}

#define guest_handle_addr(h) ((unsigned long)(uintptr_t)(h).p)

#endif

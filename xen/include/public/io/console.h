/* SPDX-License-Identifier: MIT */
/*
 * io/console.h - the PV console page shared between a guest and its
 * console backend (Xen 4.17 ABI).  Two byte rings with free-running
 * 32-bit indices; an index is reduced modulo the ring size on access.
 * The producer of each ring updates *_prod after writing the bytes, the
 * consumer updates *_cons after reading them, then each notifies the
 * other over the console event channel.
 */
#ifndef XENOLITH_PUBLIC_IO_CONSOLE_H
#define XENOLITH_PUBLIC_IO_CONSOLE_H

#ifndef __ASSEMBLY__
#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* Position of index 'idx' in ring array 'ring' (size a power of two). */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];              /* backend -> guest (keyboard input) */
    char out[2048];             /* guest -> backend (output) */
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
};
#endif

#endif /* XENOLITH_PUBLIC_IO_CONSOLE_H */

/* SPDX-License-Identifier: MIT */
/*
 * io/ring.h - the layout of Xen's generic split-driver request/response
 * rings (Xen 4.17 ABI).  Only the layout and the index arithmetic are
 * provided here; the notification and memory-barrier helpers of upstream's
 * header are not, because they depend on the environment (hypervisor,
 * kernel, user space).  Code that needs them should write its own on top
 * of these definitions.
 *
 * A shared ring page starts with a 64-byte header and is followed by an
 * array of request/response slots whose count is the largest power of two
 * that fits in the page.
 */
#ifndef XENOLITH_PUBLIC_IO_RING_H
#define XENOLITH_PUBLIC_IO_RING_H

#include "../xen.h"

#ifndef __ASSEMBLY__

typedef unsigned int RING_IDX;

/* Largest power of two not above x (x < 2^32; 0 stays 0). */
#define XENOLITH_P2_1_(x)  ((x) & 0x2 ? 0x2 : (x) & 0x1)
#define XENOLITH_P2_2_(x)  ((x) & 0xc ? XENOLITH_P2_1_((x) >> 2) << 2 : XENOLITH_P2_1_(x))
#define XENOLITH_P2_4_(x)  ((x) & 0xf0 ? XENOLITH_P2_2_((x) >> 4) << 4 : XENOLITH_P2_2_(x))
#define XENOLITH_P2_8_(x)  ((x) & 0xff00 ? XENOLITH_P2_4_((x) >> 8) << 8 : XENOLITH_P2_4_(x))
#define XENOLITH_P2_16_(x) ((x) & 0xffff0000 ? XENOLITH_P2_8_((x) >> 16) << 16 : XENOLITH_P2_8_(x))
#define __RD32(x) XENOLITH_P2_16_(x)

/* Slots in a ring of type 'name' occupying 'bytes' bytes. */
#define __CONST_RING_SIZE(name, bytes)                                   \
    (__RD32(((bytes) - __builtin_offsetof(struct name##_sring, ring)) /  \
            sizeof(((struct name##_sring *)0)->ring[0])))
#define __RING_SIZE(sring, bytes)                                        \
    (__RD32(((bytes) - (long)((char *)(sring)->ring - (char *)(sring))) / \
            sizeof((sring)->ring[0])))

/*
 * Declare the shared ring page (name_sring) and the private front and back
 * end state (name_front_ring, name_back_ring) for a protocol.
 */
#define DEFINE_RING_TYPES(name, req_t, rsp_t)                            \
union name##_sring_entry {                                               \
    req_t req;                                                           \
    rsp_t rsp;                                                           \
};                                                                       \
struct name##_sring {                                                    \
    RING_IDX req_prod, req_event;                                        \
    RING_IDX rsp_prod, rsp_event;                                        \
    union {                                                              \
        struct { uint8_t smartpoll_active; } netif;                      \
        struct { uint8_t msg; } tapif_user;                              \
        uint8_t pvt_pad[4];                                              \
    } pvt;                                                               \
    uint8_t __pad[44];                                                   \
    union name##_sring_entry ring[1];                                    \
};                                                                       \
struct name##_front_ring {                                               \
    RING_IDX req_prod_pvt;                                               \
    RING_IDX rsp_cons;                                                   \
    unsigned int nr_ents;                                                \
    struct name##_sring *sring;                                          \
};                                                                       \
struct name##_back_ring {                                                \
    RING_IDX rsp_prod_pvt;                                               \
    RING_IDX req_cons;                                                   \
    unsigned int nr_ents;                                                \
    struct name##_sring *sring;                                          \
};                                                                       \
typedef struct name##_sring name##_sring_t;                              \
typedef struct name##_front_ring name##_front_ring_t;                    \
typedef struct name##_back_ring name##_back_ring_t

/* Index helpers (no barriers, no notification). */
#define RING_SIZE(r)              ((r)->nr_ents)
#define RING_GET_REQUEST(r, idx)  (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].req))
#define RING_GET_RESPONSE(r, idx) (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].rsp))

#endif /* !__ASSEMBLY__ */

#endif /* XENOLITH_PUBLIC_IO_RING_H */

/* SPDX-License-Identifier: MIT */
/*
 * ring.h - the console page seen from the backend, and the bounded buffer
 * that holds guest output until the pty takes it.
 *
 * The page is shared with a guest that may write anything into it at any
 * moment.  Every index is read exactly once per operation into a local,
 * the distance between producer and consumer is checked against the ring
 * size, and every array access is masked.  Indices that cannot be valid
 * (more bytes "in flight" than the ring holds) are counted and resynced:
 * the guest's own index is taken as the truth and nothing between is
 * trusted.
 */
#ifndef XENOLITH_CONSOLED_RING_H
#define XENOLITH_CONSOLED_RING_H

#include <stddef.h>
#include <stdint.h>

#include "public/io/console.h"

#define CONS_OUT_SIZE  sizeof(((struct xencons_interface *)0)->out)
#define CONS_IN_SIZE   sizeof(((struct xencons_interface *)0)->in)

/*
 * Takes what the guest produced on the output ring (at most
 * CONS_OUT_SIZE bytes) into DST and advances out_cons.  Returns the byte
 * count.  *BAD is set to 1 when the indices were garbage (then nothing is
 * copied and out_cons is set to the guest's out_prod), else 0.
 */
size_t cons_ring_take_out(struct xencons_interface *intf,
                          char dst[CONS_OUT_SIZE], int *bad);

/* Free space in the input ring; 0 (and *BAD = 1) when its indices are
 * garbage. */
size_t cons_ring_in_space(struct xencons_interface *intf, int *bad);

/*
 * Puts up to LEN bytes of keyboard input into the input ring and
 * advances in_prod.  Returns how many were taken (0 when full).  Garbage
 * indices are resynced (in_prod := in_cons) first and *BAD set.
 */
size_t cons_ring_put_in(struct xencons_interface *intf, const char *src,
                        size_t len, int *bad);

/*
 * A FIFO of bytes with a fixed limit.  Storage grows on demand up to the
 * limit and never beyond; when a put would overflow, the oldest bytes are
 * dropped (and counted), so a guest that prints faster than anybody reads
 * costs at most LIMIT bytes of memory.
 */
struct cbuf {
    char *data;
    size_t cap;         /* allocated bytes (<= limit) */
    size_t limit;
    size_t head;        /* index of the oldest byte */
    size_t len;         /* bytes held */
    uint64_t dropped;   /* bytes discarded to respect the limit */
};

#define CBUF_MIN_LIMIT  4096u
#define CBUF_MAX_LIMIT  (4u << 20)
#define CBUF_DEFAULT_LIMIT (1u << 20)

/* LIMIT is clamped to [CBUF_MIN_LIMIT, CBUF_MAX_LIMIT]; 0 means default. */
void cbuf_init(struct cbuf *b, size_t limit);
void cbuf_free(struct cbuf *b);
/* Changes the limit, dropping the oldest bytes if needed. 0 or -ENOMEM. */
int cbuf_set_limit(struct cbuf *b, size_t limit);
/* Appends; drops the oldest bytes to stay within the limit.  0, or
 * -ENOMEM when storage could not grow (then the bytes are dropped). */
int cbuf_put(struct cbuf *b, const char *src, size_t len);
/* The oldest contiguous run: sets *P, returns its length (0 if empty). */
size_t cbuf_peek(const struct cbuf *b, const char **p);
/* Removes the N oldest bytes (N <= len). */
void cbuf_consume(struct cbuf *b, size_t n);
/* Frees storage when empty (after a burst). */
void cbuf_shrink(struct cbuf *b);

/* Clamp for a "limit" string from xenstore; 0 when absent/unparsable. */
size_t cons_parse_limit(const char *s);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * ring.c - console ring access with hostile indices, and the bounded
 * output buffer (see ring.h).  No system calls: unit-tested on the host.
 */
#include "ring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The guest changes these behind our back: one load each, no caching. */
static uint32_t load_idx(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_idx(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Data reads must finish before the index that frees the space is
 * written, and data writes must be visible before the index that
 * publishes them: a full fence either side, as on any SMP guest. */
static void full_barrier(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

size_t cons_ring_take_out(struct xencons_interface *intf,
                          char dst[CONS_OUT_SIZE], int *bad)
{
    uint32_t cons = load_idx(&intf->out_cons);
    uint32_t prod = load_idx(&intf->out_prod);
    uint32_t avail = prod - cons;
    const volatile char *ring = intf->out;
    size_t i;

    *bad = 0;
    full_barrier();
    if (avail == 0)
        return 0;
    if (avail > CONS_OUT_SIZE) {
        /* Not a state a correct guest can reach: skip to its producer. */
        *bad = 1;
        store_idx(&intf->out_cons, prod);
        return 0;
    }
    for (i = 0; i < avail; i++)
        dst[i] = ring[(cons + (uint32_t)i) & (CONS_OUT_SIZE - 1)];
    full_barrier();
    store_idx(&intf->out_cons, cons + avail);
    return avail;
}

size_t cons_ring_in_space(struct xencons_interface *intf, int *bad)
{
    uint32_t cons = load_idx(&intf->in_cons);
    uint32_t prod = load_idx(&intf->in_prod);
    uint32_t used = prod - cons;

    *bad = used > CONS_IN_SIZE;
    if (*bad)
        return 0;
    return CONS_IN_SIZE - used;
}

size_t cons_ring_put_in(struct xencons_interface *intf, const char *src,
                        size_t len, int *bad)
{
    uint32_t cons = load_idx(&intf->in_cons);
    uint32_t prod = load_idx(&intf->in_prod);
    uint32_t used = prod - cons;
    volatile char *ring = intf->in;
    size_t space, n, i;

    *bad = 0;
    full_barrier();
    if (used > CONS_IN_SIZE) {
        /* Garbage: restart the ring where the guest says it is. */
        *bad = 1;
        prod = cons;
        used = 0;
    }
    space = CONS_IN_SIZE - used;
    n = len < space ? len : space;
    for (i = 0; i < n; i++)
        ring[(prod + (uint32_t)i) & (CONS_IN_SIZE - 1)] = src[i];
    full_barrier();
    if (n || *bad)
        store_idx(&intf->in_prod, prod + (uint32_t)n);
    return n;
}

/* ---- bounded FIFO ---- */

static size_t clamp_limit(size_t limit)
{
    if (limit == 0)
        return CBUF_DEFAULT_LIMIT;
    if (limit < CBUF_MIN_LIMIT)
        return CBUF_MIN_LIMIT;
    if (limit > CBUF_MAX_LIMIT)
        return CBUF_MAX_LIMIT;
    return limit;
}

void cbuf_init(struct cbuf *b, size_t limit)
{
    memset(b, 0, sizeof(*b));
    b->limit = clamp_limit(limit);
}

void cbuf_free(struct cbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->cap = b->head = b->len = 0;
}

static void drop_oldest(struct cbuf *b, size_t n)
{
    if (n > b->len)
        n = b->len;
    if (n == 0)
        return;
    b->head = (b->head + n) % b->cap;
    b->len -= n;
    b->dropped += n;
    if (b->len == 0)
        b->head = 0;
}

/* Re-homes the content at offset 0 of a buffer of NEWCAP (>= len). */
static int regrow(struct cbuf *b, size_t newcap)
{
    char *nd = malloc(newcap);
    size_t first;

    if (!nd)
        return -ENOMEM;
    if (b->len) {
        first = b->cap - b->head;
        if (first > b->len)
            first = b->len;
        memcpy(nd, b->data + b->head, first);
        memcpy(nd + first, b->data, b->len - first);
    }
    free(b->data);
    b->data = nd;
    b->cap = newcap;
    b->head = 0;
    return 0;
}

int cbuf_set_limit(struct cbuf *b, size_t limit)
{
    limit = clamp_limit(limit);
    if (b->len > limit)
        drop_oldest(b, b->len - limit);
    b->limit = limit;
    if (b->cap > limit)
        return regrow(b, limit);
    return 0;
}

int cbuf_put(struct cbuf *b, const char *src, size_t len)
{
    size_t need, tail, first;

    if (len == 0)
        return 0;
    if (len >= b->limit) {
        /* Only the newest LIMIT bytes can survive. */
        b->dropped += b->len + (len - b->limit);
        b->len = b->head = 0;
        src += len - b->limit;
        len = b->limit;
    } else if (b->len + len > b->limit) {
        drop_oldest(b, b->len + len - b->limit);
    }
    need = b->len + len;
    if (need > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : CBUF_MIN_LIMIT;
        while (nc < need)
            nc *= 2;
        if (nc > b->limit)
            nc = b->limit;
        if (regrow(b, nc) < 0) {
            b->dropped += len;
            return -ENOMEM;
        }
    }
    tail = (b->head + b->len) % b->cap;
    first = b->cap - tail;
    if (first > len)
        first = len;
    memcpy(b->data + tail, src, first);
    memcpy(b->data, src + first, len - first);
    b->len += len;
    return 0;
}

size_t cbuf_peek(const struct cbuf *b, const char **p)
{
    size_t run;

    if (b->len == 0) {
        *p = NULL;
        return 0;
    }
    run = b->cap - b->head;
    *p = b->data + b->head;
    return run < b->len ? run : b->len;
}

void cbuf_consume(struct cbuf *b, size_t n)
{
    if (n > b->len)
        n = b->len;
    if (n == 0)
        return;
    b->head = (b->head + n) % b->cap;
    b->len -= n;
    if (b->len == 0)
        b->head = 0;
}

void cbuf_shrink(struct cbuf *b)
{
    if (b->len == 0 && b->cap > CBUF_MIN_LIMIT)
        cbuf_free(b);
}

size_t cons_parse_limit(const char *s)
{
    unsigned long long v = 0;

    if (!s || !*s)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (unsigned)(*s - '0');
        if (v > CBUF_MAX_LIMIT)
            v = CBUF_MAX_LIMIT;      /* saturate: no overflow */
    }
    return (size_t)v;
}

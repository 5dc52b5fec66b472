/*
 * conn_ring.c - ring transport; see conn_ring.h.
 *
 * Memory ordering follows the usual producer/consumer rules: read the
 * producer index, fence, then the data; copy the data, fence, then publish
 * the new index.
 */
#include <stdlib.h>
#include <string.h>
#include "conn.h"
#include "conn_ring.h"
#include "log.h"
#include "transaction.h"
#include "watch.h"

struct ring_priv {
    struct xenstore_domain_interface *intf;
    void (*notify)(void *);
    void *arg;
    bool broken;
};

#define fence() __atomic_thread_fence(__ATOMIC_SEQ_CST)

long ring_read(struct xenstore_domain_interface *intf, char *buf,
               size_t len)
{
    XENSTORE_RING_IDX cons = __atomic_load_n(&intf->req_cons, __ATOMIC_RELAXED);
    XENSTORE_RING_IDX prod = __atomic_load_n(&intf->req_prod, __ATOMIC_RELAXED);
    fence();
    if (prod - cons > XENSTORE_RING_SIZE)
        return -1;
    size_t avail = prod - cons, done = 0;
    if (avail > len)
        avail = len;
    while (done < avail) {
        size_t off = MASK_XENSTORE_IDX(cons + done);
        size_t n = XENSTORE_RING_SIZE - off;
        if (n > avail - done)
            n = avail - done;
        memcpy(buf + done, intf->req + off, n);
        done += n;
    }
    fence();
    __atomic_store_n(&intf->req_cons, cons + (XENSTORE_RING_IDX)done,
                     __ATOMIC_RELAXED);
    return (long)done;
}

long ring_write(struct xenstore_domain_interface *intf, const char *buf,
                size_t len)
{
    XENSTORE_RING_IDX cons = __atomic_load_n(&intf->rsp_cons, __ATOMIC_RELAXED);
    XENSTORE_RING_IDX prod = __atomic_load_n(&intf->rsp_prod, __ATOMIC_RELAXED);
    fence();
    if (prod - cons > XENSTORE_RING_SIZE)
        return -1;
    size_t space = XENSTORE_RING_SIZE - (prod - cons), done = 0;
    if (space > len)
        space = len;
    while (done < space) {
        size_t off = MASK_XENSTORE_IDX(prod + done);
        size_t n = XENSTORE_RING_SIZE - off;
        if (n > space - done)
            n = space - done;
        memcpy(intf->rsp + off, buf + done, n);
        done += n;
    }
    fence();
    __atomic_store_n(&intf->rsp_prod, prod + (XENSTORE_RING_IDX)done,
                     __ATOMIC_RELAXED);
    return (long)done;
}

static void ring_destroy(struct conn *c)
{
    free(c->priv);
}

static void ring_kick(struct conn *c)
{
    (void)c;    /* output is moved by ring_conn_service after each event */
}

static const struct conn_ops ring_ops = { ring_kick, ring_destroy };

struct conn *ring_conn_new(struct xenstore_domain_interface *intf,
                           uint32_t domid, bool privileged,
                           void (*notify)(void *), void *arg)
{
    struct ring_priv *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->intf = intf;
    p->notify = notify;
    p->arg = arg;
    char name[32];
    snprintf(name, sizeof(name), "dom%u", (unsigned)domid);
    struct conn *c = conn_new(&ring_ops, p, domid, privileged, name);
    if (!c) {
        free(p);
        return NULL;
    }
    intf->server_features = XENSTORE_SERVER_FEATURE_RECONNECTION |
                            XENSTORE_SERVER_FEATURE_ERROR;
    return c;
}

static void fail(struct conn *c, struct ring_priv *p, uint32_t why)
{
    LOGW("%s: ring error %u: connection stopped", c->name, why);
    p->intf->error = why;
    p->broken = true;
    c->closing = true;
}

/* The guest asked for a fresh start: drop all state, zero the ring. */
static void reconnect(struct conn *c, struct ring_priv *p)
{
    watch_del_all(c);
    while (c->txs) {
        struct transaction *t = c->txs;
        c->txs = t->next;
        tx_free(t);
    }
    c->ntxs = 0;
    conn_output_advance(c, c->out_bytes);
    c->in_hdr_got = c->in_got = 0;
    p->intf->req_cons = p->intf->req_prod = 0;
    p->intf->rsp_cons = p->intf->rsp_prod = 0;
    p->intf->error = XENSTORE_ERROR_NONE;
    p->broken = false;
    c->closing = false;
    fence();
    p->intf->connection = XENSTORE_CONNECTED;
}

bool ring_conn_service(struct conn *c)
{
    struct ring_priv *p = c->priv;
    bool moved = false;
    unsigned int rounds = 0;
    if (p->intf->connection == XENSTORE_RECONNECT) {
        reconnect(c, p);
        moved = true;
    }
    /* Bounded, so that one busy guest cannot starve the others. */
    while (!p->broken && rounds++ < 16) {
        bool progress = false;
        /* Input: only as much as the current message part needs, so that
         * nothing is taken from the ring that we cannot process now. */
        while (conn_can_read(c)) {
            char buf[XENSTORE_RING_SIZE];
            size_t want = conn_input_want(c);
            if (want > sizeof(buf))
                want = sizeof(buf);
            if (want == 0)
                want = sizeof(c->in_hdr);
            long n = ring_read(p->intf, buf, want);
            if (n < 0) {
                fail(c, p, XENSTORE_ERROR_RINGIDX);
                break;
            }
            if (n == 0)
                break;
            progress = moved = true;
            if (conn_input(c, buf, (size_t)n) < 0) {
                fail(c, p, XENSTORE_ERROR_PROTO);
                break;
            }
        }
        /* Output. */
        while (!p->broken && c->out_head) {
            struct outmsg *m = c->out_head;
            long n = ring_write(p->intf, m->buf + m->sent, m->len - m->sent);
            if (n < 0) {
                fail(c, p, XENSTORE_ERROR_RINGIDX);
                break;
            }
            if (n == 0)
                break;
            conn_output_advance(c, (size_t)n);
            progress = moved = true;
        }
        if (!progress)
            break;
    }
    if (moved && p->notify)
        p->notify(p->arg);
    return !p->broken;
}

/*
 * conn.h - one client connection, whatever its transport.
 *
 * A connection owns its watches, its open transactions and a queue of
 * whole messages waiting to be sent.  Transports (conn_socket.c,
 * conn_ring.c, and the in-memory one the tests use) feed received bytes to
 * conn_input() and drain the queue with conn_output_*().
 *
 * Invariant: a connection reads no new request while it has `outstanding`
 * or more messages queued (for an unprivileged one), so a client that stops
 * reading cannot make the daemon queue without bound.
 */
#ifndef XENSTORED_CONN_H
#define XENSTORED_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "xs_wire_inc.h"
#include "perms.h"

struct conn;
struct watch;
struct transaction;
struct domain;

struct conn_ops {
    /* Queue changed from empty: the transport may start sending. */
    void (*kick)(struct conn *c);
    /* The connection is going away: release transport resources. */
    void (*destroy)(struct conn *c);
};

struct outmsg {
    struct outmsg *next;
    uint32_t len;       /* header + payload bytes */
    uint32_t sent;      /* bytes already handed to the transport */
    bool is_event;
    char buf[];         /* struct xsd_sockmsg then payload */
};

struct conn {
    struct conn *next, *prev;   /* all connections */
    const struct conn_ops *ops;
    void *priv;                 /* transport state */
    struct who who;
    bool readonly;              /* the read-only socket */
    bool closing;               /* protocol violation: drop when possible */
    struct domain *domain;      /* for ring connections */
    char name[32];              /* for logs */

    /* Input assembly. */
    struct xsd_sockmsg in_hdr;
    uint32_t in_hdr_got;
    char *in_buf;               /* XENSTORE_PAYLOAD_MAX + 1 bytes */
    uint32_t in_got;

    /* Output queue. */
    struct outmsg *out_head, **out_tail;
    unsigned int out_count;
    size_t out_bytes;

    struct watch *watches;
    unsigned int nwatches;
    struct transaction *txs;
    unsigned int ntxs;
    uint32_t next_txid;
};

extern struct conn *conn_list;

struct conn *conn_new(const struct conn_ops *ops, void *priv, uint32_t domid,
                      bool privileged, const char *name);
/* Drops watches, transactions and queued output, calls ops->destroy. */
void conn_free(struct conn *c);

/* Feeds received bytes; processes each message as it completes.  Returns
 * bytes consumed (stops early when the connection must not read more), or
 * -1 on a framing error that requires closing the connection. */
long conn_input(struct conn *c, const char *data, size_t len);
/* True when the connection may take another request now. */
bool conn_can_read(const struct conn *c);
/* Bytes the input assembly still wants for the current message part. */
size_t conn_input_want(const struct conn *c);

/* Queues one message.  Replies are never dropped; watch events for an
 * unprivileged connection beyond its memory quota are (logged). */
int conn_send(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
              const void *p1, size_t l1, const void *p2, size_t l2,
              bool is_event);
int conn_send_error(struct conn *c, uint32_t req_id, uint32_t tx_id, int err);
const char *xs_errname(int err);

/* The transport took n bytes of the head message. */
void conn_output_advance(struct conn *c, size_t n);

#endif

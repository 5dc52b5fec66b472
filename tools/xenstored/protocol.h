/*
 * protocol.h - message framing, validation and dispatch.
 *
 * conn_input() (declared in conn.h) assembles header and payload; a header
 * announcing more than XENSTORE_PAYLOAD_MAX bytes is a protocol violation
 * that closes the connection.  A complete message becomes a struct request
 * and goes to its handler (ops.c).  The payload is always followed by one
 * extra NUL (not counted in len), so handlers may use string functions on
 * the last argument once they checked it is terminated within len.
 */
#ifndef XENSTORED_PROTOCOL_H
#define XENSTORED_PROTOCOL_H

#include "conn.h"
#include "transaction.h"

struct request {
    struct conn *c;
    struct transaction *t;      /* NULL outside a transaction */
    struct xsd_sockmsg hdr;
    const char *data;
    uint32_t len;
};

/* Handler: sends its reply and returns 0, or returns an errno for the
 * dispatcher to send as XS_ERROR. */
typedef int (*op_handler)(struct request *r);

#define OP_TX     0x1   /* runs inside hdr.tx_id's transaction */
#define OP_WRITE  0x2   /* modifies the store: refused on read-only */
#define OP_PRIV   0x4   /* privileged connections only */

struct op {
    op_handler fn;
    unsigned int flags;
};
extern const struct op ops_table[XS_TYPE_COUNT];

/* Runs one complete message. */
void request_process(struct conn *c, const struct xsd_sockmsg *hdr,
                     const char *payload);

/* Payload helpers. */
unsigned int req_count_strings(const struct request *r);
/* The single argument, or NULL unless the payload is exactly one string. */
const char *req_onearg(const struct request *r);
/* Fills argv with up to max NUL-terminated strings; returns the count. */
unsigned int req_args(const struct request *r, const char **argv,
                      unsigned int max);

int reply(struct request *r, const void *data, size_t len);
int reply_ok(struct request *r);

#endif

/*
 * conn_ring.h - the shared-page transport (struct xenstore_domain_interface).
 *
 * The guest writes requests into req and reads replies from rsp; we do the
 * reverse.  Indexes are free-running 32-bit counters: a ring whose
 * prod - cons exceeds XENSTORE_RING_SIZE is corrupt, and the connection
 * stops (the error field tells the guest why).
 */
#ifndef XENSTORED_CONN_RING_H
#define XENSTORED_CONN_RING_H

#include <stddef.h>
#include "xs_wire_inc.h"

struct conn;

/* Copies up to len request bytes out of the ring; returns the count, or -1
 * when the indexes are corrupt. */
long ring_read(struct xenstore_domain_interface *intf, char *buf,
               size_t len);
/* Copies up to len bytes into the response ring; returns the count, or -1
 * when the indexes are corrupt. */
long ring_write(struct xenstore_domain_interface *intf, const char *buf,
                size_t len);

/* Creates the connection for a mapped ring. notify(arg) signals the guest. */
struct conn *ring_conn_new(struct xenstore_domain_interface *intf,
                           uint32_t domid, bool privileged,
                           void (*notify)(void *), void *arg);
/* Moves whatever can move in both directions; notifies the guest if
 * anything did.  Returns false once the connection is unusable. */
bool ring_conn_service(struct conn *c);

#endif

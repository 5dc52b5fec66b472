/*
 * domain.h - domains known to xenstored: INTRODUCE/RELEASE, their rings and
 * event channels, and the clean-up when they go away.
 *
 * Backends: with a hypervisor, rings are mapped through /dev/xen/gntdev
 * (grant ref GNTTAB_RESERVED_XENSTORE = 1) with /dev/xen/privcmd foreign
 * mapping as a fallback, and events go through /dev/xen/evtchn.  Without
 * one (--no-domain-init), a test directory may be given (--test-ring-dir):
 * domain N's ring is then the file DIR/ring-N mapped shared, polled
 * instead of signalled.  Otherwise INTRODUCE records the domain with no
 * ring at all, which is enough for the bookkeeping and its watches.
 */
#ifndef XENSTORED_DOMAIN_H
#define XENSTORED_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

#ifndef DOMID_FIRST_RESERVED
#define DOMID_FIRST_RESERVED 0x7FF0u
#endif

struct conn;

struct domain {
    struct domain *next;
    uint32_t domid;
    uint32_t port;          /* the domain's end of the event channel */
    uint32_t local_port;    /* ours, -1u if none */
    unsigned long mfn;
    struct xenstore_domain_interface *intf;
    bool intf_is_grant;     /* mapped via gntdev (else privcmd or file) */
    struct conn *conn;      /* NULL for a ring-less (test) domain */
    bool shutdown_seen;     /* @releaseDomain already sent for shutdown */
};

extern struct domain *domain_list;

/* Start-up: open hypervisor interfaces; dom0's own ring unless no_init. */
int domain_init(bool no_init, const char *test_ring_dir);
/* Poll support: fd to watch for events (-1 if none) and its handler. */
int domain_event_fd(void);
void domain_handle_events(void);
/* Test backend without event channels: look at every ring. */
void domain_poll_rings(void);
bool domain_needs_polling(void);

/* Moves queued output (watch events raised by other connections) onto
 * every ring that has some. */
void domain_flush_output(void);

/*
 * Domain state as the hypervisor reports it.  The daemon sets
 * domain_query (domstate.c, over /dev/xen/privcmd) when it runs on a
 * hypervisor; it stays NULL in the tests and with --no-domain-init.
 */
enum domain_state { DOMSTATE_RUNNING, DOMSTATE_SHUTDOWN, DOMSTATE_GONE };
/* Fills state[i] for domids[i]; 0, or -1 when the hypervisor could not
 * be asked (then nothing is concluded). */
extern int (*domain_query)(const uint32_t *domids, unsigned int n,
                           enum domain_state *state);
/* After VIRQ_DOM_EXC: asks for every introduced domain's state; a domain
 * that is gone (or dying) is released as by RELEASE, one newly shut down
 * fires @releaseDomain once (until RESUME). */
void domain_check_all(void);

struct domain *domain_find(uint32_t domid);
int domain_introduce(uint32_t domid, unsigned long mfn, uint32_t port,
                     bool *is_new);
int domain_release(uint32_t domid);
/* Called when a domain's connection is torn down for any reason. */
void domain_conn_gone(struct conn *c);
/* Removes every node owned by domid (and their subtrees). */
void domain_remove_nodes(uint32_t domid);

#endif

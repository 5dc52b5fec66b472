/*
 * xs_wire.h - the xenstore wire protocol (Xen 4.17 interface).
 *
 * Xenolith's own text of the interface that Xen publishes in
 * public/io/xs_wire.h.  Clients and xenstored exchange messages made of a
 * struct xsd_sockmsg header followed by `len` bytes of payload, over a Unix
 * socket or over the shared page struct xenstore_domain_interface with an
 * event channel.  The numbers, names and layouts here are the ABI: they must
 * not change (tests/abi compares them with Xen's header).
 */
#ifndef XEN_PUBLIC_IO_XS_WIRE_H
#define XEN_PUBLIC_IO_XS_WIRE_H

/* Message types.  Values are fixed by the protocol; 20 is unused (it was
 * XS_RESTRICT and must never be reused). */
enum xsd_sockmsg_type {
    XS_CONTROL              = 0,
#define XS_DEBUG XS_CONTROL
    XS_DIRECTORY            = 1,
    XS_READ                 = 2,
    XS_GET_PERMS            = 3,
    XS_WATCH                = 4,
    XS_UNWATCH              = 5,
    XS_TRANSACTION_START    = 6,
    XS_TRANSACTION_END      = 7,
    XS_INTRODUCE            = 8,
    XS_RELEASE              = 9,
    XS_GET_DOMAIN_PATH      = 10,
    XS_WRITE                = 11,
    XS_MKDIR                = 12,
    XS_RM                   = 13,
    XS_SET_PERMS            = 14,
    XS_WATCH_EVENT          = 15,
    XS_ERROR                = 16,
    XS_IS_DOMAIN_INTRODUCED = 17,
    XS_RESUME               = 18,
    XS_SET_TARGET           = 19,
    XS_RESET_WATCHES        = 21,
    XS_DIRECTORY_PART       = 22,
    XS_TYPE_COUNT,              /* one past the highest valid type */
    XS_INVALID              = 0xffff /* never a valid type */
};

/* Old write-mode strings, kept for source compatibility. */
#define XS_WRITE_NONE        "NONE"
#define XS_WRITE_CREATE      "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/*
 * Errors travel as the errno's name ("ENOENT") in an XS_ERROR payload.
 * The table is part of the interface: entries are only ever appended.
 */
struct xsd_errors {
    int errnum;
    const char *errstring;
};

#ifdef EINVAL
#define XSD_ERROR(x) { x, #x }
static const struct xsd_errors xsd_errors[]
#if defined(__GNUC__)
__attribute__((unused))
#endif
    = {
    XSD_ERROR(EINVAL),
    XSD_ERROR(EACCES),
    XSD_ERROR(EEXIST),
    XSD_ERROR(EISDIR),
    XSD_ERROR(ENOENT),
    XSD_ERROR(ENOMEM),
    XSD_ERROR(ENOSPC),
    XSD_ERROR(EIO),
    XSD_ERROR(ENOTEMPTY),
    XSD_ERROR(ENOSYS),
    XSD_ERROR(EROFS),
    XSD_ERROR(EBUSY),
    XSD_ERROR(EAGAIN),
    XSD_ERROR(EISCONN),
    XSD_ERROR(E2BIG),
    XSD_ERROR(EPERM),
};
#endif

/* Header of every message, in host byte order. */
struct xsd_sockmsg {
    uint32_t type;   /* enum xsd_sockmsg_type */
    uint32_t req_id; /* chosen by the client, echoed in the reply */
    uint32_t tx_id;  /* transaction id, 0 outside a transaction */
    uint32_t len;    /* payload bytes that follow, <= XENSTORE_PAYLOAD_MAX */
};

/* Fields of an XS_WATCH_EVENT payload, in order. */
enum xs_watch_type {
    XS_WATCH_PATH = 0,
    XS_WATCH_TOKEN
};

/*
 * The shared page between a domain and xenstored.  Both rings are byte
 * streams of whole messages; indexes run freely and are masked on use, so
 * prod - cons is the number of unread bytes and never exceeds the size.
 * The domain produces into req and consumes from rsp; xenstored the reverse.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))
struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];
    char rsp[XENSTORE_RING_SIZE];
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* offered */
    uint32_t connection;      /* XENSTORE_CONNECTED / XENSTORE_RECONNECT */
    uint32_t error;           /* XENSTORE_ERROR_*, with FEATURE_ERROR */
};

/* Largest payload in either direction; longer ones kill the connection. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest absolute path, and longest path relative to a domain's home. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* server_features bits. */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1 /* `connection` is honoured */
#define XENSTORE_SERVER_FEATURE_ERROR        2 /* `error` is reported */

/* Values of `connection`. */
#define XENSTORE_CONNECTED 0 /* normal operation */
#define XENSTORE_RECONNECT 1 /* the guest asks for a ring reset */

/* Values of `error`. */
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1 /* communication problem */
#define XENSTORE_ERROR_RINGIDX 2 /* ring indexes out of range */
#define XENSTORE_ERROR_PROTO   3 /* protocol violation, e.g. oversize payload */

#endif /* XEN_PUBLIC_IO_XS_WIRE_H */

/*
 * xenstore_lib.h - definitions shared by libxenstore's users and xenstored:
 * permission records and the daemon's well-known paths.
 *
 * Xenolith's own text of the interface Xen's libxenstore publishes under
 * this name; names and values are the API and must stay as they are.
 */
#ifndef XENSTORE_LIB_H
#define XENSTORE_LIB_H

#include <stddef.h>
#include <stdbool.h>
#include <limits.h>
#include <errno.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

/* One entry of a node's permission list; the first names the owner. */
struct xs_permissions {
    unsigned int id;        /* domid */
    unsigned int perms;     /* XS_PERM_* */
#define XS_PERM_NONE      0x00
#define XS_PERM_READ      0x01
#define XS_PERM_WRITE     0x02
    /* For xenstored's own use. */
#define XS_PERM_ENOENT_OK 0x04
#define XS_PERM_OWNER     0x08
#define XS_PERM_IGNORE    0x10
};

/* Characters needed to print an integer type in decimal, with a NUL. */
#define MAX_STRLEN(x) ((sizeof(x) * CHAR_BIT + CHAR_BIT - 1) / 10 * 3 + 2)

/* Where the daemon lives; $XENSTORED_RUNDIR and $XENSTORED_PATH override. */
const char *xs_daemon_rundir(void);
const char *xs_daemon_socket(void);
const char *xs_daemon_socket_ro(void);

/* Writes all of data to fd, retrying short writes; false on error. */
bool xs_write_all(int fd, const void *data, unsigned int len);

/* Parses num NUL-separated strings like "r5" into perms; false if bad. */
bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings);

#endif

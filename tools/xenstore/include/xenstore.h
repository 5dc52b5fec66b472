/*
 * xenstore.h - libxenstore, the C client API of the xenstore daemon.
 *
 * Xenolith's own implementation and text of the API that Xen's libxenstore
 * (libxenstore.so.4) publishes: same names, types and behaviour, so code
 * written for Xen builds and runs against it.  Functions returning bool
 * set errno on failure; returned buffers are malloc()ed and the caller
 * frees them with a single free().
 */
#ifndef XENSTORE_H
#define XENSTORE_H

#include <xenstore_lib.h>

#define XBT_NULL 0

/* xs_open() flags. */
#define XS_OPEN_READONLY    (1UL << 0)
#define XS_OPEN_SOCKETONLY  (1UL << 1)
/* Also drop already queued events of a watch on xs_unwatch(). */
#define XS_UNWATCH_FILTER   (1UL << 2)

struct xs_handle;
typedef uint32_t xs_transaction_t;

/* Connects to the daemon's socket, or else to /dev/xen/xenbus (unless
 * XS_OPEN_SOCKETONLY).  NULL with errno on failure. */
struct xs_handle *xs_open(unsigned long flags);
void xs_close(struct xs_handle *xsh);

/* Older entry points, kept for compatibility. */
struct xs_handle *xs_daemon_open(void);
struct xs_handle *xs_domain_open(void);
struct xs_handle *xs_daemon_open_readonly(void);
void xs_daemon_close(struct xs_handle *);
/* In a forked child: release the handle without talking to the daemon. */
void xs_daemon_destroy_postfork(struct xs_handle *);

/* Children of path: an array of *num names. */
char **xs_directory(struct xs_handle *h, xs_transaction_t t,
                    const char *path, unsigned int *num);
/* Value of path, NUL-terminated (the NUL is not counted in *len). */
void *xs_read(struct xs_handle *h, xs_transaction_t t,
              const char *path, unsigned int *len);
bool xs_write(struct xs_handle *h, xs_transaction_t t,
              const char *path, const void *data, unsigned int len);
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);
/* Not supported by current daemons (as in Xen): always fails. */
bool xs_restrict(struct xs_handle *h, unsigned domid);

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t,
                                          const char *path,
                                          unsigned int *num);
bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num_perms);

/* Watches: events carry the changed path and the token. */
bool xs_watch(struct xs_handle *h, const char *path, const char *token);
/* An fd that polls readable while watch events may be read. */
int xs_fileno(struct xs_handle *h);
/* A pending event without blocking, or NULL (errno EAGAIN if none). */
char **xs_check_watch(struct xs_handle *h);
/* Blocks for the next event: vec[XS_WATCH_PATH], vec[XS_WATCH_TOKEN]. */
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);

/* XBT_NULL (0) on failure.  End returns false with errno EAGAIN when the
 * transaction conflicted and must be retried. */
xs_transaction_t xs_transaction_start(struct xs_handle *h);
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t,
                        bool abort);

/* Domain management (privileged). */
bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn);
bool xs_set_target(struct xs_handle *h, unsigned int domid,
                   unsigned int target);
bool xs_resume_domain(struct xs_handle *h, unsigned int domid);
bool xs_release_domain(struct xs_handle *h, unsigned int domid);
char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);
bool xs_path_is_subpath(const char *parent, const char *child);
bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);

/* XS_CONTROL: implementation-specific commands; returns the reply. */
char *xs_control_command(struct xs_handle *h, const char *cmd,
                         void *data, unsigned int len);
/* Old name of xs_control_command. */
char *xs_debug_command(struct xs_handle *h, const char *cmd,
                       void *data, unsigned int len);

/* The port in /local/domain/<domid>/device/suspend/event-channel, or -1. */
int xs_suspend_evtchn_port(int domid);

#endif

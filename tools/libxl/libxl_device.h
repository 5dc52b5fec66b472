/* SPDX-License-Identifier: MIT */
/*
 * libxl_device.h - split devices inside the library (libxl_device.c,
 * libxl_disk.c, libxl_nic.c); not installed.
 */
#ifndef XENOLITH_LIBXL_DEVICE_H
#define XENOLITH_LIBXL_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libxl_internal.h"

/* XenbusState, as in Xen's public io/xenbus.h. */
enum {
    XenbusStateUnknown = 0,
    XenbusStateInitialising = 1,
    XenbusStateInitWait = 2,
    XenbusStateInitialised = 3,
    XenbusStateConnected = 4,
    XenbusStateClosing = 5,
    XenbusStateClosed = 6,
};

/* Xen 4.17 libxl's limits (LIBXL_INIT_TIMEOUT, LIBXL_DESTROY_TIMEOUT,
 * LIBXL_HOTPLUG_TIMEOUT). */
#define LIBXL__INIT_TIMEOUT_MS    10000
#define LIBXL__DESTROY_TIMEOUT_MS 10000
#define LIBXL__HOTPLUG_TIMEOUT_MS 40000

#define LIBXL__SCRIPT_DIR "/etc/xen/scripts"

enum libxl__dev_kind { LIBXL__DEV_VBD = 0, LIBXL__DEV_VIF = 1 };

struct libxl__dev {
    enum libxl__dev_kind kind;
    uint32_t domid, devid, backend_domid;
};

struct libxl__dev_paths {
    char be[128], fe[128], lx[128];
};

struct libxl__kv {
    const char *key, *val;
};

const char *libxl__kind_name(enum libxl__dev_kind k);
void libxl__dev_paths(const struct libxl__dev *d, struct libxl__dev_paths *p);
/* xs_read of a formatted path; NULL when missing. */
char *libxl__xs_readf(libxl_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* DIR/NODE into OUT ("" when missing); as a number (-1 when missing). */
void libxl__xs_copy(libxl_ctx *ctx, char *out, size_t len, const char *dir,
                    const char *node);
int libxl__xs_int(libxl_ctx *ctx, const char *dir, const char *node);
/* SCRIPT (or DFLT when empty) as an absolute path: relative names are in
 * /etc/xen/scripts. */
void libxl__script_path(const char *script, const char *dflt, char *out,
                        size_t len);

/*
 * Writes the device's backend, frontend and libxl directories in one
 * transaction, with Xen's owners and permissions.  RO_FRONT nodes go in
 * the frontend directory but stay dom0's (guest may only read).
 * -EEXIST when the libxl directory exists already.
 */
int libxl__device_write(libxl_ctx *ctx, const struct libxl__dev *d,
                        const struct libxl__kv *back, size_t nback,
                        const struct libxl__kv *front, size_t nfront,
                        const struct libxl__kv *ro_front, size_t nro);
/*
 * Waits until DIR/state is WANT (0), the directory is gone (-ENOENT) or
 * TIMEOUT_MS passed (-ETIMEDOUT); *LAST is the last state read (-1).
 */
int libxl__wait_state(libxl_ctx *ctx, const char *dir, int want,
                      int timeout_ms, int *last);
/*
 * After libxl__device_write: waits for the backend's InitWait and runs
 * the hotplug script's add/online.  On failure the device is taken down
 * again (disconnect, forced) and the reason, naming WHAT ("disk xvda"),
 * is in CTX.
 */
int libxl__device_connect(libxl_ctx *ctx, const struct libxl__dev *d,
                          const char *what);
/*
 * online = 0, state = Closing; waits for Closed; runs remove/offline;
 * deletes the directories.  Without FORCE a device the guest does not
 * release within 10 s is left connected (-EBUSY).  FORCE removes the
 * frontend first, as Xen's forced removal does.
 */
int libxl__device_disconnect(libxl_ctx *ctx, const struct libxl__dev *d,
                             bool force, const char *what);
/* Looks up d's backend in /libxl, then libxl__device_disconnect. */
int libxl__device_remove(libxl_ctx *ctx, struct libxl__dev *d, bool force,
                         const char *what);
/* The devids under /libxl/DOMID/device/KIND, ascending (malloc'ed). */
int libxl__device_list_ids(libxl_ctx *ctx, uint32_t domid,
                           enum libxl__dev_kind kind, uint32_t **ids,
                           unsigned *n);

/* For the *_list calls: the devids (*IDS, *N) and a zeroed array of
 * *N + 1 elements of ELEM bytes; NULL with the reason in CTX. */
void *libxl__device_list_alloc(libxl_ctx *ctx, uint32_t domid,
                               enum libxl__dev_kind kind, size_t elem,
                               uint32_t **ids, unsigned *n);

#endif /* XENOLITH_LIBXL_DEVICE_H */

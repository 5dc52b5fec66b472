/* SPDX-License-Identifier: MIT */
/*
 * libxl_disk.c - virtual block devices (vbd): checks of a disk
 * specification against dom0, the backend and frontend nodes as Xen
 * 4.17's libxl writes them for the phy backend (blkback; a file image
 * goes through a loop device made by the block script), attach, detach
 * and listing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xenstore.h>

#include "domcfg.h"
#include "libxl_device.h"
#include "public/domctl.h"

static bool is_dom0_name(const char *b)
{
    return !b || !*b || !strcmp(b, "0") || !strcmp(b, "Domain-0");
}

int libxl__disk_check(libxl_ctx *ctx, const struct xl_disk *d)
{
    char script[512];
    struct stat st;

    if (!d->target)
        return libxl__fail_plain(ctx, -EINVAL, "disk %s: an empty drive "
                                 "(cdrom without an image) is not supported "
                                 "for PV guests", d->vdev);
    if (d->format != XL_DISK_FORMAT_RAW)
        return libxl__fail_plain(ctx, -EINVAL, "disk %s: format %s needs "
                                 "QEMU's qdisk backend, which this toolstack "
                                 "does not run; use a raw image", d->vdev,
                                 xl_disk_format_name(d->format));
    if (d->backendtype && *d->backendtype && strcmp(d->backendtype, "phy"))
        return libxl__fail_plain(ctx, -EINVAL, "disk %s: backendtype %s is "
                                 "not supported (only phy: blkback in "
                                 "domain 0)", d->vdev, d->backendtype);
    if (!is_dom0_name(d->backend))
        return libxl__fail_plain(ctx, -EINVAL, "disk %s: backend=%s: driver "
                                 "domains are not supported; the backend is "
                                 "domain 0", d->vdev, d->backend);
    libxl__script_path(d->script, "block", script, sizeof(script));
    if (access(script, X_OK) != 0)
        return libxl__fail_plain(ctx, -ENOENT, "disk %s: hotplug script %s: "
                                 "%s", d->vdev, script, strerror(errno));
    /* With script= the target is the script's business (as in Xen). */
    if (d->script && *d->script)
        return 0;
    if (stat(d->target, &st) != 0)
        return libxl__fail_plain(ctx, -errno, "disk %s: failed to stat %s: "
                                 "%s", d->vdev, d->target, strerror(errno));
    if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode))
        return libxl__fail_plain(ctx, -EINVAL, "disk %s: %s is neither a "
                                 "block device nor a regular file", d->vdev,
                                 d->target);
    return 0;
}

/* "x86_64-abi" or "x86_32-abi" from the guest's address size. */
static const char *guest_protocol(libxl_ctx *ctx, uint32_t domid)
{
    struct xen_domctl dc = { .cmd = XEN_DOMCTL_get_address_size,
                             .domain = (domid_t)domid };

    if (hv_domctl(ctx->hv, &dc) == 0 && dc.u.address_size.size == 32)
        return "x86_32-abi";
    return "x86_64-abi";
}

int libxl_device_disk_add(libxl_ctx *ctx, uint32_t domid,
                          const struct xl_disk *d)
{
    struct libxl__dev dev = { .kind = LIBXL__DEV_VBD, .domid = domid,
                              .devid = d->devid };
    char script[512], fid[16], bid[16], vdevid[16], what[64];
    libxl_dominfo info;
    int rc;

    if (!libxl__xs(ctx))
        return libxl__fail(ctx, -errno, "cannot connect to xenstored");
    if (domid == 0)
        return libxl__fail_plain(ctx, -EINVAL, "domain 0 has no "
                                 "frontends of ours");
    if ((rc = libxl_domain_info(ctx, domid, &info)))
        return rc;
    if (info.dying || info.shutdown)
        return libxl__fail_plain(ctx, -EINVAL, "domain %u is %s", domid,
                                 info.dying ? "dying" : "shut down");
    if ((rc = libxl__disk_check(ctx, d)))
        return rc;
    libxl__script_path(d->script, "block", script, sizeof(script));
    snprintf(fid, sizeof(fid), "%u", domid);
    snprintf(bid, sizeof(bid), "%u", dev.backend_domid);
    snprintf(vdevid, sizeof(vdevid), "%u", d->devid);
    snprintf(what, sizeof(what), "disk %s", d->vdev);
    {
        const char *rw = d->readwrite ? "w" : "r";
        const char *dtype = d->cdrom ? "cdrom" : "disk";
        struct libxl__kv back[16] = {
            { "params", d->target },
            { "script", script },
            { "frontend-id", fid },
            { "online", "1" },
            { "removable", d->cdrom ? "1" : "0" },
            { "bootable", "1" },
            { "state", "1" },
            { "dev", d->vdev },
            { "type", "phy" },
            { "mode", rw },
            { "device-type", dtype },
            { "discard-enable", d->discard && d->readwrite ? "1" : "0" },
            { "specification", "xen" },
        };
        size_t nb = 13;
        struct libxl__kv front[8] = {
            { "backend-id", bid },
            { "state", "1" },
            { "virtual-device", vdevid },
            { "device-type", dtype },
            { "protocol", guest_protocol(ctx, domid) },
        };
        size_t nf = 5;

        if (d->direct_io_safe)
            back[nb++] = (struct libxl__kv){ "direct-io-safe", "1" };
        if (d->trusted >= 0)
            front[nf++] = (struct libxl__kv){ "trusted",
                                              d->trusted ? "1" : "0" };
        if ((rc = libxl__device_write(ctx, &dev, back, nb, front, nf, NULL,
                                      0))) {
            if (rc == -EEXIST)
                libxl__fail_plain(ctx, rc, "domain %u already has a disk "
                                  "%s (device %u)", domid, d->vdev,
                                  d->devid);
            return rc;
        }
    }
    return libxl__device_connect(ctx, &dev, what);
}

int libxl_device_disk_remove(libxl_ctx *ctx, uint32_t domid,
                             const char *vdev, bool force)
{
    struct libxl__dev dev = { .kind = LIBXL__DEV_VBD, .domid = domid };
    char what[64];

    if (!libxl__xs(ctx))
        return libxl__fail(ctx, -errno, "cannot connect to xenstored");
    if (xl_vdev_to_devid(vdev, &dev.devid))
        return libxl__fail_plain(ctx, -EINVAL, "'%s' is not a virtual "
                                 "disk name (xvda, hdc, sdb, 51712)", vdev);
    snprintf(what, sizeof(what), "disk %s", vdev);
    return libxl__device_remove(ctx, &dev, force, what);
}


int libxl_device_disk_list(libxl_ctx *ctx, uint32_t domid,
                           libxl_diskinfo **out, int *n)
{
    uint32_t *ids;
    unsigned cnt;
    libxl_diskinfo *l;

    *out = NULL;
    *n = 0;
    l = libxl__device_list_alloc(ctx, domid, LIBXL__DEV_VBD, sizeof(*l), &ids, &cnt);
    if (!l)
        return -EIO;
    for (unsigned i = 0; i < cnt; i++) {
        struct libxl__dev d = { .kind = LIBXL__DEV_VBD, .domid = domid,
                                .devid = ids[i] };
        struct libxl__dev_paths p;
        char be[128];

        libxl__dev_paths(&d, &p);
        libxl__xs_copy(ctx, be, sizeof(be), p.lx, "backend");
        l[i].devid = ids[i];
        snprintf(l[i].backend, sizeof(l[i].backend), "%s", be);
        sscanf(be, "/local/domain/%u/", &l[i].backend_id);
        libxl__xs_copy(ctx, l[i].vdev, sizeof(l[i].vdev), p.lx, "dev");
        libxl__xs_copy(ctx, l[i].params, sizeof(l[i].params), p.lx, "params");
        libxl__xs_copy(ctx, l[i].mode, sizeof(l[i].mode), p.lx, "mode");
        libxl__xs_copy(ctx, l[i].hotplug_status, sizeof(l[i].hotplug_status), be,
                  "hotplug-status");
        libxl__xs_copy(ctx, l[i].physical_device, sizeof(l[i].physical_device),
                  be, "physical-device-path");
        l[i].be_state = libxl__xs_int(ctx, be, "state");
        l[i].fe_state = libxl__xs_int(ctx, p.fe, "state");
        l[i].evtch = libxl__xs_int(ctx, p.fe, "event-channel");
        l[i].rref = libxl__xs_int(ctx, p.fe, "ring-ref");
    }
    free(ids);
    *out = l;
    *n = (int)cnt;
    return 0;
}

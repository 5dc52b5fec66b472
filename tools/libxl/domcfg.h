/* SPDX-License-Identifier: MIT */
/*
 * domcfg.h - what an xl.cfg file means: a typed, validated description of
 * one PV domain, its disks and its network interfaces.
 *
 * Keys follow xl.cfg(5): name, uuid, type (or the older builder), memory,
 * maxmem, vcpus, maxvcpus, kernel, ramdisk, cmdline (or root + extra),
 * on_poweroff, on_reboot, on_crash, disk and vif.  Keys this toolstack
 * does not know are ignored, as xl ignores them.  A value of the wrong
 * type or outside its range is an error naming file, line and field:
 *
 *     guest.cfg:4: field 'memory': 'lots' is not a number
 *
 * Nothing here touches the hypervisor: building a config has no side
 * effects, so a bad file creates nothing.
 */
#ifndef XENOLITH_DOMCFG_H
#define XENOLITH_DOMCFG_H

#include <stddef.h>
#include <stdint.h>

#include "xlcfg.h"

enum xl_action {
    XL_ACTION_DESTROY = 1,
    XL_ACTION_RESTART,
    XL_ACTION_RENAME_RESTART,
    XL_ACTION_PRESERVE,
    XL_ACTION_COREDUMP_DESTROY,
    XL_ACTION_COREDUMP_RESTART,
    XL_ACTION_SOFT_RESET,
};

enum xl_disk_format {
    XL_DISK_FORMAT_RAW = 0,
    XL_DISK_FORMAT_QCOW,
    XL_DISK_FORMAT_QCOW2,
    XL_DISK_FORMAT_VHD,
    XL_DISK_FORMAT_QED,
};

struct xl_disk {
    char *target;               /* path (or script argument); NULL = empty cdrom */
    enum xl_disk_format format;
    char *vdev;                 /* as written: xvda, hdc, d0p1, 51712 */
    uint32_t devid;             /* the xenstore virtual-device number */
    int readwrite;              /* 1 = rw, 0 = ro */
    int cdrom;
    char *backend;              /* backend domain name; NULL = dom0 */
    char *backendtype;          /* phy, tap, qdisk, standalone; NULL = auto */
    char *script;               /* block script; NULL = default */
    int discard;                /* 1 unless no-discard */
    int direct_io_safe;
    int trusted;                /* -1 unspecified, 0 untrusted, 1 trusted */
};

struct xl_nic {
    int devid;                  /* index in the list unless devid= given */
    uint8_t mac[6];
    int has_mac;                /* 0: generate one at create time */
    char *bridge;               /* NULL = xenbr0 */
    char *ip;
    char *script;               /* NULL = vif-bridge */
    char *model;
    char *vifname;
    char *type;                 /* vif or ioemu */
    char *gatewaydev;
    char *backend;
    char *rate;                 /* validated text, e.g. 10Mb/s@20ms */
    unsigned mtu;               /* 0 = default (1500 or the bridge's) */
    int trusted;                /* -1, 0, 1 */
};

struct xl_domain_config {
    char *name;
    uint8_t uuid[16];
    int has_uuid;               /* 0: generate one at create time */
    uint64_t target_memkb;      /* memory= (MiB in the file) */
    uint64_t max_memkb;         /* maxmem=, default memory */
    unsigned vcpus;             /* online at boot */
    unsigned max_vcpus;
    char *kernel;
    char *ramdisk;
    char *cmdline;              /* cmdline, or built from root and extra */
    enum xl_action on_poweroff, on_reboot, on_crash;
    struct xl_disk *disks;
    size_t ndisks;
    struct xl_nic *nics;
    size_t nnics;
    /* Non-fatal remarks, one per line, for the caller to show; or NULL. */
    char *warnings;
};

/* Limits applied while reading a config. */
#define XL_MAX_VCPUS   512
#define XL_MAX_MEM_MB  (16ull << 20)        /* 16 TiB */
#define XL_MAX_NAME    64
#define XL_MAX_DEVICES 256

/*
 * Fills DC from CFG (defaults for what is absent).  Returns 0, or -1 with
 * "FILE:LINE: field 'KEY': reason" in ERR and DC empty.
 */
int xl_domain_config_from_cfg(struct xl_domain_config *dc,
                              const struct xlcfg *cfg,
                              char *err, size_t errlen);
void xl_domain_config_dispose(struct xl_domain_config *dc);

/*
 * One disk or vif specification (an item of disk=[...] / vif=[...]).
 * Errors are bare reasons ("unknown format 'x'"); callers add location.
 * On failure the output is disposed and zeroed.
 */
int xl_parse_disk_spec(struct xl_disk *d, const char *spec,
                       char *err, size_t errlen);
void xl_disk_dispose(struct xl_disk *d);
int xl_parse_nic_spec(struct xl_nic *n, const char *spec,
                      char *err, size_t errlen);
void xl_nic_dispose(struct xl_nic *n);

/* vdev name to xenstore devid (xen-vbd-interface(7)); 0 or -1. */
int xl_vdev_to_devid(const char *vdev, uint32_t *devid);
/* "00:16:3e:12:34:56" to bytes; 0 or -1. */
int xl_parse_mac(const char *s, uint8_t mac[6]);
/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" to bytes; 0 or -1. */
int xl_parse_uuid(const char *s, uint8_t uuid[16]);
/*
 * A size with an optional binary suffix b, k, m, g or t (either case);
 * a bare number is in DEFAULT_UNIT (one of those letters).  Result in
 * bytes.  0, or -1 on bad syntax or overflow.
 */
int xl_parse_size(const char *s, char default_unit, uint64_t *bytes);
/* Integer in C syntax (decimal, 0x hex, 0 octal), whole string. */
int xl_parse_long(const char *s, long long *out);

const char *xl_action_name(enum xl_action a);
int xl_action_from_name(const char *s, enum xl_action *a);
const char *xl_disk_format_name(enum xl_disk_format f);

#endif /* XENOLITH_DOMCFG_H */

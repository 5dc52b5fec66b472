/*
 * hv_sysvals.c - the Linux device ABI values as libxen-dev's copies of
 * Linux's uapi headers give them.  Compiled apart from our own headers
 * (the two define the same Xen names) and compared in test_hv.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <xen/xen.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/gntdev.h>
#include <xen/sys/privcmd.h>

#include "hv_sysvals.h"

const struct hv_sysvals hv_sysvals = {
    .privcmd_hypercall = IOCTL_PRIVCMD_HYPERCALL,
    .privcmd_mmapbatch_v2 = IOCTL_PRIVCMD_MMAPBATCH_V2,
    .evtchn_bind_virq = IOCTL_EVTCHN_BIND_VIRQ,
    .evtchn_bind_interdomain = IOCTL_EVTCHN_BIND_INTERDOMAIN,
    .evtchn_bind_unbound_port = IOCTL_EVTCHN_BIND_UNBOUND_PORT,
    .evtchn_unbind = IOCTL_EVTCHN_UNBIND,
    .evtchn_notify = IOCTL_EVTCHN_NOTIFY,
    .evtchn_reset = IOCTL_EVTCHN_RESET,
    .gntdev_map_grant_ref = IOCTL_GNTDEV_MAP_GRANT_REF,
    .gntdev_unmap_grant_ref = IOCTL_GNTDEV_UNMAP_GRANT_REF,
    .mmapbatch_v2_size = sizeof(struct privcmd_mmapbatch_v2),
    .mmapbatch_v2_dom = offsetof(struct privcmd_mmapbatch_v2, dom),
    .mmapbatch_v2_addr = offsetof(struct privcmd_mmapbatch_v2, addr),
    .mmapbatch_v2_arr = offsetof(struct privcmd_mmapbatch_v2, arr),
    .mmapbatch_v2_err = offsetof(struct privcmd_mmapbatch_v2, err),
    .map_grant_ref_index = offsetof(struct ioctl_gntdev_map_grant_ref, index),
    .map_grant_ref_refs = offsetof(struct ioctl_gntdev_map_grant_ref, refs),
};

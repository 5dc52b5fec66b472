/*
 * test_hv.c - the privcmd/evtchn/gntdev layer as far as a host without
 * Xen can check it: ioctl numbers and argument layouts (against the
 * values in notes/toolstack-protocol.md and libxen-dev's copy of Linux's
 * uapi headers), and clean failure when there is no privcmd.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "hv.h"
#include "hv_sysvals.h"

TEST(hv_ioctl_numbers_match_linux)
{
    CHECK_EQ(HV_IOCTL_PRIVCMD_HYPERCALL, 0x00305000);
    CHECK_EQ(HV_IOCTL_PRIVCMD_MMAPBATCH_V2, 0x00205004);
    CHECK_EQ(HV_IOCTL_EVTCHN_BIND_VIRQ, 0x00044500);
    CHECK_EQ(HV_IOCTL_EVTCHN_BIND_INTERDOMAIN, 0x00084501);
    CHECK_EQ(HV_IOCTL_EVTCHN_BIND_UNBOUND_PORT, 0x00044502);
    CHECK_EQ(HV_IOCTL_EVTCHN_UNBIND, 0x00044503);
    CHECK_EQ(HV_IOCTL_EVTCHN_NOTIFY, 0x00044504);
    CHECK_EQ(HV_IOCTL_EVTCHN_RESET, 0x00004505);
    CHECK_EQ(HV_IOCTL_GNTDEV_MAP_GRANT_REF, 0x00184700);
    CHECK_EQ(HV_IOCTL_GNTDEV_UNMAP_GRANT_REF, 0x00104701);

    CHECK_EQ(HV_IOCTL_PRIVCMD_HYPERCALL, hv_sysvals.privcmd_hypercall);
    CHECK_EQ(HV_IOCTL_PRIVCMD_MMAPBATCH_V2, hv_sysvals.privcmd_mmapbatch_v2);
    CHECK_EQ(HV_IOCTL_EVTCHN_BIND_VIRQ, hv_sysvals.evtchn_bind_virq);
    CHECK_EQ(HV_IOCTL_EVTCHN_BIND_INTERDOMAIN,
             hv_sysvals.evtchn_bind_interdomain);
    CHECK_EQ(HV_IOCTL_EVTCHN_BIND_UNBOUND_PORT,
             hv_sysvals.evtchn_bind_unbound_port);
    CHECK_EQ(HV_IOCTL_EVTCHN_UNBIND, hv_sysvals.evtchn_unbind);
    CHECK_EQ(HV_IOCTL_EVTCHN_NOTIFY, hv_sysvals.evtchn_notify);
    CHECK_EQ(HV_IOCTL_EVTCHN_RESET, hv_sysvals.evtchn_reset);
    CHECK_EQ(HV_IOCTL_GNTDEV_MAP_GRANT_REF, hv_sysvals.gntdev_map_grant_ref);
    CHECK_EQ(HV_IOCTL_GNTDEV_UNMAP_GRANT_REF,
             hv_sysvals.gntdev_unmap_grant_ref);
}

TEST(hv_argument_layouts_match_linux)
{
    CHECK_EQ(sizeof(struct hv_privcmd_mmapbatch_v2),
             hv_sysvals.mmapbatch_v2_size);
    CHECK_EQ(offsetof(struct hv_privcmd_mmapbatch_v2, dom), 4);
    CHECK_EQ(offsetof(struct hv_privcmd_mmapbatch_v2, dom),
             hv_sysvals.mmapbatch_v2_dom);
    CHECK_EQ(offsetof(struct hv_privcmd_mmapbatch_v2, addr),
             hv_sysvals.mmapbatch_v2_addr);
    CHECK_EQ(offsetof(struct hv_privcmd_mmapbatch_v2, arr),
             hv_sysvals.mmapbatch_v2_arr);
    CHECK_EQ(offsetof(struct hv_privcmd_mmapbatch_v2, err),
             hv_sysvals.mmapbatch_v2_err);
    CHECK_EQ(offsetof(struct hv_gntdev_map_grant_ref, index),
             hv_sysvals.map_grant_ref_index);
    CHECK_EQ(offsetof(struct hv_gntdev_map_grant_ref, refs),
             hv_sysvals.map_grant_ref_refs);
}

TEST(hv_open_without_xen_fails_cleanly)
{
    struct hv *h = (struct hv *)1;
    int rc;

    if (access("/dev/xen/privcmd", F_OK) == 0) {
        printf("  (privcmd present: running in dom0, open not checked)\n");
        return;
    }
    rc = hv_open(&h);
    CHECK_EQ(rc, -ENOENT);
    CHECK(h == NULL);
    CHECK(strstr(hv_strerror(rc), "not running in a Xen dom0"));
    CHECK(strstr(hv_strerror(-EACCES), "interface version"));
    hv_close(NULL);
    CHECK_EQ(hv_evtchn_open(), -ENOENT);
    CHECK_EQ(hv_gnttab_open(), -ENOENT);
}

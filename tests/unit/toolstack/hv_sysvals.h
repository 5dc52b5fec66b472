/* hv_sysvals.h - see hv_sysvals.c */
#ifndef HV_SYSVALS_H
#define HV_SYSVALS_H
struct hv_sysvals {
    unsigned long privcmd_hypercall, privcmd_mmapbatch_v2;
    unsigned long evtchn_bind_virq, evtchn_bind_interdomain;
    unsigned long evtchn_bind_unbound_port, evtchn_unbind, evtchn_notify;
    unsigned long evtchn_reset, gntdev_map_grant_ref, gntdev_unmap_grant_ref;
    unsigned long mmapbatch_v2_size, mmapbatch_v2_dom, mmapbatch_v2_addr;
    unsigned long mmapbatch_v2_arr, mmapbatch_v2_err;
    unsigned long map_grant_ref_index, map_grant_ref_refs;
};
extern const struct hv_sysvals hv_sysvals;
#endif

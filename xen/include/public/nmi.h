/* SPDX-License-Identifier: MIT */
/*
 * nmi.h - HYPERVISOR_nmi_op and the NMI reason bits found in
 * arch_shared_info.nmi_reason (Xen 4.17 ABI).
 */
#ifndef XENOLITH_PUBLIC_NMI_H
#define XENOLITH_PUBLIC_NMI_H

#include "xen.h"

#define _XEN_NMIREASON_io_error   0
#define XEN_NMIREASON_io_error    (1UL << _XEN_NMIREASON_io_error)
#define _XEN_NMIREASON_pci_serr   1
#define XEN_NMIREASON_pci_serr    (1UL << _XEN_NMIREASON_pci_serr)
#define _XEN_NMIREASON_unknown    2
#define XEN_NMIREASON_unknown     (1UL << _XEN_NMIREASON_unknown)

#define XENNMI_register_callback    0
#define XENNMI_unregister_callback  1

#ifndef __ASSEMBLY__
struct xennmi_callback {
    unsigned long handler_address;
    unsigned long pad;
};
typedef struct xennmi_callback xennmi_callback_t;
DEFINE_XEN_GUEST_HANDLE(xennmi_callback_t);
#endif

#endif /* XENOLITH_PUBLIC_NMI_H */

/* SPDX-License-Identifier: MIT */
/*
 * callback.h - HYPERVISOR_callback_op(cmd, arg): registering the entry
 * points Xen bounces a PV guest to (Xen 4.17 ABI).
 */
#ifndef XENOLITH_PUBLIC_CALLBACK_H
#define XENOLITH_PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event                0  /* event channel upcall */
#define CALLBACKTYPE_failsafe             1  /* bad segment on return */
#define CALLBACKTYPE_syscall              2  /* 64-bit SYSCALL */
#define CALLBACKTYPE_sysenter_deprecated  3
#define CALLBACKTYPE_nmi                  4
#define CALLBACKTYPE_sysenter             5
/* 6 is unused */
#define CALLBACKTYPE_syscall32            7  /* 32-bit SYSCALL */

#define _CALLBACKF_mask_events  0  /* mask events while in the callback */
#define CALLBACKF_mask_events   (1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register     0
#define CALLBACKOP_unregister   1

#ifndef __ASSEMBLY__

struct callback_register {
    uint16_t       type;        /* CALLBACKTYPE_* */
    uint16_t       flags;       /* CALLBACKF_* */
    xen_callback_t address;
};
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);

struct callback_unregister {
    uint16_t type;
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);

#endif /* !__ASSEMBLY__ */

#endif /* XENOLITH_PUBLIC_CALLBACK_H */

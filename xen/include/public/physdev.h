/* SPDX-License-Identifier: MIT */
/*
 * physdev.h - HYPERVISOR_physdev_op(cmd, arg): physical interrupts, I/O
 * privilege and PCI device management for privileged PV domains
 * (Xen 4.17 ABI).
 */
#ifndef XENOLITH_PUBLIC_PHYSDEV_H
#define XENOLITH_PUBLIC_PHYSDEV_H

#include "xen.h"

#define PHYSDEVOP_IRQ_UNMASK_NOTIFY   4  /* no argument */
#define PHYSDEVOP_irq_status_query    5
#define PHYSDEVOP_set_iopl            6
#define PHYSDEVOP_set_iobitmap        7
#define PHYSDEVOP_apic_read           8
#define PHYSDEVOP_apic_write          9
#define PHYSDEVOP_alloc_irq_vector   10
#define PHYSDEVOP_free_irq_vector    11
#define PHYSDEVOP_eoi                12
#define PHYSDEVOP_map_pirq           13
#define PHYSDEVOP_unmap_pirq         14
#define PHYSDEVOP_manage_pci_add     15
#define PHYSDEVOP_manage_pci_remove  16
#define PHYSDEVOP_pirq_eoi_gmfn_v1   17
#define PHYSDEVOP_restore_msi        19
#define PHYSDEVOP_manage_pci_add_ext 20
#define PHYSDEVOP_setup_gsi          21
#define PHYSDEVOP_get_free_pirq      23
#define PHYSDEVOP_pci_mmcfg_reserved 24
#define PHYSDEVOP_pci_device_add     25
#define PHYSDEVOP_pci_device_remove  26
#define PHYSDEVOP_restore_msi_ext    27
#define PHYSDEVOP_pirq_eoi_gmfn_v2   28
#define PHYSDEVOP_dbgp_op            29
#define PHYSDEVOP_prepare_msix       30
#define PHYSDEVOP_release_msix       31
#define PHYSDEVOP_pirq_eoi_gmfn      PHYSDEVOP_pirq_eoi_gmfn_v2

/* physdev_irq_status_query.flags */
#define _XENIRQSTAT_needs_eoi  (0)
#define XENIRQSTAT_needs_eoi   (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared     (1)
#define XENIRQSTAT_shared      (1U << _XENIRQSTAT_shared)

/* physdev_map_pirq.type */
#define MAP_PIRQ_TYPE_MSI        0x0
#define MAP_PIRQ_TYPE_GSI        0x1
#define MAP_PIRQ_TYPE_UNKNOWN    0x2
#define MAP_PIRQ_TYPE_MSI_SEG    0x3
#define MAP_PIRQ_TYPE_MULTI_MSI  0x4

/* physdev_pci_mmcfg_reserved.flags */
#define XEN_PCI_MMCFG_RESERVED   0x1

/* physdev_pci_device_add.flags */
#define XEN_PCI_DEV_EXTFN        0x1
#define XEN_PCI_DEV_VIRTFN       0x2
#define XEN_PCI_DEV_PXM          0x4  /* optarr[0] is the proximity domain */

/* physdev_dbgp_op */
#define PHYSDEVOP_DBGP_RESET_PREPARE  1
#define PHYSDEVOP_DBGP_RESET_DONE     2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN    0
#define PHYSDEVOP_DBGP_BUS_PCI        1

#ifndef __ASSEMBLY__

struct physdev_eoi {
    uint32_t irq;               /* PIRQ to acknowledge */
};
typedef struct physdev_eoi physdev_eoi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_eoi_t);

/* Register a guest frame holding a "needs EOI" bit per PIRQ. */
struct physdev_pirq_eoi_gmfn {
    xen_pfn_t gmfn;
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pirq_eoi_gmfn_t);

struct physdev_irq_status_query {
    uint32_t irq;               /* IN */
    uint32_t flags;             /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_status_query_t);

struct physdev_set_iopl {
    uint32_t iopl;              /* 0..3 */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);

struct physdev_set_iobitmap {
    XEN_GUEST_HANDLE(uint8) bitmap;  /* TSS-style: a set bit denies */
    uint32_t nr_ports;
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);

/* IO-APIC register access (apic_read / apic_write). */
struct physdev_apic {
    unsigned long apic_physbase;    /* IN */
    uint32_t reg;                   /* IN */
    uint32_t value;                 /* IN or OUT */
};
typedef struct physdev_apic physdev_apic_t;
DEFINE_XEN_GUEST_HANDLE(physdev_apic_t);

struct physdev_irq {
    uint32_t irq;               /* IN */
    uint32_t vector;            /* OUT (alloc) / IN (free) */
};
typedef struct physdev_irq physdev_irq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_t);

/* Map a GSI or MSI to a PIRQ of domid. */
struct physdev_map_pirq {
    domid_t domid;              /* IN */
    int type;                   /* IN: MAP_PIRQ_TYPE_* */
    int index;                  /* IN: GSI, or MSI-X entry */
    int pirq;                   /* IN or OUT (-1: allocate) */
    int bus;                    /* IN: MSI: bus (seg << 16 for MSI_SEG) */
    int devfn;                  /* IN: MSI */
    int entry_nr;               /* IN: MSI count / MSI-X entry */
    uint64_t table_base;        /* IN: MSI-X table address */
};
typedef struct physdev_map_pirq physdev_map_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_map_pirq_t);

struct physdev_unmap_pirq {
    domid_t domid;
    int pirq;
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_unmap_pirq_t);

struct physdev_manage_pci {
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_t);

struct physdev_restore_msi {
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_restore_msi physdev_restore_msi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_restore_msi_t);

struct physdev_manage_pci_ext {
    uint8_t  bus;
    uint8_t  devfn;
    uint32_t is_extfn;
    uint32_t is_virtfn;
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;                   /* parent, for virtual functions */
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_ext_t);

/* Argument of the obsolete physdev_op_compat hypercall. */
struct physdev_op {
    uint32_t cmd;
    union {
        physdev_irq_status_query_t irq_status_query;
        physdev_set_iopl_t         set_iopl;
        physdev_set_iobitmap_t     set_iobitmap;
        physdev_apic_t             apic_op;
        physdev_irq_t              irq_op;
    } u;
};
typedef struct physdev_op physdev_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_op_t);

struct physdev_setup_gsi {
    int gsi;
    uint8_t triggering;         /* 0 edge, 1 level */
    uint8_t polarity;           /* 0 high, 1 low */
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_setup_gsi_t);

struct physdev_get_free_pirq {
    int type;                   /* IN: MAP_PIRQ_TYPE_* */
    uint32_t pirq;              /* OUT */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_get_free_pirq_t);

struct physdev_pci_mmcfg_reserved {
    uint64_t address;
    uint16_t segment;
    uint8_t  start_bus;
    uint8_t  end_bus;
    uint32_t flags;             /* XEN_PCI_MMCFG_* */
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_mmcfg_reserved_t);

struct physdev_pci_device_add {
    uint16_t seg;
    uint8_t  bus;
    uint8_t  devfn;
    uint32_t flags;             /* XEN_PCI_DEV_* */
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;
    uint32_t optarr[XEN_FLEX_ARRAY_DIM]; /* optional data per flags */
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_add_t);

/* Names a PCI function (device_remove, restore_msi_ext, *_msix). */
struct physdev_pci_device {
    uint16_t seg;
    uint8_t  bus;
    uint8_t  devfn;
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);

struct physdev_dbgp_op {
    uint8_t op;                 /* PHYSDEVOP_DBGP_RESET_* */
    uint8_t bus;                /* PHYSDEVOP_DBGP_BUS_* */
    union {
        physdev_pci_device_t pci;
    } u;
};
typedef struct physdev_dbgp_op physdev_dbgp_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_dbgp_op_t);

#endif /* !__ASSEMBLY__ */

#endif /* XENOLITH_PUBLIC_PHYSDEV_H */

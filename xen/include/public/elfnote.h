/* SPDX-License-Identifier: MIT */
/*
 * elfnote.h - note types in the "Xen" ELF note namespace that a PV or PVH
 * kernel image uses to describe itself to the domain builder (Xen 4.17).
 * Descriptor types are noted on the right (str: NUL-terminated string,
 * num: 32- or 64-bit integer, addr: virtual address).
 */
#ifndef XENOLITH_PUBLIC_ELFNOTE_H
#define XENOLITH_PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_INFO                0  /* obsolete */
#define XEN_ELFNOTE_ENTRY               1  /* addr: PV entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE      2  /* addr: where to put it */
#define XEN_ELFNOTE_VIRT_BASE           3  /* addr: image virtual base */
#define XEN_ELFNOTE_PADDR_OFFSET        4  /* num */
#define XEN_ELFNOTE_XEN_VERSION         5  /* str: e.g. "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS            6  /* str: e.g. "linux" */
#define XEN_ELFNOTE_GUEST_VERSION       7  /* str */
#define XEN_ELFNOTE_LOADER              8  /* str: "generic" */
#define XEN_ELFNOTE_PAE_MODE            9  /* str */
#define XEN_ELFNOTE_FEATURES           10  /* str: '|'-separated names */
#define XEN_ELFNOTE_BSD_SYMTAB         11  /* str: "yes" */
#define XEN_ELFNOTE_HV_START_LOW       12  /* num */
#define XEN_ELFNOTE_L1_MFN_VALID       13  /* num pair: mask, value */
#define XEN_ELFNOTE_SUSPEND_CANCEL     14  /* num */
#define XEN_ELFNOTE_INIT_P2M           15  /* addr: where to map the p2m */
#define XEN_ELFNOTE_MOD_START_PFN      16  /* num: initrd as PFN is ok */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17  /* num: XENFEAT bitmap */
#define XEN_ELFNOTE_PHYS32_ENTRY       18  /* num: PVH 32-bit entry */
#define XEN_ELFNOTE_MAX                XEN_ELFNOTE_PHYS32_ENTRY

/* Notes found in crash dumps and core files, not in kernels. */
#define XEN_ELFNOTE_CRASH_INFO                0x1000001
#define XEN_ELFNOTE_CRASH_REGS                0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE             0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER           0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION      0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION   0x2000003

#endif /* XENOLITH_PUBLIC_ELFNOTE_H */

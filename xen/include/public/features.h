/* SPDX-License-Identifier: MIT */
/*
 * features.h - feature bits reported by XENVER_get_features (Xen 4.17).
 * Submap 0 is the only one defined; bit N of it is XENFEAT number N.
 *
 * Note: include this as <public/features.h>; putting xen/include/public
 * itself on the include path would shadow the C library's <features.h>.
 */
#ifndef XENOLITH_PUBLIC_FEATURES_H
#define XENOLITH_PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables        0  /* guest may write its PTs */
#define XENFEAT_writable_descriptor_tables  1  /* ... and its GDT/LDT */
#define XENFEAT_auto_translated_physmap     2  /* Xen translates gfn->mfn */
#define XENFEAT_supervisor_mode_kernel      3  /* kernel runs in ring 0 */
#define XENFEAT_pae_pgdir_above_4gb         4  /* PAE L3 may live above 4G */
#define XENFEAT_mmu_pt_update_preserve_ad   5  /* MMU_PT_UPDATE_PRESERVE_AD */
#define XENFEAT_highmem_assist              6
#define XENFEAT_gnttab_map_avail_bits       7  /* GNTMAP_guest_avail bits */
#define XENFEAT_hvm_callback_vector         8
#define XENFEAT_hvm_safe_pvclock            9
#define XENFEAT_hvm_pirqs                  10
#define XENFEAT_dom0                       11  /* domain is the hardware dom */
/* 12 is unused */
#define XENFEAT_memory_op_vnode_supported  13  /* XENMEMF_vnode honoured */
#define XENFEAT_ARM_SMCCC_supported        14
#define XENFEAT_linux_rsdp_unrestricted    15
#define XENFEAT_not_direct_mapped          16
#define XENFEAT_direct_mapped              17

#define XENFEAT_NR_SUBMAPS 1

#endif /* XENOLITH_PUBLIC_FEATURES_H */

/*
 * asm/config.h - the hypervisor's virtual layout and fixed sizes.
 *
 * Xen reserves L4 slots 256-271 (0xffff800000000000-0xffff87ffffffffff) for
 * itself; PV guest kernels own every other slot.  Everything the hypervisor
 * maps lives inside that hole, laid out as Xen 4.17 does so that a Linux PV
 * dom0 finds the same picture:
 *
 *   0xffff800000000000  slot 256  read-only M2P for guests (later)
 *   0xffff82c000000000  slot 261  ioremap area (MMIO: LAPIC, IO-APIC, HPET, ACPI)
 *   0xffff82d040000000  slot 261  hypervisor image (phys 0 + offset)
 *   0xffff82e000000000  slot 261  frame table (struct page_info[])
 *   0xffff830000000000  slots 262-271  direct map of RAM (5 TiB)
 *
 * This header is included from assembly: constants only.
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#define NR_CPUS             64

#define PAGE_SHIFT          12
#define PAGE_SIZE           (1 << PAGE_SHIFT)

/* Virtual address of physical address 0 in the image mapping. */
#define XEN_VIRT_START      0xffff82d040000000
/* The image is linked to load at 2 MiB physical. */
#define XEN_LOAD_PHYS       0x200000
#define XEN_L4_SLOT         261
#define XEN_L3_SLOT         321

#define IOREMAP_VIRT_START  0xffff82c000000000
#define IOREMAP_VIRT_END    0xffff82cf00000000
/* Per-CPU GDT windows: 16 pages each, PERCPU_GDT_STRIDE apart.  Pages
 * 0-13 show the running vCPU's GDT frames (read-only; a zero page where it
 * has none), page 14 the CPU's own descriptors (selectors 0xe000 up). */
#define PERCPU_GDT_VIRT_START 0xffff82cf00000000
#define PERCPU_GDT_STRIDE   0x20000
#define GDT_GUEST_PAGES     14
/* Pages 16-31 of each CPU's window show the running vCPU's LDT pages (not
 * present until first used: pv/ldt.c); selector 0xe050 describes them. */
#define LDT_WINDOW_FIRST_PAGE 16
#define LDT_WINDOW_PAGES    16
#define LDT_SELECTOR        0xe050
#define FRAMETABLE_VIRT_START 0xffff82e000000000
#define FRAMETABLE_VIRT_END 0xffff830000000000
#define DIRECTMAP_VIRT_START 0xffff830000000000
#define DIRECTMAP_VIRT_END  0xffff880000000000
#define DIRECTMAP_L4_SLOT   262
#define HYPERVISOR_VIRT_START 0xffff800000000000
#define HYPERVISOR_VIRT_END 0xffff880000000000

/*
 * Per-CPU stacks: STACK_SIZE bytes, aligned to STACK_SIZE, so that
 * (rsp | (STACK_SIZE - 1)) finds the top.  struct cpu_info sits at the top
 * (CPUINFO_SIZE bytes).  Pages 0-2 are the IST stacks for #DF, NMI and #MC;
 * pages 3-7 are the primary stack.  Per-CPU data found from the stack, not
 * from GS, stays correct whatever GS base a PV guest loads.
 */
#define STACK_ORDER         3
#define STACK_SIZE          (PAGE_SIZE << STACK_ORDER)
#define CPUINFO_SIZE        128
/* Stacks start this far below the top: cpu_info, then a guest's frame
 * (struct cpu_user_regs, 200 bytes, rounded to 16), which the context
 * switch rewrites while running on the same stack. */
#define STACK_RESERVE       (CPUINFO_SIZE + 208)
/* struct cpu_info fields the syscall entry reaches through %gs. */
#define CPUINFO_syscall_rsp 24      /* the guest's rsp, saved on entry */
#define CPUINFO_guest_top   32      /* where a guest frame's ss ends */
#define IST_DF              1
#define IST_NMI             2
#define IST_MC              3

/* Segment selectors in every CPU's GDT. */
#define __HYPERVISOR_CS     0xe008
#define __HYPERVISOR_DS     0xe010
#define TSS_SELECTOR        0xe040
/* Entry 0xe008 >> 3 = 0x1c01: the GDT is a full page; Xen's selectors sit
 * in its last entries so that guests own the low part later. */
#define GDT_ENTRIES         512
#define XEN_GDT_FIRST_ENTRY (0xe000 >> 3)

#endif

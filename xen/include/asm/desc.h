/*
 * asm/desc.h - descriptor tables.
 *
 * One IDT shared by all CPUs; each CPU has its own GDT page and TSS.  The
 * hypervisor's GDT entries sit at selector 0xe000 and above, as in Xen, so
 * a PV guest's own GDT can later occupy the low part (GDTR base points
 * 0xe000 bytes before the page that holds them; lower entries are never
 * referenced by the hypervisor).
 */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <xen/types.h>
#include <asm/config.h>

/* Xen's flat guest selectors, in SYSRET order (STAR[63:48] = 0xe023). */
#define FLAT_RING3_CS32 0xe023
#define FLAT_RING3_DS   0xe02b
#define FLAT_RING3_CS64 0xe033

void idt_init(void);                 /* once, on the boot CPU */
void cpu_desc_init(unsigned int cpu); /* GDT, TSS, IDT load on this CPU */
/*
 * Maps cpu's GDT window (asm/config.h) on the idle page table; called on
 * the boot CPU for every CPU once the boot allocator is up.  cpu_desc_init
 * then loads the window as the GDT; gdt_window_switch() reloads CPU 0's.
 */
void gdt_window_map(unsigned int cpu);
void gdt_window_switch(void);
/* Points guest page i (< GDT_GUEST_PAGES) of this CPU's window at mfn
 * (read-only), or at the zero page when mfn is 0. */
void gdt_window_set(unsigned int i, mfn_t mfn);
/*
 * This CPU's LDT window: page i (< LDT_WINDOW_PAGES) maps mfn writable
 * (the CPU sets accessed bits), or nothing when mfn is 0; the TLB entry is
 * flushed when the mapping changes.  ldt_window_load points LDTR at the
 * window with room for ents descriptors (0: no LDT, LDTR null).
 * ldt_window_offset: is va inside this CPU's window, and where?
 */
void ldt_window_set(unsigned int i, mfn_t mfn);
void ldt_window_load(unsigned int ents);
bool ldt_window_offset(unsigned long va, unsigned int *off);
/* SYSCALL MSRs and the syscall stack of this CPU. */
void cpu_syscall_init(unsigned int cpu);
void set_idt_gate(unsigned int vec, void *handler, unsigned int dpl,
                  unsigned int ist);

#endif

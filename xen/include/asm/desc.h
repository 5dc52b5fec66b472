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

#define FLAT_RING1_CS32 0xe019
#define FLAT_RING1_DS32 0xe021
#define FLAT_RING3_DS   0xe02b
#define FLAT_RING3_CS64 0xe033
#define FLAT_RING3_CS32 0xe03b

void idt_init(void);                 /* once, on the boot CPU */
void cpu_desc_init(unsigned int cpu); /* GDT, TSS, IDT load on this CPU */
void set_idt_gate(unsigned int vec, void *handler, unsigned int dpl,
                  unsigned int ist);

#endif

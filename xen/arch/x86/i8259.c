/*
 * i8259.c - the legacy PIC pair.  We never use it: remap its vectors out
 * of the exception range (in case a spurious one slips out) and mask
 * every line, so the IO-APIC alone delivers device interrupts.
 */
#include <asm/io.h>

void i8259_disable(void)
{
    outb(0x11, 0x20);       /* ICW1: init, ICW4 follows */
    outb(0x11, 0xa0);
    outb(0x20, 0x21);       /* ICW2: vector bases 0x20 / 0x28 */
    outb(0x28, 0xa1);
    outb(0x04, 0x21);       /* ICW3: slave on IR2 */
    outb(0x02, 0xa1);
    outb(0x01, 0x21);       /* ICW4: 8086 mode */
    outb(0x01, 0xa1);
    outb(0xff, 0x21);       /* mask all */
    outb(0xff, 0xa1);
}

/*
 * i8254.c - the PIT, used only as a fallback calibration clock: channel 2
 * in mode 0 counts down once with its gate held by port 0x61, and bit 5
 * of port 0x61 shows when it reached zero.
 */
#include <asm/hpet.h>
#include <asm/io.h>

#define PIT_HZ 1193182ULL

uint64_t pit_wait(unsigned int us)
{
    uint64_t count = PIT_HZ * us / 1000000;

    if (count > 0xffff)
        count = 0xffff;
    outb((inb(0x61) & ~0x02) | 0x01, 0x61);  /* gate on, speaker off */
    outb(0xb0, 0x43);                        /* ch2, lo/hi, mode 0, binary */
    outb(count & 0xff, 0x42);
    outb(count >> 8, 0x42);
    while (!(inb(0x61) & 0x20))
        ;
    return count * 1000000000ULL / PIT_HZ;
}

/*
 * io_apic.c - IO-APIC set-up: map each one, mask every pin, and route the
 * ISA IRQs we use (the console UART) with the MADT's polarity/trigger.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/spinlock.h>
#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/io_apic.h>
#include <asm/page.h>
#include <asm/system.h>

#define IOREGSEL 0x00
#define IOWIN    0x10
#define IOAPIC_VER 0x01
#define REDTBL(n) (0x10 + 2 * (n))
#define RTE_MASKED (1u << 16)
#define RTE_LEVEL  (1u << 15)
#define RTE_LOW    (1u << 13)

struct ioapic {
    volatile uint8_t *regs;
    uint32_t gsi_base;
    unsigned int pins;
};

static struct ioapic ioapics[MAX_IOAPICS];
static unsigned int nr_ioapics;
static DEFINE_SPINLOCK(ioapic_lock);
/* GSIs the hypervisor routed for itself (below 64). */
static uint64_t xen_gsis;

static uint32_t io_apic_read(struct ioapic *a, uint8_t reg)
{
    writel(reg, a->regs + IOREGSEL);
    return readl(a->regs + IOWIN);
}

static void io_apic_write(struct ioapic *a, uint8_t reg, uint32_t v)
{
    writel(reg, a->regs + IOREGSEL);
    writel(v, a->regs + IOWIN);
}

void io_apic_init(void)
{
    for (unsigned int i = 0; i < acpi_info.nr_ioapics; i++) {
        struct ioapic *a = &ioapics[nr_ioapics++];

        a->regs = ioremap(acpi_info.ioapic[i].addr, PAGE_SIZE);
        a->gsi_base = acpi_info.ioapic[i].gsi_base;
        a->pins = ((io_apic_read(a, IOAPIC_VER) >> 16) & 0xff) + 1;
        for (unsigned int p = 0; p < a->pins; p++) {
            io_apic_write(a, REDTBL(p) + 1, 0);
            io_apic_write(a, REDTBL(p), RTE_MASKED);
        }
        printk("IOAPIC[%u]: id %u at %#llx, GSI %u-%u, all masked\n", i,
               acpi_info.ioapic[i].id,
               (unsigned long long)acpi_info.ioapic[i].addr,
               a->gsi_base, a->gsi_base + a->pins - 1);
    }
}

unsigned int io_apic_nr_pins(void)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < nr_ioapics; i++)
        n += ioapics[i].pins;
    return n;
}

int io_apic_route_isa_irq(unsigned int irq, uint8_t vector, uint32_t apic_id)
{
    uint32_t gsi = acpi_info.isa_gsi[irq];
    uint16_t flags = acpi_info.isa_flags[irq];
    uint32_t lo = vector;

    /* MPS flags: polarity bits 0-1 (3 = active low), trigger 2-3 (3 = level).
     * ISA default (0) is edge, active high. */
    if ((flags & 3) == 3)
        lo |= RTE_LOW;
    if (((flags >> 2) & 3) == 3)
        lo |= RTE_LEVEL;
    for (unsigned int i = 0; i < nr_ioapics; i++) {
        struct ioapic *a = &ioapics[i];

        if (gsi < a->gsi_base || gsi >= a->gsi_base + a->pins)
            continue;
        if (gsi < 64)
            xen_gsis |= 1ULL << gsi;
        spin_lock(&ioapic_lock);
        /* Physical destination; x2APIC ids > 255 need interrupt remapping,
         * which we do not do: such CPUs cannot receive device IRQs. */
        io_apic_write(a, REDTBL(gsi - a->gsi_base) + 1, (apic_id & 0xff) << 24);
        io_apic_write(a, REDTBL(gsi - a->gsi_base), lo);
        spin_unlock(&ioapic_lock);
        return 0;
    }
    return -ENODEV;
}

/* ---- GSIs given to the hardware domain (pv/pirq.c) ---- */

static struct ioapic *gsi_to_pin(unsigned int gsi, unsigned int *pin)
{
    for (unsigned int i = 0; i < nr_ioapics; i++) {
        struct ioapic *a = &ioapics[i];

        if (gsi >= a->gsi_base && gsi < a->gsi_base + a->pins) {
            *pin = gsi - a->gsi_base;
            return a;
        }
    }
    return NULL;
}

bool io_apic_gsi_xen_owned(unsigned int gsi)
{
    return gsi < 64 && (xen_gsis & (1ULL << gsi));
}

void io_apic_gsi_defaults(unsigned int gsi, bool *level, bool *low)
{
    /* PCI default: level, active low; an ISA IRQ's per the MADT. */
    *level = *low = gsi >= 16;
    for (unsigned int irq = 0; irq < 16; irq++) {
        uint16_t flags = acpi_info.isa_flags[irq];

        if (acpi_info.isa_gsi[irq] != gsi)
            continue;
        *low = (flags & 3) == 3;
        *level = ((flags >> 2) & 3) == 3;
        return;
    }
}

int io_apic_gsi_program(unsigned int gsi, uint8_t vector, uint32_t apic_id,
                        bool level, bool low, bool masked)
{
    unsigned int pin;
    struct ioapic *a = gsi_to_pin(gsi, &pin);
    unsigned long f;
    uint32_t lo = vector;

    if (!a || io_apic_gsi_xen_owned(gsi))
        return -ENODEV;
    if (level)
        lo |= RTE_LEVEL;
    if (low)
        lo |= RTE_LOW;
    if (masked)
        lo |= RTE_MASKED;
    spin_lock_irqsave(&ioapic_lock, f);
    io_apic_write(a, REDTBL(pin), RTE_MASKED);
    io_apic_write(a, REDTBL(pin) + 1, (apic_id & 0xff) << 24);
    io_apic_write(a, REDTBL(pin), lo);
    spin_unlock_irqrestore(&ioapic_lock, f);
    return 0;
}

void io_apic_gsi_mask(unsigned int gsi, bool mask)
{
    unsigned int pin;
    struct ioapic *a = gsi_to_pin(gsi, &pin);
    unsigned long f;
    uint32_t lo;

    if (!a || io_apic_gsi_xen_owned(gsi))
        return;
    spin_lock_irqsave(&ioapic_lock, f);
    lo = io_apic_read(a, REDTBL(pin));
    lo = mask ? lo | RTE_MASKED : lo & ~RTE_MASKED;
    io_apic_write(a, REDTBL(pin), lo);
    spin_unlock_irqrestore(&ioapic_lock, f);
}

/*
 * acpi.c - just enough ACPI table reading to find the CPUs, IO-APICs,
 * ISA interrupt overrides and the HPET.  Tables are mapped read-only
 * through ioremap_wb (they may sit in e820 "reserved" memory, outside the
 * direct map).  No AML.
 */
#include <xen/lib.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/page.h>

struct acpi_info acpi_info;

struct sdt_header {
    char sig[4];
    uint32_t length;
    uint8_t revision, checksum;
    char oem_id[6], oem_table_id[8];
    uint32_t oem_revision, creator_id, creator_revision;
} __packed;

struct rsdp {
    char sig[8];
    uint8_t checksum;
    char oem_id[6];
    uint8_t revision;
    uint32_t rsdt;
    uint32_t length;
    uint64_t xsdt;
    uint8_t ext_checksum, rsvd[3];
} __packed;

static struct rsdp rsdp_copy;
static bool have_rsdp;

static uint8_t sum(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint8_t s = 0;

    while (n--)
        s += *b++;
    return s;
}

void acpi_set_rsdp_copy(const void *rsdp, size_t len)
{
    len = MIN(len, sizeof(rsdp_copy));
    memcpy(&rsdp_copy, rsdp, len);
    have_rsdp = true;
}

static bool scan_rsdp(paddr_t start, size_t len)
{
    const char *p = ioremap_wb(start, len);

    for (size_t off = 0; off + 20 <= len; off += 16)
        if (!memcmp(p + off, "RSD PTR ", 8) && !sum(p + off, 20)) {
            acpi_set_rsdp_copy(p + off, MIN(len - off, sizeof(rsdp_copy)));
            return true;
        }
    return false;
}

static bool find_rsdp(void)
{
    const uint16_t *ebda_seg;

    if (have_rsdp)
        return true;
    ebda_seg = ioremap_wb(0x40e, 2);
    if (*ebda_seg && scan_rsdp((paddr_t)*ebda_seg << 4, 1024))
        return true;
    return scan_rsdp(0xe0000, 0x20000);
}

static const struct sdt_header *map_table(paddr_t pa)
{
    const struct sdt_header *h = ioremap_wb(pa, sizeof(*h));

    return ioremap_wb(pa, h->length);
}

static void parse_madt(const struct sdt_header *h)
{
    const uint8_t *p = (const uint8_t *)h + 44;
    const uint8_t *end = (const uint8_t *)h + h->length;

    acpi_info.lapic_addr = *(const uint32_t *)((const uint8_t *)h + 36);
    for (; p + 2 <= end && p[1]; p += p[1]) {
        switch (p[0]) {
        case 0:     /* processor local APIC: enabled CPUs only */
            if ((*(const uint32_t *)(p + 4) & 1) && acpi_info.nr_cpus < NR_CPUS)
                acpi_info.cpu_apic_id[acpi_info.nr_cpus++] = p[3];
            break;
        case 9:     /* processor local x2APIC */
            if ((*(const uint32_t *)(p + 8) & 1) && acpi_info.nr_cpus < NR_CPUS)
                acpi_info.cpu_apic_id[acpi_info.nr_cpus++] =
                    *(const uint32_t *)(p + 4);
            break;
        case 1:     /* IO-APIC */
            if (acpi_info.nr_ioapics < MAX_IOAPICS) {
                unsigned int i = acpi_info.nr_ioapics++;

                acpi_info.ioapic[i].id = p[2];
                acpi_info.ioapic[i].addr = *(const uint32_t *)(p + 4);
                acpi_info.ioapic[i].gsi_base = *(const uint32_t *)(p + 8);
            }
            break;
        case 2:     /* interrupt source override (ISA bus) */
            if (p[3] < 16) {
                acpi_info.isa_gsi[p[3]] = *(const uint32_t *)(p + 4);
                acpi_info.isa_flags[p[3]] = *(const uint16_t *)(p + 8);
            }
            break;
        case 5:     /* 64-bit local APIC address */
            acpi_info.lapic_addr = *(const uint64_t *)(p + 4);
            break;
        }
    }
}

/*
 * The S5 sleep type from the DSDT's \_S5 package: the AML is
 * "_S5_" PackageOp(0x12) PkgLength NumElements, then the first element
 * as a BytePrefix (0x0a) constant or ZeroOp/OneOp.
 */
static void parse_s5(paddr_t dsdt)
{
    const struct sdt_header *h = map_table(dsdt);
    const uint8_t *p = (const uint8_t *)h, *end = p + h->length;

    for (p += sizeof(*h); p + 8 < end; p++) {
        const uint8_t *q;

        if (memcmp(p, "_S5_", 4) || p[4] != 0x12)
            continue;
        q = p + 5;
        q += 1 + (*q >> 6);             /* PkgLength's extra bytes */
        q++;                            /* NumElements */
        if (q + 1 >= end)
            return;
        acpi_info.s5_slp_typ = *q == 0x0a ? q[1] : (*q == 0x01 ? 1 : 0);
        acpi_info.have_s5 = true;
        return;
    }
}

/* FADT: PM1a control block (power off) and the DSDT. */
static void parse_fadt(const struct sdt_header *h)
{
    const uint8_t *f = (const uint8_t *)h;

    if (h->length < 68)
        return;
    acpi_info.pm1a_cnt = *(const uint32_t *)(f + 64);
    parse_s5(*(const uint32_t *)(f + 40));
}

static void parse_table(paddr_t pa)
{
    const struct sdt_header *h = map_table(pa);

    if (!memcmp(h->sig, "APIC", 4))
        parse_madt(h);
    else if (!memcmp(h->sig, "FACP", 4))
        parse_fadt(h);
    else if (!memcmp(h->sig, "HPET", 4))
        acpi_info.hpet_addr = *(const uint64_t *)((const uint8_t *)h + 44);
}

bool acpi_init(void)
{
    const struct sdt_header *root;
    bool x;
    unsigned int n;

    for (unsigned int i = 0; i < 16; i++)
        acpi_info.isa_gsi[i] = i;
    acpi_info.lapic_addr = APIC_DEFAULT_PHYS;
    if (!find_rsdp())
        return false;
    x = rsdp_copy.revision >= 2 && rsdp_copy.xsdt;
    root = map_table(x ? rsdp_copy.xsdt : rsdp_copy.rsdt);
    n = (root->length - sizeof(*root)) / (x ? 8 : 4);
    for (unsigned int i = 0; i < n; i++) {
        const uint8_t *e = (const uint8_t *)(root + 1) + i * (x ? 8 : 4);

        parse_table(x ? *(const uint64_t *)e : *(const uint32_t *)e);
    }
    printk("ACPI: RSDP rev %u (%.6s), %u CPUs, %u IO-APIC(s), HPET %s\n",
           rsdp_copy.revision, rsdp_copy.oem_id, acpi_info.nr_cpus,
           acpi_info.nr_ioapics, acpi_info.hpet_addr ? "yes" : "no");
    return true;
}

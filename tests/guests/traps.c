/*
 * traps.c - exceptions bounced to a PV kernel: int3, #DE, #UD, #GP from
 * privileged instructions, #PF with CR2 in vcpu_info, bad selector loads;
 * set_gdt and update_descriptor with good and hostile descriptors and
 * frames; set_segment_base and set_debugreg bounds.
 */
#include "guest.h"

const char test_kernel_name[] = "traps";

static char gdt_page[PAGE_SIZE] __page_bss;
static char data_page[PAGE_SIZE] __page_bss;

#define DESC_CODE64_DPL3 0x00affa000000ffffUL
#define DESC_DATA_DPL3   0x00cff2000000ffffUL
#define DESC_DATA_DPL0   0x00cf92000000ffffUL
#define DESC_TSS64       0x0000890000000067UL   /* system descriptor */

static int load_ds(uint16_t sel)
{
    trap_reset();
    asm volatile(TRY("movw %0, %%ds") :: "r"(sel) : "memory");
    asm volatile("movw %0, %%ds" :: "r"((uint16_t)0));
    return last_trap.count ? (int)last_trap.vector : -1;
}

static void exceptions(void)
{
    unsigned long after;
    trap_reset();
    asm volatile("int3\n 1: lea 1b(%%rip), %0" : "=r"(after));
    report("int3", last_trap.count == 1 && last_trap.vector == 3 && last_trap.rip == after,
           "count=%lu vector=%lu rip=%lx want=%lx", last_trap.count, last_trap.vector,
           last_trap.rip, after);
    /* A trap taken in guest kernel mode is reported with CS RPL 0 (so
     * HYPERVISOR_iret with the same frame stays in kernel mode) and the
     * event mask at the time of the trap (1 here) in bits 32-39. */
    report("kernel-frame-cs-rpl0-saved-mask", (last_trap.cs & 0xffff) == 0xe030 &&
           ((last_trap.cs >> 32) & 0xff) == 1, "cs=%lx", last_trap.cs);

    trap_reset();
    unsigned long zero = 0, q = 7;
    asm volatile("xorl %%edx, %%edx\n" TRY("divq %1") : "+a"(q) : "r"(zero) : "rdx");
    report("divide-error", last_trap.count == 1 && last_trap.vector == 0, "vector=%lu",
           last_trap.vector);

    trap_reset();
    asm volatile(TRY("ud2"));
    report("invalid-opcode", last_trap.count == 1 && last_trap.vector == 6, "vector=%lu",
           last_trap.vector);

    trap_reset();
    asm volatile(TRY("hlt"));
    report("gp-hlt", last_trap.count == 1 && last_trap.vector == 13 && last_trap.error == 0,
           "vector=%lu error=%lx", last_trap.vector, last_trap.error);

    trap_reset();
    asm volatile(TRY("wrmsr") :: "c"(0x12345678), "a"(0), "d"(0));
    report("gp-wrmsr-unknown", last_trap.count == 1 && last_trap.vector == 13, "vector=%lu",
           last_trap.vector);

    /* Reading CR3 is emulated: the guest sees its own L4's frame. */
    unsigned long cr3 = 0;
    trap_reset();
    asm volatile(TRY("mov %%cr3, %0") : "+r"(cr3));
    unsigned long l4_mfn = pfn_to_mfn(va_to_pfn((void *)si->pt_base));
    report("cr3-read-emulated", last_trap.count == 0 && (cr3 >> PAGE_SHIFT) == l4_mfn,
           "cr3=%lx l4 mfn=%lx traps=%lu", cr3, l4_mfn, last_trap.count);

    /* #PF: CR2 lands in vcpu_info, error code says read of non-present. */
    trap_reset();
    unsigned long v = 0;
    asm volatile(TRY("movq (%1), %0") : "+r"(v) : "r"(0x1000UL));
    report("page-fault-cr2", last_trap.vector == 14 && last_trap.cr2 == 0x1000 &&
           (last_trap.error & 7) == 0, "vector=%lu cr2=%lx error=%lx", last_trap.vector,
           last_trap.cr2, last_trap.error);
    trap_reset();
    asm volatile(TRY("movq %0, (%1)") :: "r"(v), "r"(BAD_HV));
    report("page-fault-hypervisor-address", last_trap.vector == 14 && last_trap.cr2 == BAD_HV,
           "vector=%lu cr2=%lx error=%lx", last_trap.vector, last_trap.cr2, last_trap.error);
}

static void selectors(void)
{
    int v = load_ds(FLAT_RING3_DS32);
    report("load-flat-ds", v == -1, "vector=%d", v);
    v = load_ds(0x1233);       /* GDT index 0x246, RPL 3: nothing there */
    report("load-ds-empty-gdt-slot", v == 13 && last_trap.error == 0x1230, "vector=%d error=%lx",
           v, last_trap.error);
    v = load_ds(0xe008);       /* Xen's own ring-0 code segment */
    report("load-ds-hypervisor-code", v == 13 && last_trap.error == 0xe008,
           "vector=%d error=%lx", v, last_trap.error);
    v = load_ds(0x0c);         /* LDT selector, no LDT */
    report("load-ds-no-ldt", v == 13, "vector=%d error=%lx", v, last_trap.error);
}

static void gdt(void)
{
    unsigned long gdt_mfn = virt_to_mfn(gdt_page), data_mfn = virt_to_mfn(data_page);
    uint64_t *d = (uint64_t *)gdt_page;
    memset(gdt_page, 0, PAGE_SIZE);
    d[1] = DESC_CODE64_DPL3;
    d[2] = DESC_DATA_DPL3;
    d[3] = DESC_DATA_DPL0;

    unsigned long frames[16] = { gdt_mfn };
    long rc = HYPERVISOR_set_gdt(frames, 8);
    EXPECT_EQ("set_gdt-writable-frame", rc, -XEN_EINVAL);
    remap_va(gdt_page, gdt_mfn, PTE_RO_FLAGS);

    frames[0] = hypervisor_mfn();
    rc = HYPERVISOR_set_gdt(frames, 8);
    EXPECT_EQ("set_gdt-hypervisor-frame", rc, -XEN_EINVAL);
    frames[0] = MFN_BEYOND_RAM;
    rc = HYPERVISOR_set_gdt(frames, 8);
    EXPECT_EQ("set_gdt-frame-beyond-ram", rc, -XEN_EINVAL);
    frames[0] = gdt_mfn;
    rc = HYPERVISOR_set_gdt(frames, 7169);   /* into Xen's reserved entries */
    EXPECT_EQ("set_gdt-too-many-entries", rc, -XEN_EINVAL);

    rc = HYPERVISOR_set_gdt(frames, 8);
    report("set_gdt", rc == 0, "rc=%ld", rc);
    /* A DPL-0 descriptor is accepted with its DPL raised to the guest
     * kernel's ring (3) in the guest's own page. */
    report("set_gdt-dpl0-raised", ((d[3] >> 45) & 3) == 3, "desc=%lx", d[3]);
    int v = load_ds((2 << 3) | 3);
    report("load-own-data-segment", v == -1, "vector=%d", v);
    v = load_ds((9 << 3) | 3);
    report("load-beyond-gdt-limit", v == 13 && last_trap.error == (9 << 3), "vector=%d error=%lx",
           v, last_trap.error);

    /* update_descriptor: machine address of one 8-byte entry. */
    uint64_t ma = ((uint64_t)gdt_mfn << PAGE_SHIFT) + 4 * 8;
    rc = HYPERVISOR_update_descriptor(ma, DESC_DATA_DPL3);
    report("update_descriptor", rc == 0 && d[4] == DESC_DATA_DPL3 && load_ds((4 << 3) | 3) == -1,
           "rc=%ld desc=%lx", rc, d[4]);
    rc = HYPERVISOR_update_descriptor(ma + 8, DESC_TSS64);
    report("update_descriptor-system-desc", rc == -XEN_EINVAL && d[5] == 0, "rc=%ld", rc);
    rc = HYPERVISOR_update_descriptor(ma + 4, DESC_DATA_DPL3);
    EXPECT_EQ("update_descriptor-misaligned", rc, -XEN_EINVAL);
    rc = HYPERVISOR_update_descriptor(hypervisor_mfn() << PAGE_SHIFT, DESC_DATA_DPL3);
    EXPECT_EQ("update_descriptor-hypervisor-frame", rc, -XEN_EINVAL);
    rc = HYPERVISOR_update_descriptor(((uint64_t)data_mfn << PAGE_SHIFT) + 8, DESC_DATA_DPL3);
    report("update_descriptor-plain-page", rc == 0 && ((uint64_t *)data_page)[1] == DESC_DATA_DPL3,
           "rc=%ld", rc);

    /* The GDT page is typed while in use: it cannot become writable. */
    rc = remap_va(gdt_page, gdt_mfn, PTE_RW_FLAGS);
    report("gdt-page-writable-refused", rc < 0, "rc=%ld", rc);
    /* A system descriptor in a GDT frame is refused at set_gdt time. */
    static uint64_t tmp;
    tmp = 0;
    unsigned long empty[1] = { 0 };
    rc = HYPERVISOR_set_gdt(empty, 0);
    long rc2 = remap_va(gdt_page, gdt_mfn, PTE_RW_FLAGS);
    report("set_gdt-release", rc == 0 && rc2 == 0, "set_gdt=%ld make-writable=%ld", rc, rc2);
    d[6] = DESC_TSS64;
    remap_va(gdt_page, gdt_mfn, PTE_RO_FLAGS);
    rc = HYPERVISOR_set_gdt(frames, 8);
    EXPECT_EQ("set_gdt-with-system-descriptor", rc, -XEN_EINVAL);
    (void)tmp;
}

static unsigned long fs_probe = 0x5eed;

static void segbase_debugreg(void)
{
    long rc = HYPERVISOR_set_segment_base(SEGBASE_FS, (unsigned long)&fs_probe);
    unsigned long v = 0;
    asm volatile("movq %%fs:0, %0" : "=r"(v));
    report("set_segment_base-fs", rc == 0 && v == 0x5eed, "rc=%ld read=%lx", rc, v);
    HYPERVISOR_set_segment_base(SEGBASE_FS, 0);
    rc = HYPERVISOR_set_segment_base(SEGBASE_FS, BAD_NONCANON);
    EXPECT_EQ("set_segment_base-noncanonical", rc, -XEN_EINVAL);
    rc = HYPERVISOR_set_segment_base(7, 0);
    EXPECT_EQ("set_segment_base-bad-which", rc, -XEN_EINVAL);
    rc = hcall(__HYPERVISOR_set_debugreg, 0, BAD_HV, 0, 0, 0);
    EXPECT_EQ("set_debugreg-hypervisor-address", rc, -XEN_EPERM);
    /* Xen 4.17 answers -ENODEV (not -EINVAL) for a register that does not exist. */
    rc = hcall(__HYPERVISOR_set_debugreg, 9, 0, 0, 0, 0);
    EXPECT_EQ("set_debugreg-bad-register", rc, -19);
}

void test_main(void)
{
    exceptions();
    selectors();
    gdt();
    segbase_debugreg();
}

/*
 * ldt.c - a guest LDT (MMUEXT_SET_LDT) and the I/O permission bitmap
 * (PHYSDEVOP_set_iobitmap).
 *
 * LDT: bounds of SET_LDT; descriptors loaded from the LDT in guest kernel
 * and user mode (data segments, far return and HYPERVISOR_iret to an LDT
 * code segment); the page becomes a descriptor page when first used, so
 * it cannot become writable, a page holding a system descriptor or one
 * still writable is never used (the guest sees #PF at the LDT address, as
 * Xen 4.17 maps LDT pages lazily), update_descriptor checks entries;
 * selectors beyond the limit or not present fault back to the guest; a
 * page given back while in use lives until the LDT lets go.
 *
 * I/O bitmap: with virtual IOPL 0 a port is usable from guest kernel and
 * user mode only if its bits are clear in the guest's bitmap and below
 * nr_ports; an unreadable bitmap denies; IOPL 1 overrides it in kernel
 * mode.  Port 0x80 (POST codes) is the one touched.
 */
#include "guest.h"

const char test_kernel_name[] = "ldt";

static char ldt_pages[2 * PAGE_SIZE] __page_bss;
static uint8_t iobmp[2 * PAGE_SIZE] __page_bss;
static char user_l4[PAGE_SIZE] __page_bss;
static char user_stack[PAGE_SIZE] __page_bss;
static char trap_stack[2 * PAGE_SIZE] __page_bss;
static char freed_page[PAGE_SIZE] __page_bss;

#define DESC_CODE64_DPL3 0x00affa000000ffffUL
#define DESC_DATA_DPL3   0x00cff2000000ffffUL
#define DESC_DATA_DPL0   0x00cf92000000ffffUL
#define DESC_DATA_NP     0x00cf72000000ffffUL   /* DPL 3, not present */
#define DESC_TSS64       0x0000890000000067UL   /* system descriptor */
#define DESC_INTGATE     0x0000ee00e0330000UL   /* interrupt gate */
/* 64-bit call gates (low half; the high half is 0): DPL 3, target in
 * bits 16-31. */
#define CALL_GATE(sel)   (0x0000ec0000000000UL | ((uint64_t)(sel) << 16))

#define LDT_SEL(i)       (((i) << 3) | 4 | 3)

static uint64_t *const ldt = (uint64_t *)ldt_pages;

static long set_ldt(unsigned long base, unsigned int ents)
{
    return mmuext_va(MMUEXT_SET_LDT, base, ents);
}

static long ldt_page_ro(unsigned int i, int ro)
{
    char *va = ldt_pages + i * PAGE_SIZE;
    return remap_va(va, virt_to_mfn(va), ro ? PTE_RO_FLAGS : PTE_RW_FLAGS);
}

/* Loads DS with sel (then the null selector again); -1 or the vector. */
static int load_ds(uint16_t sel)
{
    trap_reset();
    asm volatile(TRY("movw %0, %%ds") :: "r"(sel) : "memory");
    asm volatile("movw %0, %%ds" :: "r"((uint16_t)0));
    return last_trap.count ? (int)last_trap.vector : -1;
}

/*
 * ldt_far(sel): far return to sel:1f, read CS there, far return to the
 * flat kernel CS; the CS seen, or -1 if the first far return faulted.
 * ldt_iret(sel, rflags): the same through HYPERVISOR_iret (sel's RPL 0
 * keeps kernel mode).
 */
long ldt_far(unsigned long sel);
long ldt_iret(unsigned long sel, unsigned long rflags);
extern char ldt_iret_target[], ldt_iret_failed[];

/* A fault on the frame ldt_iret returns to (its CS unusable): recorded,
 * and resumed as a return of -1 from ldt_iret with the flat kernel CS. */
static struct frame iret_fault_frame;
static int iret_fault_hook(struct frame *f)
{
    if (f->rip != (unsigned long)ldt_iret_target || f->vector >= 32)
        return 0;
    iret_fault_frame = *f;
    last_trap.cr2 = vcpu0->arch.cr2;
    f->rip = (unsigned long)ldt_iret_failed;
    f->cs = FLAT_KERNEL_CS & ~3UL;
    return 1;
}
asm(".text\n"
    "ldt_far:\n"
    "  pushq %rdi\n"
    "  leaq 1f(%rip), %rax\n"
    "  pushq %rax\n"
    "3: lretq\n"
    "1: xorl %eax, %eax\n"
    "  movw %cs, %ax\n"
    "  pushq $0xe033\n"
    "  leaq 2f(%rip), %rcx\n"
    "  pushq %rcx\n"
    "  lretq\n"
    "2: ret\n"
    "4: addq $16, %rsp\n"
    "  movq $-1, %rax\n"
    "  ret\n"
    ".pushsection .extable, \"a\"\n .quad 3b, 4b\n .popsection\n"
    "ldt_iret:\n"
    "  movq %rsp, %rdx\n"
    "  pushq $0xe02b\n"
    "  pushq %rdx\n"
    "  pushq %rsi\n"
    "  pushq %rdi\n"
    "  leaq 1f(%rip), %rax\n"
    "  pushq %rax\n"
    "  xorl %ecx, %ecx\n"
    "  xorl %r11d, %r11d\n"
    "  jmp iret_to_frame\n"
    ".globl ldt_iret_target\n"
    "ldt_iret_target:\n"
    "1: xorl %eax, %eax\n"
    "  movw %cs, %ax\n"
    "  pushq $0xe033\n"
    "  leaq 2f(%rip), %rcx\n"
    "  pushq %rcx\n"
    "  lretq\n"
    "2: ret\n"
    ".globl ldt_iret_failed\n"
    "ldt_iret_failed:\n"
    "  movq $-1, %rax\n"
    "  ret\n");

/* User-mode snippets; each ends in syscall with its result in rax. */
extern char u_ldt_ds[], u_ldt_far[], u_inb80[], u_inb84[];
asm(".text\n"
    "u_ldt_ds: movw %ax, %ds\n"
    "  xorl %eax, %eax\n"
    "  movw %ds, %ax\n"
    "  syscall\n ud2\n"
    "u_ldt_far: pushq %rax\n"
    "  leaq 1f(%rip), %rcx\n"
    "  pushq %rcx\n"
    "  lretq\n"
    "1: xorl %eax, %eax\n"
    "  movw %cs, %ax\n"
    "  pushq $0xe033\n"
    "  leaq 2f(%rip), %rcx\n"
    "  pushq %rcx\n"
    "  lretq\n"
    "2: syscall\n ud2\n"
    "u_inb80: xorl %eax, %eax\n inb $0x80, %al\n movl $0x5a, %eax\n syscall\n ud2\n"
    "u_inb84: xorl %eax, %eax\n inb $0x84, %al\n movl $0x5a, %eax\n syscall\n ud2\n");

static unsigned long user_run(char *entry, unsigned long rax)
{
    user_active = 1;
    return user_enter((unsigned long)entry, (unsigned long)user_stack + PAGE_SIZE - 64, rax);
}

static int user_ready;

static void setup_user(void)
{
    unsigned long l4_mfn = virt_to_mfn(user_l4);
    ((uint64_t *)user_l4)[511] = ((const uint64_t *)si->pt_base)[511];
    long rc = remap_va(user_l4, l4_mfn, PTE_RO_FLAGS);
    long rc2 = mmuext_mfn(MMUEXT_PIN_L4_TABLE, l4_mfn);
    long rc3 = mmuext_mfn(MMUEXT_NEW_USER_BASEPTR, l4_mfn);
    long rc4 = HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
                                       (unsigned long)trap_stack + sizeof(trap_stack));
    user_ready = !rc && !rc2 && !rc3 && !rc4;
    report("user-mode-setup", user_ready, "remap=%ld pin=%ld baseptr=%ld stack_switch=%ld",
           rc, rc2, rc3, rc4);
}

static void set_ldt_bounds(void)
{
    unsigned long base = (unsigned long)ldt_pages;
    EXPECT_EQ("set_ldt-unaligned-base", set_ldt(base + 8, 16), -XEN_EINVAL);
    EXPECT_EQ("set_ldt-too-many-entries", set_ldt(base, 8193), -XEN_EINVAL);
    EXPECT_EQ("set_ldt-hypervisor-base", set_ldt(BAD_HV, 16), -XEN_EINVAL);
    EXPECT_EQ("set_ldt-noncanonical-base", set_ldt(BAD_NONCANON, 16), -XEN_EINVAL);
    /* With no entries the address is not looked at. */
    EXPECT_EQ("set_ldt-empty-any-base", set_ldt(BAD_HV + 8, 0), 0);
    /* Foreign LDTs do not exist. */
    mmuext_op_t op;
    memset(&op, 0, sizeof(op));
    op.cmd = MMUEXT_SET_LDT;
    op.arg1.linear_addr = base;
    op.arg2.nr_ents = 16;
    long rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_IO);
    EXPECT_EQ("set_ldt-foreign-owner-refused", rc, -XEN_EPERM);
}

static void ldt_kernel(void)
{
    unsigned long base = (unsigned long)ldt_pages;
    unsigned long mfn0 = virt_to_mfn(ldt_pages);

    memset(ldt_pages, 0, sizeof(ldt_pages));
    ldt[1] = DESC_DATA_DPL3;
    ldt[2] = DESC_CODE64_DPL3;
    ldt[3] = DESC_DATA_DPL0;
    ldt[4] = DESC_DATA_NP;
    ldt[5] = CALL_GATE(FLAT_KERNEL_CS);  /* [6] = 0: the gate's high half */
    ldt[10] = DESC_CODE64_DPL3 & ~(1UL << 47);   /* code, not present */
    ldt[512 + 1] = DESC_DATA_DPL3;
    ldt[512 + 7] = DESC_TSS64;          /* the second page is unusable */
    ldt_page_ro(0, 1);
    ldt_page_ro(1, 1);

    long rc = set_ldt(base, 1024);
    EXPECT_EQ("set_ldt", rc, 0);
    int v = load_ds(LDT_SEL(1));
    report("kernel-load-ldt-data", v == -1, "vector=%d error=%lx", v, last_trap.error);
    v = load_ds(LDT_SEL(3));
    /* The page was checked when first used: DPL 0 raised to 3 in place. */
    report("ldt-dpl0-raised", v == -1 && ((ldt[3] >> 45) & 3) == 3, "vector=%d desc=%lx",
           v, ldt[3]);
    /* A call gate to the flat kernel CS is kept with DPL 0 (Xen uses the
     * gate's #GP to emulate it; a 64-bit guest just sees #GP). */
    report("ldt-call-gate-dpl0", ldt[5] == 0x00008c00e0330000UL, "desc=%lx", ldt[5]);
    v = load_ds(LDT_SEL(4));
    report("ldt-not-present-np", v == 11 && last_trap.error == (LDT_SEL(4) & ~3UL),
           "vector=%d error=%lx", v, last_trap.error);
    v = load_ds(LDT_SEL(5));
    report("ldt-gate-as-data-refused", v == 13 && last_trap.error == (LDT_SEL(5) & ~3UL),
           "vector=%d error=%lx", v, last_trap.error);

    long cs = ldt_far(LDT_SEL(2));
    EXPECT_EQ("kernel-far-return-ldt-code", cs, LDT_SEL(2));
    trap_reset();
    cs = ldt_far(LDT_SEL(7));
    report("far-return-empty-ldt-entry-gp", cs == -1 && last_trap.vector == 13 &&
           last_trap.error == (LDT_SEL(7) & ~3UL), "cs=%ld vector=%lu error=%lx", cs,
           last_trap.vector, last_trap.error);
    trap_reset();
    cs = ldt_far(LDT_SEL(10));
    report("far-return-not-present-code-np", cs == -1 && last_trap.vector == 11 &&
           last_trap.error == (LDT_SEL(10) & ~3UL), "cs=%ld vector=%lu error=%lx", cs,
           last_trap.vector, last_trap.error);
    trap_reset();
    cs = ldt_far(LDT_SEL(1));
    report("far-return-to-data-segment-gp", cs == -1 && last_trap.vector == 13 &&
           last_trap.error == (LDT_SEL(1) & ~3UL), "cs=%ld vector=%lu error=%lx", cs,
           last_trap.vector, last_trap.error);
    unsigned long fl = vcpu0->evtchn_upcall_mask ? 0x2 : 0x202;
    cs = ldt_iret(LDT_SEL(2) & ~3UL, fl);
    EXPECT_EQ("kernel-iret-ldt-code", cs, LDT_SEL(2));

    /* The second page holds a TSS descriptor: never used, so a selector
     * there faults as a #PF at its LDT address, as on Xen. */
    v = load_ds(LDT_SEL(512 + 1));
    report("ldt-bad-page-pf", v == 14 && last_trap.cr2 == base + (512 + 1) * 8,
           "vector=%d cr2=%lx error=%lx", v, last_trap.cr2, last_trap.error);

    /* The used page is a descriptor page now. */
    rc = ldt_page_ro(0, 0);
    report("ldt-page-writable-refused", rc < 0, "rc=%ld", rc);
    EXPECT_EQ("ldt-page-pin-l1-refused", mmuext_mfn(MMUEXT_PIN_L1_TABLE, mfn0), -XEN_EINVAL);
    EXPECT_EQ("ldt-page-unpin-refused", mmuext_mfn(MMUEXT_UNPIN_TABLE, mfn0), -XEN_EINVAL);

    /* update_descriptor on the live LDT page. */
    uint64_t ma = ((uint64_t)mfn0 << PAGE_SHIFT) + 8 * 8;
    rc = HYPERVISOR_update_descriptor(ma, DESC_TSS64);
    report("ldt-update-system-desc-refused", rc == -XEN_EINVAL && ldt[8] == 0, "rc=%ld", rc);
    rc = HYPERVISOR_update_descriptor(ma, DESC_INTGATE);
    report("ldt-update-int-gate-refused", rc == -XEN_EINVAL && ldt[8] == 0, "rc=%ld", rc);
    rc = HYPERVISOR_update_descriptor(ma, CALL_GATE(0xe008));
    report("ldt-update-gate-to-hypervisor-refused", rc == -XEN_EINVAL && ldt[8] == 0,
           "rc=%ld", rc);
    rc = HYPERVISOR_update_descriptor(ma, CALL_GATE(FLAT_KERNEL_CS) | 0x1UL << 32);
    report("ldt-update-gate-reserved-bits-refused", rc == -XEN_EINVAL && ldt[8] == 0,
           "rc=%ld", rc);
    rc = HYPERVISOR_update_descriptor(ma, DESC_DATA_DPL3);
    v = load_ds(LDT_SEL(8));
    /* (The load set the descriptor's accessed bit.) */
    report("ldt-update-descriptor", rc == 0 && (ldt[8] & ~(1UL << 40)) == DESC_DATA_DPL3 &&
           v == -1, "rc=%ld vector=%d desc=%lx", rc, v, ldt[8]);
    rc = HYPERVISOR_update_descriptor(ma, DESC_DATA_NP);
    v = load_ds(LDT_SEL(8));
    report("ldt-update-then-np", rc == 0 && v == 11, "rc=%ld vector=%d", rc, v);

    /* A data segment in DS survives the vCPU blocking (a context switch
     * to idle and back reloads the LDT before the segments). */
    uint32_t port = 0;
    long prc = evtchn_alloc_self(&port);
    asm volatile("movw %0, %%ds" :: "r"((uint16_t)LDT_SEL(1)));
    struct sched_poll poll = { .nr_ports = 1, .timeout = xen_system_time() + 2000000 };
    evtchn_port_t p = port;
    set_xen_guest_handle(poll.ports, &p);
    rc = HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
    uint16_t ds;
    asm volatile("movw %%ds, %0" : "=r"(ds));
    asm volatile("movw %0, %%ds" :: "r"((uint16_t)0));
    report("ldt-ds-survives-block", prc == 0 && rc == 0 && ds == LDT_SEL(1),
           "alloc=%ld poll=%ld ds=%x", prc, rc, ds);
    evtchn_close(port);

    /* Selectors past the limit. */
    rc = set_ldt(base, 4);
    v = load_ds(LDT_SEL(1));
    int v2 = load_ds(LDT_SEL(5));
    report("ldt-beyond-limit-gp", rc == 0 && v == -1 && v2 == 13 &&
           last_trap.error == (LDT_SEL(5) & ~3UL), "rc=%ld vector=%d/%d error=%lx",
           rc, v, v2, last_trap.error);

    /* An empty LDT releases the page. */
    rc = set_ldt(0, 0);
    long rc2 = ldt_page_ro(0, 0);
    v = load_ds(LDT_SEL(1));
    report("ldt-release-on-empty", rc == 0 && rc2 == 0 && v == 13, "set_ldt=%ld writable=%ld "
           "vector=%d", rc, rc2, v);

    /* A page the guest can still write is never used as LDT. */
    rc = set_ldt(base, 16);
    v = load_ds(LDT_SEL(1));
    report("ldt-writable-page-pf", rc == 0 && v == 14 && last_trap.cr2 == base + 8,
           "set_ldt=%ld vector=%d cr2=%lx", rc, v, last_trap.cr2);
    /* HYPERVISOR_iret to an LDT CS on that page: Xen reports the #PF on
     * the frame being returned to (its RIP and LDT CS). */
    fl = vcpu0->evtchn_upcall_mask ? 0x2 : 0x202;
    trap_hook = iret_fault_hook;
    memset(&iret_fault_frame, 0, sizeof(iret_fault_frame));
    cs = ldt_iret(LDT_SEL(2) & ~3UL, fl);
    trap_hook = NULL;
    report("ldt-iret-unusable-page-pf", cs == -1 && iret_fault_frame.vector == 14 &&
           last_trap.cr2 == base + 16 && (iret_fault_frame.cs & 0xffff) == (LDT_SEL(2) & ~3UL),
           "cs=%ld vector=%lu cr2=%lx frame-cs=%lx", cs, iret_fault_frame.vector, last_trap.cr2,
           iret_fault_frame.cs);
    /* Made read-only, the next load maps it. */
    rc = ldt_page_ro(0, 1);
    v = load_ds(LDT_SEL(1));
    report("ldt-after-read-only", rc == 0 && v == -1, "remap=%ld vector=%d", rc, v);

    /* Unmapped LDT memory: #PF at the address; non-canonical: #GP. */
    rc = set_ldt(BAD_LOW, 16);
    v = load_ds(LDT_SEL(2));
    report("ldt-unmapped-pf", rc == 0 && v == 14 && last_trap.cr2 == BAD_LOW + 16,
           "set_ldt=%ld vector=%d cr2=%lx", rc, v, last_trap.cr2);
    rc = set_ldt(0x00007ffffffff000UL, 1024);
    v = load_ds(LDT_SEL(600));
    report("ldt-noncanonical-entry-gp", rc == 0 && v == 13 &&
           last_trap.error == (LDT_SEL(600) & ~3UL), "set_ldt=%ld vector=%d error=%lx",
           rc, v, last_trap.error);
    /* Changing the LDT released the old page: it can be written again. */
    rc2 = ldt_page_ro(0, 0);
    report("ldt-release-on-change", rc2 == 0, "writable=%ld", rc2);
    ldt_page_ro(0, 1);
    set_ldt(base, 16);

    /* A new kernel L4 (the user L4, which maps our image too) lets the
     * LDT page go; it is looked up again on next use. */
    if (user_ready) {
        unsigned long own_l4 = pfn_to_mfn(va_to_pfn((void *)si->pt_base));
        int v0 = load_ds(LDT_SEL(1));
        rc = mmuext_mfn(MMUEXT_NEW_BASEPTR, virt_to_mfn(user_l4));
        rc2 = ldt_page_ro(0, 0);
        long rc3 = mmuext_mfn(MMUEXT_NEW_BASEPTR, own_l4);
        long rc4 = ldt_page_ro(0, 1);
        v = load_ds(LDT_SEL(1));
        report("ldt-release-on-new-baseptr", v0 == -1 && rc == 0 && rc2 == 0 && rc3 == 0 &&
               rc4 == 0 && v == -1, "vector=%d baseptr=%ld writable=%ld back=%ld ro=%ld "
               "vector-after=%d", v0, rc, rc2, rc3, rc4, v);
    } else {
        report("ldt-release-on-new-baseptr", 0, "no user L4");
    }
}

static void ldt_user(void)
{
    if (!user_ready) {
        report("user-ldt", 0, "no user mode");
        return;
    }
    unsigned long v = user_run(u_ldt_ds, LDT_SEL(1));
    report("user-load-ldt-data", v == LDT_SEL(1) && user_last_frame.vector == VEC_SYSCALL,
           "value=%lx vector=%lx", v, user_last_frame.vector);
    asm volatile("movw %0, %%ds" :: "r"((uint16_t)0));
    v = user_run(u_ldt_far, LDT_SEL(2));
    EXPECT_EQ("user-far-return-ldt-code", v, LDT_SEL(2));
    v = user_run(u_ldt_ds, LDT_SEL(40));
    report("user-ldt-beyond-limit-gp", v == 0x100d && user_last_frame.error == (LDT_SEL(40) & ~3UL),
           "value=%lx error=%lx", v, user_last_frame.error);
    asm volatile("movw %0, %%ds" :: "r"((uint16_t)0));
    set_ldt(0, 0);
}

/* ------------------------------------------------------------ I/O bitmap */

static long set_iopl(unsigned int iopl)
{
    struct physdev_set_iopl s = { .iopl = iopl };
    return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &s);
}

static long set_iobitmap(const void *bmp, uint32_t nr_ports)
{
    struct physdev_set_iobitmap s;
    memset(&s, 0, sizeof(s));
    set_xen_guest_handle(s.bitmap, (uint8_t *)bmp);
    s.nr_ports = nr_ports;
    return HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, &s);
}

/* IN of size bytes from port: -1 if it ran, else the vector it raised. */
static int try_in(unsigned int size, uint16_t port)
{
    uint32_t val = 0;
    trap_reset();
    if (size == 1)
        asm volatile(TRY("inb %%dx, %%al") : "+a"(val) : "d"(port));
    else
        asm volatile(TRY("inw %%dx, %%ax") : "+a"(val) : "d"(port));
    return last_trap.count ? (int)last_trap.vector : -1;
}

static int try_outsb(void)
{
    static const uint8_t buf[2] = { 0x11, 0x22 };
    const void *src = buf;
    unsigned long n = 2;
    trap_reset();
    asm volatile("movw $0x80, %%dx\n" TRY("rep outsb") : "+S"(src), "+c"(n) :: "rdx", "memory");
    return last_trap.count ? (int)last_trap.vector : -(int)n - 1;
}

static void iobitmap(void)
{
    long rc = set_iopl(0);
    int v = try_in(1, 0x80);
    report("iopl0-no-bitmap-gp", rc == 0 && v == 13 && last_trap.error == 0,
           "set_iopl=%ld vector=%d error=%lx", rc, v, last_trap.error);

    memset(iobmp, 0xff, sizeof(iobmp));
    iobmp[0x80 / 8] &= (uint8_t)~1;           /* port 0x80 only */
    iobmp[0x180 / 8] &= (uint8_t)~1;          /* beyond nr_ports below */
    rc = set_iobitmap(iobmp, 0x100);
    EXPECT_EQ("set_iobitmap", rc, 0);
    v = try_in(1, 0x80);
    EXPECT_EQ("bitmap-allows-port", v, -1);
    v = try_in(1, 0x84);
    report("bitmap-denies-port-gp", v == 13 && last_trap.error == 0, "vector=%d error=%lx",
           v, last_trap.error);
    v = try_in(2, 0x80);
    EXPECT_EQ("bitmap-word-half-denied-gp", v, 13);
    v = try_outsb();
    EXPECT_EQ("bitmap-allows-outs", v, -1);

    /* nr_ports bounds the bitmap: port + size must fit under it. */
    rc = set_iobitmap(iobmp, 0x81);
    v = try_in(1, 0x80);
    report("bitmap-port-at-limit", rc == 0 && v == -1, "rc=%ld vector=%d", rc, v);
    rc = set_iobitmap(iobmp, 0x80);
    v = try_in(1, 0x80);
    report("bitmap-port-beyond-limit-gp", rc == 0 && v == 13, "rc=%ld vector=%d", rc, v);
    rc = set_iobitmap(iobmp, 0);
    v = try_in(1, 0x80);
    report("bitmap-zero-ports-gp", rc == 0 && v == 13, "rc=%ld vector=%d", rc, v);

    /* IOPL 1 lets the kernel through whatever the bitmap says. */
    set_iobitmap(iobmp, 0x100);
    rc = set_iopl(1);
    v = try_in(1, 0x84);
    report("iopl1-overrides-bitmap", rc == 0 && v == -1, "set_iopl=%ld vector=%d", rc, v);
    set_iopl(0);

    /* Guest user mode reads the same bitmap (through the kernel's tables). */
    if (user_ready) {
        unsigned long u = user_run(u_inb80, 0);
        EXPECT_EQ("user-bitmap-allows-port", u, 0x5a);
        u = user_run(u_inb84, 0);
        report("user-bitmap-denies-port-gp", u == 0x100d && user_last_frame.error == 0,
               "value=%lx error=%lx", u, user_last_frame.error);
    } else {
        report("user-bitmap", 0, "no user mode");
    }

    /* Hostile bitmaps. */
    rc = set_iobitmap((void *)BAD_HV, 0x100);
    EXPECT_EQ("set_iobitmap-hypervisor-address", rc, -XEN_EINVAL);
    rc = set_iobitmap(iobmp, 65537);
    EXPECT_EQ("set_iobitmap-too-many-ports", rc, -XEN_EINVAL);
    rc = HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, (void *)BAD_HV);
    EXPECT_EQ("set_iobitmap-bad-argument", rc, -XEN_EFAULT);
    rc = set_iobitmap((void *)BAD_LOW, 0x100);
    v = try_in(1, 0x80);
    report("bitmap-unmapped-denies", rc == 0 && v == 13, "rc=%ld vector=%d", rc, v);
    set_iobitmap(iobmp, 0);
}

/*
 * Giving back an LDT page in use (decrease_reservation): the page lives on
 * (the LDT and our own read-only mapping hold it) and keeps working until
 * both let go.  Runs last: the page is gone afterwards.
 */
static void ldt_freed_page(void)
{
    unsigned long mfn = virt_to_mfn(freed_page);
    xen_pfn_t extent = mfn;
    struct xen_memory_reservation r;

    ((uint64_t *)freed_page)[1] = DESC_DATA_DPL3;
    remap_va(freed_page, mfn, PTE_RO_FLAGS);
    long rc = set_ldt((unsigned long)freed_page, 16);
    int v = load_ds(LDT_SEL(1));
    memset(&r, 0, sizeof(r));
    set_xen_guest_handle(r.extent_start, &extent);
    r.nr_extents = 1;
    r.domid = DOMID_SELF;
    long n = HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
    int v2 = load_ds(LDT_SEL(1));
    report("ldt-page-freed-while-in-use", rc == 0 && v == -1 && n == 1 && v2 == -1,
           "set_ldt=%ld vector=%d freed=%ld vector-after=%d", rc, v, n, v2);
    rc = set_ldt(0, 0);
    long rc2 = remap_va(freed_page, 0, 0);     /* the last reference */
    report("ldt-freed-page-let-go", rc == 0 && rc2 == 0, "set_ldt=%ld unmap=%ld", rc, rc2);
}

void test_main(void)
{
    setup_user();
    set_ldt_bounds();
    ldt_kernel();
    ldt_user();
    iobitmap();
    ldt_freed_page();
}

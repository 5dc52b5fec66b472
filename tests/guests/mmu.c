/*
 * mmu.c - the PV MMU: mmu_update and update_va_mapping on our own tables,
 * pinning and hooking a new L1, ptwr emulation after VMASST
 * writable_pagetables, MACHPHYS_UPDATE, and the hostile cases: mapping
 * hypervisor, unowned and nonexistent frames, making page-table pages
 * writable, typing writable or poisoned pages as tables, writing the
 * hypervisor's L4 slots, and unpinning tables that are still in use.
 */
#include "guest.h"

const char test_kernel_name[] = "mmu";

static char scratch[PAGE_SIZE] __page_bss;   /* a VA whose PTE we play with */
static char data[PAGE_SIZE] __page_bss;
static char pt1[PAGE_SIZE] __page_bss;       /* becomes an L1 */
static char pt2[PAGE_SIZE] __page_bss;       /* a poisoned would-be L1 */
static char pt3[PAGE_SIZE] __page_bss;       /* a would-be L2 with a superpage */

static unsigned long data_mfn, scratch_mfn;

/* Xen 4.17 answers -EBUSY when a frame cannot be referenced or given the
 * type a request needs (hypervisor or unowned frames, a page table made
 * writable); -EINVAL for malformed requests. */
#define E_REF (-XEN_EBUSY)

static long mmu1(uint64_t ptr, uint64_t val)
{
    mmu_update_t u = { ptr, val };
    return HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
}

static int try_write64(volatile void *p, uint64_t v)
{
    trap_reset();
    asm volatile(TRY("movq %1, (%0)") :: "r"(p), "r"(v) : "memory");
    return last_trap.count ? (int)last_trap.vector : -1;
}

static unsigned long maddr_of(const void *va)
{
    return pfn_to_mfn(va_to_pfn(va)) << PAGE_SHIFT | ((unsigned long)va & (PAGE_SIZE - 1));
}

static void own_tables(void)
{
    data_mfn = virt_to_mfn(data);
    scratch_mfn = virt_to_mfn(scratch);
    uint64_t *p = pte_ptr(scratch);
    report("walk-finds-pte", p && (*p & PTE_ADDR_MASK) >> PAGE_SHIFT == scratch_mfn &&
           data_mfn == pfn_to_mfn(va_to_pfn(data)), "pte=%lx mfn=%lx", p ? *p : 0, scratch_mfn);

    /* mmu_update: point scratch at data's frame. */
    data[100] = 0x5a;
    long rc = mmu1(pte_maddr(scratch), (data_mfn << PAGE_SHIFT) | PTE_RW_FLAGS);
    flush_tlb_one(scratch);
    report("mmu_update-own-l1", rc == 0 && scratch[100] == 0x5a, "rc=%ld byte=%x", rc,
           scratch[100]);

    mmu_update_t two[2] = {
        { pte_maddr(scratch), (scratch_mfn << PAGE_SHIFT) | PTE_RW_FLAGS },
        { pte_maddr(scratch), (scratch_mfn << PAGE_SHIFT) | PTE_RW_FLAGS },
    };
    unsigned int done = 99;
    rc = HYPERVISOR_mmu_update(two, 2, &done, DOMID_SELF);
    flush_tlb_one(scratch);
    report("mmu_update-batch-done", rc == 0 && done == 2, "rc=%ld done=%u", rc, done);

    /* update_va_mapping RO, then a write faults with CR2 in vcpu_info. */
    rc = remap_va(scratch, scratch_mfn, PTE_RO_FLAGS);
    int v = try_write64(scratch + 8, 1);
    report("update_va_mapping-readonly-faults", rc == 0 && v == 14 &&
           last_trap.cr2 == (unsigned long)scratch + 8 && (last_trap.error & 3) == 3,
           "rc=%ld vector=%d cr2=%lx err=%lx", rc, v, last_trap.cr2, last_trap.error);
    rc = remap_va(scratch, scratch_mfn, PTE_RW_FLAGS);
    v = try_write64(scratch + 8, 1);
    report("update_va_mapping-writable-again", rc == 0 && v == -1, "rc=%ld vector=%d", rc, v);

    rc = HYPERVISOR_update_va_mapping(BAD_LOW, (data_mfn << PAGE_SHIFT) | PTE_RW_FLAGS, UVMF_INVLPG);
    EXPECT_EQ("update_va_mapping-no-l1", rc, -XEN_EINVAL);
    rc = HYPERVISOR_update_va_mapping(BAD_HV, (data_mfn << PAGE_SHIFT) | PTE_RW_FLAGS, UVMF_INVLPG);
    EXPECT_EQ("update_va_mapping-hypervisor-va", rc, -XEN_EINVAL);

    /* A plain writable page is a valid mmu_update target. */
    rc = mmu1(maddr_of(data) + 16, 0x1234);
    report("mmu_update-plain-page", rc == 0 && ((uint64_t *)data)[2] == 0x1234,
           "rc=%ld word=%lx", rc, ((uint64_t *)data)[2]);
}

static void hostile_mappings(void)
{
    static const struct { const char *name; int rw; } kinds[] = { { "rw", 1 }, { "ro", 0 } };
    unsigned long lowest = ~0UL;
    for (unsigned long pfn = 0; pfn < si->nr_pages; pfn++)
        if (pfn_to_mfn(pfn) < lowest)
            lowest = pfn_to_mfn(pfn);
    unsigned long unowned = lowest - 0x100;   /* RAM below our allocation */
    struct { const char *name; unsigned long mfn; } frames[] = {
        { "hypervisor", hypervisor_mfn() },
        { "unowned-ram", unowned },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(frames); i++)
        for (unsigned k = 0; k < ARRAY_SIZE(kinds); k++) {
            char name[64];
            unsigned long fl = kinds[k].rw ? PTE_RW_FLAGS : PTE_RO_FLAGS;
            long rc1 = remap_va(scratch, frames[i].mfn, fl);
            long rc2 = mmu1(pte_maddr(scratch), (frames[i].mfn << PAGE_SHIFT) | fl);
            snprintf(name, sizeof(name), "map-%s-frame-%s", frames[i].name, kinds[k].name);
            report(name, rc1 == E_REF && rc2 == E_REF &&
                   virt_to_mfn(scratch) == scratch_mfn,
                   "mfn=%lx update_va_mapping=%ld mmu_update=%ld", frames[i].mfn, rc1, rc2);
        }
    /* A frame above the machine's addressable range. */
    long rc = remap_va(scratch, 1UL << 39, PTE_RW_FLAGS);
    report("map-frame-beyond-maxphysaddr", rc < 0 && virt_to_mfn(scratch) == scratch_mfn,
           "rc=%ld", rc);

    rc = mmu1((hypervisor_mfn() << PAGE_SHIFT), 0);
    EXPECT_EQ("mmu_update-ptr-hypervisor-frame", rc, -XEN_EINVAL);
    rc = mmu1((unowned << PAGE_SHIFT) + 8, 0);
    EXPECT_EQ("mmu_update-ptr-unowned-frame", rc, -XEN_EINVAL);

    /* The bootstrap L1 that maps scratch may not become writable. */
    uint64_t *l1 = pte_ptr(scratch);
    unsigned long l1_mfn = pfn_to_mfn(va_to_pfn(l1));
    void *l1_page = (void *)((unsigned long)l1 & ~(PAGE_SIZE - 1));
    rc = remap_va(l1_page, l1_mfn, PTE_RW_FLAGS);
    EXPECT_EQ("pagetable-writable-update_va_mapping", rc, E_REF);
    rc = mmu1(pte_maddr(l1_page), (l1_mfn << PAGE_SHIFT) | PTE_RW_FLAGS);
    EXPECT_EQ("pagetable-writable-mmu_update", rc, E_REF);
    /* Nor may any other VA map it writable. */
    rc = remap_va(scratch, l1_mfn, PTE_RW_FLAGS);
    report("pagetable-writable-alias", rc == E_REF && virt_to_mfn(scratch) == scratch_mfn,
           "rc=%ld", rc);
    /* A native store into it is emulated (even without VMASST
     * writable_pagetables) and validated: a hypervisor frame faults. */
    uint64_t old = *l1;
    int v = try_write64(l1, (hypervisor_mfn() << PAGE_SHIFT) | PTE_RW_FLAGS);
    report("pagetable-native-write-hostile-faults", v == 14 && last_trap.cr2 ==
           (unsigned long)l1 && *l1 == old, "vector=%d cr2=%lx", v, last_trap.cr2);

    /* The hypervisor's L4 slots 256..271 are not ours to write. */
    uint64_t *l4 = (uint64_t *)si->pt_base;
    unsigned long l4_maddr = maddr_of(l4);
    long r256 = mmu1(l4_maddr + 256 * 8, 0);
    long r261 = mmu1(l4_maddr + 261 * 8, l4[511]);
    long r271 = mmu1(l4_maddr + 271 * 8, 0);
    report("write-hypervisor-l4-slots", r256 == -XEN_EINVAL && r261 == -XEN_EINVAL &&
           r271 == -XEN_EINVAL && l4[256] != 0, "slot256=%ld slot261=%ld slot271=%ld",
           r256, r261, r271);
    /* An L4 entry may not point at a data page. */
    rc = mmu1(l4_maddr + 5 * 8, (data_mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER);
    report("l4-entry-to-writable-page", rc == -XEN_EINVAL && l4[5] == 0, "rc=%ld", rc);
}

static void pinning(void)
{
    unsigned long pt1_mfn = virt_to_mfn(pt1), pt2_mfn = virt_to_mfn(pt2),
                  pt3_mfn = virt_to_mfn(pt3);

    /* A page still mapped writable cannot be typed as a page table. */
    long rc = mmuext_mfn(MMUEXT_PIN_L1_TABLE, pt1_mfn);
    EXPECT_EQ("pin-l1-while-writable", rc, -XEN_EINVAL);

    rc = remap_va(pt1, pt1_mfn, PTE_RO_FLAGS);
    long rc2 = mmuext_mfn(MMUEXT_PIN_L1_TABLE, pt1_mfn);
    report("pin-l1", rc == 0 && rc2 == 0, "remap=%ld pin=%ld", rc, rc2);
    rc = mmuext_mfn(MMUEXT_PIN_L1_TABLE, pt1_mfn);
    EXPECT_EQ("pin-l1-twice", rc, -XEN_EINVAL);
    rc = remap_va(pt1, pt1_mfn, PTE_RW_FLAGS);
    EXPECT_EQ("pinned-l1-writable", rc, E_REF);

    /* Hook it into the first free slot of the L2 that maps the image. */
    uint64_t *l4 = (uint64_t *)si->pt_base;
    uint64_t *l3 = mfn_to_virt((l4[511] & PTE_ADDR_MASK) >> PAGE_SHIFT);
    uint64_t *l2 = mfn_to_virt((l3[510] & PTE_ADDR_MASK) >> PAGE_SHIFT);
    unsigned slot = 0;
    while (slot < 512 && (l2[slot] & _PAGE_PRESENT))
        slot++;
    char *win = (char *)(GUEST_VIRT_BASE + ((unsigned long)slot << 21));
    rc = mmu1(maddr_of(&l2[slot]), (pt1_mfn << PAGE_SHIFT) | PTE_RW_FLAGS);
    rc2 = mmu1(maddr_of(pt1), (data_mfn << PAGE_SHIFT) | PTE_RW_FLAGS);
    data[7] = 0x77;
    report("hook-l1-into-l2", rc == 0 && rc2 == 0 && win[7] == 0x77, "slot=%u rc=%ld/%ld",
           slot, rc, rc2);

    /* Unpinning an L1 that an L2 still references succeeds (it only
     * drops the pin), but the page keeps its type: still not writable. */
    rc = mmuext_mfn(MMUEXT_UNPIN_TABLE, pt1_mfn);
    rc2 = remap_va(pt1, pt1_mfn, PTE_RW_FLAGS);
    report("unpin-l1-in-use", rc == 0 && rc2 == E_REF && win[7] == 0x77,
           "unpin=%ld make-writable=%ld", rc, rc2);
    rc = mmuext_mfn(MMUEXT_UNPIN_TABLE, pt1_mfn);
    EXPECT_EQ("unpin-not-pinned", rc, -XEN_EINVAL);

    /* ptwr: Xen 4.17 emulates native stores into an L1 whether or not
     * VMASST writable_pagetables is on. */
    uint64_t good = (data_mfn << PAGE_SHIFT) | PTE_RW_FLAGS;
    int v = try_write64(&((uint64_t *)pt1)[3], good);
    flush_tlb_one(win + 3 * PAGE_SIZE);
    report("native-l1-write-without-assist", v == -1 && win[3 * PAGE_SIZE + 7] == 0x77,
           "vector=%d", v);
    rc = HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables);
    v = try_write64(&((uint64_t *)pt1)[1], good);
    flush_tlb_one(win + PAGE_SIZE);
    report("native-l1-write-emulated", rc == 0 && v == -1 && win[PAGE_SIZE + 7] == 0x77,
           "assist=%ld vector=%d", rc, v);
    v = try_write64(&((uint64_t *)pt1)[2], (hypervisor_mfn() << PAGE_SHIFT) | PTE_RW_FLAGS);
    report("native-l1-write-hypervisor-frame", v == 14 && ((uint64_t *)pt1)[2] == 0,
           "vector=%d entry=%lx", v, ((uint64_t *)pt1)[2]);
    HYPERVISOR_vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables);

    /* Unhook: the page loses its type and may be written again. */
    rc = mmu1(maddr_of(&l2[slot]), 0);
    flush_tlb_one(win);
    flush_tlb_one(win + PAGE_SIZE);
    flush_tlb_one(win + 3 * PAGE_SIZE);
    rc2 = remap_va(pt1, pt1_mfn, PTE_RW_FLAGS);
    report("unhooked-l1-writable", rc == 0 && rc2 == 0, "unhook=%ld make-writable=%ld", rc, rc2);

    /* An L1 that maps a hypervisor frame is refused at pin time. */
    ((uint64_t *)pt2)[0] = (hypervisor_mfn() << PAGE_SHIFT) | PTE_RW_FLAGS;
    remap_va(pt2, pt2_mfn, PTE_RO_FLAGS);
    rc = mmuext_mfn(MMUEXT_PIN_L1_TABLE, pt2_mfn);
    rc2 = remap_va(pt2, pt2_mfn, PTE_RW_FLAGS);
    report("pin-l1-mapping-hypervisor-frame", rc == E_REF && rc2 == 0,
           "pin=%ld make-writable=%ld", rc, rc2);

    /* PV L2s may not hold superpages. */
    ((uint64_t *)pt3)[0] = (data_mfn << PAGE_SHIFT) | PTE_RW_FLAGS | _PAGE_PSE;
    remap_va(pt3, pt3_mfn, PTE_RO_FLAGS);
    rc = mmuext_mfn(MMUEXT_PIN_L2_TABLE, pt3_mfn);
    EXPECT_EQ("pin-l2-with-superpage", rc, -XEN_EINVAL);
    remap_va(pt3, pt3_mfn, PTE_RW_FLAGS);

    rc = mmuext_mfn(MMUEXT_PIN_L1_TABLE, hypervisor_mfn());
    rc2 = mmuext_mfn(MMUEXT_PIN_L1_TABLE, MFN_BEYOND_RAM);
    report("pin-foreign-frames", rc == -XEN_EINVAL && rc2 == -XEN_EINVAL,
           "hypervisor=%ld beyond-ram=%ld", rc, rc2);

    /* The live L4: unpinning it is allowed (Linux does so while it is
     * CR3); it stays typed, so it cannot become writable; pin it back. */
    unsigned long l4_mfn = pfn_to_mfn(va_to_pfn(l4));
    rc = mmuext_mfn(MMUEXT_UNPIN_TABLE, l4_mfn);
    rc2 = remap_va(l4, l4_mfn, PTE_RW_FLAGS);
    long rc3 = mmuext_mfn(MMUEXT_PIN_L4_TABLE, l4_mfn);
    report("unpin-live-l4", rc == 0 && rc2 == E_REF && rc3 == 0,
           "unpin=%ld make-writable=%ld repin=%ld", rc, rc2, rc3);

    rc = mmuext_mfn(MMUEXT_NEW_BASEPTR, data_mfn);
    EXPECT_EQ("new_baseptr-data-page", rc, -XEN_EINVAL);
    rc = mmuext_mfn(99, 0);
    EXPECT_EQ("mmuext-unknown-cmd", rc, -XEN_ENOSYS);
}

static void machphys(void)
{
    unsigned long pfn = va_to_pfn(data);
    long rc = mmu1((data_mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 12345);
    unsigned long got = M2P[data_mfn];
    long rc2 = mmu1((data_mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, pfn);
    report("machphys_update-own", rc == 0 && got == 12345 && rc2 == 0 && M2P[data_mfn] == pfn,
           "rc=%ld m2p=%lu restore=%ld", rc, got, rc2);
    rc = mmu1((hypervisor_mfn() << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 1);
    EXPECT_EQ("machphys_update-hypervisor-frame", rc, -XEN_EINVAL);
    int v = try_write64((void *)&M2P[data_mfn], 1);
    report("m2p-is-readonly", v == 14 && M2P[data_mfn] == pfn, "vector=%d", v);
}

/*
 * XENMEM_set_memory_map on ourselves, then XENMEM_memory_map reads back
 * exactly what was set (the toolstack gives every domU its map this
 * way).  Refusals: too many entries, an unreadable buffer, no such domain.
 */
static void memory_maps(void)
{
    static struct e820 {
        uint64_t addr, size;
        uint32_t type;
    } __attribute__((packed)) set[2] = {
        { 0, 0x9f000, 1 }, { 0x100000, 0x3f00000, 1 },
    }, got[4];
    struct xen_foreign_memory_map fm = { .domid = DOMID_SELF };
    struct xen_memory_map m = { .nr_entries = 4 };
    long rc;

    fm.map.nr_entries = 1025;
    set_xen_guest_handle(fm.map.buffer, set);
    EXPECT_EQ("set_memory_map-too-many", HYPERVISOR_memory_op(XENMEM_set_memory_map, &fm), -XEN_EINVAL);
    fm.map.nr_entries = 1;
    set_xen_guest_handle(fm.map.buffer, (void *)8);
    EXPECT_EQ("set_memory_map-bad-buffer", HYPERVISOR_memory_op(XENMEM_set_memory_map, &fm), -XEN_EFAULT);
    fm.domid = 0x7000;
    set_xen_guest_handle(fm.map.buffer, set);
    EXPECT_EQ("set_memory_map-no-domain", HYPERVISOR_memory_op(XENMEM_set_memory_map, &fm), -XEN_ESRCH);
    fm.domid = DOMID_SELF;
    fm.map.nr_entries = 2;
    rc = HYPERVISOR_memory_op(XENMEM_set_memory_map, &fm);
    set_xen_guest_handle(m.buffer, got);
    long rc2 = HYPERVISOR_memory_op(XENMEM_memory_map, &m);
    report("set_memory_map-read-back",
           rc == 0 && rc2 == 0 && m.nr_entries == 2 &&
           got[0].addr == 0 && got[0].size == 0x9f000 && got[0].type == 1 &&
           got[1].addr == 0x100000 && got[1].size == 0x3f00000 && got[1].type == 1,
           "set=%ld get=%ld n=%u", rc, rc2, m.nr_entries);
    m.nr_entries = 1;
    got[1].size = 0;
    rc2 = HYPERVISOR_memory_op(XENMEM_memory_map, &m);
    report("memory_map-short-buffer", rc2 == 0 && m.nr_entries == 1 && got[1].size == 0,
           "get=%ld n=%u", rc2, m.nr_entries);
}

void test_main(void)
{
    own_tables();
    hostile_mappings();
    pinning();
    machphys();
    memory_maps();
}

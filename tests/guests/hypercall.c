/*
 * hypercall.c - the hypercall table as seen from a PV kernel: xen_version
 * sub-ops, unknown hypercall numbers, bad pointers and lengths passed to
 * every pointer-taking hypercall, multicall (good, bad, nested entries),
 * console_io bounds, and the hypercall page versus a direct syscall.
 */
#include "guest.h"
#include <public/physdev.h>
#include <public/platform.h>

const char test_kernel_name[] = "hypercall";

static void version_ops(void)
{
    long v = HYPERVISOR_xen_version(XENVER_version, NULL);
    report("xen_version-version", v == ((4 << 16) | 17), "version=%ld.%ld", v >> 16, v & 0xffff);

    char extra[XEN_EXTRAVERSION_LEN + 1];
    memset(extra, 0, sizeof(extra));
    long rc = HYPERVISOR_xen_version(XENVER_extraversion, extra);
    report("xen_version-extraversion", rc == 0 && extra[0] == '.', "rc=%ld extra='%s'", rc, extra);

    static char caps[XEN_CAPABILITIES_INFO_LEN + 1];
    rc = HYPERVISOR_xen_version(XENVER_capabilities, caps);
    int has64 = 0;
    for (size_t i = 0; caps[i]; i++)
        if (!memcmp(&caps[i], "xen-3.0-x86_64", 14))
            has64 = 1;
    report("xen_version-capabilities", rc == 0 && has64, "rc=%ld caps='%s'", rc, caps);

    struct xen_feature_info fi = { .submap_idx = 0 };
    rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
    /* Linux panics without 5 (preserve_ad) and 7 (map_avail_bits); a PV
     * dom0 must see 11 (dom0) and never 2 (auto-translated physmap). */
    uint32_t need = (1u << XENFEAT_mmu_pt_update_preserve_ad) |
                    (1u << XENFEAT_gnttab_map_avail_bits) | (1u << XENFEAT_dom0);
    report("xen_version-features", rc == 0 && (fi.submap & need) == need &&
           !(fi.submap & (1u << XENFEAT_auto_translated_physmap)),
           "rc=%ld submap=%x", rc, fi.submap);

    fi.submap_idx = 1;
    rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
    EXPECT_EQ("xen_version-features-bad-submap", rc, -XEN_EINVAL);

    rc = HYPERVISOR_xen_version(XENVER_pagesize, NULL);
    EXPECT_EQ("xen_version-pagesize", rc, 4096);

    rc = HYPERVISOR_xen_version(99, NULL);
    EXPECT_EQ("xen_version-unknown-subop", rc, -XEN_ENOSYS);

    rc = HYPERVISOR_xen_version(XENVER_extraversion, (void *)BAD_LOW);
    EXPECT_EQ("xen_version-efault-unmapped", rc, -XEN_EFAULT);
    rc = HYPERVISOR_xen_version(XENVER_capabilities, (void *)BAD_HV);
    EXPECT_EQ("xen_version-efault-hypervisor", rc, -XEN_EFAULT);
}

static void unknown_numbers(void)
{
    static const unsigned long nrs[] = { 11, 43, 47, 56, 63, 64, 255, 4096,
                                         0x100000011UL, ~0UL };
    for (unsigned i = 0; i < ARRAY_SIZE(nrs); i++) {
        char name[48];
        long rc = hcall(nrs[i], 0, 0, 0, 0, 0);
        snprintf(name, sizeof(name), "unknown-hypercall-%lx", nrs[i]);
        EXPECT_EQ(name, rc, -XEN_ENOSYS);
    }
}

/* Every hypercall that reads or writes through a guest pointer must fail
 * with -EFAULT, not crash, for unmapped, hypervisor and non-canonical
 * addresses. */
struct ptr_case {
    const char *name;
    unsigned long nr, a1, a2, a3, a4;
    int ptr_arg;        /* which argument is the pointer (1..3) */
};

static const struct ptr_case ptr_cases[] = {
    { "set_trap_table",   __HYPERVISOR_set_trap_table, 0, 0, 0, 0, 1 },
    { "mmu_update",       __HYPERVISOR_mmu_update, 0, 1, 0, DOMID_SELF, 1 },
    { "mmuext_op",        __HYPERVISOR_mmuext_op, 0, 1, 0, DOMID_SELF, 1 },
    { "set_gdt",          __HYPERVISOR_set_gdt, 0, 16, 0, 0, 1 },
    { "memory_op",        __HYPERVISOR_memory_op, XENMEM_maximum_reservation, 0, 0, 0, 2 },
    { "multicall",        __HYPERVISOR_multicall, 0, 1, 0, 0, 1 },
    { "console_io",       __HYPERVISOR_console_io, CONSOLEIO_write, 8, 0, 0, 3 },
    { "grant_table_op",   __HYPERVISOR_grant_table_op, GNTTABOP_query_size, 0, 1, 0, 2 },
    { "vcpu_op",          __HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, 0, 0, 3 },
    { "sched_op",         __HYPERVISOR_sched_op, SCHEDOP_shutdown, 0, 0, 0, 2 },
    { "callback_op",      __HYPERVISOR_callback_op, CALLBACKOP_register, 0, 0, 0, 2 },
    { "event_channel_op", __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound, 0, 0, 0, 2 },
    { "physdev_op",       __HYPERVISOR_physdev_op, PHYSDEVOP_irq_status_query, 0, 0, 0, 2 },
    { "platform_op",      __HYPERVISOR_platform_op, 0, 0, 0, 0, 1 },
    { "sysctl",           __HYPERVISOR_sysctl, 0, 0, 0, 0, 1 },
    { "domctl",           __HYPERVISOR_domctl, 0, 0, 0, 0, 1 },
};

static void bad_pointers(void)
{
    static const struct { const char *tag; unsigned long p; } ptrs[] = {
        { "unmapped", BAD_LOW }, { "hypervisor", BAD_HV }, { "noncanonical", BAD_NONCANON },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(ptr_cases); i++) {
        const struct ptr_case *c = &ptr_cases[i];
        for (unsigned j = 0; j < ARRAY_SIZE(ptrs); j++) {
            unsigned long a[3] = { c->a1, c->a2, c->a3 };
            a[c->ptr_arg - 1] = ptrs[j].p;
            long rc = hcall(c->nr, a[0], a[1], a[2], c->a4, 0);
            char name[64];
            snprintf(name, sizeof(name), "efault-%s-%s", c->name, ptrs[j].tag);
            EXPECT_EQ(name, rc, -XEN_EFAULT);
        }
    }
}

static void bad_lengths(void)
{
    /* Naming ourselves by our own id (0), not DOMID_SELF, as the foreign
     * domain of mmu_update/mmuext_op is refused before anything is read. */
    mmu_update_t req = { 0, 0 };
    long rc0 = HYPERVISOR_mmu_update(&req, 1, NULL, 0);
    EXPECT_EQ("mmu_update-foreigndom-own-id", rc0, -XEN_ESRCH);
    mmuext_op_t op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    rc0 = HYPERVISOR_mmuext_op(&op, 1, NULL, 0);
    EXPECT_EQ("mmuext_op-foreigndom-own-id", rc0, -XEN_ESRCH);

    /* A console write that runs off the end of the mapped region. */
    char *end = (char *)initial_region_end();
    memcpy(end - 16, "<console-tail>\n", 16);
    long rc = HYPERVISOR_console_io(CONSOLEIO_write, 4096, end - 16);
    EXPECT_EQ("console_io-write-past-mapping", rc, -XEN_EFAULT);

    rc = HYPERVISOR_console_io(CONSOLEIO_write, 0, (void *)BAD_LOW);
    EXPECT_EQ("console_io-write-zero-length", rc, 0);

    rc = HYPERVISOR_console_io(7, 1, "x");
    EXPECT_EQ("console_io-unknown-cmd", rc, -XEN_ENOSYS);

    /* A multicall list whose second entry is unmapped: the first runs. */
    multicall_entry_t *mc = (multicall_entry_t *)(end - sizeof(*mc));
    memset(mc, 0, sizeof(*mc));
    mc->op = __HYPERVISOR_xen_version;
    mc->args[0] = XENVER_pagesize;
    mc->result = 0x5a5a;
    rc = HYPERVISOR_multicall(mc, 2);
    report("multicall-list-past-mapping", rc == -XEN_EFAULT && mc->result == 4096,
           "rc=%ld first.result=%ld", rc, (long)mc->result);

    struct gnttab_query_size qs = { .dom = DOMID_SELF };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &qs, 0x80000000u);
    EXPECT_EQ("grant_table_op-negative-count", rc, -XEN_EINVAL);

    rc = HYPERVISOR_event_channel_op(99, &qs);
    EXPECT_EQ("event_channel_op-unknown-cmd", rc, -XEN_ENOSYS);
}

static void multicalls(void)
{
    static multicall_entry_t mc[4];
    char extra[XEN_EXTRAVERSION_LEN];

    memset(mc, 0, sizeof(mc));
    mc[0].op = __HYPERVISOR_xen_version;
    mc[0].args[0] = XENVER_version;
    mc[1].op = __HYPERVISOR_xen_version;
    mc[1].args[0] = XENVER_extraversion;
    mc[1].args[1] = (unsigned long)extra;
    long rc = HYPERVISOR_multicall(mc, 2);
    report("multicall-two-good", rc == 0 && (long)mc[0].result == ((4 << 16) | 17) &&
           mc[1].result == 0, "rc=%ld r0=%lx r1=%ld", rc, mc[0].result, (long)mc[1].result);

    memset(mc, 0, sizeof(mc));
    mc[0].op = 99;
    mc[1].op = __HYPERVISOR_xen_version;
    mc[1].args[0] = XENVER_extraversion;
    mc[1].args[1] = BAD_LOW;
    mc[2].op = __HYPERVISOR_multicall;        /* nested */
    mc[2].args[0] = (unsigned long)&mc[3];
    mc[2].args[1] = 1;
    mc[3].op = __HYPERVISOR_xen_version;
    rc = HYPERVISOR_multicall(mc, 3);
    EXPECT_EQ("multicall-bad-entries-rc", rc, 0);
    EXPECT_EQ("multicall-entry-unknown-op", (long)mc[0].result, -XEN_ENOSYS);
    EXPECT_EQ("multicall-entry-efault", (long)mc[1].result, -XEN_EFAULT);
    report("multicall-entry-nested", (long)mc[2].result < 0, "result=%ld", (long)mc[2].result);

    rc = HYPERVISOR_multicall(mc, 0);
    EXPECT_EQ("multicall-empty", rc, 0);
}

static void hypercall_page_vs_syscall(void)
{
    const unsigned char *stub = (const unsigned char *)hypercall_page +
                                __HYPERVISOR_xen_version * 32;
    int has_syscall = 0;
    for (int i = 0; i < 31; i++)
        if (stub[i] == 0x0f && stub[i + 1] == 0x05)
            has_syscall = 1;
    report("hypercall-page-filled", has_syscall && stub[0] != 0xcc,
           "stub bytes %x %x %x %x", stub[0], stub[1], stub[2], stub[3]);
    long direct = hcall(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
    long paged = hcall_page(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
    report("hypercall-page-equals-syscall", direct == paged && direct > 0,
           "direct=%lx page=%lx", direct, paged);
    long rc = hcall_page(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0, 0);
    EXPECT_EQ("hypercall-page-sched-yield", rc, 0);
}

void test_main(void)
{
    version_ops();
    unknown_numbers();
    bad_pointers();
    bad_lengths();
    multicalls();
    hypercall_page_vs_syscall();
}

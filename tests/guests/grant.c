/*
 * grant.c - grant tables v1 as a PV dom0 sees them: query_size,
 * setup_table and mapping the table frame, get/set_version, a grant to
 * ourselves used by GNTTABOP_copy and GNTTABOP_map_grant_ref, and the
 * hostile cases: bad refs, bad domains, unpermitted or read-only grants,
 * frames we do not own, oversize copies, bad handles and pointers.
 */
#include "guest.h"

const char test_kernel_name[] = "grant";

static char gnttab_va[PAGE_SIZE] __page_bss;
static char src_page[PAGE_SIZE] __page_bss;
static char dst_page[PAGE_SIZE] __page_bss;
static char map_page[PAGE_SIZE] __page_bss;
static grant_entry_v1_t *gt;
static domid_t self_id;   /* dom0: grants name the grantee by real id */

#define REF 8             /* first non-reserved entry */

static int16_t copy_one(grant_ref_t ref, domid_t dom, unsigned long dst_mfn, uint16_t off,
                        uint16_t len)
{
    gnttab_copy_t c;
    memset(&c, 0, sizeof(c));
    c.source.u.ref = ref;
    c.source.domid = dom;
    c.dest.u.gmfn = dst_mfn;
    c.dest.domid = DOMID_SELF;
    c.dest.offset = off;
    c.len = len;
    c.flags = GNTCOPY_source_gref;
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1);
    return rc ? -1000 + (int16_t)rc : c.status;
}

static int16_t map_one(grant_ref_t ref, domid_t dom, uint32_t flags, grant_handle_t *h)
{
    struct gnttab_map_grant_ref m;
    memset(&m, 0, sizeof(m));
    m.host_addr = (unsigned long)map_page;
    m.flags = GNTMAP_host_map | flags;
    m.ref = ref;
    m.dom = dom;
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);
    if (h)
        *h = m.handle;
    return rc ? -1000 + (int16_t)rc : m.status;
}

static void setup(void)
{
    struct gnttab_query_size qs = { .dom = DOMID_SELF };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &qs, 1);
    report("query_size", rc == 0 && qs.status == GNTST_okay && qs.nr_frames >= 1 &&
           qs.max_nr_frames >= qs.nr_frames, "rc=%ld status=%d nr=%u max=%u", rc, qs.status,
           qs.nr_frames, qs.max_nr_frames);
    uint32_t max = qs.max_nr_frames;

    qs.dom = 77;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &qs, 1);
    report("query_size-missing-domain", rc == 0 && qs.status == GNTST_bad_domain,
           "rc=%ld status=%d", rc, qs.status);

    xen_pfn_t frames[1] = { 0 };
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
    set_xen_guest_handle(st.frame_list, frames);
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
    report("setup_table", rc == 0 && st.status == GNTST_okay && frames[0] != 0,
           "rc=%ld status=%d frame=%lx", rc, st.status, frames[0]);
    rc = remap_va(gnttab_va, frames[0], PTE_RW_FLAGS);
    EXPECT_EQ("map-grant-table-frame", rc, 0);
    gt = (grant_entry_v1_t *)gnttab_va;

    st.nr_frames = max + 1;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
    report("setup_table-too-many-frames", rc == 0 && st.status == GNTST_general_error,
           "rc=%ld status=%d", rc, st.status);
    st.nr_frames = 1;
    set_xen_guest_handle(st.frame_list, (xen_pfn_t *)BAD_LOW);
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
    /* Xen 4.17 reports an unwritable frame list in the status field. */
    report("setup_table-bad-frame-list", rc == 0 && st.status == GNTST_bad_virt_addr,
           "rc=%ld status=%d", rc, st.status);
    st.dom = 77;
    set_xen_guest_handle(st.frame_list, frames);
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
    report("setup_table-missing-domain", rc == 0 && st.status == GNTST_bad_domain,
           "rc=%ld status=%d", rc, st.status);

    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1);
    report("get_version", rc == 0 && gv.version == 1, "rc=%ld version=%u", rc, gv.version);
    struct gnttab_set_version sv = { .version = 3 };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1);
    EXPECT_EQ("set_version-3", rc, -XEN_EINVAL);
    sv.version = 1;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1);
    report("set_version-1", rc == 0 && sv.version == 1, "rc=%ld version=%u", rc, sv.version);

    rc = HYPERVISOR_grant_table_op(99, &sv, 1);
    EXPECT_EQ("unknown-op", rc, -XEN_ENOSYS);
}

static void grant_page(grant_ref_t ref, unsigned long mfn, uint16_t flags)
{
    gt[ref].frame = mfn;
    gt[ref].domid = self_id;
    barrier();
    gt[ref].flags = flags;
}

static void copy_cases(void)
{
    unsigned long src_mfn = virt_to_mfn(src_page), dst_mfn = virt_to_mfn(dst_page);
    for (int i = 0; i < 64; i++)
        src_page[i] = (char)(0x40 + i);
    memset(dst_page, 0, PAGE_SIZE);
    grant_page(REF, src_mfn, GTF_permit_access);

    int16_t s = copy_one(REF, self_id, dst_mfn, 16, 64);
    report("copy-from-own-grant", s == GNTST_okay && !memcmp(dst_page + 16, src_page, 64) &&
           dst_page[15] == 0, "status=%d first=%x", s, dst_page[16]);
    report("copy-leaves-flags-clear", (gt[REF].flags & (GTF_reading | GTF_writing)) == 0,
           "flags=%x", gt[REF].flags);

    s = copy_one(REF, DOMID_SELF, dst_mfn, 0, 8);
    report("copy-via-domid-self", s == GNTST_okay, "status=%d", s);

    s = copy_one(REF, self_id, dst_mfn, 4000, 200);
    EXPECT_EQ("copy-crosses-page", s, GNTST_bad_copy_arg);

    s = copy_one(1u << 20, self_id, dst_mfn, 0, 8);
    EXPECT_EQ("copy-bad-ref", s, GNTST_bad_gntref);

    grant_page(REF + 1, src_mfn, 0);
    s = copy_one(REF + 1, self_id, dst_mfn, 0, 8);
    report("copy-unpermitted-grant", s < 0, "status=%d", s);

    s = copy_one(REF, self_id, hypervisor_mfn(), 0, 8);
    report("copy-into-hypervisor-frame", s < 0, "status=%d", s);
    s = copy_one(REF, self_id, MFN_BEYOND_RAM, 0, 8);
    report("copy-into-frame-beyond-ram", s < 0, "status=%d", s);

    /* A grant naming a frame the granter does not own. */
    grant_page(REF + 2, hypervisor_mfn(), GTF_permit_access);
    s = copy_one(REF + 2, self_id, dst_mfn, 0, 8);
    report("copy-from-grant-of-hypervisor-frame", s < 0, "status=%d", s);

    s = copy_one(REF, 77, dst_mfn, 0, 8);
    EXPECT_EQ("copy-missing-domain", s, GNTST_bad_domain);
}

static void map_cases(void)
{
    unsigned long src_mfn = virt_to_mfn(src_page), orig_mfn = virt_to_mfn(map_page);
    grant_handle_t h = 0;
    grant_page(REF, src_mfn, GTF_permit_access);
    int16_t s = map_one(REF, self_id, 0, &h);
    report("map-own-grant", s == GNTST_okay && virt_to_mfn(map_page) == src_mfn &&
           map_page[3] == src_page[3], "status=%d mfn=%lx want=%lx", s,
           virt_to_mfn(map_page), src_mfn);
    report("map-sets-reading-writing", (gt[REF].flags & (GTF_reading | GTF_writing)) ==
           (GTF_reading | GTF_writing), "flags=%x", gt[REF].flags);

    struct gnttab_unmap_grant_ref u;
    memset(&u, 0, sizeof(u));
    u.host_addr = (unsigned long)map_page;
    u.handle = h;
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);
    report("unmap-own-grant", rc == 0 && u.status == GNTST_okay &&
           (gt[REF].flags & (GTF_reading | GTF_writing)) == 0,
           "rc=%ld status=%d flags=%x", rc, u.status, gt[REF].flags);
    rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);
    report("unmap-twice", rc == 0 && u.status == GNTST_bad_handle, "rc=%ld status=%d",
           rc, u.status);
    u.handle = 0xffff;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);
    report("unmap-bad-handle", rc == 0 && u.status == GNTST_bad_handle, "rc=%ld status=%d",
           rc, u.status);
    remap_va(map_page, orig_mfn, PTE_RW_FLAGS);

    s = map_one(1u << 20, self_id, 0, NULL);
    EXPECT_EQ("map-bad-ref", s, GNTST_bad_gntref);
    s = map_one(REF, DOMID_SELF, 0, NULL);
    EXPECT_EQ("map-domid-self", s, GNTST_bad_domain);
    s = map_one(REF, 77, 0, NULL);
    EXPECT_EQ("map-missing-domain", s, GNTST_bad_domain);

    grant_page(REF + 3, src_mfn, GTF_permit_access | GTF_readonly);
    s = map_one(REF + 3, self_id, 0, NULL);
    report("map-readonly-grant-writable", s < 0 && virt_to_mfn(map_page) == orig_mfn,
           "status=%d", s);
    grant_page(REF + 4, src_mfn, 0);
    s = map_one(REF + 4, self_id, 0, NULL);
    report("map-unpermitted-grant", s < 0, "status=%d", s);
    grant_page(REF + 5, hypervisor_mfn(), GTF_permit_access);
    s = map_one(REF + 5, self_id, GNTMAP_readonly, NULL);
    report("map-grant-of-hypervisor-frame", s < 0 && virt_to_mfn(map_page) == orig_mfn,
           "status=%d", s);

    /* host_addr in the hypervisor's range. */
    struct gnttab_map_grant_ref m;
    memset(&m, 0, sizeof(m));
    m.host_addr = BAD_HV;
    m.flags = GNTMAP_host_map;
    m.ref = REF;
    m.dom = self_id;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);
    report("map-at-hypervisor-address", rc == 0 && m.status < 0, "rc=%ld status=%d", rc,
           m.status);
    report("grant-flags-clean-after-failures",
           (gt[REF].flags & (GTF_reading | GTF_writing)) == 0 &&
           (gt[REF + 3].flags & (GTF_reading | GTF_writing)) == 0,
           "flags=%x/%x", gt[REF].flags, gt[REF + 3].flags);
}

void test_main(void)
{
    self_id = 0;
    setup();
    copy_cases();
    map_cases();
}

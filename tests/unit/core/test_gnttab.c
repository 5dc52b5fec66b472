/*
 * test_gnttab.c - grant tables v1: map/unmap with status bits and
 * reference counts, copy, table management, and hostile sequences.
 */
#include <stdlib.h>
#include "unit.h"
#include "host.h"
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/mm.h>

static struct domain *dom0, *du, *d3;
static unsigned long free0;

static struct domain *mk(domid_t id, unsigned int flags)
{
    int err;
    struct domain *d = domain_create(id, 1, flags, &err);

    if (d)
        domain_set_max_pages(d, 64);
    return d;
}

static void world(void)
{
    host_sched_world_init(2048, 1);
    host_current = idle_domain->vcpu[0];
    free0 = heap_free_pages();
    dom0 = mk(0, DOMCREATE_privileged);
    du = mk(DOMID_INVALID, 0);
    d3 = mk(DOMID_INVALID, 0);
}

static void teardown(void)
{
    host_current = idle_domain->vcpu[0];
    if (d3)
        domain_kill(d3);
    if (du)
        domain_kill(du);
    if (dom0)
        domain_kill(dom0);
    du = dom0 = d3 = NULL;
    CHECK_EQ(domain_count(), 0);
    CHECK_EQ(heap_free_pages(), free0);
}

/* g grants one of its frames to `to` at ref; returns the frame. */
static mfn_t grant(struct domain *g, grant_ref_t ref, struct domain *to,
                   bool readonly)
{
    struct page_info *pg = alloc_domheap_pages(g, 0);
    grant_entry_v1_t *e = gnttab_shared_entry(g, ref);

    e->frame = (uint32_t)page_to_mfn(pg);
    e->domid = to->domain_id;
    __atomic_store_n(&e->flags, (uint16_t)(GTF_permit_access |
                                           (readonly ? GTF_readonly : 0)),
                     __ATOMIC_RELEASE);
    return page_to_mfn(pg);
}

/* What Linux does to end access: fails while Xen has the frame in use. */
static bool guest_revoke(struct domain *g, grant_ref_t ref)
{
    grant_entry_v1_t *e = gnttab_shared_entry(g, ref);
    uint16_t flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);

    do {
        if (flags & (GTF_reading | GTF_writing))
            return false;
    } while (!__atomic_compare_exchange_n(&e->flags, &flags, 0, false,
                                          __ATOMIC_ACQ_REL,
                                          __ATOMIC_ACQUIRE));
    return true;
}

static gnttab_map_grant_ref_t map(struct domain *ld, domid_t rd,
                                  grant_ref_t ref, uint32_t flags)
{
    gnttab_map_grant_ref_t op = { .host_addr = 0x10000 + ref * 4096,
                                  .flags = flags, .ref = ref, .dom = rd };

    gnttab_map_grant_ref(ld, &op);
    return op;
}

static int16_t unmap(struct domain *ld, uint64_t addr, grant_handle_t h)
{
    gnttab_unmap_grant_ref_t op = { .host_addr = addr, .handle = h };

    gnttab_unmap_grant_ref(ld, &op);
    return op.status;
}

TEST(map_sets_status_bits_and_takes_refs)
{
    gnttab_map_grant_ref_t m;
    grant_entry_v1_t *e;
    struct page_info *pg;

    world();
    pg = mfn_to_page(grant(du, 8, dom0, false));
    e = gnttab_shared_entry(du, 8);
    m = map(dom0, du->domain_id, 8, GNTMAP_host_map);
    CHECK_EQ(m.status, GNTST_okay);
    CHECK_EQ(e->flags, GTF_permit_access | GTF_reading | GTF_writing);
    CHECK_EQ(pg->count_info & PGC_count_mask, 2);
    CHECK_EQ(pg->type_info & PGT_count_mask, 1);
    CHECK_EQ((pg->type_info & PGT_type_mask), PGT_writable_page);
    CHECK_EQ(host_grant_maps, 1);
    CHECK_EQ(gnttab_maptrack_in_use(dom0), 1);
    CHECK_EQ(unmap(dom0, m.host_addr, m.handle), GNTST_okay);
    CHECK_EQ(e->flags, GTF_permit_access);
    CHECK_EQ(pg->count_info & PGC_count_mask, 1);
    CHECK_EQ(pg->type_info & PGT_count_mask, 0);
    CHECK_EQ(host_grant_maps, 0);
    CHECK_EQ(gnttab_maptrack_in_use(dom0), 0);
    teardown();
}

TEST(readonly_grants_and_mixed_pins)
{
    gnttab_map_grant_ref_t r1, r2, w;
    grant_entry_v1_t *e;

    world();
    grant(du, 9, dom0, true);
    e = gnttab_shared_entry(du, 9);
    w = map(dom0, du->domain_id, 9, GNTMAP_host_map);
    CHECK_EQ(w.status, GNTST_permission_denied);     /* RO grant, RW map */
    CHECK_EQ(e->flags, GTF_permit_access | GTF_readonly);
    r1 = map(dom0, du->domain_id, 9, GNTMAP_host_map | GNTMAP_readonly);
    r2 = map(dom0, du->domain_id, 9, GNTMAP_host_map | GNTMAP_readonly);
    CHECK_EQ(r1.status, GNTST_okay);
    CHECK_EQ(r2.status, GNTST_okay);
    CHECK(r1.handle != r2.handle);
    CHECK_EQ(e->flags, GTF_permit_access | GTF_readonly | GTF_reading);
    CHECK_EQ(unmap(dom0, r1.host_addr, r1.handle), GNTST_okay);
    CHECK(e->flags & GTF_reading);                   /* r2 still there */
    CHECK_EQ(unmap(dom0, r2.host_addr, r2.handle), GNTST_okay);
    CHECK_EQ(e->flags, GTF_permit_access | GTF_readonly);

    /* RW grant: a RO map then a RW map; GTF_writing follows the RW one. */
    grant(du, 10, dom0, false);
    e = gnttab_shared_entry(du, 10);
    r1 = map(dom0, du->domain_id, 10, GNTMAP_host_map | GNTMAP_readonly);
    CHECK_EQ(e->flags, GTF_permit_access | GTF_reading);
    w = map(dom0, du->domain_id, 10, GNTMAP_host_map);
    CHECK_EQ(e->flags, GTF_permit_access | GTF_reading | GTF_writing);
    CHECK_EQ(unmap(dom0, w.host_addr, w.handle), GNTST_okay);
    CHECK_EQ(e->flags, GTF_permit_access | GTF_reading);
    CHECK_EQ(unmap(dom0, r1.host_addr, r1.handle), GNTST_okay);
    CHECK_EQ(e->flags, GTF_permit_access);
    teardown();
}

TEST(revoke_fails_while_mapped_and_works_after)
{
    gnttab_map_grant_ref_t m;

    world();
    grant(du, 11, dom0, false);
    m = map(dom0, du->domain_id, 11, GNTMAP_host_map | GNTMAP_readonly);
    CHECK_EQ(m.status, GNTST_okay);
    CHECK(!guest_revoke(du, 11));
    CHECK(gnttab_shared_entry(du, 11)->flags & GTF_permit_access);
    CHECK_EQ(unmap(dom0, m.host_addr, m.handle), GNTST_okay);
    CHECK(guest_revoke(du, 11));
    /* Revoked: no new mapping. */
    m = map(dom0, du->domain_id, 11, GNTMAP_host_map);
    CHECK_EQ(m.status, GNTST_permission_denied);
    teardown();
}

TEST(grant_not_granted_to_you)
{
    gnttab_map_grant_ref_t m;

    world();
    grant(du, 12, dom0, false);
    m = map(d3, du->domain_id, 12, GNTMAP_host_map);
    CHECK_EQ(m.status, GNTST_permission_denied);
    CHECK_EQ(gnttab_shared_entry(du, 12)->flags, GTF_permit_access);
    CHECK_EQ(gnttab_maptrack_in_use(d3), 0);
    /* Mapped by dom0, still refused to d3. */
    m = map(dom0, du->domain_id, 12, GNTMAP_host_map);
    CHECK_EQ(m.status, GNTST_okay);
    CHECK_EQ(map(d3, du->domain_id, 12, GNTMAP_host_map).status,
             GNTST_permission_denied);
    CHECK_EQ(unmap(dom0, m.host_addr, m.handle), GNTST_okay);
    /* An entry with a bad type or nothing in it. */
    gnttab_shared_entry(du, 13)->domid = 0;
    gnttab_shared_entry(du, 13)->flags = GTF_accept_transfer;
    CHECK_EQ(map(dom0, du->domain_id, 13, GNTMAP_host_map).status,
             GNTST_permission_denied);
    CHECK_EQ(map(dom0, du->domain_id, 14, GNTMAP_host_map).status,
             GNTST_permission_denied);
    teardown();
}

TEST(refs_domains_and_flags_are_checked)
{
    world();
    grant(du, 15, dom0, false);
    CHECK_EQ(map(dom0, du->domain_id, 512, GNTMAP_host_map).status,
             GNTST_bad_gntref);                     /* one frame: 512 refs */
    CHECK_EQ(map(dom0, du->domain_id, 0xffffffff, GNTMAP_host_map).status,
             GNTST_bad_gntref);
    CHECK_EQ(map(dom0, 999, 15, GNTMAP_host_map).status, GNTST_bad_domain);
    CHECK_EQ(map(dom0, DOMID_IDLE, 15, GNTMAP_host_map).status,
             GNTST_bad_domain);
    /* Mappings name the granter by id; DOMID_SELF is refused (Xen 4.17). */
    grant(du, 16, du, false);
    CHECK_EQ(map(du, DOMID_SELF, 16, GNTMAP_host_map).status,
             GNTST_bad_domain);
    CHECK_EQ(gnttab_shared_entry(du, 16)->flags, GTF_permit_access);
    CHECK_EQ(map(dom0, du->domain_id, 15, 0).status, GNTST_bad_gntref);
    CHECK_EQ(map(dom0, du->domain_id, 15, GNTMAP_readonly).status,
             GNTST_bad_gntref);
    CHECK_EQ(gnttab_maptrack_in_use(dom0), 0);
    CHECK_EQ(gnttab_shared_entry(du, 15)->flags, GTF_permit_access);
    teardown();
}

TEST(granted_frame_must_belong_to_the_granter)
{
    grant_entry_v1_t *e;
    mfn_t theirs;

    world();
    theirs = grant(d3, 1, dom0, false);
    e = gnttab_shared_entry(du, 16);
    e->domid = 0;
    e->frame = (uint32_t)theirs;                    /* not du's frame */
    e->flags = GTF_permit_access;
    CHECK_EQ(map(dom0, du->domain_id, 16, GNTMAP_host_map).status,
             GNTST_bad_page);
    CHECK_EQ(e->flags, GTF_permit_access);          /* bits undone */
    e->frame = 0xfffffff0;                          /* beyond RAM */
    CHECK_EQ(map(dom0, du->domain_id, 16, GNTMAP_host_map).status,
             GNTST_bad_page);
    e->frame = 0;                                   /* reserved frame */
    CHECK_EQ(map(dom0, du->domain_id, 16, GNTMAP_host_map).status,
             GNTST_bad_page);
    /* A frame in use as a page table cannot be mapped writable. */
    {
        struct page_info *pg = mfn_to_page(grant(du, 17, dom0, false));

        CHECK_EQ(get_page_type(pg, PGT_l1_page_table), 0);
        CHECK_EQ(map(dom0, du->domain_id, 17, GNTMAP_host_map).status,
                 GNTST_bad_page);
        CHECK_EQ(map(dom0, du->domain_id, 17,
                     GNTMAP_host_map | GNTMAP_readonly).status, GNTST_okay);
        gnttab_release_mappings(dom0);
        put_page_type(pg);
    }
    teardown();
}

TEST(unmap_of_what_was_never_mapped)
{
    gnttab_map_grant_ref_t m;

    world();
    CHECK_EQ(unmap(dom0, 0x10000, 0), GNTST_bad_handle);
    CHECK_EQ(unmap(dom0, 0x10000, 0xffffffff), GNTST_bad_handle);
    grant(du, 18, dom0, false);
    m = map(dom0, du->domain_id, 18, GNTMAP_host_map);
    CHECK_EQ(unmap(dom0, m.host_addr + 4096, m.handle), GNTST_bad_virt_addr);
    CHECK_EQ(unmap(d3, m.host_addr, m.handle), GNTST_bad_handle);  /* not d3's */
    CHECK_EQ(unmap(dom0, m.host_addr, m.handle + 1), GNTST_bad_handle);
    CHECK_EQ(unmap(dom0, m.host_addr, m.handle), GNTST_okay);
    CHECK_EQ(unmap(dom0, m.host_addr, m.handle), GNTST_bad_handle); /* twice */
    teardown();
}

TEST(arch_map_failure_undoes_everything)
{
    gnttab_map_grant_ref_t m;
    struct page_info *pg;

    world();
    pg = mfn_to_page(grant(du, 19, dom0, false));
    host_grant_map_rc = GNTST_bad_virt_addr;
    m = map(dom0, du->domain_id, 19, GNTMAP_host_map);
    CHECK_EQ(m.status, GNTST_bad_virt_addr);
    CHECK_EQ(gnttab_shared_entry(du, 19)->flags, GTF_permit_access);
    CHECK_EQ(pg->count_info & PGC_count_mask, 1);
    CHECK_EQ(pg->type_info & PGT_count_mask, 0);
    CHECK_EQ(gnttab_maptrack_in_use(dom0), 0);
    host_grant_map_rc = GNTST_okay;
    teardown();
}

TEST(device_map_reports_bus_address)
{
    gnttab_map_grant_ref_t m;
    gnttab_unmap_grant_ref_t u;
    mfn_t f;

    world();
    f = grant(du, 20, dom0, false);
    m = map(dom0, du->domain_id, 20, GNTMAP_device_map);
    CHECK_EQ(m.status, GNTST_okay);
    CHECK_EQ(m.dev_bus_addr, f << PAGE_SHIFT);
    CHECK_EQ(host_grant_maps, 0);                   /* no host mapping */
    u = (gnttab_unmap_grant_ref_t){ .dev_bus_addr = 4096, .handle = m.handle };
    gnttab_unmap_grant_ref(dom0, &u);
    CHECK_EQ(u.status, GNTST_bad_dev_addr);
    u.dev_bus_addr = m.dev_bus_addr;
    gnttab_unmap_grant_ref(dom0, &u);
    CHECK_EQ(u.status, GNTST_okay);
    teardown();
}

TEST(mapping_domain_destroyed_with_live_mappings)
{
    gnttab_map_grant_ref_t m[3];
    struct page_info *pg;

    world();
    pg = mfn_to_page(grant(du, 21, d3, false));
    for (int i = 0; i < 3; i++) {
        m[i] = map(d3, du->domain_id, 21, GNTMAP_host_map);
        CHECK_EQ(m[i].status, GNTST_okay);
    }
    CHECK_EQ(pg->count_info & PGC_count_mask, 4);
    domain_kill(d3);
    d3 = NULL;
    CHECK_EQ(gnttab_shared_entry(du, 21)->flags, GTF_permit_access);
    CHECK_EQ(pg->count_info & PGC_count_mask, 1);
    CHECK(guest_revoke(du, 21));
    teardown();
}

TEST(granting_domain_destroyed_while_mapped)
{
    gnttab_map_grant_ref_t m;
    struct page_info *pg;
    unsigned char *va;
    domid_t id;

    world();
    pg = mfn_to_page(grant(du, 22, dom0, false));
    va = mfn_to_virt(page_to_mfn(pg));
    m = map(dom0, du->domain_id, 22, GNTMAP_host_map);
    CHECK_EQ(m.status, GNTST_okay);
    id = du->domain_id;
    domain_kill(du);
    /* The frame and du's struct stay while dom0 maps it. */
    CHECK_EQ(domain_count(), 3);
    CHECK(page_get_owner(pg) == du);
    CHECK_EQ(pg->count_info & PGC_count_mask, 1);
    va[0] = 1;                                     /* still mapped: usable */
    /* No new mappings of a dying domain's grants. */
    CHECK_EQ(map(dom0, id, 22, GNTMAP_host_map).status, GNTST_bad_domain);
    CHECK_EQ(unmap(dom0, m.host_addr, m.handle), GNTST_okay);
    du = NULL;
    CHECK_EQ(domain_count(), 2);                   /* the zombie is gone */
    teardown();
}

TEST(copy_between_grants_and_own_frames)
{
    gnttab_copy_t c;
    mfn_t src, dst, own;
    struct page_info *opg;

    world();
    src = grant(du, 30, dom0, true);               /* readonly is enough */
    dst = grant(du, 31, dom0, false);
    opg = alloc_domheap_pages(dom0, 0);
    own = page_to_mfn(opg);
    memcpy((char *)mfn_to_virt(own) + 100, "hello grant", 12);

    /* own frame -> du's grant 31 */
    c = (gnttab_copy_t){ .flags = GNTCOPY_dest_gref, .len = 12 };
    c.source.u.gmfn = own;
    c.source.domid = DOMID_SELF;
    c.source.offset = 100;
    c.dest.u.ref = 31;
    c.dest.domid = du->domain_id;
    c.dest.offset = 4000;
    gnttab_copy(dom0, &c);
    CHECK_EQ(c.status, GNTST_okay);
    CHECK(memcmp((char *)mfn_to_virt(dst) + 4000, "hello grant", 12) == 0);
    CHECK_EQ(gnttab_shared_entry(du, 31)->flags, GTF_permit_access);

    /* grant 30 (RO) -> own frame */
    memcpy(mfn_to_virt(src), "ro data", 8);
    c = (gnttab_copy_t){ .flags = GNTCOPY_source_gref, .len = 8 };
    c.source.u.ref = 30;
    c.source.domid = du->domain_id;
    c.dest.u.gmfn = own;
    c.dest.domid = DOMID_SELF;
    gnttab_copy(dom0, &c);
    CHECK_EQ(c.status, GNTST_okay);
    CHECK(memcmp(mfn_to_virt(own), "ro data", 8) == 0);

    /* Hostile copies. */
    c.flags = GNTCOPY_dest_gref;                   /* write to a RO grant */
    c.dest.u.ref = 30;
    c.dest.domid = du->domain_id;
    c.source.u.gmfn = own;
    c.source.domid = DOMID_SELF;
    gnttab_copy(dom0, &c);
    CHECK_EQ(c.status, GNTST_permission_denied);
    c.dest.u.ref = 31;
    c.len = 200;
    c.dest.offset = 4000;                          /* past the page end */
    gnttab_copy(dom0, &c);
    CHECK_EQ(c.status, GNTST_bad_copy_arg);
    c.dest.offset = 0;
    c.source.offset = 0xffff;
    gnttab_copy(dom0, &c);
    CHECK_EQ(c.status, GNTST_bad_copy_arg);
    c.source.offset = 0;
    c.source.domid = du->domain_id;               /* a frame, not a gref */
    gnttab_copy(dom0, &c);
    CHECK_EQ(c.status, GNTST_permission_denied);
    c.source.domid = DOMID_SELF;
    c.source.u.gmfn = src;                         /* du's frame, not ours */
    gnttab_copy(dom0, &c);
    CHECK_EQ(c.status, GNTST_bad_page);
    c.source.u.gmfn = ~0ULL;
    gnttab_copy(dom0, &c);
    CHECK_EQ(c.status, GNTST_bad_page);
    c.source.u.gmfn = own;
    c.dest.u.ref = 4096;
    gnttab_copy(dom0, &c);
    CHECK_EQ(c.status, GNTST_bad_gntref);
    c.dest.u.ref = 31;
    c.dest.domid = 555;
    gnttab_copy(dom0, &c);
    CHECK_EQ(c.status, GNTST_bad_domain);
    c.dest.domid = du->domain_id;
    c.source.u.gmfn = page_to_mfn(alloc_domheap_pages(d3, 0));
    gnttab_copy(d3, &c);                           /* not granted to d3 */
    CHECK_EQ(c.status, GNTST_permission_denied);
    /* Nothing leaked: entries idle, refs back. */
    CHECK_EQ(gnttab_shared_entry(du, 30)->flags,
             GTF_permit_access | GTF_readonly);
    CHECK_EQ(gnttab_shared_entry(du, 31)->flags, GTF_permit_access);
    CHECK_EQ(opg->count_info & PGC_count_mask, 1);
    CHECK_EQ(opg->type_info & PGT_count_mask, 0);
    teardown();
}

TEST(setup_query_and_versions)
{
    gnttab_query_size_t q = { .dom = DOMID_SELF };
    gnttab_setup_table_t s = { .dom = DOMID_SELF, .nr_frames = 4 };
    gnttab_set_version_t sv;
    gnttab_get_version_t gv = { .dom = DOMID_SELF };
    xen_pfn_t frames[GNTTAB_MAX_FRAMES];

    world();
    host_guest_window_add(frames, sizeof(frames));
    gnttab_query_size(du, &q);
    CHECK_EQ(q.status, GNTST_okay);
    CHECK_EQ(q.nr_frames, 1);
    CHECK_EQ(q.max_nr_frames, GNTTAB_MAX_FRAMES);
    set_xen_guest_handle(s.frame_list, frames);
    CHECK_EQ(gnttab_setup_table(du, &s), 0);
    CHECK_EQ(s.status, GNTST_okay);
    CHECK_EQ(gnttab_nr_frames(du), 4);
    for (int i = 0; i < 4; i++) {
        struct page_info *pg = mfn_to_page(frames[i]);

        CHECK(pg->owner == du);                    /* the guest may map it */
        CHECK(pg->count_info & PGC_xen_heap);
    }
    CHECK(gnttab_shared_entry(du, 4 * 512 - 1) != NULL);
    CHECK(gnttab_shared_entry(du, 4 * 512) == NULL);
    s.nr_frames = GNTTAB_MAX_FRAMES + 1;
    CHECK_EQ(gnttab_setup_table(du, &s), 0);
    CHECK_EQ(s.status, GNTST_general_error);
    s.nr_frames = 2;                               /* never shrinks */
    CHECK_EQ(gnttab_setup_table(du, &s), 0);
    CHECK_EQ(gnttab_nr_frames(du), 4);
    s.dom = 0;                                     /* not du's to ask */
    CHECK_EQ(gnttab_setup_table(du, &s), 0);
    CHECK_EQ(s.status, GNTST_bad_domain);
    s.dom = DOMID_SELF;
    set_xen_guest_handle(s.frame_list, (xen_pfn_t *)64);
    /* As Xen 4.17: an unwritable list is a status, not an error. */
    CHECK_EQ(gnttab_setup_table(du, &s), 0);
    CHECK_EQ(s.status, GNTST_bad_virt_addr);
    q.dom = 0;
    gnttab_query_size(du, &q);
    CHECK_EQ(q.status, GNTST_bad_domain);
    q.dom = du->domain_id;
    gnttab_query_size(dom0, &q);
    CHECK_EQ(q.status, GNTST_okay);
    CHECK_EQ(q.nr_frames, 4);

    sv.version = 1;
    CHECK_EQ(gnttab_set_version(du, &sv), 0);
    CHECK_EQ(sv.version, 1);
    sv.version = 2;
    CHECK_EQ(gnttab_set_version(du, &sv), -ENOSYS);
    sv.version = 0;
    CHECK_EQ(gnttab_set_version(du, &sv), -EINVAL);
    sv.version = 3;
    CHECK_EQ(gnttab_set_version(du, &sv), -EINVAL);
    CHECK_EQ(gnttab_get_version(du, &gv), 0);
    CHECK_EQ(gv.version, 1);
    gv.dom = 0;
    CHECK_EQ(gnttab_get_version(du, &gv), -ESRCH);
    teardown();
}

TEST(maptrack_grows_and_pins_are_bounded)
{
    static gnttab_map_grant_ref_t m[700];
    int n = 0;

    world();
    grant(du, 40, dom0, true);
    for (int i = 0; i < 700; i++) {
        m[i] = map(dom0, du->domain_id, 40,
                   GNTMAP_host_map | GNTMAP_readonly);
        if (m[i].status != GNTST_okay)
            break;
        n++;
    }
    CHECK_EQ(n, 700);                               /* beyond one chunk */
    CHECK_EQ(gnttab_maptrack_in_use(dom0), 700);
    for (int i = 0; i < n; i += 2)
        CHECK_EQ(unmap(dom0, m[i].host_addr, m[i].handle), GNTST_okay);
    CHECK_EQ(gnttab_maptrack_in_use(dom0), 350);
    teardown();                                      /* the rest on kill */
}

/*
 * test_pv_mm.c - the PV MMU (xen/arch/x86/pv/mm.c, mmu_op.c) on a
 * simulated machine: validation of whole trees, reference counts that come
 * back to where they started, and the hostile cases a guest may try.
 */
#include "unit.h"
#include "pv_host.h"
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <public/xen.h>

#define P  _PAGE_PRESENT
#define RW _PAGE_RW
#define TBL (P | RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define VA 0x0000123456789000UL

static unsigned idx(unsigned long va, int level) { return (va >> (12 + 9 * (level - 1))) & 511; }
static uint64_t ent(mfn_t m, uint64_t f) { return (m << 12) | f; }

struct tree { mfn_t l4, l3, l2, l1, data; };

/* A four-level tree in p's memory mapping VA to a fresh data frame. */
static struct tree build(struct pvh_domain *p, bool rw)
{
    struct tree t = { pvh_alloc(p), pvh_alloc(p), pvh_alloc(p), pvh_alloc(p), pvh_alloc(p) };

    pvh_table(t.l4)[idx(VA, 4)] = ent(t.l3, TBL);
    pvh_table(t.l3)[idx(VA, 3)] = ent(t.l2, TBL);
    pvh_table(t.l2)[idx(VA, 2)] = ent(t.l1, TBL);
    pvh_table(t.l1)[idx(VA, 1)] = ent(t.data, P | (rw ? RW : 0));
    return t;
}

static bool all_released(struct tree t)
{
    mfn_t m[5] = { t.l4, t.l3, t.l2, t.l1, t.data };

    for (int i = 0; i < 5; i++)
        if (pvh_tcount(m[i]) != 0 || pvh_count(m[i]) != 1)
            return false;
    return true;
}

static struct pvh_domain *setup(bool privileged)
{
    struct pvh_domain *p;

    pvh_init();
    p = pvh_domain(privileged ? 0 : 1, privileged, 200);
    pvh_set_current(p);
    return p;
}

TEST(pin_l4_validates_whole_tree)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, true);

    pvh_table(t.l4)[260] = 0xdeadbeef000ULL | P; /* a hypervisor slot: replaced */
    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    CHECK_EQ(pvh_type(t.l4), PGT_l4_page_table);
    CHECK(mfn_to_page(t.l4)->type_info & PGT_pinned);
    CHECK_EQ(pvh_type(t.l3), PGT_l3_page_table);
    CHECK_EQ(pvh_type(t.l2), PGT_l2_page_table);
    CHECK_EQ(pvh_type(t.l1), PGT_l1_page_table);
    CHECK_EQ(pvh_type(t.data), PGT_writable_page);
    CHECK_EQ(pvh_tcount(t.data), 1);
    CHECK_EQ(pvh_count(t.data), 2);
    /* Upper slots: the guest's garbage is gone, the hypervisor's are in. */
    CHECK(pvh_table(t.l4)[260] != (0xdeadbeef000ULL | P));
    CHECK_EQ(pvh_table(t.l4)[256], pvh_table(t.l4)[271]);
    /* Present entries gained the user bit (the guest kernel is in ring 3). */
    CHECK(pvh_table(t.l1)[idx(VA, 1)] & _PAGE_USER);
    pvh_fini();
}

TEST(unpin_releases_every_reference)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, true);

    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK(all_released(t));
    pvh_fini();
}

TEST(double_pin_and_stray_unpin_fail)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, false);

    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), -EINVAL);
    CHECK_EQ(pv_unpin_table(&p->d, t.l3), -EINVAL);   /* typed, not pinned */
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), -EINVAL);
    CHECK(all_released(t));
    pvh_fini();
}

TEST(domu_cannot_map_another_domains_frame)
{
    struct pvh_domain *p = setup(false);
    struct pvh_domain *other = pvh_domain(2, false, 10);
    mfn_t victim = pvh_alloc(other);
    struct tree t = build(p, false);

    pvh_table(t.l1)[7] = ent(victim, P);
    CHECK(pv_pin_table(&p->d, t.l4, 4) < 0);
    CHECK(all_released(t));
    CHECK_EQ(pvh_count(victim), 1);
    pvh_fini();
}

TEST(dom0_may_map_foreign_frames)
{
    struct pvh_domain *p = setup(true);
    struct pvh_domain *other = pvh_domain(2, false, 10);
    mfn_t f = pvh_alloc(other);
    struct tree t = build(p, false);

    pvh_table(t.l1)[7] = ent(f, P | RW);
    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    CHECK_EQ(pvh_count(f), 2);
    CHECK_EQ(pvh_tcount(f), 1);
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK_EQ(pvh_count(f), 1);
    CHECK_EQ(pvh_tcount(f), 0);
    pvh_fini();
}

TEST(nobody_maps_hypervisor_or_free_ram)
{
    for (int priv = 0; priv < 2; priv++) {
        struct pvh_domain *p = setup(priv);
        struct tree t = build(p, false);

        /* A reference that cannot be taken: -EBUSY, as Xen 4.17. */
        pvh_table(t.l1)[7] = ent(3, P);            /* reserved: the hypervisor */
        CHECK_EQ(pv_pin_table(&p->d, t.l1, 1), -EBUSY);
        pvh_table(t.l1)[7] = ent(PVH_FRAMES - 1, P); /* free heap frame */
        CHECK_EQ(pv_pin_table(&p->d, t.l1, 1), -EBUSY);
        pvh_table(t.l1)[7] = ent(PVH_IO_FIRST + 5, P | RW | _PAGE_PCD);
        CHECK_EQ(pv_pin_table(&p->d, t.l1, 1), priv ? 0 : -EINVAL);
        pvh_table(t.l1)[7] = ent(PVH_IO_FIRST + 5, P);
        if (!priv)
            CHECK_EQ(pv_pin_table(&p->d, t.l1, 1), -EBUSY);
        pvh_fini();
    }
}

TEST(page_table_never_writable)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, false);

    pvh_table(t.l1)[8] = ent(t.l1, P | RW);   /* the L1 maps itself RW */
    CHECK(pv_pin_table(&p->d, t.l4, 4) < 0);
    CHECK(all_released(t));
    pvh_table(t.l1)[8] = ent(t.l1, P);        /* read-only is fine */
    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK(all_released(t));
    pvh_fini();
}

TEST(writably_mapped_frame_cannot_become_a_table)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, true);

    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    CHECK_EQ(pv_pin_table(&p->d, t.data, 1), -EINVAL);   /* in use as writable */
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK_EQ(pv_pin_table(&p->d, t.data, 1), 0);   /* now it may */
    CHECK_EQ(pv_unpin_table(&p->d, t.data), 0);
    pvh_fini();
}

TEST(superpages_and_bad_upper_entries_refused)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, false);

    pvh_table(t.l2)[9] = ent(t.data, P | RW | _PAGE_PSE);
    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), -EINVAL);
    pvh_table(t.l2)[9] = ent(PVH_FRAMES + 100, P);   /* beyond RAM */
    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), -EINVAL);
    pvh_table(t.l2)[9] = ent(t.l2, P);               /* itself as an L1 */
    CHECK(pv_pin_table(&p->d, t.l4, 4) < 0);
    pvh_table(t.l2)[9] = 0;
    CHECK(all_released(t));
    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    pvh_fini();
}

static long mmu_update1(uint64_t ptr, uint64_t val, unsigned int *done)
{
    static struct mmu_update req;
    static unsigned int d;

    req.ptr = ptr;
    req.val = val;
    d = 12345;
    pvh_guest_window(&req, sizeof(req));
    pvh_guest_window(&d, sizeof(d));
    long rc = do_mmu_update((unsigned long)&req, 1, (unsigned long)&d, DOMID_SELF);
    *done = d;
    return rc;
}

TEST(mmu_update_moves_references)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, true);
    mfn_t other = pvh_alloc(p);
    unsigned int done;

    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    CHECK_EQ(mmu_update1((t.l1 << 12) + idx(VA, 1) * 8, ent(other, P | RW), &done), 0);
    CHECK_EQ(done, 1);
    CHECK_EQ(pvh_tcount(t.data), 0);
    CHECK_EQ(pvh_count(t.data), 1);
    CHECK_EQ(pvh_tcount(other), 1);
    /* A mapping went away: no flush now (the guest flushes, as on Xen),
     * but the frame is stamped, and retyping it flushes first. */
    CHECK_EQ(pvh_flush_all, 0);
    CHECK(mfn_to_page(t.data)->tlbflush_stamp != 0);
    CHECK_EQ(pvh_stale_flushes, 0);
    CHECK_EQ(pv_pin_table(&p->d, t.data, 1), 0);
    CHECK_EQ(pvh_stale_flushes, 1);
    CHECK_EQ(pv_unpin_table(&p->d, t.data), 0);
    /* Map a page table writable: refused, entry unchanged. */
    CHECK(mmu_update1((t.l1 << 12) + 16, ent(t.l2, P | RW), &done) < 0);
    CHECK_EQ(done, 0);
    CHECK_EQ(pvh_table(t.l1)[2], 0);
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK_EQ(pvh_tcount(other), 0);
    CHECK_EQ(pvh_count(other), 1);
    pvh_fini();
}

TEST(mmu_update_hostile_requests)
{
    struct pvh_domain *p = setup(false);
    struct pvh_domain *other = pvh_domain(2, false, 20);
    struct tree t = build(p, false), o = build(other, false);
    unsigned int done;

    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    /* The hypervisor's L4 slots. */
    CHECK_EQ(mmu_update1((t.l4 << 12) + 256 * 8, 0, &done), -EINVAL);
    CHECK_EQ(mmu_update1((t.l4 << 12) + 271 * 8, ent(t.l3, TBL), &done), -EINVAL);
    /* An upper entry to a frame in use as writable memory: malformed. */
    mfn_t rw = pvh_alloc(p);
    CHECK_EQ(mmu_update1((t.l1 << 12) + 9 * 8, ent(rw, P | RW), &done), 0);
    CHECK_EQ(mmu_update1((t.l4 << 12) + 6 * 8, ent(rw, TBL), &done), -EINVAL);
    CHECK_EQ(pvh_table(t.l4)[6], 0);
    CHECK_EQ(mmu_update1((t.l1 << 12) + 9 * 8, 0, &done), 0);
    CHECK_EQ(pvh_tcount(rw), 0);
    /* Another domain's table. */
    CHECK_EQ(mmu_update1((o.l1 << 12), ent(t.data, P), &done), -EINVAL);
    /* A frame beyond RAM, a misaligned pointer, an unknown kind. */
    CHECK_EQ(mmu_update1(((mfn_t)PVH_FRAMES + 5) << 12, 0, &done), -EINVAL);
    CHECK_EQ(mmu_update1((t.l1 << 12) + 4, 0, &done), -EINVAL);
    CHECK_EQ(done, 0);
    /* Requests the hypervisor cannot read. */
    CHECK_EQ(do_mmu_update(0x1000, 1, 0, DOMID_SELF), -EFAULT);
    CHECK_EQ(do_mmu_update(~0UL - 4, 2, 0, DOMID_SELF), -EFAULT);
    /* A foreign domain named by an unprivileged caller. */
    CHECK_EQ(do_mmu_update(0, 0, 0, 2), -ESRCH);
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK(all_released(t));
    pvh_fini();
}

TEST(mmu_update_plain_page_and_machphys)
{
    struct pvh_domain *p = setup(false);
    struct pvh_domain *other = pvh_domain(2, false, 20);
    mfn_t plain = pvh_alloc(p), theirs = pvh_alloc(other);
    unsigned int done;

    CHECK_EQ(mmu_update1((plain << 12) + 64, 0x1234567, &done), 0);
    CHECK_EQ(pvh_table(plain)[8], 0x1234567);
    CHECK_EQ(pvh_tcount(plain), 0);
    CHECK_EQ(mmu_update1((plain << 12) | MMU_MACHPHYS_UPDATE, 77, &done), 0);
    CHECK_EQ(pvh_m2p_last_mfn, plain);
    CHECK_EQ(pvh_m2p_last_pfn, 77);
    CHECK_EQ(mmu_update1((theirs << 12) | MMU_MACHPHYS_UPDATE, 78, &done), -EINVAL);
    CHECK_EQ(pvh_m2p_last_pfn, 77);
    pvh_fini();
}

TEST(unpinning_the_live_base_pointer_frees_nothing)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, true);

    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    CHECK_EQ(pv_set_guest_table(&p->v, t.l4, false), 0);
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK_EQ(pvh_tcount(t.l4), 1);      /* held by the vCPU */
    CHECK_EQ(pvh_tcount(t.data), 1);
    pv_drop_guest_tables(&p->v);
    CHECK(all_released(t));
    pvh_fini();
}

TEST(base_pointer_refuses_frames_in_use_otherwise)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, true);

    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    CHECK_EQ(pv_set_guest_table(&p->v, t.l3, false), -EINVAL);   /* an L3 */
    CHECK_EQ(pv_set_guest_table(&p->v, t.data, false), -EINVAL); /* mapped RW */
    CHECK_EQ(pv_set_guest_table(&p->v, 0, false), -EINVAL);
    CHECK_EQ(pv_set_guest_table(&p->v, PVH_FRAMES + 1, true), -EINVAL);
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK(all_released(t));
    pvh_fini();
}

TEST(update_va_mapping_walks_the_current_table)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, false);
    mfn_t other = pvh_alloc(p);

    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    CHECK_EQ(pv_set_guest_table(&p->v, t.l4, false), 0);
    CHECK_EQ(do_update_va_mapping(VA, ent(other, P | RW), UVMF_INVLPG), 0);
    CHECK_EQ(pte_mfn(pvh_table(t.l1)[idx(VA, 1)]), other);
    CHECK_EQ(pvh_tcount(other), 1);
    CHECK_EQ(do_update_va_mapping(VA, 0, UVMF_NONE), 0);
    CHECK_EQ(pvh_tcount(other), 0);
    /* No L1 there, the hypervisor's range, a non-canonical address. */
    CHECK_EQ(do_update_va_mapping(VA + (1UL << 30), 0, 0), -EINVAL);
    CHECK_EQ(do_update_va_mapping(0xffff800000001000UL, 0, 0), -EINVAL);
    CHECK_EQ(do_update_va_mapping(0x0000900000000000UL, 0, 0), -EINVAL);
    /* A page table mapped writable through the walk: refused. */
    CHECK(do_update_va_mapping(VA, ent(t.l2, P | RW), 0) < 0);
    pv_drop_guest_tables(&p->v);
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK(all_released(t));
    pvh_fini();
}

TEST(mmu_update_preempts_and_resumes)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, false);
    static struct mmu_update reqs[100];
    static unsigned int done;
    long rc;

    for (int i = 0; i < 100; i++) {
        reqs[i].ptr = (t.l1 << 12) + (100 + i) * 8;
        reqs[i].val = ent(t.data, P);
    }
    pvh_guest_window(reqs, sizeof(reqs));
    pvh_guest_window(&done, sizeof(done));
    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    pvh_preempt = true;
    rc = do_mmu_update((unsigned long)reqs, 100, (unsigned long)&done, DOMID_SELF);
    CHECK_EQ(rc, HYPERCALL_CONTINUATION);
    CHECK_EQ(done, 64);
    pvh_preempt = false;
    rc = do_mmu_update((unsigned long)&reqs[64], 36 | (1UL << 31),
                       (unsigned long)&done, DOMID_SELF);
    CHECK_EQ(rc, 0);
    CHECK_EQ(done, 100);
    CHECK_EQ(pvh_count(t.data), 2 + 100);  /* allocation, VA's entry, 100 more */
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK(all_released(t));
    pvh_fini();
}

TEST(released_frame_lives_until_unmapped)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, true);
    unsigned long before;

    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    before = p->d.tot_pages;
    page_release_allocation(mfn_to_page(t.data));   /* balloon it out */
    /* As in Xen, the frame stays counted until its last reference goes. */
    CHECK_EQ(p->d.tot_pages, before);
    CHECK_EQ(pvh_count(t.data), 1);                  /* the mapping's ref */
    CHECK(mfn_to_page(t.data)->owner == &p->d);
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK_EQ(p->d.tot_pages, before - 1);
    CHECK(mfn_to_page(t.data)->owner == NULL);       /* back in the heap */
    CHECK(mfn_to_page(t.data)->count_info & PGC_free);
    pvh_fini();
}

static long ext1(unsigned int cmd, unsigned long a1, unsigned long a2)
{
    static struct mmuext_op op;

    op.cmd = cmd;
    op.arg1.mfn = a1;
    op.arg2.src_mfn = a2;
    pvh_guest_window(&op, sizeof(op));
    return do_mmuext_op((unsigned long)&op, 1, 0, DOMID_SELF);
}

TEST(mmuext_ops_check_their_frames)
{
    struct pvh_domain *p = setup(false);
    struct pvh_domain *other = pvh_domain(2, false, 20);
    struct tree t = build(p, false);
    mfn_t a = pvh_alloc(p), b = pvh_alloc(p), theirs = pvh_alloc(other);

    pvh_table(a)[3] = 42;
    CHECK_EQ(ext1(MMUEXT_COPY_PAGE, b, a), 0);
    CHECK_EQ(pvh_table(b)[3], 42);
    CHECK_EQ(ext1(MMUEXT_CLEAR_PAGE, b, 0), 0);
    CHECK_EQ(pvh_table(b)[3], 0);
    CHECK_EQ(ext1(MMUEXT_PIN_L4_TABLE, t.l4, 0), 0);
    CHECK_EQ(ext1(MMUEXT_CLEAR_PAGE, t.l1, 0), -EINVAL);   /* a page table */
    CHECK_EQ(ext1(MMUEXT_COPY_PAGE, t.l2, a), -EINVAL);
    CHECK_EQ(ext1(MMUEXT_CLEAR_PAGE, theirs, 0), -EINVAL); /* not ours */
    CHECK_EQ(ext1(MMUEXT_COPY_PAGE, a, theirs), -EINVAL);
    CHECK_EQ(ext1(MMUEXT_PIN_L2_TABLE, theirs, 0), -EINVAL);
    CHECK_EQ(ext1(MMUEXT_NEW_BASEPTR, t.l4, 0), 0);
    CHECK_EQ(ext1(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);
    CHECK_EQ(ext1(MMUEXT_SET_LDT, 0xffff800000000000UL, 16), -EINVAL);
    CHECK_EQ(ext1(MMUEXT_SET_LDT, 0x1001, 16), -EINVAL);
    CHECK_EQ(ext1(MMUEXT_SET_LDT, 0x10000, 8193), -EINVAL);
    CHECK_EQ(ext1(MMUEXT_SET_LDT, 0x10000, 16), 0);
    CHECK_EQ(ext1(MMUEXT_MARK_SUPER, a, 0), -EOPNOTSUPP);
    CHECK_EQ(ext1(99, 0, 0), -ENOSYS);
    CHECK_EQ(ext1(MMUEXT_UNPIN_TABLE, t.l4, 0), 0);
    pv_drop_guest_tables(&p->v);
    CHECK(all_released(t));
    pvh_fini();
}

#define D_DATA3 0x00cff2000000ffffULL
#define D_DATA0 0x00cf92000000ffffULL
#define D_TSS   0x0000890000000067ULL
#define D_GATE(sel) (0x0000ec0000000000ULL | ((uint64_t)(sel) << 16))

TEST(descriptor_checks_follow_xen)
{
    uint64_t d;

    d = D_DATA0;
    CHECK(pv_check_descriptor(&d) && d == (D_DATA0 | (3ULL << 45)));
    d = D_DATA0 & ~(1ULL << 47);                 /* not present: as is */
    CHECK(pv_check_descriptor(&d) && d == (D_DATA0 & ~(1ULL << 47)));
    d = D_TSS;
    CHECK(!pv_check_descriptor(&d));
    d = 0x0000ee00e0330000ULL;                   /* interrupt gate */
    CHECK(!pv_check_descriptor(&d));
    d = 0x0000800000000000ULL;                   /* present, type 0 */
    CHECK(pv_check_descriptor(&d) && d == 0x0000800000000000ULL);
    d = D_GATE(0xe008);                          /* into the hypervisor */
    CHECK(!pv_check_descriptor(&d));
    d = D_GATE(0xe033) | (1ULL << 32);           /* reserved bits */
    CHECK(!pv_check_descriptor(&d));
    d = D_GATE(0xe033);                          /* kept, DPL 0 */
    CHECK(pv_check_descriptor(&d) && d == 0x00008c00e0330000ULL);
    d = D_GATE(0x0014);                          /* an LDT target, RPL 3 */
    CHECK(pv_check_descriptor(&d) && d == 0x00008c0000170000ULL);
}

TEST(ldt_pages_are_typed_on_use_and_released)
{
    struct pvh_domain *p = setup(false);
    struct tree t = build(p, false);
    uint64_t *desc = pvh_table(t.data);
    unsigned long calls;

    desc[1] = D_DATA0;
    CHECK_EQ(pv_pin_table(&p->d, t.l4, 4), 0);
    CHECK_EQ(pv_set_guest_table(&p->v, t.l4, false), 0);
    CHECK_EQ(pv_set_ldt(&p->v, VA + 8, 16), -EINVAL);
    CHECK_EQ(pv_set_ldt(&p->v, VA, 8193), -EINVAL);
    CHECK_EQ(pv_set_ldt(&p->v, 0xffff830000000000UL, 16), -EINVAL);
    CHECK_EQ(pv_set_ldt(&p->v, 0xffff830000000008UL, 0), 0);  /* base ignored */
    calls = pvh_ldt_changed;
    CHECK_EQ(pv_set_ldt(&p->v, VA, 16), 0);
    CHECK(pvh_ldt_changed > calls);
    CHECK_EQ(pvh_tcount(t.data), 0);                /* lazily: nothing yet */
    CHECK_EQ(pv_ldt_get_page(&p->v, 8), 0);
    CHECK_EQ(pvh_type(t.data), PGT_seg_desc_page);
    CHECK_EQ(pvh_tcount(t.data), 1);
    CHECK_EQ(desc[1], D_DATA0 | (3ULL << 45));      /* fixed up in place */
    CHECK_EQ(pv_ldt_get_page(&p->v, 16), 0);        /* same page: no new ref */
    CHECK_EQ(pvh_tcount(t.data), 1);
    CHECK_EQ(pv_ldt_get_page(&p->v, 16 * 8), -EINVAL); /* beyond the limit */
    CHECK(do_update_va_mapping(VA, ent(t.data, P | RW), 0) < 0);
    CHECK_EQ(pv_pin_table(&p->d, t.data, 1), -EINVAL);
    CHECK_EQ(pv_set_ldt(&p->v, VA, 16), 0);          /* unchanged: kept */
    CHECK_EQ(pvh_tcount(t.data), 1);
    CHECK_EQ(pv_set_ldt(&p->v, 0, 0), 0);            /* released */
    CHECK_EQ(pvh_tcount(t.data), 0);

    /* A bad descriptor, a writable mapping, nothing mapped: not used. */
    desc[7] = D_TSS;
    CHECK_EQ(pv_set_ldt(&p->v, VA, 16), 0);
    CHECK_EQ(pv_ldt_get_page(&p->v, 8), -EFAULT);
    CHECK_EQ(pvh_tcount(t.data), 0);
    desc[7] = 0;
    CHECK_EQ(do_update_va_mapping(VA, ent(t.data, P | RW), 0), 0);
    CHECK_EQ(pv_ldt_get_page(&p->v, 8), -EFAULT);
    CHECK_EQ(pvh_type(t.data), PGT_writable_page);
    CHECK_EQ(do_update_va_mapping(VA, ent(t.data, P), 0), 0);
    CHECK_EQ(pv_set_ldt(&p->v, VA + PAGE_SIZE, 16), 0);
    CHECK_EQ(pv_ldt_get_page(&p->v, 8), -EFAULT);
    CHECK_EQ(pv_set_ldt(&p->v, VA, 16), 0);
    CHECK_EQ(pv_ldt_get_page(&p->v, 8), 0);

    /* Teardown drops the LDT page with the tables. */
    pv_drop_guest_tables(&p->v);
    CHECK_EQ(pvh_tcount(t.data), 0);
    CHECK_EQ(pv_unpin_table(&p->d, t.l4), 0);
    CHECK(all_released(t));
    pvh_fini();
}

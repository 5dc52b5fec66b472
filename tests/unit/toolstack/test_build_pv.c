/*
 * test_build_pv.c - the PV builder's initial layout and page tables
 * (tools/libxl/build_pv.c: libxl__pv_plan), checked by walking the tables
 * it writes, with a made-up p2m (MFN = PFN + 0x40000).
 *
 * What a Linux PV domU relies on (public/xen.h start-of-day layout,
 * libxenguest's xg_dom_x86.c): the initial region maps PFN n at
 * VIRT_BASE + n*4096 up to a 4 MiB boundary with the boot stack and
 * 512 KiB of slack inside; page-table pages are mapped read-only; the
 * p2m at INIT_P2M maps the p2m list pages; an unmapped ramdisk and the
 * p2m segment come after the region.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "libxl_internal.h"

#define MFN_OFF 0x40000ull
#define PG 4096ull

static struct xen_elf_info linux_like(void)
{
    struct xen_elf_info e;

    memset(&e, 0, sizeof(e));
    e.elf_class = 64;
    e.virt_base = 0xffffffff80000000ull;
    e.paddr_offset = 0;
    e.virt_kstart = 0xffffffff81000000ull;
    e.virt_kend = 0xffffffff81000000ull + (37ull << 20) + 1234;
    e.virt_entry = 0xffffffff81000000ull + 0x1000;
    e.init_p2m = 0x8000000000ull;
    e.mod_start_pfn = 1;
    e.hypercall_page = XEN_ELF_UNSET;
    return e;
}

/* Leaf PTE for VA, or 0 when unmapped. */
static uint64_t walk(const uint8_t *img, uint64_t total, uint64_t l4pfn,
                     uint64_t va)
{
    uint64_t pfn = l4pfn, e = 0;

    for (int l = 3; l >= 0; l--) {
        const uint64_t *t;
        unsigned idx = (unsigned)(va >> (12 + 9 * l)) & 511;

        if (pfn >= total)
            return 0;
        t = (const uint64_t *)(img + pfn * PG);
        e = t[idx];
        if (!(e & 1))
            return 0;
        pfn = ((e & 0x000ffffffffff000ull) >> 12) - MFN_OFF;
    }
    return e;
}

static void check_layout(uint64_t nr_pages, size_t ramdisk_len, int init_p2m)
{
    struct xen_elf_info e = linux_like();
    struct libxl__pv_build b;
    struct libxl__pv_layout L;
    xen_pfn_t *p2m;
    uint8_t *img;
    char err[256];

    if (!init_p2m) {
        e.init_p2m = XEN_ELF_UNSET;
        e.mod_start_pfn = 0;
    }
    memset(&b, 0, sizeof(b));
    b.elf = &e;
    b.nr_pages = nr_pages;
    b.ramdisk = (const uint8_t *)"x";
    b.ramdisk_len = ramdisk_len;
    p2m = malloc(nr_pages * sizeof(*p2m));
    for (uint64_t i = 0; i < nr_pages; i++)
        p2m[i] = i + MFN_OFF;
    CHECK_EQ(libxl__pv_plan(&b, p2m, NULL, &L, err, sizeof(err)), 0);
    img = calloc(L.total_pfns, PG);
    CHECK(img != NULL);
    CHECK_EQ(libxl__pv_plan(&b, p2m, img, &L, err, sizeof(err)), 0);

    /* Order inside the region. */
    CHECK_EQ(L.kernel_pfn, 0x1000);
    CHECK(L.start_info_pfn >= L.kernel_pfn + L.kernel_pages);
    CHECK_EQ(L.xenstore_pfn, L.start_info_pfn + 1);
    CHECK_EQ(L.console_pfn, L.start_info_pfn + 2);
    CHECK(L.pt_pfn > L.console_pfn);
    CHECK_EQ(L.bootstack_pfn, L.pt_pfn + L.nr_pt);
    CHECK_EQ(L.region_end & ((4u << 20) - 1), 0);
    CHECK(L.virt_base + (L.bootstack_pfn + 1) * PG + 512 * 1024 <=
          L.region_end);
    /* Not more than needed: without the slack it would fit 4 MiB lower. */
    CHECK(L.virt_base + (L.bootstack_pfn + 1) * PG + 512 * 1024 >
          L.region_end - (4u << 20));
    if (init_p2m) {
        CHECK(!L.ramdisk_mapped);
        CHECK(!L.p2m_mapped);
        CHECK_EQ(L.ramdisk_pfn, (L.region_end - L.virt_base) / PG);
        CHECK_EQ(L.p2m_seg_pfn, L.ramdisk_pfn + L.ramdisk_pages);
        CHECK_EQ(L.p2m_pfn, L.p2m_seg_pfn);
        CHECK_EQ(L.p2m_va, 0x8000000000ull);
        CHECK_EQ(L.p2m_pages, (nr_pages * 8 + PG - 1) / PG);
        CHECK(L.p2m_seg_pages >= L.p2m_pages + 3);   /* L3, L2, L1s */
        CHECK_EQ(L.total_pfns, L.p2m_seg_pfn + L.p2m_seg_pages);
    } else {
        CHECK(L.ramdisk_mapped);
        CHECK(L.p2m_mapped);
        CHECK_EQ(L.ramdisk_pfn, L.kernel_pfn + L.kernel_pages);
        CHECK_EQ(L.p2m_pfn, L.ramdisk_pfn + L.ramdisk_pages);
        CHECK_EQ(L.start_info_pfn, L.p2m_pfn + L.p2m_pages);
    }

    /* Every page of the region maps its PFN; tables read-only. */
    {
        uint64_t bad = 0, ro_bad = 0, n = (L.region_end - L.virt_base) / PG;

        for (uint64_t pfn = 0; pfn < n; pfn++) {
            uint64_t pte = walk(img, L.total_pfns, L.pt_pfn,
                                L.virt_base + pfn * PG);
            int is_pt = pfn >= L.pt_pfn && pfn < L.pt_pfn + L.nr_pt;

            if (((pte >> 12) & 0xffffffffffull) != pfn + MFN_OFF)
                bad++;
            if (((pte & 2) != 0) == is_pt)
                ro_bad++;
        }
        CHECK_EQ(bad, 0);
        CHECK_EQ(ro_bad, 0);
        /* Beyond the region: unmapped. */
        CHECK_EQ(walk(img, L.total_pfns, L.pt_pfn, L.region_end), 0);
    }
    /* The p2m mapping. */
    if (init_p2m) {
        uint64_t bad = 0;

        for (uint64_t i = 0; i < L.p2m_pages; i++) {
            uint64_t pte = walk(img, L.total_pfns, L.pt_pfn,
                                L.p2m_va + i * PG);
            if (((pte >> 12) & 0xffffffffffull) != L.p2m_pfn + i + MFN_OFF ||
                !(pte & 2))
                bad++;
        }
        CHECK_EQ(bad, 0);
        CHECK_EQ(walk(img, L.total_pfns, L.pt_pfn, L.p2m_va + L.p2m_pages * PG),
                 0);
    }
    /* The L4 holds the two slots and nothing else (Xen's stay zero). */
    {
        const uint64_t *l4 = (const uint64_t *)(img + L.pt_pfn * PG);
        int used = 0;

        for (int i = 0; i < 512; i++)
            used += (l4[i] & 1) != 0;
        CHECK_EQ(used, init_p2m ? 2 : 1);
        CHECK(l4[511] & 1);
        CHECK_EQ(l4[511] & 0xfff, 0x067);
        if (init_p2m)
            CHECK(l4[1] & 1);
    }
    free(img);
    free(p2m);
}

TEST(pv_layout_linux_256m)
{
    check_layout(65536, 1 << 20, 1);
}

TEST(pv_layout_linux_1g_big_ramdisk)
{
    check_layout(262144, 30 << 20, 1);
}

TEST(pv_layout_no_init_p2m)
{
    check_layout(32768, 3 << 20, 0);
}

TEST(pv_layout_too_small)
{
    struct xen_elf_info e = linux_like();
    struct libxl__pv_build b;
    struct libxl__pv_layout L;
    char err[256];

    memset(&b, 0, sizeof(b));
    b.elf = &e;
    b.nr_pages = 4096;          /* 16 MiB: the kernel alone needs more */
    CHECK_EQ(libxl__pv_plan(&b, NULL, NULL, &L, err, sizeof(err)), -1);
    CHECK(strstr(err, "needs") != NULL);
}

TEST(pv_layout_kernel_below_base)
{
    struct xen_elf_info e = linux_like();
    struct libxl__pv_build b;
    struct libxl__pv_layout L;
    char err[256];

    e.virt_kstart = e.virt_base - PG;
    memset(&b, 0, sizeof(b));
    b.elf = &e;
    b.nr_pages = 65536;
    CHECK_EQ(libxl__pv_plan(&b, NULL, NULL, &L, err, sizeof(err)), -1);
}

/* SPDX-License-Identifier: MIT */
/*
 * build_pv.c - the 64-bit PV domain builder (see libxl_internal.h).
 *
 * The initial image follows what Xen 4.17's libxenguest builds for a PV
 * domU (xg_dom_core.c: xc_dom_build_image; xg_dom_x86.c), because guests
 * depend on it:
 *
 *   virtual region from VIRT_BASE, PFN = (va - VIRT_BASE) / 4096:
 *     [padding up to the kernel] kernel
 *     ramdisk            (only when the kernel lacks MOD_START_PFN)
 *     p2m list           (only when the kernel lacks INIT_P2M)
 *     start_info, xenstore ring, console ring
 *     page tables        (L4, L3s, L2s, L1s of this region and, with
 *                         INIT_P2M, the L4 shared with the p2m mapping)
 *     boot stack, padding up to the 4 MiB-aligned end of the region
 *   then, unmapped:
 *     ramdisk            (MOD_START_PFN: start_info.mod_start is its PFN)
 *     p2m list + the tables mapping it at INIT_P2M (first_p2m_pfn,
 *                         nr_p2m_frames)
 *
 * The region's mapping reserves one boot-stack page plus 512 KiB of
 * slack beyond what was allocated, rounded up to 4 MiB (public/xen.h
 * "Start-of-day memory layout").  Table entries hold MFNs; upper-level
 * entries are P|RW|A|D|U, leaf entries P|RW|A, read-only where they map
 * a page-table page.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "libxl_internal.h"
#include "public/event_channel.h"
#include "public/grant_table.h"
#include "public/memory.h"

#define PAGE        4096ull
#define PAGE_SHIFT  12
#define VA_MASK     ((1ull << 48) - 1)

#define PTE_P  0x001ull
#define PTE_RW 0x002ull
#define PTE_U  0x004ull
#define PTE_A  0x020ull
#define PTE_D  0x040ull
#define PROT_UPPER (PTE_P | PTE_RW | PTE_A | PTE_D | PTE_U)
#define PROT_LEAF  (PTE_P | PTE_RW | PTE_A)

#define GNTTAB_RESERVED_CONSOLE  0
#define GNTTAB_RESERVED_XENSTORE 1

/* One range of virtual addresses and the tables mapping it. */
struct lvl {
    uint64_t from, to;          /* inclusive, 48-bit */
    uint64_t pfn;               /* first table (or, for area, data) PFN */
    unsigned n;                 /* tables at this level */
};

struct mapping {
    struct lvl area;            /* the mapped range; .pfn = first data PFN */
    struct lvl lvl[4];          /* L1..L4 */
    unsigned nr_tables;
    uint64_t first_table_pfn;
};

struct layout {
    uint64_t virt_base;
    uint64_t kernel_pfn, kernel_pages;
    uint64_t ramdisk_pfn, ramdisk_pages;
    bool ramdisk_mapped;
    uint64_t p2m_pfn, p2m_pages;        /* list pages */
    uint64_t p2m_va;
    bool p2m_mapped;                    /* inside the initial region */
    uint64_t start_info_pfn, xenstore_pfn, console_pfn;
    uint64_t pt_pfn;
    uint64_t bootstack_pfn;
    uint64_t region_end;                /* VA, exclusive */
    uint64_t p2m_seg_pfn, p2m_seg_pages;   /* list + its tables (INIT_P2M) */
    uint64_t total_pfns;                /* PFNs used */
    struct mapping map[2];
    unsigned nmaps;
};

static uint64_t mask_bits(unsigned bits)
{
    return (1ull << bits) - 1;
}

static uint64_t pages_for(uint64_t bytes)
{
    return (bytes + PAGE - 1) / PAGE;
}

/*
 * Counts the tables needed to map [FROM, TO] (as libxenguest's
 * count_pgtables, for mappings that share no table below L4) and places
 * them from PFN on.  The L4 belongs to the first mapping.
 */
static void count_tables(struct layout *L, uint64_t from, uint64_t to,
                         uint64_t pfn)
{
    struct mapping *m = &L->map[L->nmaps];

    memset(m, 0, sizeof(*m));
    m->area.from = from & VA_MASK;
    m->area.to = to & VA_MASK;
    m->first_table_pfn = pfn;
    for (int l = 3; l >= 0; l--) {
        m->lvl[l].pfn = pfn + m->nr_tables;
        if (l == 3) {
            if (L->nmaps == 0) {
                m->lvl[l].from = 0;
                m->lvl[l].to = VA_MASK;
                m->lvl[l].n = 1;
                m->nr_tables++;
            }
            continue;
        }
        unsigned bits = PAGE_SHIFT + (unsigned)(l + 1) * 9;
        m->lvl[l].from = m->area.from & ~mask_bits(bits);
        m->lvl[l].to = m->area.to | mask_bits(bits);
        m->lvl[l].n = (unsigned)((m->lvl[l].to - m->lvl[l].from) >> bits) + 1;
        m->nr_tables += m->lvl[l].n;
    }
}

static int plan(struct layout *L, const struct libxl__pv_build *b,
                char *err, size_t errlen)
{
    const struct xen_elf_info *e = b->elf;
    uint64_t vb = e->virt_base == XEN_ELF_UNSET ? 0 : e->virt_base;
    uint64_t alloc_end;         /* VA of the next free page of the region */
    bool init_p2m = e->init_p2m != XEN_ELF_UNSET && e->init_p2m < vb &&
                    !(e->init_p2m & (PAGE - 1));
    uint64_t p2m_bytes = b->nr_pages * 8;

    memset(L, 0, sizeof(*L));
    L->virt_base = vb;
    if (e->virt_kstart < vb || (e->virt_kstart & (PAGE - 1))) {
        snprintf(err, errlen, "kernel start %#llx is below VIRT_BASE or "
                 "not page aligned", (unsigned long long)e->virt_kstart);
        return -1;
    }
    L->kernel_pfn = (e->virt_kstart - vb) >> PAGE_SHIFT;
    L->kernel_pages = pages_for(e->virt_kend - e->virt_kstart);
    alloc_end = e->virt_kstart + L->kernel_pages * PAGE;

    L->ramdisk_mapped = b->ramdisk && !e->mod_start_pfn;
    if (b->ramdisk) {
        L->ramdisk_pages = pages_for(b->ramdisk_len);
        if (L->ramdisk_mapped) {
            L->ramdisk_pfn = (alloc_end - vb) >> PAGE_SHIFT;
            alloc_end += L->ramdisk_pages * PAGE;
        }
    }
    L->p2m_pages = pages_for(p2m_bytes);
    L->p2m_mapped = !init_p2m;
    if (L->p2m_mapped) {
        L->p2m_pfn = (alloc_end - vb) >> PAGE_SHIFT;
        L->p2m_va = alloc_end;
        alloc_end += L->p2m_pages * PAGE;
    }
    L->start_info_pfn = (alloc_end - vb) >> PAGE_SHIFT;
    L->xenstore_pfn = L->start_info_pfn + 1;
    L->console_pfn = L->start_info_pfn + 2;
    alloc_end += 3 * PAGE;

    /* Tables for the region: it must also cover the tables themselves,
     * the boot stack and 512 KiB, rounded up to 4 MiB. */
    {
        uint64_t extra = 1 + (512 * 1024) / PAGE, pages = extra, try_end;

        for (int round = 0;; round++) {
            try_end = (alloc_end + pages * PAGE) | mask_bits(22);
            L->nmaps = 0;
            count_tables(L, vb, try_end, (alloc_end - vb) >> PAGE_SHIFT);
            pages = L->map[0].nr_tables + extra;
            if (alloc_end + pages * PAGE <= try_end + 1)
                break;
            if (round > 64) {
                snprintf(err, errlen, "cannot size the initial page tables");
                return -1;
            }
        }
        L->map[0].area.pfn = 0;
        L->nmaps = 1;
        L->pt_pfn = (alloc_end - vb) >> PAGE_SHIFT;
        alloc_end += (uint64_t)L->map[0].nr_tables * PAGE;
        L->bootstack_pfn = (alloc_end - vb) >> PAGE_SHIFT;
        L->region_end = try_end + 1;
    }
    alloc_end = L->region_end;

    if (b->ramdisk && !L->ramdisk_mapped) {
        L->ramdisk_pfn = (alloc_end - vb) >> PAGE_SHIFT;
        alloc_end += L->ramdisk_pages * PAGE;
    }
    if (!L->p2m_mapped) {
        uint64_t pfn = (alloc_end - vb) >> PAGE_SHIFT;

        if ((e->init_p2m >> 39) == (vb >> 39)) {
            snprintf(err, errlen, "INIT_P2M %#llx shares a top-level slot "
                     "with the kernel", (unsigned long long)e->init_p2m);
            return -1;
        }
        L->p2m_pfn = pfn;
        L->p2m_va = e->init_p2m;
        count_tables(L, e->init_p2m, e->init_p2m + L->p2m_pages * PAGE - 1,
                     pfn + L->p2m_pages);
        L->map[1].area.pfn = pfn;
        L->nmaps = 2;
        L->p2m_seg_pfn = pfn;
        L->p2m_seg_pages = L->p2m_pages + L->map[1].nr_tables;
        alloc_end += L->p2m_seg_pages * PAGE;
    }
    L->total_pfns = (alloc_end - vb) >> PAGE_SHIFT;
    if (L->total_pfns > b->nr_pages) {
        snprintf(err, errlen, "the kernel's initial image needs %llu MiB, "
                 "more than the domain's %llu MiB",
                 (unsigned long long)(L->total_pfns >> 8),
                 (unsigned long long)(b->nr_pages >> 8));
        return -1;
    }
    return 0;
}

/* Leaf protection: read-only for pages that are page tables. */
static uint64_t leaf_prot(const struct layout *L, uint64_t pfn)
{
    for (unsigned m = 0; m < L->nmaps; m++) {
        uint64_t s = L->map[m].first_table_pfn;

        if (pfn >= s && pfn < s + L->map[m].nr_tables)
            return PROT_LEAF & ~PTE_RW;
    }
    return PROT_LEAF;
}

/* Writes every table (as libxenguest's setup_pgtables_pv). */
static void fill_tables(const struct layout *L, const xen_pfn_t *p2m,
                        uint8_t *img)
{
    for (int l = 3; l >= 0; l--) {
        for (unsigned m1 = 0; m1 < L->nmaps; m1++) {
            const struct lvl *t = &L->map[m1].lvl[l];
            uint64_t *pg;
            unsigned shift = PAGE_SHIFT + (unsigned)l * 9;

            if (t->n == 0)
                continue;
            pg = (uint64_t *)(img + t->pfn * PAGE);
            for (unsigned m2 = 0; m2 < L->nmaps; m2++) {
                const struct lvl *c = l > 0 ? &L->map[m2].lvl[l - 1]
                                            : &L->map[m2].area;
                uint64_t lo, hi, p, pe, pfn;

                if (l > 0 && c->n == 0)
                    continue;
                if (c->from >= t->to || c->to <= t->from)
                    continue;
                lo = c->from > t->from ? c->from : t->from;
                hi = c->to < t->to ? c->to : t->to;
                p = (lo - t->from) >> shift;
                pe = (hi - t->from) >> shift;
                pfn = ((lo - c->from) >> shift) + c->pfn;
                for (; p <= pe; p++, pfn++)
                    pg[p] = ((uint64_t)p2m[pfn] << PAGE_SHIFT) |
                            (l > 0 ? PROT_UPPER : leaf_prot(L, pfn));
            }
        }
    }
}

static int gunzip_maybe(const uint8_t *in, size_t len, uint8_t **out,
                        size_t *out_len)
{
    char err[128];

    *out = NULL;
    if (len < 18 || in[0] != 0x1f || in[1] != 0x8b)
        return 0;
    if (kimg_decompress(KIMG_CODEC_GZIP, in, len, KIMG_MAX_UNPACKED, out,
                        out_len, err, sizeof(err)))
        *out = NULL;    /* hand it over as it is, like libxenguest */
    return 0;
}

/* Seeds grant refs 0 (console) and 1 (xenstore) in the guest's table. */
static int seed_grants(libxl_ctx *ctx, struct libxl__pv_build *b)
{
    grant_entry_v1_t *g;
    xen_pfn_t frame;
    int rc;

    g = hv_map_resource(ctx->hv, (domid_t)b->domid,
                        XENMEM_resource_grant_table,
                        XENMEM_resource_grant_table_id_shared, 0, 1,
                        PROT_READ | PROT_WRITE, &rc);
    if (!g) {
        /* Older kernels: size the table, then map its first frame. */
        struct gnttab_setup_table st = { .dom = (domid_t)b->domid,
                                         .nr_frames = 1 };
        xen_pfn_t *fl = hv_buf_alloc(ctx->hv, sizeof(*fl));
        void *arg = hv_buf_alloc(ctx->hv, sizeof(st));
        long r;

        if (!fl || !arg) {
            hv_buf_free(ctx->hv, fl, sizeof(*fl));
            hv_buf_free(ctx->hv, arg, sizeof(st));
            return libxl__fail(ctx, -ENOMEM, "grant table setup");
        }
        set_xen_guest_handle(st.frame_list, fl);
        memcpy(arg, &st, sizeof(st));
        r = hv_hypercall(ctx->hv, __HYPERVISOR_grant_table_op,
                         GNTTABOP_setup_table, (uintptr_t)arg, 1, 0, 0);
        memcpy(&st, arg, sizeof(st));
        frame = *fl;
        hv_buf_free(ctx->hv, fl, sizeof(*fl));
        hv_buf_free(ctx->hv, arg, sizeof(st));
        if (r < 0 || st.status != 0)
            return libxl__fail(ctx, r < 0 ? (int)r : -EIO,
                               "mapping the guest's grant table (resource "
                               "map: %s; setup_table status %d)",
                               hv_strerror(rc), st.status);
        g = hv_map_foreign(ctx->hv, (domid_t)b->domid,
                           PROT_READ | PROT_WRITE, &frame, NULL, 1, &rc);
        if (!g)
            return libxl__fail(ctx, rc, "mapping grant frame %#llx",
                               (unsigned long long)frame);
    }
    if (b->console_domid != b->domid) {
        g[GNTTAB_RESERVED_CONSOLE].domid = (domid_t)b->console_domid;
        g[GNTTAB_RESERVED_CONSOLE].frame = (uint32_t)b->console_mfn;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        g[GNTTAB_RESERVED_CONSOLE].flags = GTF_permit_access;
    }
    if (b->store_domid != b->domid) {
        g[GNTTAB_RESERVED_XENSTORE].domid = (domid_t)b->store_domid;
        g[GNTTAB_RESERVED_XENSTORE].frame = (uint32_t)b->store_mfn;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        g[GNTTAB_RESERVED_XENSTORE].flags = GTF_permit_access;
    }
    hv_unmap(g, 1);
    return 0;
}

static int set_memmap(libxl_ctx *ctx, uint32_t domid, uint64_t limit_kb)
{
    struct { uint64_t addr, size; uint32_t type; } __attribute__((packed))
        *e820 = hv_buf_alloc(ctx->hv, PAGE);
    struct xen_foreign_memory_map fm = { .domid = (domid_t)domid };
    int rc;

    if (!e820)
        return -ENOMEM;
    e820->addr = 0;
    e820->size = limit_kb << 10;
    e820->type = 1;                 /* E820_RAM */
    fm.map.nr_entries = 1;
    set_xen_guest_handle(fm.map.buffer, e820);
    rc = hv_memory_op(ctx->hv, XENMEM_set_memory_map, &fm, sizeof(fm));
    hv_buf_free(ctx->hv, e820, PAGE);
    return rc < 0 ? rc : 0;
}

int libxl__pv_plan(const struct libxl__pv_build *b, const xen_pfn_t *p2m,
                   uint8_t *img, struct libxl__pv_layout *o,
                   char *err, size_t errlen)
{
    struct layout L;

    if (plan(&L, b, err, errlen))
        return -1;
    if (img)
        fill_tables(&L, p2m, img);
    o->virt_base = L.virt_base;
    o->kernel_pfn = L.kernel_pfn;
    o->kernel_pages = L.kernel_pages;
    o->ramdisk_pfn = L.ramdisk_pfn;
    o->ramdisk_pages = L.ramdisk_pages;
    o->ramdisk_mapped = L.ramdisk_mapped;
    o->p2m_mapped = L.p2m_mapped;
    o->p2m_pfn = L.p2m_pfn;
    o->p2m_pages = L.p2m_pages;
    o->p2m_va = L.p2m_va;
    o->start_info_pfn = L.start_info_pfn;
    o->xenstore_pfn = L.xenstore_pfn;
    o->console_pfn = L.console_pfn;
    o->bootstack_pfn = L.bootstack_pfn;
    o->pt_pfn = L.pt_pfn;
    o->nr_pt = L.map[0].nr_tables;
    o->region_end = L.region_end;
    o->p2m_seg_pfn = L.p2m_seg_pfn;
    o->p2m_seg_pages = L.p2m_seg_pages;
    o->total_pfns = L.total_pfns;
    return 0;
}

int libxl__build_pv(libxl_ctx *ctx, struct libxl__pv_build *b)
{
    const struct xen_elf_info *e = b->elf;
    struct xen_domctl_getdomaininfo di;
    struct layout L;
    xen_pfn_t *p2m = NULL;
    uint8_t *img = NULL, *rd = NULL;
    size_t rd_len = 0;
    uint64_t nmap = 0;
    char err[256];
    int rc;

    rc = hv_domain_set_address_size(ctx->hv, (domid_t)b->domid, 64);
    if (rc)
        return libxl__fail(ctx, rc, "XEN_DOMCTL_set_address_size(64)");
    /* One RAM entry: the guest's memory plus 8 MiB it may balloon into. */
    rc = set_memmap(ctx, b->domid, (b->nr_pages << 2) + 8192);
    if (rc)
        return libxl__fail(ctx, rc, "XENMEM_set_memory_map");

    /* A gzip'ed ramdisk goes in unpacked, as libxenguest does. */
    if (b->ramdisk) {
        gunzip_maybe(b->ramdisk, b->ramdisk_len, &rd, &rd_len);
        if (rd) {
            b->ramdisk = rd;
            b->ramdisk_len = rd_len;
        }
    }
    if (plan(&L, b, err, sizeof(err))) {
        rc = libxl__fail_plain(ctx, -EINVAL, "%s", err);
        goto out;
    }

    /* Memory: PFNs in, MFNs out. */
    p2m = malloc(b->nr_pages * sizeof(*p2m));
    if (!p2m) {
        rc = libxl__fail(ctx, -ENOMEM, "p2m array");
        goto out;
    }
    for (uint64_t i = 0; i < b->nr_pages; i++)
        p2m[i] = i;
    rc = hv_populate_physmap(ctx->hv, (domid_t)b->domid, p2m, b->nr_pages);
    if (rc) {
        rc = libxl__fail(ctx, rc, "XENMEM_populate_physmap of %llu pages",
                         (unsigned long long)b->nr_pages);
        goto out;
    }

    /* Everything the builder writes, in one foreign mapping. */
    nmap = L.total_pfns;
    img = hv_map_foreign(ctx->hv, (domid_t)b->domid, PROT_READ | PROT_WRITE,
                         p2m, NULL, (uint32_t)nmap, &rc);
    if (!img) {
        rc = libxl__fail(ctx, rc, "mapping %llu guest pages",
                         (unsigned long long)nmap);
        goto out;
    }
    memset(img + L.kernel_pfn * PAGE, 0, L.kernel_pages * PAGE);
    if (xen_elf_load(e, b->elf_bytes, b->elf_size, img + L.kernel_pfn * PAGE,
                     L.kernel_pages * PAGE, err, sizeof(err))) {
        rc = libxl__fail_plain(ctx, -EINVAL, "loading the kernel: %s", err);
        goto out;
    }
    if (b->ramdisk) {
        memcpy(img + L.ramdisk_pfn * PAGE, b->ramdisk, b->ramdisk_len);
        memset(img + L.ramdisk_pfn * PAGE + b->ramdisk_len, 0,
               L.ramdisk_pages * PAGE - b->ramdisk_len);
    }
    /* start_info, the two rings, tables and boot stack: zeroed. */
    memset(img + L.start_info_pfn * PAGE, 0,
           (L.bootstack_pfn + 1 - L.start_info_pfn) * PAGE);
    if (L.nmaps > 1)
        memset(img + L.p2m_seg_pfn * PAGE, 0, L.p2m_seg_pages * PAGE);
    {
        uint64_t *list = (uint64_t *)(img + L.p2m_pfn * PAGE);

        for (uint64_t i = 0; i < b->nr_pages; i++)
            list[i] = p2m[i];
        for (uint64_t i = b->nr_pages; i < L.p2m_pages * (PAGE / 8); i++)
            list[i] = ~0ull;
    }
    fill_tables(&L, p2m, img);

    if ((rc = hv_domain_getinfo(ctx->hv, (domid_t)b->domid, &di))) {
        rc = libxl__fail(ctx, rc, "XEN_DOMCTL_getdomaininfo");
        goto out;
    }
    b->store_mfn = p2m[L.xenstore_pfn];
    b->console_mfn = p2m[L.console_pfn];
    b->start_info_va = L.virt_base + L.start_info_pfn * PAGE;
    b->pt_base_va = L.virt_base + L.pt_pfn * PAGE;
    b->nr_pt_frames = L.map[0].nr_tables;
    {
        start_info_t *si = (start_info_t *)(img + L.start_info_pfn * PAGE);

        snprintf(si->magic, sizeof(si->magic), "%s", xen_elf_guest_type(e));
        si->nr_pages = b->nr_pages;
        si->shared_info = di.shared_info_frame << PAGE_SHIFT;
        si->pt_base = b->pt_base_va;
        si->nr_pt_frames = b->nr_pt_frames;
        si->mfn_list = L.p2m_va;
        if (L.nmaps > 1) {
            si->first_p2m_pfn = L.p2m_seg_pfn;
            si->nr_p2m_frames = L.p2m_seg_pages;
        }
        si->flags = 0;
        si->store_mfn = b->store_mfn;
        si->store_evtchn = b->store_port;
        si->console.domU.mfn = b->console_mfn;
        si->console.domU.evtchn = b->console_port;
        if (b->ramdisk) {
            if (L.ramdisk_mapped) {
                si->mod_start = L.virt_base + L.ramdisk_pfn * PAGE;
                si->mod_len = L.ramdisk_pages * PAGE;
            } else {
                si->flags |= SIF_MOD_START_PFN;
                si->mod_start = L.ramdisk_pfn;
                si->mod_len = L.ramdisk_pages * PAGE;
            }
        }
        if (b->cmdline)
            snprintf((char *)si->cmd_line, sizeof(si->cmd_line), "%s",
                     b->cmdline);
    }
    /* Our writable view of the tables must go before Xen types them. */
    hv_unmap(img, (uint32_t)nmap);
    img = NULL;

    rc = hv_mmuext_pin_l4(ctx->hv, (domid_t)b->domid, p2m[L.pt_pfn]);
    if (rc) {
        rc = libxl__fail(ctx, rc, "MMUEXT_PIN_L4_TABLE of mfn %#llx",
                         (unsigned long long)p2m[L.pt_pfn]);
        goto out;
    }

    {
        xen_pfn_t f = di.shared_info_frame;
        shared_info_t *sh = hv_map_foreign(ctx->hv, (domid_t)b->domid,
                                           PROT_READ | PROT_WRITE, &f, NULL,
                                           1, &rc);
        if (!sh) {
            rc = libxl__fail(ctx, rc, "mapping shared_info");
            goto out;
        }
        memset(sh, 0, sizeof(*sh));
        for (int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
            sh->vcpu_info[i].evtchn_upcall_mask = 1;
        hv_unmap(sh, 1);
    }

    {
        vcpu_guest_context_t *c = calloc(1, sizeof(*c));
        uint64_t sp = L.virt_base + (L.bootstack_pfn + 1) * PAGE;

        if (!c) {
            rc = libxl__fail(ctx, -ENOMEM, "vcpu context");
            goto out;
        }
        c->user_regs.rip = e->virt_entry;
        c->user_regs.rsp = sp;
        c->user_regs.rsi = b->start_info_va;
        c->user_regs.rflags = 1 << 9;
        c->debugreg[6] = 0xffff0ff0;
        c->debugreg[7] = 0x00000400;
        c->flags = VGCF_in_kernel | VGCF_online;
        c->ctrlreg[3] = (uint64_t)p2m[L.pt_pfn] << PAGE_SHIFT;
        c->user_regs.ds = c->user_regs.es = FLAT_KERNEL_DS;
        c->user_regs.fs = c->user_regs.gs = FLAT_KERNEL_DS;
        c->user_regs.ss = FLAT_KERNEL_SS;
        c->user_regs.cs = FLAT_KERNEL_CS;
        c->kernel_ss = c->user_regs.ss;
        c->kernel_sp = sp;
        rc = hv_vcpu_setcontext(ctx->hv, (domid_t)b->domid, 0, c);
        free(c);
        if (rc) {
            rc = libxl__fail(ctx, rc, "XEN_DOMCTL_setvcpucontext");
            goto out;
        }
    }
    rc = seed_grants(ctx, b);
out:
    if (img)
        hv_unmap(img, (uint32_t)nmap);
    free(p2m);
    free(rd);
    return rc;
}

/* For restore (libxl_restore.c): the same grant seeding and memory map
 * a freshly built domain gets. */
int libxl__pv_seed_grants(libxl_ctx *ctx, struct libxl__pv_build *b)
{
    return seed_grants(ctx, b);
}

int libxl__pv_set_memmap(libxl_ctx *ctx, uint32_t domid, uint64_t limit_kb)
{
    return set_memmap(ctx, domid, limit_kb);
}

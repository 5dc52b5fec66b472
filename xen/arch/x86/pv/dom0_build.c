/*
 * dom0_build.c - builds the PV control domain from the first multiboot
 * module (the kernel: ELF, or a bzImage whose payload decompress.h knows)
 * and the second (the initrd), as Xen's dom0 builder does, so that an
 * unmodified Linux finds what it expects.
 *
 * Virtual layout, from VIRT_BASE, page aligned, mapped onto PFNs 0, 1, ...
 * in order (all read-write and user, except the page tables: read-only):
 *
 *   [kernel image (from VIRT_BASE, so Linux's empty first 16 MiB too)]
 *   [initrd, unless the kernel takes it by PFN (MOD_START_PFN)]
 *   [p2m list, unless the kernel names its own place (INIT_P2M)]
 *   [start_info page]
 *   [bootstrap page tables: 1 L4 + the L3/L2/L1 the region needs]
 *   [one boot stack page]
 *   [padding to a 4 MiB boundary, +4 MiB if less than 512 KiB is left]
 *
 * PFNs after the region: the initrd (MOD_START_PFN), then the p2m frames
 * and the page tables that map them at INIT_P2M, then the rest of dom0's
 * memory.  The p2m (pfn -> mfn) and the M2P agree from the first
 * instruction.  The bootstrap L4 is pinned and is vCPU 0's kernel table.
 *
 * Ownership: every frame is allocated to dom0 (alloc_domheap_pages) before
 * anything is written; the builder writes through the direct map while no
 * frame has a type yet, then pins.
 */
#include <xen/decompress.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <public/features.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include "dom0_elf.h"
#include "pv.h"

static char opt_dom0_mem[64];
static unsigned int opt_dom0_max_vcpus;
string_param("dom0_mem", opt_dom0_mem);
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);

void pv_write_hypercall_page(uint8_t *p);

#define MB(x)  ((unsigned long)(x) << 20)
#define PTE_RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
                _PAGE_DIRTY)
#define PTE_RO (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)

struct dom0_layout {
    unsigned long v_start, v_end;
    unsigned long vkern_start, vkern_end;
    unsigned long vinitrd_start, vinitrd_end;     /* 0: by PFN */
    unsigned long vphysmap_start, vphysmap_end;
    unsigned long vstartinfo, vpt_start, vpt_end, vstack_end;
    unsigned long nr_pt_frames;
    unsigned long nr_pages;
    unsigned long initrd_pfn, initrd_pages;       /* MOD_START_PFN */
    unsigned long p2m_pfn, p2m_pages, p2m_pt_pages;
};

struct dom0 {
    struct domain *d;
    struct pv_elf elf;
    void *unpacked;                 /* the decompressed kernel, if any */
    unsigned int unpacked_order;
    struct dom0_layout l;
    mfn_t *p2m;                     /* pfn -> mfn, hypervisor copy */
    const struct boot_module *initrd;
};

/* ---- options ---- */

/* dom0_mem=N or dom0_mem=...,max:N: the first plain size wins. */
static unsigned long dom0_pages(unsigned long avail)
{
    const char *s = opt_dom0_mem;
    unsigned long want = 0;

    while (*s) {
        if (*s >= '0' && *s <= '9') {
            want = parse_size(s, NULL);
            break;
        }
        if (!strncmp(s, "max:", 4)) {
            want = parse_size(s + 4, NULL);
            break;
        }
        s++;
    }
    if (!want) {
        /* All but a reserve for the hypervisor: 1/16, at least 64 MiB. */
        unsigned long reserve = MAX(avail / 16, MB(64) >> PAGE_SHIFT);

        return avail > reserve ? avail - reserve : avail / 2;
    }
    return MIN(want >> PAGE_SHIFT, avail);
}

/* ---- kernel image ---- */

static void *unpack_bzimage(const struct boot_module *m, size_t *out_len,
                            unsigned int *out_order)
{
    const void *img = maddr_to_virt(m->start);
    struct bzimage_info bz;
    enum decompress_format fmt;
    unsigned int order = 0;
    void *out, *work;
    long n;

    if (bzimage_parse(img, m->size, &bz))
        return NULL;
    fmt = decompress_detect(bz.payload, bz.payload_len);
    if (fmt == DECOMP_UNKNOWN || fmt == DECOMP_BZIP2 || fmt == DECOMP_LZMA ||
        fmt == DECOMP_LZO)
        panic("dom0 kernel: %s-compressed bzImage payload not supported",
              decompress_format_name(fmt));
    if (!bz.payload_isize || bz.payload_isize > (uint32_t)MB(512))
        panic("dom0 kernel: implausible payload size %u", bz.payload_isize);
    while ((1UL << (PAGE_SHIFT + order)) < bz.payload_isize)
        order++;
    out = alloc_xenheap_pages(order);
    work = alloc_xenheap_pages(6);
    if (!out || !work)
        panic("dom0 kernel: no memory to unpack %u bytes", bz.payload_isize);
    n = decompress(bz.payload, bz.payload_len, out, (1UL << (PAGE_SHIFT + order)),
                   work, (1UL << (PAGE_SHIFT + 6)), NULL);
    free_xenheap_pages(work, 6);
    if (n < 0)
        panic("dom0 kernel: %s payload: error %ld",
              decompress_format_name(fmt), n);
    printk("dom0 kernel: bzImage protocol %x, %s payload, %ld bytes\n",
           bz.version, decompress_format_name(fmt), n);
    *out_len = n;
    *out_order = order;
    return out;
}

static void load_kernel_image(struct dom0 *b, const struct boot_module *m)
{
    const void *img = maddr_to_virt(m->start);
    size_t len = m->size;
    void *unpacked;
    int rc;

    if (len >= 0x210 && !memcmp((const char *)img + 0x202, "HdrS", 4)) {
        unpacked = unpack_bzimage(m, &len, &b->unpacked_order);
        if (!unpacked)
            panic("dom0 kernel: bad bzImage header");
        img = unpacked;
        b->unpacked = unpacked;
    } else if (decompress_detect(img, len) != DECOMP_UNKNOWN) {
        panic("dom0 kernel: a bare %s image; give a vmlinux or bzImage",
              decompress_name(img, len));
    }
    rc = pv_elf_parse(&b->elf, img, len);
    if (rc)
        panic("dom0 kernel: not a usable x86-64 ELF image (%d)", rc);
}

static void check_notes(struct dom0 *b)
{
    struct pv_elf *e = &b->elf;

    if (!e->has_supported_features ||
        !(e->supported_features & (1U << XENFEAT_dom0)))
        panic("dom0 kernel: does not support running as dom0 "
              "(SUPPORTED_FEATURES lacks XENFEAT_dom0)");
    if (e->xen_version[0] && strncmp(e->xen_version, "xen-3.0", 7))
        panic("dom0 kernel: XEN_VERSION '%s' unsupported", e->xen_version);
    if (e->loader[0] && strcmp(e->loader, "generic"))
        panic("dom0 kernel: LOADER '%s' unsupported", e->loader);
    if (e->virt_base == PV_NO_ADDR)
        e->virt_base = 0;
    if (e->paddr_offset == PV_NO_ADDR)
        e->paddr_offset = e->virt_base;
    printk("dom0 kernel: %s, VIRT_BASE %#lx, ENTRY %#lx%s%s\n",
           e->guest_os[0] ? e->guest_os : "?", (unsigned long)e->virt_base,
           (unsigned long)e->entry,
           e->init_p2m != PV_NO_ADDR ? ", INIT_P2M" : "",
           e->mod_start_pfn ? ", MOD_START_PFN" : "");
}

/* ---- layout ---- */

static unsigned long tables_for(unsigned long s, unsigned long e,
                                unsigned int shift)
{
    return ((e - 1) >> shift) - (s >> shift) + 1;
}

/* L4 + L3s + L2s + L1s mapping [s, e). */
static unsigned long pt_frames(unsigned long s, unsigned long e)
{
    return 1 + tables_for(s, e, 39) + tables_for(s, e, 30) +
           tables_for(s, e, 21);
}

static void compute_layout(struct dom0 *b, unsigned long nr_pages)
{
    struct dom0_layout *l = &b->l;
    struct pv_elf *e = &b->elf;
    unsigned long off = e->virt_base - e->paddr_offset;
    unsigned long v, initrd_len = b->initrd ? b->initrd->size : 0;

    memset(l, 0, sizeof(*l));
    l->nr_pages = nr_pages;
    l->v_start = e->virt_base;
    l->vkern_start = e->pstart + off;
    l->vkern_end = ROUNDUP(e->pend + off, PAGE_SIZE);
    if (l->vkern_start < l->v_start || l->vkern_end < l->vkern_start)
        panic("dom0 kernel: segments below VIRT_BASE");
    v = l->vkern_end;
    if (b->initrd && !e->mod_start_pfn) {
        l->vinitrd_start = v;
        v = l->vinitrd_end = v + ROUNDUP(initrd_len, PAGE_SIZE);
    }
    if (e->init_p2m == PV_NO_ADDR) {
        l->vphysmap_start = v;
        v = l->vphysmap_end = v + ROUNDUP(nr_pages * 8, PAGE_SIZE);
    } else {
        l->vphysmap_start = e->init_p2m;
        l->vphysmap_end = e->init_p2m + ROUNDUP(nr_pages * 8, PAGE_SIZE);
    }
    l->vstartinfo = v;
    l->vpt_start = v + PAGE_SIZE;
    for (l->nr_pt_frames = 1; ; ) {
        unsigned long need;

        l->vpt_end = l->vpt_start + l->nr_pt_frames * PAGE_SIZE;
        l->vstack_end = l->vpt_end + PAGE_SIZE;
        l->v_end = ROUNDUP(l->vstack_end, MB(4));
        if (l->v_end - l->vstack_end < 512 * 1024)
            l->v_end += MB(4);
        need = pt_frames(l->v_start, l->v_end);
        if (need <= l->nr_pt_frames)
            break;
        l->nr_pt_frames = need;
    }
    v = (l->v_end - l->v_start) >> PAGE_SHIFT;       /* next free PFN */
    if (b->initrd && e->mod_start_pfn) {
        l->initrd_pfn = v;
        l->initrd_pages = ROUNDUP(initrd_len, PAGE_SIZE) >> PAGE_SHIFT;
        v += l->initrd_pages;
    }
    if (e->init_p2m != PV_NO_ADDR) {
        l->p2m_pfn = v;
        l->p2m_pages = (l->vphysmap_end - l->vphysmap_start) >> PAGE_SHIFT;
        l->p2m_pt_pages = pt_frames(l->vphysmap_start, l->vphysmap_end) - 1;
        v += l->p2m_pages + l->p2m_pt_pages;
    }
    if (v > nr_pages)
        panic("dom0: %lu MiB is too little for the initial mapping "
              "(%lu MiB needed)", nr_pages >> 8, v >> 8);
}

/* ---- memory ---- */

static void allocate_memory(struct dom0 *b)
{
    struct domain *d = b->d;
    unsigned long pfn = 0, n = b->l.nr_pages;

    b->p2m = xzalloc_array(mfn_t, n);
    if (!b->p2m)
        panic("dom0: no memory for the p2m copy");
    domain_set_max_pages(d, n);
    while (pfn < n) {
        unsigned int order = 9;
        struct page_info *pg;

        while (order && (1UL << order) > n - pfn)
            order--;
        while (!(pg = alloc_domheap_pages(d, order)) && order)
            order--;
        if (!pg)
            panic("dom0: out of memory after %lu of %lu pages", pfn, n);
        for (unsigned long i = 0; i < (1UL << order); i++, pfn++) {
            b->p2m[pfn] = page_to_mfn(pg) + i;
            arch_m2p_set(b->p2m[pfn], pfn);
        }
    }
}

static void *pfn_va(struct dom0 *b, unsigned long pfn)
{
    return mfn_to_virt(b->p2m[pfn]);
}

/* Copies into dom0's initial region at va (through the p2m). */
static void copy_to_region(struct dom0 *b, unsigned long va, const void *src,
                           unsigned long len, bool zero)
{
    while (len) {
        unsigned long pfn = (va - b->l.v_start) >> PAGE_SHIFT;
        unsigned long off = va & (PAGE_SIZE - 1);
        unsigned long n = MIN(len, PAGE_SIZE - off);

        if (zero)
            memset((char *)pfn_va(b, pfn) + off, 0, n);
        else
            memcpy((char *)pfn_va(b, pfn) + off, src, n);
        src = (const char *)src + n;
        va += n;
        len -= n;
    }
}

static void load_segments(struct dom0 *b)
{
    struct pv_elf *e = &b->elf;
    unsigned long off = e->virt_base - e->paddr_offset;

    for (unsigned int i = 0; i < e->nr_segs; i++) {
        const struct pv_elf_seg *s = &e->segs[i];
        unsigned long va = s->paddr + off;

        copy_to_region(b, va, e->image + s->offset, s->filesz, false);
        copy_to_region(b, va + s->filesz, NULL, s->memsz - s->filesz, true);
    }
}

static void load_initrd(struct dom0 *b)
{
    const struct boot_module *m = b->initrd;
    const uint8_t *src;

    if (!m)
        return;
    src = maddr_to_virt(m->start);
    if (!b->l.vinitrd_start) {
        for (unsigned long i = 0; i < b->l.initrd_pages; i++) {
            unsigned long n = MIN(m->size - i * PAGE_SIZE, PAGE_SIZE);

            memcpy(pfn_va(b, b->l.initrd_pfn + i), src + i * PAGE_SIZE, n);
        }
    } else {
        copy_to_region(b, b->l.vinitrd_start, src, m->size, false);
    }
}

/* ---- page tables ---- */

struct pt_alloc {
    struct dom0 *b;
    unsigned long next_pfn, end_pfn;
};

static pv_pte_t *pt_table(struct dom0 *b, pv_pte_t e)
{
    return mfn_to_virt(pte_mfn(e));
}

/* The entry for va at `level` under table t, creating lower tables. */
static pv_pte_t *pt_walk(struct pt_alloc *a, pv_pte_t *l4, unsigned long va)
{
    pv_pte_t *t = l4;

    for (int shift = 39; shift > 12; shift -= 9) {
        pv_pte_t *e = &t[(va >> shift) & 511];

        if (!pte_present(*e)) {
            if (a->next_pfn >= a->end_pfn)
                panic("dom0: bootstrap page tables overflow");
            *e = ((paddr_t)a->b->p2m[a->next_pfn++] << PAGE_SHIFT) | PTE_RW;
        }
        t = pt_table(a->b, *e);
    }
    return &t[(va >> 12) & 511];
}

static mfn_t build_page_tables(struct dom0 *b)
{
    struct dom0_layout *l = &b->l;
    unsigned long pt_pfn = (l->vpt_start - l->v_start) >> PAGE_SHIFT;
    struct pt_alloc a = { b, pt_pfn + 1, pt_pfn + l->nr_pt_frames };
    pv_pte_t *l4 = pfn_va(b, pt_pfn);

    for (unsigned long va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
        unsigned long pfn = (va - l->v_start) >> PAGE_SHIFT;
        bool ro = va >= l->vpt_start && va < l->vpt_end;

        *pt_walk(&a, l4, va) = ((paddr_t)b->p2m[pfn] << PAGE_SHIFT) |
                               (ro ? PTE_RO : PTE_RW);
    }
    if (l->p2m_pages) {
        struct pt_alloc p = { b, l->p2m_pfn + l->p2m_pages,
                              l->p2m_pfn + l->p2m_pages + l->p2m_pt_pages };

        for (unsigned long i = 0; i < l->p2m_pages; i++)
            *pt_walk(&p, l4, l->vphysmap_start + i * PAGE_SIZE) =
                ((paddr_t)b->p2m[l->p2m_pfn + i] << PAGE_SHIFT) | PTE_RW;
    }
    return b->p2m[pt_pfn];
}

/* The guest's p2m list: in its own frames (INIT_P2M) or in the region. */
static void write_p2m(struct dom0 *b)
{
    struct dom0_layout *l = &b->l;
    unsigned long per = PAGE_SIZE / sizeof(unsigned long);

    for (unsigned long i = 0; i * per < l->nr_pages; i++) {
        unsigned long *dst = l->p2m_pages
            ? pfn_va(b, l->p2m_pfn + i)
            : pfn_va(b, ((l->vphysmap_start - l->v_start) >> PAGE_SHIFT) + i);

        for (unsigned long j = 0; j < per; j++) {
            unsigned long pfn = i * per + j;

            dst[j] = pfn < l->nr_pages ? b->p2m[pfn] : ~0UL;
        }
    }
}

/* ---- start_info, vCPU 0 ---- */

static void strip_first_word(char *dst, size_t n, const char *s)
{
    while (*s && *s != ' ')
        s++;
    while (*s == ' ')
        s++;
    strlcpy(dst, s, n);
}

static void write_start_info(struct dom0 *b, const struct boot_module *k)
{
    struct dom0_layout *l = &b->l;
    start_info_t *si = pfn_va(b, (l->vstartinfo - l->v_start) >> PAGE_SHIFT);

    memset(si, 0, PAGE_SIZE);
    strlcpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
    si->nr_pages = l->nr_pages;
    si->shared_info = virt_to_maddr(b->d->shared_info);
    si->flags = SIF_PRIVILEGED | SIF_INITDOMAIN;
    si->pt_base = l->vpt_start;
    si->nr_pt_frames = l->nr_pt_frames;
    si->mfn_list = l->vphysmap_start;
    if (b->initrd) {
        if (b->elf.mod_start_pfn) {
            si->flags |= SIF_MOD_START_PFN;
            si->mod_start = l->initrd_pfn;
        } else {
            si->mod_start = l->vinitrd_start;
        }
        si->mod_len = b->initrd->size;
    }
    if (l->p2m_pages) {
        si->first_p2m_pfn = l->p2m_pfn;
        si->nr_p2m_frames = l->p2m_pages + l->p2m_pt_pages;
    }
    strip_first_word((char *)si->cmd_line, sizeof(si->cmd_line), k->cmdline);
}

static void setup_vcpu0(struct dom0 *b, mfn_t l4)
{
    struct vcpu *v = b->d->vcpu[0];
    struct pv_vcpu *pv = pv_vcpu(v);
    int rc;

    if ((rc = pv_pin_table(b->d, l4, 4)))
        panic("dom0: bootstrap page tables refused (%d)", rc);
    if ((rc = pv_set_guest_table(v, l4, false)))
        panic("dom0: cannot install the bootstrap L4 (%d)", rc);
    pv->in_kernel = true;
    pv->initialised = true;
    memset(&pv->regs, 0, sizeof(pv->regs));
    pv->regs.rip = b->elf.entry;
    pv->regs.rsp = b->l.vstack_end;
    pv->regs.rsi = b->l.vstartinfo;
    pv->regs.cs = FLAT_RING3_CS64;
    pv->regs.ss = FLAT_RING3_DS;
    pv->regs.rflags = X86_EFLAGS_IF | 2;
}

static void setup_shared_info(struct dom0 *b)
{
    shared_info_t *s = b->d->shared_info;

    for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        s->vcpu_info[i].evtchn_upcall_mask = 1;
    s->arch.max_pfn = b->l.nr_pages;
    pv_update_vcpu_time(b->d->vcpu[0]);
}

/*
 * dom0 has its own copies of everything now: the decompressed kernel and
 * the boot modules (kernel image, initrd) go back to the heap.  Only whole
 * pages inside a module are given back; the modules were placed by the
 * boot code in memory nothing else uses.
 */
static void release_boot_memory(struct dom0 *b)
{
    unsigned long freed = 0;

    if (b->unpacked) {
        free_xenheap_pages(b->unpacked, b->unpacked_order);
        freed += 1UL << b->unpacked_order;
        b->unpacked = NULL;
    }
    for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
        const struct boot_module *m = &boot_info.mods[i];
        mfn_t first = (m->start + PAGE_SIZE - 1) >> PAGE_SHIFT;
        mfn_t end = (m->start + m->size) >> PAGE_SHIFT;

        if (end > first) {
            heap_add_ram(first, end - first);
            freed += end - first;
        }
    }
    printk("dom0: %lu KiB of boot memory returned to the heap\n", freed * 4);
}

int dom0_construct(void)
{
    static struct dom0 b;
    const struct boot_module *k;
    unsigned int nr_vcpus = opt_dom0_max_vcpus ? opt_dom0_max_vcpus : 1;
    int err;

    if (!boot_info.nr_modules)
        panic("no dom0 kernel: give it as the first multiboot module");
    k = &boot_info.mods[0];
    b.initrd = boot_info.nr_modules > 1 ? &boot_info.mods[1] : NULL;
    load_kernel_image(&b, k);
    check_notes(&b);

    nr_vcpus = MIN(nr_vcpus, (unsigned int)XEN_LEGACY_MAX_VCPUS);
    b.d = domain_create(0, nr_vcpus, DOMCREATE_privileged, &err);
    if (!b.d)
        panic("dom0: domain_create failed (%d)", err);
    for (unsigned int i = 1; i < nr_vcpus; i++)
        if (!vcpu_create(b.d, i))
            panic("dom0: cannot create vCPU %u", i);

    compute_layout(&b, dom0_pages(heap_free_pages()));
    allocate_memory(&b);
    load_segments(&b);
    load_initrd(&b);
    write_p2m(&b);
    if (b.elf.hypercall_page != PV_NO_ADDR) {
        unsigned long va = b.elf.hypercall_page;

        if (va < b.l.vkern_start || va + PAGE_SIZE > b.l.vkern_end ||
            (va & (PAGE_SIZE - 1)))
            panic("dom0 kernel: HYPERCALL_PAGE %#lx outside the image", va);
        pv_write_hypercall_page(pfn_va(&b, (va - b.l.v_start) >> PAGE_SHIFT));
    }
    write_start_info(&b, k);
    setup_shared_info(&b);
    setup_vcpu0(&b, build_page_tables(&b));

    printk("dom0: %lu MiB, %u vCPU(s); region %#lx-%#lx, start_info %#lx, "
           "page tables %#lx (%lu), p2m %#lx, entry %#lx\n",
           b.l.nr_pages >> 8, nr_vcpus, b.l.v_start, b.l.v_end,
           b.l.vstartinfo, b.l.vpt_start, b.l.nr_pt_frames,
           b.l.vphysmap_start, (unsigned long)b.elf.entry);
    if (b.initrd)
        printk("dom0: initrd %lu bytes at %s %#lx\n",
               (unsigned long)b.initrd->size,
               b.elf.mod_start_pfn ? "PFN" : "VA",
               b.elf.mod_start_pfn ? b.l.initrd_pfn : b.l.vinitrd_start);
    xfree(b.p2m);
    release_boot_memory(&b);
    vcpu_up(b.d->vcpu[0]);
    pv_timers_start(b.d->vcpu[0]);
    printk("Xenolith: starting dom0\n");
    domain_unpause(b.d);
    return 0;
}

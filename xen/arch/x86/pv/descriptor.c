/*
 * descriptor.c - the guest's GDT and segment registers: set_gdt (2),
 * update_descriptor (10), set_segment_base (25).
 *
 * A guest GDT frame holds a PGT_seg_desc_page type reference for as long
 * as a vCPU uses it (pv_vcpu.gdt_frames), so the guest has no writable
 * mapping of it; entries change only through update_descriptor.  LDT
 * pages are the same type (pv/ldt.c).  Every descriptor a guest can make
 * the CPU load is checked by pv_check_descriptor (pv/mm.c), when a frame
 * takes the type and for each update_descriptor: code and data segments
 * get DPL 3 (the guest kernel runs in ring 3), call gates to guest
 * selectors are kept with DPL 0, other system descriptors (TSS, LDT,
 * interrupt and trap gates) are refused.  The hypervisor's window onto
 * the frames is writable, so the CPU can set accessed bits.  The
 * hypervisor's own descriptors (0xe000 up) live in its GDT page, which no
 * guest frame can reach.
 */
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/page.h>
#include <asm/processor.h>
#include "pv.h"

#define ENTRIES_PER_FRAME 512

void pv_drop_gdt(struct vcpu *v)
{
    struct pv_vcpu *pv = pv_vcpu(v);

    for (unsigned int i = 0; i < PV_MAX_GDT_FRAMES; i++) {
        if (pv->gdt_frames[i])
            put_page_and_type(mfn_to_page(pv->gdt_frames[i]));
        pv->gdt_frames[i] = 0;
    }
    pv->gdt_ents = 0;
}

/* Takes the frames (references and types), then drops the old ones. */
int pv_set_gdt(struct vcpu *v, const mfn_t *frames, unsigned int ents)
{
    struct domain *d = v->domain;
    struct pv_vcpu *pv = pv_vcpu(v);
    unsigned int nr = (ents + ENTRIES_PER_FRAME - 1) / ENTRIES_PER_FRAME;
    unsigned int i;

    if (ents > PV_MAX_GDT_FRAMES * ENTRIES_PER_FRAME)
        return -EINVAL;
    for (i = 0; i < nr; i++) {
        struct page_info *pg;

        if (!mfn_valid(frames[i]))
            goto fail;
        pg = mfn_to_page(frames[i]);
        /* Taking the type checks every descriptor (pv/mm.c). */
        if (get_page_and_type(pg, d, PGT_seg_desc_page))
            goto fail;
    }
    pv_drop_gdt(v);
    for (i = 0; i < nr; i++)
        pv->gdt_frames[i] = frames[i];
    pv->gdt_ents = ents;
    if (v == current)
        pv_load_gdt(v);
    return 0;

 fail:
    while (i--)
        put_page_and_type(mfn_to_page(frames[i]));
    return -EINVAL;
}

long do_set_gdt(unsigned long frame_list, unsigned long ents)
{
    mfn_t frames[PV_MAX_GDT_FRAMES];
    unsigned int nr;

    if (ents > PV_MAX_GDT_FRAMES * ENTRIES_PER_FRAME)
        return -EINVAL;
    nr = (ents + ENTRIES_PER_FRAME - 1) / ENTRIES_PER_FRAME;
    if (copy_from_guest(frames, frame_list, nr * sizeof(frames[0])))
        return -EFAULT;
    return pv_set_gdt(current, frames, ents);
}

long do_update_descriptor(unsigned long maddr, unsigned long desc)
{
    struct domain *d = current->domain;
    mfn_t mfn = maddr >> PAGE_SHIFT;
    struct page_info *pg;
    uint64_t val = desc;
    uint64_t type;
    int rc = 0;

    if ((maddr & 7) || !mfn_valid(mfn) || !pv_check_descriptor(&val))
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if (!get_page(pg, d))
        return -EINVAL;
    /* A descriptor page keeps its type; anything else must be writable. */
    type = pg->type_info & PGT_type_mask;
    if (type == PGT_seg_desc_page && (pg->type_info & PGT_count_mask))
        rc = get_page_type(pg, PGT_seg_desc_page);
    else
        rc = get_page_type(pg, PGT_writable_page);
    if (!rc) {
        __atomic_store_n((uint64_t *)((char *)mfn_to_virt(mfn) +
                                      (maddr & (PAGE_SIZE - 1))),
                         val, __ATOMIC_RELAXED);
        put_page_type(pg);
    }
    put_page(pg);
    return rc ? -EINVAL : 0;
}

static bool canonical(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

long do_set_segment_base(unsigned long which, unsigned long base)
{
    struct pv_vcpu *pv = pv_vcpu(current);

    switch (which) {
    case SEGBASE_FS:
        if (!canonical(base))
            return -EINVAL;
        wrmsr(MSR_FS_BASE, base);
        return 0;
    case SEGBASE_GS_USER:
        if (!canonical(base))
            return -EINVAL;
        pv->gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        if (!canonical(base))
            return -EINVAL;
        wrmsr(MSR_GS_BASE, base);
        return 0;
    case SEGBASE_GS_USER_SEL: {
        uint64_t kernel = rdmsr(MSR_GS_BASE);
        bool ok = pv_load_segment(3, base & 0xffff);

        pv->gs_base_user = rdmsr(MSR_GS_BASE);
        wrmsr(MSR_GS_BASE, kernel);
        return ok ? 0 : -EINVAL;
    }
    }
    return -EINVAL;
}

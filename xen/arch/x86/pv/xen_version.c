/*
 * xen_version.c - hypercall 17: what we say we are.  We speak Xen 4.17's
 * ABI, so we answer as 4.17 does for everything a guest asks.
 */
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <public/features.h>
#include <public/version.h>
#include "pv.h"

#define XEN_MAJOR 4
#define XEN_MINOR 17

static uint32_t feature_submap0(const struct domain *d)
{
    uint32_t f = (1U << XENFEAT_pae_pgdir_above_4gb) |
                 (1U << XENFEAT_mmu_pt_update_preserve_ad) |
                 (1U << XENFEAT_highmem_assist) |
                 (1U << XENFEAT_gnttab_map_avail_bits);

    /* PV dom0 gets 4, 5, 6, 7, 11, 13, 17, as from Xen 4.17. */
    if (d->is_privileged)
        f |= (1U << XENFEAT_dom0) | (1U << XENFEAT_memory_op_vnode_supported) |
             (1U << XENFEAT_direct_mapped);
    return f;
}

static long copy_string(unsigned long arg, const char *s, size_t size)
{
    char buf[1024];

    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

long do_xen_version(unsigned long cmd, unsigned long arg)
{
    struct domain *d = current->domain;

    switch (cmd) {
    case XENVER_version:
        return (XEN_MAJOR << 16) | XEN_MINOR;
    case XENVER_extraversion:
        return copy_string(arg, ".0-xenolith", sizeof(xen_extraversion_t));
    case XENVER_compile_info: {
        struct xen_compile_info ci;

        memset(&ci, 0, sizeof(ci));
        strlcpy(ci.compiler, "gcc", sizeof(ci.compiler));
        strlcpy(ci.compile_by, "xenolith", sizeof(ci.compile_by));
        strlcpy(ci.compile_domain, "xenolith", sizeof(ci.compile_domain));
        strlcpy(ci.compile_date, "today", sizeof(ci.compile_date));
        return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
    }
    case XENVER_capabilities:
        return copy_string(arg, "xen-3.0-x86_64 ",
                           sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return copy_string(arg, "xenolith", sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters: {
        struct xen_platform_parameters p = {
            .virt_start = HYPERVISOR_VIRT_START,
        };

        return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
    }
    case XENVER_get_features: {
        struct xen_feature_info fi;

        if (copy_from_guest(&fi, arg, sizeof(fi)))
            return -EFAULT;
        if (fi.submap_idx != 0)
            return -EINVAL;
        fi.submap = feature_submap0(d);
        return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
    }
    case XENVER_pagesize:
        return PAGE_SIZE;
    case XENVER_guest_handle: {
        uint8_t h[16];

        memset(h, 0, sizeof(h));
        return copy_to_guest(arg, h, sizeof(h)) ? -EFAULT : 0;
    }
    case XENVER_commandline:
        if (!d->is_privileged)
            return -EPERM;
        return copy_string(arg, saved_cmdline, 1024);
    }
    return -ENOSYS;
}

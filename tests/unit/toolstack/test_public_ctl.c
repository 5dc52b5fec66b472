/*
 * test_public_ctl.c - sanity of xen/include/public/{domctl,sysctl}.h as
 * the toolstack sees them.  The field-by-field comparison with Xen's own
 * headers lives in tests/abi; these checks pin the sizes the hypercall
 * wrappers rely on and catch an accidental edit early.
 */
#include <stddef.h>
#include <stdint.h>

#include "unit.h"

#include "public/sysctl.h"

TEST(ctl_versions_are_4_17)
{
    CHECK_EQ(XEN_DOMCTL_INTERFACE_VERSION, 0x15);
    CHECK_EQ(XEN_SYSCTL_INTERFACE_VERSION, 0x15);
}

TEST(domctl_layout)
{
    CHECK_EQ(sizeof(struct xen_domctl), 144);
    CHECK_EQ(offsetof(struct xen_domctl, u), 16);
    CHECK_EQ(offsetof(struct xen_domctl, domain), 8);
    CHECK_EQ(sizeof(struct xen_domctl_createdomain), 64);
    CHECK_EQ(offsetof(struct xen_domctl_createdomain, handle), 4);
    CHECK_EQ(offsetof(struct xen_domctl_createdomain, max_vcpus), 28);
    CHECK_EQ(offsetof(struct xen_domctl_createdomain, grant_opts), 44);
    CHECK_EQ(offsetof(struct xen_domctl_createdomain, arch), 56);
    CHECK_EQ(sizeof(struct xen_domctl_getdomaininfo), 112);
    CHECK_EQ(offsetof(struct xen_domctl_getdomaininfo, tot_pages), 8);
    CHECK_EQ(offsetof(struct xen_domctl_getdomaininfo, shared_info_frame), 48);
    CHECK_EQ(offsetof(struct xen_domctl_getdomaininfo, handle), 76);
    CHECK_EQ(offsetof(struct xen_domctl_getdomaininfo, gpaddr_bits), 96);
    CHECK_EQ(offsetof(struct xen_domctl_getvcpuinfo, cpu_time), 8);
    CHECK_EQ(offsetof(struct xen_domctl_vcpuaffinity, cpumap_soft), 24);
    CHECK_EQ(sizeof(struct xen_domctl_scheduler_op), 24);
}

TEST(sysctl_layout)
{
    CHECK_EQ(sizeof(struct xen_sysctl), 136);
    CHECK_EQ(offsetof(struct xen_sysctl, u), 8);
    CHECK_EQ(sizeof(struct xen_sysctl_physinfo), 112);
    CHECK_EQ(offsetof(struct xen_sysctl_physinfo, total_pages), 40);
    CHECK_EQ(offsetof(struct xen_sysctl_readconsole, buffer), 8);
    CHECK_EQ(offsetof(struct xen_sysctl_readconsole, count), 16);
    CHECK_EQ(offsetof(struct xen_sysctl_getdomaininfolist, buffer), 8);
    CHECK_EQ(offsetof(struct xen_sysctl_getdomaininfolist, num_domains), 16);
}

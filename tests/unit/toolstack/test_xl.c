/*
 * test_xl.c - libxl's domain-info conversion and xl's list output (plain
 * and JSON), without a hypervisor.
 */
#include <string.h>

#include <yajl/yajl_tree.h>

#include "unit.h"
#include "xl.h"
#include "public/domctl.h"
#include "public/sched.h"

static struct xen_domctl_getdomaininfo sample(void)
{
    struct xen_domctl_getdomaininfo d = { 0 };

    d.domain = 7;
    d.flags = XEN_DOMINF_blocked;
    d.tot_pages = 65536;            /* 256 MiB */
    d.max_pages = 65792;
    d.cpu_time = 12345000000ull;    /* 12.3 s */
    d.nr_online_vcpus = 2;
    d.max_vcpu_id = 1;
    for (int i = 0; i < 16; i++)
        d.handle[i] = (uint8_t)(0x10 + i);
    return d;
}

TEST(dominfo_conversion)
{
    struct xen_domctl_getdomaininfo d = sample();
    libxl_dominfo i;
    char st[7];

    libxl__dominfo_from_xen(&i, &d);
    CHECK_EQ(i.domid, 7);
    CHECK_EQ(i.current_memkb, 262144);
    CHECK_EQ(i.max_memkb, 263168);
    CHECK_EQ(i.vcpu_online, 2);
    CHECK(i.blocked && !i.running && !i.paused && !i.shutdown);
    libxl_dominfo_state(&i, st);
    CHECK_STR(st, "-b----");

    d.flags = XEN_DOMINF_shutdown | XEN_DOMINF_paused |
              (SHUTDOWN_crash << XEN_DOMINF_shutdownshift);
    libxl__dominfo_from_xen(&i, &d);
    CHECK_EQ(i.shutdown_reason, SHUTDOWN_crash);
    libxl_dominfo_state(&i, st);
    CHECK_STR(st, "--p-c-");
    d.flags = XEN_DOMINF_shutdown | XEN_DOMINF_dying | XEN_DOMINF_running |
              (SHUTDOWN_poweroff << XEN_DOMINF_shutdownshift);
    libxl__dominfo_from_xen(&i, &d);
    libxl_dominfo_state(&i, st);
    CHECK_STR(st, "r--s-d");
}

TEST(xl_list_plain_line)
{
    struct xen_domctl_getdomaininfo d = sample();
    struct xl_dom x = { .name = "guest1" };
    char line[256];

    libxl__dominfo_from_xen(&x.info, &d);
    xl_list_line(&x, 0, line, sizeof(line));
    CHECK_STR(line, "guest1                                       7   256     2"
                    "     -b----     12.3");
    xl_list_line(&x, 1, line, sizeof(line));
    CHECK(strstr(line, " 10111213-1415-1617-1819-1a1b1c1d1e1f"));
    CHECK_EQ(strncmp(XL_LIST_HEADER, "Name", 4), 0);
}

TEST(xl_list_json_parses_back)
{
    struct xen_domctl_getdomaininfo d = sample();
    struct xl_dom x[2] = { { .name = "Domain-0" }, { .name = "g\"q" } };
    char errbuf[128];
    char *json;
    yajl_val root, v;

    libxl__dominfo_from_xen(&x[0].info, &d);
    x[0].info.domid = 0;
    libxl__dominfo_from_xen(&x[1].info, &d);
    json = xl_list_json(x, 2);
    CHECK(json != NULL);
    if (!json)
        return;
    root = yajl_tree_parse(json, errbuf, sizeof(errbuf));
    CHECK(root && YAJL_IS_ARRAY(root));
    if (root && YAJL_IS_ARRAY(root)) {
        CHECK_EQ(YAJL_GET_ARRAY(root)->len, 2);
        const char *p_domid[] = { "domid", NULL };
        const char *p_name[] = { "config", "c_info", "name", NULL };
        const char *p_mem[] = { "config", "b_info", "target_memkb", NULL };
        const char *p_vcpus[] = { "config", "b_info", "max_vcpus", NULL };
        yajl_val second = YAJL_GET_ARRAY(root)->values[1];
        v = yajl_tree_get(second, p_domid, yajl_t_number);
        CHECK(v && YAJL_GET_INTEGER(v) == 7);
        v = yajl_tree_get(second, p_name, yajl_t_string);
        CHECK(v && YAJL_IS_STRING(v));
        if (v && YAJL_IS_STRING(v))
            CHECK_STR(v->u.string, "g\"q");
        v = yajl_tree_get(second, p_mem, yajl_t_number);
        CHECK(v && YAJL_GET_INTEGER(v) == 262144);
        v = yajl_tree_get(second, p_vcpus, yajl_t_number);
        CHECK(v && YAJL_GET_INTEGER(v) == 2);
    }
    yajl_tree_free(root);
    free(json);
    json = xl_list_json(NULL, 0);
    CHECK(json && strstr(json, "[") && strstr(json, "]"));
    free(json);
}

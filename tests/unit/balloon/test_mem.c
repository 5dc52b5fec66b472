/*
 * test_mem.c - libxl_mem.c without a hypervisor: xl's memory size syntax
 * and the checks behind mem-set and mem-max.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "unit.h"
#include "libxl_internal.h"

static long long parse(const char *s)
{
    char err[160];
    uint64_t kb = 12345;
    int rc = libxl_parse_memkb(s, &kb, err, sizeof(err));

    if (rc) {
        CHECK(err[0] != '\0');
        CHECK(kb == 0);
        return rc;
    }
    return (long long)kb;
}

TEST(size_units)
{
    CHECK_EQ(parse("256"), 256 * 1024);          /* no unit: MiB */
    CHECK_EQ(parse("256m"), 256 * 1024);
    CHECK_EQ(parse("256M"), 256 * 1024);
    CHECK_EQ(parse("262144k"), 256 * 1024);
    CHECK_EQ(parse("262144K"), 256 * 1024);
    CHECK_EQ(parse("1g"), 1024 * 1024);
    CHECK_EQ(parse("2G"), 2 * 1024 * 1024);
    CHECK_EQ(parse("1t"), 1024LL * 1024 * 1024);
    CHECK_EQ(parse("1048576b"), 1024);
    CHECK_EQ(parse("0"), 0);                     /* the limits refuse it */
    CHECK_EQ(parse("0007"), 7 * 1024);
}

TEST(size_strict)
{
    static const char *const bad[] = {
        "", "m", "-1", "+5", " 5", "5 ", "5mb", "5MiB", "5x", "1.5g",
        "0x10", "5e3", "1000b", "5k5", "256\n", "--5",
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (parse(bad[i]) != -EINVAL)
            unit_fail(__FILE__, __LINE__, "'%s' was accepted", bad[i]);
    }
    CHECK_EQ(parse(NULL), -EINVAL);
}

TEST(size_overflow)
{
    CHECK_EQ(parse("18446744073709551615k"), -1LL);   /* UINT64_MAX fits */
    CHECK_EQ(parse("18446744073709551616k"), -ERANGE);
    CHECK_EQ(parse("99999999999999999999999"), -ERANGE);
    /* m shifts by 10 bits, t by 30: 2^54 MiB and 2^34 TiB are 2^64 KiB */
    CHECK_EQ(parse("18014398509481984m"), -ERANGE);
    CHECK_EQ(parse("18014398509481983m"),
             (long long)(18014398509481983ull << 10));
    CHECK_EQ(parse("17179869184t"), -ERANGE);
    CHECK_EQ(parse("17179869183t"), (long long)(17179869183ull << 30));
}

TEST(target_checks)
{
    char err[200];

    err[0] = '\0';
    CHECK_EQ(libxl__mem_check_target(1, 256 << 10, 512 << 10, 0, err,
                                     sizeof(err)), 0);
    CHECK_EQ(libxl__mem_check_target(1, 512 << 10, 512 << 10, 0, err,
                                     sizeof(err)), 0);
    CHECK_EQ(libxl__mem_check_target(1, 600 << 10, 512 << 10, 0, err,
                                     sizeof(err)), -EINVAL);
    CHECK(strstr(err, "600 MiB is above the domain's maximum of 512 MiB"));
    CHECK_EQ(libxl__mem_check_target(1, 16 << 10, 512 << 10, 0, err,
                                     sizeof(err)), -EINVAL);
    CHECK(strstr(err, "below the minimum of 32 MiB"));
    CHECK_EQ(libxl__mem_check_target(1, 32 << 10, 512 << 10, 0, err,
                                     sizeof(err)), 0);
    /* dom0: Xen's 128 MiB floor */
    CHECK_EQ(libxl__mem_check_target(0, 100 << 10, 512 << 10, 0, err,
                                     sizeof(err)), -EINVAL);
    CHECK(strstr(err, "128 MiB for Domain-0"));
    CHECK_EQ(libxl__mem_check_target(0, 448 << 10, 512 << 10, 0, err,
                                     sizeof(err)), 0);
    /* not whole pages */
    CHECK_EQ(libxl__mem_check_target(1, (256 << 10) + 1, 512 << 10, 0, err,
                                     sizeof(err)), -EINVAL);
    CHECK(strstr(err, "4 KiB pages"));
    /* beyond what the hypervisor's 32-bit page count holds */
    CHECK_EQ(libxl__mem_check_target(0, 1ull << 50, UINT64_MAX, 0, err,
                                     sizeof(err)), -ERANGE);
    CHECK(strstr(err, "more than the hypervisor can track"));
    /* videoram comes out of the target */
    CHECK_EQ(libxl__mem_check_target(1, 40 << 10, 512 << 10, 16 << 10, err,
                                     sizeof(err)), -EINVAL);
}

TEST(max_checks)
{
    char err[200];

    CHECK_EQ(libxl__mem_check_max(1, 384 << 10, 320 << 10, err, sizeof(err)),
             0);
    CHECK_EQ(libxl__mem_check_max(1, 320 << 10, 320 << 10, err, sizeof(err)),
             0);
    CHECK_EQ(libxl__mem_check_max(1, 256 << 10, 320 << 10, err, sizeof(err)),
             -EINVAL);
    CHECK(strstr(err, "256 MiB is below the domain's current target of "
                      "320 MiB"));
    CHECK_EQ(libxl__mem_check_max(1, 1ull << 50, 320 << 10, err,
                                  sizeof(err)), -ERANGE);
    CHECK_EQ(libxl__mem_check_max(1, (384 << 10) + 2, 320 << 10, err,
                                  sizeof(err)), -EINVAL);
}

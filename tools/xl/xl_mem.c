/* SPDX-License-Identifier: MIT */
/*
 * xl_mem.c - xl mem-set and xl mem-max: a running domain's balloon target
 * and the most memory it may have (libxl_mem.c does the work).
 *
 * Exit status: 0 done, 1 refused or failed (the reason on stderr, nothing
 * changed), 2 usage error (including a SIZE that is not a size).
 */
#include <stdio.h>
#include <string.h>

#include "xl.h"

/* DOMAIN SIZE, then OP on them. */
static int mem_cmd(int argc, char **argv,
                   int (*op)(libxl_ctx *, uint32_t, uint64_t))
{
    libxl_ctx *ctx;
    uint32_t domid;
    uint64_t kb;
    char err[160];

    if (want_help(argc, argv))
        return 0;
    if (argc != 3)
        return usage_error("expected a domain and a size");
    if (argv[1][0] == '-')
        return usage_error("unknown option");
    if (libxl_parse_memkb(argv[2], &kb, err, sizeof(err)))
        return usage_error(err);
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (find_domain(ctx, argv[1], &domid) || op(ctx, domid, kb))
        return report(ctx);
    libxl_ctx_free(ctx);
    return 0;
}

int cmd_mem_set(int argc, char **argv)
{
    return mem_cmd(argc, argv, libxl_set_memory_target);
}

int cmd_mem_max(int argc, char **argv)
{
    return mem_cmd(argc, argv, libxl_domain_setmaxmem);
}

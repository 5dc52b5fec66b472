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

/* DOMAIN SIZE: parsed and checked; 0 on success, else the exit status. */
static int mem_args(int argc, char **argv, libxl_ctx **ctx, uint32_t *domid,
                    uint64_t *kb)
{
    char err[160];

    *ctx = NULL;
    if (argc != 3)
        return usage_error("expected a domain and a size");
    if (argv[1][0] == '-')
        return usage_error("unknown option");
    if (libxl_parse_memkb(argv[2], kb, err, sizeof(err)))
        return usage_error(err);
    *ctx = open_ctx();
    if (!*ctx)
        return 1;
    if (find_domain(*ctx, argv[1], domid))
        return report(*ctx);
    return 0;
}

int cmd_mem_set(int argc, char **argv)
{
    libxl_ctx *ctx;
    uint32_t domid;
    uint64_t kb;
    int rc;

    if (want_help(argc, argv))
        return 0;
    if ((rc = mem_args(argc, argv, &ctx, &domid, &kb)))
        return rc;
    if (libxl_set_memory_target(ctx, domid, kb))
        return report(ctx);
    libxl_ctx_free(ctx);
    return 0;
}

int cmd_mem_max(int argc, char **argv)
{
    libxl_ctx *ctx;
    uint32_t domid;
    uint64_t kb;
    int rc;

    if (want_help(argc, argv))
        return 0;
    if ((rc = mem_args(argc, argv, &ctx, &domid, &kb)))
        return rc;
    if (libxl_domain_setmaxmem(ctx, domid, kb))
        return report(ctx);
    libxl_ctx_free(ctx);
    return 0;
}

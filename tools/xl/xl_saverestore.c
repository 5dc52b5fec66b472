/* SPDX-License-Identifier: MIT */
/*
 * xl_saverestore.c - xl save and xl restore (libxl_save.c,
 * libxl_restore.c; the image is docs/save-format.md).
 *
 * Progress goes to stderr: one updating line with percent and MB/s on a
 * terminal, a plain line every 10% otherwise (savefmt's
 * save_progress_default).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xl.h"
#include "savefmt.h"

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    long long n = -1;

    if (f && fseek(f, 0, SEEK_END) == 0)
        n = ftell(f);
    if (f)
        fclose(f);
    return n;
}

int cmd_save(int argc, char **argv)
{
    int checkpoint = 0, quiet = 0, opt;
    libxl_ctx *ctx;
    uint32_t domid;
    char *name;
    double t0;

    if (want_help(argc, argv))
        return 0;
    optind = 1;
    while ((opt = getopt(argc, argv, "cq")) != -1) {
        if (opt == 'c')
            checkpoint = 1;
        else if (opt == 'q')
            quiet = 1;
        else
            return usage_error("unknown option");
    }
    if (argc - optind != 2)
        return usage_error("expected a domain and a file");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (find_domain(ctx, argv[optind], &domid))
        return report(ctx);
    name = libxl_domid_to_name(ctx, domid);
    if (!quiet)
        fprintf(stderr, "Saving domain %u (%s) to %s%s\n", domid,
                name ? name : "?", argv[optind + 1],
                checkpoint ? " (checkpoint: it keeps running)" : "");
    t0 = now();
    if (libxl_domain_save(ctx, domid, argv[optind + 1],
                          checkpoint ? LIBXL_SAVE_CHECKPOINT : 0,
                          quiet ? NULL : save_progress_default,
                          (void *)"xl save")) {
        free(name);
        return report(ctx);
    }
    if (!quiet) {
        double dt = now() - t0;
        long long sz = file_size(argv[optind + 1]);

        fprintf(stderr, "Saved domain %s to %s: %.1f MB in %.2f s%s\n",
                name ? name : "?", argv[optind + 1], (double)sz / 1e6, dt,
                checkpoint ? "; the domain carries on" : "");
    }
    free(name);
    libxl_ctx_free(ctx);
    return 0;
}

int cmd_restore(int argc, char **argv)
{
    int console = 0, paused = 0, quiet = 0, opt;
    libxl_ctx *ctx;
    uint32_t domid;
    const char *file;
    char *name;

    if (want_help(argc, argv))
        return 0;
    optind = 1;
    while ((opt = getopt(argc, argv, "+cpeqd")) != -1) {
        switch (opt) {
        case 'c': console = 1; break;
        case 'p': paused = 1; break;
        case 'q': quiet = 1; break;
        case 'e': case 'd': break;      /* accepted as Xen's xl does */
        default: return usage_error("unknown option");
        }
    }
    if (optind >= argc)
        return usage_error("expected a save image");
    file = argv[optind];
    for (int i = optind + 1; i < argc; i++)
        if (!strchr(argv[i], '='))
            return usage_error("expected KEY=VALUE after the file");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (!quiet)
        fprintf(stderr, "Restoring from %s\n", file);
    if (libxl_domain_restore(ctx, file, argv + optind + 1,
                             argc - optind - 1,
                             paused ? LIBXL_RESTORE_PAUSED : 0,
                             quiet ? NULL : save_progress_default,
                             (void *)"xl restore", &domid))
        return report(ctx);
    name = libxl_domid_to_name(ctx, domid);
    if (!quiet)
        fprintf(stderr, "Restored domain %s (id=%u)%s\n", name ? name : "?",
                domid, paused ? ", paused" : "");
    free(name);
    libxl_ctx_free(ctx);
    if (console) {
        char id[16];

        /* xl console DOMID, run by this same binary. */
        snprintf(id, sizeof(id), "%u", domid);
        fflush(NULL);
        execl("/proc/self/exe", "xl", "console", id, (char *)NULL);
        fprintf(stderr, "xl: restore: cannot attach the console: %s\n",
                strerror(errno));
        return 1;
    }
    return 0;
}

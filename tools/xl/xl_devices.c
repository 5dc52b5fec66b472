/* SPDX-License-Identifier: MIT */
/*
 * xl_devices.c - block-attach, block-detach, block-list, network-attach,
 * network-detach, network-list.
 *
 * A disk or vif given on the command line is written as in xl.cfg; the
 * words after the domain are joined with commas, so both
 *     xl block-attach g1 /img/data.img,raw,xvdb,rw
 *     xl block-attach g1 format=raw vdev=xvdb target=/img/data.img
 * work, as with Xen's xl.  List output follows Xen's xl columns.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"
#include "domcfg.h"

/* argv[from..argc) joined with ','; NULL on no memory. */
static char *join_spec(int argc, char **argv, int from)
{
    size_t len = 1;
    char *s;

    for (int i = from; i < argc; i++)
        len += strlen(argv[i]) + 1;
    s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = from; i < argc; i++) {
        if (i > from)
            strcat(s, ",");
        strcat(s, argv[i]);
    }
    return s;
}

/* Parses [-f|--force] and returns the index of the first operand. */
static int force_opt(int argc, char **argv, bool *force)
{
    static const struct option longopts[] = {
        { "force", no_argument, NULL, 'f' },
        { NULL, 0, NULL, 0 },
    };
    int opt;

    *force = false;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "+f", longopts, NULL)) != -1) {
        if (opt == 'f')
            *force = true;
        else
            return -1;
    }
    return optind;
}

static int no_opts(int argc, char **argv)
{
    int opt;

    optind = 1;
    while ((opt = getopt(argc, argv, "+")) != -1)
        return -1;
    (void)argc;
    return optind;
}

int cmd_block_attach(int argc, char **argv)
{
    struct xl_disk d;
    char err[256], *spec;
    libxl_ctx *ctx;
    uint32_t id;
    int first;

    if (want_help(argc, argv))
        return 0;
    if ((first = no_opts(argc, argv)) < 0)
        return usage_error("unknown option");
    if (argc - first < 2)
        return usage_error("expected a domain and a disk specification");
    spec = join_spec(argc, argv, first + 1);
    if (!spec)
        return 1;
    if (xl_parse_disk_spec(&d, spec, err, sizeof(err))) {
        fprintf(stderr, "xl: block-attach: disk '%s': %s\n", spec, err);
        free(spec);
        return 1;
    }
    free(spec);
    ctx = open_ctx();
    if (!ctx) {
        xl_disk_dispose(&d);
        return 1;
    }
    if (find_domain(ctx, argv[first], &id) ||
        libxl_device_disk_add(ctx, id, &d)) {
        xl_disk_dispose(&d);
        return report(ctx);
    }
    xl_disk_dispose(&d);
    libxl_ctx_free(ctx);
    return 0;
}

/* block-detach / network-detach: [-f] DOMAIN WHICH, then REMOVE. */
static int detach_cmd(int argc, char **argv, const char *what,
                      int (*remove)(libxl_ctx *, uint32_t, const char *, bool))
{
    libxl_ctx *ctx;
    uint32_t id;
    bool force;
    int first;

    if (want_help(argc, argv))
        return 0;
    if ((first = force_opt(argc, argv, &force)) < 0)
        return usage_error("unknown option");
    if (argc - first != 2)
        return usage_error(what);
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (find_domain(ctx, argv[first], &id) ||
        remove(ctx, id, argv[first + 1], force))
        return report(ctx);
    libxl_ctx_free(ctx);
    return 0;
}

int cmd_block_detach(int argc, char **argv)
{
    return detach_cmd(argc, argv, "expected a domain and a virtual disk",
                      libxl_device_disk_remove);
}

/* block-list / network-list: HEADER, then SHOW for each DOMAIN given. */
static int list_cmd(int argc, char **argv, const char *header,
                    int (*show)(libxl_ctx *, uint32_t))
{
    libxl_ctx *ctx;
    int first, rc = 0;

    if (want_help(argc, argv))
        return 0;
    if ((first = no_opts(argc, argv)) < 0)
        return usage_error("unknown option");
    if (first >= argc)
        return usage_error("expected a domain");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    fputs(header, stdout);
    for (int a = first; a < argc; a++) {
        uint32_t id;

        if (find_domain(ctx, argv[a], &id) || show(ctx, id)) {
            fprintf(stderr, "xl: %s: %s\n", current->name,
                    libxl_last_error(ctx));
            rc = 1;
        }
    }
    libxl_ctx_free(ctx);
    return rc;
}

static int show_disks(libxl_ctx *ctx, uint32_t id)
{
    libxl_diskinfo *l;
    int n;

    if (libxl_device_disk_list(ctx, id, &l, &n))
        return -1;
    for (int i = 0; i < n; i++)
        printf("%-5u %-3u %-6u %-5d %-6d %-8d %-30s\n", l[i].devid,
               l[i].backend_id, id, l[i].fe_state, l[i].evtch, l[i].rref,
               l[i].backend);
    free(l);
    return 0;
}

int cmd_block_list(int argc, char **argv)
{
    char header[128];

    snprintf(header, sizeof(header), "%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n",
             "Vdev", "BE", "handle", "state", "evt-ch", "ring-ref",
             "BE-path");
    return list_cmd(argc, argv, header, show_disks);
}

int cmd_network_attach(int argc, char **argv)
{
    struct xl_nic n;
    char err[256], *spec;
    libxl_ctx *ctx;
    uint32_t id;
    int first, devid = -1;

    if (want_help(argc, argv))
        return 0;
    if ((first = no_opts(argc, argv)) < 0)
        return usage_error("unknown option");
    if (argc - first < 1)
        return usage_error("expected a domain");
    spec = join_spec(argc, argv, first + 1);
    if (!spec)
        return 1;
    if (xl_parse_nic_spec(&n, spec, err, sizeof(err))) {
        fprintf(stderr, "xl: network-attach: vif '%s': %s\n", spec, err);
        free(spec);
        return 1;
    }
    free(spec);
    ctx = open_ctx();
    if (!ctx) {
        xl_nic_dispose(&n);
        return 1;
    }
    if (find_domain(ctx, argv[first], &id) ||
        libxl_device_nic_add(ctx, id, &n, &devid)) {
        xl_nic_dispose(&n);
        return report(ctx);
    }
    xl_nic_dispose(&n);
    libxl_ctx_free(ctx);
    return 0;
}

int cmd_network_detach(int argc, char **argv)
{
    return detach_cmd(argc, argv, "expected a domain and a devid or MAC",
                      libxl_device_nic_remove);
}

static int show_nics(libxl_ctx *ctx, uint32_t id)
{
    libxl_nicinfo *l;
    int n;

    if (libxl_device_nic_list(ctx, id, &l, &n))
        return -1;
    for (int i = 0; i < n; i++)
        printf("%-3u %-2u %-17s %-6u %-5d %-6d %5d/%-11d %-30s\n",
               l[i].devid, l[i].backend_id, l[i].mac, l[i].devid,
               l[i].fe_state, l[i].evtch, l[i].tx_rref, l[i].rx_rref,
               l[i].backend);
    free(l);
    return 0;
}

int cmd_network_list(int argc, char **argv)
{
    char header[128];

    snprintf(header, sizeof(header),
             "%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx", "BE",
             "Mac Addr.", "handle", "state", "evt-ch", "tx-", "rx-ring-ref",
             "BE-path");
    return list_cmd(argc, argv, header, show_nics);
}

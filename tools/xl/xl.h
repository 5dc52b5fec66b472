/* SPDX-License-Identifier: MIT */
/* xl.h - shared by the xl command files. */
#ifndef XENOLITH_XL_H
#define XENOLITH_XL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "libxl.h"

struct xl_dom {
    libxl_dominfo info;
    char *name;                 /* may be NULL */
};

/* "xl list" header line and one row per domain (no newline). */
#define XL_LIST_HEADER \
    "Name                                        ID   Mem VCPUs\tState\tTime(s)"
void xl_list_line(const struct xl_dom *d, int verbose, char *out,
                  size_t outlen);
/* "xl list -l" JSON text (malloc'ed) or NULL. */
char *xl_list_json(const struct xl_dom *doms, int n);
void xl_uuid_string(const uint8_t u[16], char out[37]);

/* ---- command plumbing (xl.c) ---- */
struct cmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
    const char *help;
};
extern const struct cmd *current;
/* Prints the reason and usage; returns 2. */
int usage_error(const char *why);
/* -h/--help anywhere: prints the command's help, returns 1. */
int want_help(int argc, char **argv);
libxl_ctx *open_ctx(void);
/* Prints libxl's last error, frees CTX, returns 1. */
int report(libxl_ctx *ctx);
int find_domain(libxl_ctx *ctx, const char *arg, uint32_t *domid);

/* ---- xl_vmcontrol.c ---- */
int cmd_create(int argc, char **argv);
int cmd_shutdown(int argc, char **argv);
int cmd_reboot(int argc, char **argv);
int cmd_console(int argc, char **argv);
int cmd_rename(int argc, char **argv);
int cmd_uptime(int argc, char **argv);
int cmd_vcpu_list(int argc, char **argv);
int cmd_vcpu_set(int argc, char **argv);
int cmd_sched_credit(int argc, char **argv);

/* ---- xl_saverestore.c ---- */
int cmd_save(int argc, char **argv);
int cmd_restore(int argc, char **argv);

/* ---- xl_mem.c ---- */
int cmd_mem_set(int argc, char **argv);
int cmd_mem_max(int argc, char **argv);

/* ---- xl_devices.c ---- */
int cmd_block_attach(int argc, char **argv);
int cmd_block_detach(int argc, char **argv);
int cmd_block_list(int argc, char **argv);
int cmd_network_attach(int argc, char **argv);
int cmd_network_detach(int argc, char **argv);
int cmd_network_list(int argc, char **argv);

/* ---- xl_saverestore.c ---- */
int cmd_save(int argc, char **argv);
int cmd_restore(int argc, char **argv);

#endif /* XENOLITH_XL_H */

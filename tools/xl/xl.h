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

#endif /* XENOLITH_XL_H */

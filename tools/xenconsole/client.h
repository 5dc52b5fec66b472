/* SPDX-License-Identifier: MIT */
/*
 * client.h - the pure parts of xenconsole: command line, the xenstore
 * path of a console's tty, and finding the detach character.
 */
#ifndef XENOLITH_XENCONSOLE_CLIENT_H
#define XENOLITH_XENCONSOLE_CLIENT_H

#include <stddef.h>
#include <stdio.h>

#define XC_ESCAPE 0x1d          /* Ctrl-] detaches, as in Xen */

enum xc_type { XC_TYPE_DEFAULT, XC_TYPE_PV, XC_TYPE_SERIAL, XC_TYPE_VUART };

struct xc_opts {
    long domid;                 /* -1 if not given */
    enum xc_type type;
    unsigned num;
    int start_notify_fd;        /* -1: none */
    int interactive;
    int replace_escape;         /* ESC from the guest shown as '.' */
    int escape_char;            /* detach character, XC_ESCAPE by default */
    int help;
};

/* 0, or -1 with a one-line message in ERR. */
int xc_parse_args(int argc, char **argv, struct xc_opts *o,
                  char *err, size_t errlen);
void xc_usage(FILE *f, const char *prog);

/*
 * The tty node for console NUM of TYPE under DOMPATH
 * (/local/domain/N): console/tty, device/console/NUM/tty,
 * serial/NUM/tty or vuart/NUM/tty.  Returns the length or -1.
 */
int xc_tty_path(char *out, size_t outlen, const char *dompath,
                enum xc_type type, unsigned num);

/* Position of the detach character ESC in BUF, or -1. */
long xc_find_escape(const char *buf, size_t len, int esc);

/* "^]", "^a" (control characters) or one plain character; -1 if not. */
int xc_parse_escape(const char *s);

/* Replaces ESC (0x1b) with '.' in place. */
void xc_replace_escape(char *buf, size_t len);

#endif

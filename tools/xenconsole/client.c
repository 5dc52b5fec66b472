/* SPDX-License-Identifier: MIT */
/*
 * client.c - xenconsole's pure helpers (see client.h).  Unit-tested.
 */
#include "client.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long v;

    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}

static int fail(char *err, size_t errlen, const char *what, const char *arg)
{
    snprintf(err, errlen, "%s: '%s'", what, arg ? arg : "");
    return -1;
}

/* "--name=value", "--name value", "-x value", "-xvalue". */
static const char *value_of(int argc, char **argv, int *i, const char *a,
                            size_t namelen)
{
    if (a[namelen] == '=' && a[1] == '-')
        return a + namelen + 1;
    if (a[namelen] != '\0') {
        if (a[1] != '-')
            return a + namelen;     /* -n1 */
        return NULL;
    }
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static int is_opt(const char *a, const char *name)
{
    size_t n = strlen(name);

    return !strncmp(a, name, n) && (a[n] == '\0' || a[n] == '=' ||
                                    (name[1] != '-' && name[2] == '\0'));
}

int xc_parse_args(int argc, char **argv, struct xc_opts *o,
                  char *err, size_t errlen)
{
    unsigned long v;
    int i, ended = 0;

    memset(o, 0, sizeof(*o));
    o->domid = -1;
    o->start_notify_fd = -1;
    o->replace_escape = 1;
    o->escape_char = XC_ESCAPE;
    if (errlen)
        err[0] = '\0';
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *val;

        if (ended || a[0] != '-' || a[1] == '\0') {
            if (o->domid >= 0)
                return fail(err, errlen, "more than one DOMID", a);
            if (parse_ulong(a, 0x7fef, &v) < 0)   /* below DOMID_FIRST_RESERVED */
                return fail(err, errlen, "invalid DOMID", a);
            o->domid = (long)v;
        } else if (!strcmp(a, "--")) {
            ended = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            o->help = 1;
        } else if (!strcmp(a, "-i") || !strcmp(a, "--interactive")) {
            o->interactive = 1;
        } else if (!strcmp(a, "-r") || !strcmp(a, "--no-replace-escape")) {
            o->replace_escape = 0;
        } else if (is_opt(a, "--type") || is_opt(a, "-t")) {
            val = value_of(argc, argv, &i, a, a[1] == '-' ? 6 : 2);
            if (!val)
                return fail(err, errlen, "--type needs pv, serial or vuart", a);
            if (!strcmp(val, "pv"))
                o->type = XC_TYPE_PV;
            else if (!strcmp(val, "serial"))
                o->type = XC_TYPE_SERIAL;
            else if (!strcmp(val, "vuart"))
                o->type = XC_TYPE_VUART;
            else
                return fail(err, errlen,
                            "invalid type (pv, serial, vuart)", val);
        } else if (is_opt(a, "--num") || is_opt(a, "-n")) {
            val = value_of(argc, argv, &i, a, a[1] == '-' ? 5 : 2);
            if (parse_ulong(val, 65535, &v) < 0)
                return fail(err, errlen, "invalid console number", val ? val : a);
            o->num = (unsigned)v;
        } else if (is_opt(a, "--escape") || is_opt(a, "-e")) {
            /* Later xl versions pass the detach character this way. */
            val = value_of(argc, argv, &i, a, a[1] == '-' ? 8 : 2);
            if (!val || (o->escape_char = xc_parse_escape(val)) < 0)
                return fail(err, errlen, "invalid escape character",
                            val ? val : a);
        } else if (is_opt(a, "--start-notify-fd")) {
            val = value_of(argc, argv, &i, a, 17);
            if (parse_ulong(val, 65535, &v) < 0)
                return fail(err, errlen, "invalid descriptor", val ? val : a);
            o->start_notify_fd = (int)v;
        } else {
            return fail(err, errlen, "unknown option", a);
        }
    }
    if (!o->help && o->domid < 0)
        return fail(err, errlen, "DOMID should be specified", "");
    return 0;
}

void xc_usage(FILE *f, const char *prog)
{
    fprintf(f,
        "Usage: %s [OPTION]... DOMID\n"
        "Attaches to a domain's console.  Ctrl-] detaches; the domain keeps\n"
        "running.\n"
        "\n"
        "  -h, --help               this text\n"
        "  -n, --num N              console number N (default 0)\n"
        "  -t, --type TYPE          pv, serial or vuart (default pv)\n"
        "  -e, --escape C           detach with C instead (^] style or one\n"
        "                           character)\n"
        "      --start-notify-fd N  write one 0 byte to N once attached\n"
        "  -i, --interactive        copy standard input even if not a tty\n"
        "  -r, --no-replace-escape  pass ESC from the guest through unchanged\n",
        prog);
}

int xc_tty_path(char *out, size_t outlen, const char *dompath,
                enum xc_type type, unsigned num)
{
    int n;

    switch (type) {
    case XC_TYPE_SERIAL:
        n = snprintf(out, outlen, "%s/serial/%u/tty", dompath, num);
        break;
    case XC_TYPE_VUART:
        n = snprintf(out, outlen, "%s/vuart/%u/tty", dompath, num);
        break;
    default:
        if (num == 0)
            n = snprintf(out, outlen, "%s/console/tty", dompath);
        else
            n = snprintf(out, outlen, "%s/device/console/%u/tty", dompath,
                         num);
        break;
    }
    if (n < 0 || (size_t)n >= outlen)
        return -1;
    return n;
}

int xc_parse_escape(const char *s)
{
    if (s[0] == '^' && s[1] && !s[2]) {
        char c = s[1];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c < '@' || c > '_')
            return -1;
        return c - '@';
    }
    if (s[0] && !s[1])
        return (unsigned char)s[0];
    return -1;
}

long xc_find_escape(const char *buf, size_t len, int esc)
{
    const char *p = memchr(buf, esc, len);

    return p ? (long)(p - buf) : -1;
}

void xc_replace_escape(char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (buf[i] == 0x1b)
            buf[i] = '.';
}

/* SPDX-License-Identifier: MIT */
/*
 * opts.c - parsing xenconsoled's options.  Pure; unit-tested.
 */
#include "opts.h"

#include <string.h>

/* "none" | "guest" | "hv" | "all" -> CONSD_LOG_* bits, -1 if unknown. */
static int parse_which(const char *v)
{
    if (!strcmp(v, "none"))
        return 0;
    if (!strcmp(v, "guest"))
        return CONSD_LOG_GUEST;
    if (!strcmp(v, "hv"))
        return CONSD_LOG_HV;
    if (!strcmp(v, "all"))
        return CONSD_LOG_GUEST | CONSD_LOG_HV;
    return -1;
}

/*
 * Long options take "--name=value" or "--name value"; the short ones
 * "-x value" or "-xvalue".  Returns the value or NULL (missing).
 */
static const char *opt_value(int argc, char **argv, int *i, const char *arg,
                             size_t namelen)
{
    if (arg[namelen] == '=')
        return arg + namelen + 1;
    if (arg[namelen] != '\0')
        return NULL;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static int bad(char *err, size_t errlen, const char *what, const char *arg)
{
    snprintf(err, errlen, "%s: '%s'", what, arg);
    return -1;
}

/* Matches "--NAME" or "--NAME=..." exactly. */
static int is_long(const char *arg, const char *name)
{
    size_t n = strlen(name);

    return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

int consd_parse_args(int argc, char **argv, struct consd_opts *o,
                     char *err, size_t errlen)
{
    int i;

    memset(o, 0, sizeof(*o));
    o->log_dir = "/var/log/xen/console";
    if (errlen)
        err[0] = '\0';
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        int w;

        if (!strcmp(a, "-i") || !strcmp(a, "--interactive")) {
            o->interactive = 1;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            o->verbose = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            o->help = 1;
        } else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
            o->version = 1;
        } else if (is_long(a, "--log")) {
            if (!(v = opt_value(argc, argv, &i, a, 5)))
                return bad(err, errlen, "--log needs a value", a);
            if ((w = parse_which(v)) < 0)
                return bad(err, errlen, "--log takes none|guest|hv|all", v);
            o->log = w;
        } else if (is_long(a, "--log-dir") || is_long(a, "--log_dir")) {
            if (!(v = opt_value(argc, argv, &i, a, 9)) || !*v)
                return bad(err, errlen, "--log-dir needs a directory", a);
            o->log_dir = v;
        } else if (is_long(a, "--pid-file")) {
            if (!(v = opt_value(argc, argv, &i, a, 10)) || !*v)
                return bad(err, errlen, "--pid-file needs a path", a);
            o->pid_file = v;
        } else if (is_long(a, "--timestamp") || !strncmp(a, "-t", 2)) {
            v = a[1] == 't' ? (a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL))
                            : opt_value(argc, argv, &i, a, 11);
            if (!v || (w = parse_which(v)) < 0)
                return bad(err, errlen, "--timestamp takes none|guest|hv|all",
                           v ? v : a);
            o->timestamp = w;
        } else if (is_long(a, "--overflow-data") || !strncmp(a, "-o", 2)) {
            v = a[1] == 'o' ? (a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL))
                            : opt_value(argc, argv, &i, a, 15);
            if (v && !strcmp(v, "discard"))
                o->overflow_keep = 0;
            else if (v && !strcmp(v, "keep"))
                o->overflow_keep = 1;
            else
                return bad(err, errlen, "--overflow-data takes discard|keep",
                           v ? v : a);
        } else {
            return bad(err, errlen, "unknown argument", a);
        }
    }
    return 0;
}

void consd_usage(FILE *f, const char *prog)
{
    fprintf(f,
        "Usage: %s [OPTION]...\n"
        "Serves each domain's PV console ring through a pty named in xenstore\n"
        "(/local/domain/N/console/tty).\n"
        "\n"
        "  -h, --help               this text\n"
        "  -V, --version            print the version\n"
        "  -i, --interactive        stay in the foreground, messages to stderr\n"
        "  -v, --verbose            debug messages\n"
        "      --log=none|guest|hv|all\n"
        "                           copy guest consoles to DIR/guest-NAME.log,\n"
        "                           the hypervisor console to DIR/hypervisor.log\n"
        "      --log-dir=DIR        log directory (default /var/log/xen/console)\n"
        "  -t, --timestamp=none|guest|hv|all\n"
        "                           prefix logged lines with the time\n"
        "  -o, --overflow-data=discard|keep\n"
        "                           when a console's buffer is full, drop the\n"
        "                           oldest output (default) or stop reading the\n"
        "                           ring until the pty is read\n"
        "      --pid-file=FILE      write the daemon's pid to FILE\n",
        prog);
}

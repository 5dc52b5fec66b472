/*
 * xenstore_client.c - command-line clients: xenstore-read, -write, -ls,
 * -list, -rm, -exists, -chmod, -watch.  One binary: the command is the
 * program name (xenstore-read) or the first argument (xenstore read).
 * Store operations run in a transaction, retried on EAGAIN.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstore.h"

static const char *prog;
static bool opt_prefix, opt_raw, opt_full, opt_perms, opt_socket;
static bool opt_tidy, opt_recurse;
static long opt_nwatch = -1;

struct cmd {
    const char *name;
    const char *args;
    const char *opts;
    int (*fn)(struct xs_handle *, xs_transaction_t, int, char **);
    bool needs_tx;
    int min_args;
};

/* Prints a value with non-printable bytes escaped (unless -R). */
static void print_value(const char *v, unsigned int len)
{
    for (unsigned int i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (opt_raw)
            putchar(c);
        else if (c == '\\')
            fputs("\\\\", stdout);
        else if (c >= 32 && c < 127)
            putchar(c);
        else
            printf("\\%03o", c);     /* as Xen's clients print them */
    }
}

/* Undoes print_value's escapes in place; returns the new length. */
static unsigned int unescape(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p != '\\' || !p[1]) {
            *o++ = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 'n': *o++ = '\n'; break;
        case 't': *o++ = '\t'; break;
        case 'x': {
            unsigned int v = 0, k = 0;
            while (k < 2 && strchr("0123456789abcdefABCDEF", p[1]) && p[1]) {
                char ch = *++p;
                v = v * 16 + (unsigned int)(ch <= '9' ? ch - '0'
                                            : (ch | 32) - 'a' + 10);
                k++;
            }
            *o++ = (char)v;
            break;
        }
        default:
            if (*p >= '0' && *p <= '7') {   /* \ooo octal */
                unsigned int v = (unsigned int)(*p - '0'), k = 1;
                while (k < 3 && p[1] >= '0' && p[1] <= '7') {
                    v = v * 8 + (unsigned int)(*++p - '0');
                    k++;
                }
                *o++ = (char)v;
            } else {
                *o++ = *p;
            }
            break;
        }
    }
    *o = '\0';
    return (unsigned int)(o - s);
}

static int do_read(struct xs_handle *h, xs_transaction_t t, int argc,
                   char **argv)
{
    for (int i = 0; i < argc; i++) {
        unsigned int len;
        char *v = xs_read(h, t, argv[i], &len);
        if (!v) {
            fprintf(stderr, "%s: couldn't read path %s\n", prog, argv[i]);
            return 1;
        }
        if (opt_prefix)
            printf("%s: ", argv[i]);
        print_value(v, len);
        putchar('\n');
        free(v);
    }
    return 0;
}

static int do_write(struct xs_handle *h, xs_transaction_t t, int argc,
                    char **argv)
{
    if (argc % 2) {
        fprintf(stderr, "%s: expected pairs of key and value\n", prog);
        return 2;
    }
    for (int i = 0; i < argc; i += 2) {
        char *val = strdup(argv[i + 1]);
        if (!val)
            return 1;
        unsigned int len = opt_raw ? (unsigned int)strlen(val) : unescape(val);
        bool ok = xs_write(h, t, argv[i], val, len);
        free(val);
        if (!ok) {
            fprintf(stderr, "%s: could not write path %s\n", prog, argv[i]);
            return 1;
        }
    }
    return 0;
}

static int do_rm(struct xs_handle *h, xs_transaction_t t, int argc,
                 char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!xs_rm(h, t, argv[i])) {
            fprintf(stderr, "%s: could not remove path %s\n", prog, argv[i]);
            return 1;
        }
        if (!opt_tidy)
            continue;
        /* -t: also remove parents left empty. */
        char *p = strdup(argv[i]);
        char *slash;
        while (p && (slash = strrchr(p, '/')) && slash != p) {
            *slash = '\0';
            unsigned int n;
            char **kids = xs_directory(h, t, p, &n);
            unsigned int vl = 0;
            char *v = xs_read(h, t, p, &vl);
            bool empty = kids && n == 0 && v && vl == 0;
            free(kids);
            free(v);
            if (!empty || !xs_rm(h, t, p))
                break;
        }
        free(p);
    }
    return 0;
}

static int do_exists(struct xs_handle *h, xs_transaction_t t, int argc,
                     char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *v = xs_read(h, t, argv[i], NULL);
        if (!v)
            return 1;
        free(v);
    }
    return 0;
}

static int do_list(struct xs_handle *h, xs_transaction_t t, int argc,
                   char **argv)
{
    for (int i = 0; i < argc; i++) {
        unsigned int n;
        char **kids = xs_directory(h, t, argv[i], &n);
        if (!kids) {
            fprintf(stderr, "%s: couldn't list path %s\n", prog, argv[i]);
            return 1;
        }
        for (unsigned int k = 0; k < n; k++) {
            if (opt_prefix)
                printf("%s/", strcmp(argv[i], "/") ? argv[i] : "");
            printf("%s\n", kids[k]);
        }
        free(kids);
    }
    return 0;
}

static void print_perms(struct xs_handle *h, xs_transaction_t t,
                        const char *path)
{
    unsigned int n;
    struct xs_permissions *p = xs_get_permissions(h, t, path, &n);
    if (!p) {
        fputs("  (?)", stdout);
        return;
    }
    fputs("  (", stdout);
    for (unsigned int i = 0; i < n; i++)
        printf("%s%c%u", i ? "," : "", "nrwb"[p[i].perms & 3], p[i].id);
    putchar(')');
    free(p);
}

static int ls_tree(struct xs_handle *h, xs_transaction_t t, const char *path,
                   int depth)
{
    unsigned int n;
    char **kids = xs_directory(h, t, path, &n);
    if (!kids)
        return depth ? 0 : 1;     /* vanished or hidden below the top */
    for (unsigned int k = 0; k < n; k++) {
        char *child;
        if (asprintf(&child, "%s/%s", strcmp(path, "/") ? path : "",
                     kids[k]) < 0)
            break;
        unsigned int len = 0;
        char *v = xs_read(h, t, child, &len);
        if (opt_full)
            printf("%s", child);
        else
            printf("%*s%s", depth, "", kids[k]);
        fputs(" = \"", stdout);
        if (v)
            print_value(v, len);
        putchar('"');
        if (opt_perms)
            print_perms(h, t, child);
        putchar('\n');
        free(v);
        ls_tree(h, t, child, depth + 1);
        free(child);
    }
    free(kids);
    return 0;
}

static int do_ls(struct xs_handle *h, xs_transaction_t t, int argc,
                 char **argv)
{
    const char *path = argc ? argv[0] : "/";
    if (ls_tree(h, t, path, 0)) {
        fprintf(stderr, "%s: couldn't list path %s\n", prog, path);
        return 1;
    }
    return 0;
}

static int chmod_one(struct xs_handle *h, xs_transaction_t t,
                     const char *path, struct xs_permissions *p,
                     unsigned int n)
{
    if (!xs_set_permissions(h, t, path, p, n)) {
        fprintf(stderr, "%s: could not set permissions on %s\n", prog, path);
        return 1;
    }
    if (!opt_recurse)
        return 0;
    unsigned int k;
    char **kids = xs_directory(h, t, path, &k);
    int ret = 0;
    for (unsigned int i = 0; kids && i < k && !ret; i++) {
        char *child;
        if (asprintf(&child, "%s/%s", strcmp(path, "/") ? path : "",
                     kids[i]) < 0)
            return 1;
        ret = chmod_one(h, t, child, p, n);
        free(child);
    }
    free(kids);
    return ret;
}

static int do_chmod(struct xs_handle *h, xs_transaction_t t, int argc,
                    char **argv)
{
    unsigned int n = (unsigned int)argc - 1;
    struct xs_permissions *p = calloc(n, sizeof(*p));
    if (!p)
        return 1;
    for (unsigned int i = 0; i < n; i++) {
        if (!xs_strings_to_perms(&p[i], 1, argv[i + 1])) {
            fprintf(stderr, "%s: bad permission %s\n", prog, argv[i + 1]);
            free(p);
            return 2;
        }
    }
    int ret = chmod_one(h, t, argv[0], p, n);
    free(p);
    return ret;
}

static int do_watch(struct xs_handle *h, xs_transaction_t t, int argc,
                    char **argv)
{
    (void)t;
    for (int i = 0; i < argc; i++) {
        if (!xs_watch(h, argv[i], argv[i])) {
            fprintf(stderr, "%s: could not watch %s\n", prog, argv[i]);
            return 1;
        }
    }
    for (long seen = 0; opt_nwatch < 0 || seen < opt_nwatch; seen++) {
        unsigned int num;
        char **vec = xs_read_watch(h, &num);
        if (!vec)
            return 1;
        printf("%s\n", vec[XS_WATCH_PATH]);
        fflush(stdout);
        free(vec);
    }
    return 0;
}

static const struct cmd cmds[] = {
    { "read", "[-p] [-R] [-s] KEY...", "Print the value of each KEY "
      "(-p: prefix with the key, -R: raw bytes).", do_read, true, 1 },
    { "write", "[-R] [-s] KEY VALUE [KEY VALUE...]", "Write each VALUE "
      "(\\-escapes decoded unless -R).", do_write, true, 2 },
    { "rm", "[-t] [-s] KEY...", "Remove each KEY and its subtree (-t: and "
      "parents left empty).", do_rm, true, 1 },
    { "exists", "[-s] KEY...", "Exit 0 if every KEY exists, 1 otherwise.",
      do_exists, true, 1 },
    { "list", "[-p] [-s] KEY...", "List the children of each KEY (-p: full "
      "paths).", do_list, true, 1 },
    { "ls", "[-f] [-p] [-s] [PATH]", "Show the tree below PATH (default /; "
      "-f: full paths, -p: permissions).", do_ls, true, 0 },
    { "chmod", "[-r] [-s] KEY PERM...", "Set KEY's permissions: PERM is "
      "n|r|w|b followed by a domid; the first names the owner (-r: "
      "recursively).", do_chmod, true, 2 },
    { "watch", "[-n NR] [-s] KEY...", "Print the path of each change under "
      "KEY (-n: stop after NR events, the first fires at once).", do_watch,
      false, 1 },
};

static void help(const struct cmd *c, FILE *f)
{
    if (c) {
        fprintf(f, "Usage: xenstore-%s %s\n%s\n  -s  use the daemon's "
                "socket only\n  -h  this help\n", c->name, c->args, c->opts);
        return;
    }
    fprintf(f, "Usage: xenstore COMMAND [options] ARGS\nCommands:\n");
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        fprintf(f, "  %-7s %s\n", cmds[i].name, cmds[i].args);
    fprintf(f, "Each is also available as xenstore-COMMAND.\n");
}

static int run(const struct cmd *c, int argc, char **argv)
{
    struct xs_handle *h = xs_open(opt_socket ? XS_OPEN_SOCKETONLY : 0);
    if (!h) {
        fprintf(stderr, "%s: failed to connect to xenstore: %s\n", prog,
                strerror(errno));
        return 1;
    }
    int ret;
    for (;;) {
        xs_transaction_t t = XBT_NULL;
        if (c->needs_tx) {
            t = xs_transaction_start(h);
            if (t == XBT_NULL) {
                fprintf(stderr, "%s: couldn't start transaction\n", prog);
                ret = 1;
                break;
            }
        }
        ret = c->fn(h, t, argc, argv);
        if (!c->needs_tx)
            break;
        if (xs_transaction_end(h, t, ret != 0) || ret != 0)
            break;
        if (errno != EAGAIN) {
            fprintf(stderr, "%s: couldn't end transaction\n", prog);
            ret = 1;
            break;
        }
    }
    xs_close(h);
    return ret;
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    const char *name = NULL;
    if (!strncmp(base, "xenstore-", 9)) {
        name = base + 9;
    } else if (argc > 1 && argv[1][0] != '-') {
        name = argv[1];
        argv++;
        argc--;
    }
    const struct cmd *c = NULL;
    for (size_t i = 0; name && i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (!strcmp(name, cmds[i].name))
            c = &cmds[i];
    static char progbuf[64];
    snprintf(progbuf, sizeof(progbuf), "xenstore-%s", c ? c->name : "");
    prog = c ? progbuf : "xenstore";
    if (!c) {
        bool asked = argc > 1 && (!strcmp(argv[1], "-h") ||
                                  !strcmp(argv[1], "--help"));
        help(NULL, asked ? stdout : stderr);
        return asked ? 0 : 2;
    }
    static const struct option lopts[] = {
        { "help", 0, NULL, 'h' }, { NULL, 0, NULL, 0 } };
    int ch;
    while ((ch = getopt_long(argc, argv, "+hpRfsrtun:", lopts, NULL)) != -1) {
        switch (ch) {
        case 'h': help(c, stdout); return 0;
        case 'p': opt_prefix = opt_perms = true; break;
        case 'R': opt_raw = true; break;
        case 'f': opt_full = true; break;
        case 's': opt_socket = true; break;
        case 'r': opt_recurse = true; break;
        case 't': opt_tidy = true; break;
        case 'u': break;
        case 'n': opt_nwatch = atol(optarg); break;
        default: help(c, stderr); return 2;
        }
    }
    argc -= optind;
    argv += optind;
    if (argc < c->min_args) {
        help(c, stderr);
        return 2;
    }
    return run(c, argc, argv);
}

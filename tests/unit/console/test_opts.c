/* SPDX-License-Identifier: MIT */
/*
 * xenconsoled's and xenconsole's argument parsing
 * (tools/xenconsoled/opts.c, tools/xenconsole/client.c).
 */
#include <string.h>

#include "unit.h"
#include "opts.h"
#include "client.h"

#define ARGV(...) (char *[]){ "prog", __VA_ARGS__, NULL }

/* The count argument is ignored: argc is counted up to the NULL. */
static int count(char **v)
{
    int n = 0;
    while (v[n])
        n++;
    return n;
}

static int pd(char **v, int c, struct consd_opts *o, char *err)
{
    (void)c;
    return consd_parse_args(count(v), v, o, err, 200);
}

TEST(consd_debian_command_line)
{
    struct consd_opts o;
    char err[200];
    char **v = ARGV("--pid-file=/run/xen/xenconsoled.pid", "--log=guest",
                    "--log-dir=/var/log/xen/console");

    CHECK_EQ(pd(v, 3, &o, err), 0);
    CHECK_STR(o.pid_file, "/run/xen/xenconsoled.pid");
    CHECK_EQ(o.log, CONSD_LOG_GUEST);
    CHECK_STR(o.log_dir, "/var/log/xen/console");
    CHECK_EQ(o.interactive, 0);
}

TEST(consd_separate_values_and_short)
{
    struct consd_opts o;
    char err[200];
    char **v = ARGV("-i", "--log", "all", "--log-dir", "/tmp/x", "-t", "guest",
                    "-okeep", "-v");

    CHECK_EQ(pd(v, 9, &o, err), 0);
    CHECK_EQ(o.interactive, 1);
    CHECK_EQ(o.verbose, 1);
    CHECK_EQ(o.log, CONSD_LOG_GUEST | CONSD_LOG_HV);
    CHECK_STR(o.log_dir, "/tmp/x");
    CHECK_EQ(o.timestamp, CONSD_LOG_GUEST);
    CHECK_EQ(o.overflow_keep, 1);
    CHECK(o.pid_file == NULL);
}

TEST(consd_defaults_and_help)
{
    struct consd_opts o;
    char err[200];
    char *v0[] = { "prog", NULL };
    char **v1 = ARGV("--help");

    CHECK_EQ(pd(v0, 1, &o, err), 0);
    CHECK_STR(o.log_dir, "/var/log/xen/console");
    CHECK_EQ(o.log, 0);
    CHECK_EQ(pd(v1, 2, &o, err), 0);
    CHECK_EQ(o.help, 1);
}

TEST(consd_rejects)
{
    struct consd_opts o;
    char err[200];
    char **a = ARGV("--log=sometimes");
    char **b = ARGV("--log");
    char **c = ARGV("--bogus");
    char **d = ARGV("--pid-file=");
    char **e = ARGV("--logfoo=guest");
    char **f = ARGV("-o", "maybe");

    CHECK_EQ(pd(a, 1, &o, err), -1);
    CHECK(strstr(err, "sometimes") != NULL);
    CHECK_EQ(pd(b, 1, &o, err), -1);
    CHECK_EQ(pd(c, 1, &o, err), -1);
    CHECK(strstr(err, "--bogus") != NULL);
    CHECK_EQ(pd(d, 1, &o, err), -1);
    CHECK_EQ(pd(e, 1, &o, err), -1);
    CHECK_EQ(pd(f, 2, &o, err), -1);
}

static int pc(char **v, int c, struct xc_opts *o, char *err)
{
    (void)c;
    return xc_parse_args(count(v), v, o, err, 200);
}

TEST(xc_xl_console_command_line)
{
    struct xc_opts o;
    char err[200];
    /* What libxl's console exec passes. */
    char **v = ARGV("7", "--num", "0", "--type", "pv", "--start-notify-fd", "5");

    CHECK_EQ(pc(v, 7, &o, err), 0);
    CHECK_EQ(o.domid, 7);
    CHECK_EQ(o.num, 0);
    CHECK_EQ(o.type, XC_TYPE_PV);
    CHECK_EQ(o.start_notify_fd, 5);
    CHECK_EQ(o.replace_escape, 1);
    CHECK_EQ(o.escape_char, XC_ESCAPE);
}

TEST(xc_forms)
{
    struct xc_opts o;
    char err[200];
    char **a = ARGV("--type=serial", "-n2", "-r", "12");
    char **b = ARGV("-t", "vuart", "--num=3", "--", "4");
    char **c = ARGV("5", "--escape", "^a");

    CHECK_EQ(pc(a, 4, &o, err), 0);
    CHECK_EQ(o.type, XC_TYPE_SERIAL);
    CHECK_EQ(o.num, 2);
    CHECK_EQ(o.replace_escape, 0);
    CHECK_EQ(o.domid, 12);
    CHECK_EQ(pc(b, 5, &o, err), 0);
    CHECK_EQ(o.type, XC_TYPE_VUART);
    CHECK_EQ(o.num, 3);
    CHECK_EQ(o.domid, 4);
    CHECK_EQ(pc(c, 3, &o, err), 0);
    CHECK_EQ(o.escape_char, 1);
}

TEST(xc_rejects)
{
    struct xc_opts o;
    char err[200];
    char *none[] = { "prog", NULL };
    char **a = ARGV("abc");
    char **b = ARGV("1", "2");
    char **c = ARGV("--type", "hvm", "1");
    char **d = ARGV("-n", "-1", "1");
    char **e = ARGV("99999");
    char **f = ARGV("--wat", "1");
    char **g = ARGV("1x");

    CHECK_EQ(pc(none, 1, &o, err), -1);
    CHECK(strstr(err, "DOMID") != NULL);
    CHECK_EQ(pc(a, 1, &o, err), -1);
    CHECK_EQ(pc(b, 2, &o, err), -1);
    CHECK_EQ(pc(c, 3, &o, err), -1);
    CHECK_EQ(pc(d, 3, &o, err), -1);
    CHECK_EQ(pc(e, 1, &o, err), -1);
    CHECK_EQ(pc(f, 2, &o, err), -1);
    CHECK_EQ(pc(g, 1, &o, err), -1);
}

TEST(xc_paths)
{
    char p[128];

    CHECK(xc_tty_path(p, sizeof(p), "/local/domain/3", XC_TYPE_PV, 0) > 0);
    CHECK_STR(p, "/local/domain/3/console/tty");
    CHECK(xc_tty_path(p, sizeof(p), "/local/domain/3", XC_TYPE_DEFAULT, 0) > 0);
    CHECK_STR(p, "/local/domain/3/console/tty");
    xc_tty_path(p, sizeof(p), "/local/domain/3", XC_TYPE_PV, 2);
    CHECK_STR(p, "/local/domain/3/device/console/2/tty");
    xc_tty_path(p, sizeof(p), "/local/domain/3", XC_TYPE_SERIAL, 1);
    CHECK_STR(p, "/local/domain/3/serial/1/tty");
    xc_tty_path(p, sizeof(p), "/local/domain/3", XC_TYPE_VUART, 0);
    CHECK_STR(p, "/local/domain/3/vuart/0/tty");
    CHECK_EQ(xc_tty_path(p, 10, "/local/domain/3", XC_TYPE_PV, 0), -1);
}

TEST(xc_escape)
{
    char buf[] = "ab\x1b[1mc";

    CHECK_EQ(xc_find_escape("hello", 5, XC_ESCAPE), -1);
    CHECK_EQ(xc_find_escape("\x1d", 1, XC_ESCAPE), 0);
    CHECK_EQ(xc_find_escape("ab\x1dxy\x1d", 6, XC_ESCAPE), 2);
    /* A NUL before it does not hide it. */
    CHECK_EQ(xc_find_escape("a\0b\x1d", 4, XC_ESCAPE), 3);
    CHECK_EQ(xc_find_escape("ab\x01", 3, 1), 2);
    CHECK_EQ(xc_parse_escape("^]"), 0x1d);
    CHECK_EQ(xc_parse_escape("^a"), 1);
    CHECK_EQ(xc_parse_escape("^A"), 1);
    CHECK_EQ(xc_parse_escape("q"), 'q');
    CHECK_EQ(xc_parse_escape("^"), '^');
    CHECK_EQ(xc_parse_escape("^1"), -1);
    CHECK_EQ(xc_parse_escape("ab"), -1);
    CHECK_EQ(xc_parse_escape(""), -1);
    xc_replace_escape(buf, sizeof(buf) - 1);
    CHECK_STR(buf, "ab.[1mc");
}

/* SPDX-License-Identifier: MIT */
/*
 * opts.h - xenconsoled's command line (Xen 4.17's option names).
 */
#ifndef XENOLITH_CONSOLED_OPTS_H
#define XENOLITH_CONSOLED_OPTS_H

#include <stdio.h>

#define CONSD_LOG_GUEST 1
#define CONSD_LOG_HV    2

struct consd_opts {
    int interactive;            /* -i: stay in the foreground */
    int verbose;                /* -v: debug messages */
    int log;                    /* CONSD_LOG_* bits */
    int timestamp;              /* CONSD_LOG_* bits: prefix lines with time */
    int overflow_keep;          /* -o keep: stop reading the ring when full */
    const char *log_dir;        /* default /var/log/xen/console */
    const char *pid_file;       /* NULL: none */
    int help;
    int version;
};

/*
 * Fills O from ARGV.  0 on success; on a bad argument -1 with a message
 * (no trailing newline) in ERR.  Does not print or exit.
 */
int consd_parse_args(int argc, char **argv, struct consd_opts *o,
                     char *err, size_t errlen);
void consd_usage(FILE *f, const char *prog);

#endif

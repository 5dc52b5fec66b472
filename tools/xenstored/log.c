/*
 * log.c - logging and message trace; see log.h.
 */
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include "log.h"

int log_level = LOG_WARN;
FILE *trace_file;
static FILE *log_file;

void log_open(const char *path)
{
    if (path) {
        FILE *f = fopen(path, "a");
        if (f) {
            setvbuf(f, NULL, _IOLBF, 0);
            log_file = f;
        }
    }
}

void log_msg(int level, const char *fmt, ...)
{
    static const char *names[] = { "error", "warning", "info", "debug" };
    if (level > log_level)
        return;
    FILE *f = log_file ? log_file : stderr;
    va_list ap;
    fprintf(f, "xenstored: %s: ", names[level & 3]);
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
}

static const char *type_name(uint32_t t)
{
    static const char *names[] = {
        "CONTROL", "DIRECTORY", "READ", "GET_PERMS", "WATCH", "UNWATCH",
        "TRANSACTION_START", "TRANSACTION_END", "INTRODUCE", "RELEASE",
        "GET_DOMAIN_PATH", "WRITE", "MKDIR", "RM", "SET_PERMS",
        "WATCH_EVENT", "ERROR", "IS_DOMAIN_INTRODUCED", "RESUME",
        "SET_TARGET", "(20)", "RESET_WATCHES", "DIRECTORY_PART",
    };
    return t < sizeof(names) / sizeof(names[0]) ? names[t] : "UNKNOWN";
}

void log_trace(const char *conn, const char *dir, uint32_t type,
               uint32_t req_id, uint32_t tx_id, const char *payload,
               uint32_t len)
{
    if (!trace_file)
        return;
    fprintf(trace_file, "%s %s %s (%u) req %u tx %u len %u \"", dir, conn,
            type_name(type), type, req_id, tx_id, len);
    /* NULs print as spaces; other unprintables as '.'. */
    for (uint32_t i = 0; i < len && i < 256; i++) {
        unsigned char ch = (unsigned char)payload[i];
        fputc(ch == 0 ? ' ' : (ch < 32 || ch > 126) ? '.' : ch, trace_file);
    }
    fputs(len > 256 ? "...\"\n" : "\"\n", trace_file);
    fflush(trace_file);
}

/*
 * log.h - levelled logging to stderr (or a file) and an optional trace of
 * every message in and out.
 */
#ifndef XENSTORED_LOG_H
#define XENSTORED_LOG_H

#include <stdio.h>
#include <stdint.h>

enum log_level { LOG_ERR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

extern int log_level;
extern FILE *trace_file;     /* NULL: tracing off */

void log_open(const char *path);   /* NULL: stderr */
void log_msg(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Traces one message: dir is "IN" or "OUT". */
void log_trace(const char *conn, const char *dir, uint32_t type,
               uint32_t req_id, uint32_t tx_id, const char *payload,
               uint32_t len);

#define LOGE(...) log_msg(LOG_ERR, __VA_ARGS__)
#define LOGW(...) log_msg(LOG_WARN, __VA_ARGS__)
#define LOGI(...) log_msg(LOG_INFO, __VA_ARGS__)
#define LOGD(...) do { if (log_level >= LOG_DEBUG) log_msg(LOG_DEBUG, __VA_ARGS__); } while (0)

#endif

/*
 * watch.h - watches and their events.
 *
 * A watch on path W fires for a change at path P when P is W or below it,
 * and once right after it is registered.  Special watches ("@...") fire
 * only for the matching special event.  Watches are indexed by path, so
 * firing costs one lookup per component of P, not a scan of all watches.
 */
#ifndef XENSTORED_WATCH_H
#define XENSTORED_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include "perms.h"

struct conn;

struct watch {
    struct watch *next_conn;    /* in the connection's list */
    struct watch *next_path;    /* others on the same path */
    struct watch *prev_path;
    struct conn *conn;
    char *path;                 /* absolute, or "@special" */
    char *token;
    unsigned int rel_strip;     /* bytes of prefix to strip in events */
};

int watch_init(void);
void watch_fini(void);
/* Adds a watch; path is canonical, rel_strip > 0 if given relative. */
int watch_add(struct conn *c, const char *path, const char *token,
              unsigned int rel_strip);
int watch_del(struct conn *c, const char *path, const char *token);
void watch_del_all(struct conn *c);
/* Queues the initial event of the watch just added. */
void watch_fire_one(struct watch *w, const char *path);

/* A node at path changed.  exact: fire only watches on path itself (a
 * deleted descendant); else watches on path and its ancestors.  Only
 * connections that may read a node with perms p[n] get the event. */
void watch_fire(const char *path, bool exact, const struct perm *p,
                uint32_t n);
/* A special event: "@introduceDomain" or "@releaseDomain". */
void watch_fire_special(const char *name);

#endif

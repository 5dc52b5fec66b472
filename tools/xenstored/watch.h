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
/* A special event: "@introduceDomain" or "@releaseDomain".  It reaches
 * the connections that may read the special node (see below). */
void watch_fire_special(const char *name);

/*
 * The special nodes carry a permission list like any node (Xen's default
 * is "n0": owner dom0, nobody else), so that a disaggregated setup can
 * let a driver domain see them.  They are not in the tree: GET_PERMS and
 * SET_PERMS on "@introduceDomain" and "@releaseDomain" reach them here;
 * any other "@" name is ENOENT.
 */
/* The list of name, or NULL if it is not a special node. */
const struct perm *special_perms(const char *name, uint32_t *n);
/* Replaces the list; 0, ENOENT or ENOMEM. */
int special_set_perms(const char *name, const struct perm *p, uint32_t n);
/* Drops domid's entries (a released domain); the owner entry stays. */
void special_forget_domain(uint32_t domid);

#endif

/*
 * transaction.h - isolated transactions with optimistic conflict checks.
 *
 * A transaction records every node it touches the first time it touches it,
 * with that node's committed generation (0 for "did not exist").  Reads see
 * that first version or the transaction's own changes; nothing it writes is
 * visible outside until commit.  Commit succeeds only if every recorded node
 * still has the recorded generation; then all changes are installed at once
 * (no other request runs in between) and their watch events fire.
 * Otherwise the transaction fails with EAGAIN and changes nothing.
 *
 * The "view" functions take t == NULL to mean the committed tree directly.
 */
#ifndef XENSTORED_TRANSACTION_H
#define XENSTORED_TRANSACTION_H

#include <stdint.h>
#include <stdbool.h>
#include "hashtab.h"
#include "tree.h"

struct conn;

/* Entries and events are one allocation each, their strings inline. */
struct tx_entry {
    uint64_t seen_gen;      /* committed generation when first seen */
    struct node *node;      /* current view; NULL = absent */
    struct tx_entry *next;  /* in order of first access */
    bool modified;
    char path[];
};

struct tx_event {
    struct tx_event *next;
    const char *path;       /* after the perms, in the same allocation */
    bool exact;
    uint32_t nperms;
    struct perm perms[];
};

struct transaction {
    struct transaction *next;   /* in the connection's list */
    uint32_t id;
    struct hashtab entries;
    struct tx_entry *first, **last;
    unsigned int nentries;
    int node_delta;             /* nodes the connection's domain gains */
    struct tx_event *events, **events_last;
};

struct transaction *tx_new(uint32_t id);
void tx_free(struct transaction *t);
struct transaction *tx_find(struct conn *c, uint32_t id);

/* Current node at path in the view (shared: copy before changing), or NULL
 * with *err = ENOENT, or ENOSPC when the transaction touches too many. */
struct node *view_get(struct transaction *t, const char *path, int *err);
/* Replaces the node of that name in the view; takes the reference. */
int view_put(struct transaction *t, struct node *n);
/* Removes the single node at path from the view. */
int view_del(struct transaction *t, const char *path);

/* Records a watch event to fire on commit. */
int tx_add_event(struct transaction *t, const char *path, bool exact,
                 const struct perm *p, uint32_t n);
/* Checks and installs; returns 0 or EAGAIN (or ENOMEM). */
int tx_commit(struct transaction *t);

#endif

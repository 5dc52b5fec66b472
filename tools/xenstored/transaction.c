/*
 * transaction.c - transactions and the tree "view"; see transaction.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "conn.h"
#include "quota.h"
#include "transaction.h"
#include "watch.h"

static const char *entry_key(const void *v)
{
    return ((const struct tx_entry *)v)->path;
}

struct transaction *tx_new(uint32_t id)
{
    struct transaction *t = calloc(1, sizeof(*t));
    if (!t || ht_init(&t->entries, 16, entry_key) != 0) {
        free(t);
        return NULL;
    }
    t->id = id;
    t->last = &t->first;
    t->events_last = &t->events;
    return t;
}

void tx_free(struct transaction *t)
{
    struct tx_entry *e = t->first;
    while (e) {
        struct tx_entry *n = e->next;
        node_unref(e->node);
        free(e);
        e = n;
    }
    struct tx_event *ev = t->events;
    while (ev) {
        struct tx_event *n = ev->next;
        free(ev);
        ev = n;
    }
    ht_free(&t->entries);
    free(t);
}

struct transaction *tx_find(struct conn *c, uint32_t id)
{
    for (struct transaction *t = c->txs; t; t = t->next)
        if (t->id == id)
            return t;
    return NULL;
}

/* The entry for path, recording the committed version on first touch. */
static struct tx_entry *entry_for(struct transaction *t, const char *path,
                                  int *err)
{
    struct tx_entry *e = ht_get(&t->entries, path);
    if (e)
        return e;
    if (t->nentries >= quota.tx_nodes) {
        *err = ENOSPC;
        return NULL;
    }
    size_t pl = strlen(path) + 1;
    e = malloc(sizeof(*e) + pl);
    if (!e) {
        *err = ENOMEM;
        return NULL;
    }
    memcpy(e->path, path, pl);
    e->seen_gen = 0;
    e->next = NULL;
    e->modified = false;
    e->node = tree_lookup(path);
    if (e->node) {
        node_ref(e->node);
        e->seen_gen = e->node->generation;
    }
    if (ht_put(&t->entries, e) != 0) {
        node_unref(e->node);
        free(e);
        *err = ENOMEM;
        return NULL;
    }
    *t->last = e;
    t->last = &e->next;
    t->nentries++;
    return e;
}

struct node *view_get(struct transaction *t, const char *path, int *err)
{
    struct node *n;
    *err = ENOENT;
    if (!t) {
        n = tree_lookup(path);
    } else {
        struct tx_entry *e = entry_for(t, path, err);
        n = e ? e->node : NULL;
    }
    return n;
}

int view_put(struct transaction *t, struct node *n)
{
    if (!t)
        return tree_install(n);
    int err;
    struct tx_entry *e = entry_for(t, n->name, &err);
    if (!e) {
        node_unref(n);
        return err;
    }
    node_unref(e->node);
    e->node = n;
    e->modified = true;
    return 0;
}

int view_del(struct transaction *t, const char *path)
{
    if (!t) {
        tree_remove(path);
        return 0;
    }
    int err;
    struct tx_entry *e = entry_for(t, path, &err);
    if (!e)
        return err;
    node_unref(e->node);
    e->node = NULL;
    e->modified = true;
    return 0;
}

int tx_add_event(struct transaction *t, const char *path, bool exact,
                 const struct perm *p, uint32_t n)
{
    size_t pl = strlen(path) + 1;
    struct tx_event *ev = malloc(sizeof(*ev) + n * sizeof(*p) + pl);
    if (!ev)
        return ENOMEM;
    memcpy(ev->perms, p, n * sizeof(*p));
    char *cp = (char *)(ev->perms + n);
    memcpy(cp, path, pl);
    ev->path = cp;
    ev->next = NULL;
    ev->nperms = n;
    ev->exact = exact;
    *t->events_last = ev;
    t->events_last = &ev->next;
    return 0;
}

/* True if every node the transaction touched is still as it saw it. */
static bool tx_still_valid(const struct transaction *t)
{
    for (const struct tx_entry *e = t->first; e; e = e->next) {
        const struct node *now = tree_lookup(e->path);
        uint64_t gen = now ? now->generation : 0;
        if (gen != e->seen_gen)
            return false;
    }
    return true;
}

int tx_commit(struct transaction *t)
{
    if (!tx_still_valid(t))
        return EAGAIN;
    /* Install: from here on nothing may fail half-way, so installs reuse
     * the entries' nodes (hash growth is the only allocation; should it
     * fail the node stays as it was, and the failure is logged by the
     * caller through the return value). */
    int ret = 0;
    for (struct tx_entry *e = t->first; e; e = e->next) {
        if (!e->modified)
            continue;
        if (e->node) {
            /* The tree takes a reference; the entry keeps its own. */
            node_ref(e->node);
            if (tree_install(e->node) != 0) {
                node_unref(e->node);
                ret = ENOMEM;
            }
        } else {
            tree_remove(e->path);
        }
    }
    for (struct tx_event *ev = t->events; ev; ev = ev->next)
        watch_fire(ev->path, ev->exact, ev->perms, ev->nperms);
    return ret;
}

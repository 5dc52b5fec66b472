/*
 * tree.h - the committed xenstore tree.
 *
 * Nodes live in one hash table keyed by full path.  Every node's parent
 * exists and lists it among its children (the root "/" always exists).
 * A node may be shared with open transactions: while refs > 1 it is never
 * changed in place (writers copy it first), so a transaction's view of a
 * node it has read stays stable until it is released.
 */
#ifndef XENSTORED_TREE_H
#define XENSTORED_TREE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "perms.h"

/*
 * One allocation holds the node: header, full path (the hash key), then
 * its permissions (4-byte aligned) and value.  A node's value and
 * permissions never change in place: a new value or permission list makes
 * a new node (node_with_data/node_with_perms), which is what copy-on-write
 * does anyway.  Only the child list, which changes as children come and
 * go, has an allocation of its own; an empty one points at a shared "".
 */
struct node {
    uint64_t generation;  /* changes whenever the node is committed */
    char *children;       /* leaf names, each followed by NUL, in order */
    uint32_t refs;        /* the tree's reference plus transactions' */
    uint32_t datalen;
    uint32_t childlen;
    uint16_t nperms;      /* >= 1; the first entry is the owner */
    uint16_t namelen;     /* strlen(name) */
    char name[];          /* full path; then perms, then data */
};

static inline struct perm *node_perms(const struct node *n)
{
    size_t off = (offsetof(struct node, name) + n->namelen + 1 +
                  _Alignof(struct perm) - 1) & ~(_Alignof(struct perm) - 1);
    return (struct perm *)((char *)n + off);
}

/* The value, datalen bytes (not NUL-terminated). */
static inline char *node_data(const struct node *n)
{
    return (char *)(node_perms(n) + n->nperms);
}

/* Tree lifetime; tree_init creates "/" owned by dom0, no access to others. */
int tree_init(void);
void tree_fini(void);
size_t tree_count(void);

struct node *tree_lookup(const char *path);
/* Installs n (one reference passes to the tree) in place of any node of
 * the same name, giving it a new generation.  The caller keeps parents'
 * children lists consistent. */
int tree_install(struct node *n);
/* Removes the node named path (not its children) from the tree. */
void tree_remove(const char *path);
/* The generation most recently given to a node. */
uint64_t tree_generation(void);

/* Node objects. */
struct node *node_new(const char *name, const struct perm *perms,
                      uint32_t nperms);
/* node_new with a value, all in one allocation. */
struct node *node_new_data(const char *name, const struct perm *perms,
                           uint32_t nperms, const void *data, uint32_t len);
struct node *node_copy(const struct node *n);   /* deep copy, refs = 1 */
/* Copies of n with another value, or other permissions (num >= 1);
 * NULL when memory ran out. */
struct node *node_with_data(const struct node *n, const void *data,
                            uint32_t len);
struct node *node_with_perms(const struct node *n, const struct perm *p,
                             uint32_t num);
void node_ref(struct node *n);
void node_unref(struct node *n);
bool node_has_child(const struct node *n, const char *leaf);
int node_add_child(struct node *n, const char *leaf);
void node_del_child(struct node *n, const char *leaf);
/* Bytes a node costs its owner: what the memory quota counts. */
size_t node_size(const struct node *n);

/* Paths. */
/* True for a syntactically valid absolute path of at most maxlen bytes. */
bool path_valid(const char *path, size_t maxlen);
/* Writes the parent of a valid absolute path other than "/" into out
 * (which holds strlen(path)+1 bytes). */
void path_parent(const char *path, char *out);
const char *path_leaf(const char *path);
/* True if child equals parent or lies below it. */
bool path_is_child(const char *child, const char *parent);

/* Per-owner accounting hook, called as nodes enter (+1) and leave (-1)
 * the committed tree. */
extern void (*tree_account)(uint32_t owner, int nodes, long bytes);

#endif

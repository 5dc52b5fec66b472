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
 * One allocation holds the node, its name, and its permissions and value
 * as they were when the node was made; a later change of value or
 * permissions moves that field to its own allocation (flags say which).
 * Empty values and child lists point at a shared "" and own nothing.
 */
struct node {
    uint64_t generation;  /* changes whenever the node is committed */
    char *data;           /* value, datalen bytes (not NUL-terminated) */
    char *children;       /* leaf names, each followed by NUL, in order */
    struct perm *perms;   /* nperms >= 1; perms[0] is the owner */
    uint32_t refs;        /* the tree's reference plus transactions' */
    uint32_t datalen;
    uint32_t childlen;
    uint16_t nperms;
    uint16_t own;         /* NODE_OWN_*: fields allocated on their own */
    char name[];          /* full path, the hash key; then perms, data */
};
#define NODE_OWN_DATA     1
#define NODE_OWN_CHILDREN 2
#define NODE_OWN_PERMS    4

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
void node_ref(struct node *n);
void node_unref(struct node *n);
int node_set_data(struct node *n, const void *data, uint32_t len);
int node_set_perms(struct node *n, const struct perm *p, uint32_t num);
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

/*
 * tree.c - the committed tree and node objects; see tree.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "hashtab.h"
#include "slab.h"
#include "tree.h"

static struct hashtab nodes;

static const char *node_key(const void *v)
{
    return ((const struct node *)v)->name;
}
static uint64_t generation;

static void account_none(uint32_t owner, int n, long bytes)
{
    (void)owner; (void)n; (void)bytes;
}
void (*tree_account)(uint32_t owner, int nodes, long bytes) = account_none;

static char empty[1];

/* A node with the given name, permissions and value, no children. */
static struct node *node_build(const char *name, size_t nl,
                               const struct perm *perms, uint32_t nperms,
                               const void *data, uint32_t len)
{
    if (nperms == 0 || nperms > UINT16_MAX || nl > UINT16_MAX)
        return NULL;
    size_t poff = (offsetof(struct node, name) + nl + 1 +
                   _Alignof(struct perm) - 1) & ~(_Alignof(struct perm) - 1);
    size_t doff = poff + nperms * sizeof(*perms);
    struct node *n = slab_alloc(doff + len);
    if (!n)
        return NULL;
    n->generation = 0;
    n->children = empty;
    n->refs = 1;
    n->datalen = len;
    n->childlen = 0;
    n->nperms = (uint16_t)nperms;
    n->namelen = (uint16_t)nl;
    memcpy(n->name, name, nl);
    n->name[nl] = '\0';
    memcpy((char *)n + poff, perms, nperms * sizeof(*perms));
    if (len)
        memcpy((char *)n + doff, data, len);
    return n;
}

struct node *node_new_data(const char *name, const struct perm *perms,
                           uint32_t nperms, const void *data, uint32_t len)
{
    return node_build(name, strlen(name), perms, nperms, data, len);
}

struct node *node_new(const char *name, const struct perm *perms,
                      uint32_t nperms)
{
    return node_new_data(name, perms, nperms, NULL, 0);
}

/* A copy of o, children and generation included, with the permissions
 * and value given. */
static struct node *node_derive(const struct node *o, const struct perm *p,
                                uint32_t np, const void *data, uint32_t len)
{
    struct node *n = node_build(o->name, o->namelen, p, np, data, len);
    if (!n)
        return NULL;
    n->generation = o->generation;
    if (o->childlen) {
        n->children = malloc(o->childlen);
        if (!n->children) {
            n->children = empty;
            node_unref(n);
            return NULL;
        }
        memcpy(n->children, o->children, o->childlen);
        n->childlen = o->childlen;
    }
    return n;
}

struct node *node_copy(const struct node *o)
{
    return node_derive(o, node_perms(o), o->nperms, node_data(o),
                       o->datalen);
}

struct node *node_with_data(const struct node *o, const void *data,
                            uint32_t len)
{
    return node_derive(o, node_perms(o), o->nperms, data, len);
}

struct node *node_with_perms(const struct node *o, const struct perm *p,
                             uint32_t num)
{
    return node_derive(o, p, num, node_data(o), o->datalen);
}

void node_ref(struct node *n)
{
    n->refs++;
}

void node_unref(struct node *n)
{
    if (!n || --n->refs)
        return;
    if (n->children != empty)
        free(n->children);
    slab_free(n, (size_t)(node_data(n) - (char *)n) + n->datalen);
}

/* Offset of leaf in the children list, or -1. */
static long child_offset(const struct node *n, const char *leaf)
{
    size_t ll = strlen(leaf) + 1;
    for (uint32_t off = 0; off < n->childlen;) {
        const char *c = n->children + off;
        size_t cl = strlen(c) + 1;
        if (cl == ll && memcmp(c, leaf, ll) == 0)
            return (long)off;
        off += (uint32_t)cl;
    }
    return -1;
}

bool node_has_child(const struct node *n, const char *leaf)
{
    return child_offset(n, leaf) >= 0;
}

int node_add_child(struct node *n, const char *leaf)
{
    size_t ll = strlen(leaf) + 1;
    char *old = n->children != empty ? n->children : NULL;
    char *c = realloc(old, n->childlen + ll);
    if (!c)
        return ENOMEM;
    memcpy(c + n->childlen, leaf, ll);
    n->children = c;
    n->childlen += (uint32_t)ll;
    return 0;
}

void node_del_child(struct node *n, const char *leaf)
{
    long off = child_offset(n, leaf);
    if (off < 0)
        return;
    size_t ll = strlen(leaf) + 1;
    memmove(n->children + off, n->children + off + ll,
            n->childlen - (size_t)off - ll);
    n->childlen -= (uint32_t)ll;
}

size_t node_size(const struct node *n)
{
    return offsetof(struct node, name) + n->namelen + 1 + n->datalen +
           n->childlen + n->nperms * sizeof(struct perm);
}

int tree_init(void)
{
    static const struct perm root_perm = { 0, PERM_NONE };
    if (ht_init(&nodes, 1024, node_key) != 0)
        return ENOMEM;
    generation = 0;
    struct node *root = node_new("/", &root_perm, 1);
    if (!root)
        return ENOMEM;
    return tree_install(root);
}

void tree_fini(void)
{
    void *v;
    for (size_t i = 0; (i = ht_next(&nodes, i, &v)) != 0;)
        node_unref(v);
    ht_free(&nodes);
}

size_t tree_count(void)
{
    return nodes.count;
}

uint64_t tree_generation(void)
{
    return generation;
}

struct node *tree_lookup(const char *path)
{
    return ht_get(&nodes, path);
}

int tree_install(struct node *n)
{
    struct node *old = ht_get(&nodes, n->name);
    if (ht_put(&nodes, n) != 0)
        return ENOMEM;
    n->generation = ++generation;
    tree_account(node_perms(n)[0].id, 1, (long)node_size(n));
    if (old) {
        tree_account(node_perms(old)[0].id, -1, -(long)node_size(old));
        node_unref(old);
    }
    return 0;
}

void tree_remove(const char *path)
{
    struct node *old = ht_del(&nodes, path);
    if (old) {
        generation++;
        tree_account(node_perms(old)[0].id, -1, -(long)node_size(old));
        node_unref(old);
    }
}

static bool path_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
           c == '@';
}

bool path_valid(const char *path, size_t maxlen)
{
    size_t len = strlen(path);
    if (len == 0 || len > maxlen || path[0] != '/')
        return false;
    if (len > 1 && path[len - 1] == '/')
        return false;
    for (size_t i = 0; i < len; i++) {
        if (!path_char_ok(path[i]))
            return false;
        if (path[i] == '/' && path[i + 1] == '/')
            return false;
    }
    return true;
}

void path_parent(const char *path, char *out)
{
    const char *slash = strrchr(path, '/');
    size_t len = (size_t)(slash - path);
    if (len == 0)
        len = 1;            /* parent of "/x" is "/" */
    memcpy(out, path, len);
    out[len] = '\0';
}

const char *path_leaf(const char *path)
{
    return strrchr(path, '/') + 1;
}

bool path_is_child(const char *child, const char *parent)
{
    size_t pl = strlen(parent);
    if (strcmp(parent, "/") == 0)
        return child[0] == '/';
    return strncmp(child, parent, pl) == 0 &&
           (child[pl] == '\0' || child[pl] == '/');
}

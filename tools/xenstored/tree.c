/*
 * tree.c - the committed tree and node objects; see tree.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "hashtab.h"
#include "tree.h"

static struct hashtab nodes;
static uint64_t generation;

static void account_none(uint32_t owner, int n, long bytes)
{
    (void)owner; (void)n; (void)bytes;
}
void (*tree_account)(uint32_t owner, int nodes, long bytes) = account_none;

static char empty[1];

struct node *node_new_data(const char *name, const struct perm *perms,
                           uint32_t nperms, const void *data, uint32_t len)
{
    if (nperms > UINT16_MAX)
        return NULL;
    size_t nl = strlen(name) + 1;
    size_t poff = (sizeof(struct node) + nl + _Alignof(struct perm) - 1) &
                  ~(_Alignof(struct perm) - 1);
    size_t doff = poff + nperms * sizeof(*perms);
    struct node *n = malloc(doff + len);
    if (!n)
        return NULL;
    memset(n, 0, sizeof(*n));
    memcpy(n->name, name, nl);
    n->perms = (struct perm *)((char *)n + poff);
    memcpy(n->perms, perms, nperms * sizeof(*perms));
    n->nperms = (uint16_t)nperms;
    n->data = len ? (char *)n + doff : empty;
    if (len)
        memcpy(n->data, data, len);
    n->datalen = len;
    n->children = empty;
    n->refs = 1;
    return n;
}

struct node *node_new(const char *name, const struct perm *perms,
                      uint32_t nperms)
{
    return node_new_data(name, perms, nperms, NULL, 0);
}

struct node *node_copy(const struct node *o)
{
    struct node *n = node_new_data(o->name, o->perms, o->nperms, o->data,
                                   o->datalen);
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
        n->own |= NODE_OWN_CHILDREN;
        n->childlen = o->childlen;
    }
    return n;
}

void node_ref(struct node *n)
{
    n->refs++;
}

void node_unref(struct node *n)
{
    if (!n || --n->refs)
        return;
    if (n->own & NODE_OWN_DATA)
        free(n->data);
    if (n->own & NODE_OWN_CHILDREN)
        free(n->children);
    if (n->own & NODE_OWN_PERMS)
        free(n->perms);
    free(n);
}

int node_set_data(struct node *n, const void *data, uint32_t len)
{
    char *d = empty;
    if (len) {
        d = malloc(len);
        if (!d)
            return ENOMEM;
        memcpy(d, data, len);
    }
    if (n->own & NODE_OWN_DATA)
        free(n->data);
    n->data = d;
    n->datalen = len;
    if (len)
        n->own |= NODE_OWN_DATA;
    else
        n->own &= (uint16_t)~NODE_OWN_DATA;
    return 0;
}

int node_set_perms(struct node *n, const struct perm *p, uint32_t num)
{
    if (num == 0 || num > UINT16_MAX)
        return EINVAL;
    struct perm *np = malloc(num * sizeof(*p));
    if (!np)
        return ENOMEM;
    memcpy(np, p, num * sizeof(*p));
    if (n->own & NODE_OWN_PERMS)
        free(n->perms);
    n->perms = np;
    n->nperms = (uint16_t)num;
    n->own |= NODE_OWN_PERMS;
    return 0;
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
    char *old = (n->own & NODE_OWN_CHILDREN) ? n->children : NULL;
    char *c = realloc(old, n->childlen + ll);
    if (!c)
        return ENOMEM;
    memcpy(c + n->childlen, leaf, ll);
    n->children = c;
    n->childlen += (uint32_t)ll;
    n->own |= NODE_OWN_CHILDREN;
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
    return sizeof(*n) + strlen(n->name) + 1 + n->datalen + n->childlen +
           n->nperms * sizeof(struct perm);
}

int tree_init(void)
{
    static const struct perm root_perm = { 0, PERM_NONE };
    if (ht_init(&nodes, 1024) != 0)
        return ENOMEM;
    generation = 0;
    struct node *root = node_new("/", &root_perm, 1);
    if (!root)
        return ENOMEM;
    return tree_install(root);
}

void tree_fini(void)
{
    const char *k;
    void *v;
    for (size_t i = 0; (i = ht_next(&nodes, i, &k, &v)) != 0;)
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
    if (ht_put(&nodes, n->name, n) != 0)
        return ENOMEM;
    n->generation = ++generation;
    tree_account(n->perms[0].id, 1, (long)node_size(n));
    if (old) {
        tree_account(old->perms[0].id, -1, -(long)node_size(old));
        node_unref(old);
    }
    return 0;
}

void tree_remove(const char *path)
{
    struct node *old = ht_del(&nodes, path);
    if (old) {
        generation++;
        tree_account(old->perms[0].id, -1, -(long)node_size(old));
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

/*
 * watch.c - watch registry and event delivery; see watch.h.
 *
 * Invariant: every watch is on exactly two lists, its connection's
 * (next_conn) and the per-path chain that `bypath` maps its path to.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "conn.h"
#include "hashtab.h"
#include "log.h"
#include "quota.h"
#include "watch.h"

static struct hashtab bypath;

static const char *watch_key(const void *v)
{
    return ((const struct watch *)v)->path;
}

int watch_init(void)
{
    return ht_init(&bypath, 256, watch_key) ? ENOMEM : 0;
}

void watch_fini(void)
{
    ht_free(&bypath);
}

static void unlink_path(struct watch *w)
{
    if (w->prev_path) {
        w->prev_path->next_path = w->next_path;
    } else if (w->next_path) {
        /* The chain head changes: rekey on the next watch's own copy. */
        ht_del(&bypath, w->path);
        ht_put(&bypath, w->next_path);
    } else {
        ht_del(&bypath, w->path);
    }
    if (w->next_path)
        w->next_path->prev_path = w->prev_path;
}

static void watch_destroy(struct watch *w)
{
    unlink_path(w);
    free(w->path);
    free(w->token);
    free(w);
}

int watch_add(struct conn *c, const char *path, const char *token,
              unsigned int rel_strip)
{
    for (struct watch *w = c->watches; w; w = w->next_conn)
        if (!strcmp(w->path, path) && !strcmp(w->token, token))
            return EEXIST;
    if (!c->who.privileged && c->nwatches >= quota.watches)
        return E2BIG;
    struct watch *w = calloc(1, sizeof(*w));
    if (!w)
        return ENOMEM;
    w->path = strdup(path);
    w->token = strdup(token);
    if (!w->path || !w->token) {
        free(w->path); free(w->token); free(w);
        return ENOMEM;
    }
    w->conn = c;
    w->rel_strip = rel_strip;
    /* New watches go to the head of the path chain. */
    struct watch *head = ht_get(&bypath, path);
    if (ht_put(&bypath, w) != 0) {
        free(w->path); free(w->token); free(w);
        return ENOMEM;
    }
    w->next_path = head;
    if (head)
        head->prev_path = w;
    w->next_conn = c->watches;
    c->watches = w;
    c->nwatches++;
    return 0;
}

int watch_del(struct conn *c, const char *path, const char *token)
{
    for (struct watch **pw = &c->watches; *pw; pw = &(*pw)->next_conn) {
        struct watch *w = *pw;
        if (strcmp(w->path, path) || strcmp(w->token, token))
            continue;
        *pw = w->next_conn;
        c->nwatches--;
        watch_destroy(w);
        return 0;
    }
    return ENOENT;
}

void watch_del_all(struct conn *c)
{
    while (c->watches) {
        struct watch *w = c->watches;
        c->watches = w->next_conn;
        watch_destroy(w);
    }
    c->nwatches = 0;
}

void watch_fire_one(struct watch *w, const char *path)
{
    const char *p = path;
    if (w->rel_strip && strlen(path) > w->rel_strip)
        p = path + w->rel_strip;
    conn_send(w->conn, XS_WATCH_EVENT, 0, 0, p, strlen(p) + 1, w->token,
              strlen(w->token) + 1, true);
}

static void fire_chain(const char *key, const char *path, const struct perm *p,
                       uint32_t n)
{
    for (struct watch *w = ht_get(&bypath, key); w; w = w->next_path) {
        if (p && !(perms_for(p, n, &w->conn->who) & PERM_READ))
            continue;
        watch_fire_one(w, path);
    }
}

void watch_fire(const char *path, bool exact, const struct perm *p,
                uint32_t n)
{
    if (bypath.count == 0)
        return;
    fire_chain(path, path, p, n);
    if (exact)
        return;
    /* Walk the ancestors: "/a/b/c" -> "/a/b" -> "/a" -> "/". */
    size_t len = strlen(path);
    char buf[len + 1];
    memcpy(buf, path, len + 1);
    while (len > 1) {
        while (len > 1 && buf[len - 1] != '/')
            len--;
        if (len > 1)
            len--;          /* drop the slash, except for the root */
        buf[len] = '\0';
        fire_chain(buf, path, p, n);
    }
}

struct special {
    const char *name;
    struct perm *perms;         /* NULL: the default, "n0" */
    uint32_t nperms;
};
static struct special specials[] = {
    { "@introduceDomain", NULL, 0 },
    { "@releaseDomain", NULL, 0 },
};
static const struct perm special_default = { 0, PERM_NONE };

static struct special *special_find(const char *name)
{
    for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
        if (!strcmp(specials[i].name, name))
            return &specials[i];
    return NULL;
}

const struct perm *special_perms(const char *name, uint32_t *n)
{
    struct special *s = special_find(name);
    if (!s)
        return NULL;
    if (!s->perms) {
        *n = 1;
        return &special_default;
    }
    *n = s->nperms;
    return s->perms;
}

int special_set_perms(const char *name, const struct perm *p, uint32_t n)
{
    struct special *s = special_find(name);
    if (!s)
        return ENOENT;
    struct perm *copy = malloc(n * sizeof(*copy));
    if (!copy)
        return ENOMEM;
    memcpy(copy, p, n * sizeof(*copy));
    free(s->perms);
    s->perms = copy;
    s->nperms = n;
    return 0;
}

void special_forget_domain(uint32_t domid)
{
    for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
        struct special *s = &specials[i];
        uint32_t out = s->perms ? 1 : 0;
        for (uint32_t j = 1; s->perms && j < s->nperms; j++)
            if (s->perms[j].id != domid)
                s->perms[out++] = s->perms[j];
        s->nperms = out;
    }
}

void watch_fire_special(const char *name)
{
    uint32_t n = 0;
    const struct perm *p = special_perms(name, &n);
    for (struct watch *w = ht_get(&bypath, name); w; w = w->next_path)
        if (p && (perms_for(p, n, &w->conn->who) & PERM_READ))
            watch_fire_one(w, name);
}

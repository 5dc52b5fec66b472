/*
 * ops.c - one handler per request type, and the tree operations they
 * share (lookup with permission checks, create with parents, recursive
 * delete).  Handlers never change a node they looked up in place: they
 * copy it, change the copy and put the copy into the view.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain.h"
#include "log.h"
#include "protocol.h"
#include "quota.h"
#include "watch.h"

#define PATHBUF (XENSTORE_ABS_PATH_MAX + 64)

/* ---- paths ---- */

/* Makes path absolute: relative ones are below the caller's home
 * /local/domain/<id>.  *strip gets the prefix length for relative ones. */
static int canonicalize(const struct request *r, const char *in, char *out,
                        bool allow_special, unsigned int *strip)
{
    size_t inlen = strlen(in);
    if (strip)
        *strip = 0;
    if (inlen > XENSTORE_ABS_PATH_MAX)
        return EINVAL;
    if (in[0] == '@') {
        if (!allow_special)
            return EINVAL;
        memcpy(out, in, inlen + 1);
        /* Special names: '@' then letters, digits, '-' and '_'. */
        for (size_t i = 1; i < inlen; i++) {
            char ch = in[i];
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
                return EINVAL;
        }
        return inlen > 1 ? 0 : EINVAL;
    }
    if (in[0] == '/') {
        memcpy(out, in, inlen + 1);
    } else {
        int n = snprintf(out, PATHBUF, "/local/domain/%u/%s",
                         (unsigned)r->c->who.domid, in);
        if (n < 0 || n >= PATHBUF)
            return EINVAL;
        if (strip)
            *strip = (unsigned int)(n - (int)inlen);
    }
    if (!path_valid(out, XENSTORE_ABS_PATH_MAX))
        return EINVAL;
    if (!r->c->who.privileged) {
        /* The relative-length limit applies below the domain's home. */
        char home[32];
        int hl = snprintf(home, sizeof(home), "/local/domain/%u/",
                          (unsigned)r->c->who.domid);
        size_t len = strlen(out);
        if (strncmp(out, home, (size_t)hl) == 0)
            len -= (size_t)hl;
        if (len > quota.path_max)
            return EINVAL;
    }
    return 0;
}

/* ---- lookup ---- */

/* Error for a missing node: EACCES if the nearest existing ancestor does
 * not grant perm (so the caller learns nothing about hidden trees). */
static int missing_errno(struct request *r, const char *path,
                         unsigned int perm)
{
    size_t len = strlen(path);
    char *buf = malloc(len + 1);
    if (!buf)
        return ENOMEM;
    memcpy(buf, path, len + 1);
    int err = ENOENT;
    while (strcmp(buf, "/") != 0) {
        path_parent(buf, buf);
        int e;
        struct node *n = view_get(r->t, buf, &e);
        if (!n) {
            if (e != ENOENT) {
                err = e;
                break;
            }
            continue;
        }
        if ((perms_for(node_perms(n), n->nperms, &r->c->who) & perm) != perm)
            err = EACCES;
        break;
    }
    free(buf);
    return err;
}

static int lookup(struct request *r, const char *path, unsigned int perm,
                  struct node **out)
{
    int err;
    struct node *n = view_get(r->t, path, &err);
    if (!n)
        return err == ENOENT ? missing_errno(r, path, perm) : err;
    if ((perms_for(node_perms(n), n->nperms, &r->c->who) & perm) != perm)
        return EACCES;
    *out = n;
    return 0;
}

/* ---- changes ---- */

static int emit(struct request *r, const char *path, bool exact,
                const struct perm *p, uint32_t n)
{
    if (r->t)
        return tx_add_event(r->t, path, exact, p, n);
    watch_fire(path, exact, p, n);
    return 0;
}

static int check_size(struct request *r, const struct node *n)
{
    if (!r->c->who.privileged && n->datalen + n->childlen > quota.node_size)
        return ENOSPC;
    return 0;
}

/* Nodes the caller's domain may still create. */
static int check_node_quota(struct request *r, unsigned int more)
{
    if (r->c->who.privileged)
        return 0;
    long have = (long)quota_nodes_of(r->c->who.domid) +
                (r->t ? r->t->node_delta : 0);
    if (have + (long)more > (long)quota.nodes)
        return ENOSPC;
    if (r->t && r->t->nentries + more + 1 > quota.tx_nodes)
        return ENOSPC;
    return 0;
}

/* Creates path, and any missing ancestors, with value data.  The nearest
 * existing ancestor has been checked for write access by the caller. */
static int create_node(struct request *r, const char *path,
                       const void *data, uint32_t len)
{
    size_t plen = strlen(path);
    char *anc = malloc(plen + 1);
    if (!anc)
        return ENOMEM;
    memcpy(anc, path, plen + 1);

    /* Find the nearest existing ancestor, counting missing levels. */
    unsigned int missing = 1;
    struct node *parent;
    int err;
    for (;;) {
        path_parent(anc, anc);
        parent = view_get(r->t, anc, &err);
        if (parent)
            break;
        if (err != ENOENT) {
            free(anc);
            return err;
        }
        missing++;
    }
    err = check_node_quota(r, missing);
    if (err) {
        free(anc);
        return err;
    }
    size_t alen = strlen(anc);
    free(anc);

    /* New nodes inherit the parent's permissions; a domain owns what it
     * creates. */
    struct perm *perms = malloc(parent->nperms * sizeof(*perms));
    if (!perms)
        return ENOMEM;
    uint32_t nperms = parent->nperms;
    memcpy(perms, node_perms(parent), nperms * sizeof(*perms));
    if (!r->c->who.privileged)
        perms[0].id = r->c->who.domid;

    /* Walk down from the ancestor: each level adds the next one as a
     * child and goes into the view once complete. */
    struct node *cur = node_copy(parent);
    err = cur ? 0 : ENOMEM;
    size_t pos = alen;          /* length of cur's path */
    while (!err) {
        size_t start = pos == 1 ? 1 : pos + 1;
        const char *slash = strchr(path + start, '/');
        size_t end = slash ? (size_t)(slash - path) : plen;
        char *sub = malloc(end + 1);
        if (!sub) {
            node_unref(cur);
            err = ENOMEM;
            break;
        }
        memcpy(sub, path, end);
        sub[end] = '\0';
        err = node_add_child(cur, sub + start);
        if (!err)
            err = check_size(r, cur);
        if (err)
            node_unref(cur);
        else
            err = view_put(r->t, cur);
        /* The node asked for gets its value in the same allocation. */
        cur = err ? NULL : end < plen ? node_new(sub, perms, nperms)
                                      : node_new_data(sub, perms, nperms,
                                                      data, len);
        free(sub);
        if (!err && !cur)
            err = ENOMEM;
        if (err)
            break;
        if (r->t && r->c->who.domid == perms[0].id)
            r->t->node_delta++;
        pos = end;
        if (end < plen)
            continue;
        /* cur is the node asked for. */
        err = check_size(r, cur);
        if (err) {
            node_unref(cur);
            break;
        }
        err = view_put(r->t, cur);
        if (!err)
            err = emit(r, path, false, perms, nperms);
        break;
    }
    free(perms);
    return err;
}

/* Deletes the children of n (recursively), firing exact events. */
static int delete_children(struct request *r, const struct node *n)
{
    size_t nl = strlen(n->name);
    for (uint32_t off = 0; off < n->childlen;) {
        const char *leaf = n->children + off;
        size_t ll = strlen(leaf);
        off += (uint32_t)ll + 1;
        char *cp = malloc(nl + ll + 2);
        if (!cp)
            return ENOMEM;
        sprintf(cp, "%s/%s", strcmp(n->name, "/") ? n->name : "", leaf);
        int err;
        struct node *child = view_get(r->t, cp, &err);
        if (child) {
            node_ref(child);
            err = delete_children(r, child);
            if (!err)
                err = emit(r, cp, true, node_perms(child), child->nperms);
            if (!err)
                err = view_del(r->t, cp);
            node_unref(child);
        } else if (err == ENOENT) {
            err = 0;
        }
        free(cp);
        if (err)
            return err;
    }
    return 0;
}

/* Removes n and its subtree and unlinks it from its parent. */
static int delete_tree(struct request *r, struct node *n)
{
    size_t nl = strlen(n->name);
    char *parent_name = malloc(nl + 1);
    if (!parent_name)
        return ENOMEM;
    path_parent(n->name, parent_name);
    int err;
    struct node *parent = view_get(r->t, parent_name, &err);
    free(parent_name);
    if (!parent)
        return err == ENOENT ? EINVAL : err;   /* tree inconsistent */
    struct node *pc = node_copy(parent);
    if (!pc)
        return ENOMEM;
    node_del_child(pc, path_leaf(n->name));
    node_ref(n);
    err = delete_children(r, n);
    if (!err)
        err = view_put(r->t, pc);
    else
        node_unref(pc);
    if (!err)
        err = emit(r, n->name, false, node_perms(n), n->nperms);
    if (!err)
        err = view_del(r->t, n->name);
    node_unref(n);
    return err;
}

/* ---- handlers ---- */

static int do_read(struct request *r)
{
    const char *arg = req_onearg(r);
    char path[PATHBUF];
    struct node *n;
    int err = arg ? canonicalize(r, arg, path, false, NULL) : EINVAL;
    if (!err)
        err = lookup(r, path, PERM_READ, &n);
    if (!err)
        err = reply(r, node_data(n), n->datalen);
    return err;
}

static int do_write(struct request *r)
{
    const char *nul = memchr(r->data, '\0', r->len);
    if (!nul)
        return EINVAL;
    const char *data = nul + 1;
    uint32_t dlen = r->len - (uint32_t)(data - r->data);
    char path[PATHBUF];
    struct node *n;
    int err = canonicalize(r, r->data, path, false, NULL);
    if (err)
        return err;
    if (!r->c->who.privileged && dlen > quota.node_size)
        return ENOSPC;
    err = lookup(r, path, PERM_WRITE, &n);
    if (err == ENOENT) {
        err = create_node(r, path, data, dlen);
    } else if (!err) {
        struct node *copy = node_with_data(n, data, dlen);
        if (!copy)
            return ENOMEM;
        err = check_size(r, copy);
        if (err) {
            node_unref(copy);
            return err;
        }
        node_ref(copy);     /* n may be freed by the put: use copy */
        err = view_put(r->t, copy);
        if (!err)
            err = emit(r, path, false, node_perms(copy), copy->nperms);
        node_unref(copy);
    }
    return err ? err : reply_ok(r);
}

static int do_mkdir(struct request *r)
{
    const char *arg = req_onearg(r);
    char path[PATHBUF];
    struct node *n;
    int err = arg ? canonicalize(r, arg, path, false, NULL) : EINVAL;
    if (err)
        return err;
    err = lookup(r, path, PERM_WRITE, &n);
    if (err == ENOENT)
        err = create_node(r, path, NULL, 0);
    return err ? err : reply_ok(r);
}

static int do_rm(struct request *r)
{
    const char *arg = req_onearg(r);
    char path[PATHBUF];
    struct node *n;
    int err = arg ? canonicalize(r, arg, path, false, NULL) : EINVAL;
    if (err)
        return err;
    err = lookup(r, path, PERM_WRITE, &n);
    if (err == ENOENT) {
        /* Removing what is not there is fine if its parent exists. */
        char parent[PATHBUF];
        path_parent(path, parent);
        int e2;
        return view_get(r->t, parent, &e2) ? reply_ok(r) : ENOENT;
    }
    if (err)
        return err;
    if (strcmp(path, "/") == 0)
        return EINVAL;
    err = delete_tree(r, n);
    return err ? err : reply_ok(r);
}

static int do_directory(struct request *r)
{
    const char *arg = req_onearg(r);
    char path[PATHBUF];
    struct node *n;
    int err = arg ? canonicalize(r, arg, path, false, NULL) : EINVAL;
    if (!err)
        err = lookup(r, path, PERM_READ, &n);
    if (!err)
        err = reply(r, n->children, n->childlen);
    return err;
}

static int do_directory_part(struct request *r)
{
    const char *argv[2];
    if (req_count_strings(r) != 2 || req_args(r, argv, 2) != 2)
        return EINVAL;
    char path[PATHBUF];
    struct node *n;
    int err = canonicalize(r, argv[0], path, false, NULL);
    if (!err)
        err = lookup(r, path, PERM_READ, &n);
    if (err)
        return err;
    unsigned long off = strtoul(argv[1], NULL, 10);
    char gen[24];
    int gl = snprintf(gen, sizeof(gen), "%" PRIu64, n->generation) + 1;
    /* Reply: generation, then as many whole names from off as fit, then
     * an empty string; an empty list marks the end. */
    size_t len = 0;
    if (off < n->childlen) {
        const char *start = n->children + off;
        size_t max = XENSTORE_PAYLOAD_MAX - (size_t)gl - 1;
        while (off + len < n->childlen) {
            size_t l = strlen(start + len) + 1;
            if (len + l > max)
                break;
            len += l;
        }
    }
    char *buf = malloc((size_t)gl + len + 1);
    if (!buf)
        return ENOMEM;
    memcpy(buf, gen, (size_t)gl);
    if (len)
        memcpy(buf + gl, n->children + off, len);
    buf[(size_t)gl + len] = '\0';
    err = reply(r, buf, (size_t)gl + len + 1);
    free(buf);
    return err;
}

static int do_get_perms(struct request *r)
{
    const char *arg = req_onearg(r);
    char path[PATHBUF];
    struct node *n;
    int err = arg ? canonicalize(r, arg, path, true, NULL) : EINVAL;
    const struct perm *p = NULL;
    uint32_t np = 0;
    if (!err && path[0] == '@') {
        /* Special nodes: anyone may look at their list, as in Xen. */
        p = special_perms(path, &np);
        if (!p)
            err = ENOENT;
    } else if (!err) {
        err = lookup(r, path, PERM_READ, &n);
        if (!err) {
            p = node_perms(n);
            np = n->nperms;
        }
    }
    if (err)
        return err;
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t len = perms_format(p, np, buf, sizeof(buf));
    return len > sizeof(buf) ? E2BIG : reply(r, buf, len);
}

static int do_set_perms(struct request *r)
{
    unsigned int nstr = req_count_strings(r);
    const char *nul = memchr(r->data, '\0', r->len);
    if (nstr < 2 || !nul || r->data[r->len - 1] != '\0')
        return EINVAL;
    unsigned int num = nstr - 1;
    if (!r->c->who.privileged && num > quota.perms)
        return ENOSPC;
    if (num > XENSTORE_PAYLOAD_MAX / 2)
        return EINVAL;
    struct perm *p = malloc(num * sizeof(*p));
    if (!p)
        return ENOMEM;
    const char *ps = nul + 1;
    int err = perms_parse(ps, r->len - (uint32_t)(ps - r->data), num, p);
    char path[PATHBUF];
    struct node *n;
    if (!err)
        err = canonicalize(r, r->data, path, true, NULL);
    if (!err && path[0] == '@') {
        /* Special nodes: only who may write and own them (dom0, or a
         * domain given that by an earlier SET_PERMS); not part of a
         * transaction, and no watch event, as in Xen. */
        uint32_t sn;
        const struct perm *sp = special_perms(path, &sn);
        if (!sp)
            err = ENOENT;
        else if ((perms_for(sp, sn, &r->c->who) & (PERM_WRITE | PERM_OWNER))
                 != (PERM_WRITE | PERM_OWNER))
            err = EACCES;
        else
            err = special_set_perms(path, p, num);
        free(p);
        return err ? err : reply_ok(r);
    }
    if (!err)
        err = lookup(r, path, PERM_WRITE | PERM_OWNER, &n);
    /* A domain may not give its node away. */
    if (!err && !r->c->who.privileged && p[0].id != node_perms(n)[0].id)
        err = EPERM;
    if (!err) {
        struct node *copy = node_with_perms(n, p, num);
        err = copy ? view_put(r->t, copy) : ENOMEM;
        if (!err)
            err = emit(r, path, false, p, num);
    }
    free(p);
    return err ? err : reply_ok(r);
}

static int watch_args(struct request *r, char *path, const char **token,
                      unsigned int *strip)
{
    const char *argv[2];
    if (req_args(r, argv, 2) != 2)
        return EINVAL;
    *token = argv[1];
    return canonicalize(r, argv[0], path, true, strip);
}

static int do_watch(struct request *r)
{
    char path[PATHBUF];
    const char *token;
    unsigned int strip;
    int err = watch_args(r, path, &token, &strip);
    if (!err)
        err = watch_add(r->c, path, token, strip);
    if (!err)
        err = reply_ok(r);
    if (!err)       /* every watch fires once, right after the reply */
        watch_fire_one(r->c->watches, path);
    return err;
}

static int do_unwatch(struct request *r)
{
    char path[PATHBUF];
    const char *token;
    unsigned int strip;
    int err = watch_args(r, path, &token, &strip);
    if (!err)
        err = watch_del(r->c, path, token);
    return err ? err : reply_ok(r);
}

static int do_tx_start(struct request *r)
{
    struct conn *c = r->c;
    if (r->hdr.tx_id)
        return EBUSY;
    if (!c->who.privileged && c->ntxs >= quota.transactions)
        return ENOSPC;
    /* Ids are never 0 and never one already open on this connection. */
    uint32_t id;
    do {
        id = c->next_txid++;
    } while (id == 0 || tx_find(c, id));
    struct transaction *t = tx_new(id);
    if (!t)
        return ENOMEM;
    t->next = c->txs;
    c->txs = t;
    c->ntxs++;
    char buf[16];
    int n = snprintf(buf, sizeof(buf), "%u", id);
    return reply(r, buf, (size_t)n + 1);
}

static int do_tx_end(struct request *r)
{
    const char *arg = req_onearg(r);
    if (!r->t)
        return ENOENT;
    if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
        return EINVAL;
    struct conn *c = r->c;
    for (struct transaction **pt = &c->txs; *pt; pt = &(*pt)->next) {
        if (*pt == r->t) {
            *pt = r->t->next;
            break;
        }
    }
    c->ntxs--;
    int err = arg[0] == 'T' ? tx_commit(r->t) : 0;
    tx_free(r->t);
    r->t = NULL;
    return err ? err : reply_ok(r);
}

/* Parses a decimal domid argument. */
static int parse_domid(const char *s, uint32_t *out)
{
    char *end;
    if (!*s)
        return EINVAL;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || v >= DOMID_FIRST_RESERVED)
        return EINVAL;
    *out = (uint32_t)v;
    return 0;
}

static int do_introduce(struct request *r)
{
    const char *argv[3];
    if (req_args(r, argv, 3) != 3)
        return EINVAL;
    uint32_t domid, port;
    int err = parse_domid(argv[0], &domid);
    if (err || domid == 0)
        return EINVAL;
    char *end;
    unsigned long long mfn = strtoull(argv[1], &end, 10);
    if (*end || !*argv[1])
        return EINVAL;
    unsigned long p = strtoul(argv[2], &end, 10);
    if (*end || !*argv[2] || p > UINT32_MAX)
        return EINVAL;
    port = (uint32_t)p;
    bool is_new = false;
    err = domain_introduce(domid, (unsigned long)mfn, port, &is_new);
    if (err)
        return err;
    err = reply_ok(r);
    if (is_new)
        watch_fire_special("@introduceDomain");
    return err;
}

static int do_release(struct request *r)
{
    const char *arg = req_onearg(r);
    uint32_t domid;
    int err = arg ? parse_domid(arg, &domid) : EINVAL;
    if (!err && domid == 0)
        err = EINVAL;
    if (!err)
        err = domain_release(domid);
    if (err)
        return err;
    err = reply_ok(r);
    watch_fire_special("@releaseDomain");
    return err;
}

static int do_get_domain_path(struct request *r)
{
    const char *arg = req_onearg(r);
    uint32_t domid;
    int err = arg ? parse_domid(arg, &domid) : EINVAL;
    if (err)
        return err;
    char buf[32];
    int n = snprintf(buf, sizeof(buf), "/local/domain/%u", domid);
    return reply(r, buf, (size_t)n + 1);
}

static int do_is_introduced(struct request *r)
{
    const char *arg = req_onearg(r);
    uint32_t domid;
    int err = arg ? parse_domid(arg, &domid) : EINVAL;
    if (err)
        return err;
    bool yes = domid == 0 || domain_find(domid);
    return reply(r, yes ? "T" : "F", 2);
}

static int do_resume(struct request *r)
{
    const char *arg = req_onearg(r);
    uint32_t domid;
    int err = arg ? parse_domid(arg, &domid) : EINVAL;
    if (err)
        return err;
    struct domain *d = domain_find(domid);
    if (!d)
        return ENOENT;
    d->shutdown_seen = false;
    return reply_ok(r);
}

static int do_set_target(struct request *r)
{
    const char *argv[2];
    if (req_count_strings(r) != 2 || req_args(r, argv, 2) != 2)
        return EINVAL;
    uint32_t domid, target;
    if (parse_domid(argv[0], &domid) || parse_domid(argv[1], &target))
        return EINVAL;
    struct domain *d = domain_find(domid);
    if (!d || !domain_find(target))
        return ENOENT;
    if (d->conn)
        d->conn->who.target = target;
    return reply_ok(r);
}

static int do_reset_watches(struct request *r)
{
    struct conn *c = r->c;
    watch_del_all(c);
    while (c->txs) {
        struct transaction *t = c->txs;
        c->txs = t->next;
        tx_free(t);
    }
    c->ntxs = 0;
    return reply_ok(r);
}

static int do_control(struct request *r)
{
    const char *argv[2];
    unsigned int n = req_args(r, argv, 2);
    if (n < 1)
        return EINVAL;
    char buf[256];
    int len;
    if (!strcmp(argv[0], "help")) {
        len = snprintf(buf, sizeof(buf),
                       "check\nhelp\nlog-level <0-3>\nprint <string>\n"
                       "quota\n");
    } else if (!strcmp(argv[0], "check")) {
        len = snprintf(buf, sizeof(buf), "OK");
    } else if (!strcmp(argv[0], "print") && n == 2) {
        LOGE("control: %s", argv[1]);
        len = snprintf(buf, sizeof(buf), "OK");
    } else if (!strcmp(argv[0], "log-level") && n == 2) {
        log_level = atoi(argv[1]);
        len = snprintf(buf, sizeof(buf), "OK");
    } else if (!strcmp(argv[0], "quota")) {
        len = snprintf(buf, sizeof(buf),
                       "nodes %u\nnode-size %u\nwatches %u\n"
                       "transactions %u\nperms %u\npath-max %u\n"
                       "outstanding %u\ntransaction-nodes %u\nmemory %zu\n",
                       quota.nodes, quota.node_size, quota.watches,
                       quota.transactions, quota.perms, quota.path_max,
                       quota.outstanding, quota.tx_nodes, quota.memory);
    } else {
        return EINVAL;
    }
    return reply(r, buf, (size_t)len + 1);
}

const struct op ops_table[XS_TYPE_COUNT] = {
    [XS_CONTROL]              = { do_control, OP_PRIV },
    [XS_DIRECTORY]            = { do_directory, OP_TX },
    [XS_READ]                 = { do_read, OP_TX },
    [XS_GET_PERMS]            = { do_get_perms, OP_TX },
    [XS_WATCH]                = { do_watch, 0 },
    [XS_UNWATCH]              = { do_unwatch, 0 },
    [XS_TRANSACTION_START]    = { do_tx_start, 0 },
    [XS_TRANSACTION_END]      = { do_tx_end, OP_TX },
    [XS_INTRODUCE]            = { do_introduce, OP_PRIV | OP_WRITE },
    [XS_RELEASE]              = { do_release, OP_PRIV | OP_WRITE },
    [XS_GET_DOMAIN_PATH]      = { do_get_domain_path, 0 },
    [XS_WRITE]                = { do_write, OP_TX | OP_WRITE },
    [XS_MKDIR]                = { do_mkdir, OP_TX | OP_WRITE },
    [XS_RM]                   = { do_rm, OP_TX | OP_WRITE },
    [XS_SET_PERMS]            = { do_set_perms, OP_TX | OP_WRITE },
    [XS_IS_DOMAIN_INTRODUCED] = { do_is_introduced, OP_PRIV },
    [XS_RESUME]               = { do_resume, OP_PRIV | OP_WRITE },
    [XS_SET_TARGET]           = { do_set_target, OP_PRIV | OP_WRITE },
    [XS_RESET_WATCHES]        = { do_reset_watches, 0 },
    [XS_DIRECTORY_PART]       = { do_directory_part, OP_TX },
};

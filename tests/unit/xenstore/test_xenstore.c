/*
 * test_xenstore.c - xenstored's logic through its dispatcher: a fake
 * connection collects replies in memory.
 */
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "conn.h"
#include "conn_ring.h"
#include "domain.h"
#include "hashtab.h"
#include "protocol.h"
#include "quota.h"
#include "tree.h"
#include "watch.h"

static void reset(void)
{
    while (conn_list)
        conn_free(conn_list);
    watch_fini();
    tree_fini();
    quota_reset();
    quota_defaults();
    tree_account = quota_account;
    tree_init();
    watch_init();
}

static struct conn *mk(uint32_t domid, bool priv)
{
    return conn_new(NULL, NULL, domid, priv, "test");
}

/* Pops the oldest queued message; returns its type, copies the payload. */
static int pop(struct conn *c, char *buf, uint32_t *len)
{
    struct outmsg *m = c->out_head;
    if (!m)
        return -1;
    struct xsd_sockmsg h;
    memcpy(&h, m->buf, sizeof(h));
    memcpy(buf, m->buf + sizeof(h), h.len);
    buf[h.len] = 0;
    if (len)
        *len = h.len;
    conn_output_advance(c, m->len);
    return (int)h.type;
}

/* Sends type with args a\0b\0 (b raw for WRITE); returns reply text. */
static const char *rq(struct conn *c, uint32_t type, uint32_t tx,
                      const char *a, const char *b)
{
    static char out[XENSTORE_PAYLOAD_MAX + 1];
    char p[XENSTORE_PAYLOAD_MAX + 1];
    uint32_t len = 0;
    if (a) { len = (uint32_t)strlen(a) + 1; memcpy(p, a, len); }
    if (b) {
        uint32_t bl = (uint32_t)strlen(b) + (type == XS_WRITE ? 0 : 1);
        memcpy(p + len, b, bl);
        len += bl;
    }
    struct xsd_sockmsg h = { type, 1, tx, len };
    p[len] = 0;
    request_process(c, &h, p);
    /* Skip events: take the first reply. */
    for (;;) {
        int t = pop(c, out, NULL);
        if (t < 0)
            return "(none)";
        if (t != XS_WATCH_EVENT)
            return out;
    }
}

/* SET_PERMS with up to three permission strings. */
static const char *setp(struct conn *c, uint32_t tx, const char *path,
                        const char *p1, const char *p2, const char *p3)
{
    static char out[XENSTORE_PAYLOAD_MAX + 1];
    char p[256];
    uint32_t len = 0;
    const char *v[4] = { path, p1, p2, p3 };
    for (int i = 0; i < 4 && v[i]; i++) {
        memcpy(p + len, v[i], strlen(v[i]) + 1);
        len += (uint32_t)strlen(v[i]) + 1;
    }
    struct xsd_sockmsg h = { XS_SET_PERMS, 1, tx, len };
    p[len] = 0;
    request_process(c, &h, p);
    int t;
    while ((t = pop(c, out, NULL)) == XS_WATCH_EVENT)
        ;
    return t < 0 ? "(none)" : out;
}

static int count_events(struct conn *c, const char *path)
{
    char buf[XENSTORE_PAYLOAD_MAX + 1];
    int n = 0, t;
    while ((t = pop(c, buf, NULL)) >= 0)
        if (t == XS_WATCH_EVENT && (!path || !strcmp(buf, path)))
            n++;
    return n;
}

static const char *key_is_val(const void *v)
{
    return v;
}

TEST(xs_hashtab_churn)
{
    struct hashtab ht;
    static char keys[3000][16];
    ht_init(&ht, 4, key_is_val);
    for (int i = 0; i < 3000; i++) {
        snprintf(keys[i], 16, "/k%d", i);
        CHECK_EQ(ht_put(&ht, keys[i]), 0);
    }
    for (int i = 0; i < 3000; i += 2)
        CHECK(ht_del(&ht, keys[i]) == keys[i]);
    for (int i = 0; i < 3000; i++)
        CHECK((ht_get(&ht, keys[i]) != NULL) == (i % 2 == 1));
    CHECK_EQ(ht.count, 1500);
    ht_free(&ht);
}

TEST(xs_paths)
{
    CHECK(path_valid("/", 10));
    CHECK(path_valid("/a/b-c_d@e", 100));
    CHECK(!path_valid("/a/", 100));
    CHECK(!path_valid("/a//b", 100));
    CHECK(!path_valid("a", 100));
    CHECK(!path_valid("/a b", 100));
    CHECK(!path_valid("/abcdef", 3));
    char buf[16];
    path_parent("/a/b", buf);
    CHECK_STR(buf, "/a");
    path_parent("/a", buf);
    CHECK_STR(buf, "/");
    CHECK(path_is_child("/a/b", "/a"));
    CHECK(path_is_child("/a", "/a"));
    CHECK(!path_is_child("/ab", "/a"));
    CHECK(path_is_child("/x", "/"));
}

TEST(xs_perms_eval)
{
    struct perm p[3];
    CHECK_EQ(perms_parse("n5\0r7\0b9", 9, 3, p), 0);
    CHECK_EQ(p[0].id, 5);
    struct who d5 = { 5, false, UINT32_MAX }, d7 = { 7, false, UINT32_MAX };
    struct who d9 = { 9, false, UINT32_MAX }, d3 = { 3, false, UINT32_MAX };
    struct who d0 = { 0, true, UINT32_MAX };
    struct who d3t5 = { 3, false, 5 };
    CHECK_EQ(perms_for(p, 3, &d5), PERM_READ | PERM_WRITE | PERM_OWNER);
    CHECK_EQ(perms_for(p, 3, &d7), PERM_READ);
    CHECK_EQ(perms_for(p, 3, &d9), PERM_READ | PERM_WRITE);
    CHECK_EQ(perms_for(p, 3, &d3), PERM_NONE);
    CHECK_EQ(perms_for(p, 3, &d0), PERM_READ | PERM_WRITE | PERM_OWNER);
    CHECK_EQ(perms_for(p, 3, &d3t5), PERM_READ | PERM_WRITE | PERM_OWNER);
    CHECK_EQ(perms_parse("x5", 3, 1, p), EINVAL);
    CHECK_EQ(perms_parse("r", 2, 1, p), EINVAL);
    CHECK_EQ(perms_parse("r70000", 7, 1, p), EINVAL);
    CHECK_EQ(perms_parse("r5", 2, 1, p), EINVAL);     /* no NUL */
    char buf[32];
    CHECK_EQ(perms_format(p, 0, buf, sizeof(buf)), 0);
    struct perm q[2] = { { 0, PERM_NONE }, { 12, PERM_READ | PERM_WRITE } };
    CHECK_EQ(perms_format(q, 2, buf, sizeof(buf)), 7);
    CHECK(!memcmp(buf, "n0\0b12\0", 7));
}

TEST(xs_tree_ops)
{
    reset();
    struct conn *c = mk(0, true);
    CHECK_STR(rq(c, XS_WRITE, 0, "/a/b/c", "v"), "OK");
    CHECK_STR(rq(c, XS_READ, 0, "/a/b/c", NULL), "v");
    CHECK_STR(rq(c, XS_READ, 0, "/a/b", NULL), "");
    CHECK_STR(rq(c, XS_MKDIR, 0, "/a/b", NULL), "OK");
    CHECK_STR(rq(c, XS_READ, 0, "/a/b/c", NULL), "v");   /* mkdir keeps */
    CHECK_STR(rq(c, XS_READ, 0, "/nope", NULL), "ENOENT");
    CHECK_STR(rq(c, XS_RM, 0, "/a/x", NULL), "OK");
    CHECK_STR(rq(c, XS_RM, 0, "/q/x", NULL), "ENOENT");
    CHECK_STR(rq(c, XS_RM, 0, "/a", NULL), "OK");
    CHECK_STR(rq(c, XS_READ, 0, "/a/b/c", NULL), "ENOENT");
    CHECK_EQ(tree_count(), 1);
    CHECK_STR(rq(c, XS_GET_DOMAIN_PATH, 0, "3", NULL), "/local/domain/3");
    CHECK_STR(rq(c, XS_WRITE, 0, "rel", "1"), "OK");      /* dom0's home */
    CHECK_STR(rq(c, XS_READ, 0, "/local/domain/0/rel", NULL), "1");
    CHECK_STR(rq(c, XS_CONTROL, 0, "check", NULL), "OK");
}

TEST(xs_permissions)
{
    reset();
    struct conn *d0 = mk(0, true), *g = mk(5, false), *h = mk(6, false);
    rq(d0, XS_MKDIR, 0, "/local/domain/5", NULL);
    CHECK_STR(setp(d0, 0, "/local/domain/5", "n5", "r6", NULL), "OK");
    CHECK_STR(rq(g, XS_WRITE, 0, "x", "1"), "OK");
    CHECK_STR(rq(h, XS_READ, 0, "/local/domain/5/x", NULL), "1");
    CHECK_STR(rq(h, XS_WRITE, 0, "/local/domain/5/x", "2"), "EACCES");
    CHECK_STR(rq(h, XS_WRITE, 0, "/local/domain/5/y", "2"), "EACCES");
    CHECK_STR(rq(g, XS_READ, 0, "/local", NULL), "EACCES");
    CHECK_STR(rq(g, XS_READ, 0, "/local/nothere", NULL), "EACCES");
    CHECK_STR(rq(g, XS_READ, 0, "/local/domain/5/nothere", NULL), "ENOENT");
    CHECK_STR(rq(g, XS_GET_PERMS, 0, "x", NULL), "n5");   /* first string */
    CHECK_STR(rq(g, XS_SET_PERMS, 0, "x", "n6"), "EPERM");
    CHECK_STR(rq(h, XS_SET_PERMS, 0, "/local/domain/5/x", "n6"), "EACCES");
    CHECK_STR(setp(g, 0, "x", "n5", "b6", NULL), "OK");
    CHECK_STR(rq(h, XS_WRITE, 0, "/local/domain/5/x", "3"), "OK");
    CHECK_STR(rq(g, XS_INTRODUCE, 0, "7\0" "1", "2"), "EACCES");
    CHECK_STR(rq(g, XS_RM, 0, "/local/domain", NULL), "EACCES");
    /* Read-only connection. */
    struct conn *ro = mk(0, true);
    ro->readonly = true;
    CHECK_STR(rq(ro, XS_READ, 0, "/local/domain/5/x", NULL), "3");
    CHECK_STR(rq(ro, XS_WRITE, 0, "/z", "1"), "EROFS");
}

TEST(xs_transactions)
{
    reset();
    struct conn *a = mk(0, true), *b = mk(0, true);
    rq(a, XS_WRITE, 0, "/t/v", "0");
    uint32_t t = (uint32_t)atoi(rq(a, XS_TRANSACTION_START, 0, "", NULL));
    CHECK(t != 0);
    CHECK_STR(rq(a, XS_WRITE, t, "/t/v", "1"), "OK");
    CHECK_STR(rq(a, XS_WRITE, t, "/t/new/deep", "n"), "OK");
    CHECK_STR(rq(b, XS_READ, 0, "/t/v", NULL), "0");
    CHECK_STR(rq(b, XS_READ, 0, "/t/new", NULL), "ENOENT");
    CHECK_STR(rq(a, XS_READ, t, "/t/new/deep", NULL), "n");
    CHECK_STR(rq(a, XS_TRANSACTION_END, t, "T", NULL), "OK");
    CHECK_STR(rq(b, XS_READ, 0, "/t/new/deep", NULL), "n");
    /* Conflict on a node read. */
    t = (uint32_t)atoi(rq(a, XS_TRANSACTION_START, 0, "", NULL));
    rq(a, XS_READ, t, "/t/v", NULL);
    rq(a, XS_WRITE, t, "/t/other", "x");
    rq(b, XS_WRITE, 0, "/t/v", "2");
    CHECK_STR(rq(a, XS_TRANSACTION_END, t, "T", NULL), "EAGAIN");
    CHECK_STR(rq(b, XS_READ, 0, "/t/other", NULL), "ENOENT");
    /* Conflict on a node that appeared. */
    t = (uint32_t)atoi(rq(a, XS_TRANSACTION_START, 0, "", NULL));
    CHECK_STR(rq(a, XS_READ, t, "/t/later", NULL), "ENOENT");
    rq(b, XS_WRITE, 0, "/t/later", "x");
    CHECK_STR(rq(a, XS_TRANSACTION_END, t, "T", NULL), "EAGAIN");
    /* Unrelated changes do not conflict. */
    t = (uint32_t)atoi(rq(a, XS_TRANSACTION_START, 0, "", NULL));
    rq(a, XS_WRITE, t, "/t/v", "3");
    rq(b, XS_WRITE, 0, "/u", "x");
    CHECK_STR(rq(a, XS_TRANSACTION_END, t, "T", NULL), "OK");
    /* rm inside a transaction. */
    t = (uint32_t)atoi(rq(a, XS_TRANSACTION_START, 0, "", NULL));
    CHECK_STR(rq(a, XS_RM, t, "/t", NULL), "OK");
    CHECK_STR(rq(a, XS_READ, t, "/t/v", NULL), "ENOENT");
    CHECK_STR(rq(b, XS_READ, 0, "/t/v", NULL), "3");
    CHECK_STR(rq(a, XS_TRANSACTION_END, t, "T", NULL), "OK");
    CHECK_STR(rq(b, XS_READ, 0, "/t/v", NULL), "ENOENT");
    /* Abort, nested start, bad end, unknown id. */
    t = (uint32_t)atoi(rq(a, XS_TRANSACTION_START, 0, "", NULL));
    rq(a, XS_WRITE, t, "/gone", "x");
    CHECK_STR(rq(a, XS_TRANSACTION_START, t, "", NULL), "EBUSY");
    CHECK_STR(rq(a, XS_TRANSACTION_END, t, "X", NULL), "EINVAL");
    CHECK_STR(rq(a, XS_TRANSACTION_END, t, "F", NULL), "OK");
    CHECK_STR(rq(a, XS_READ, 0, "/gone", NULL), "ENOENT");
    CHECK_STR(rq(a, XS_READ, t, "/u", NULL), "ENOENT");   /* ended */
    CHECK_EQ(a->ntxs, 0);
}

TEST(xs_watches)
{
    reset();
    struct conn *a = mk(0, true), *w = mk(0, true), *g = mk(5, false);
    CHECK_STR(rq(w, XS_WATCH, 0, "/w", "tok"), "OK");
    CHECK_EQ(count_events(w, "/w"), 1);       /* fires on registration */
    rq(a, XS_WRITE, 0, "/w/a/b", "1");
    CHECK_EQ(count_events(w, "/w/a/b"), 1);
    rq(a, XS_WRITE, 0, "/other", "1");
    CHECK_EQ(count_events(w, NULL), 0);
    CHECK_STR(rq(w, XS_WATCH, 0, "/w/a/b", "deep"), "OK");
    count_events(w, NULL);
    rq(a, XS_RM, 0, "/w/a", NULL);
    /* "/w" watch: one event for the removed top; "/w/a/b": its own. */
    char buf[XENSTORE_PAYLOAD_MAX + 1];
    int n = 0, top = 0, deep = 0, t;
    while ((t = pop(w, buf, NULL)) >= 0) {
        n++;
        if (!strcmp(buf, "/w/a"))
            top++;
        if (!strcmp(buf, "/w/a/b"))
            deep++;
    }
    CHECK_EQ(n, 2);
    CHECK_EQ(top, 1);
    CHECK_EQ(deep, 1);
    /* Transactions fire on commit only. */
    uint32_t tx = (uint32_t)atoi(rq(a, XS_TRANSACTION_START, 0, "", NULL));
    rq(a, XS_WRITE, tx, "/w/t", "1");
    CHECK_EQ(count_events(w, NULL), 0);
    rq(a, XS_TRANSACTION_END, tx, "T", NULL);
    CHECK_EQ(count_events(w, "/w/t"), 1);
    /* Permissions: a domain does not see events for nodes it can't read. */
    CHECK_STR(rq(g, XS_WATCH, 0, "/w", "g"), "OK");
    CHECK_EQ(count_events(g, NULL), 1);
    rq(a, XS_WRITE, 0, "/w/t", "2");
    CHECK_EQ(count_events(g, NULL), 0);
    /* Special watches: privileged only. */
    CHECK_STR(rq(w, XS_WATCH, 0, "@releaseDomain", "r"), "OK");
    CHECK_STR(rq(g, XS_WATCH, 0, "@releaseDomain", "r"), "OK");
    count_events(w, NULL);
    count_events(g, NULL);
    watch_fire_special("@releaseDomain");
    CHECK_EQ(count_events(w, "@releaseDomain"), 1);
    CHECK_EQ(count_events(g, NULL), 0);
    /* Duplicates and unwatch. */
    CHECK_STR(rq(w, XS_WATCH, 0, "/w", "tok"), "EEXIST");
    CHECK_STR(rq(w, XS_UNWATCH, 0, "/w", "tok"), "OK");
    CHECK_STR(rq(w, XS_UNWATCH, 0, "/w", "tok"), "ENOENT");
    rq(a, XS_WRITE, 0, "/w/t", "3");
    CHECK_EQ(count_events(w, NULL), 0);
    CHECK_STR(rq(w, XS_RESET_WATCHES, 0, "", NULL), "OK");
    CHECK_EQ(w->nwatches, 0);
    CHECK_STR(rq(w, XS_WATCH, 0, "@bad/name", "x"), "EINVAL");
}

TEST(xs_quotas)
{
    reset();
    quota.nodes = 5;
    quota.node_size = 64;
    quota.watches = 2;
    quota.transactions = 1;
    quota.perms = 2;
    struct conn *d0 = mk(0, true), *g = mk(5, false);
    rq(d0, XS_MKDIR, 0, "/local/domain/5", NULL);
    rq(d0, XS_SET_PERMS, 0, "/local/domain/5", "n5");
    CHECK_EQ(quota_nodes_of(5), 1);
    char big[100];
    memset(big, 'x', 99);
    big[99] = 0;
    CHECK_STR(rq(g, XS_WRITE, 0, "a", big), "ENOSPC");
    CHECK_STR(rq(g, XS_WRITE, 0, "a", "1"), "OK");
    CHECK_STR(rq(g, XS_WRITE, 0, "b/c/d", "1"), "OK");
    CHECK_EQ(quota_nodes_of(5), 5);
    CHECK_STR(rq(g, XS_WRITE, 0, "e", "1"), "ENOSPC");
    CHECK_STR(rq(g, XS_RM, 0, "b", NULL), "OK");
    CHECK_EQ(quota_nodes_of(5), 2);
    CHECK_STR(rq(g, XS_WRITE, 0, "e", "1"), "OK");
    CHECK_STR(setp(g, 0, "e", "n5", "r1", "r2"), "ENOSPC");
    CHECK_STR(rq(g, XS_WATCH, 0, "a", "1"), "OK");
    CHECK_STR(rq(g, XS_WATCH, 0, "a", "2"), "OK");
    CHECK_STR(rq(g, XS_WATCH, 0, "a", "3"), "E2BIG");
    uint32_t t = (uint32_t)atoi(rq(g, XS_TRANSACTION_START, 0, "", NULL));
    CHECK(t != 0);
    CHECK_STR(rq(g, XS_TRANSACTION_START, 0, "", NULL), "ENOSPC");
    CHECK_STR(rq(g, XS_WRITE, t, "f", "1"), "OK");
    CHECK_STR(rq(g, XS_WRITE, t, "g", "1"), "OK");
    CHECK_STR(rq(g, XS_WRITE, t, "h", "1"), "ENOSPC");  /* 3 + 2 = 5 */
    rq(g, XS_TRANSACTION_END, t, "F", NULL);
    /* dom0 is not limited. */
    CHECK_STR(rq(d0, XS_WRITE, 0, "/big", big), "OK");
    /* Path length below the home. */
    quota.path_max = 8;
    CHECK_STR(rq(g, XS_WRITE, 0, "123456789", "1"), "EINVAL");
    /* Release removes the domain's nodes. */
    struct conn *w = mk(0, true);
    rq(w, XS_WATCH, 0, "/local", "l");
    count_events(w, NULL);
    domain_remove_nodes(5);
    CHECK_EQ(quota_nodes_of(5), 0);
    CHECK_STR(rq(d0, XS_READ, 0, "/local/domain/5", NULL), "ENOENT");
    CHECK_STR(rq(d0, XS_DIRECTORY, 0, "/local/domain", NULL), "");
    CHECK(count_events(w, "/local/domain/5") >= 1);
}

TEST(xs_outstanding_limit)
{
    reset();
    quota.outstanding = 3;
    struct conn *g = mk(5, false);
    /* Five requests in one buffer: reading stops after the third reply
     * is queued, and resumes once the replies are consumed. */
    char buf[5 * 32];
    size_t len = 0;
    for (int i = 0; i < 5; i++) {
        struct xsd_sockmsg h = { XS_GET_DOMAIN_PATH, (uint32_t)i, 0, 2 };
        memcpy(buf + len, &h, sizeof(h));
        memcpy(buf + len + sizeof(h), "5", 2);
        len += sizeof(h) + 2;
    }
    long used = conn_input(g, buf, len);
    CHECK_EQ(g->out_count, 3);
    CHECK(used < (long)len);
    count_events(g, NULL);
    CHECK_EQ(conn_input(g, buf + used, len - (size_t)used),
             (long)(len - (size_t)used));
    CHECK_EQ(g->out_count, 2);
    /* An oversized header is a framing error. */
    struct xsd_sockmsg bad = { XS_READ, 0, 0, XENSTORE_PAYLOAD_MAX + 1 };
    count_events(g, NULL);
    CHECK_EQ(conn_input(g, (char *)&bad, sizeof(bad)), -1);
}

TEST(xs_directory_part)
{
    reset();
    struct conn *c = mk(0, true);
    char k[80];
    for (int i = 0; i < 200; i++) {
        snprintf(k, sizeof(k), "/d/child-with-a-long-name-%03d", i);
        rq(c, XS_WRITE, 0, k, "");
    }
    CHECK_STR(rq(c, XS_DIRECTORY, 0, "/d", NULL), "E2BIG");
    /* Collect all children through DIRECTORY_PART. */
    unsigned int total = 0, off = 0;
    for (int rounds = 0; rounds < 10; rounds++) {
        char a[64];
        snprintf(a, sizeof(a), "%u", off);
        char p[128];
        size_t pl = strlen("/d") + 1;
        memcpy(p, "/d", pl);
        memcpy(p + pl, a, strlen(a) + 1);
        struct xsd_sockmsg h = { XS_DIRECTORY_PART, 1, 0,
                                 (uint32_t)(pl + strlen(a) + 1) };
        request_process(c, &h, p);
        char out[XENSTORE_PAYLOAD_MAX + 1];
        uint32_t len;
        CHECK_EQ(pop(c, out, &len), XS_DIRECTORY_PART);
        size_t gl = strlen(out) + 1;
        size_t part = len - gl;
        if (part <= 1)
            break;
        for (size_t i = gl; i < len - 1; i++)
            if (!out[i])
                total++;
        off += (unsigned int)(part - 1);
    }
    CHECK_EQ(total, 200);
}

/* A ring in memory: the transport's index arithmetic and limits. */
TEST(xs_ring_transport)
{
    reset();
    static struct xenstore_domain_interface intf;
    memset(&intf, 0, sizeof(intf));
    struct conn *c = ring_conn_new(&intf, 0, true, NULL, NULL);
    CHECK(c != NULL);
    /* Put the counters near wrap-around. */
    intf.req_cons = intf.req_prod = 0xfffffff0u;
    intf.rsp_cons = intf.rsp_prod = 0xfffffff0u;
    char msg[64];
    struct xsd_sockmsg h = { XS_WRITE, 9, 0, 8 };
    memcpy(msg, &h, sizeof(h));
    memcpy(msg + sizeof(h), "/r\0hello", 8);
    for (size_t i = 0; i < sizeof(h) + 8; i++)
        intf.req[MASK_XENSTORE_IDX(intf.req_prod + i)] = msg[i];
    intf.req_prod += sizeof(h) + 8;
    CHECK(ring_conn_service(c));
    CHECK_EQ(intf.req_cons, intf.req_prod);
    CHECK_EQ(intf.rsp_prod - intf.rsp_cons, sizeof(h) + 3);
    struct xsd_sockmsg r;
    char rb[32];
    for (size_t i = 0; i < sizeof(r) + 3; i++)
        rb[i] = intf.rsp[MASK_XENSTORE_IDX(intf.rsp_cons + i)];
    memcpy(&r, rb, sizeof(r));
    CHECK_EQ(r.type, XS_WRITE);
    CHECK_EQ(r.req_id, 9);
    CHECK_STR(rb + sizeof(r), "OK");
    CHECK(tree_lookup("/r") != NULL);
    /* Corrupt indexes stop the ring, with the error reported. */
    intf.req_prod = intf.req_cons + XENSTORE_RING_SIZE + 1;
    CHECK(!ring_conn_service(c));
    CHECK_EQ(intf.error, XENSTORE_ERROR_RINGIDX);
    /* Reconnect resets everything. */
    intf.connection = XENSTORE_RECONNECT;
    CHECK(ring_conn_service(c));
    CHECK_EQ(intf.connection, XENSTORE_CONNECTED);
    CHECK_EQ(intf.req_prod, 0);
    CHECK_EQ(intf.error, XENSTORE_ERROR_NONE);
    /* A full response ring: output waits, nothing is lost. */
    char big[XENSTORE_RING_SIZE];
    long n = ring_write(&intf, big, sizeof(big));
    CHECK_EQ(n, XENSTORE_RING_SIZE);
    CHECK_EQ(ring_write(&intf, big, 1), 0);
    reset();
}

static enum domain_state fake_state;
static int fake_query(const uint32_t *ids, unsigned int n,
                      enum domain_state *st)
{
    (void)ids;
    for (unsigned int i = 0; i < n; i++)
        st[i] = fake_state;
    return 0;
}

/* The special nodes' lists, and what VIRQ_DOM_EXC leads to. */
TEST(xs_special_perms_and_domain_death)
{
    reset();
    domain_init(true, NULL);
    struct conn *a = mk(0, true), *w = mk(0, true), *g = mk(5, false);
    uint32_t len;
    char buf[XENSTORE_PAYLOAD_MAX + 1];
    CHECK_STR(rq(g, XS_GET_PERMS, 0, "@releaseDomain", NULL), "n0");
    CHECK_STR(rq(a, XS_GET_PERMS, 0, "@fooDomain", NULL), "ENOENT");
    CHECK_STR(setp(g, 0, "@releaseDomain", "n5", NULL, NULL), "EACCES");
    CHECK_STR(setp(a, 0, "@otherDomain", "n0", NULL, NULL), "ENOENT");
    CHECK_STR(setp(a, 0, "@releaseDomain", "n0", "r5", NULL), "OK");
    struct xsd_sockmsg h = { XS_GET_PERMS, 1, 0, 15 };
    request_process(g, &h, "@releaseDomain");
    CHECK_EQ(pop(g, buf, &len), XS_GET_PERMS);
    CHECK_EQ(len, 6u);
    CHECK(!memcmp(buf, "n0\0r5\0", 6));
    /* The grant lets domain 5 see the events. */
    CHECK_STR(rq(g, XS_WATCH, 0, "@releaseDomain", "g"), "OK");
    CHECK_STR(rq(w, XS_WATCH, 0, "@releaseDomain", "w"), "OK");
    count_events(g, NULL);
    count_events(w, NULL);
    bool is_new;
    CHECK_EQ(domain_introduce(5, 1, 2, &is_new), 0);
    CHECK(is_new);
    rq(a, XS_WRITE, 0, "/owned/x", "1");
    CHECK_STR(setp(a, 0, "/owned", "n5", NULL, NULL), "OK");
    domain_query = fake_query;
    /* Shut down: one event, once. */
    fake_state = DOMSTATE_SHUTDOWN;
    domain_check_all();
    CHECK_EQ(count_events(g, "@releaseDomain"), 1);
    CHECK_EQ(count_events(w, "@releaseDomain"), 1);
    domain_check_all();
    CHECK_EQ(count_events(w, NULL), 0);
    CHECK(domain_find(5) != NULL);
    /* Gone: released, its nodes removed, its grant dropped. */
    fake_state = DOMSTATE_GONE;
    domain_check_all();
    CHECK(domain_find(5) == NULL);
    CHECK_STR(rq(a, XS_READ, 0, "/owned/x", NULL), "ENOENT");
    CHECK_STR(rq(a, XS_READ, 0, "/owned", NULL), "ENOENT");
    CHECK_EQ(count_events(w, "@releaseDomain"), 1);
    CHECK_STR(rq(a, XS_GET_PERMS, 0, "@releaseDomain", NULL), "n0");
    request_process(a, &h, "@releaseDomain");
    CHECK_EQ(pop(a, buf, &len), XS_GET_PERMS);
    CHECK_EQ(len, 3u);
    /* Running domains stay. */
    CHECK_EQ(domain_introduce(6, 1, 2, &is_new), 0);
    fake_state = DOMSTATE_RUNNING;
    domain_check_all();
    CHECK(domain_find(6) != NULL);
    domain_release(6);
    special_set_perms("@releaseDomain", &(struct perm){ 0, PERM_NONE }, 1);
    domain_query = NULL;
}

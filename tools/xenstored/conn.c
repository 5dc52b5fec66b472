/*
 * conn.c - connection objects and their output queues; see conn.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conn.h"
#include "log.h"
#include "quota.h"
#include "transaction.h"
#include "watch.h"

struct conn *conn_list;

struct conn *conn_new(const struct conn_ops *ops, void *priv, uint32_t domid,
                      bool privileged, const char *name)
{
    struct conn *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->in_buf = malloc(XENSTORE_PAYLOAD_MAX + 1);
    if (!c->in_buf) {
        free(c);
        return NULL;
    }
    c->ops = ops;
    c->priv = priv;
    c->who.domid = domid;
    c->who.privileged = privileged;
    c->who.target = UINT32_MAX;
    c->out_tail = &c->out_head;
    c->next_txid = 1;
    snprintf(c->name, sizeof(c->name), "%s", name);
    c->next = conn_list;
    if (conn_list)
        conn_list->prev = c;
    conn_list = c;
    return c;
}

void conn_free(struct conn *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        conn_list = c->next;
    if (c->next)
        c->next->prev = c->prev;
    watch_del_all(c);
    while (c->txs) {
        struct transaction *t = c->txs;
        c->txs = t->next;
        tx_free(t);
    }
    while (c->out_head) {
        struct outmsg *m = c->out_head;
        c->out_head = m->next;
        free(m);
    }
    if (c->ops && c->ops->destroy)
        c->ops->destroy(c);
    free(c->in_buf);
    free(c);
}

bool conn_can_read(const struct conn *c)
{
    if (c->closing)
        return false;
    return c->who.privileged || c->out_count < quota.outstanding;
}

const char *xs_errname(int err)
{
    for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
        if (xsd_errors[i].errnum == err)
            return xsd_errors[i].errstring;
    /* Like Xen: anything without a name on the wire is reported as EINVAL. */
    return "EINVAL";
}

int conn_send(struct conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
              const void *p1, size_t l1, const void *p2, size_t l2,
              bool is_event)
{
    size_t plen = l1 + l2;
    if (plen > XENSTORE_PAYLOAD_MAX)
        return E2BIG;
    if (is_event && !c->who.privileged &&
        c->out_bytes + plen > quota.memory / 4) {
        /* A domain that does not read its events loses them rather than
         * making the daemon grow. */
        LOGW("%s: watch event dropped, output queue full", c->name);
        return ENOSPC;
    }
    struct outmsg *m = malloc(sizeof(*m) + sizeof(struct xsd_sockmsg) + plen);
    if (!m)
        return ENOMEM;
    struct xsd_sockmsg h = { type, req_id, tx_id, (uint32_t)plen };
    memcpy(m->buf, &h, sizeof(h));
    if (l1)
        memcpy(m->buf + sizeof(h), p1, l1);
    if (l2)
        memcpy(m->buf + sizeof(h) + l1, p2, l2);
    m->len = (uint32_t)(sizeof(h) + plen);
    m->sent = 0;
    m->is_event = is_event;
    m->next = NULL;
    log_trace(c->name, "OUT", type, req_id, tx_id, m->buf + sizeof(h),
              (uint32_t)plen);
    bool was_empty = !c->out_head;
    *c->out_tail = m;
    c->out_tail = &m->next;
    c->out_count++;
    c->out_bytes += m->len;
    if (was_empty && c->ops && c->ops->kick)
        c->ops->kick(c);
    return 0;
}

int conn_send_error(struct conn *c, uint32_t req_id, uint32_t tx_id, int err)
{
    const char *name = xs_errname(err);
    return conn_send(c, XS_ERROR, req_id, tx_id, name, strlen(name) + 1,
                     NULL, 0, false);
}

void conn_output_advance(struct conn *c, size_t n)
{
    while (n && c->out_head) {
        struct outmsg *m = c->out_head;
        size_t left = m->len - m->sent;
        size_t take = n < left ? n : left;
        m->sent += (uint32_t)take;
        n -= take;
        if (m->sent == m->len) {
            c->out_head = m->next;
            if (!c->out_head)
                c->out_tail = &c->out_head;
            c->out_count--;
            c->out_bytes -= m->len;
            free(m);
        }
    }
}

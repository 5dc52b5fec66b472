/*
 * protocol.c - framing, validation and dispatch; see protocol.h.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "protocol.h"

size_t conn_input_want(const struct conn *c)
{
    if (c->in_hdr_got < sizeof(c->in_hdr))
        return sizeof(c->in_hdr) - c->in_hdr_got;
    return c->in_hdr.len - c->in_got;
}

long conn_input(struct conn *c, const char *data, size_t len)
{
    size_t used = 0;
    while (used < len && conn_can_read(c)) {
        if (c->in_hdr_got < sizeof(c->in_hdr)) {
            size_t n = sizeof(c->in_hdr) - c->in_hdr_got;
            if (n > len - used)
                n = len - used;
            memcpy((char *)&c->in_hdr + c->in_hdr_got, data + used, n);
            c->in_hdr_got += (uint32_t)n;
            used += n;
            if (c->in_hdr_got < sizeof(c->in_hdr))
                break;
            if (c->in_hdr.len > XENSTORE_PAYLOAD_MAX) {
                LOGW("%s: payload length %u too long: closing", c->name,
                     c->in_hdr.len);
                c->closing = true;
                return -1;
            }
            c->in_got = 0;
        } else {
            size_t n = c->in_hdr.len - c->in_got;
            if (n > len - used)
                n = len - used;
            memcpy(c->in_buf + c->in_got, data + used, n);
            c->in_got += (uint32_t)n;
            used += n;
        }
        if (c->in_hdr_got == sizeof(c->in_hdr) && c->in_got == c->in_hdr.len) {
            struct xsd_sockmsg h = c->in_hdr;
            c->in_hdr_got = 0;
            c->in_got = 0;
            c->in_buf[h.len] = '\0';
            request_process(c, &h, c->in_buf);
        }
    }
    return (long)used;
}

unsigned int req_count_strings(const struct request *r)
{
    unsigned int n = 0;
    for (uint32_t i = 0; i < r->len; i++)
        if (r->data[i] == '\0')
            n++;
    return n;
}

const char *req_onearg(const struct request *r)
{
    if (r->len == 0 || memchr(r->data, '\0', r->len) != r->data + r->len - 1)
        return NULL;
    return r->data;
}

unsigned int req_args(const struct request *r, const char **argv,
                      unsigned int max)
{
    unsigned int n = 0;
    uint32_t off = 0;
    while (n < max && off < r->len) {
        const char *e = memchr(r->data + off, '\0', r->len - off);
        if (!e)
            break;
        argv[n++] = r->data + off;
        off = (uint32_t)(e - r->data) + 1;
    }
    return n;
}

int reply(struct request *r, const void *data, size_t len)
{
    return conn_send(r->c, r->hdr.type, r->hdr.req_id, r->hdr.tx_id, data,
                     len, NULL, 0, false);
}

int reply_ok(struct request *r)
{
    return reply(r, "OK", 3);
}

void request_process(struct conn *c, const struct xsd_sockmsg *hdr,
                     const char *payload)
{
    struct request r = { c, NULL, *hdr, payload, hdr->len };
    int err;

    log_trace(c->name, "IN", hdr->type, hdr->req_id, hdr->tx_id, payload,
              hdr->len);
    if (hdr->type >= XS_TYPE_COUNT || !ops_table[hdr->type].fn) {
        err = EINVAL;
        goto out;
    }
    const struct op *op = &ops_table[hdr->type];
    if ((op->flags & OP_PRIV) && !c->who.privileged) {
        err = EACCES;
        goto out;
    }
    if ((op->flags & OP_WRITE) && c->readonly) {
        err = EROFS;
        goto out;
    }
    if ((op->flags & OP_TX) && hdr->tx_id) {
        r.t = tx_find(c, hdr->tx_id);
        if (!r.t) {
            err = ENOENT;
            goto out;
        }
    }
    err = op->fn(&r);
out:
    if (err) {
        LOGD("%s: request %u failed: %s", c->name, hdr->type,
             xs_errname(err));
        conn_send_error(c, hdr->req_id, hdr->tx_id, err);
    }
}

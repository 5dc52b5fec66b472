/*
 * fuzz_xenstore.c - libFuzzer target over xenstored's framing, parser and
 * request handlers.
 *
 * The input is split into a byte stream per connection: the first byte
 * picks how many connections (dom0, a read-only one, unprivileged domains
 * 5 and 6) take part, then chunks of (conn, length, bytes) are fed to
 * conn_input() as a transport would.  Replies are discarded as they are
 * queued.  ASan and UBSan turn any memory or arithmetic error into a
 * crash; each input starts from a fresh store and frees everything.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "conn.h"
#include "hashtab.h"
#include "protocol.h"
#include "quota.h"
#include "tree.h"
#include "watch.h"
#include "log.h"

static void drain(struct conn *c)
{
    conn_output_advance(c, c->out_bytes);
}

static const struct conn_ops fuzz_ops = { drain, NULL };

static void setup(void)
{
    while (conn_list)
        conn_free(conn_list);
    watch_fini();
    tree_fini();
    quota_reset();
    quota_defaults();
    log_level = -1;     /* quiet: errors are expected here */
    quota.nodes = 50;
    quota.tx_nodes = 64;
    tree_account = quota_account;
    tree_init();
    watch_init();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    struct conn *c[4];
    c[0] = conn_new(&fuzz_ops, NULL, 0, true, "d0");
    c[1] = conn_new(&fuzz_ops, NULL, 0, true, "ro");
    c[1]->readonly = true;
    c[2] = conn_new(&fuzz_ops, NULL, 5, false, "d5");
    c[3] = conn_new(&fuzz_ops, NULL, 6, false, "d6");
    /* Give domain 5 a home it owns, as a toolstack would. */
    static const char mk[] = "/local/domain/5";
    struct xsd_sockmsg h = { XS_MKDIR, 0, 0, sizeof(mk) };
    request_process(c[0], &h, mk);
    static const char sp[] = "/local/domain/5\0n5\0r6";
    struct xsd_sockmsg h2 = { XS_SET_PERMS, 0, 0, sizeof(sp) };
    request_process(c[0], &h2, sp);
    drain(c[0]);

    size_t i = 0;
    while (i + 2 <= size) {
        struct conn *to = c[data[i] & 3];
        size_t n = data[i + 1];
        i += 2;
        if (n > size - i)
            n = size - i;
        if (to->closing)
            continue;
        conn_input(to, (const char *)data + i, n);
        i += n;
        for (int k = 0; k < 4; k++)
            drain(c[k]);
    }
    for (int k = 0; k < 4; k++)
        drain(c[k]);
    setup();
    return 0;
}

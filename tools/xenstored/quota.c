/*
 * quota.c - limits and per-domain accounting; see quota.h.
 *
 * Accounting is indexed by domid (16 bits): one slot per domain that owns
 * nodes, allocated on first use.  Invariant: for every domid, nodes/bytes
 * equal the count/size of committed nodes whose perms[0].id is that domid.
 */
#include <stdlib.h>
#include <string.h>
#include "quota.h"
#include "tree.h"

struct quota_limits quota;

struct acct {
    unsigned int nodes;
    size_t bytes;
};

#define NDOMIDS 65536
static struct acct *acct;   /* NDOMIDS slots, allocated lazily */

void quota_defaults(void)
{
    /* Xen 4.17's defaults for the same limits, memory aside. */
    quota.nodes = 1000;
    quota.node_size = 2048;
    quota.watches = 128;
    quota.transactions = 10;
    quota.perms = 5;
    quota.path_max = 2048;
    quota.outstanding = 20;
    quota.tx_nodes = 1024;
    quota.memory = 2 * 1024 * 1024;
}

int quota_set(const char *arg)
{
    static const struct { const char *name; size_t off; bool sz; } tbl[] = {
        { "nodes", offsetof(struct quota_limits, nodes), false },
        { "node-size", offsetof(struct quota_limits, node_size), false },
        { "watches", offsetof(struct quota_limits, watches), false },
        { "transactions", offsetof(struct quota_limits, transactions), false },
        { "perms", offsetof(struct quota_limits, perms), false },
        { "path-max", offsetof(struct quota_limits, path_max), false },
        { "outstanding", offsetof(struct quota_limits, outstanding), false },
        { "transaction-nodes", offsetof(struct quota_limits, tx_nodes), false },
        { "memory", offsetof(struct quota_limits, memory), true },
    };
    const char *eq = strchr(arg, '=');
    if (!eq)
        return -1;
    char *end;
    unsigned long long v = strtoull(eq + 1, &end, 10);
    if (end == eq + 1 || *end || v == 0 || v > 0x7fffffffULL)
        return -1;
    for (size_t i = 0; i < sizeof(tbl) / sizeof(tbl[0]); i++) {
        if (strlen(tbl[i].name) != (size_t)(eq - arg) ||
            strncmp(tbl[i].name, arg, (size_t)(eq - arg)) != 0)
            continue;
        char *f = (char *)&quota + tbl[i].off;
        if (tbl[i].sz)
            *(size_t *)f = (size_t)v;
        else
            *(unsigned int *)f = (unsigned int)v;
        return 0;
    }
    return -1;
}

void quota_account(uint32_t owner, int nodes, long bytes)
{
    if (owner >= NDOMIDS)
        return;
    if (!acct) {
        acct = calloc(NDOMIDS, sizeof(*acct));
        if (!acct)
            abort();   /* at start-up only: nothing to save yet */
    }
    acct[owner].nodes += (unsigned int)nodes;
    acct[owner].bytes += (size_t)bytes;
}

unsigned int quota_nodes_of(uint32_t domid)
{
    return acct && domid < NDOMIDS ? acct[domid].nodes : 0;
}

size_t quota_bytes_of(uint32_t domid)
{
    return acct && domid < NDOMIDS ? acct[domid].bytes : 0;
}

void quota_forget(uint32_t domid)
{
    if (acct && domid < NDOMIDS)
        memset(&acct[domid], 0, sizeof(acct[domid]));
}

void quota_reset(void)
{
    free(acct);
    acct = NULL;
}

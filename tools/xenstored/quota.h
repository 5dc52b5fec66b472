/*
 * quota.h - limits that bound what one unprivileged domain can make the
 * daemon hold.  Privileged connections (dom0 tools) are not limited.
 *
 * Every limit is checked before the work it guards is done, so a domain at
 * its limit gets an error reply and nothing else changes.
 */
#ifndef XENSTORED_QUOTA_H
#define XENSTORED_QUOTA_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct quota_limits {
    unsigned int nodes;        /* nodes owned per domain        (-E) */
    unsigned int node_size;    /* value bytes per node          (-S) */
    unsigned int watches;      /* watches per connection        (-W) */
    unsigned int transactions; /* open transactions per conn.   (-t) */
    unsigned int perms;        /* entries in a node's perm list (-A) */
    unsigned int path_max;     /* relative path bytes           (-M) */
    unsigned int outstanding;  /* requests queued per connection     */
    unsigned int tx_nodes;     /* nodes touched per transaction      */
    size_t memory;             /* bytes per domain: nodes + queues   */
};

extern struct quota_limits quota;

void quota_defaults(void);
/* Parses "name=value" for -Q; returns 0 or -1. */
int quota_set(const char *arg);

/* Committed-tree accounting per owning domain (hooked into tree.c). */
void quota_account(uint32_t owner, int nodes, long bytes);
unsigned int quota_nodes_of(uint32_t domid);
size_t quota_bytes_of(uint32_t domid);
/* Drops a domain's accounting (after its nodes were removed). */
void quota_forget(uint32_t domid);
void quota_reset(void);

#endif

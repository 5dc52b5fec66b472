/*
 * perms.h - xenstore node permissions.
 *
 * A node carries a list of at least one entry.  The first names the owner
 * (its letter is the access everyone not listed gets); each later entry
 * grants one domain n(one), r(ead), w(rite) or b(oth).  On the wire each
 * entry is a string such as "r5" and a list is such strings each followed
 * by a NUL.
 */
#ifndef XENSTORED_PERMS_H
#define XENSTORED_PERMS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define PERM_NONE   0x00
#define PERM_READ   0x01
#define PERM_WRITE  0x02
#define PERM_OWNER  0x08   /* only in results: may change perms */

struct perm {
    uint32_t id;    /* domid */
    uint32_t bits;  /* PERM_READ | PERM_WRITE */
};

/* Who asks: domid, whether dom0-privileged, and the domain it may act as
 * (SET_TARGET), or UINT32_MAX for none. */
struct who {
    uint32_t domid;
    bool privileged;
    uint32_t target;
};

/* Parses `count` NUL-terminated strings at `s` (total `len` bytes) into
 * out[count].  Returns 0 or EINVAL. */
int perms_parse(const char *s, size_t len, unsigned int count,
                struct perm *out);
/* Parses one "r5" string; returns false on bad syntax. */
bool perm_parse_one(const char *s, struct perm *out);
/* Writes the wire form into buf (NUL after each); returns bytes needed. */
size_t perms_format(const struct perm *p, unsigned int n, char *buf,
                    size_t cap);
/* The access `w` has on a node with permissions p[n]: PERM_* bits. */
unsigned int perms_for(const struct perm *p, unsigned int n,
                       const struct who *w);

#endif

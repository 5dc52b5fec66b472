/*
 * perms.c - parse, format and evaluate node permissions; see perms.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "perms.h"

bool perm_parse_one(const char *s, struct perm *out)
{
    switch (s[0]) {
    case 'n': out->bits = PERM_NONE; break;
    case 'r': out->bits = PERM_READ; break;
    case 'w': out->bits = PERM_WRITE; break;
    case 'b': out->bits = PERM_READ | PERM_WRITE; break;
    default: return false;
    }
    /* A domid is 1-5 decimal digits and at most 65535. */
    const char *d = s + 1;
    unsigned long v = 0;
    if (!*d)
        return false;
    for (; *d; d++) {
        if (*d < '0' || *d > '9' || d - s > 5)
            return false;
        v = v * 10 + (unsigned long)(*d - '0');
    }
    if (v > 65535)
        return false;
    out->id = (uint32_t)v;
    return true;
}

int perms_parse(const char *s, size_t len, unsigned int count,
                struct perm *out)
{
    size_t off = 0;
    for (unsigned int i = 0; i < count; i++) {
        const char *e = memchr(s + off, '\0', len - off);
        if (!e || !perm_parse_one(s + off, &out[i]))
            return EINVAL;
        off = (size_t)(e - s) + 1;
    }
    return 0;
}

size_t perms_format(const struct perm *p, unsigned int n, char *buf,
                    size_t cap)
{
    static const char letter[4] = { 'n', 'r', 'w', 'b' };
    size_t used = 0;
    for (unsigned int i = 0; i < n; i++) {
        char one[16];
        int k = snprintf(one, sizeof(one), "%c%u", letter[p[i].bits & 3],
                         (unsigned)p[i].id);
        if (used + (size_t)k + 1 <= cap)
            memcpy(buf + used, one, (size_t)k + 1);
        used += (size_t)k + 1;
    }
    return used;
}

unsigned int perms_for(const struct perm *p, unsigned int n,
                       const struct who *w)
{
    const unsigned int all = PERM_READ | PERM_WRITE | PERM_OWNER;
    /* The privileged, the owner and the owner's controller get it all. */
    if (w->privileged || p[0].id == w->domid || p[0].id == w->target)
        return all;
    for (unsigned int i = 1; i < n; i++)
        if (p[i].id == w->domid || p[i].id == w->target)
            return p[i].bits & (PERM_READ | PERM_WRITE);
    return p[0].bits & (PERM_READ | PERM_WRITE);
}

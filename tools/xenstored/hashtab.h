/*
 * hashtab.h - string-keyed hash table (open addressing, linear probing).
 *
 * The table stores pointers to keys and values it does not own: a key must
 * stay valid and unchanged while its entry is in the table (in practice the
 * key is a field of the value).  Lookup, insert and delete are O(1) on
 * average; the table doubles when 7/8 full and never holds tombstones
 * (deletion shifts later entries back), so long runs of churn stay fast.
 */
#ifndef XENSTORED_HASHTAB_H
#define XENSTORED_HASHTAB_H

#include <stddef.h>
#include <stdint.h>

struct ht_slot {
    uint32_t hash;
    const char *key;   /* NULL: slot empty */
    void *val;
};

struct hashtab {
    struct ht_slot *slots;
    size_t mask;       /* capacity - 1; capacity is a power of two */
    size_t count;
};

uint32_t ht_hash(const char *key, size_t len);
int ht_init(struct hashtab *ht, size_t capacity_hint);
void ht_free(struct hashtab *ht);
void *ht_get(const struct hashtab *ht, const char *key);
/* Inserts or replaces; returns 0, or -1 when memory ran out. */
int ht_put(struct hashtab *ht, const char *key, void *val);
/* Removes key; returns its value or NULL if absent. */
void *ht_del(struct hashtab *ht, const char *key);

/* Iteration: for (i = 0; (i = ht_next(ht, i, &k, &v)) != 0;) -- i starts 0. */
size_t ht_next(const struct hashtab *ht, size_t pos, const char **key,
               void **val);

#endif

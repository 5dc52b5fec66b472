/*
 * hashtab.h - string-keyed hash table of objects (open addressing, linear
 * probing).
 *
 * The table stores pointers to objects it does not own; an object's key is
 * a string inside the object, found by the table's key function, and must
 * stay unchanged while the object is in the table.  Per slot the table
 * keeps only the object pointer and the key's 32-bit hash (12 bytes: two
 * arrays), which is most of what the daemon spends on its index.  Lookup,
 * insert and delete are O(1) on average; the table doubles when 7/8 full
 * and never holds tombstones (deletion shifts later entries back), so long
 * runs of churn stay fast.
 */
#ifndef XENSTORED_HASHTAB_H
#define XENSTORED_HASHTAB_H

#include <stddef.h>
#include <stdint.h>

typedef const char *(*ht_key_fn)(const void *val);

struct hashtab {
    uint32_t *hashes;
    void **vals;       /* NULL: slot empty */
    size_t mask;       /* capacity - 1; capacity is a power of two */
    size_t count;
    ht_key_fn key;
};

uint32_t ht_hash(const char *key, size_t len);
int ht_init(struct hashtab *ht, size_t capacity_hint, ht_key_fn key);
void ht_free(struct hashtab *ht);
void *ht_get(const struct hashtab *ht, const char *key);
/* Inserts val under its key, replacing any object of the same key;
 * returns 0, or -1 when memory ran out. */
int ht_put(struct hashtab *ht, void *val);
/* Removes key; returns its object or NULL if absent. */
void *ht_del(struct hashtab *ht, const char *key);

/* Iteration: for (i = 0; (i = ht_next(ht, i, &v)) != 0;) -- i starts 0. */
size_t ht_next(const struct hashtab *ht, size_t pos, void **val);

#endif

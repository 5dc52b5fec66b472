/*
 * hashtab.c - string-keyed open-addressing hash table; see hashtab.h.
 *
 * Invariant: every object in the table is reachable from its home slot
 * (hash & mask) by probing forward without crossing an empty slot, and
 * hashes[i] is the hash of vals[i]'s key.
 */
#include <stdlib.h>
#include <string.h>
#include "hashtab.h"

uint32_t ht_hash(const char *key, size_t len)
{
    /* FNV-1a, then a final mix so that low bits depend on every byte. */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    h ^= h >> 15;
    h *= 0x2c1b3c6du;
    h ^= h >> 12;
    return h;
}

static int alloc_slots(struct hashtab *ht, size_t cap)
{
    ht->hashes = malloc(cap * sizeof(*ht->hashes));
    ht->vals = calloc(cap, sizeof(*ht->vals));
    if (!ht->hashes || !ht->vals) {
        free(ht->hashes);
        free(ht->vals);
        ht->hashes = NULL;
        ht->vals = NULL;
        return -1;
    }
    ht->mask = cap - 1;
    ht->count = 0;
    return 0;
}

int ht_init(struct hashtab *ht, size_t hint, ht_key_fn key)
{
    size_t cap = 16;
    while (cap < hint * 2)
        cap <<= 1;
    ht->key = key;
    return alloc_slots(ht, cap);
}

void ht_free(struct hashtab *ht)
{
    free(ht->hashes);
    free(ht->vals);
    ht->hashes = NULL;
    ht->vals = NULL;
    ht->count = 0;
}

static size_t find_slot(const struct hashtab *ht, const char *key,
                        uint32_t h)
{
    size_t i = h & ht->mask;
    while (ht->vals[i]) {
        if (ht->hashes[i] == h && strcmp(ht->key(ht->vals[i]), key) == 0)
            return i;
        i = (i + 1) & ht->mask;
    }
    return i;
}

void *ht_get(const struct hashtab *ht, const char *key)
{
    uint32_t h = ht_hash(key, strlen(key));
    return ht->vals[find_slot(ht, key, h)];
}

static int grow(struct hashtab *ht)
{
    struct hashtab n = { .key = ht->key };
    if (alloc_slots(&n, (ht->mask + 1) * 2) != 0)
        return -1;
    for (size_t i = 0; i <= ht->mask; i++) {
        if (!ht->vals[i])
            continue;
        size_t j = ht->hashes[i] & n.mask;
        while (n.vals[j])
            j = (j + 1) & n.mask;
        n.vals[j] = ht->vals[i];
        n.hashes[j] = ht->hashes[i];
        n.count++;
    }
    ht_free(ht);
    *ht = n;
    return 0;
}

int ht_put(struct hashtab *ht, void *val)
{
    /* Grow past 7/8 full: linear probing stays short at that load with
     * this hash, and the table is a good part of the daemon's memory. */
    if ((ht->count + 1) * 8 > (ht->mask + 1) * 7 && grow(ht) != 0)
        return -1;
    const char *key = ht->key(val);
    uint32_t h = ht_hash(key, strlen(key));
    size_t i = find_slot(ht, key, h);
    if (!ht->vals[i])
        ht->count++;
    ht->hashes[i] = h;
    ht->vals[i] = val;
    return 0;
}

void *ht_del(struct hashtab *ht, const char *key)
{
    uint32_t h = ht_hash(key, strlen(key));
    size_t i = find_slot(ht, key, h);
    void *val = ht->vals[i];
    if (!val)
        return NULL;
    /* Backward-shift: move later entries of the probe run into the hole
     * when their home slot does not lie strictly between hole and them. */
    size_t hole = i, j = i;
    for (;;) {
        j = (j + 1) & ht->mask;
        if (!ht->vals[j])
            break;
        size_t home = ht->hashes[j] & ht->mask;
        if (((j - home) & ht->mask) >= ((j - hole) & ht->mask)) {
            ht->vals[hole] = ht->vals[j];
            ht->hashes[hole] = ht->hashes[j];
            hole = j;
        }
    }
    ht->vals[hole] = NULL;
    ht->count--;
    return val;
}

size_t ht_next(const struct hashtab *ht, size_t pos, void **val)
{
    for (size_t i = pos; ht->vals && i <= ht->mask; i++) {
        if (ht->vals[i]) {
            *val = ht->vals[i];
            return i + 1;
        }
    }
    return 0;
}

/*
 * hashtab.c - string-keyed open-addressing hash table; see hashtab.h.
 *
 * Invariant: every key in the table is reachable from its home slot
 * (hash & mask) by probing forward without crossing an empty slot.
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

int ht_init(struct hashtab *ht, size_t hint)
{
    size_t cap = 16;
    while (cap < hint * 2)
        cap <<= 1;
    ht->slots = calloc(cap, sizeof(*ht->slots));
    ht->mask = cap - 1;
    ht->count = 0;
    return ht->slots ? 0 : -1;
}

void ht_free(struct hashtab *ht)
{
    free(ht->slots);
    ht->slots = NULL;
    ht->count = 0;
}

static size_t find_slot(const struct hashtab *ht, const char *key,
                        uint32_t h)
{
    size_t i = h & ht->mask;
    while (ht->slots[i].key) {
        if (ht->slots[i].hash == h && strcmp(ht->slots[i].key, key) == 0)
            return i;
        i = (i + 1) & ht->mask;
    }
    return i;
}

void *ht_get(const struct hashtab *ht, const char *key)
{
    uint32_t h = ht_hash(key, strlen(key));
    size_t i = find_slot(ht, key, h);
    return ht->slots[i].key ? ht->slots[i].val : NULL;
}

static int grow(struct hashtab *ht)
{
    struct hashtab n;
    if (ht_init(&n, (ht->mask + 1)) != 0)
        return -1;
    for (size_t i = 0; i <= ht->mask; i++) {
        struct ht_slot *s = &ht->slots[i];
        if (!s->key)
            continue;
        size_t j = s->hash & n.mask;
        while (n.slots[j].key)
            j = (j + 1) & n.mask;
        n.slots[j] = *s;
        n.count++;
    }
    free(ht->slots);
    *ht = n;
    return 0;
}

int ht_put(struct hashtab *ht, const char *key, void *val)
{
    /* Grow past 7/8 full: linear probing stays short at that load with
     * this hash, and the table is a good part of the daemon's memory. */
    if ((ht->count + 1) * 8 > (ht->mask + 1) * 7 && grow(ht) != 0)
        return -1;
    uint32_t h = ht_hash(key, strlen(key));
    size_t i = find_slot(ht, key, h);
    if (!ht->slots[i].key)
        ht->count++;
    ht->slots[i].hash = h;
    ht->slots[i].key = key;
    ht->slots[i].val = val;
    return 0;
}

void *ht_del(struct hashtab *ht, const char *key)
{
    uint32_t h = ht_hash(key, strlen(key));
    size_t i = find_slot(ht, key, h);
    if (!ht->slots[i].key)
        return NULL;
    void *val = ht->slots[i].val;
    /* Backward-shift: move later entries of the probe run into the hole
     * when their home slot does not lie strictly between hole and them. */
    size_t hole = i, j = i;
    for (;;) {
        j = (j + 1) & ht->mask;
        if (!ht->slots[j].key)
            break;
        size_t home = ht->slots[j].hash & ht->mask;
        if (((j - home) & ht->mask) >= ((j - hole) & ht->mask)) {
            ht->slots[hole] = ht->slots[j];
            hole = j;
        }
    }
    ht->slots[hole].key = NULL;
    ht->count--;
    return val;
}

size_t ht_next(const struct hashtab *ht, size_t pos, const char **key,
               void **val)
{
    for (size_t i = pos; ht->slots && i <= ht->mask; i++) {
        if (ht->slots[i].key) {
            *key = ht->slots[i].key;
            *val = ht->slots[i].val;
            return i + 1;
        }
    }
    return 0;
}

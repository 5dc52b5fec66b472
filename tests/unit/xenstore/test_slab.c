/*
 * test_slab.c - xenstored's small-object pages (tools/xenstored/slab.c),
 * built with its pages on even under AddressSanitizer.
 */
#define SLAB_PASSTHROUGH 0
#include "slab.c"
#include <stdint.h>
#include "unit.h"

#define NOBJ 5000

static void *objs[NOBJ];
static size_t sizes[NOBJ];

static void fill(void *p, size_t n, unsigned int seed)
{
    for (size_t i = 0; i < n; i++)
        ((unsigned char *)p)[i] = (unsigned char)(seed * 31 + i);
}

static int intact(const void *p, size_t n, unsigned int seed)
{
    for (size_t i = 0; i < n; i++)
        if (((const unsigned char *)p)[i] != (unsigned char)(seed * 31 + i))
            return 0;
    return 1;
}

TEST(xs_slab_objects_distinct_aligned_and_kept)
{
    for (int i = 0; i < NOBJ; i++) {
        sizes[i] = 1 + (size_t)(i * 37) % (SLAB_MAX + 64);  /* some > MAX */
        objs[i] = slab_alloc(sizes[i]);
        CHECK(objs[i] != NULL);
        CHECK(((uintptr_t)objs[i] & 7) == 0);
        fill(objs[i], sizes[i], (unsigned int)i);
    }
    /* Free every third, in an order unlike allocation's. */
    for (int i = NOBJ - 1; i >= 0; i--)
        if (i % 3 == 0) {
            slab_free(objs[i], sizes[i]);
            objs[i] = NULL;
        }
    int bad = 0;
    for (int i = 0; i < NOBJ; i++)
        if (objs[i] && !intact(objs[i], sizes[i], (unsigned int)i))
            bad++;
    CHECK_EQ(bad, 0);
    /* Reallocate into the holes; nothing live may be overwritten. */
    for (int i = 0; i < NOBJ; i += 3) {
        objs[i] = slab_alloc(sizes[i]);
        CHECK(objs[i] != NULL);
        fill(objs[i], sizes[i], (unsigned int)i + 7);
    }
    for (int i = 0; i < NOBJ; i++)
        if (!intact(objs[i], sizes[i], (unsigned int)i + (i % 3 == 0 ? 7 : 0)))
            bad++;
    CHECK_EQ(bad, 0);
    for (int i = 0; i < NOBJ; i++)
        slab_free(objs[i], sizes[i]);
}

TEST(xs_slab_pages_reused_across_sizes)
{
    /* Fill pages with one size, free all: the pages serve another size
     * without new mappings. */
    for (int i = 0; i < NOBJ; i++)
        objs[i] = slab_alloc(40);
    for (int i = 0; i < NOBJ; i++)
        slab_free(objs[i], 40);
    char *before = chunk_next;
    unsigned int left = chunk_left;
    for (int i = 0; i < NOBJ; i++) {
        objs[i] = slab_alloc(48);
        CHECK(objs[i] != NULL);
    }
    CHECK(chunk_next == before && chunk_left == left);
    for (int i = 0; i < NOBJ; i++)
        slab_free(objs[i], 48);
}

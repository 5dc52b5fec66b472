/* test_page_alloc.c - the buddy heap, scrubbing, xmalloc, page types. */
#include <stdlib.h>
#include "unit.h"
#include "host.h"
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/xmalloc.h>

#define FRAMES 1024   /* 4 MiB of simulated RAM, frame 0 reserved */

static bool page_is(const void *va, int byte)
{
    const unsigned char *p = va;

    for (unsigned long i = 0; i < PAGE_SIZE; i++)
        if (p[i] != byte)
            return false;
    return true;
}

TEST(heap_starts_with_all_ram_dirty)
{
    host_world_init(FRAMES, 1);
    CHECK_EQ(heap_free_pages(), FRAMES - 1);
    /* Nothing was zeroed at boot. */
    CHECK_EQ(heap_dirty_pages(), FRAMES - 1);
    CHECK(page_is(mfn_to_virt(5), HOST_GARBAGE));
    /* Frames 1..1023 form blocks of 1,2,4,...,512 frames. */
    for (unsigned int o = 0; o <= 9; o++)
        CHECK_EQ(heap_free_blocks(o), 1);
    CHECK_EQ(heap_free_blocks(10), 0);
}

TEST(alloc_is_scrubbed_and_aligned)
{
    host_world_init(FRAMES, 1);
    for (unsigned int o = 0; o <= 6; o++) {
        unsigned char *va = alloc_xenheap_pages(o);

        CHECK(va != NULL);
        CHECK_EQ(virt_to_mfn(va) & ((1UL << o) - 1), 0);
        for (unsigned long i = 0; i < (1UL << o); i++)
            CHECK(page_is(va + i * PAGE_SIZE, 0));
        free_xenheap_pages(va, o);
    }
    CHECK_EQ(heap_free_pages(), FRAMES - 1);
}

TEST(split_and_merge_restore_blocks)
{
    void *p[64];

    host_world_init(FRAMES, 1);
    for (int i = 0; i < 64; i++) {
        p[i] = alloc_xenheap_page();
        CHECK(p[i] != NULL);
    }
    CHECK_EQ(heap_free_pages(), FRAMES - 1 - 64);
    /* Free in an interleaved order: merging must still rebuild. */
    for (int i = 0; i < 64; i += 2)
        free_xenheap_page(p[i]);
    for (int i = 1; i < 64; i += 2)
        free_xenheap_page(p[i]);
    CHECK_EQ(heap_free_pages(), FRAMES - 1);
    for (unsigned int o = 0; o <= 9; o++)
        CHECK_EQ(heap_free_blocks(o), 1);
}

TEST(exhaustion_returns_null_and_recovers)
{
    unsigned long n = 0;
    void **all = calloc(FRAMES, sizeof(void *));

    host_world_init(FRAMES, 1);
    while ((all[n] = alloc_xenheap_page()) != NULL)
        n++;
    CHECK_EQ(n, FRAMES - 1);
    CHECK_EQ(heap_free_pages(), 0);
    CHECK(alloc_xenheap_pages(3) == NULL);
    for (unsigned long i = 0; i < n; i++)
        free_xenheap_page(all[i]);
    CHECK_EQ(heap_free_pages(), FRAMES - 1);
    CHECK(alloc_xenheap_pages(9) != NULL);
    CHECK(alloc_xenheap_pages(10) == NULL);   /* no 1024-frame block */
    CHECK(alloc_xenheap_pages(MAX_ORDER + 1) == NULL);
    CHECK(alloc_xenheap_pages(200) == NULL);
    free(all);
}

TEST(freed_data_never_reaches_next_owner)
{
    unsigned char *a, *b;

    host_world_init(FRAMES, 1);
    a = alloc_xenheap_pages(2);
    memset(a, 0xEE, 4 * PAGE_SIZE);
    free_xenheap_pages(a, 2);
    CHECK_EQ(heap_dirty_pages(), FRAMES - 1);
    b = alloc_xenheap_pages(2);
    for (int i = 0; i < 4; i++)
        CHECK(page_is(b + i * PAGE_SIZE, 0));
    free_xenheap_pages(b, 2);
}

TEST(idle_scrubber_cleans_in_bounded_steps)
{
    unsigned long total = 0, step;

    host_world_init(FRAMES, 1);
    step = scrub_free_pages(100);
    CHECK(step >= 100 && step < 100 + 64);
    total += step;
    while ((step = scrub_free_pages(100)) != 0)
        total += step;
    CHECK_EQ(total, FRAMES - 1);
    CHECK_EQ(heap_dirty_pages(), 0);
    for (mfn_t m = 1; m < FRAMES; m++)
        if (!page_is(mfn_to_virt(m), 0)) {
            CHECK(!"frame left dirty");
            break;
        }
    /* Clean blocks come first: allocation needs no scrub now. */
    CHECK(page_is(alloc_xenheap_pages(5), 0));
}

TEST(scrubber_and_allocator_interleave)
{
    void *p[40];

    host_world_init(FRAMES, 1);
    scrub_free_pages(37);
    for (int i = 0; i < 40; i++) {
        p[i] = alloc_xenheap_pages(i % 4);
        CHECK(p[i] != NULL);
        CHECK(page_is(p[i], 0));
        scrub_free_pages(3);
    }
    for (int i = 0; i < 40; i += 3)
        free_xenheap_pages(p[i], i % 4);
    scrub_free_pages(1000000);
    CHECK_EQ(heap_dirty_pages(), 0);
    for (int i = 0; i < 40; i++)
        if (i % 3)
            free_xenheap_pages(p[i], i % 4);
    CHECK_EQ(heap_free_pages(), FRAMES - 1);
}

TEST(frames_have_a_sane_state)
{
    struct page_info *pg;
    void *va;

    host_world_init(FRAMES, 1);
    CHECK(!(mfn_to_page(0)->count_info & PGC_free));   /* reserved */
    va = alloc_xenheap_page();
    pg = mfn_to_page(virt_to_mfn(va));
    CHECK_EQ(pg->count_info, PGC_xen_heap);
    CHECK(pg->owner == NULL);
    CHECK(!mfn_valid(FRAMES));
    CHECK(mfn_valid(FRAMES - 1));
    free_xenheap_page(va);
    CHECK(pg->count_info & PGC_free);
}

TEST(xmalloc_classes_alignment_and_reuse)
{
    void *small[600];
    unsigned long before;

    host_world_init(FRAMES, 1);
    before = heap_free_pages();
    for (int i = 0; i < 600; i++) {
        size_t sz = 1 + (size_t)(i * 37) % 3000;

        small[i] = xmalloc_bytes(sz, 1);
        CHECK(small[i] != NULL);
        memset(small[i], i & 0xff, sz);
    }
    CHECK_EQ(xmalloc_live_objects(), 600);
    for (int i = 0; i < 600; i += 2)
        xfree(small[i]);
    for (int i = 1; i < 600; i += 2)
        xfree(small[i]);
    CHECK_EQ(xmalloc_live_objects(), 0);
    CHECK_EQ(heap_free_pages(), before);

    for (size_t a = 1; a <= PAGE_SIZE; a <<= 1) {
        void *p = xmalloc_bytes(3, a);

        CHECK(p != NULL);
        CHECK_EQ((uintptr_t)p & (a - 1), 0);
        xfree(p);
    }
    CHECK(xmalloc_bytes(8, 3) == NULL);
    CHECK(xmalloc_bytes(8, 2 * PAGE_SIZE) == NULL);
    CHECK(xmalloc_bytes((size_t)-1, 8) == NULL);
    CHECK(xzalloc_array(uint64_t, SIZE_MAX / 4) == NULL);
    xfree(NULL);
    CHECK_EQ(heap_free_pages(), before);
}

TEST(xzalloc_zeroes_and_large_blocks_work)
{
    unsigned char *p, *q;

    host_world_init(FRAMES, 1);
    p = xmalloc_bytes(100, 8);
    memset(p, 0xff, 100);
    xfree(p);
    q = xzalloc_bytes(100, 8);
    for (int i = 0; i < 100; i++)
        CHECK_EQ(q[i], 0);
    xfree(q);
    p = xzalloc_bytes(3 * PAGE_SIZE, 8);     /* an order-2 block */
    CHECK(p != NULL);
    CHECK_EQ((uintptr_t)p & (PAGE_SIZE - 1), 0);
    CHECK_EQ(p[3 * PAGE_SIZE - 1], 0);
    xfree(p);
    CHECK_EQ(xmalloc_live_objects(), 0);
    CHECK_EQ(heap_free_pages(), FRAMES - 1);
}

TEST(page_types_count_and_exclude)
{
    struct page_info *pg;
    void *va;

    host_world_init(FRAMES, 1);
    va = alloc_xenheap_page();
    CHECK(va != NULL);
    pg = mfn_to_page(virt_to_mfn(va));
    CHECK_EQ(get_page_type(pg, PGT_writable_page), 0);
    CHECK_EQ(get_page_type(pg, PGT_writable_page), 0);
    CHECK_EQ(host_validations, 0);            /* writable: nothing to check */
    CHECK_EQ(get_page_type(pg, PGT_l1_page_table), -EBUSY);
    put_page_type(pg);
    put_page_type(pg);
    CHECK_EQ(get_page_type(pg, PGT_l1_page_table), 0);
    CHECK_EQ(host_validations, 1);
    CHECK(pg->type_info & PGT_validated);
    CHECK_EQ(get_page_type(pg, PGT_l1_page_table), 0);
    CHECK_EQ(host_validations, 1);            /* checked once */
    CHECK_EQ(get_page_type(pg, PGT_writable_page), -EBUSY);
    put_page_type(pg);
    put_page_type(pg);
    CHECK_EQ(host_invalidations, 1);
    CHECK_EQ(get_page_type(pg, 12345), -EINVAL);
    host_validate_rc = -EINVAL;
    CHECK_EQ(get_page_type(pg, PGT_l4_page_table), -EINVAL);
    CHECK_EQ(pg->type_info & PGT_count_mask, 0);
    host_validate_rc = 0;
    CHECK_EQ(get_page_type(pg, PGT_writable_page), 0);
    put_page_type(pg);
    pg->type_info = 0;
    free_xenheap_page(va);
    CHECK_EQ(heap_free_pages(), FRAMES - 1);
}

/*
 * slab.c - small-object pages; see slab.h.
 *
 * Invariants: a page is on its size class's list exactly while it has a
 * free object (on its free list or never handed out); `live` counts the
 * objects handed out and not freed; a page with live == 0 is released to
 * the free pages (bar a class's only page).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "slab.h"

/* Under AddressSanitizer (unit tests, fuzzing) every object is its own
 * malloc, so that a use after free of a node is caught; the slab's own
 * test defines SLAB_PASSTHROUGH 0 to test the pages. */
#if defined(SLAB_PASSTHROUGH)
#elif defined(__SANITIZE_ADDRESS__)
#define SLAB_PASSTHROUGH 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_PASSTHROUGH 1
#endif
#endif
#ifndef SLAB_PASSTHROUGH
#define SLAB_PASSTHROUGH 0
#endif

#define PAGE 4096u
#define NCLASS (SLAB_MAX / 8)

struct page {
    struct page *next, *prev;   /* the class's pages with room */
    void *free;                 /* freed objects, linked through them */
    uint32_t size;              /* object size */
    uint32_t live;
    uint32_t bump;              /* offset of the first never-used object */
    uint32_t pad;
};
_Static_assert(sizeof(struct page) % 8 == 0, "objects stay 8-aligned");

static struct page *partial[NCLASS];

/* Pages come from mappings of CHUNK pages (page-aligned, no malloc
 * header or alignment slack); a released page goes to free_pages and is
 * reused for any size. */
#define CHUNK 64u
static char *chunk_next;        /* the current mapping's unused pages */
static unsigned int chunk_left;
static struct page *free_pages; /* linked through next */

static struct page *page_get(void)
{
    struct page *pg = free_pages;
    if (pg) {
        free_pages = pg->next;
        return pg;
    }
    if (!chunk_left) {
        void *m = mmap(NULL, (size_t)CHUNK * PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        chunk_next = m;
        chunk_left = CHUNK;
    }
    pg = (struct page *)chunk_next;
    chunk_next += PAGE;
    chunk_left--;
    return pg;
}

static void page_put(struct page *pg)
{
    pg->next = free_pages;
    free_pages = pg;
}

static void list_del(struct page **head, struct page *pg)
{
    if (pg->prev)
        pg->prev->next = pg->next;
    else
        *head = pg->next;
    if (pg->next)
        pg->next->prev = pg->prev;
    pg->next = pg->prev = NULL;
}

static void list_add(struct page **head, struct page *pg)
{
    pg->prev = NULL;
    pg->next = *head;
    if (*head)
        (*head)->prev = pg;
    *head = pg;
}

/* True when the page has no object to give: nothing freed, nothing left
 * past the bump offset. */
static bool page_full(const struct page *pg)
{
    return !pg->free && pg->bump + pg->size > PAGE;
}

void *slab_alloc(size_t size)
{
    if (SLAB_PASSTHROUGH || size == 0 || size > SLAB_MAX)
        return malloc(size ? size : 1);
    size_t cls = (size - 1) / 8;
    struct page *pg = partial[cls];
    if (!pg) {
        pg = page_get();
        if (!pg)
            return NULL;
        pg->next = pg->prev = NULL;
        pg->free = NULL;
        pg->size = (uint32_t)(cls + 1) * 8;
        pg->live = 0;
        pg->bump = sizeof(*pg);
        pg->pad = 0;
        list_add(&partial[cls], pg);
    }
    void *obj;
    if (pg->free) {
        obj = pg->free;
        pg->free = *(void **)obj;
    } else {
        obj = (char *)pg + pg->bump;
        pg->bump += pg->size;
    }
    pg->live++;
    if (page_full(pg))
        list_del(&partial[cls], pg);
    return obj;
}

void slab_free(void *p, size_t size)
{
    if (!p)
        return;
    if (SLAB_PASSTHROUGH || size == 0 || size > SLAB_MAX) {
        free(p);
        return;
    }
    size_t cls = (size - 1) / 8;
    struct page *pg = (struct page *)((uintptr_t)p & ~(uintptr_t)(PAGE - 1));
    bool was_full = page_full(pg);
    *(void **)p = pg->free;
    pg->free = p;
    pg->live--;
    if (pg->live == 0) {
        /* The class's only page stays, so that freeing and allocating one
         * object in turn does not go to malloc each time. */
        if (partial[cls] == pg && !pg->next)
            return;
        if (!was_full)
            list_del(&partial[cls], pg);
        page_put(pg);
    } else if (was_full) {
        list_add(&partial[cls], pg);
    }
}

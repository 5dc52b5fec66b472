/* SPDX-License-Identifier: MIT */
/*
 * Console ring access with hostile indices, and the bounded buffer
 * (tools/xenconsoled/ring.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "ring.h"

static struct xencons_interface *page(void)
{
    /* A whole page, as mapped: nothing beyond the struct may be touched,
     * which ASan checks since the allocation is exactly the struct. */
    return calloc(1, sizeof(struct xencons_interface));
}

/* Guest side: writes S at its producer. */
static void guest_print(struct xencons_interface *r, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        r->out[MASK_XENCONS_IDX(r->out_prod + i, r->out)] = s[i];
    r->out_prod += (uint32_t)n;
}

TEST(ring_out_plain)
{
    struct xencons_interface *r = page();
    char dst[CONS_OUT_SIZE];
    int bad;

    guest_print(r, "hello");
    CHECK_EQ(cons_ring_take_out(r, dst, &bad), 5);
    CHECK_EQ(bad, 0);
    CHECK(!memcmp(dst, "hello", 5));
    CHECK_EQ(r->out_cons, 5);
    CHECK_EQ(cons_ring_take_out(r, dst, &bad), 0);
    free(r);
}

TEST(ring_out_wraps_index_space)
{
    struct xencons_interface *r = page();
    char dst[CONS_OUT_SIZE];
    int bad;

    /* Indices about to wrap at 2^32: the distance is what counts. */
    r->out_cons = r->out_prod = 0xfffffffcu;
    guest_print(r, "abcdefgh");
    CHECK_EQ(r->out_prod, 4);
    CHECK_EQ(cons_ring_take_out(r, dst, &bad), 8);
    CHECK_EQ(bad, 0);
    CHECK(!memcmp(dst, "abcdefgh", 8));
    CHECK_EQ(r->out_cons, 4);
    free(r);
}

TEST(ring_out_full_ring)
{
    struct xencons_interface *r = page();
    char dst[CONS_OUT_SIZE];
    int bad;

    r->out_cons = 100;
    r->out_prod = 100 + CONS_OUT_SIZE;     /* exactly full is legal */
    memset(r->out, 'x', sizeof(r->out));
    CHECK_EQ(cons_ring_take_out(r, dst, &bad), CONS_OUT_SIZE);
    CHECK_EQ(bad, 0);
    CHECK_EQ(r->out_cons, 100 + CONS_OUT_SIZE);
    free(r);
}

TEST(ring_out_hostile_indices)
{
    static const uint32_t cases[][2] = {
        { 0, CONS_OUT_SIZE + 1 },          /* one too many */
        { 0, 0xffffffffu },                /* producer behind consumer */
        { 0x80000000u, 0x12345678u },
        { 5, 4 },
        { 0xdeadbeefu, 0x0badf00du },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xencons_interface *r = page();
        char dst[CONS_OUT_SIZE];
        int bad;

        r->out_cons = cases[i][0];
        r->out_prod = cases[i][1];
        CHECK_EQ(cons_ring_take_out(r, dst, &bad), 0);
        CHECK_EQ(bad, 1);
        /* Resynced to the guest's producer, and then usable again. */
        CHECK_EQ(r->out_cons, cases[i][1]);
        guest_print(r, "ok");
        CHECK_EQ(cons_ring_take_out(r, dst, &bad), 2);
        CHECK_EQ(bad, 0);
        CHECK(!memcmp(dst, "ok", 2));
        free(r);
    }
}

TEST(ring_out_huge_indices_mask)
{
    struct xencons_interface *r = page();
    char dst[CONS_OUT_SIZE];
    int bad;

    /* Legal distance, absurd absolute values: access stays masked. */
    r->out_cons = 0x7ffffff0u;
    r->out_prod = 0x7ffffff0u;
    guest_print(r, "0123456789abcdefXYZ");
    CHECK_EQ(cons_ring_take_out(r, dst, &bad), 19);
    CHECK(!memcmp(dst, "0123456789abcdefXYZ", 19));
    free(r);
}

TEST(ring_in_put_and_space)
{
    struct xencons_interface *r = page();
    char big[CONS_IN_SIZE + 100];
    int bad;

    CHECK_EQ(cons_ring_in_space(r, &bad), CONS_IN_SIZE);
    CHECK_EQ(cons_ring_put_in(r, "abc", 3, &bad), 3);
    CHECK_EQ(bad, 0);
    CHECK_EQ(r->in_prod, 3);
    CHECK(!memcmp(r->in, "abc", 3));
    CHECK_EQ(cons_ring_in_space(r, &bad), CONS_IN_SIZE - 3);
    memset(big, 'z', sizeof(big));
    CHECK_EQ(cons_ring_put_in(r, big, sizeof(big), &bad), CONS_IN_SIZE - 3);
    CHECK_EQ(cons_ring_in_space(r, &bad), 0);
    CHECK_EQ(cons_ring_put_in(r, "q", 1, &bad), 0);
    /* Guest consumes 10: that much space comes back, across the wrap. */
    r->in_cons += 10;
    CHECK_EQ(cons_ring_put_in(r, big, 20, &bad), 10);
    free(r);
}

TEST(ring_in_wrap_bytes)
{
    struct xencons_interface *r = page();
    int bad;

    r->in_cons = r->in_prod = CONS_IN_SIZE - 2;
    CHECK_EQ(cons_ring_put_in(r, "WXYZ", 4, &bad), 4);
    CHECK_EQ(r->in[CONS_IN_SIZE - 2], 'W');
    CHECK_EQ(r->in[CONS_IN_SIZE - 1], 'X');
    CHECK_EQ(r->in[0], 'Y');
    CHECK_EQ(r->in[1], 'Z');
    free(r);
}

TEST(ring_in_hostile_indices)
{
    struct xencons_interface *r = page();
    int bad;

    r->in_cons = 0x10000000u;      /* guest wrote nonsense */
    r->in_prod = 7;
    CHECK_EQ(cons_ring_in_space(r, &bad), 0);
    CHECK_EQ(bad, 1);
    CHECK_EQ(cons_ring_put_in(r, "hi", 2, &bad), 2);
    CHECK_EQ(bad, 1);
    CHECK_EQ(r->in_prod, 0x10000002u);
    CHECK_EQ(r->in[MASK_XENCONS_IDX(0x10000000u, r->in)], 'h');
    CHECK_EQ(cons_ring_in_space(r, &bad), CONS_IN_SIZE - 2);
    CHECK_EQ(bad, 0);
    free(r);
}

/* ---- bounded buffer ---- */

static size_t drain(struct cbuf *b, char *out, size_t max)
{
    size_t got = 0, n;
    const char *p;

    while ((n = cbuf_peek(b, &p)) > 0 && got < max) {
        if (n > max - got)
            n = max - got;
        memcpy(out + got, p, n);
        cbuf_consume(b, n);
        got += n;
    }
    return got;
}

TEST(cbuf_fifo_order)
{
    struct cbuf b;
    char out[64];

    cbuf_init(&b, 0);
    CHECK_EQ(b.limit, CBUF_DEFAULT_LIMIT);
    CHECK_EQ(cbuf_put(&b, "one ", 4), 0);
    CHECK_EQ(cbuf_put(&b, "two", 3), 0);
    CHECK_EQ(b.len, 7);
    CHECK_EQ(drain(&b, out, sizeof(out)), 7);
    CHECK(!memcmp(out, "one two", 7));
    CHECK_EQ(b.len, 0);
    CHECK_EQ(b.dropped, 0);
    cbuf_free(&b);
}

TEST(cbuf_limit_clamped)
{
    struct cbuf b;

    cbuf_init(&b, 1);
    CHECK_EQ(b.limit, CBUF_MIN_LIMIT);
    cbuf_init(&b, (size_t)1 << 40);
    CHECK_EQ(b.limit, CBUF_MAX_LIMIT);
    CHECK_EQ(cons_parse_limit("1048576"), 1048576);
    CHECK_EQ(cons_parse_limit("99999999999999999999999"), CBUF_MAX_LIMIT);
    CHECK_EQ(cons_parse_limit("-5"), 0);
    CHECK_EQ(cons_parse_limit("12abc"), 0);
    CHECK_EQ(cons_parse_limit(""), 0);
    CHECK_EQ(cons_parse_limit(NULL), 0);
}

TEST(cbuf_flood_stays_bounded_keeps_newest)
{
    struct cbuf b;
    char chunk[CONS_OUT_SIZE], out[8192];
    uint64_t total = 0;

    cbuf_init(&b, 4096);
    /* 10 MB of numbered output nobody reads. */
    for (unsigned i = 0; i < 5000; i++) {
        memset(chunk, 'a' + (char)(i % 26), sizeof(chunk));
        CHECK_EQ(cbuf_put(&b, chunk, sizeof(chunk)), 0);
        total += sizeof(chunk);
        CHECK(b.len <= b.limit);
        CHECK(b.cap <= b.limit);
    }
    CHECK_EQ(b.len, 4096);
    CHECK_EQ(b.dropped, total - 4096);
    /* The newest two chunks survive, oldest first. */
    CHECK_EQ(drain(&b, out, sizeof(out)), 4096);
    CHECK_EQ(out[0], 'a' + (4998 % 26));
    CHECK_EQ(out[4095], 'a' + (4999 % 26));
    cbuf_free(&b);
}

TEST(cbuf_put_larger_than_limit)
{
    struct cbuf b;
    static char big[10000], out[5000];

    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)(i % 251);
    cbuf_init(&b, 4096);
    cbuf_put(&b, "old", 3);
    CHECK_EQ(cbuf_put(&b, big, sizeof(big)), 0);
    CHECK_EQ(b.len, 4096);
    CHECK_EQ(b.dropped, 3 + sizeof(big) - 4096);
    CHECK_EQ(drain(&b, out, sizeof(out)), 4096);
    CHECK(!memcmp(out, big + sizeof(big) - 4096, 4096));
    cbuf_free(&b);
}

TEST(cbuf_partial_consume_wraps)
{
    struct cbuf b;
    char src[3000], out[8192];
    size_t got;

    for (size_t i = 0; i < sizeof(src); i++)
        src[i] = (char)('A' + i % 23);
    cbuf_init(&b, 4096);
    cbuf_put(&b, src, 3000);
    got = drain(&b, out, 2500);      /* a slow reader */
    CHECK_EQ(got, 2500);
    cbuf_put(&b, src, 3000);          /* wraps: 500 + 3000 held */
    CHECK_EQ(b.len, 3500);
    CHECK_EQ(b.dropped, 0);
    cbuf_put(&b, src, 1000);          /* 4500 > 4096: the 404 oldest go */
    CHECK_EQ(b.len, 4096);
    CHECK_EQ(b.dropped, 404);
    got = drain(&b, out, sizeof(out));
    CHECK_EQ(got, 4096);
    /* Oldest survivor: byte 404 of what was held (src[2904]). */
    CHECK_EQ(out[0], src[2904]);
    CHECK(!memcmp(out + 4096 - 1000, src, 1000));
    cbuf_shrink(&b);
    cbuf_free(&b);
}

TEST(cbuf_set_limit_drops_oldest)
{
    struct cbuf b;
    static char src[CBUF_DEFAULT_LIMIT];
    char out[16];

    memset(src, 'o', sizeof(src));
    memcpy(src + sizeof(src) - 5, "NEWST", 5);
    cbuf_init(&b, 0);
    cbuf_put(&b, src, sizeof(src));
    CHECK_EQ(cbuf_set_limit(&b, 4096), 0);
    CHECK_EQ(b.len, 4096);
    CHECK(b.cap <= 4096);
    CHECK_EQ(b.dropped, sizeof(src) - 4096);
    {
        const char *p;
        size_t n = cbuf_peek(&b, &p);
        CHECK_EQ(n, 4096);
        memcpy(out, p + 4091, 5);
        CHECK(!memcmp(out, "NEWST", 5));
    }
    cbuf_free(&b);
}

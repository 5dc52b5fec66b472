/* test_base.c - the base headers every hypervisor file builds on. */
#include "unit.h"
#include <xen/list.h>
#include <xen/spinlock.h>

struct item { int v; struct list_head link; };

TEST(list_queue_order)
{
    struct list_head h = LIST_HEAD_INIT(h);
    struct item a = { 1, { 0, 0 } }, b = { 2, { 0, 0 } }, c = { 3, { 0, 0 } };
    struct list_head *p;
    int seen[3], n = 0;

    CHECK(list_empty(&h));
    list_add_tail(&a.link, &h);
    list_add_tail(&b.link, &h);
    list_add(&c.link, &h);
    list_for_each(p, &h)
        seen[n++] = list_entry(p, struct item, link)->v;
    CHECK_EQ(n, 3);
    CHECK_EQ(seen[0], 3);
    CHECK_EQ(seen[1], 1);
    CHECK_EQ(seen[2], 2);
    list_del(&a.link);
    list_del(&a.link); /* a second delete of a self-linked node is harmless */
    CHECK_EQ(list_first_entry(&h, struct item, link)->v, 3);
}

TEST(spinlock_ticket)
{
    spinlock_t l = SPIN_LOCK_UNLOCKED;

    CHECK(!spin_is_locked(&l));
    CHECK(spin_trylock(&l));
    CHECK(spin_is_locked(&l));
    CHECK(!spin_trylock(&l));
    spin_unlock(&l);
    CHECK(!spin_is_locked(&l));
    spin_lock(&l);
    spin_unlock(&l);
    CHECK(!spin_is_locked(&l));
}

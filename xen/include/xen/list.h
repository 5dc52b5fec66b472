/*
 * list.h - intrusive circular doubly linked list.
 * An empty list is a head whose next and prev point at itself.
 */
#ifndef XEN_LIST_H
#define XEN_LIST_H

#include <xen/compiler.h>
#include <xen/types.h>

struct list_head {
    struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }

static inline void list_init(struct list_head *h) { h->next = h->prev = h; }
static inline bool list_empty(const struct list_head *h) { return h->next == h; }

static inline void list__insert(struct list_head *n, struct list_head *prev,
                                struct list_head *next)
{
    next->prev = n;
    n->next = next;
    n->prev = prev;
    prev->next = n;
}

/* Adds n right after head (stack order). */
static inline void list_add(struct list_head *n, struct list_head *head)
{ list__insert(n, head, head->next); }

/* Adds n right before head (queue order). */
static inline void list_add_tail(struct list_head *n, struct list_head *head)
{ list__insert(n, head->prev, head); }

/* Unlinks n and leaves it self-linked, so a second list_del is harmless. */
static inline void list_del(struct list_head *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    list_init(n);
}

#define list_entry(p, type, member) container_of(p, type, member)
#define list_first_entry(h, type, member) list_entry((h)->next, type, member)
#define list_for_each(p, h) for ((p) = (h)->next; (p) != (h); (p) = (p)->next)
#define list_for_each_safe(p, n, h) \
    for ((p) = (h)->next, (n) = (p)->next; (p) != (h); (p) = (n), (n) = (p)->next)

#endif

/*
 * domain.h - domain and vCPU lifecycle: creation, lookup, references,
 * pause, shutdown, destruction.
 *
 * Life of a domain:
 *   domain_create()      alive, paused once by the creator (pause_count 1)
 *   domain_unpause()     runs
 *   domain_shutdown()    the guest (or the toolstack) asks to stop: vCPUs are
 *                        paused, shutdown_code recorded, dom0 gets
 *                        VIRQ_DOM_EXC.  Still alive: the toolstack decides.
 *   domain_kill()        dying: event channels closed, grant mappings it
 *                        holds released, its frames' allocation references
 *                        dropped, vCPUs taken off the scheduler; then dead,
 *                        and the creation reference is dropped.
 *   last put_domain()    the struct, vCPUs, shared_info and grant table are
 *                        freed and the domid becomes free again.
 * Frames another domain still references keep their owner's tot_pages above
 * zero, and tot_pages > 0 holds a domain reference (mm.h), so a dead domain
 * stays a zombie until the last such frame is released.
 *
 * Locks: domlist_lock (domain.c) guards the domain list and domid
 * allocation; d->shutdown_lock guards the shutdown fields.  Reference
 * counts are atomics.
 */
#ifndef XEN_DOMAIN_H
#define XEN_DOMAIN_H

#include <xen/sched.h>

#define DOMCREATE_privileged (1U << 0)  /* the control domain (dom0) */

/* Caps on what a caller may ask for. */
#define DOMAIN_MAX_VCPUS     128

/*
 * Creates a domain with max_vcpus vCPU slots and vCPU 0 created.  domid
 * DOMID_INVALID picks a free one.  Returns the domain holding one reference
 * for the caller (released by domain_kill), or NULL with *err set.
 */
struct domain *domain_create(domid_t domid, unsigned int max_vcpus,
                             unsigned int flags, int *err);
/* Creates vCPU id of d (down until brought up), on a CPU of its choice. */
struct vcpu *vcpu_create(struct domain *d, unsigned int id);
/* The idle domain: one idle vCPU per CPU, registered with the scheduler. */
int idle_domain_init(unsigned int nr_cpus);
extern struct domain *idle_domain;
/* The hardware/control domain, if created: target of VIRQ_DOM_EXC. */
extern struct domain *hardware_domain;

/* References. get_domain fails once the count has reached zero. */
bool get_domain(struct domain *d);
void get_knownalive_domain(struct domain *d);
void put_domain(struct domain *d);
/* Looks a domain up and takes a reference; NULL if none. */
struct domain *get_domain_by_id(domid_t domid);
/*
 * Resolves a guest-supplied domid: DOMID_SELF is the caller's domain; any
 * other domain only for a privileged caller, unless `any` allows it.
 * Takes a reference.  NULL: no such domain or not permitted.
 */
struct domain *get_domain_for_caller(struct domain *caller, domid_t domid,
                                     bool any);

/* Brings a vCPU up (VCPUOP_up, the domain builder) or down. */
void vcpu_up(struct vcpu *v);
void vcpu_down(struct vcpu *v);

/* Records the reason and stops the domain's vCPUs; 0 or -EINVAL. */
int domain_shutdown(struct domain *d, unsigned int reason);
/* Undoes a shutdown (a cancelled suspend); -EINVAL if not shut down. */
int domain_resume(struct domain *d);
/* Releases everything the domain holds; drops the creation reference. */
int domain_kill(struct domain *d);
/* Number of domains that still exist, zombies included (tests). */
unsigned int domain_count(void);

/* Sets the memory limit (in frames); below tot_pages is allowed (balloon). */
void domain_set_max_pages(struct domain *d, unsigned long max_pages);

#ifdef XEN_HOST_TEST
void domain_list_reset(void);
#endif

/* ---- hooks the arch provides ---- */
int arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);
/* Drops what the arch holds of d's frames (page-table types, pins). */
void arch_domain_relinquish(struct domain *d);
/* dom0 shut down: halt or reboot the machine (reason SHUTDOWN_*). */
void arch_hardware_domain_shutdown(unsigned int reason);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * libxl.h - Xenolith's toolstack library, public interface.
 *
 * Not Xen's libxl API: a smaller one with the same jobs.  A context
 * holds the hypervisor handle (privcmd) and, when needed, a xenstore
 * connection.  Every call returns 0 or a negative errno-style code and
 * leaves a one-line explanation in libxl_last_error(); the library never
 * prints.  Operations that build something undo their finished steps in
 * reverse order when a later step fails, so a failed call leaves no
 * half-made domain behind.
 *
 * This first cut offers host and domain queries, the console ring, name
 * lookup and the simple lifecycle calls; creation (the PV builder),
 * shutdown/reboot, memory target, console paths and save/restore follow.
 */
#ifndef XENOLITH_LIBXL_H
#define XENOLITH_LIBXL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct libxl_ctx libxl_ctx;

int libxl_ctx_new(libxl_ctx **out);
void libxl_ctx_free(libxl_ctx *ctx);
/* Why the last call on CTX failed (never NULL). */
const char *libxl_last_error(const libxl_ctx *ctx);
/* Text for a negative return code (for libxl_ctx_new failures). */
const char *libxl_strerror(int rc);

/* ---- host ---- */

typedef struct {
    uint32_t threads_per_core, cores_per_socket, nr_cpus, max_cpu_id;
    uint32_t nr_nodes, max_node_id, cpu_khz;
    uint32_t capabilities;          /* XEN_SYSCTL_PHYSCAP_* */
    uint64_t total_pages, free_pages, scrub_pages, outstanding_pages;
    uint32_t hw_cap[8];
} libxl_physinfo;

typedef struct {
    unsigned major, minor;
    char extra[16];                 /* ".7" */
    char capabilities[1024];        /* "xen-3.0-x86_64 ..." */
    char commandline[1024];
    uint32_t sched_id;              /* XEN_SCHEDULER_* */
    unsigned pagesize;
} libxl_version_info;

int libxl_get_physinfo(libxl_ctx *ctx, libxl_physinfo *out);
int libxl_get_version_info(libxl_ctx *ctx, libxl_version_info *out);
/* Name of a XEN_SCHEDULER_* id ("credit2"), or "unknown". */
const char *libxl_scheduler_name(uint32_t sched_id);

/*
 * The hypervisor console ring as text (malloc'ed, NUL-terminated, in
 * *TEXT).  CLEAR empties the ring afterwards.
 */
int libxl_dmesg(libxl_ctx *ctx, bool clear, char **text);

/* ---- domains ---- */

typedef struct {
    uint32_t domid;
    uint8_t uuid[16];
    uint64_t current_memkb;         /* pages owned now */
    uint64_t max_memkb;
    uint64_t outstanding_memkb;
    uint64_t cpu_time_ns;
    uint32_t vcpu_online;
    uint32_t vcpu_max_id;           /* UINT32_MAX: none */
    uint32_t ssidref, cpupool;
    bool running, blocked, paused, shutdown, dying, hvm;
    unsigned shutdown_reason;       /* SHUTDOWN_* when shutdown */
} libxl_dominfo;

/* All domains, in id order (*N of them, malloc'ed *OUT). */
int libxl_list_domain(libxl_ctx *ctx, libxl_dominfo **out, int *n);
/* One domain; -ESRCH when it does not exist. */
int libxl_domain_info(libxl_ctx *ctx, uint32_t domid, libxl_dominfo *out);

/* "Domain-0" for 0, else /local/domain/N/name; NULL if unknown. */
char *libxl_domid_to_name(libxl_ctx *ctx, uint32_t domid);
/* A name, or a decimal domid; -ESRCH when nothing matches. */
int libxl_name_to_domid(libxl_ctx *ctx, const char *name, uint32_t *domid);

int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid);
int libxl_domain_unpause(libxl_ctx *ctx, uint32_t domid);
/*
 * Destroys the domain in the hypervisor and removes its xenstore
 * entries (/local/domain/N, its /vm/UUID, /libxl/N).
 */
int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid);

/* State letters as "xl list" shows them: "r-----", "-b----", ... */
void libxl_dominfo_state(const libxl_dominfo *info, char out[7]);

/* ---- creation and lifecycle ---- */

struct xl_domain_config;

/*
 * Builds a PV domain from DC (kernel and ramdisk read from their files)
 * and leaves it paused, introduced to xenstored and with its console
 * served (xenconsoled wrote console/tty, waited for up to 10 s).  The
 * caller unpauses it.  On failure every finished step is undone: no
 * domain, no xenstore node is left.
 */
int libxl_domain_create_pv(libxl_ctx *ctx, const struct xl_domain_config *dc,
                           uint32_t *domid);

/* Writes control/shutdown: "poweroff", "reboot", "halt", "suspend". */
int libxl_domain_shutdown_request(libxl_ctx *ctx, uint32_t domid,
                                  const char *req);
/*
 * Waits (up to TIMEOUT_MS, <0 = forever) until DOMID is shut down,
 * dying or gone, watching @releaseDomain.  *STATE: 0 gone, 1 shut down
 * (with *REASON), 2 dying.  -ETIMEDOUT when it did not happen.
 */
int libxl_domain_wait_shutdown(libxl_ctx *ctx, uint32_t domid, int timeout_ms,
                               int *state, unsigned *reason);
int libxl_domain_rename(libxl_ctx *ctx, uint32_t domid, const char *name);
/* Seconds since creation (from /vm/UUID/start_time). */
int libxl_domain_uptime(libxl_ctx *ctx, uint32_t domid, double *secs);

typedef struct {
    uint32_t vcpu, cpu;
    bool online, blocked, running;
    uint64_t cpu_time_ns;
} libxl_vcpuinfo;
/* All vCPUs of DOMID (malloc'ed *OUT, *N of them). */
int libxl_list_vcpu(libxl_ctx *ctx, uint32_t domid, libxl_vcpuinfo **out,
                    int *n);
/* PV: cpu/I/availability online for I < COUNT, offline above. */
int libxl_set_vcpuonline(libxl_ctx *ctx, uint32_t domid, unsigned count);

/* Scheduler parameters of a domain (credit or credit2 weight/cap). */
typedef struct {
    uint32_t sched_id;
    unsigned weight, cap;
} libxl_sched_params;
int libxl_sched_get(libxl_ctx *ctx, uint32_t domid, libxl_sched_params *p);
/* WEIGHT/CAP < 0 leave that parameter as it is. */
int libxl_sched_set(libxl_ctx *ctx, uint32_t domid, int weight, int cap);

/* ---- save and restore (libxl_save.c, libxl_restore.c) ---- */

/* Progress of a save or restore: bytes done and expected (0: unknown). */
typedef void (*libxl_progress_fn)(void *arg, uint64_t done, uint64_t total);

#define LIBXL_SAVE_CHECKPOINT 1u    /* leave the domain running afterwards */
/*
 * Suspends PV domain DOMID (control/shutdown = "suspend"), writes its
 * image to PATH (docs/save-format.md), then destroys it, or with
 * LIBXL_SAVE_CHECKPOINT resumes it (the guest sees a cancelled suspend).
 * On failure after the suspend the domain is resumed and PATH removed.
 */
int libxl_domain_save(libxl_ctx *ctx, uint32_t domid, const char *path,
                      unsigned flags, libxl_progress_fn progress, void *arg);

#define LIBXL_RESTORE_PAUSED 1u     /* leave the restored domain paused */
/*
 * Builds a domain from the image in PATH, with the saved config changed
 * by OVERRIDES (N "KEY=VALUE" strings, as for create).  Any error (a
 * damaged or foreign file names the offset and the record) leaves no
 * domain and no xenstore node behind.
 */
int libxl_domain_restore(libxl_ctx *ctx, const char *path,
                         char *const *overrides, int n, unsigned flags,
                         libxl_progress_fn progress, void *arg,
                         uint32_t *domid);

/* ---- memory of a running domain (libxl_mem.c) ---- */

/*
 * Parses a memory size as xl does: a whole decimal number with an
 * optional unit k, m, g or t (KiB to TiB, either case; no unit = MiB; b =
 * bytes, whole KiB only).  Nothing else is accepted: no sign, no spaces,
 * no fractions, no second letter.  0 with *KB set, or a negative errno
 * with the reason in ERR.
 */
int libxl_parse_memkb(const char *text, uint64_t *kb, char *err,
                      size_t errlen);
/* memory/target (plus videoram) and memory/static-max of DOMID in KiB;
 * either pointer may be NULL.  dom0's are filled in when missing. */
int libxl_get_memory_target(libxl_ctx *ctx, uint32_t domid,
                            uint64_t *target_kb, uint64_t *static_max_kb);
/*
 * Sets DOMID's balloon target to TARGET_KB: refused above
 * memory/static-max and below a minimum (128 MiB for Domain-0, 32 MiB
 * otherwise).  The hypervisor limit (max_mem) becomes the target plus
 * 1 MiB, then memory/target is written; the guest's balloon driver does
 * the rest.  On failure nothing is changed.
 */
int libxl_set_memory_target(libxl_ctx *ctx, uint32_t domid,
                            uint64_t target_kb);
/*
 * Sets the most memory DOMID may have: max_mem = MAX_KB + 1 MiB in the
 * hypervisor and memory/static-max = MAX_KB.  Refused below the current
 * target.  On failure nothing is changed.
 */
int libxl_domain_setmaxmem(libxl_ctx *ctx, uint32_t domid, uint64_t max_kb);

/* ---- virtual devices (libxl_disk.c, libxl_nic.c) ---- */

struct xl_disk;
struct xl_nic;

/*
 * Attaches a disk (a parsed disk= entry) to a running or paused domain:
 * backend and frontend nodes, the backend's InitWait, the block script.
 * On failure nothing of the device is left and the reason (the script's
 * own message when it failed) is in libxl_last_error().
 */
int libxl_device_disk_add(libxl_ctx *ctx, uint32_t domid,
                          const struct xl_disk *disk);
/*
 * Detaches disk VDEV ("xvdb" or a device number): the guest must let go
 * (backend Closed) within 10 s, else -EBUSY and the disk stays; FORCE
 * removes the frontend first and detaches whatever the guest does.
 */
int libxl_device_disk_remove(libxl_ctx *ctx, uint32_t domid,
                             const char *vdev, bool force);
typedef struct {
    uint32_t devid, backend_id;
    int fe_state, be_state;         /* XenbusState, -1 when absent */
    int evtch, rref;                /* frontend's, -1 when absent */
    char vdev[32], mode[4], hotplug_status[16];
    char backend[128], params[256], physical_device[64];
} libxl_diskinfo;
int libxl_device_disk_list(libxl_ctx *ctx, uint32_t domid,
                           libxl_diskinfo **out, int *n);

/*
 * Attaches a vif (a parsed vif= entry); a MAC in 00:16:3e:xx:xx:xx is
 * made up unless given, the devid is one past the highest unless given.
 * *DEVID (may be NULL) receives it.
 */
int libxl_device_nic_add(libxl_ctx *ctx, uint32_t domid,
                         const struct xl_nic *nic, int *devid);
/* WHICH: a devid or the MAC.  FORCE as for disks. */
int libxl_device_nic_remove(libxl_ctx *ctx, uint32_t domid,
                            const char *which, bool force);
typedef struct {
    uint32_t devid, backend_id;
    int fe_state, be_state, evtch, tx_rref, rx_rref;
    char mac[24], bridge[64], ifname[32], hotplug_status[16];
    char backend[128];
} libxl_nicinfo;
int libxl_device_nic_list(libxl_ctx *ctx, uint32_t domid,
                          libxl_nicinfo **out, int *n);

/* ---- used by the tests; not for applications ---- */
struct xen_domctl_getdomaininfo;
void libxl__dominfo_from_xen(libxl_dominfo *out,
                             const struct xen_domctl_getdomaininfo *in);

#endif /* XENOLITH_LIBXL_H */

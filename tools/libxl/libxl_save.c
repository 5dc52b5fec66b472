/* SPDX-License-Identifier: MIT */
/*
 * libxl_save.c - `xl save` of a 64-bit PV domain (see libxl.h; the image
 * is docs/save-format.md, written with tools/savefmt).
 *
 * The steps, and why:
 *
 *  1. The config (as xl.cfg text, from the domain's xenstore entries) and
 *     the output file are prepared first: a bad path fails before the
 *     guest is touched.
 *  2. Suspend: control/shutdown = "suspend".  Linux (drivers/xen/manage.c
 *     do_suspend) freezes, pins all its page tables, turns the store and
 *     console frames in start_info into guest frame numbers, unmaps
 *     shared_info and the grant frames, and calls SCHEDOP_shutdown with
 *     reason SHUTDOWN_suspend and the start_info frame in rdx.  We wait
 *     until getdomaininfo shows that shutdown.
 *  3. The guest's p2m (pfn -> mfn) is read through the three-level frame
 *     list Linux publishes in shared_info (pfn_to_mfn_frame_list_list);
 *     XEN_DOMCTL_getpageframeinfo3 types every frame and drops the ones
 *     the domain does not own.
 *  4. Pages go out in batches; page tables are canonicalised (each
 *     present entry's machine frame replaced by the guest frame, the
 *     hypervisor's L4 slots zeroed), so the image restores into any
 *     memory.  All-zero pages carry no data.
 *  5. vCPU contexts (getvcpucontext: cr3, the user cr3, GDT frames and,
 *     for vCPU 0, rdx canonicalised the same way), their XSAVE areas, and
 *     where start_info, the xenstore and console rings are.
 *  6. Afterwards the domain is destroyed, or for a checkpoint resumed as
 *     Xen's xc_domain_resume does: vCPU 0's rax = 1 (the suspend
 *     hypercall returns "cancelled"), XEN_DOMCTL_resumedomain, XS_RESUME.
 *     A failure after step 2 resumes the domain the same way and removes
 *     the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xenstore.h>

#include "libxl_sr.h"
#include "savefmt.h"
#include "public/memory.h"
#include "public/sched.h"

#define SUSPEND_TIMEOUT_MS 120000

/* Linux's p2m markers (arch/x86/include/asm/xen/page.h): not a frame. */
#define P2M_FOREIGN_BIT  (1ull << 63)
#define P2M_IDENTITY_BIT (1ull << 62)

struct m2p_pair {
    uint64_t mfn, pfn;
};

struct saver {
    libxl_ctx *ctx;
    uint32_t domid;
    struct xen_domctl_getdomaininfo di;
    uint64_t p2m_size;
    uint64_t *p2m;              /* pfn -> mfn, SR_INVALID when absent */
    uint32_t *type;             /* pfn -> XEN_DOMCTL_PFINFO_* */
    struct m2p_pair *m2p;       /* sorted by mfn */
    uint64_t nr_pages;          /* populated pfns */
    uint64_t *leaf_mfn;         /* frames of the guest's p2m pages */
    uint64_t nr_leaves;
    struct save_writer *w;
    libxl_progress_fn progress;     /* guest memory done, of nr_pages */
    void *parg;
};

/* ---- small helpers ---- */

static char *xs_get(libxl_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *xs_get(libxl_ctx *ctx, const char *fmt, ...)
{
    char path[256];
    unsigned len;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    return xs_read(ctx->xs, XBT_NULL, path, &len);
}

/* A config string value, quoted for xlcfg. */
static void put_str(FILE *f, const char *key, const char *v)
{
    fprintf(f, "%s = \"", key);
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7f)
            fprintf(f, "\\x%02x", *p);
        else
            fputc(*p, f);
    }
    fputs("\"\n", f);
}

static uint64_t kib_to_mib_up(const char *s)
{
    unsigned long long v = s ? strtoull(s, NULL, 10) : 0;

    return (v + 1023) / 1024;
}

/* The domain's configuration as xl.cfg text, from its xenstore entries. */
static int config_text(struct saver *s, char **text)
{
    libxl_ctx *ctx = s->ctx;
    char *name = xs_get(ctx, "/local/domain/%u/name", s->domid);
    char *vm = xs_get(ctx, "/local/domain/%u/vm", s->domid);
    char *uuid = NULL, *kernel = NULL, *ramdisk = NULL, *cmdline = NULL;
    char *target = NULL, *smax = NULL;
    unsigned max_vcpus = s->di.max_vcpu_id + 1, online = 0;
    size_t len = 0;
    FILE *f;
    int rc = 0;

    *text = NULL;
    if (!name || !vm) {
        rc = libxl__fail_plain(ctx, -ENOENT, "domain %u has no name or vm "
                               "entry in xenstore: not a domain this "
                               "toolstack can save", s->domid);
        goto out;
    }
    uuid = xs_get(ctx, "%s/uuid", vm);
    kernel = xs_get(ctx, "%s/image/kernel", vm);
    ramdisk = xs_get(ctx, "%s/image/ramdisk", vm);
    cmdline = xs_get(ctx, "%s/image/cmdline", vm);
    target = xs_get(ctx, "/local/domain/%u/memory/target", s->domid);
    smax = xs_get(ctx, "/local/domain/%u/memory/static-max", s->domid);
    for (unsigned i = 0; i < max_vcpus; i++) {
        char *a = xs_get(ctx, "/local/domain/%u/cpu/%u/availability",
                         s->domid, i);
        online += a && !strcmp(a, "online");
        free(a);
    }
    f = open_memstream(text, &len);
    if (!f) {
        rc = libxl__fail(ctx, -ENOMEM, "config text");
        goto out;
    }
    fputs("# saved by xl save\n", f);
    put_str(f, "name", name);
    if (uuid)
        put_str(f, "uuid", uuid);
    fputs("type = \"pv\"\n", f);
    put_str(f, "kernel", kernel ? kernel : "");
    if (ramdisk && *ramdisk)
        put_str(f, "ramdisk", ramdisk);
    if (cmdline && *cmdline)
        put_str(f, "cmdline", cmdline);
    {
        uint64_t mem = kib_to_mib_up(target), mx = kib_to_mib_up(smax);

        if (!mem)
            mem = (s->di.tot_pages + 255) / 256;
        fprintf(f, "memory = %llu\nmaxmem = %llu\n", (unsigned long long)mem,
                (unsigned long long)(mx > mem ? mx : mem));
    }
    fprintf(f, "vcpus = %u\nmaxvcpus = %u\n", online ? online : 1, max_vcpus);
    if (fclose(f)) {
        free(*text);
        *text = NULL;
        rc = libxl__fail(ctx, -ENOMEM, "config text");
    }
out:
    free(name); free(vm); free(uuid); free(kernel); free(ramdisk);
    free(cmdline); free(target); free(smax);
    return rc;
}

static int cmp_pair(const void *a, const void *b)
{
    const struct m2p_pair *x = a, *y = b;

    return x->mfn < y->mfn ? -1 : x->mfn > y->mfn;
}

/* The guest frame of MFN, or SR_INVALID when the frame is not the guest's. */
static uint64_t mfn_to_pfn(const struct saver *s, uint64_t mfn)
{
    uint64_t lo = 0, hi = s->nr_pages;

    while (lo < hi) {
        uint64_t mid = (lo + hi) / 2;

        if (s->m2p[mid].mfn == mfn)
            return s->m2p[mid].pfn;
        if (s->m2p[mid].mfn < mfn)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SR_INVALID;
}

/* ---- suspend and resume ---- */

static int suspend(struct saver *s)
{
    int state = 0, rc;
    unsigned reason = 0;

    if ((rc = libxl_domain_shutdown_request(s->ctx, s->domid, "suspend")))
        return rc;
    rc = libxl_domain_wait_shutdown(s->ctx, s->domid, SUSPEND_TIMEOUT_MS,
                                    &state, &reason);
    if (rc == -ETIMEDOUT) {
        char path[96];

        /* Withdraw the request, so a late guest does not suspend alone. */
        snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown",
                 s->domid);
        xs_write(s->ctx->xs, XBT_NULL, path, "", 0);
        return libxl__fail_plain(s->ctx, rc, "domain %u did not suspend "
                                 "within %d s (does its kernel support "
                                 "suspend?)", s->domid,
                                 SUSPEND_TIMEOUT_MS / 1000);
    }
    if (rc)
        return rc;
    if (state != 1 || reason != SHUTDOWN_suspend)
        return libxl__fail_plain(s->ctx, -EIO, "domain %u %s instead of "
                                 "suspending", s->domid,
                                 state == 0 ? "went away" :
                                 state == 2 ? "is dying" : "shut down");
    return 0;
}

/* Ends a suspend as cancelled: the guest carries on where it was. */
static int resume_cancelled(libxl_ctx *ctx, uint32_t domid)
{
    vcpu_guest_context_t *c = calloc(1, sizeof(*c));
    struct xen_domctl d = { .cmd = XEN_DOMCTL_resumedomain,
                            .domain = (domid_t)domid };
    int rc;

    if (!c)
        return libxl__fail(ctx, -ENOMEM, "vcpu context");
    rc = hv_vcpu_getcontext(ctx->hv, (domid_t)domid, 0, c);
    if (rc == 0) {
        c->user_regs.rax = 1;
        rc = hv_vcpu_setcontext(ctx->hv, (domid_t)domid, 0, c);
    }
    free(c);
    if (rc)
        return libxl__fail(ctx, rc, "resuming domain %u: vCPU 0 context",
                           domid);
    if ((rc = hv_domctl(ctx->hv, &d)))
        return libxl__fail(ctx, rc, "XEN_DOMCTL_resumedomain of domain %u",
                           domid);
    if (!xs_resume_domain(ctx->xs, domid))
        return libxl__fail(ctx, -errno, "XS_RESUME of domain %u", domid);
    return 0;
}

/* ---- the guest's p2m ---- */

static int map_ro(struct saver *s, const uint64_t *mfns, uint32_t n,
                  const char *what, void **out)
{
    int rc;

    *out = hv_map_foreign(s->ctx->hv, (domid_t)s->domid, PROT_READ,
                          (const xen_pfn_t *)mfns, NULL, n, &rc);
    if (!*out)
        return libxl__fail(s->ctx, rc, "mapping %s of domain %u (%u frames "
                           "from mfn %#llx)", what, s->domid, n,
                           (unsigned long long)mfns[0]);
    return 0;
}

/* Types of N frames (XEN_DOMCTL_getpageframeinfo3): MFNS in, TYPES out. */
static int frame_types(struct saver *s, const uint64_t *mfns, uint32_t n,
                       uint32_t *types)
{
    xen_pfn_t *b = hv_buf_alloc(s->ctx->hv, SR_BATCH * sizeof(*b));
    struct xen_domctl d = { .cmd = XEN_DOMCTL_getpageframeinfo3,
                            .domain = (domid_t)s->domid };
    int rc;

    if (!b)
        return libxl__fail(s->ctx, -ENOMEM, "frame type buffer");
    memcpy(b, mfns, n * sizeof(*b));
    d.u.getpageframeinfo3.num = n;
    set_xen_guest_handle(d.u.getpageframeinfo3.array, b);
    rc = hv_domctl(s->ctx->hv, &d);
    for (uint32_t i = 0; rc == 0 && i < n; i++)
        types[i] = (uint32_t)b[i];
    hv_buf_free(s->ctx->hv, b, SR_BATCH * sizeof(*b));
    if (rc)
        return libxl__fail(s->ctx, rc, "XEN_DOMCTL_getpageframeinfo3 of "
                           "domain %u", s->domid);
    return 0;
}

static int read_p2m(struct saver *s)
{
    xen_pfn_t shf = s->di.shared_info_frame;
    uint64_t fll, max_pfn, nr_mids, mids[512];
    shared_info_t *sh;
    uint64_t *page;
    int rc;

    if ((rc = map_ro(s, &shf, 1, "shared_info", (void **)&sh)))
        return rc;
    fll = sh->arch.pfn_to_mfn_frame_list_list;
    max_pfn = sh->arch.max_pfn;
    hv_unmap(sh, 1);
    if (fll == 0 || fll == SR_INVALID)
        return libxl__fail_plain(s->ctx, -EOPNOTSUPP, "domain %u publishes "
                                 "no p2m frame list in shared_info "
                                 "(pfn_to_mfn_frame_list_list)", s->domid);
    if (max_pfn == 0 || max_pfn > 512ull * 512 * 512)
        return libxl__fail_plain(s->ctx, -EINVAL, "domain %u: implausible "
                                 "p2m size %llu in shared_info", s->domid,
                                 (unsigned long long)max_pfn);
    s->p2m_size = max_pfn;
    s->nr_leaves = (max_pfn + 511) / 512;
    nr_mids = (s->nr_leaves + 511) / 512;

    if ((rc = map_ro(s, &fll, 1, "the p2m frame list list", (void **)&page)))
        return rc;
    memcpy(mids, page, nr_mids * sizeof(*mids));
    hv_unmap(page, 1);
    s->leaf_mfn = malloc(s->nr_leaves * sizeof(*s->leaf_mfn));
    s->p2m = malloc(s->p2m_size * sizeof(*s->p2m));
    s->type = calloc(s->p2m_size, sizeof(*s->type));
    if (!s->leaf_mfn || !s->p2m || !s->type)
        return libxl__fail(s->ctx, -ENOMEM, "p2m of %llu entries",
                           (unsigned long long)s->p2m_size);
    if ((rc = map_ro(s, mids, (uint32_t)nr_mids, "the p2m frame lists",
                     (void **)&page)))
        return rc;
    for (uint64_t i = 0; i < s->nr_leaves; i++)
        s->leaf_mfn[i] = page[i];
    hv_unmap(page, (uint32_t)nr_mids);

    for (uint64_t i = 0; i < s->nr_leaves; i += SR_BATCH) {
        uint32_t n = (uint32_t)(s->nr_leaves - i < SR_BATCH ?
                                s->nr_leaves - i : SR_BATCH);

        if ((rc = map_ro(s, s->leaf_mfn + i, n, "the p2m", (void **)&page)))
            return rc;
        for (uint64_t j = 0; j < (uint64_t)n * 512; j++)
            if (i * 512 + j < s->p2m_size)
                s->p2m[i * 512 + j] = page[j];
        hv_unmap(page, n);
    }
    return 0;
}

/* Drops p2m entries that are not frames the domain owns; types the rest
 * and builds the reverse map. */
static int check_p2m(struct saver *s)
{
    uint64_t mfns[SR_BATCH], pfns[SR_BATCH];
    uint32_t types[SR_BATCH];
    uint64_t pfn = 0, n_pages = 0;
    int rc;

    while (pfn < s->p2m_size) {
        uint32_t n = 0;

        for (; pfn < s->p2m_size && n < SR_BATCH; pfn++) {
            uint64_t m = s->p2m[pfn];

            if (m == SR_INVALID || (m & (P2M_FOREIGN_BIT | P2M_IDENTITY_BIT)) ||
                m > (SR_PTE_FRAME >> SR_PAGE_SHIFT)) {
                s->p2m[pfn] = SR_INVALID;
                continue;
            }
            pfns[n] = pfn;
            mfns[n++] = m;
        }
        if (n == 0)
            continue;
        if ((rc = frame_types(s, mfns, n, types)))
            return rc;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t t = types[i] & XEN_DOMCTL_PFINFO_LTAB_MASK;

            if (t == XEN_DOMCTL_PFINFO_XTAB || t == XEN_DOMCTL_PFINFO_XALLOC) {
                s->p2m[pfns[i]] = SR_INVALID;
                continue;
            }
            if (t == XEN_DOMCTL_PFINFO_BROKEN)
                return libxl__fail_plain(s->ctx, -EIO, "domain %u: pfn "
                                         "%#llx is a broken frame", s->domid,
                                         (unsigned long long)pfns[i]);
            s->type[pfns[i]] = types[i];
            n_pages++;
        }
    }
    if (n_pages == 0)
        return libxl__fail_plain(s->ctx, -EIO, "domain %u: no page of its "
                                 "p2m is a frame it owns", s->domid);
    s->m2p = malloc(n_pages * sizeof(*s->m2p));
    if (!s->m2p)
        return libxl__fail(s->ctx, -ENOMEM, "reverse p2m");
    for (pfn = 0, s->nr_pages = 0; pfn < s->p2m_size; pfn++)
        if (s->p2m[pfn] != SR_INVALID)
            s->m2p[s->nr_pages++] = (struct m2p_pair){ s->p2m[pfn], pfn };
    qsort(s->m2p, s->nr_pages, sizeof(*s->m2p), cmp_pair);
    for (uint64_t i = 1; i < s->nr_pages; i++)
        if (s->m2p[i].mfn == s->m2p[i - 1].mfn)
            return libxl__fail_plain(s->ctx, -EIO, "domain %u: pfns %#llx "
                                     "and %#llx both map mfn %#llx", s->domid,
                                     (unsigned long long)s->m2p[i - 1].pfn,
                                     (unsigned long long)s->m2p[i].pfn,
                                     (unsigned long long)s->m2p[i].mfn);
    return 0;
}

/* ---- records ---- */

static int put_record(struct saver *s, uint32_t type, const void *body,
                      uint64_t len)
{
    if (save_write_record(s->w, type, 0, body, len))
        return libxl__fail_plain(s->ctx, -EIO, "%s", save_writer_error(s->w));
    return 0;
}

/* A list of u64 values as one or more records of TYPE. */
static int put_u64_list(struct saver *s, uint32_t type, const uint64_t *v,
                        uint64_t n)
{
    const uint64_t per = SAVE_MAX_BODY / 8;
    int rc;

    for (uint64_t i = 0; i < n; i += per)
        if ((rc = put_record(s, type, v + i, (n - i < per ? n - i : per) * 8)))
            return rc;
    return 0;
}

/* Copies page table PFN of LEVEL from SRC to DST with guest frames. */
static int canonicalise(struct saver *s, uint64_t pfn, unsigned level,
                        const uint64_t *src, uint64_t *dst)
{
    for (unsigned i = 0; i < 512; i++) {
        uint64_t e = src[i], p;

        if (level == 4 && i >= SR_XEN_L4_FIRST && i <= SR_XEN_L4_LAST) {
            dst[i] = 0;
            continue;
        }
        if (!(e & SR_PTE_P)) {
            dst[i] = e;
            continue;
        }
        if ((level == 2 || level == 3) && (e & SR_PTE_PSE))
            return libxl__fail_plain(s->ctx, -EOPNOTSUPP, "domain %u: L%u "
                                     "table at pfn %#llx maps a superpage "
                                     "(entry %u)", s->domid, level,
                                     (unsigned long long)pfn, i);
        p = mfn_to_pfn(s, (e & SR_PTE_FRAME) >> SR_PAGE_SHIFT);
        if (p == SR_INVALID)
            return libxl__fail_plain(s->ctx, -EIO, "domain %u: L%u table at "
                                     "pfn %#llx entry %u maps mfn %#llx, not "
                                     "a page of the domain", s->domid, level,
                                     (unsigned long long)pfn, i,
                                     (unsigned long long)((e & SR_PTE_FRAME) >>
                                                          SR_PAGE_SHIFT));
        dst[i] = (e & ~SR_PTE_FRAME) | (p << SR_PAGE_SHIFT);
    }
    return 0;
}

static bool all_zero(const uint64_t *p)
{
    uint64_t acc = 0;

    for (unsigned i = 0; i < SR_PAGE / 8; i++)
        acc |= p[i];
    return acc == 0;
}

static int put_pages(struct saver *s)
{
    size_t cap = 8 + SR_BATCH * 8 + (size_t)SR_BATCH * SR_PAGE;
    uint8_t *body = malloc(cap);
    uint64_t mfns[SR_BATCH], pfns[SR_BATCH], pfn = 0, done = 0;
    int rc = 0;

    if (!body)
        return libxl__fail(s->ctx, -ENOMEM, "page batch buffer");
    while (pfn < s->p2m_size && rc == 0) {
        uint32_t n = 0, ndata = 0;
        uint64_t *ent = (uint64_t *)(body + 8);
        uint8_t *data;
        const uint8_t *map;

        for (; pfn < s->p2m_size && n < SR_BATCH; pfn++)
            if (s->p2m[pfn] != SR_INVALID) {
                pfns[n] = pfn;
                mfns[n++] = s->p2m[pfn];
            }
        if (n == 0)
            break;
        if ((rc = map_ro(s, mfns, n, "guest pages", (void **)&map)))
            break;
        memset(body, 0, 8);
        memcpy(body, &n, 4);
        data = body + 8 + (size_t)n * 8;
        for (uint32_t i = 0; i < n && rc == 0; i++) {
            uint32_t t = s->type[pfns[i]];
            unsigned level = (t & XEN_DOMCTL_PFINFO_LTABTYPE_MASK) >>
                             XEN_DOMCTL_PFINFO_LTAB_SHIFT;
            const uint64_t *src = (const uint64_t *)(map + (size_t)i * SR_PAGE);
            uint64_t *dst = (uint64_t *)(data + (size_t)ndata * SR_PAGE);
            uint64_t kind;

            if (level >= 1 && level <= 4) {
                kind = level;
                rc = canonicalise(s, pfns[i], level, src, dst);
                ndata++;
            } else if (all_zero(src)) {
                kind = SAVE_PAGE_ZERO;
            } else {
                kind = SAVE_PAGE_NORMAL;
                memcpy(dst, src, SR_PAGE);
                ndata++;
            }
            ent[i] = pfns[i] | kind << 60 |
                     (level && (t & XEN_DOMCTL_PFINFO_LPINTAB) ?
                      SAVE_PAGE_PINNED : 0);
        }
        hv_unmap((void *)map, n);
        if (rc == 0)
            rc = put_record(s, SAVE_REC_PAGE_DATA, body,
                            8 + (uint64_t)n * 8 + (uint64_t)ndata * SR_PAGE);
        done += n;
        if (rc == 0 && s->progress && done < s->nr_pages)
            s->progress(s->parg, done * SR_PAGE, s->nr_pages * SR_PAGE);
    }
    free(body);
    return rc;
}

static int canon_frame(struct saver *s, unsigned vcpu, const char *what,
                       uint64_t *frame)
{
    uint64_t p = mfn_to_pfn(s, *frame);

    if (p == SR_INVALID)
        return libxl__fail_plain(s->ctx, -EIO, "domain %u vCPU %u: %s mfn "
                                 "%#llx is not a page of the domain",
                                 s->domid, vcpu, what,
                                 (unsigned long long)*frame);
    *frame = p;
    return 0;
}

/* vCPU contexts and XSAVE areas; *SI_PFN gets vCPU 0's start_info pfn. */
static int put_vcpus(struct saver *s, uint64_t *si_pfn)
{
    struct { uint32_t id, zero; vcpu_guest_context_t c; } *rec;
    int rc = 0, count = 0;

    if (!(rec = calloc(1, sizeof(*rec))))
        return libxl__fail(s->ctx, -ENOMEM, "vcpu context");
    for (uint32_t v = 0; v <= s->di.max_vcpu_id && rc == 0; v++) {
        vcpu_guest_context_t *c = &rec->c;
        uint64_t f, mask = 0, size = 0;

        rc = hv_vcpu_getcontext(s->ctx->hv, (domid_t)s->domid, v, c);
        if (rc == -ENODATA && v > 0) {      /* never brought up */
            rc = 0;
            continue;
        }
        if (rc) {
            rc = libxl__fail(s->ctx, rc, "XEN_DOMCTL_getvcpucontext(%u)", v);
            break;
        }
        f = c->ctrlreg[3] >> SR_PAGE_SHIFT;
        if ((rc = canon_frame(s, v, "cr3", &f)))
            break;
        c->ctrlreg[3] = f << SR_PAGE_SHIFT;
        if (c->ctrlreg[1]) {
            f = c->ctrlreg[1] >> SR_PAGE_SHIFT;
            if ((rc = canon_frame(s, v, "user cr3", &f)))
                break;
            c->ctrlreg[1] = f << SR_PAGE_SHIFT;
        }
        if (c->gdt_ents > 8192) {
            rc = libxl__fail_plain(s->ctx, -EIO, "vCPU %u: %lu GDT entries",
                                   v, (unsigned long)c->gdt_ents);
            break;
        }
        for (unsigned i = 0; i < sr_gdt_frames(c->gdt_ents) && rc == 0; i++) {
            f = c->gdt_frames[i];
            rc = canon_frame(s, v, "GDT frame", &f);
            c->gdt_frames[i] = f;
        }
        if (rc)
            break;
        if (v == 0) {
            f = c->user_regs.rdx;
            if ((rc = canon_frame(s, v, "start_info (rdx)", &f)))
                break;
            c->user_regs.rdx = f;
            *si_pfn = f;
        }
        rec->id = v;
        if ((rc = put_record(s, SAVE_REC_VCPU_CONTEXT, rec, sizeof(*rec))))
            break;
        count++;

        /* The XSAVE area, when the hypervisor keeps one. */
        rc = libxl__sr_vcpu_extstate(s->ctx, s->domid, v, true, &mask, &size,
                                     NULL);
        if (rc == -EOPNOTSUPP || rc == -ENODATA || (rc == 0 && size == 0)) {
            rc = 0;
            continue;
        }
        if (rc) {
            rc = libxl__fail(s->ctx, rc, "XEN_DOMCTL_getvcpuextstate(%u) "
                             "size", v);
            break;
        }
        if (size > (1u << 20)) {
            rc = libxl__fail_plain(s->ctx, -EIO, "vCPU %u: XSAVE area of "
                                   "%llu bytes", v, (unsigned long long)size);
            break;
        }
        {
            uint8_t *x = calloc(1, 16 + size);

            if (!x) {
                rc = libxl__fail(s->ctx, -ENOMEM, "XSAVE area");
                break;
            }
            rc = libxl__sr_vcpu_extstate(s->ctx, s->domid, v, true, &mask,
                                         &size, x + 16);
            if (rc)
                rc = libxl__fail(s->ctx, rc, "XEN_DOMCTL_getvcpuextstate(%u)",
                                 v);
            else {
                memcpy(x, &v, 4);
                memset(x + 4, 0, 4);
                memcpy(x + 8, &mask, 8);
                rc = put_record(s, SAVE_REC_VCPU_XSAVE, x, 16 + size);
            }
            free(x);
        }
    }
    free(rec);
    if (rc == 0 && count == 0)
        rc = libxl__fail_plain(s->ctx, -EIO, "domain %u has no vCPU context",
                               s->domid);
    return rc;
}

static int put_resume_info(struct saver *s, uint64_t si_pfn)
{
    struct save_resume_info ri = { .start_info_pfn = si_pfn,
                                   .shared_info_pfn = SR_INVALID };
    uint64_t mfn = s->p2m[si_pfn];
    start_info_t *si;
    int rc;

    if ((rc = map_ro(s, &mfn, 1, "start_info", (void **)&si)))
        return rc;
    /* The guest turned these into pfns before suspending. */
    ri.store_pfn = si->store_mfn;
    ri.console_pfn = si->console.domU.mfn;
    ri.store_evtchn = si->store_evtchn;
    ri.console_evtchn = si->console.domU.evtchn;
    hv_unmap(si, 1);
    if (ri.store_pfn >= s->p2m_size || s->p2m[ri.store_pfn] == SR_INVALID ||
        ri.console_pfn >= s->p2m_size || s->p2m[ri.console_pfn] == SR_INVALID)
        return libxl__fail_plain(s->ctx, -EIO, "domain %u: start_info names "
                                 "store pfn %#llx and console pfn %#llx, not "
                                 "both pages of the domain", s->domid,
                                 (unsigned long long)ri.store_pfn,
                                 (unsigned long long)ri.console_pfn);
    return put_record(s, SAVE_REC_RESUME_INFO, &ri, sizeof(ri));
}

static int write_image(struct saver *s, const char *cfg)
{
    struct save_domain_info info = {
        .max_vcpus = s->di.max_vcpu_id + 1,
        .guest_width = 8,
        .max_pages = s->di.max_pages,
        .tot_pages = s->nr_pages,
        .p2m_size = s->p2m_size,
    };
    uint64_t *list, si_pfn = SR_INVALID;
    int rc;

    if ((rc = put_record(s, SAVE_REC_DOMAIN_CONFIG, cfg, strlen(cfg))) ||
        (rc = put_record(s, SAVE_REC_DOMAIN_INFO, &info, sizeof(info))))
        return rc;
    if (!(list = malloc(s->nr_pages * sizeof(*list))))
        return libxl__fail(s->ctx, -ENOMEM, "pfn list");
    /* Ascending pfns: restore populates them in this order. */
    for (uint64_t i = 0, pfn = 0; pfn < s->p2m_size; pfn++)
        if (s->p2m[pfn] != SR_INVALID)
            list[i++] = pfn;
    rc = put_u64_list(s, SAVE_REC_P2M_FRAMES, list, s->nr_pages);
    if (rc == 0) {
        for (uint64_t i = 0; i < s->nr_leaves && rc == 0; i++) {
            list[i] = mfn_to_pfn(s, s->leaf_mfn[i]);
            if (list[i] == SR_INVALID)
                rc = libxl__fail_plain(s->ctx, -EIO, "domain %u: p2m page "
                                       "%llu (mfn %#llx) is not a page of "
                                       "the domain", s->domid,
                                       (unsigned long long)i,
                                       (unsigned long long)s->leaf_mfn[i]);
        }
        if (rc == 0)
            rc = put_u64_list(s, SAVE_REC_P2M_LIST, list, s->nr_leaves);
    }
    free(list);
    if (rc || (rc = put_pages(s)) || (rc = put_vcpus(s, &si_pfn)) ||
        (rc = put_resume_info(s, si_pfn)))
        return rc;
    return 0;
}

int libxl_domain_save(libxl_ctx *ctx, uint32_t domid, const char *path,
                      unsigned flags, libxl_progress_fn progress, void *arg)
{
    struct saver s = { .ctx = ctx, .domid = domid };
    libxl_dominfo info;
    char *cfg = NULL, err[320];
    bool suspended = false;
    FILE *f = NULL;
    int fd = -1, rc;

    if (domid == 0)
        return libxl__fail_plain(ctx, -EINVAL, "domain 0 cannot be saved");
    if ((rc = libxl_domain_info(ctx, domid, &info)))
        return rc;
    if (info.hvm)
        return libxl__fail_plain(ctx, -EOPNOTSUPP, "domain %u is not PV: "
                                 "only PV domains can be saved", domid);
    if (info.shutdown || info.dying)
        return libxl__fail_plain(ctx, -EALREADY, "domain %u is %s", domid,
                                 info.dying ? "dying" : "shut down");
    if (!libxl__xs(ctx))
        return libxl__fail(ctx, -errno, "cannot connect to xenstored");
    if ((rc = hv_domain_getinfo(ctx->hv, (domid_t)domid, &s.di)))
        return libxl__fail(ctx, rc, "XEN_DOMCTL_getdomaininfo(%u)", domid);
    if ((rc = config_text(&s, &cfg)))
        return rc;

    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || !(f = fdopen(fd, "wb"))) {
        rc = libxl__fail_plain(ctx, -errno, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(cfg);
        return rc;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 20);

    if ((rc = suspend(&s)))
        goto out;
    suspended = true;
    /* The sizes may have moved while the guest ran. */
    if ((rc = hv_domain_getinfo(ctx->hv, (domid_t)domid, &s.di))) {
        rc = libxl__fail(ctx, rc, "XEN_DOMCTL_getdomaininfo(%u)", domid);
        goto out;
    }
    if ((rc = read_p2m(&s)) || (rc = check_p2m(&s)))
        goto out;
    /* Progress counts guest memory (all-zero pages take no room in the
     * file, so its size is not known before the end). */
    s.progress = progress;
    s.parg = arg;
    if (progress)
        progress(arg, 0, s.nr_pages * SR_PAGE);
    s.w = save_writer_open(f, path, 0, NULL, NULL, err, sizeof(err));
    if (!s.w) {
        rc = libxl__fail_plain(ctx, -EIO, "%s", err);
        goto out;
    }
    if ((rc = write_image(&s, cfg)))
        goto out;
    rc = save_writer_finish(s.w, err, sizeof(err));
    s.w = NULL;
    if (rc) {
        rc = libxl__fail_plain(ctx, -EIO, "%s", err);
        goto out;
    }
    if (fsync(fd) || fclose(f)) {
        f = NULL;
        rc = libxl__fail(ctx, -errno, "%s: writing the image", path);
        goto out;
    }
    f = NULL;
    if (progress)
        progress(arg, s.nr_pages * SR_PAGE, s.nr_pages * SR_PAGE);
    if (flags & LIBXL_SAVE_CHECKPOINT)
        rc = resume_cancelled(ctx, domid);
    else
        rc = libxl_domain_destroy(ctx, domid);
    suspended = false;

out:
    if (s.w)
        save_writer_abort(s.w);
    if (f)
        fclose(f);
    if (rc && suspended) {
        char saved[sizeof(ctx->err)];

        memcpy(saved, ctx->err, sizeof(saved));
        unlink(path);
        resume_cancelled(ctx, domid);
        memcpy(ctx->err, saved, sizeof(saved));
    }
    free(cfg);
    free(s.p2m);
    free(s.type);
    free(s.m2p);
    free(s.leaf_mfn);
    return rc;
}

int libxl__sr_vcpu_extstate(libxl_ctx *ctx, uint32_t domid, uint32_t vcpu,
                            bool get, uint64_t *mask, uint64_t *size,
                            void *buf)
{
    struct xen_domctl d = {
        .cmd = get ? XEN_DOMCTL_getvcpuextstate : XEN_DOMCTL_setvcpuextstate,
        .domain = (domid_t)domid,
    };
    void *b = NULL;
    size_t blen = buf ? (size_t)*size : 0;
    int rc;

    if (buf && !(b = hv_buf_alloc(ctx->hv, blen)))
        return -ENOMEM;
    if (b && !get)
        memcpy(b, buf, blen);
    d.u.vcpuextstate.vcpu = vcpu;
    d.u.vcpuextstate.xfeature_mask = buf ? *mask : 0;
    d.u.vcpuextstate.size = buf ? *size : 0;
    set_xen_guest_handle(d.u.vcpuextstate.buffer, (uint64_t *)b);
    rc = hv_domctl(ctx->hv, &d);
    if (rc == 0 && get) {
        *mask = d.u.vcpuextstate.xfeature_mask;
        *size = d.u.vcpuextstate.size;
        if (b)
            memcpy(buf, b, blen);
    }
    if (b)
        hv_buf_free(ctx->hv, b, blen);
    return rc;
}

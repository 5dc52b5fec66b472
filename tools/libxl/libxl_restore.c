/* SPDX-License-Identifier: MIT */
/*
 * libxl_restore.c - `xl restore` of a 64-bit PV domain from an image that
 * libxl_save.c wrote (docs/save-format.md).
 *
 * The image is read record by record (tools/savefmt checks lengths, each
 * record's CRC and, at END, the whole file's).  In order:
 *
 *   DOMAIN_CONFIG, DOMAIN_INFO  the config (with the caller's KEY=VALUE
 *                               overrides) is checked, then the domain is
 *                               created: createdomain with the saved
 *                               UUID, max_vcpus, max_mem, address size,
 *                               memory map, two fresh unbound event
 *                               channels for xenstore and the console
 *   P2M_FRAMES                  every listed pfn is populated up front, so
 *                               page tables can be translated as they come
 *   P2M_LIST                    where the guest keeps its own p2m
 *   PAGE_DATA                   written through foreign mappings; page
 *                               tables get machine frames back
 *   VCPU_CONTEXT, VCPU_XSAVE,   kept until END
 *   RESUME_INFO
 *   END                         the guest's p2m pages get the new frames,
 *                               start_info the new store/console frames,
 *                               ports and shared_info; tables the guest
 *                               had pinned are pinned; shared_info is
 *                               reset; vCPU contexts and XSAVE areas are
 *                               loaded; grant entries 0/1 are seeded; the
 *                               xenstore entries are written, the domain
 *                               introduced, xenconsoled awaited, and the
 *                               domain unpaused.  Linux's suspend hypercall
 *                               then returns 0: it reconnects xenstore,
 *                               its console and its event channels.
 *
 * Any failure (a damaged file included: the message names the file, the
 * offset and the record) undoes every finished step: no domain and no
 * xenstore node is left.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <uuid/uuid.h>
#include <xenstore.h>

#include "domcfg.h"
#include "libxl_sr.h"
#include "savefmt.h"
#include "xlcfg.h"
#include "public/memory.h"

#define MAXMEM_SLACK_KB 1024        /* as create: LIBXL_MAXMEM_CONSTANT */
#define PENDING         (SR_INVALID - 1)   /* listed, not populated yet */

struct pin {
    uint64_t mfn;
    unsigned level;
};

struct xsave_blob {
    uint64_t mask, size;
    uint8_t *data;
};

struct restorer {
    libxl_ctx *ctx;
    const char *path;
    const struct save_record *rec;      /* the record being handled */
    struct xl_domain_config dc;
    bool have_dc, have_info, have_ri;
    struct save_domain_info info;
    struct save_resume_info ri;
    /* the domain */
    uint32_t domid;
    bool created, xs_written, introduced;
    char uuid_str[37];
    struct libxl__pv_build b;           /* store/console ports and frames */
    /* memory */
    uint64_t *p2m;                      /* pfn -> mfn, SR_INVALID, PENDING */
    uint64_t *pending;                  /* pfns listed by P2M_FRAMES */
    uint64_t npending, nr_pages;
    bool populated;
    uint64_t *leaf_pfn, nr_leaves;
    struct pin *pins;
    uint64_t npins, pins_cap;
    /* vCPUs */
    vcpu_guest_context_t **vc;
    struct xsave_blob *xs;
};

/* An error about the record being read: file, offset, record. */
static int bad(struct restorer *R, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int bad(struct restorer *R, const char *fmt, ...)
{
    char msg[320];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (R->rec)
        return libxl__fail_plain(R->ctx, -EINVAL, "%s: offset %llu: record "
                                 "%llu (%s): %s", R->path,
                                 (unsigned long long)R->rec->offset,
                                 (unsigned long long)R->rec->index,
                                 save_rec_name(R->rec->type), msg);
    return libxl__fail_plain(R->ctx, -EINVAL, "%s: %s", R->path, msg);
}

static bool populated(const struct restorer *R, uint64_t pfn)
{
    return pfn < R->info.p2m_size && R->p2m[pfn] < PENDING;
}

/* ---- config ---- */

/* One KEY=VALUE; a bare VALUE that does not parse is taken as a string. */
static int add_override(struct xlcfg *cfg, const char *kv, char *err,
                        size_t errlen)
{
    const char *eq = strchr(kv, '=');
    size_t n = strlen(kv) + 8;
    char *t = malloc(n);
    int rc;

    if (!eq || eq == kv) {
        free(t);
        snprintf(err, errlen, "'%s' is not KEY=VALUE", kv);
        return -1;
    }
    if (!t)
        return -1;
    snprintf(t, n, "%s\n", kv);
    rc = xlcfg_parse_text(cfg, "<command line>", t, strlen(t), err, errlen);
    if (rc && !strchr(eq + 1, '"')) {
        snprintf(t, n, "%.*s=\"%s\"\n", (int)(eq - kv), kv, eq + 1);
        rc = xlcfg_parse_text(cfg, "<command line>", t, strlen(t), err,
                              errlen);
    }
    free(t);
    return rc;
}

static int take_config(struct restorer *R, const uint8_t *text, uint64_t len,
                       char *const *ov, int nov)
{
    struct xlcfg *cfg = xlcfg_new(R->path);
    char err[XLCFG_ERRLEN];
    int rc;

    if (!cfg)
        return libxl__fail(R->ctx, -ENOMEM, "config");
    rc = xlcfg_parse_text(cfg, "<saved config>", (const char *)text,
                          (size_t)len, err, sizeof(err));
    if (rc) {
        xlcfg_free(cfg);
        return bad(R, "the saved config does not parse: %s", err);
    }
    for (int i = 0; rc == 0 && i < nov; i++)
        rc = add_override(cfg, ov[i], err, sizeof(err));
    if (rc == 0)
        rc = xl_domain_config_from_cfg(&R->dc, cfg, err, sizeof(err));
    xlcfg_free(cfg);
    if (rc)
        return libxl__fail_plain(R->ctx, -EINVAL, "config: %s", err);
    R->have_dc = true;
    if (!R->dc.name || !*R->dc.name)
        return libxl__fail_plain(R->ctx, -EINVAL, "the config names no "
                                 "domain (field 'name')");
    if (R->dc.ndisks || R->dc.nnics)
        return libxl__fail_plain(R->ctx, -EOPNOTSUPP, "disk= and vif= "
                                 "devices are not restored by this "
                                 "toolstack yet");
    if (!R->dc.kernel && !(R->dc.kernel = strdup("")))
        return libxl__fail(R->ctx, -ENOMEM, "config");
    return 0;
}

/* ---- the domain ---- */

static int check_info(struct restorer *R, const struct save_record *rec)
{
    struct save_domain_info *i = &R->info;

    if (rec->len != sizeof(*i))
        return bad(R, "length %llu, expected %zu",
                   (unsigned long long)rec->len, sizeof(*i));
    memcpy(i, rec->body, sizeof(*i));
    if (i->guest_width != 8)
        return bad(R, "guest width %u: only 64-bit PV guests are restored",
                   i->guest_width);
    if (i->max_vcpus < 1 || i->max_vcpus > XL_MAX_VCPUS)
        return bad(R, "%u vCPUs", i->max_vcpus);
    if (i->p2m_size < 1 || i->p2m_size > (1ull << 32))
        return bad(R, "p2m size %llu", (unsigned long long)i->p2m_size);
    if (i->tot_pages > i->p2m_size || i->max_pages > (1ull << 40))
        return bad(R, "%llu pages of %llu (max %llu)",
                   (unsigned long long)i->tot_pages,
                   (unsigned long long)i->p2m_size,
                   (unsigned long long)i->max_pages);
    R->have_info = true;
    R->p2m = malloc(i->p2m_size * sizeof(*R->p2m));
    R->vc = calloc(i->max_vcpus, sizeof(*R->vc));
    R->xs = calloc(i->max_vcpus, sizeof(*R->xs));
    if (!R->p2m || !R->vc || !R->xs)
        return libxl__fail(R->ctx, -ENOMEM, "p2m of %llu entries",
                           (unsigned long long)i->p2m_size);
    for (uint64_t p = 0; p < i->p2m_size; p++)
        R->p2m[p] = SR_INVALID;
    return 0;
}

static int make_domain(struct restorer *R)
{
    libxl_ctx *ctx = R->ctx;
    struct xl_domain_config *dc = &R->dc;
    struct xen_domctl_createdomain cd = { 0 };
    struct xen_domctl_tsc_info tsc = { 0 };
    libxl_physinfo pi;
    uint64_t maxkb;
    uint8_t uuid[16];
    domid_t id = 0;
    int rc;

    /* The guest's vCPU count is what it was saved with. */
    dc->max_vcpus = R->info.max_vcpus;
    if (dc->vcpus > dc->max_vcpus || dc->vcpus < 1)
        dc->vcpus = dc->max_vcpus;
    if (dc->max_memkb < dc->target_memkb)
        dc->max_memkb = dc->target_memkb;
    if (libxl__name_taken(ctx, dc->name))
        return libxl__fail_plain(ctx, -EEXIST, "a domain named '%s' already "
                                 "exists (restore with name=NEW-NAME to run "
                                 "a second copy)", dc->name);
    if ((rc = libxl_get_physinfo(ctx, &pi)))
        return rc;
    if (dc->has_uuid)
        memcpy(uuid, dc->uuid, 16);
    else
        uuid_generate(uuid);
    uuid_unparse_lower(uuid, R->uuid_str);

    memcpy(cd.handle, uuid, 16);
    cd.max_vcpus = dc->max_vcpus;
    cd.max_evtchn_port = 1023;
    cd.max_grant_frames = -1;
    cd.max_maptrack_frames = -1;
    cd.grant_opts = XEN_DOMCTL_GRANT_version(
        pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v2 ? 2 : 1);
    if ((rc = hv_domain_create(ctx->hv, &id, &cd)))
        return libxl__fail(ctx, rc, "XEN_DOMCTL_createdomain");
    R->domid = id;
    R->created = true;
    R->b.domid = id;

    maxkb = dc->max_memkb + MAXMEM_SLACK_KB;
    if (maxkb < R->info.max_pages * 4)
        maxkb = R->info.max_pages * 4;
    if ((rc = hv_domain_max_vcpus(ctx->hv, id, dc->max_vcpus)))
        return libxl__fail(ctx, rc, "XEN_DOMCTL_max_vcpus(%u)", dc->max_vcpus);
    if ((rc = hv_domain_max_mem(ctx->hv, id, maxkb)))
        return libxl__fail(ctx, rc, "XEN_DOMCTL_max_mem");
    if ((rc = hv_domain_settscinfo(ctx->hv, id, &tsc)))
        return libxl__fail(ctx, rc, "XEN_DOMCTL_settscinfo");
    if ((rc = hv_domain_set_address_size(ctx->hv, id, 64)))
        return libxl__fail(ctx, rc, "XEN_DOMCTL_set_address_size(64)");
    /* The map the builder gave it: memory plus 8 MiB to balloon into. */
    if ((rc = libxl__pv_set_memmap(ctx, id, dc->target_memkb + 8192)))
        return libxl__fail(ctx, rc, "XENMEM_set_memory_map");
    if ((rc = hv_evtchn_alloc_unbound(ctx->hv, id, 0, &R->b.store_port)) ||
        (rc = hv_evtchn_alloc_unbound(ctx->hv, id, 0, &R->b.console_port)))
        return libxl__fail(ctx, rc, "EVTCHNOP_alloc_unbound");
    return 0;
}

/* ---- memory ---- */

static int take_pfn_list(struct restorer *R, const struct save_record *rec)
{
    uint64_t n = rec->len / 8;
    const uint8_t *p = rec->body;
    uint64_t *np;

    if (rec->len % 8)
        return bad(R, "length %llu is not a multiple of 8",
                   (unsigned long long)rec->len);
    if (R->populated)
        return bad(R, "comes after PAGE_DATA");
    if (R->npending + n > R->info.p2m_size)
        return bad(R, "more pfns than the p2m size %llu",
                   (unsigned long long)R->info.p2m_size);
    np = realloc(R->pending, (R->npending + n + 1) * sizeof(*np));
    if (!np)
        return libxl__fail(R->ctx, -ENOMEM, "pfn list");
    R->pending = np;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t pfn;

        memcpy(&pfn, p + i * 8, 8);
        if (pfn >= R->info.p2m_size)
            return bad(R, "pfn %#llx (entry %llu) is beyond the p2m size "
                       "%llu", (unsigned long long)pfn,
                       (unsigned long long)i,
                       (unsigned long long)R->info.p2m_size);
        if (R->p2m[pfn] != SR_INVALID)
            return bad(R, "pfn %#llx listed twice", (unsigned long long)pfn);
        R->p2m[pfn] = PENDING;
        R->pending[R->npending++] = pfn;
    }
    return 0;
}

static int populate(struct restorer *R)
{
    int rc;

    R->populated = true;
    if (R->npending == 0)
        return bad(R, "the image lists no pages (no P2M_FRAMES before it)");
    /* PFNs in, MFNs out. */
    rc = hv_populate_physmap(R->ctx->hv, (domid_t)R->domid, R->pending,
                             R->npending);
    if (rc)
        return libxl__fail(R->ctx, rc, "XENMEM_populate_physmap of %llu "
                           "pages", (unsigned long long)R->npending);
    return 0;
}

/* After populate: R->pending[i] holds the MFN of the i-th listed pfn. */
static void record_frames(struct restorer *R, const uint64_t *pfns)
{
    for (uint64_t i = 0; i < R->npending; i++)
        R->p2m[pfns[i]] = R->pending[i];
    R->nr_pages = R->npending;
}

static int populate_all(struct restorer *R)
{
    uint64_t *pfns = malloc((R->npending + 1) * sizeof(*pfns));
    int rc;

    if (!pfns)
        return libxl__fail(R->ctx, -ENOMEM, "pfn list");
    memcpy(pfns, R->pending, R->npending * sizeof(*pfns));
    rc = populate(R);
    if (rc == 0)
        record_frames(R, pfns);
    free(pfns);
    return rc;
}

static int take_p2m_list(struct restorer *R, const struct save_record *rec)
{
    uint64_t want = (R->info.p2m_size + 511) / 512;

    if (R->leaf_pfn)
        return bad(R, "a second P2M_LIST");
    if (rec->len != want * 8)
        return bad(R, "length %llu, expected %llu for a p2m of %llu entries",
                   (unsigned long long)rec->len,
                   (unsigned long long)(want * 8),
                   (unsigned long long)R->info.p2m_size);
    if (!(R->leaf_pfn = malloc(rec->len)))
        return libxl__fail(R->ctx, -ENOMEM, "p2m list");
    memcpy(R->leaf_pfn, rec->body, rec->len);
    R->nr_leaves = want;
    for (uint64_t i = 0; i < want; i++)
        if (R->leaf_pfn[i] >= R->info.p2m_size)
            return bad(R, "p2m page %llu at pfn %#llx, beyond the p2m size",
                       (unsigned long long)i,
                       (unsigned long long)R->leaf_pfn[i]);
    return 0;
}

static int add_pin(struct restorer *R, uint64_t mfn, unsigned level)
{
    if (R->npins == R->pins_cap) {
        uint64_t cap = R->pins_cap ? R->pins_cap * 2 : 256;
        struct pin *np = realloc(R->pins, cap * sizeof(*np));

        if (!np)
            return libxl__fail(R->ctx, -ENOMEM, "pin list");
        R->pins = np;
        R->pins_cap = cap;
    }
    R->pins[R->npins++] = (struct pin){ mfn, level };
    return 0;
}

/* Copies a canonical page table of LEVEL (at PFN) with machine frames. */
static int localise(struct restorer *R, uint64_t pfn, unsigned level,
                    const uint64_t *src, uint64_t *dst)
{
    for (unsigned i = 0; i < 512; i++) {
        uint64_t e = src[i], p;

        if (!(e & SR_PTE_P)) {
            dst[i] = e;
            continue;
        }
        if (level == 4 && i >= SR_XEN_L4_FIRST && i <= SR_XEN_L4_LAST)
            return bad(R, "L4 table at pfn %#llx has entry %u in the "
                       "hypervisor's range", (unsigned long long)pfn, i);
        if ((level == 2 || level == 3) && (e & SR_PTE_PSE))
            return bad(R, "L%u table at pfn %#llx maps a superpage (entry "
                       "%u)", level, (unsigned long long)pfn, i);
        p = (e & SR_PTE_FRAME) >> SR_PAGE_SHIFT;
        if (!populated(R, p))
            return bad(R, "L%u table at pfn %#llx entry %u names pfn %#llx, "
                       "which the image does not populate", level,
                       (unsigned long long)pfn, i, (unsigned long long)p);
        dst[i] = (e & ~SR_PTE_FRAME) | (R->p2m[p] << SR_PAGE_SHIFT);
    }
    return 0;
}

static int take_pages(struct restorer *R, const struct save_record *rec)
{
    uint64_t mfns[SAVE_MAX_BATCH_PAGES];
    const uint64_t *ent = (const uint64_t *)(rec->body + 8);
    const uint8_t *data;
    uint32_t n;
    uint8_t *map;
    int rc = 0;

    if (!R->populated && (rc = populate_all(R)))
        return rc;
    if (save_page_data_check(rec->body, rec->len, R->info.p2m_size, &n))
        return bad(R, "malformed page batch (entries and length disagree, "
                   "or a pfn beyond %llu)",
                   (unsigned long long)R->info.p2m_size);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t pfn = SAVE_PAGE_PFN(ent[i]);

        if (SAVE_PAGE_TYPE(ent[i]) == SAVE_PAGE_ABSENT)
            return bad(R, "entry %u: absent pages are not expected", i);
        if (!populated(R, pfn))
            return bad(R, "entry %u: pfn %#llx was not listed in P2M_FRAMES",
                       i, (unsigned long long)pfn);
        mfns[i] = R->p2m[pfn];
    }
    map = hv_map_foreign(R->ctx->hv, (domid_t)R->domid,
                         PROT_READ | PROT_WRITE, (const xen_pfn_t *)mfns,
                         NULL, n, &rc);
    if (!map)
        return libxl__fail(R->ctx, rc, "mapping %u new pages of domain %u",
                           n, R->domid);
    data = rec->body + 8 + (uint64_t)n * 8;
    for (uint32_t i = 0; i < n && rc == 0; i++) {
        uint64_t t = SAVE_PAGE_TYPE(ent[i]), pfn = SAVE_PAGE_PFN(ent[i]);
        uint8_t *dst = map + (size_t)i * SR_PAGE;

        if (t == SAVE_PAGE_ZERO) {
            memset(dst, 0, SR_PAGE);
            continue;
        }
        if (t == SAVE_PAGE_NORMAL)
            memcpy(dst, data, SR_PAGE);
        else
            rc = localise(R, pfn, (unsigned)t, (const uint64_t *)data,
                          (uint64_t *)dst);
        if (rc == 0 && (ent[i] & SAVE_PAGE_PINNED))
            rc = add_pin(R, mfns[i], (unsigned)t);
        data += SR_PAGE;
    }
    hv_unmap(map, n);
    return rc;
}

/* ---- vCPUs and resume fields ---- */

static int take_vcpu(struct restorer *R, const struct save_record *rec)
{
    uint32_t v;

    if (rec->len != 8 + sizeof(vcpu_guest_context_t))
        return bad(R, "length %llu, expected %zu",
                   (unsigned long long)rec->len,
                   8 + sizeof(vcpu_guest_context_t));
    memcpy(&v, rec->body, 4);
    if (v >= R->info.max_vcpus)
        return bad(R, "vCPU %u of a domain with %u", v, R->info.max_vcpus);
    if (R->vc[v])
        return bad(R, "vCPU %u twice", v);
    if (!(R->vc[v] = malloc(sizeof(vcpu_guest_context_t))))
        return libxl__fail(R->ctx, -ENOMEM, "vcpu context");
    memcpy(R->vc[v], rec->body + 8, sizeof(vcpu_guest_context_t));
    return 0;
}

static int take_xsave(struct restorer *R, const struct save_record *rec)
{
    uint32_t v;
    struct xsave_blob *x;

    if (rec->len < 32 || rec->len > 16 + (1u << 20))
        return bad(R, "length %llu", (unsigned long long)rec->len);
    memcpy(&v, rec->body, 4);
    if (v >= R->info.max_vcpus || R->xs[v].data)
        return bad(R, "vCPU %u unknown or repeated", v);
    x = &R->xs[v];
    memcpy(&x->mask, rec->body + 8, 8);
    x->size = rec->len - 16;
    if (!(x->data = malloc(x->size)))
        return libxl__fail(R->ctx, -ENOMEM, "XSAVE area");
    memcpy(x->data, rec->body + 16, x->size);
    return 0;
}

static int take_resume(struct restorer *R, const struct save_record *rec)
{
    if (rec->len != sizeof(R->ri))
        return bad(R, "length %llu, expected %zu",
                   (unsigned long long)rec->len, sizeof(R->ri));
    memcpy(&R->ri, rec->body, sizeof(R->ri));
    R->have_ri = true;
    return 0;
}

/* ---- END: make it run ---- */

static int fix_p2m(struct restorer *R)
{
    for (uint64_t i = 0; i < R->nr_leaves; i += SR_BATCH) {
        uint32_t n = (uint32_t)(R->nr_leaves - i < SR_BATCH ?
                                R->nr_leaves - i : SR_BATCH);
        uint64_t mfns[SR_BATCH];
        uint64_t *map;
        int rc;

        for (uint32_t j = 0; j < n; j++) {
            if (!populated(R, R->leaf_pfn[i + j]))
                return bad(R, "p2m page %llu at pfn %#llx is not populated",
                           (unsigned long long)(i + j),
                           (unsigned long long)R->leaf_pfn[i + j]);
            mfns[j] = R->p2m[R->leaf_pfn[i + j]];
        }
        map = hv_map_foreign(R->ctx->hv, (domid_t)R->domid,
                             PROT_READ | PROT_WRITE, (const xen_pfn_t *)mfns,
                             NULL, n, &rc);
        if (!map)
            return libxl__fail(R->ctx, rc, "mapping the guest's p2m");
        for (uint64_t k = 0; k < (uint64_t)n * 512; k++) {
            uint64_t pfn = i * 512 + k;

            if (populated(R, pfn))
                map[k] = R->p2m[pfn];
        }
        hv_unmap(map, n);
    }
    return 0;
}

static int fix_start_info(struct restorer *R, uint64_t shinfo_mfn)
{
    struct save_resume_info *ri = &R->ri;
    uint64_t mfn;
    start_info_t *si;
    int rc;

    if (!populated(R, ri->start_info_pfn) || !populated(R, ri->store_pfn) ||
        !populated(R, ri->console_pfn))
        return bad(R, "start_info (pfn %#llx), store (%#llx) or console "
                   "(%#llx) is not a page of the image",
                   (unsigned long long)ri->start_info_pfn,
                   (unsigned long long)ri->store_pfn,
                   (unsigned long long)ri->console_pfn);
    mfn = R->p2m[ri->start_info_pfn];
    si = hv_map_foreign(R->ctx->hv, (domid_t)R->domid,
                        PROT_READ | PROT_WRITE, (const xen_pfn_t *)&mfn,
                        NULL, 1, &rc);
    if (!si)
        return libxl__fail(R->ctx, rc, "mapping start_info");
    R->b.store_mfn = R->p2m[ri->store_pfn];
    R->b.console_mfn = R->p2m[ri->console_pfn];
    si->store_mfn = R->b.store_mfn;
    si->store_evtchn = R->b.store_port;
    si->console.domU.mfn = R->b.console_mfn;
    si->console.domU.evtchn = R->b.console_port;
    si->shared_info = shinfo_mfn << SR_PAGE_SHIFT;
    si->flags = 0;
    hv_unmap(si, 1);
    return 0;
}

static int pin_tables(struct restorer *R)
{
    const unsigned per = 256;
    struct mmuext_op *ops = hv_buf_alloc(R->ctx->hv, per * sizeof(*ops));
    int rc = 0;

    if (!ops)
        return libxl__fail(R->ctx, -ENOMEM, "pin buffer");
    /* Lower levels first, so each L4 finds its tree typed already. */
    for (unsigned level = 1; level <= 4 && rc == 0; level++) {
        unsigned n = 0;

        for (uint64_t i = 0; i <= R->npins && rc == 0; i++) {
            if (i < R->npins && R->pins[i].level == level) {
                memset(&ops[n], 0, sizeof(ops[n]));
                ops[n].cmd = MMUEXT_PIN_L1_TABLE + level - 1;
                ops[n++].arg1.mfn = R->pins[i].mfn;
            }
            if (n && (n == per || i == R->npins)) {
                long r = hv_hypercall(R->ctx->hv, __HYPERVISOR_mmuext_op,
                                      (uintptr_t)ops, n, 0, R->domid, 0);
                if (r < 0)
                    rc = libxl__fail(R->ctx, (int)r, "pinning %u L%u page "
                                     "tables of domain %u (the image's "
                                     "tables do not validate)", n, level,
                                     R->domid);
                n = 0;
            }
        }
    }
    hv_buf_free(R->ctx->hv, ops, per * sizeof(*ops));
    return rc;
}

static int reset_shared_info(struct restorer *R, uint64_t mfn)
{
    shared_info_t *sh;
    int rc;

    sh = hv_map_foreign(R->ctx->hv, (domid_t)R->domid, PROT_READ | PROT_WRITE,
                        (const xen_pfn_t *)&mfn, NULL, 1, &rc);
    if (!sh)
        return libxl__fail(R->ctx, rc, "mapping shared_info");
    memset(sh, 0, sizeof(*sh));
    for (int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        sh->vcpu_info[i].evtchn_upcall_mask = 1;
    hv_unmap(sh, 1);
    return 0;
}

static int localise_frame(struct restorer *R, unsigned v, const char *what,
                          uint64_t *frame)
{
    if (!populated(R, *frame))
        return bad(R, "vCPU %u: %s pfn %#llx is not a page of the image", v,
                   what, (unsigned long long)*frame);
    *frame = R->p2m[*frame];
    return 0;
}

static int load_vcpus(struct restorer *R)
{
    int rc;

    for (uint32_t v = 0; v < R->info.max_vcpus; v++) {
        vcpu_guest_context_t *c = R->vc[v];
        uint64_t f;

        if (!c)
            continue;
        f = c->ctrlreg[3] >> SR_PAGE_SHIFT;
        if ((rc = localise_frame(R, v, "cr3", &f)))
            return rc;
        c->ctrlreg[3] = f << SR_PAGE_SHIFT;
        if (c->ctrlreg[1]) {
            f = c->ctrlreg[1] >> SR_PAGE_SHIFT;
            if ((rc = localise_frame(R, v, "user cr3", &f)))
                return rc;
            c->ctrlreg[1] = f << SR_PAGE_SHIFT;
        }
        if (c->gdt_ents > 8192)
            return bad(R, "vCPU %u: %lu GDT entries", v,
                       (unsigned long)c->gdt_ents);
        for (unsigned i = 0; i < sr_gdt_frames(c->gdt_ents); i++) {
            f = c->gdt_frames[i];
            if ((rc = localise_frame(R, v, "GDT frame", &f)))
                return rc;
            c->gdt_frames[i] = f;
        }
        if (v == 0)
            c->user_regs.rdx = R->p2m[R->ri.start_info_pfn];
        if ((rc = hv_vcpu_setcontext(R->ctx->hv, (domid_t)R->domid, v, c)))
            return libxl__fail(R->ctx, rc, "XEN_DOMCTL_setvcpucontext(%u)",
                               v);
        if (R->xs[v].data) {
            rc = libxl__sr_vcpu_extstate(R->ctx, R->domid, v, false,
                                         &R->xs[v].mask, &R->xs[v].size,
                                         R->xs[v].data);
            if (rc)
                return libxl__fail(R->ctx, rc, "XEN_DOMCTL_setvcpuextstate"
                                   "(%u) of %llu bytes", v,
                                   (unsigned long long)R->xs[v].size);
        }
    }
    return 0;
}

static int finish(struct restorer *R)
{
    struct xen_domctl_getdomaininfo di;
    libxl_ctx *ctx = R->ctx;
    int rc;

    if (!R->vc[0])
        return bad(R, "the image has no context for vCPU 0");
    if (!R->have_ri)
        return bad(R, "the image has no RESUME_INFO record");
    if (!R->leaf_pfn)
        return bad(R, "the image has no P2M_LIST record");
    if (!R->populated && (rc = populate_all(R)))
        return rc;
    if ((rc = hv_domain_getinfo(ctx->hv, (domid_t)R->domid, &di)))
        return libxl__fail(ctx, rc, "XEN_DOMCTL_getdomaininfo");
    if ((rc = fix_p2m(R)) || (rc = fix_start_info(R, di.shared_info_frame)) ||
        (rc = pin_tables(R)) ||
        (rc = reset_shared_info(R, di.shared_info_frame)) ||
        (rc = load_vcpus(R)))
        return rc;
    R->b.store_domid = R->b.console_domid = 0;
    if ((rc = libxl__pv_seed_grants(ctx, &R->b)))
        return rc;
    R->xs_written = true;       /* a partial write must be removed too */
    if ((rc = libxl__create_write_xenstore(ctx, &R->dc, R->domid,
                                           R->uuid_str, &R->b)))
        return rc;
    if (!xs_introduce_domain(ctx->xs, R->domid, R->b.store_mfn,
                             R->b.store_port))
        return libxl__fail(ctx, -errno, "XS_INTRODUCE of domain %u",
                           R->domid);
    R->introduced = true;
    return libxl__wait_console(ctx, R->domid);
}

/* ---- the reading loop ---- */

static int take(struct restorer *R, const struct save_record *rec,
                char *const *ov, int nov)
{
    int rc;

    if (rec->index == 0 && rec->type != SAVE_REC_DOMAIN_CONFIG)
        return bad(R, "the image must start with DOMAIN_CONFIG");
    if (rec->index == 1 && rec->type != SAVE_REC_DOMAIN_INFO)
        return bad(R, "DOMAIN_INFO must follow DOMAIN_CONFIG");
    switch (rec->type) {
    case SAVE_REC_DOMAIN_CONFIG:
        if (rec->index != 0)
            return bad(R, "a second DOMAIN_CONFIG");
        return take_config(R, rec->body, rec->len, ov, nov);
    case SAVE_REC_DOMAIN_INFO:
        if (rec->index != 1)
            return bad(R, "a second DOMAIN_INFO");
        if ((rc = check_info(R, rec)))
            return rc;
        return make_domain(R);
    case SAVE_REC_P2M_FRAMES:
        return take_pfn_list(R, rec);
    case SAVE_REC_P2M_LIST:
        return take_p2m_list(R, rec);
    case SAVE_REC_PAGE_DATA:
        return take_pages(R, rec);
    case SAVE_REC_VCPU_CONTEXT:
        return take_vcpu(R, rec);
    case SAVE_REC_VCPU_XSAVE:
        return take_xsave(R, rec);
    case SAVE_REC_RESUME_INFO:
        return take_resume(R, rec);
    }
    return bad(R, "unexpected record type %u", rec->type);
}

static void undo(struct restorer *R)
{
    libxl_ctx *ctx = R->ctx;
    char saved[sizeof(ctx->err)];

    memcpy(saved, ctx->err, sizeof(saved));
    if (R->created)
        hv_domain_pause(ctx->hv, (domid_t)R->domid);
    if (R->xs_written)
        libxl__xs_remove_domain(ctx, R->domid, R->uuid_str);
    if (R->created)
        hv_domain_destroy(ctx->hv, (domid_t)R->domid);
    if (R->introduced)
        xs_release_domain(ctx->xs, R->domid);
    memcpy(ctx->err, saved, sizeof(saved));
}

static void dispose(struct restorer *R)
{
    if (R->have_dc)
        xl_domain_config_dispose(&R->dc);
    if (R->vc)
        for (uint32_t v = 0; v < R->info.max_vcpus; v++)
            free(R->vc[v]);
    if (R->xs)
        for (uint32_t v = 0; v < R->info.max_vcpus; v++)
            free(R->xs[v].data);
    free(R->vc);
    free(R->xs);
    free(R->p2m);
    free(R->pending);
    free(R->leaf_pfn);
    free(R->pins);
}

int libxl_domain_restore(libxl_ctx *ctx, const char *path,
                         char *const *overrides, int n, unsigned flags,
                         libxl_progress_fn progress, void *arg,
                         uint32_t *domid)
{
    struct restorer R = { .ctx = ctx, .path = path };
    struct save_reader *r;
    struct save_record rec;
    struct stat st;
    char err[512];
    uint64_t total = 0;
    FILE *f;
    int rc, got;

    *domid = ~0u;
    if (!libxl__xs(ctx))
        return libxl__fail(ctx, -errno, "cannot connect to xenstored");
    if (!(f = fopen(path, "rb")))
        return libxl__fail_plain(ctx, -errno, "%s: %s", path, strerror(errno));
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
        total = (uint64_t)st.st_size;
    if (!(r = save_reader_open(f, path, err, sizeof(err)))) {
        fclose(f);
        return libxl__fail_plain(ctx, -EINVAL, "%s", err);
    }
    if (progress)
        progress(arg, 0, total);
    rc = 0;
    while ((got = save_read_record(r, &rec)) == 1) {
        R.rec = &rec;
        if ((rc = take(&R, &rec, overrides, n)))
            break;
        if (progress)
            progress(arg, rec.offset + SAVE_REC_HDR + rec.len, total);
    }
    if (rc == 0 && got < 0)
        rc = libxl__fail_plain(ctx, -EINVAL, "%s", save_reader_error(r));
    R.rec = NULL;
    if (rc == 0 && !R.have_info)
        rc = bad(&R, "the image holds no domain");
    if (rc == 0)
        rc = finish(&R);
    if (rc == 0 && !(flags & LIBXL_RESTORE_PAUSED) &&
        (rc = hv_domain_unpause(ctx->hv, (domid_t)R.domid)))
        rc = libxl__fail(ctx, rc, "unpausing domain %u", R.domid);
    if (rc == 0 && progress)
        progress(arg, total, total);
    if (rc)
        undo(&R);
    else
        *domid = R.domid;
    save_reader_close(r);
    fclose(f);
    dispose(&R);
    return rc;
}

/*
 * savefmt.c - writer and reader of the Xenolith save image (savefmt.h).
 *
 * CRC-32 is zlib's (the polynomial of gzip and Ethernet).  The writer keeps
 * a running CRC of every byte it writes, for the END record; the reader
 * does the same and checks each record's own CRC as it goes, so corruption
 * is reported at the record where it is, not only at the end.
 */
#include "savefmt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static const uint8_t zero_pad[8];

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static uint32_t crc_update(uint32_t crc, const void *p, uint64_t len)
{
    const uint8_t *b = p;

    /* zlib takes uInt lengths: feed large bodies in pieces. */
    while (len) {
        uInt n = len > (1U << 30) ? (1U << 30) : (uInt)len;

        crc = (uint32_t)crc32(crc, b, n);
        b += n;
        len -= n;
    }
    return crc;
}

static uint64_t pad8(uint64_t len) { return (8 - (len & 7)) & 7; }

const char *save_rec_name(uint32_t type)
{
    switch (type) {
    case SAVE_REC_DOMAIN_CONFIG: return "DOMAIN_CONFIG";
    case SAVE_REC_DOMAIN_INFO: return "DOMAIN_INFO";
    case SAVE_REC_PAGE_DATA: return "PAGE_DATA";
    case SAVE_REC_VCPU_CONTEXT: return "VCPU_CONTEXT";
    case SAVE_REC_RESUME_INFO: return "RESUME_INFO";
    case SAVE_REC_P2M_FRAMES: return "P2M_FRAMES";
    case SAVE_REC_END: return "END";
    case SAVE_REC_P2M_LIST: return "P2M_LIST";
    case SAVE_REC_VCPU_XSAVE: return "VCPU_XSAVE";
    }
    return "unknown";
}

/* ---- progress ---- */

struct progress_state {
    struct timespec start;
    uint64_t last_decile;
    bool started, tty;
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) +
           (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

void save_progress_default(void *arg, uint64_t done, uint64_t total)
{
    static struct progress_state st;
    const char *what = arg ? arg : "progress";
    double secs, mbs;
    uint64_t pct;

    if (!st.started || done == 0) {
        clock_gettime(CLOCK_MONOTONIC, &st.start);
        st.started = true;
        st.last_decile = 0;
        st.tty = isatty(STDERR_FILENO);
    }
    secs = seconds_since(&st.start);
    mbs = secs > 0 ? (double)done / 1e6 / secs : 0;
    pct = total ? (done >= total ? 100 : done * 100 / total) : 0;
    if (st.tty) {
        fprintf(stderr, "\r%s: %3u%% %8.1f MB %7.1f MB/s", what,
                (unsigned)pct, (double)done / 1e6, mbs);
        if (total && done >= total)
            fputc('\n', stderr);
    } else if (pct / 10 > st.last_decile || (total && done >= total)) {
        st.last_decile = pct / 10;
        fprintf(stderr, "%s: %u%% (%.1f MB, %.1f MB/s)\n", what,
                (unsigned)pct, (double)done / 1e6, mbs);
    }
}

/* ---- writer ---- */

struct save_writer {
    FILE *f;
    const char *name;
    uint64_t written, expected, records;
    uint32_t crc;
    save_progress_fn progress;
    void *parg;
    char err[256];
};

/* Writes LEN bytes.  KNOWN_CRC, when not NULL, is their CRC already
 * computed: the running CRC then takes it with crc32_combine instead of
 * reading the bytes a second time. */
static int w_bytes_crc(struct save_writer *w, const void *p, uint64_t len,
                       const uint32_t *known_crc)
{
    if (len && fwrite(p, 1, len, w->f) != len) {
        snprintf(w->err, sizeof(w->err), "%s: write failed at offset %llu: %s",
                 w->name, (unsigned long long)w->written, strerror(errno));
        return -1;
    }
    if (known_crc)
        w->crc = (uint32_t)crc32_combine(w->crc, *known_crc, (z_off_t)len);
    else
        w->crc = crc_update(w->crc, p, len);
    w->written += len;
    return 0;
}

static int w_bytes(struct save_writer *w, const void *p, uint64_t len)
{
    return w_bytes_crc(w, p, len, NULL);
}

struct save_writer *save_writer_open(FILE *f, const char *name,
                                     uint64_t expected_bytes,
                                     save_progress_fn progress, void *arg,
                                     char *err, size_t errlen)
{
    struct save_writer *w = calloc(1, sizeof(*w));
    uint8_t h[SAVE_HEADER_SIZE] = { 0 };

    if (!w) {
        snprintf(err, errlen, "%s: out of memory", name);
        return NULL;
    }
    w->f = f;
    w->name = name;
    w->expected = expected_bytes;
    w->progress = progress;
    w->parg = arg;
    w->crc = (uint32_t)crc32(0, Z_NULL, 0);
    memcpy(h, SAVE_MAGIC, SAVE_MAGIC_LEN);
    put32(h + 16, SAVE_VERSION);
    put32(h + 20, 4096);
    put32(h + 24, SAVE_HEADER_SIZE);
    put32(h + 28, 0);
    if (w_bytes(w, h, sizeof(h))) {
        snprintf(err, errlen, "%s", w->err);
        free(w);
        return NULL;
    }
    if (w->progress)
        w->progress(w->parg, 0, w->expected);
    return w;
}

int save_write_record(struct save_writer *w, uint32_t type, uint32_t flags,
                      const void *body, uint64_t len)
{
    uint8_t h[SAVE_REC_HDR] = { 0 };
    uint32_t body_crc;

    if (len > SAVE_MAX_BODY) {
        snprintf(w->err, sizeof(w->err), "%s: %s record of %llu bytes is too large",
                 w->name, save_rec_name(type), (unsigned long long)len);
        return -1;
    }
    put32(h, type);
    put32(h + 4, flags);
    put64(h + 8, len);
    body_crc = crc_update((uint32_t)crc32(0, Z_NULL, 0), body, len);
    put32(h + 16, body_crc);
    if (w_bytes(w, h, sizeof(h)) || w_bytes_crc(w, body, len, &body_crc) ||
        w_bytes(w, zero_pad, pad8(len)))
        return -1;
    if (type != SAVE_REC_END)
        w->records++;
    if (w->progress)
        w->progress(w->parg, w->written, w->expected);
    return 0;
}

int save_writer_finish(struct save_writer *w, char *err, size_t errlen)
{
    uint8_t body[16];
    int rc;

    put64(body, w->records);
    put32(body + 8, w->crc);
    put32(body + 12, 0);
    rc = save_write_record(w, SAVE_REC_END, 0, body, sizeof(body));
    if (!rc && fflush(w->f)) {
        snprintf(w->err, sizeof(w->err), "%s: flush failed: %s", w->name,
                 strerror(errno));
        rc = -1;
    }
    if (!rc && w->progress)
        w->progress(w->parg, w->written, w->written);
    if (rc)
        snprintf(err, errlen, "%s", w->err);
    free(w);
    return rc;
}

void save_writer_abort(struct save_writer *w) { free(w); }
const char *save_writer_error(const struct save_writer *w) { return w->err; }

/* ---- reader ---- */

struct save_reader {
    FILE *f;
    const char *name;
    uint64_t offset, index;
    uint32_t crc;
    uint8_t *buf;
    uint64_t cap;
    bool done;
    char err[320];
};

static int r_fail(struct save_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int r_fail(struct save_reader *r, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(r->err, sizeof(r->err), "%s: ", r->name);

    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sizeof(r->err))
        vsnprintf(r->err + n, sizeof(r->err) - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* Reads exactly len bytes without touching the running CRC; 0, or 1 at
 * a clean end of file, -1 truncated. */
static int r_raw(struct save_reader *r, void *p, uint64_t len)
{
    size_t got = len ? fread(p, 1, len, r->f) : 0;

    if (got != len)
        return got == 0 && feof(r->f) ? 1 : -1;
    r->offset += len;
    return 0;
}

static int r_bytes(struct save_reader *r, void *p, uint64_t len)
{
    int rc = r_raw(r, p, len);

    if (rc == 0)
        r->crc = crc_update(r->crc, p, len);
    return rc;
}

struct save_reader *save_reader_open(FILE *f, const char *name,
                                     char *err, size_t errlen)
{
    struct save_reader *r = calloc(1, sizeof(*r));
    uint8_t h[SAVE_HEADER_SIZE];

    if (!r) {
        snprintf(err, errlen, "%s: out of memory", name);
        return NULL;
    }
    r->f = f;
    r->name = name;
    r->crc = (uint32_t)crc32(0, Z_NULL, 0);
    if (r_bytes(r, h, sizeof(h)))
        r_fail(r, "offset 0: file too short for a save image header");
    else if (memcmp(h, SAVE_MAGIC, SAVE_MAGIC_LEN))
        r_fail(r, "offset 0: not a Xenolith save image (bad magic)");
    else if (get32(h + 16) != SAVE_VERSION)
        r_fail(r, "offset 16: unsupported save image version %u (this reader knows %u)",
               get32(h + 16), SAVE_VERSION);
    else if (get32(h + 20) != 4096)
        r_fail(r, "offset 20: page size %u, this machine uses 4096", get32(h + 20));
    else if (get32(h + 24) != SAVE_HEADER_SIZE)
        r_fail(r, "offset 24: header size %u, expected %u", get32(h + 24),
               SAVE_HEADER_SIZE);
    else if (get32(h + 28) != 0)
        r_fail(r, "offset 28: unknown header flags %#x", get32(h + 28));
    else
        return r;
    snprintf(err, errlen, "%s", r->err);
    free(r);
    return NULL;
}

static int r_grow(struct save_reader *r, uint64_t len)
{
    uint8_t *nb;

    if (len <= r->cap)
        return 0;
    nb = realloc(r->buf, len);
    if (!nb)
        return -1;
    r->buf = nb;
    r->cap = len;
    return 0;
}

/* Checks the END record against what was read before it. */
static int check_end(struct save_reader *r, const struct save_record *rec,
                     uint32_t crc_before)
{
    if (rec->len != 16)
        return r_fail(r, "offset %llu: END record has length %llu, expected 16",
                      (unsigned long long)rec->offset, (unsigned long long)rec->len);
    if (get64(rec->body) != rec->index)
        return r_fail(r, "offset %llu: END says %llu records, the image has %llu",
                      (unsigned long long)rec->offset,
                      (unsigned long long)get64(rec->body),
                      (unsigned long long)rec->index);
    if (get32(rec->body + 8) != crc_before)
        return r_fail(r, "offset %llu: image checksum mismatch (the data before END is corrupt)",
                      (unsigned long long)rec->offset);
    return 0;
}

static int read_one(struct save_reader *r, struct save_record *rec)
{
    uint8_t h[SAVE_REC_HDR], pad[8];
    uint32_t crc_before = r->crc, body_crc;
    uint64_t p;
    int rc;

    rec->offset = r->offset;
    rec->index = r->index;
    rc = r_bytes(r, h, sizeof(h));
    if (rc)
        return r_fail(r, "offset %llu: truncated before record %llu%s",
                      (unsigned long long)rec->offset,
                      (unsigned long long)rec->index,
                      rc == 1 ? " (no END record: the save did not finish)" : "");
    rec->type = get32(h);
    rec->flags = get32(h + 4);
    rec->len = get64(h + 8);
    /* Version 1 defines one flag and a zero word: anything else is damage. */
    if ((rec->flags & ~SAVE_RECF_OPTIONAL) || get32(h + 20))
        return r_fail(r, "offset %llu: record %llu (%s) has a corrupt header",
                      (unsigned long long)rec->offset, (unsigned long long)rec->index,
                      save_rec_name(rec->type));
    if (rec->len > SAVE_MAX_BODY)
        return r_fail(r, "offset %llu: record %llu (%s) claims %llu bytes, more than the %lu allowed",
                      (unsigned long long)rec->offset, (unsigned long long)rec->index,
                      save_rec_name(rec->type), (unsigned long long)rec->len,
                      SAVE_MAX_BODY);
    if (r_grow(r, rec->len ? rec->len : 1))
        return r_fail(r, "out of memory");
    p = pad8(rec->len);
    if (r_raw(r, r->buf, rec->len))
        return r_fail(r, "offset %llu: record %llu (%s) truncated: %llu bytes expected",
                      (unsigned long long)rec->offset, (unsigned long long)rec->index,
                      save_rec_name(rec->type), (unsigned long long)(rec->len + p));
    body_crc = crc_update((uint32_t)crc32(0, Z_NULL, 0), r->buf, rec->len);
    r->crc = (uint32_t)crc32_combine(r->crc, body_crc, (z_off_t)rec->len);
    if (r_bytes(r, pad, p))
        return r_fail(r, "offset %llu: record %llu (%s) truncated: %llu bytes expected",
                      (unsigned long long)rec->offset, (unsigned long long)rec->index,
                      save_rec_name(rec->type), (unsigned long long)(rec->len + p));
    rec->body = r->buf;
    if (body_crc != get32(h + 16))
        return r_fail(r, "offset %llu: record %llu (%s): checksum mismatch",
                      (unsigned long long)rec->offset, (unsigned long long)rec->index,
                      save_rec_name(rec->type));
    if (rec->type == SAVE_REC_END) {
        if (check_end(r, rec, crc_before))
            return -1;
        r->done = true;
        return 0;
    }
    if ((rec->type == 0 || rec->type > SAVE_REC_MAX_KNOWN) &&
        !(rec->flags & SAVE_RECF_OPTIONAL))
        return r_fail(r, "offset %llu: record %llu has unknown mandatory type %u (written by a newer version?)",
                      (unsigned long long)rec->offset, (unsigned long long)rec->index,
                      rec->type);
    r->index++;
    return 1;
}

int save_read_record(struct save_reader *r, struct save_record *rec)
{
    int rc;

    if (r->done)
        return 0;
    do {
        rc = read_one(r, rec);
    } while (rc == 1 && rec->type > SAVE_REC_MAX_KNOWN);   /* optional: skip */
    return rc;
}

const char *save_reader_error(const struct save_reader *r) { return r->err; }

void save_reader_close(struct save_reader *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r);
}

int save_page_data_check(const uint8_t *body, uint64_t len,
                         uint64_t p2m_size, uint32_t *count)
{
    uint64_t n, need, pages = 0;

    if (len < 8)
        return -1;
    n = get32(body);
    if (n == 0 || n > SAVE_MAX_BATCH_PAGES || get32(body + 4) != 0)
        return -1;
    need = 8 + n * 8;
    if (len < need)
        return -1;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t e = get64(body + 8 + i * 8), t = SAVE_PAGE_TYPE(e);

        if (SAVE_PAGE_PFN(e) >= p2m_size ||
            (e & ~(SAVE_PFN_MASK | SAVE_PAGE_PINNED | (15ULL << 60))))
            return -1;
        /* Only a page table can be pinned. */
        if ((e & SAVE_PAGE_PINNED) && (t < SAVE_PAGE_L1 || t > SAVE_PAGE_L4))
            return -1;
        if (!SAVE_PAGE_HAS_DATA(t) && t != SAVE_PAGE_ZERO && t != SAVE_PAGE_ABSENT)
            return -1;
        if (SAVE_PAGE_HAS_DATA(t))
            pages++;
    }
    if (len != need + pages * 4096)
        return -1;
    *count = (uint32_t)n;
    return 0;
}

/*
 * savefmt.h - the Xenolith save image: the file `xl save` writes and
 * `xl restore` reads.
 *
 * Layout (all integers little-endian):
 *
 *   header   32 bytes: magic "XENOLITH-SAVE\0\0\0", u32 version,
 *            u32 page size, u32 header size, u32 flags (0)
 *   records  each: u32 type, u32 flags, u64 body length, u32 CRC-32 of
 *            the body, u32 zero; then the body, padded with zeroes to a
 *            multiple of 8 bytes
 *   END      the last record: u64 record count (END excluded) and the
 *            CRC-32 of every byte before the END record
 *
 * Records are self-describing: a reader skips a record type it does not
 * know if the record carries SAVE_RECF_OPTIONAL, and refuses the image
 * (naming the type and the offset) otherwise, so a later writer can add
 * information older readers may ignore.  Every length is bounded before
 * anything is allocated, so a corrupt or hostile file cannot make a
 * reader allocate without limit.
 */
#ifndef XENOLITH_SAVEFMT_H
#define XENOLITH_SAVEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SAVE_MAGIC       "XENOLITH-SAVE\0\0\0"
#define SAVE_MAGIC_LEN   16
#define SAVE_VERSION     1
#define SAVE_HEADER_SIZE 32
#define SAVE_REC_HDR     24

/* Record types. */
enum save_rec_type {
    SAVE_REC_DOMAIN_CONFIG = 1,  /* the domain's config (text) */
    SAVE_REC_DOMAIN_INFO   = 2,  /* struct save_domain_info */
    SAVE_REC_PAGE_DATA     = 3,  /* u32 count, u32 0, count u64 pfn|type, pages */
    SAVE_REC_VCPU_CONTEXT  = 4,  /* u32 vcpu id, u32 0, the context blob */
    SAVE_REC_RESUME_INFO   = 5,  /* struct save_resume_info */
    SAVE_REC_P2M_FRAMES    = 6,  /* the populated pfns, u64 each (may repeat) */
    SAVE_REC_END           = 7,
    SAVE_REC_P2M_LIST      = 8,  /* pfns of the guest's p2m pages, u64 each */
    SAVE_REC_VCPU_XSAVE    = 9,  /* u32 vcpu id, u32 0, u64 xfeature mask,
                                    the XSAVE area as Xen reports it */
    SAVE_REC_MAX_KNOWN     = 9,
};

#define SAVE_RECF_OPTIONAL (1U << 0)

/* Upper bounds a reader enforces before allocating. */
#define SAVE_MAX_BODY        (64UL << 20)   /* any one record */
#define SAVE_MAX_BATCH_PAGES 4096           /* pages in one PAGE_DATA */

/* PAGE_DATA entries: pfn in bits 0-51, type in bits 60-63, bit 59 set
 * on a page table the guest had pinned (it is pinned again on restore). */
#define SAVE_PFN_MASK     ((1ULL << 52) - 1)
#define SAVE_PAGE_NORMAL  0ULL              /* data follows */
#define SAVE_PAGE_L1      1ULL              /* page table, entries hold pfns */
#define SAVE_PAGE_L2      2ULL
#define SAVE_PAGE_L3      3ULL
#define SAVE_PAGE_L4      4ULL
#define SAVE_PAGE_ZERO    8ULL              /* all zeroes: no data */
#define SAVE_PAGE_ABSENT  9ULL              /* not populated: no data */
#define SAVE_PAGE_PINNED  (1ULL << 59)      /* page table pinned by the guest */
#define SAVE_PAGE_TYPE(e) ((e) >> 60)
#define SAVE_PAGE_PFN(e)  ((e) & SAVE_PFN_MASK)
#define SAVE_PAGE_HAS_DATA(t) ((t) <= SAVE_PAGE_L4)

struct save_domain_info {
    uint32_t max_vcpus;
    uint32_t guest_width;       /* bytes: 8 for x86-64 PV */
    uint64_t max_pages;
    uint64_t tot_pages;
    uint64_t p2m_size;          /* pfns 0 .. p2m_size - 1 */
};

struct save_resume_info {
    uint64_t start_info_pfn;
    uint64_t store_pfn;
    uint64_t console_pfn;
    uint32_t store_evtchn;
    uint32_t console_evtchn;
    uint64_t shared_info_pfn;   /* ~0 when shared_info is Xen's frame */
};

/* ---- writing ---- */

struct save_writer;

/*
 * Progress of a long save/restore: called with bytes done and expected
 * (0 if unknown).  save_progress_default prints percent and MB/s on a
 * terminal (one updating line) and a plain line every 10% otherwise.
 */
typedef void (*save_progress_fn)(void *arg, uint64_t done, uint64_t total);
void save_progress_default(void *arg, uint64_t done, uint64_t total);

/* NULL with *err set (a message naming the file) on failure. */
struct save_writer *save_writer_open(FILE *f, const char *name,
                                     uint64_t expected_bytes,
                                     save_progress_fn progress, void *arg,
                                     char *err, size_t errlen);
int save_write_record(struct save_writer *w, uint32_t type, uint32_t flags,
                      const void *body, uint64_t len);
/* Writes END and flushes; frees w.  0 or -1 with the message in err. */
int save_writer_finish(struct save_writer *w, char *err, size_t errlen);
/* Gives up (on a failed save): frees w without writing END. */
void save_writer_abort(struct save_writer *w);
const char *save_writer_error(const struct save_writer *w);

/* ---- reading ---- */

struct save_reader;

struct save_record {
    uint32_t type;
    uint32_t flags;
    uint64_t offset;            /* of the record header in the file */
    uint64_t index;             /* 0 for the first record */
    uint64_t len;
    const uint8_t *body;        /* valid until the next save_read_record */
};

struct save_reader *save_reader_open(FILE *f, const char *name,
                                     char *err, size_t errlen);
/*
 * The next record: 1 with *rec filled, 0 after a valid END (the whole
 * image checked), -1 with a message naming the file, the offset and the
 * record on any corruption, truncation or unknown mandatory record.
 */
int save_read_record(struct save_reader *r, struct save_record *rec);
const char *save_reader_error(const struct save_reader *r);
void save_reader_close(struct save_reader *r);

const char *save_rec_name(uint32_t type);

/*
 * Checks a PAGE_DATA body: *count entries, each pfn below p2m_size, and
 * the body exactly as long as the entries with data need.  0 or -1.
 */
int save_page_data_check(const uint8_t *body, uint64_t len,
                         uint64_t p2m_size, uint32_t *count);

#endif

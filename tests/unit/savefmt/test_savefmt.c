/*
 * test_savefmt.c - the save image format (tools/savefmt): round trips,
 * and every kind of damage a file can suffer (truncation anywhere, a bit
 * flipped anywhere, a foreign file, a newer writer's records, absurd
 * lengths) gives an error that names the offset and the record.
 */
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "../../../tools/savefmt/savefmt.h"

static char err[512];

/* Builds a small image in memory: config, info, two page batches, a vCPU. */
static size_t make_image(char **buf)
{
    size_t len = 0;
    FILE *f = open_memstream(buf, &len);
    struct save_writer *w = save_writer_open(f, "mem", 0, NULL, NULL, err, sizeof(err));
    struct save_domain_info di = { 1, 8, 256, 3, 256 };
    uint8_t pd[8 + 3 * 8 + 2 * 4096];
    uint64_t e[3] = { 5 | (SAVE_PAGE_NORMAL << 60), 6 | (SAVE_PAGE_ZERO << 60),
                      7 | (SAVE_PAGE_L1 << 60) };
    uint8_t vc[100];

    memset(pd, 0, sizeof(pd));
    pd[0] = 3;
    memcpy(pd + 8, e, sizeof(e));
    memset(pd + 32, 0xab, 4096);
    memset(pd + 32 + 4096, 0xcd, 4096);
    memset(vc, 0x11, sizeof(vc));
    if (!w ||
        save_write_record(w, SAVE_REC_DOMAIN_CONFIG, 0, "name=\"g\"\n", 9) ||
        save_write_record(w, SAVE_REC_DOMAIN_INFO, 0, &di, sizeof(di)) ||
        save_write_record(w, SAVE_REC_PAGE_DATA, 0, pd, sizeof(pd)) ||
        save_write_record(w, SAVE_REC_VCPU_CONTEXT, 0, vc, sizeof(vc)) ||
        save_writer_finish(w, err, sizeof(err)))
        abort();
    fclose(f);
    return len;
}

/* Reads an image; returns records read, or -1 with err set. */
static int read_image(const char *buf, size_t len, uint32_t *types)
{
    FILE *f = fmemopen((void *)buf, len, "rb");
    struct save_reader *r = save_reader_open(f, "img", err, sizeof(err));
    struct save_record rec;
    int n = 0, rc = -1;

    if (r) {
        while ((rc = save_read_record(r, &rec)) == 1)
            if (types)
                types[n++] = rec.type;
            else
                n++;
        if (rc < 0)
            snprintf(err, sizeof(err), "%s", save_reader_error(r));
        save_reader_close(r);
    }
    fclose(f);
    return rc < 0 ? -1 : n;
}

TEST(round_trip)
{
    char *buf;
    size_t len = make_image(&buf);
    uint32_t t[8];

    CHECK_EQ(len % 8, 0);
    CHECK_EQ(read_image(buf, len, t), 4);
    CHECK_EQ(t[0], SAVE_REC_DOMAIN_CONFIG);
    CHECK_EQ(t[2], SAVE_REC_PAGE_DATA);
    CHECK_EQ(t[3], SAVE_REC_VCPU_CONTEXT);
    free(buf);
}

TEST(every_truncation_is_reported_with_an_offset)
{
    char *buf;
    size_t len = make_image(&buf);
    int bad = 0;

    for (size_t cut = 0; cut < len; cut += (cut < 64 ? 1 : 37)) {
        if (read_image(buf, cut, NULL) != -1 || !strstr(err, "img: ") ||
            (cut >= 32 && !strstr(err, "offset")))
            bad++;
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(read_image(buf, len - 8, NULL), -1);
    CHECK(strstr(err, "END") != NULL);       /* the last record is END */
    free(buf);
}

TEST(every_bit_flip_is_caught)
{
    char *buf;
    size_t len = make_image(&buf);
    int missed = 0;

    for (size_t i = 0; i < len; i++) {
        buf[i] ^= 0x10;
        if (read_image(buf, len, NULL) != -1)
            missed++;
        buf[i] ^= 0x10;
    }
    CHECK_EQ(missed, 0);
    CHECK_EQ(read_image(buf, len, NULL), 4);  /* undamaged again */
    free(buf);
}

TEST(damage_names_the_record)
{
    char *buf;
    size_t len = make_image(&buf);

    buf[32 + 24 + 16 + 24 + 40 + 24 + 100] ^= 1;     /* inside PAGE_DATA */
    CHECK_EQ(read_image(buf, len, NULL), -1);
    CHECK(strstr(err, "record 2 (PAGE_DATA): checksum mismatch") != NULL);
    free(buf);
}

TEST(foreign_files_are_refused)
{
    char elf[64] = "\x7f" "ELF";
    char *buf;
    size_t len = make_image(&buf);

    CHECK_EQ(read_image(elf, sizeof(elf), NULL), -1);
    CHECK(strstr(err, "not a Xenolith save image") != NULL);
    CHECK_EQ(read_image("", 0, NULL), -1);
    CHECK(strstr(err, "too short") != NULL);
    buf[16] = 9;                                      /* version 9 */
    CHECK_EQ(read_image(buf, len, NULL), -1);
    CHECK(strstr(err, "version 9") != NULL);
    buf[16] = 1;
    buf[21] = 0x20;                                   /* 8 KiB pages */
    CHECK_EQ(read_image(buf, len, NULL), -1);
    CHECK(strstr(err, "page size") != NULL);
    free(buf);
}

static size_t image_with_extra(char **buf, uint32_t type, uint32_t flags, uint64_t fake_len)
{
    size_t len = 0;
    FILE *f = open_memstream(buf, &len);
    struct save_writer *w = save_writer_open(f, "mem", 0, NULL, NULL, err, sizeof(err));

    save_write_record(w, SAVE_REC_DOMAIN_CONFIG, 0, "x", 1);
    save_write_record(w, type, flags, "future", 6);
    save_write_record(w, SAVE_REC_DOMAIN_CONFIG, 0, "y", 1);
    save_writer_finish(w, err, sizeof(err));
    fclose(f);
    if (fake_len) {
        /* Rewrite the second record's length field. */
        for (int i = 0; i < 8; i++)
            (*buf)[32 + 24 + 8 + 8 + i] = (char)(fake_len >> (8 * i));
    }
    return len;
}

TEST(newer_records_optional_or_refused)
{
    char *buf;
    size_t len = image_with_extra(&buf, 99, SAVE_RECF_OPTIONAL, 0);

    CHECK_EQ(read_image(buf, len, NULL), 2);          /* skipped */
    free(buf);
    len = image_with_extra(&buf, 99, 0, 0);
    CHECK_EQ(read_image(buf, len, NULL), -1);
    CHECK(strstr(err, "unknown mandatory type 99") != NULL);
    CHECK(strstr(err, "offset 64") != NULL);
    free(buf);
}

TEST(absurd_lengths_refused_before_allocation)
{
    char *buf;
    size_t len = image_with_extra(&buf, SAVE_REC_DOMAIN_CONFIG, 0, 1ULL << 62);

    CHECK_EQ(read_image(buf, len, NULL), -1);
    CHECK(strstr(err, "more than the") != NULL);
    free(buf);
}

TEST(page_data_bodies_checked)
{
    uint8_t b[8 + 2 * 8 + 4096];
    uint64_t e[2] = { 3 | (SAVE_PAGE_L4 << 60), 4 | (SAVE_PAGE_ABSENT << 60) };
    uint32_t n;

    memset(b, 0, sizeof(b));
    b[0] = 2;
    memcpy(b + 8, e, sizeof(e));
    CHECK_EQ(save_page_data_check(b, sizeof(b), 16, &n), 0);
    CHECK_EQ(n, 2);
    CHECK_EQ(save_page_data_check(b, sizeof(b), 4, &n), -1);       /* pfn 4 >= 4 */
    CHECK_EQ(save_page_data_check(b, sizeof(b) - 1, 16, &n), -1);  /* short */
    b[0] = 0;
    CHECK_EQ(save_page_data_check(b, sizeof(b), 16, &n), -1);      /* empty */
    b[0] = 2;
    e[1] = 4 | (12ULL << 60);                                       /* bad type */
    memcpy(b + 8, e, sizeof(e));
    CHECK_EQ(save_page_data_check(b, sizeof(b), 16, &n), -1);
    b[0] = 0xff; b[1] = 0xff;                                       /* 65535 */
    CHECK_EQ(save_page_data_check(b, sizeof(b), 16, &n), -1);
}

TEST(pinned_flag_only_on_page_tables)
{
    uint8_t b[8 + 8 + 4096];
    uint64_t e = 3 | (SAVE_PAGE_L4 << 60) | SAVE_PAGE_PINNED;
    uint32_t n;

    memset(b, 0, sizeof(b));
    b[0] = 1;
    memcpy(b + 8, &e, sizeof(e));
    CHECK_EQ(save_page_data_check(b, sizeof(b), 16, &n), 0);
    e = 3 | (SAVE_PAGE_NORMAL << 60) | SAVE_PAGE_PINNED;       /* not a table */
    memcpy(b + 8, &e, sizeof(e));
    CHECK_EQ(save_page_data_check(b, sizeof(b), 16, &n), -1);
    e = 3 | (SAVE_PAGE_L1 << 60) | (1ULL << 55);               /* unknown bit */
    memcpy(b + 8, &e, sizeof(e));
    CHECK_EQ(save_page_data_check(b, sizeof(b), 16, &n), -1);
}

TEST(p2m_list_and_xsave_records_are_known)
{
    char *buf;
    size_t len = image_with_extra(&buf, SAVE_REC_P2M_LIST, 0, 0);
    uint32_t types[8];

    CHECK_EQ(read_image(buf, len, types), 3);
    CHECK_EQ(types[1], SAVE_REC_P2M_LIST);        /* not skipped */
    CHECK_STR(save_rec_name(SAVE_REC_P2M_LIST), "P2M_LIST");
    CHECK_STR(save_rec_name(SAVE_REC_VCPU_XSAVE), "VCPU_XSAVE");
    free(buf);
}

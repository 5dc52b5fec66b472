/*
 * saveinfo.c - xenolith-saveinfo FILE: checks a save image from end to
 * end and lists its records.  Exit status 0 when the image is whole and
 * consistent, 1 with the reader's message (file, offset, record) when not.
 */
#include <stdio.h>
#include <string.h>

#include "savefmt.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: xenolith-saveinfo [-q] FILE\n"
               "Checks a Xenolith save image (as written by `xl save`) and lists\n"
               "its records.  -q: only check, print nothing on success.\n");
}

int main(int argc, char **argv)
{
    struct save_reader *r;
    struct save_record rec;
    bool quiet = false;
    const char *path = NULL;
    char err[512];
    FILE *f;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "-q")) {
            quiet = true;
        } else if (!path) {
            path = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!path) {
        usage(stderr);
        return 2;
    }
    if (!(f = fopen(path, "rb"))) {
        perror(path);
        return 1;
    }
    if (!(r = save_reader_open(f, path, err, sizeof(err)))) {
        fprintf(stderr, "%s\n", err);
        fclose(f);
        return 1;
    }
    while ((rc = save_read_record(r, &rec)) == 1)
        if (!quiet)
            printf("%8llu  offset %-12llu %-14s %llu bytes\n",
                   (unsigned long long)rec.index, (unsigned long long)rec.offset,
                   save_rec_name(rec.type), (unsigned long long)rec.len);
    if (rc < 0)
        fprintf(stderr, "%s\n", save_reader_error(r));
    else if (!quiet)
        printf("%s: a whole save image\n", path);
    save_reader_close(r);
    fclose(f);
    return rc < 0 ? 1 : 0;
}

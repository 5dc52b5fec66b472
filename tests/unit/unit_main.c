/* unit_main.c - runs every TEST() registered in this binary; see unit.h. */
#include "unit.h"

#include <stdarg.h>
#include <stdlib.h>

static struct unit_test *head, **tail = &head;
static int current_failed;

void unit_register(struct unit_test *t)
{
    /* Constructors run in definition order within a file; keep that order. */
    t->next = NULL;
    *tail = t;
    tail = &t->next;
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    current_failed = 1;
    fprintf(stdout, "  %s:%d: check failed: ", file, line);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    const char *only = argc > 1 ? argv[1] : NULL;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (struct unit_test *t = head; t; t = t->next) {
        if (only && strcmp(only, t->name) != 0)
            continue;
        current_failed = 0;
        t->fn();
        printf("%s %s\n", current_failed ? "FAIL" : "PASS", t->name);
        if (current_failed)
            failed++;
        else
            passed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

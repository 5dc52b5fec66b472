/*
 * unit.h - Xenolith's minimal host unit-test framework.
 *
 * A test binary is one or more .c files that define tests with TEST(name)
 * and link tests/unit/unit_main.c.  Each test runs in order of definition;
 * CHECK* macros record a failure (with file and line) and keep going, so one
 * run shows every broken expectation.  The binary prints one line per test
 * ("PASS name" / "FAIL name") and ends with "N passed, N failed"; its exit
 * status is non-zero when any test failed.  tests/unit/run.sh runs every
 * binary and prints the suite total in the same form.
 */
#ifndef XENOLITH_UNIT_H
#define XENOLITH_UNIT_H

#include <stdio.h>
#include <string.h>

struct unit_test {
    const char *name;
    void (*fn)(void);
    struct unit_test *next;
};

void unit_register(struct unit_test *t);
/* Records a failed expectation in the running test. */
void unit_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define TEST(name)                                                        \
    static void unit_fn_##name(void);                                     \
    static struct unit_test unit_t_##name = { #name, unit_fn_##name, 0 }; \
    __attribute__((constructor)) static void unit_reg_##name(void)        \
    { unit_register(&unit_t_##name); }                                    \
    static void unit_fn_##name(void)

#define CHECK(cond)                                                       \
    do { if (!(cond)) unit_fail(__FILE__, __LINE__, "%s", #cond); } while (0)

#define CHECK_EQ(a, b)                                                    \
    do {                                                                  \
        long long unit_a_ = (long long)(a), unit_b_ = (long long)(b);     \
        if (unit_a_ != unit_b_)                                           \
            unit_fail(__FILE__, __LINE__, "%s == %s (%lld != %lld)",      \
                      #a, #b, unit_a_, unit_b_);                          \
    } while (0)

#define CHECK_STR(a, b)                                                   \
    do {                                                                  \
        const char *unit_a_ = (a), *unit_b_ = (b);                        \
        if (!unit_a_ || !unit_b_ || strcmp(unit_a_, unit_b_) != 0)        \
            unit_fail(__FILE__, __LINE__, "%s == %s (\"%s\" != \"%s\")",  \
                      #a, #b, unit_a_ ? unit_a_ : "(null)",               \
                      unit_b_ ? unit_b_ : "(null)");                      \
    } while (0)

#endif

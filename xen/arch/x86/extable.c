/*
 * extable.c - find the fixup for a faulting instruction (asm/extable.h).
 * The table is small (one entry per guest-access instruction): a linear
 * scan is enough and needs no boot-time sort.
 */
#include <asm/extable.h>

extern const struct exception_table_entry __start___ex_table[],
                                          __stop___ex_table[];

unsigned long search_exception_table(unsigned long rip)
{
    const struct exception_table_entry *e;

    for (e = __start___ex_table; e < __stop___ex_table; e++)
        if (e->addr == rip)
            return e->fixup;
    return 0;
}

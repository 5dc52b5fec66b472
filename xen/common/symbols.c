/*
 * symbols.c - look up text addresses in the table gensyms.py generated
 * (xen/tools/gensyms.py; offsets from _stext, sorted ascending).
 */
#include <xen/lib.h>
#include <xen/symbols.h>

extern const uint64_t symbols_num;
extern const uint32_t symbols_offsets[];
extern const uint32_t symbols_name_offsets[];
extern const char symbols_names[];
extern const char _stext[], _etext[];

const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size)
{
    unsigned long lo = 0, hi = symbols_num, rel;

    if (addr < (unsigned long)_stext || addr >= (unsigned long)_etext ||
        !symbols_num)
        return NULL;
    rel = addr - (unsigned long)_stext;
    /* Last entry with offset <= rel. */
    while (hi - lo > 1) {
        unsigned long mid = (lo + hi) / 2;

        if (symbols_offsets[mid] <= rel)
            lo = mid;
        else
            hi = mid;
    }
    if (symbols_offsets[lo] > rel)
        return NULL;
    if (offset)
        *offset = rel - symbols_offsets[lo];
    if (size)
        *size = (lo + 1 < symbols_num ? symbols_offsets[lo + 1] :
                 (unsigned long)(_etext - _stext)) - symbols_offsets[lo];
    return &symbols_names[symbols_name_offsets[lo]];
}

unsigned long symbols_lookup_by_name(const char *name)
{
    unsigned long i;

    for (i = 0; i < symbols_num; i++)
        if (!strcmp(&symbols_names[symbols_name_offsets[i]], name))
            return (unsigned long)_stext + symbols_offsets[i];
    return 0;
}

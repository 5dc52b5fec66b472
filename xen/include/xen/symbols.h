/* symbols.h - address to name, from the table generated at link time. */
#ifndef XEN_SYMBOLS_H
#define XEN_SYMBOLS_H

#include <xen/types.h>

/* Name of the function containing addr, and the offset into it; NULL when
 * addr is outside the hypervisor's text. */
const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size);
/* Symbol value by exact name, 0 when absent (tests, debugging). */
unsigned long symbols_lookup_by_name(const char *name);

#endif

/*
 * types.h - fixed-width types for hypervisor code.
 *
 * The hypervisor is freestanding (-ffreestanding -nostdinc); GCC still ships
 * <stdint.h>, <stddef.h>, <stdbool.h> and <stdarg.h> as freestanding headers,
 * so we use them rather than redefining the types.  The same code compiles
 * for the host in unit tests with the host's versions of those headers.
 */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint16_t domid_t;
typedef uint64_t paddr_t;   /* machine physical address */
typedef uint64_t mfn_t;     /* machine frame number */
typedef uint64_t gfn_t;     /* guest (pseudo-physical) frame number */
typedef uint64_t s_time_t_u;
typedef int64_t s_time_t;   /* system time in ns since boot */

#endif

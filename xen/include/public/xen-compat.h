/* SPDX-License-Identifier: MIT */
/*
 * xen-compat.h - interface version selection for Xenolith's public headers.
 *
 * Xenolith speaks exactly one revision of the guest ABI: the one published
 * with Xen 4.17 (interface version 0x00040e00).  Unlike upstream we do not
 * carry the historical layouts selected by older __XEN_INTERFACE_VERSION__
 * values; a consumer that asks for an older version still gets the modern
 * layout.  Asking for a newer one than we know is an error.
 */
#ifndef XENOLITH_PUBLIC_XEN_COMPAT_H
#define XENOLITH_PUBLIC_XEN_COMPAT_H

#define __XEN_LATEST_INTERFACE_VERSION__ 0x00040e00

#ifndef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#endif

#if __XEN_INTERFACE_VERSION__ > __XEN_LATEST_INTERFACE_VERSION__
#error "Xenolith public headers: requested interface version is too new"
#endif

#endif /* XENOLITH_PUBLIC_XEN_COMPAT_H */

/* SPDX-License-Identifier: MIT */
/*
 * errno.h - error numbers in hypercall return values (Xen 4.17 ABI).
 *
 * Hypercalls fail with the negated value.  The numbering is Linux/x86's.
 * Each value is available as a macro XEN_E<name>.  As upstream, a user may
 * also define XEN_ERRNO(name, value) before including this file to receive
 * the whole table once, e.g. to build a name lookup; the macro is
 * undefined again afterwards.
 */
#ifndef XENOLITH_PUBLIC_ERRNO_LIST_
#define XENOLITH_PUBLIC_ERRNO_LIST_
#define XENOLITH_ERRNO_TABLE(E) \
    E(EPERM, 1)          E(ENOENT, 2)        E(ESRCH, 3)         \
    E(EINTR, 4)          E(EIO, 5)           E(ENXIO, 6)         \
    E(E2BIG, 7)          E(ENOEXEC, 8)       E(EBADF, 9)         \
    E(ECHILD, 10)        E(EAGAIN, 11)       E(EWOULDBLOCK, 11)  \
    E(ENOMEM, 12)        E(EACCES, 13)       E(EFAULT, 14)       \
    E(EBUSY, 16)         E(EEXIST, 17)       E(EXDEV, 18)        \
    E(ENODEV, 19)        E(ENOTDIR, 20)      E(EISDIR, 21)       \
    E(EINVAL, 22)        E(ENFILE, 23)       E(EMFILE, 24)       \
    E(ENOSPC, 28)        E(EROFS, 30)        E(EMLINK, 31)       \
    E(EDOM, 33)          E(ERANGE, 34)       E(EDEADLK, 35)      \
    E(EDEADLOCK, 35)     E(ENAMETOOLONG, 36) E(ENOLCK, 37)       \
    E(ENOSYS, 38)        E(ENOTEMPTY, 39)    E(ENODATA, 61)      \
    E(ETIME, 62)         E(EBADMSG, 74)      E(EOVERFLOW, 75)    \
    E(EILSEQ, 84)        E(ERESTART, 85)     E(ENOTSOCK, 88)     \
    E(EMSGSIZE, 90)      E(EOPNOTSUPP, 95)   E(EADDRINUSE, 98)   \
    E(EADDRNOTAVAIL, 99) E(ENOBUFS, 105)     E(EISCONN, 106)     \
    E(ENOTCONN, 107)     E(ETIMEDOUT, 110)   E(ECONNREFUSED, 111)
/* EINTR and ERESTART are only ever used inside the hypervisor. */

#define XEN_EPERM          1
#define XEN_ENOENT         2
#define XEN_ESRCH          3
#define XEN_EINTR          4
#define XEN_EIO            5
#define XEN_ENXIO          6
#define XEN_E2BIG          7
#define XEN_ENOEXEC        8
#define XEN_EBADF          9
#define XEN_ECHILD        10
#define XEN_EAGAIN        11
#define XEN_EWOULDBLOCK   11
#define XEN_ENOMEM        12
#define XEN_EACCES        13
#define XEN_EFAULT        14
#define XEN_EBUSY         16
#define XEN_EEXIST        17
#define XEN_EXDEV         18
#define XEN_ENODEV        19
#define XEN_ENOTDIR       20
#define XEN_EISDIR        21
#define XEN_EINVAL        22
#define XEN_ENFILE        23
#define XEN_EMFILE        24
#define XEN_ENOSPC        28
#define XEN_EROFS         30
#define XEN_EMLINK        31
#define XEN_EDOM          33
#define XEN_ERANGE        34
#define XEN_EDEADLK       35
#define XEN_EDEADLOCK     35
#define XEN_ENAMETOOLONG  36
#define XEN_ENOLCK        37
#define XEN_ENOSYS        38
#define XEN_ENOTEMPTY     39
#define XEN_ENODATA       61
#define XEN_ETIME         62
#define XEN_EBADMSG       74
#define XEN_EOVERFLOW     75
#define XEN_EILSEQ        84
#define XEN_ERESTART      85
#define XEN_ENOTSOCK      88
#define XEN_EMSGSIZE      90
#define XEN_EOPNOTSUPP    95
#define XEN_EADDRINUSE    98
#define XEN_EADDRNOTAVAIL 99
#define XEN_ENOBUFS      105
#define XEN_EISCONN      106
#define XEN_ENOTCONN     107
#define XEN_ETIMEDOUT    110
#define XEN_ECONNREFUSED 111
#endif /* XENOLITH_PUBLIC_ERRNO_LIST_ */

/* Table mode: deliberately outside the guard so it works every time. */
#ifdef XEN_ERRNO
XENOLITH_ERRNO_TABLE(XEN_ERRNO)
#undef XEN_ERRNO
#endif

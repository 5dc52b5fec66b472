/* SPDX-License-Identifier: MIT */
/*
 * pty.h - the pseudo-terminal a console is served through.
 *
 * The daemon holds both ends: the master for its own I/O (non-blocking),
 * and the slave, opened once and kept, so that a client closing the
 * slave is not a hang-up for the master (on Linux, reading a master with
 * no slave open gives EIO).  Clients come and go on the slave's path.
 */
#ifndef XENOLITH_CONSOLED_PTY_H
#define XENOLITH_CONSOLED_PTY_H

#include <stddef.h>

struct cons_pty {
    int master;                 /* -1 when closed */
    int slave;
    char path[64];              /* /dev/pts/N */
};

/* Opens a raw-mode pty pair.  0 or -errno (P left closed). */
int cons_pty_open(struct cons_pty *p);
void cons_pty_close(struct cons_pty *p);

/*
 * Reads what a client typed (at most LEN); returns the count, 0 when
 * nothing is waiting, or -errno when the pty is broken.
 */
long cons_pty_read(struct cons_pty *p, char *buf, size_t len);
/* Writes guest output; returns bytes taken (0 when the pty is full) or
 * -errno when broken. */
long cons_pty_write(struct cons_pty *p, const char *buf, size_t len);

#endif

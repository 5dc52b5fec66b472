/*
 * conn_socket.h - Unix-socket transport for dom0 processes.
 *
 * Two listening sockets: <rundir>/socket (read-write) and
 * <rundir>/socket_ro (read-only: requests that change the store get
 * EROFS).  Socket clients act as dom0, with dom0's privileges.
 */
#ifndef XENSTORED_CONN_SOCKET_H
#define XENSTORED_CONN_SOCKET_H

#include <poll.h>
#include <stdbool.h>

struct conn;

/* Creates and listens; returns 0 or -1 (logged). */
int socket_listen(const char *path, const char *ro_path);
void socket_close_listeners(void);
/* Fills pollfds for listeners and connections; returns the count. */
int socket_fill_poll(struct pollfd *pfd, int max, struct conn **owner);
/* Handles what poll reported for one entry. */
void socket_handle(struct pollfd *pfd, struct conn *owner);
/* Number of fds socket_fill_poll may want. */
int socket_poll_count(void);

#endif

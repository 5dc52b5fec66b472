/*
 * conn_socket.h - Unix-socket transport for dom0 processes.
 *
 * Two listening sockets: <rundir>/socket (read-write) and
 * <rundir>/socket_ro (read-only: requests that change the store get
 * EROFS).  Socket clients act as dom0, with dom0's privileges.
 *
 * One epoll set holds the listeners and every connection: a turn of the
 * loop costs one epoll_wait however many clients are connected, and each
 * ready client one read (of everything it sent) and one writev (of every
 * reply and event queued for it).
 */
#ifndef XENSTORED_CONN_SOCKET_H
#define XENSTORED_CONN_SOCKET_H

#include <stdbool.h>

struct conn;

/* Creates the event set and the listeners; returns 0 or -1 (logged). */
int socket_listen(const char *path, const char *ro_path);
void socket_close_listeners(void);
/* Also waits for fd (the event-channel device) in socket_wait: when it
 * is readable, socket_wait returns 1. */
int socket_watch_fd(int fd);
/* Waits up to timeout_ms (-1: no limit) and serves the sockets that are
 * ready: accepts, reads and processes whole requests, writes replies.
 * Returns 1 if the fd given to socket_watch_fd is readable, 0 if not, -1
 * if waiting failed. */
int socket_wait(int timeout_ms);
/* Writes what requests on other transports queued for socket clients
 * (watch events); part of every turn of the event loop. */
void socket_flush_all(void);

#endif

/*
 * conn_socket.h - Unix-socket transport for dom0 processes.
 *
 * Two listening sockets: <rundir>/socket (read-write) and
 * <rundir>/socket_ro (read-only: requests that change the store get
 * EROFS).  Socket clients act as dom0, with dom0's privileges.
 */
#ifndef XENSTORED_CONN_SOCKET_H
#define XENSTORED_CONN_SOCKET_H

#include <stdbool.h>
#include <stdint.h>

struct conn;

/*
 * The event loop is one epoll set (level-triggered).  Each entry's data
 * points to a tag saying what it is: a listener, a socket connection, or
 * the event-channel device.  A connection's interest follows its state:
 * EPOLLIN while it may read, EPOLLOUT while output waits.
 */
enum ev_kind { EV_LISTEN, EV_LISTEN_RO, EV_SOCKET, EV_EVTCHN };
struct ev_tag {
    enum ev_kind kind;
};

/* Creates the epoll set; 0 or -1 (logged). */
int events_init(void);
int events_fd(void);
/* Adds a non-socket fd (the event channel device) with its tag. */
int events_add(int fd, struct ev_tag *tag);

/* Creates and listens; returns 0 or -1 (logged). */
int socket_listen(const char *path, const char *ro_path);
void socket_close_listeners(void);
/* Handles what epoll reported for a listener or socket tag. */
void socket_handle(struct ev_tag *tag, uint32_t events);

#endif

/*
 * xs_lib.c - path helpers and permission strings shared by libxenstore's
 * users; see xenstore_lib.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "xenstore.h"

const char *xs_daemon_rundir(void)
{
    const char *s = getenv("XENSTORED_RUNDIR");
    return s && *s ? s : "/var/run/xenstored";
}

static const char *rundir_file(char *buf, size_t cap, const char *leaf)
{
    snprintf(buf, cap, "%s/%s", xs_daemon_rundir(), leaf);
    return buf;
}

const char *xs_daemon_socket(void)
{
    static char buf[4096];
    const char *s = getenv("XENSTORED_PATH");
    return s && *s ? s : rundir_file(buf, sizeof(buf), "socket");
}

const char *xs_daemon_socket_ro(void)
{
    static char buf[4096];
    return rundir_file(buf, sizeof(buf), "socket_ro");
}

bool xs_write_all(int fd, const void *data, unsigned int len)
{
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (w == 0) {
            errno = EIO;
            return false;
        }
        p += w;
        len -= (unsigned int)w;
    }
    return true;
}

bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings)
{
    const char *s = strings;
    for (unsigned int i = 0; i < num; i++, s += strlen(s) + 1) {
        switch (s[0]) {
        case 'n': perms[i].perms = XS_PERM_NONE; break;
        case 'r': perms[i].perms = XS_PERM_READ; break;
        case 'w': perms[i].perms = XS_PERM_WRITE; break;
        case 'b': perms[i].perms = XS_PERM_READ | XS_PERM_WRITE; break;
        default: errno = EINVAL; return false;
        }
        char *end;
        unsigned long id = strtoul(s + 1, &end, 10);
        if (end == s + 1 || *end || id > 65535) {
            errno = EINVAL;
            return false;
        }
        perms[i].id = (unsigned int)id;
    }
    return true;
}

bool xs_path_is_subpath(const char *parent, const char *child)
{
    size_t pl = strlen(parent);
    if (pl && parent[pl - 1] == '/')
        pl--;
    if (strncmp(child, parent, pl) != 0)
        return false;
    return child[pl] == '\0' || child[pl] == '/';
}

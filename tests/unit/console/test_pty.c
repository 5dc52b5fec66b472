/* SPDX-License-Identifier: MIT */
/*
 * The daemon's pty handling (tools/xenconsoled/pty.c) on the host's
 * devpts: raw bytes both ways, clients coming and going, a full pty.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "unit.h"
#include "pty.h"

static long read_wait(int fd, char *buf, size_t len)
{
    struct pollfd pf = { .fd = fd, .events = POLLIN };

    if (poll(&pf, 1, 2000) <= 0)
        return -1;
    return read(fd, buf, len);
}

static long pty_read_wait(struct cons_pty *p, char *buf, size_t len)
{
    for (int i = 0; i < 200; i++) {
        long n = cons_pty_read(p, buf, len);
        if (n != 0)
            return n;
        usleep(10000);
    }
    return 0;
}

TEST(pty_open_raw_both_ways)
{
    struct cons_pty p;
    struct termios t;
    struct stat st;
    char buf[64];
    int c;

    CHECK_EQ(cons_pty_open(&p), 0);
    CHECK(!strncmp(p.path, "/dev/pts/", 9));
    CHECK_EQ(stat(p.path, &st), 0);
    CHECK(S_ISCHR(st.st_mode));
    CHECK_EQ(tcgetattr(p.slave, &t), 0);
    CHECK_EQ(t.c_lflag & (ECHO | ICANON | ISIG), 0);
    CHECK_EQ(t.c_oflag & OPOST, 0);

    c = open(p.path, O_RDWR | O_NOCTTY);
    CHECK(c >= 0);
    /* Guest output arrives untranslated (no \n -> \r\n, NUL passes). */
    CHECK_EQ(cons_pty_write(&p, "a\nb\0c\r", 6), 6);
    CHECK_EQ(read_wait(c, buf, sizeof(buf)), 6);
    CHECK(!memcmp(buf, "a\nb\0c\r", 6));
    /* What the client types comes out of the master without echo. */
    CHECK_EQ(write(c, "ls\r\x03\x1a", 5), 5);
    CHECK_EQ(pty_read_wait(&p, buf, sizeof(buf)), 5);
    CHECK(!memcmp(buf, "ls\r\x03\x1a", 5));
    close(c);
    cons_pty_close(&p);
    CHECK_EQ(p.master, -1);
}

TEST(pty_survives_client_leaving)
{
    struct cons_pty p;
    char buf[16];
    int c;

    CHECK_EQ(cons_pty_open(&p), 0);
    c = open(p.path, O_RDWR | O_NOCTTY);
    CHECK(c >= 0);
    close(c);
    /* No client: reading is "nothing yet", never an error. */
    CHECK_EQ(cons_pty_read(&p, buf, sizeof(buf)), 0);
    CHECK_EQ(cons_pty_write(&p, "x", 1), 1);
    /* A new client on the same path works. */
    c = open(p.path, O_RDWR | O_NOCTTY);
    CHECK(c >= 0);
    CHECK_EQ(write(c, "y", 1), 1);
    CHECK_EQ(pty_read_wait(&p, buf, sizeof(buf)), 1);
    CHECK_EQ(buf[0], 'y');
    close(c);
    cons_pty_close(&p);
}

TEST(pty_full_is_not_an_error)
{
    struct cons_pty p;
    static char chunk[4096];
    long total = 0, n;

    memset(chunk, 'f', sizeof(chunk));
    CHECK_EQ(cons_pty_open(&p), 0);
    /* Nobody reads: the pty fills and then takes nothing, without
     * blocking and without failing. */
    for (int i = 0; i < 1000; i++) {
        n = cons_pty_write(&p, chunk, sizeof(chunk));
        CHECK(n >= 0);
        if (n <= 0)
            break;
        total += n;
    }
    CHECK(total > 0);
    CHECK(total < 1000L * 4096);
    CHECK_EQ(cons_pty_write(&p, chunk, sizeof(chunk)), 0);
    cons_pty_close(&p);
}

TEST(pty_closed_gone)
{
    struct cons_pty p;
    char path[64];
    struct stat st;
    char b;

    CHECK_EQ(cons_pty_open(&p), 0);
    strcpy(path, p.path);
    cons_pty_close(&p);
    CHECK(stat(path, &st) < 0);
    CHECK_EQ(cons_pty_read(&p, &b, 1), -EBADF);
    CHECK_EQ(cons_pty_write(&p, &b, 1), -EBADF);
}

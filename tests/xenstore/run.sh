#!/bin/bash
# tests/xenstore/run.sh - xenstored and libxenstore, end to end on the host.
#
# Builds our daemon, library and clients, starts `xenstored -D` with its
# sockets in a temporary XENSTORED_RUNDIR, and drives it with Debian's
# xenstore-utils (libxenstore4) when installed, with our own clients, with
# Debian's clients linked against our libxenstore.so.4, and with a raw
# protocol client (xsraw) for malformed input, quotas and a guest domain on
# a shared-memory ring.  Then tests/xenstore/dom0.sh runs the hypervisor
# scenarios (XS_DOM0=0 skips them).  Ends with "xenstore: N passed, N
# failed".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OURS=$ROOT/tools/xenstore
DAEMON=$ROOT/tools/xenstored/xenstored
pass=0; fail=0

make -s -C "$ROOT/tools/xenstore" >/dev/null || { echo "xenstore: 0 passed, 1 failed"; exit 1; }
make -s -C "$ROOT/tools/xenstored" >/dev/null || { echo "xenstore: 0 passed, 1 failed"; exit 1; }

TMP=$(mktemp -d /tmp/xenstore-test.XXXXXX)
mkdir -p "$TMP/rings"
gcc -std=c11 -D_GNU_SOURCE -O1 -Wall -Wextra -Werror \
    -iquote "$ROOT/xen/include/public" -o "$TMP/xsraw" "$ROOT/tests/xenstore/xsraw.c" ||
    { echo "xenstore: 0 passed, 1 failed"; exit 1; }

export XENSTORED_RUNDIR=$TMP
unset XENSTORED_PATH
"$DAEMON" -D -N -E 20 -S 100 -W 4 -t 2 --test-ring-dir "$TMP/rings" \
    --log-file "$TMP/daemon.log" &
DPID=$!
cleanup() { kill "$DPID" 2>/dev/null; wait "$DPID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
for _ in $(seq 50); do [ -S "$TMP/socket" ] && break; sleep 0.1; done

ok()  { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "not ok $1${2:+: $2}"; }
# expect NAME EXPECTED CMD...: CMD's stdout equals EXPECTED and it succeeds.
expect() {
    local name=$1 want=$2; shift 2
    local got; got=$("$@" 2>&1); local rc=$?
    if [ $rc -eq 0 ] && [ "$got" = "$want" ]; then ok "$name"
    else bad "$name" "rc=$rc got '$got' want '$want'"; fi
}
# fails NAME CMD...: CMD exits non-zero.
fails() {
    local name=$1; shift
    if "$@" >/dev/null 2>&1; then bad "$name" "succeeded"; else ok "$name"; fi
}
daemon_alive() {
    if kill -0 "$DPID" 2>/dev/null; then ok "daemon alive ($1)"; else bad "daemon alive ($1)"; fi
}

# suite PREFIX LABEL: the client-level checks, with clients named PREFIX-cmd.
suite() {
    local c=$1 l=$2 top=/t$RANDOM
    expect "$l write+read" "hello" bash -c "$c-write $top/a hello && $c-read $top/a"
    expect "$l write several" "x
y" bash -c "$c-write $top/b/c x $top/b/d y && $c-read $top/b/c $top/b/d"
    expect "$l read -p" "$top/a: hello" $c-read -p $top/a
    expect "$l list" "c
d" $c-list $top/b
    expect "$l ls" "a = \"hello\"
b = \"\"
 c = \"x\"
 d = \"y\"" $c-ls $top
    expect "$l exists yes" "" $c-exists $top/a
    fails  "$l exists no" $c-exists $top/nope
    fails  "$l read missing" $c-read $top/nope
    expect "$l chmod" "" $c-chmod $top/a r5 b6
    expect "$l ls -p shows perms" "yes" bash -c "$c-ls -p $top | grep -q 'r5,b6' && echo yes"
    expect "$l rm" "" $c-rm $top/b
    fails  "$l rm removed subtree" $c-read $top/b/c
    expect "$l rm missing child ok" "" $c-rm $top/nope
    fails  "$l rm missing parent" $c-rm $top/nope/deeper
    expect "$l escapes" 'a\001b' bash -c "$c-write $top/e 'a\\x01b' && $c-read $top/e"
    # A watch prints the initial event, then each change below it.
    (sleep 0.5; $c-write $top/w/x 1; sleep 0.2; $c-rm $top/w) &
    local writer=$!
    expect "$l watch" "$top/w
$top/w/x
$top/w" timeout 5 $c-watch -n 3 $top/w
    wait "$writer"
    fails "$l bad path" $c-write "$top//x" v
    $c-rm $top
}

if command -v xenstore-read >/dev/null && [ -x /usr/bin/xenstore-read ]; then
    suite /usr/bin/xenstore "debian"
else
    bad "Debian xenstore-utils installed" "apt-get install -y xenstore-utils"
fi
suite "$OURS/xenstore" "ours"
# Debian's client binaries running on our library.
if [ -x /usr/bin/xenstore-read ]; then
    expect "debian clients on our libxenstore" "v" bash -c \
        "LD_LIBRARY_PATH=$OURS /usr/bin/xenstore-write /lib/k v && LD_LIBRARY_PATH=$OURS /usr/bin/xenstore-read /lib/k"
    expect "our library is the one loaded" "yes" bash -c \
        "LD_LIBRARY_PATH=$OURS ldd /usr/bin/xenstore-read | grep -q '$OURS/libxenstore.so.4' && echo yes"
fi
# The `xenstore CMD` form and --help.
expect "xenstore read form" "v" "$OURS/xenstore" read /lib/k
expect "--help" "yes" bash -c "$OURS/xenstore-read --help | grep -q Usage && echo yes"
# XENSTORED_PATH is honoured by clients (ours and Debian's).
expect "XENSTORED_PATH" "v" env XENSTORED_RUNDIR=/nonexistent XENSTORED_PATH=$TMP/socket "$OURS/xenstore-read" /lib/k
# The read-only socket refuses writes but serves reads.
expect "read-only socket reads" "v" bash -c \
    "XENSTORED_PATH=$TMP/socket_ro $OURS/xenstore-read /lib/k"
fails "read-only socket refuses writes" env XENSTORED_PATH=$TMP/socket_ro "$OURS/xenstore-write" /lib/k w

# Transactions, conflicts and atomicity through libxenstore.
cat > "$TMP/txtest.c" <<'CEOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>
static int fails;
static void check(int c, const char *what) { printf("%s %s\n", c ? "ok" : "not ok", what); fails += !c; }
int main(void) {
    struct xs_handle *a = xs_open(0), *b = xs_open(0);
    if (!a || !b) { perror("xs_open"); return 2; }
    xs_write(a, XBT_NULL, "/tx/v", "0", 1);
    xs_transaction_t t = xs_transaction_start(a);
    check(t != XBT_NULL, "transaction start");
    check(xs_write(a, t, "/tx/v", "1", 1), "write in transaction");
    char *v = xs_read(b, XBT_NULL, "/tx/v", NULL);
    check(v && !strcmp(v, "0"), "isolated until commit"); free(v);
    v = xs_read(a, t, "/tx/v", NULL);
    check(v && !strcmp(v, "1"), "transaction sees its own write"); free(v);
    check(xs_transaction_end(a, t, false), "commit");
    v = xs_read(b, XBT_NULL, "/tx/v", NULL);
    check(v && !strcmp(v, "1"), "visible after commit"); free(v);
    /* Conflict: a reads, b writes, a commits -> EAGAIN, nothing applied. */
    t = xs_transaction_start(a);
    v = xs_read(a, t, "/tx/v", NULL); free(v);
    xs_write(a, t, "/tx/w", "from-a", 6);
    xs_write(b, XBT_NULL, "/tx/v", "2", 1);
    check(!xs_transaction_end(a, t, false) && errno == EAGAIN, "conflict -> EAGAIN");
    v = xs_read(b, XBT_NULL, "/tx/w", NULL);
    check(!v && errno == ENOENT, "failed commit applied nothing"); free(v);
    /* Abort. */
    t = xs_transaction_start(a);
    xs_write(a, t, "/tx/abort", "x", 1);
    check(xs_transaction_end(a, t, true), "abort");
    check(!xs_read(b, XBT_NULL, "/tx/abort", NULL), "aborted write gone");
    /* Watch events interleaved with replies, and xs_fileno. */
    check(xs_watch(a, "/tx", "tok"), "watch");
    unsigned int n;
    char **ev = xs_read_watch(a, &n);
    check(ev && n == 2 && !strcmp(ev[XS_WATCH_PATH], "/tx") && !strcmp(ev[XS_WATCH_TOKEN], "tok"), "initial event"); free(ev);
    xs_write(b, XBT_NULL, "/tx/v", "3", 1);
    v = xs_read(a, XBT_NULL, "/tx/v", NULL);    /* event arrives before this reply */
    check(v && !strcmp(v, "3"), "reply with event pending"); free(v);
    int fd = xs_fileno(a);
    fd_set s; FD_ZERO(&s); FD_SET(fd, &s); struct timeval tv = { 2, 0 };
    check(select(fd + 1, &s, NULL, NULL, &tv) == 1, "xs_fileno readable for queued event");
    ev = xs_check_watch(a);
    check(ev && !strcmp(ev[XS_WATCH_PATH], "/tx/v"), "queued event delivered"); free(ev);
    ev = xs_check_watch(a);
    check(!ev && errno == EAGAIN, "no more events");
    xs_write(b, XBT_NULL, "/tx/z", "4", 1);
    FD_ZERO(&s); FD_SET(fd, &s); tv.tv_sec = 2;
    check(select(fd + 1, &s, NULL, NULL, &tv) == 1, "xs_fileno readable for new event");
    ev = xs_read_watch(a, &n);
    check(ev && !strcmp(ev[XS_WATCH_PATH], "/tx/z"), "new event"); free(ev);
    check(xs_unwatch(a, "/tx", "tok"), "unwatch");
    /* Directory, perms, domain path, big directories. */
    char **d = xs_directory(b, XBT_NULL, "/tx", &n);
    check(d && n == 2, "directory"); free(d);
    struct xs_permissions p[2] = { { 0, XS_PERM_NONE }, { 3, XS_PERM_READ } };
    check(xs_set_permissions(b, XBT_NULL, "/tx/v", p, 2), "set perms");
    struct xs_permissions *q = xs_get_permissions(b, XBT_NULL, "/tx/v", &n);
    check(q && n == 2 && q[1].id == 3 && q[1].perms == XS_PERM_READ, "get perms"); free(q);
    char *dp = xs_get_domain_path(b, 7);
    check(dp && !strcmp(dp, "/local/domain/7"), "get domain path"); free(dp);
    check(xs_is_domain_introduced(b, 0), "dom0 introduced");
    check(!xs_is_domain_introduced(b, 9), "dom9 not introduced");
    for (int i = 0; i < 300; i++) {
        char k[64]; snprintf(k, sizeof k, "/big/a-rather-long-child-name-%03d", i);
        xs_write(b, XBT_NULL, k, "", 0);
    }
    d = xs_directory(b, XBT_NULL, "/big", &n);
    check(d && n == 300 && !strcmp(d[299], "a-rather-long-child-name-299"), "directory longer than a payload (DIRECTORY_PART)"); free(d);
    check(!xs_read(b, XBT_NULL, "/nonexistent", NULL) && errno == ENOENT, "ENOENT errno");
    xs_rm(b, XBT_NULL, "/big");
    xs_close(a); xs_close(b);
    return fails != 0;
}
CEOF
if gcc -std=c11 -D_GNU_SOURCE -Wall -Werror -I"$OURS/include" -I"$OURS/.inc" -o "$TMP/txtest" "$TMP/txtest.c" "$OURS/libxenstore.a" -lpthread; then
    while read -r line; do
        case $line in ok*) pass=$((pass + 1));; *) fail=$((fail + 1));; esac
        echo "$line"
    done < <("$TMP/txtest" 2>&1)
else
    bad "libxenstore program builds"
fi

# Hostile input and a guest domain on a ring.
while read -r line; do
    case $line in ok*) pass=$((pass + 1));; *) fail=$((fail + 1));; esac
    echo "$line"
done < <("$TMP/xsraw" hostile "$TMP/socket" 2>&1; "$TMP/xsraw" guest "$TMP/socket" "$TMP/rings" 5 2>&1)
daemon_alive "end"
expect "committed data intact" "precious" "$OURS/xenstore-read" /hostile/keep

# The same pieces on a hypervisor (tests/xenstore/dom0.sh: Debian's Xen
# 4.17 under QEMU; our daemon as dom0's store, and our clients against
# Debian's daemons).  XS_DOM0=0 skips it.
if [ "${XS_DOM0:-1}" != 0 ]; then
    kill "$DPID" 2>/dev/null
    "$ROOT/tests/xenstore/dom0.sh" > "$TMP/dom0.out" 2>&1
    cat "$TMP/dom0.out"
    counts=$(grep -a -o '^xenstore-dom0: [0-9]* passed, [0-9]* failed' "$TMP/dom0.out" | tail -n 1)
    if [ -n "$counts" ]; then
        set -- $counts
        pass=$((pass + $2)); fail=$((fail + $4))
    else
        bad "dom0 scenarios ran" "no summary line (see above)"
    fi
fi

echo "xenstore: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

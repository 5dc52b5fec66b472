#!/bin/busybox sh
# Scenario xenstore-theirs: our clients and our libxenstore against
# Debian's daemons on the hypervisor: first the C xenstored, then (killed
# and replaced in the same boot) oxenstored.  Neither daemon works without
# a hypervisor, which is why this runs here and not on the host.
#
# Libraries: our `xenstore` client links libxenstore.a statically; the
# Debian clients in /usr/bin load Debian's libxenstore.so.4 unless
# LD_LIBRARY_PATH=/opt/xenolith/lib, which makes them load ours (checked
# with the loader's own trace).  xen-init-dom0 keeps Debian's library.
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev
xl_mount_xenfs
export PATH=/usr/lib/xen-4.17/bin:$PATH
mkdir -p /run/xen /run/xenstored /var/lib/xen /var/lib/xenstored /var/log/xen/console /var/lock
O=/opt/xenolith
OL="env LD_LIBRARY_PATH=$O/lib"
B="$OL $O/bin/xenstore_bench"
R=xl_result
yesno() { if "$@" >/dev/null 2>&1; then echo yes; else echo no; fi; }
wait_until() {
    local n=$(($1 * 4)); shift
    while [ $n -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; n=$((n - 1)); done
    return 1
}

$R our_lib_loaded "$(LD_TRACE_LOADED_OBJECTS=1 $OL /usr/bin/xenstore-read 2>&1 | grep -q "$O/lib/libxenstore.so.4" && echo yes || echo no)"
$R debian_lib_default "$(LD_TRACE_LOADED_OBJECTS=1 /usr/bin/xenstore-read 2>&1 | grep -q "/usr/lib/x86_64-linux-gnu/libxenstore.so.4" && echo yes || echo no)"

# checks P: one round of client checks against the running daemon; P
# prefixes the result keys.
checks() {
    local p=$1 X=$O/bin t=/t-$1
    # Our clients over the socket.
    $X/xenstore-write $t/a hello $t/b/c x $t/b/d y
    $R ${p}_ours_read "$($X/xenstore-read $t/a 2>&1)"
    $R ${p}_ours_list "$($X/xenstore-list $t/b 2>&1 | tr '\n' ,)"
    # The owner must exist for Xen's C xenstored (ENOENT otherwise): dom0.
    $X/xenstore-chmod $t/a r0
    $R ${p}_ours_perms "$($B perms $t/a 2>&1)"
    $R ${p}_ours_ls "$($X/xenstore-ls $t/b 2>&1 | tr -d ' "' | tr '\n' ,)"
    $X/xenstore-rm $t/b
    $R ${p}_ours_rm "$(yesno $X/xenstore-exists $t/b/c)"
    $R ${p}_ours_missing "$($X/xenstore-read $t/nope >/dev/null 2>&1; echo $?)"
    # Our clients through /dev/xen/xenbus (dom0 kernel -> ring -> daemon).
    XENSTORED_RUNDIR=/nonexistent $X/xenstore-write $t/xb via-ring
    $R ${p}_ours_xenbus "$(XENSTORED_RUNDIR=/nonexistent $X/xenstore-read $t/xb 2>&1)"
    # A watch through our client: initial event, then one change.
    (sleep 1; $X/xenstore-write $t/w/x 1) &
    $R ${p}_ours_watch "$(timeout 10 $X/xenstore-watch -n 2 $t/w 2>&1 | tr '\n' ,)"
    wait
    # Debian's clients on our libxenstore.
    $OL /usr/bin/xenstore-write $t/deb on-our-lib
    $R ${p}_deb_on_ours "$($OL /usr/bin/xenstore-read $t/deb 2>&1)"
    $R ${p}_deb_on_ours_xenbus "$(XENSTORED_RUNDIR=/nonexistent $OL /usr/bin/xenstore-read $t/deb 2>&1)"
    $R ${p}_deb_on_ours_ls "$($OL /usr/bin/xenstore-ls $t 2>&1 | grep -c =)"
    # The C API: transactions, dom0 introduced, special nodes' lists.
    $R ${p}_api_dom0 "$($B introduced 0 2>&1)"
    $R ${p}_api_special "$($B perms @releaseDomain 2>&1)"
    $R ${p}_api_special_deblib "$($O/bin/xenstore_bench perms @releaseDomain 2>&1)"
    $R ${p}_api_special_other "$($B perms @fooDomain 2>&1)"
    $B setperms @introduceDomain n0 r3 >/dev/null 2>&1
    $R ${p}_api_special_set "$($B perms @introduceDomain 2>&1)"
    XSBENCH_OPS=40 XSBENCH_CLIENTS=1,3 XSBENCH_NODES=500 $B run $p 0 $pid >/tmp/smoke 2>&1
    cat /tmp/smoke
    $R ${p}_api_bench_smoke "$(grep -c '"failures":0' /tmp/smoke)"
}

xl_start_xen417_daemons c
pid=$(cat /run/xen/xenstored.pid)
$R c_started "$(yesno kill -0 "$pid")"
checks c
$R c_alive "$(yesno kill -0 "$pid")"
kill -9 "$pid"; kill -9 "$(cat /run/xen/xenconsoled.pid)" 2>/dev/null
sleep 0.5
rm -rf /run/xenstored/* /var/lib/xenstored/*

oxenstored --pid-file /run/xen/xenstored.pid
wait_until 10 test -S /run/xenstored/socket
xen-init-dom0 >/dev/null 2>&1
pid=$(cat /run/xen/xenstored.pid)
$R o_started "$(yesno kill -0 "$pid")"
checks o
$R o_alive "$(yesno kill -0 "$pid")"
xl_poweroff

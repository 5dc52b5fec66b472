#!/bin/busybox sh
# dom0 /init for bench/xenstore.sh: the three daemons one after the other
# in the same boot (ours, Debian's C xenstored, oxenstored; the order turns
# every rep), each as dom0's store on Xen 4.17, each measured by the same
# client (bench/xenstore_bench.c on our libxenstore.so.4) over the socket.
# Kernel arguments: xsbench_reps=N (default 3), xsbench_ops=N,
# xsbench_daemons=a,b,... (replaces the three; "ours_X" names the build
# /opt/xenolith/sbin/xenstored-X of bench/xenstore.sh's XSB_VARIANTS),
# xsbench_clients=1,10,100.
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev
xl_mount_xenfs
export PATH=/usr/lib/xen-4.17/bin:$PATH
mkdir -p /run/xen /run/xenstored /var/lib/xen /var/lib/xenstored /var/log/xen/console /var/lock
O=/opt/xenolith
reps=3
export XSBENCH_OPS=1000
for a in $(cat /proc/cmdline); do
    case $a in
    xsbench_reps=*) reps=${a#*=} ;;
    xsbench_ops=*) export XSBENCH_OPS=${a#*=} ;;
    xsbench_daemons=*) daemons=$(echo "${a#*=}" | tr , ' ') ;;
    xsbench_clients=*) export XSBENCH_CLIENTS=${a#*=} ;;
    esac
done

start() {
    case $1 in
    ours) $O/sbin/xenstored --pid-file /run/xen/xenstored.pid ;;
    ours_*) $O/sbin/xenstored-${1#ours_} --pid-file /run/xen/xenstored.pid ;;
    c_xenstored) xenstored --pid-file /run/xen/xenstored.pid ;;
    oxenstored) oxenstored --pid-file /run/xen/xenstored.pid ;;
    esac
    i=0
    while [ ! -S /run/xenstored/socket ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    xen-init-dom0 >/dev/null 2>&1
}
stop() {
    kill -9 "$1"
    sleep 0.5
    rm -rf /run/xenstored/* /var/lib/xenstored/*
}

r=1
while [ $r -le "$reps" ]; do
    # The order turns every rep (rep 1 as listed, rep 2 from the second,
    # ...), so that no daemon always runs first or last.
    order=""; i=0; set -- ${daemons:-ours c_xenstored oxenstored}
    while [ $i -lt $# ]; do
        k=$(( (i + r - 1) % $# + 1 )); eval "order=\"\$order \${$k}\""; i=$((i + 1))
    done
    for d in $order; do
        start $d
        pid=$(cat /run/xen/xenstored.pid)
        LD_LIBRARY_PATH=$O/lib $O/bin/xenstore_bench run $d $r "$pid"
        # Files the daemon keeps in /var/lib/xenstored live in RAM (tmpfs).
        kb=$(du -sk /var/lib/xenstored | cut -f1)
        echo "XENOLITH-BENCH {\"daemon\":\"$d\",\"rep\":$r,\"op\":\"db_files\",\"kb\":$kb}"
        stop "$pid"
    done
    r=$((r + 1))
done
echo "XENOLITH-BENCH-DONE"
xl_poweroff

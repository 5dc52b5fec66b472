#!/bin/busybox sh
# dom0 /init of bench/devices.sh: the same domU (32 MiB image as xvdb, a
# vif on xenbr0) made by our xl, then by Debian's xl; dom0 reads and
# writes the image itself in between; a persistent nc sink takes the
# guest's TCP runs.  Figures are XENOLITH-BENCH lines (MB/s).
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev xen-blkback xen-netback \
           llc stp bridge loop
xl_mount_xenfs
xl_start_xen417_daemons c
CL=/var/log/xen/console
reps=$(sed -n 's/.*bench_reps=\([0-9]*\).*/\1/p' /proc/cmdline)
reps=${reps:-3}
ip link set lo up
brctl addbr xenbr0
echo 0 > /sys/class/net/xenbr0/bridge/forward_delay
ip addr add 10.99.0.1/24 dev xenbr0
ip link set dev xenbr0 up
nc -ll -p 5000 -e /bin/sh -c 'cat > /dev/null' &
D=/var/lib/xen
mkdir -p $D /etc/xen
dd if=/dev/zero of=$D/bench.img bs=1M count=32 2>/dev/null
now() { cut -d' ' -f1 /proc/uptime; }
mbs() { awk -v a="$1" -v b="$2" -v mb="$3" 'BEGIN { d = b - a; if (d <= 0) d = 0.01; printf "%.1f", mb / d }'; }
dom0_round() {
    t0=$(now); dd if=$D/bench.img of=/dev/null bs=1M 2>/dev/null; t1=$(now)
    echo "XENOLITH-BENCH $1 dom0_read $(mbs $t0 $t1 32)"
    t0=$(now); dd if=/dev/zero of=$D/bench.img bs=1M count=32 conv=notrunc,fsync 2>/dev/null; t1=$(now)
    echo "XENOLITH-BENCH $1 dom0_write $(mbs $t0 $t1 32)"
}
for who in ours debian; do
    case $who in
    ours) XL=/opt/xenolith/bin/xl ;;
    debian) XL=/usr/lib/xen-4.17/bin/xl ;;
    esac
    cat > /etc/xen/b-$who.cfg <<CFG
type = "pv"
name = "b-$who"
kernel = "/guest/vmlinux"
ramdisk = "/guest/domu.gz"
extra = "console=hvc0 bench_reps=$reps"
memory = 256
vcpus = 1
disk = ['$D/bench.img,raw,xvdb,rw']
vif = ['bridge=xenbr0,mac=00:16:3e:00:00:10']
CFG
    i=1
    while [ $i -le "$reps" ]; do dom0_round $who; i=$((i + 1)); done
    timeout 150 $XL create /etc/xen/b-$who.cfg > /tmp/create-$who.out 2>&1 ||
        sed "s/^/XL-CREATE-$who| /" /tmp/create-$who.out
    # Bounded wait (a few minutes per round); figures so far are kept.
    n=0
    while ! grep -q DOMU-BENCH-DONE $CL/guest-b-$who.log 2>/dev/null &&
          [ $n -lt $((120 + reps * 240)) ]; do
        sleep 2; n=$((n + 2))
    done
    grep -q DOMU-BENCH-DONE $CL/guest-b-$who.log 2>/dev/null ||
        echo "XENOLITH-BENCH-NOTE $who: the guest did not finish its rounds"
    grep -a -o 'DOMU-BENCH [a-z0-9_]* [0-9.]*' $CL/guest-b-$who.log 2>/dev/null |
        sed "s/^DOMU-BENCH /XENOLITH-BENCH $who /"
    $XL destroy b-$who
    sleep 2
done
xl_poweroff

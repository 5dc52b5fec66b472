#!/bin/busybox sh
# dom0 /init of bench/toolstack.sh: times our xl and Debian's xl in the same
# boot, alternating, REPS rounds each (XENOLITH-BENCH lines).
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev
xl_mount_xenfs
xl_start_xen417_daemons c
T=/opt/xenolith/bin/tshelp
CL=/var/log/xen/console
mkdir -p /etc/xen
reps=$(sed -n 's/.*bench_reps=\([0-9]*\).*/\1/p' /proc/cmdline)
reps=${reps:-3}
one() {   # WHO XL NAME
    cat > /etc/xen/$3.cfg <<CFG
type = "pv"
name = "$3"
kernel = "/guest/vmlinux"
ramdisk = "/guest/domu.gz"
extra = "console=hvc0"
memory = 256
vcpus = 1
CFG
    r=$($T time-create $CL/guest-$3.log DOMU-INIT 120 -- $2 create /etc/xen/$3.cfg)
    echo "XENOLITH-BENCH $1 create $r"
    sleep 2
    t0=$($T now); $2 destroy $3; t1=$($T now)
    echo "XENOLITH-BENCH $1 destroy $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')"
    sleep 1
}
i=1
while [ $i -le "$reps" ]; do
    one ours /opt/xenolith/bin/xl o$i
    one debian /usr/lib/xen-4.17/bin/xl d$i
    i=$((i + 1))
done
xl_poweroff

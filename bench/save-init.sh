#!/bin/busybox sh
# dom0 /init of bench/save.sh: `xl save` and `xl restore` of a PV domU
# whose memfill process holds 64 MiB of data, by our xl and by Debian's
# xl 4.17 in the same boot, alternating, REPS rounds each.  One line per
# round: XENOLITH-BENCH WHO MIB save=S restore=R size=BYTES ok=yes|no
# (ok: the restored guest's witness reports the checksum it had).
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev
xl_mount_xenfs
xl_start_xen417_daemons c
T=/opt/xenolith/bin/tshelp
CL=/var/log/xen/console
IMG=/var/lib/xen/save
mkdir -p /etc/xen $IMG
reps=$(sed -n 's/.*bench_reps=\([0-9]*\).*/\1/p' /proc/cmdline)
reps=${reps:-3}
mibs=$(sed -n 's/.*bench_mib=\([0-9,]*\).*/\1/p' /proc/cmdline | tr , ' ')
mibs=${mibs:-256}
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }
sumof() { tail -n +"$(($2 + 1))" "$CL/guest-$1.log" 2>/dev/null | grep -a "DOMU-MEMCHECK" | tail -n 1 | sed -n 's/.* sum=\([0-9a-f]*\).*/\1/p'; }
waitsum() {   # NAME FROM: wait (120 s) for a MEMCHECK line after line FROM
    w=600; while [ $w -gt 0 ] && [ -z "$(sumof "$1" "$2")" ]; do sleep 0.2; w=$((w - 1)); done
    sumof "$1" "$2"
}
one() {   # WHO XL NAME MIB
    cat > /etc/xen/$3.cfg <<CFG
type = "pv"
name = "$3"
kernel = "/guest/vmlinux"
ramdisk = "/guest/domu.gz"
extra = "console=hvc0 quiet loglevel=4"
memory = $4
vcpus = 1
CFG
    $2 create /etc/xen/$3.cfg >/dev/null 2>&1
    s0=$(waitsum "$3" 0)
    n=$(wc -l < "$CL/guest-$3.log")
    t0=$($T now); $2 save "$3" "$IMG/$3.img" >/dev/null 2>&1; t1=$($T now)
    size=$(wc -c < "$IMG/$3.img" 2>/dev/null || echo 0)
    t2=$($T now); $2 restore "$IMG/$3.img" >/dev/null 2>&1; t3=$($T now)
    s1=$(waitsum "$3" "$n")
    ok=no; [ -n "$s0" ] && [ "$s0" = "$s1" ] && ok=yes
    echo "XENOLITH-BENCH $1 $4 save=$(secs $t0 $t1) restore=$(secs $t2 $t3) size=$size ok=$ok"
    $2 destroy "$3" >/dev/null 2>&1
    rm -f "$IMG/$3.img"
    sleep 2
}
for mib in $mibs; do
    i=1
    while [ $i -le "$reps" ]; do
        one ours /opt/xenolith/bin/xl o$mib$i $mib
        one debian /usr/lib/xen-4.17/bin/xl d$mib$i $mib
        i=$((i + 1))
    done
done
xl_poweroff

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
# The sum of NAME's last MEMCHECK line after line FROM (one awk: this
# busybox's tail crashed now and then on these logs).
sumof() {
    awk -v from="$2" 'NR > from && index($0, "DOMU-MEMCHECK") { l = $0 }
        END { if (match(l, /sum=[0-9a-f]+/)) print substr(l, RSTART + 4, RLENGTH - 4) }' \
        "$CL/guest-$1.log" 2>/dev/null
}
waitsum() {   # NAME FROM: wait (300 s at most) for a MEMCHECK line after FROM
    w=$(($(date +%s) + 300))
    while [ "$(date +%s)" -lt $w ] && [ -z "$(sumof "$1" "$2")" ]; do sleep 0.5; done
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
    n=$(awk 'END { print NR }' "$CL/guest-$3.log")
    t0=$($T now); $2 save "$3" "$IMG/$3.img" >/tmp/save.out 2>&1; rs=$?; t1=$($T now)
    size=$(wc -c < "$IMG/$3.img" 2>/dev/null || echo 0)
    # The original must be gone, or its own lines would pass for the copy's.
    gone=no; $2 list "$3" >/dev/null 2>&1 || gone=yes
    t2=$($T now); $2 restore "$IMG/$3.img" >/tmp/restore.out 2>&1; rr=$?; t3=$($T now)
    s1=$(waitsum "$3" "$n")
    ok=no
    [ $rs = 0 ] && [ $rr = 0 ] && [ $gone = yes ] && [ -n "$s0" ] && [ "$s0" = "$s1" ] && ok=yes
    [ $ok = yes ] || { sed "s/^/$1-save| /" /tmp/save.out; sed "s/^/$1-restore| /" /tmp/restore.out; }
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

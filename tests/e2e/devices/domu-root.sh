#!/bin/busybox sh
# /init on the ext4 root image of the devices scenario's first domU
# (mounted from xvda by init-domu.sh).  Checks are DOMU-key=value lines on
# hvc0; dom0 drives the rest (hot-attach, detach, transfer) and waits for
# these markers in xenconsoled's log.
#   xvda  the root: ext4, writable; /written-by-domu is checked by dom0
#         in the image after shutdown
#   xvdb  read-only file image: its marker; a write must fail
#   xvdc  a dom0 block device given as is: its marker
#   xvdd  attached at runtime: appears, detaches; again, forced detach
#   eth0  10.99.0.2/24 on dom0's bridge: ping dom0, 64 MiB to dom0 by nc
/bin/busybox --install -s /bin 2>/dev/null
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
r() { echo "DOMU-$1=$2"; }
# Kernel messages on hvc0 could split a marker line: only emergencies.
dmesg -n 1
echo "DOMU-ROOT-INIT"
r root_fs "$(awk '$2 == "/" { fs = $1 ":" $3 } END { print fs }' /proc/mounts)"

echo "written by the domU on its ext4 root" > /written-by-domu && sync &&
    r root_write ok || r root_write failed

wait_for() { i=0; while [ ! -e "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done; [ -e "$1" ]; }
marker() { dd if="$1" bs=64 count=1 2>/dev/null | tr -d '\000\n'; }
for d in xvdb xvdc; do
    if wait_for /dev/$d; then
        r "${d}_marker" "$(marker /dev/$d)"
        r "${d}_ro" "$(cat /sys/block/$d/ro)"
    else
        r "${d}_marker" missing
    fi
done
if printf 'X' | dd of=/dev/xvdb bs=512 seek=8 conv=notrunc,fsync 2>/dev/null; then
    r xvdb_write accepted
else
    r xvdb_write refused
fi

if wait_for /sys/class/net/eth0; then
    ip link set lo up
    ip addr add 10.99.0.2/24 dev eth0
    ip link set eth0 up
    r eth0_mac "$(cat /sys/class/net/eth0/address)"
    ok=failed
    for try in 1 2 3 4 5 6 7 8 9 10; do
        if ping -c 2 -W 2 10.99.0.1 >/dev/null 2>&1; then ok=ok; break; fi
        sleep 1
    done
    r ping_dom0 "$ok"
else
    r ping_dom0 no-eth0
fi
echo "DOMU-NET-READY"

# Runtime attach and detach of xvdd, driven by dom0 (10 min at most each).
wait_gone() { i=0; while [ -e "$1" ] && [ $i -lt 6000 ]; do sleep 0.1; i=$((i + 1)); done; [ ! -e "$1" ]; }
wait_long() { i=0; while [ ! -e "$1" ] && [ $i -lt 6000 ]; do sleep 0.1; i=$((i + 1)); done; [ -e "$1" ]; }
if wait_long /dev/xvdd; then
    sleep 0.5
    r xvdd_marker "$(marker /dev/xvdd)"
    r xvdd_gone "$(wait_gone /dev/xvdd && echo yes || echo no)"
    r xvdd_back "$(wait_long /dev/xvdd && echo yes || echo no)"
    r xvdd_forced_gone "$(wait_gone /dev/xvdd && echo yes || echo no)"
else
    r xvdd_marker never-appeared
fi

# 64 MiB to dom0 (which listens on 10.99.0.1:5000), with its checksum:
# 1 MiB of random bytes, each copy after a numbered line (urandom for all
# of it costs minutes under TCG).
dd if=/dev/urandom of=/tmp/chunk bs=1M count=1 2>/dev/null
i=0
while [ $i -lt 70 ]; do echo "block $i"; cat /tmp/chunk; i=$((i + 1)); done |
    dd of=/tmp/blob bs=1M count=64 iflag=fullblock 2>/dev/null
rm -f /tmp/chunk
r blob_md5 "$(md5sum /tmp/blob | cut -d' ' -f1)"
sent=failed
for try in 1 2 3 4 5 6 7 8 9 10; do
    if nc 10.99.0.1 5000 < /tmp/blob; then sent=ok; break; fi
    sleep 2
done
r blob_sent "$sent"
rm -f /tmp/blob
echo "DOMU-DONE"
while true; do sleep 10; done

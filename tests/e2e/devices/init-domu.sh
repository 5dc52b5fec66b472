#!/bin/busybox sh
# The domU of the devices scenario: blkfront and netfront, then checks
# that dom0 reads back from the serial log of xenconsoled (DOMU-* lines).
#   xvda  writable file image: the marker dom0 wrote, then a write of ours
#   xvdb  read-only file image: the marker, and a write that must fail
#   xvdc  a dom0 block device given as is: its marker
#   eth0  10.99.0.2/24 on dom0's bridge: ping dom0 (10.99.0.1)
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
r() { echo "DOMU-$1=$2"; }
echo "DOMU-INIT"
insmod /lib/modules/xen-blkfront.ko || r insmod_blkfront failed
insmod /lib/modules/xen-netfront.ko || r insmod_netfront failed

wait_for() { i=0; while [ ! -e "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done; [ -e "$1" ]; }
marker() { dd if="$1" bs=64 count=1 2>/dev/null | tr -d '\000\n'; }

for d in xvda xvdb xvdc; do
    if wait_for /dev/$d; then
        r "${d}_marker" "$(marker /dev/$d)"
        r "${d}_ro" "$(cat /sys/block/$d/ro)"
    else
        r "${d}_marker" missing
    fi
done
# A write to the writable disk, checked by dom0 in the image file.
printf 'DOMU-WROTE-XVDA' | dd of=/dev/xvda bs=512 seek=8 conv=notrunc,fsync 2>/dev/null &&
    r xvda_write ok || r xvda_write failed
# A write to the read-only disk must be refused.
if printf 'X' | dd of=/dev/xvdb bs=512 seek=8 conv=notrunc,fsync 2>/dev/null; then
    r xvdb_write accepted
else
    r xvdb_write refused
fi
sync

if wait_for /sys/class/net/eth0; then
    ip link set lo up
    ip addr add 10.99.0.2/24 dev eth0
    ip link set eth0 up
    r eth0_mtu "$(cat /sys/class/net/eth0/mtu)"
    r eth0_mac "$(cat /sys/class/net/eth0/address)"
    ok=failed
    for try in 1 2 3 4 5; do
        if ping -c 2 -W 2 10.99.0.1 >/dev/null 2>&1; then ok=ok; break; fi
        sleep 1
    done
    r ping_dom0 "$ok"
else
    r ping_dom0 no-eth0
fi
echo "DOMU-DONE"
# Stay up for dom0's checks and the detach tests.
while true; do sleep 10; done

#!/bin/busybox sh
# /init of the devices scenario's domU initramfs: loads the frontends
# (xen-blkfront, xen-netfront) and ext4, then
#   devroot=xvda on the command line: mounts /dev/xvda (ext4) and hands
#       over to the /init on it (domu-root.sh): the root is the disk;
#   else (the second domU): configures eth0 as 10.99.0.3, pings the
#       first domU (10.99.0.2) and dom0, and stays up.
# Markers go to hvc0 as DOMU-key=value (dom0 reads xenconsoled's log).
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
r() { echo "DOMU-$1=$2"; }
echo "DOMU-INIT"
dmesg -n 1      # kernel messages could split a marker line
for m in crc32c_generic crc16 mbcache jbd2 ext4 xen-blkfront xen-netfront; do
    insmod /lib/modules/$m.ko || r "insmod_$m" failed
done
wait_for() { i=0; while [ ! -e "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done; [ -e "$1" ]; }

case " $(cat /proc/cmdline) " in
*" devroot=xvda "*)
    if wait_for /dev/xvda && mkdir -p /newroot && mount -t ext4 /dev/xvda /newroot; then
        umount /proc /sys
        umount /dev 2>/dev/null
        exec switch_root /newroot /init
    fi
    r root_mount failed
    ;;
esac

# The second domU: network only.
if wait_for /sys/class/net/eth0; then
    ip link set lo up
    ip addr add 10.99.0.3/24 dev eth0
    ip link set eth0 up
    r d2_mac "$(cat /sys/class/net/eth0/address)"
    for peer in 10.99.0.2 10.99.0.1; do
        ok=failed
        for try in 1 2 3 4 5 6 7 8 9 10; do
            if ping -c 2 -W 2 $peer >/dev/null 2>&1; then ok=ok; break; fi
            sleep 1
        done
        r "d2_ping_$peer" "$ok"
    done
else
    r d2_eth0 missing
fi
echo "DOMU-D2-DONE"
while true; do sleep 10; done

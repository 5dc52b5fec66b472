#!/bin/busybox sh
# /sbin/poweroff on the domU's ext4 root (the kernel runs it on
# control/shutdown = poweroff): the root goes read-only, so the image is
# clean when dom0 mounts it, then power off.
sync
/bin/busybox mount -o remount,ro / 2>/dev/null
echo "DOMU-POWEROFF" > /dev/hvc0
exec /bin/busybox poweroff -f

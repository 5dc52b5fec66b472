#!/bin/busybox sh
# The domU of the save suite: markers on hvc0 (xenconsoled logs them),
# then memfill, the process whose memory and pid must survive xl save and
# xl restore.  /sbin/poweroff is the toolstack suite's (a marker first).
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "DOMU-INIT uptime=$(cut -d' ' -f1 /proc/uptime) mem=$(awk '/MemTotal/{print $2}' /proc/meminfo)"
/bin/memfill 64 &
while true; do wait; sleep 60; done

#!/bin/busybox sh
# The domU of the toolstack scenarios: the Debian kernel's PV console is
# hvc0; this init prints markers there (xenconsoled logs them and `xl
# console` shows them), then a tick every 2 s.  /sbin/poweroff and
# /sbin/reboot (what the kernel runs on control/shutdown) print a marker
# and act at once.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "DOMU-INIT uptime=$(cut -d' ' -f1 /proc/uptime) cpus=$(grep -c ^processor /proc/cpuinfo) mem=$(awk '/MemTotal/{print $2}' /proc/meminfo)"
n=0
while true; do
    sleep 2
    n=$((n + 1))
    # What udev does on a Xen vCPU hot-add: online present vCPUs.
    for c in /sys/devices/system/cpu/cpu[0-9]*/online; do
        [ "$(cat "$c")" = 0 ] && echo 1 > "$c"
    done
    echo "DOMU-TICK $n online=$(cat /sys/devices/system/cpu/online)"
done

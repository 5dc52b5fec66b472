#!/bin/busybox sh
# The domU of the balloon scenario: the Debian kernel's balloon driver
# follows memory/target by itself; this init reports every second on hvc0
# (xenconsoled logs it) what the guest sees: MemTotal from /proc/meminfo
# and the balloon driver's own count and target (KiB).
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
B=/sys/devices/system/xen_memory/xen_memory0
mem() {
    echo "DOMU-MEM total=$(awk '/^MemTotal:/{print $2}' /proc/meminfo)" \
         "cur=$(cat $B/info/current_kb 2>/dev/null)" \
         "target=$(cat $B/target_kb 2>/dev/null)"
}
echo "DOMU-INIT"
while true; do
    mem
    sleep 1
done

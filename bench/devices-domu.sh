#!/bin/busybox sh
# The domU of bench/devices.sh: sequential O_DIRECT read and write of
# xvdb, then 32 MiB to dom0's nc sink; bench_reps rounds; DOMU-BENCH lines
# (MB/s) on hvc0.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
insmod /lib/modules/xen-blkfront.ko
insmod /lib/modules/xen-netfront.ko
reps=$(sed -n 's/.*bench_reps=\([0-9]*\).*/\1/p' /proc/cmdline)
reps=${reps:-3}
i=0; while [ ! -e /dev/xvdb ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
i=0; while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
ip link set lo up
ip addr add 10.99.0.2/24 dev eth0
ip link set eth0 up
i=0; while ! ping -c 1 -W 1 10.99.0.1 >/dev/null 2>&1 && [ $i -lt 30 ]; do i=$((i + 1)); done
now() { cut -d' ' -f1 /proc/uptime; }
mbs() { awk -v a="$1" -v b="$2" -v mb="$3" 'BEGIN { d = b - a; if (d <= 0) d = 0.01; printf "%.1f", mb / d }'; }
r=1
while [ $r -le "$reps" ]; do
    t0=$(now); dd if=/dev/xvdb of=/dev/null bs=1M count=32 iflag=direct 2>/dev/null; t1=$(now)
    echo "DOMU-BENCH xvdb_read $(mbs $t0 $t1 32)"
    t0=$(now); dd if=/dev/zero of=/dev/xvdb bs=1M count=32 oflag=direct conv=fsync 2>/dev/null; t1=$(now)
    echo "DOMU-BENCH xvdb_write $(mbs $t0 $t1 32)"
    t0=$(now)
    if dd if=/dev/zero bs=1M count=32 2>/dev/null | nc 10.99.0.1 5000; then
        t1=$(now)
        echo "DOMU-BENCH tcp_to_dom0 $(mbs $t0 $t1 32)"
    fi
    r=$((r + 1))
done
echo "DOMU-BENCH-DONE"
while true; do sleep 10; done

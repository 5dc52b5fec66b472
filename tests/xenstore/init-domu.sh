#!/bin/busybox sh
# domU of the xenstore dom0 scenarios: its kernel's xenbus talks to the
# dom0 daemon over the ring the daemon mapped through gntdev (grant ref 1).
# Our client (static libxenstore) writes below the domain's home through
# /dev/xen/xenbus, reads its name, then waits for a watch event that dom0
# raises.  Lines go to hvc0, which xenconsoled logs in dom0.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev 2>/dev/null
X=/opt/xenolith/bin
echo "DOMU-INIT"
$X/xenstore-write data/fromdomu hello && echo "DOMU-WROTE"
echo "DOMU-NAME=$($X/xenstore-read name 2>&1)"
echo "DOMU-READY"
# The initial event, then the one dom0 raises by writing data/ping.
if $X/xenstore-watch -n 2 data/ping >/tmp/ev 2>&1; then
    echo "DOMU-PING-GOT $(tail -n 1 /tmp/ev)"
else
    echo "DOMU-PING-FAILED $(cat /tmp/ev)"
fi
while :; do sleep 10; done

#!/bin/busybox sh
# The console scenario's domU.  Everything goes through hvc0, the PV
# console that xenconsoled serves.  conmode= on the kernel command line:
#   echo   (default) a tick every second, and every line read from the
#          console answered as "DOMU-GOT:[line]"
#   flood  64 KiB of random bytes, then `yes` into hvc0 for flood= seconds,
#          then the echo mode
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/hvc0 >/dev/hvc0 2>&1
mode=echo secs=10
for w in $(cat /proc/cmdline); do
    case $w in
    conmode=*) mode=${w#conmode=} ;;
    flood=*) secs=${w#flood=} ;;
    esac
done
echo "DOMU-INIT mode=$mode"
if [ "$mode" = flood ]; then
    echo "DOMU-GARBAGE-START"
    head -c 65536 /dev/urandom
    echo
    echo "DOMU-FLOOD-START"
    yes XENOLITH-FLOOD-LINE-0123456789 &
    pid=$!
    sleep "$secs"
    kill $pid
    wait $pid 2>/dev/null
    echo
    echo "DOMU-FLOOD-DONE"
fi
( n=0; while :; do n=$((n + 1)); echo "DOMU-TICK $n"; sleep 1; done ) &
stty -echo 2>/dev/null
echo "DOMU-READY"
while read -r line; do
    echo "DOMU-GOT:[$line]"
done
echo "DOMU-EOF"
sleep 100000

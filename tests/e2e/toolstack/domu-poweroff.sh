#!/bin/busybox sh
# /sbin/poweroff and /sbin/reboot of the domU (the kernel's orderly
# shutdown runs them): a marker, then the real thing without init.
case "$0" in
*reboot) echo "DOMU-REBOOT" > /dev/hvc0; exec /bin/busybox reboot -f ;;
*) echo "DOMU-POWEROFF" > /dev/hvc0; exec /bin/busybox poweroff -f ;;
esac

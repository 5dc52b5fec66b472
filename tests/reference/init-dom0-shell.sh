#!/bin/busybox sh
# make run: dom0 comes up with proc, sys and xenfs mounted and gives an
# interactive shell on its console (hvc0).  `poweroff -f` ends QEMU.
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev
xl_mount_xenfs
[ -x /etc/xenolith/dom0-services.sh ] && /etc/xenolith/dom0-services.sh
echo
echo "dom0 is up: hypervisor type $(cat /sys/hypervisor/type), capabilities $(cat /proc/xen/capabilities)," \
     "hypervisor $(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)$(cat /sys/hypervisor/version/extra)"
echo "Type 'poweroff -f' to power off (or Ctrl-A x to quit QEMU)."
while true; do
    setsid cttyhack sh -l
    echo "shell exited; starting another (poweroff -f to stop)"
done

#!/bin/busybox sh
# Scenario dom0-basic: dom0 reaches /init, mounts proc, sys and xenfs, reports
# what the hypervisor says it is, and powers off.
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs
xl_mount_xenfs
xl_result hypervisor_type "$(cat /sys/hypervisor/type 2>&1)"
xl_result capabilities "$(cat /proc/xen/capabilities 2>&1)"
xl_result online_cpus "$(cat /sys/devices/system/cpu/online 2>&1)"
xl_poweroff

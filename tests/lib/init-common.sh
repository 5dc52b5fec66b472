# init-common.sh - helpers for scenario init scripts (sourced by /init).
# Busybox sh.  Markers go to the console as "XENOLITH-..." lines, which the
# QEMU harness reads.

xl_setup() {
    /bin/busybox --install -s /bin
    export PATH=/bin:/sbin:/usr/bin:/usr/sbin
    mount -t proc proc /proc
    mount -t sysfs sysfs /sys
    mount -t devtmpfs devtmpfs /dev 2>/dev/null
    mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
    mount -t tmpfs tmpfs /run
    mount -t tmpfs tmpfs /tmp
    mkdir -p /var/run /var/log /var/lib
}

# Load modules from /lib/modules in the order given.
xl_modules() {
    for m in "$@"; do
        insmod "/lib/modules/$m.ko" || xl_result "insmod_$m" "failed"
    done
}

xl_mount_xenfs() {
    mkdir -p /proc/xen
    mount -t xenfs xenfs /proc/xen
}

# One result line: XENOLITH-RESULT key=value
xl_result() { echo "XENOLITH-RESULT $1=$2"; }

xl_marker() { echo "XENOLITH-$1"; }

# Ends the scenario: power off (the hypervisor then ends QEMU).
xl_poweroff() {
    echo "XENOLITH-POWEROFF"
    sync
    poweroff -f
}

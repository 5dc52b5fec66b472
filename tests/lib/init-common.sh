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
    mount -t tmpfs tmpfs /var
    mkdir -p /var/log /var/lib /var/tmp
    ln -s /run /var/run
}

# Load modules from /lib/modules in the order given; a module the kernel
# has built in (listed in /lib/modules/modules.builtin) is already there.
xl_modules() {
    for m in "$@"; do
        [ ! -e "/lib/modules/$m.ko" ] &&
            grep -q "/$m\.ko\$" /lib/modules/modules.builtin 2>/dev/null && continue
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

# Start Debian's Xen 4.17 daemons (from tests/lib/xen417-tools-root.sh) the
# way Xen's init scripts do: xenstored (XS=c for the C daemon, XS=o for
# oxenstored), then xen-init-dom0, then xenconsoled.  Needs the xen-evtchn
# and xen-gntdev modules and xenfs mounted.
xl_start_xen417_daemons() {
    export PATH=/usr/lib/xen-4.17/bin:$PATH
    mkdir -p /run/xen /run/xenstored /var/lib/xen /var/lib/xenstored \
             /var/log/xen/console /var/lock
    [ -e /var/run ] || ln -s /run /var/run
    case "${1:-c}" in
    o) oxenstored --pid-file /run/xen/xenstored.pid ;;
    *) xenstored --pid-file /run/xen/xenstored.pid ;;
    esac
    i=0
    while [ ! -S /run/xenstored/socket ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    [ -S /run/xenstored/socket ] || { xl_result xenstored_started no; return 1; }
    xen-init-dom0 >/dev/null 2>&1
    xenconsoled --pid-file=/run/xen/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console
}

# ---- helpers for the xl scenarios (tests/e2e/*/init-dom0.sh) ----
# They drive $XL, set by the scenario before it calls them.
yesno() { if "$@"; then echo yes; else echo no; fi; }
# wait_until SECONDS CMD...: polls CMD; SECONDS is scaled by WAIT_SCALE
# (3 by default) because a loaded host slows emulated guests a lot, and a
# late guest is not a failure.
wait_until() {
    wu_n=$(($1 * 5 * ${WAIT_SCALE:-3})); shift
    while [ $wu_n -gt 0 ]; do "$@" && return 0; sleep 0.2; wu_n=$((wu_n - 1)); done
    "$@"
}
show() { sed "s/^/$1| /" "$2"; }
listed() { $XL list 2>/dev/null | awk -v n="$1" '$1==n{f=1} END{exit !f}'; }
not_listed() { ! listed "$1"; }
domid_of() { $XL domid "$1" 2>/dev/null; }
free_mem() { $XL info | awk -F': ' '/^free_memory/{print $2}'; }
evtchns() { grep -c 'evtchn:' /proc/interrupts; }
# xenstore nodes that belong to domUs (anything but dom0's own).
xs_left() {
    { xenstore-list /local/domain; xenstore-list /vm; xenstore-list /libxl
      xenstore-list /local/domain/0/backend/console; } 2>/dev/null | grep -v '^0$' | tr '\n' ' '
}
# Nothing of any domU left: only Domain-0 listed, no xenstore node, the
# event channels of the baseline ($base_ev).
clean() {
    [ "$($XL list | wc -l)" -eq 2 ] && [ -z "$(xs_left)" ] &&
        [ "$(evtchns)" -eq "$base_ev" ]
}
mem_back() { [ "$(free_mem)" -ge "$base_mem" ]; }

#!/bin/busybox sh
# Scenario xenstore-ours: OUR xenstored is dom0's store on the hypervisor.
# It maps dom0's ring (/proc/xen/xsd_kva), binds /proc/xen/xsd_port, serves
# the dom0 kernel's xenbus and Debian's toolstack (xen-init-dom0, xl,
# xenconsoled, all on Debian's libxenstore), then a PV domU whose ring it
# maps through gntdev; after xl destroy it must notice the death by itself
# and drop the domain's nodes.  Each check is one XENOLITH-RESULT line.
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev
xl_mount_xenfs
export PATH=/usr/lib/xen-4.17/bin:$PATH
mkdir -p /run/xen /run/xenstored /var/lib/xen /var/lib/xenstored /var/log/xen/console /var/lock
O=/opt/xenolith
B="env LD_LIBRARY_PATH=$O/lib $O/bin/xenstore_bench"
R=xl_result
yesno() { if "$@" >/dev/null 2>&1; then echo yes; else echo no; fi; }
# wait_until SECS CMD...: poll every 0.25 s.
wait_until() {
    local n=$(($1 * 4)); shift
    while [ $n -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; n=$((n - 1)); done
    return 1
}

$O/sbin/xenstored --pid-file /run/xen/xenstored.pid -T /tmp/xs.trace --log-file /tmp/xenstored.log
wait_until 10 test -S /run/xenstored/socket
$R ours_started "$(yesno test -S /run/xenstored/socket)"
pid=$(cat /run/xen/xenstored.pid)
# The dom0 kernel's own xenbus (balloon, shutdown watcher...) registers its
# watches over the ring as soon as a daemon answers.
wait_until 10 grep -q '^IN dom0 WATCH' /tmp/xs.trace
$R kernel_watch_on_ring "$(yesno grep -q '^IN dom0 WATCH' /tmp/xs.trace)"
xen-init-dom0 >/tmp/init-dom0.log 2>&1
$R xen_init_dom0_rc $?
$R dom0_name "$(/usr/bin/xenstore-read /local/domain/0/name 2>&1)"
# /dev/xen/xenbus: client -> dom0 kernel -> ring -> our daemon.
XENSTORED_RUNDIR=/nonexistent $O/bin/xenstore-write /xb/k via-xenbus
$R xenbus_ours "$(XENSTORED_RUNDIR=/nonexistent $O/bin/xenstore-read /xb/k 2>&1)"
$R xenbus_debian "$(XENSTORED_RUNDIR=/nonexistent /usr/bin/xenstore-read /local/domain/0/name 2>&1)"
$R ring_traffic "$(yesno grep -q '^IN dom0 WRITE.*/xb/k' /tmp/xs.trace)"
xenconsoled --pid-file=/run/xen/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console
$R xl_info_ver "$(xl info 2>&1 | awk -F': ' '/^xen_major/{print $2}')"
$R xl_list_dom0 "$(xl list 2>&1 | awk '$1=="Domain-0"{print $2}')"
# Special nodes: Xen's default list, a change, and nothing else is special.
$R special_default "$($B perms @releaseDomain 2>&1)"
$B setperms @introduceDomain n0 r7 >/dev/null 2>&1
$R special_set "$($B perms @introduceDomain 2>&1)"
$R special_other "$($B perms @fooDomain 2>&1)"

# A PV domU.
$B waitwatch @releaseDomain 120 >/tmp/release.ev 2>&1 &
$B waitwatch @introduceDomain 120 >/tmp/intro.ev 2>&1 &
cat > /tmp/domu.cfg <<CFG
name = "xsdomu"
type = "pv"
memory = 256
vcpus = 1
kernel = "/guest/vmlinux"
ramdisk = "/guest/domu.gz"
extra = "console=hvc0"
on_crash = "preserve"
CFG
xl create /tmp/domu.cfg >/tmp/create.log 2>&1
d=$(xl domid xsdomu 2>/dev/null)
$R domu_created "$(yesno test -n "$d")"
con=/var/log/xen/console/guest-xsdomu.log
wait_until 60 grep -q DOMU-READY $con
grep DOMU- $con
$R domu_introduced "$($B introduced "$d" 2>&1)"
$R intro_event "$(yesno grep -q '^@introduceDomain' /tmp/intro.ev)"
$R domu_wrote "$(/usr/bin/xenstore-read /local/domain/$d/data/fromdomu 2>&1)"
$R domu_read_name "$(grep -o 'DOMU-NAME=[^[:space:]]*' $con | head -n 1 | cut -d= -f2)"
$R domu_node_owner "$(/usr/bin/xenstore-ls -p /local/domain/$d/data 2>&1 | grep fromdomu | grep -o "(n$d)")"
# A watch event raised by dom0's socket connection must reach the ring.
$O/bin/xenstore-write /local/domain/$d/data/ping 1
wait_until 20 grep -q DOMU-PING $con
$R domu_watch_event "$(grep -o 'DOMU-PING-[A-Z]*' $con | head -n 1)"
# A node the domU owns outside its home, and its grant on a special node.
$O/bin/xenstore-write /owned/by-domu x
$O/bin/xenstore-chmod /owned/by-domu n$d
$B setperms @releaseDomain n0 r$d >/dev/null
$R owned_before "$(yesno $O/bin/xenstore-exists /owned/by-domu)"

xl destroy xsdomu >/tmp/destroy.log 2>&1
$R xl_destroy_rc $?
# No RELEASE comes from libxl: the daemon must see VIRQ_DOM_EXC, ask the
# hypervisor and clean up by itself.
wait_until 10 sh -c "$B introduced $d | grep -q F"
$R domu_introduced_after "$($B introduced "$d" 2>&1)"
$R owned_after "$(yesno $O/bin/xenstore-exists /owned/by-domu)"
$R domu_home_after "$(yesno $O/bin/xenstore-exists /local/domain/$d)"
$R release_event "$(yesno grep -q '^@releaseDomain' /tmp/release.ev)"
$R special_forgot_domu "$($B perms @releaseDomain 2>&1)"
$R xl_list_after "$(xl list 2>&1 | tail -n +2 | wc -l)"
$R ours_alive "$(yesno kill -0 "$pid")"
echo "--- xenstored log"; tail -n 20 /tmp/xenstored.log
echo "--- create log"; tail -n 5 /tmp/create.log
xl_poweroff

#!/bin/busybox sh
# Scenario devices (dom0 /init): Debian's Xen 4.17 toolstack with OUR hotplug
# scripts in /etc/xen/scripts creates a PV domU with three disks and a vif
# on the bridge xenbr0, then detaches, destroys, and tries configurations
# that must fail cleanly.  Every check ends as "XENOLITH-RESULT key=value";
# tests/e2e/devices/run.sh says which values are expected.
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev xen-blkback xen-netback \
           llc stp bridge loop
xl_mount_xenfs
xl_start_xen417_daemons c
export HOTPLUG_DUMP=1          # scripts log their environment and nodes

R=xl_result
yesno() { if "$@"; then echo yes; else echo no; fi; }
# wait_until SECONDS CMD...: poll CMD every 0.2 s.
wait_until() {
    wu_n=$(($1 * 5)); shift
    while [ $wu_n -gt 0 ]; do "$@" && return 0; sleep 0.2; wu_n=$((wu_n - 1)); done
    "$@"
}
# Loop devices attached to a file named $1 (any file if $1 is empty).
loops_for() {
    for f in /sys/block/loop*/loop/backing_file; do
        [ -f "$f" ] || continue
        case "$(cat "$f")" in *"$1"*) echo "${f%/loop/backing_file}" ;; esac
    done
}
nloops() { loops_for "$1" | wc -l; }
no_loops_for() { [ "$(nloops "$1")" -eq 0 ]; }
vifs() { ls /sys/class/net | grep '^vif' ; }
no_vifs() { [ -z "$(vifs)" ]; }
listed() { xl list 2>/dev/null | awk -v n="$1" '$1==n{f=1} END{exit !f}'; }
not_listed() { ! listed "$1"; }
show() { sed "s/^/$1| /" "$2"; }

# dom0 network: the bridge carries dom0's address; MTU 1400 (not the
# default) shows that a vif takes the bridge's MTU.
ip link set lo up
brctl addbr xenbr0
echo 0 > /sys/class/net/xenbr0/bridge/forward_delay
ip link set dev xenbr0 mtu 1400
ip addr add 10.99.0.1/24 dev xenbr0
ip link set dev xenbr0 up
$R bridge_up "$(yesno [ -d /sys/class/net/xenbr0/bridge ])"

# Disk images: a writable one, a read-only one, and one dom0 attaches to
# loop7 itself and hands over as a block device.
D=/var/lib/xen
mkdir -p $D /etc/xen
mkimg() {
    dd if=/dev/zero of="$1" bs=1M count=4 2>/dev/null
    printf '%s' "$2" | dd of="$1" conv=notrunc 2>/dev/null
}
mkimg $D/disk.img XENOLITH-DISK-A
mkimg $D/ro.img XENOLITH-DISK-B
mkimg $D/phy.img XENOLITH-DISK-C
chmod 444 $D/ro.img
losetup /dev/loop7 $D/phy.img
$R phy_setup "$(yesno [ "$(nloops phy.img)" -eq 1 ])"

common() {
    cat <<EOF
type = "pv"
name = "$1"
kernel = "/guest/vmlinux"
ramdisk = "/guest/domu.gz"
extra = "console=hvc0"
memory = 256
vcpus = 1
on_crash = "preserve"
EOF
}
{ common devu
  echo "disk = ['$D/disk.img,raw,xvda,rw', '$D/ro.img,raw,xvdb,r', '/dev/loop7,raw,xvdc,rw']"
  echo "vif = ['bridge=xenbr0,mac=00:16:3e:00:00:01']"
} > /etc/xen/devu.cfg
{ common failscript
  echo "disk = ['format=raw,vdev=xvda,access=rw,script=block,target=$D/missing.img']"
  echo "vif = ['bridge=xenbr0,mac=00:16:3e:00:00:02']"
} > /etc/xen/failscript.cfg
{ common failstat
  echo "disk = ['$D/missing.img,raw,xvda,rw']"
} > /etc/xen/failstat.cfg
{ common failbridge
  echo "disk = ['$D/disk.img,raw,xvda,rw']"
  echo "vif = ['bridge=nosuchbr,mac=00:16:3e:00:00:03']"
} > /etc/xen/failbridge.cfg

# xl crashes seen on this setup (see the reference notes): report, and
# judge by xl list rather than by xl's exit status.
xl_crashes() { { dmesg; cat /tmp/*.out; } 2>/dev/null | grep -E 'xl\[[0-9]+\]: segfault|traps: xl\[|malloc\(\)|died due to fatal signal' ; }

# ---- the good domain -------------------------------------------------
timeout 150 xl create /etc/xen/devu.cfg > /tmp/create.out 2>&1
$R devu_create_rc $?
show XL-CREATE /tmp/create.out
wait_until 10 listed devu
$R devu_listed "$(yesno listed devu)"
domid=$(xl domid devu 2>/dev/null)
con=/var/log/xen/console/guest-devu.log
wait_until 120 grep -q DOMU-DONE $con
show DOMU $con | grep -E 'DOMU-|blkfront|netfront|xen_netfront|vbd'
for kv in $(grep -o 'DOMU-[a-z0-9_]*=[^[:space:]]*' $con | sed 's/^DOMU-//'); do
    $R "domu_${kv%%=*}" "${kv#*=}"
done

be=/local/domain/0/backend
vbd=$be/vbd/$domid
vif=vif$domid.0
echo "---- backend nodes while connected (domain $domid) ----"
xenstore-ls -f $be/vbd/$domid/51712 2>&1 | sed 's/^/XS| /'
xenstore-ls -f $be/vif/$domid/0 2>&1 | sed 's/^/XS| /'
xenstore-ls -f /local/domain/$domid/device/vif/0 2>&1 | sed 's/^/XS| /'
$R vbd_hotplug_status "$(xenstore-read $vbd/51712/hotplug-status 2>&1)"
$R vbd_ro_hotplug_status "$(xenstore-read $vbd/51728/hotplug-status 2>&1)"
$R vbd_phy_hotplug_status "$(xenstore-read $vbd/51744/hotplug-status 2>&1)"
$R vif_hotplug_status "$(xenstore-read $be/vif/$domid/0/hotplug-status 2>&1)"
pdp=$(xenstore-read $vbd/51712/physical-device-path 2>&1)
$R vbd_loop_backs_disk "$(yesno [ "$(cat /sys/block/${pdp#/dev/}/loop/backing_file 2>/dev/null)" = $D/disk.img ])"
ro_loop=$(loops_for ro.img)
$R vbd_ro_loop_ro "$(cat $ro_loop/ro 2>/dev/null)"
$R vbd_phy_as_is "$(xenstore-read $vbd/51744/physical-device-path 2>&1)"
$R vbd_phy_no_new_loop "$(yesno [ "$(nloops phy.img)" -eq 1 ])"
$R vif_in_bridge "$(yesno [ -e /sys/class/net/xenbr0/brif/$vif ])"
$R vif_up "$(( $(cat /sys/class/net/$vif/flags 2>/dev/null || echo 0) & 1 ))"
$R vif_mtu "$(cat /sys/class/net/$vif/mtu 2>/dev/null)"
$R vif_mac "$(cat /sys/class/net/$vif/address 2>/dev/null)"
$R vif_frontend_mtu "$(xenstore-read /local/domain/$domid/device/vif/0/mtu 2>&1)"
ping_domu() { ping -c 2 -W 2 10.99.0.2 >/dev/null 2>&1; }
$R dom0_ping_domu "$(yesno ping_domu)"

# ---- detach, then destroy ---------------------------------------------
timeout 60 xl block-detach devu xvda > /tmp/bd.out 2>&1
$R block_detach_rc $?
show XL-BLOCK-DETACH /tmp/bd.out
$R detach_loop_released "$(yesno wait_until 15 no_loops_for disk.img)"
$R detach_backend_gone "$(yesno wait_until 10 eval '! xenstore-exists $vbd/51712 2>/dev/null')"
timeout 60 xl network-detach devu 0 > /tmp/nd.out 2>&1
$R network_detach_rc $?
show XL-NETWORK-DETACH /tmp/nd.out
$R detach_vif_left "$(yesno wait_until 15 eval '[ ! -e /sys/class/net/xenbr0/brif/$vif ]')"
$R detach_vif_gone "$(yesno wait_until 15 eval '[ ! -e /sys/class/net/$vif ]')"
$R disk_write_seen "$(yesno grep -q DOMU-WROTE-XVDA $D/disk.img)"
timeout 60 xl destroy devu > /tmp/destroy.out 2>&1
$R destroy_rc $?
show XL-DESTROY /tmp/destroy.out
$R destroy_gone "$(yesno wait_until 10 not_listed devu)"
$R destroy_ro_loop_released "$(yesno wait_until 15 no_loops_for ro.img)"
$R destroy_phy_kept "$(yesno [ "$(nloops phy.img)" -eq 1 ])"
$R destroy_no_vif "$(yesno no_vifs)"
$R destroy_backends_gone "$(yesno wait_until 10 eval '! xenstore-exists $be/vbd/$domid 2>/dev/null && ! xenstore-exists $be/vif/$domid 2>/dev/null')"

# ---- configurations that must fail ---------------------------------------
# fail NAME MESSAGE-REGEX: create must fail with the message on xl's
# output, and leave no domain, no vif and no loop device behind.
fail() {
    before=$(nloops "")
    timeout 150 xl create /etc/xen/$1.cfg > /tmp/$1.out 2>&1
    rc=$?
    show XL-CREATE-$1 /tmp/$1.out
    $R "$1_rc_nonzero" "$(yesno [ $rc -ne 0 ])"
    $R "$1_message" "$(yesno grep -qE "$2" /tmp/$1.out)"
    $R "$1_no_domain" "$(yesno wait_until 10 not_listed $1)"
    $R "$1_no_vif" "$(yesno wait_until 10 no_vifs)"
    $R "$1_no_loop_leak" "$(yesno wait_until 15 eval '[ "$(nloops "")" -eq $before ]')"
    $R "$1_no_backend" "$(yesno eval '[ -z "$(xenstore-list $be/vbd 2>/dev/null)$(xenstore-list $be/vif 2>/dev/null)" ]')"
}
# The disk path is missing and script= is given, so libxl leaves the check
# to our script.
fail failscript "block: $D/missing.img does not exist"
# Without script=, libxl stats the path itself and refuses (its message).
fail failstat "failed to stat: $D/missing.img"
# The bridge is missing: the vif script fails after the disk connected;
# the disk's loop device must be released again.
fail failbridge "vif-bridge: bridge nosuchbr does not exist"

echo "---- xl list at the end ----"
xl list 2>&1 | sed 's/^/XL-LIST| /'
echo "---- losetup -a at the end ----"
losetup -a 2>&1 | sed 's/^/LOSETUP| /'
crashes=$(xl_crashes)
if [ -n "$crashes" ]; then
    printf '%s\n' "$crashes" | sed 's/^/XL-CRASH| /'
    $R xl_crash seen
else
    $R xl_crash none
fi
echo "---- hotplug log ----"
show HPLOG /var/log/xen/xen-hotplug.log
echo "---- xl log ----"
for f in /var/log/xen/xl-*.log; do [ -f "$f" ] && show "XLLOG ${f##*/}" "$f"; done
$R scenario_end yes
xl_poweroff

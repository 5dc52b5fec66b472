#!/bin/busybox sh
# Scenario devices (dom0 /init): OUR xl and libxl (/opt/xenolith/bin/xl)
# attach disks and vifs to PV domUs, with our hotplug scripts in
# /etc/xen/scripts and Debian's Xen 4.17 xenstored and xenconsoled as the
# daemons.  Every check ends as "XENOLITH-RESULT key=value"; run.sh says
# which values are expected.
#
#   d1  root on an ext4 image through xvda (built on the host with
#       mkfs.ext4), a read-only image (key=value spec), a dom0 block
#       device, a vif with a given MAC on xenbr0; xvdd attached at
#       runtime, detached, attached again, refused while the guest is
#       paused, forced; 64 MiB to dom0 over TCP; shuts down; the file it
#       wrote is in the image
#   d2  a vif with a generated MAC; pings d1 over the bridge
#   then destroy, and configurations that must fail cleanly
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev xen-blkback xen-netback \
           llc stp bridge loop crc32c_generic crc16 mbcache jbd2 ext4
xl_mount_xenfs
xl_start_xen417_daemons c
export HOTPLUG_DUMP=1          # scripts log their environment and nodes

XL=/opt/xenolith/bin/xl
R=xl_result
CL=/var/log/xen/console
# Loop devices attached to a file named $1 (any file if $1 is empty).
loops_for() {
    for f in /sys/block/loop*/loop/backing_file; do
        [ -f "$f" ] || continue
        case "$(cat "$f")" in *"$1"*) echo "${f%/loop/backing_file}" ;; esac
    done
}
nloops() { loops_for "$1" | wc -l; }
no_loops_for() { [ "$(nloops "$1")" -eq 0 ]; }
vifs_of() { ls /sys/class/net | grep "^vif$1\\." ; }
no_vifs() { [ -z "$(ls /sys/class/net | grep '^vif')" ]; }
# domu_val DOMAIN KEY: the last DOMU-KEY=value its console printed.
domu_val() { sed -n "s/.*DOMU-$2=\([^[:space:]]*\).*/\1/p" $CL/guest-$1.log 2>/dev/null | tail -n 1; }
domu_has() { grep -a -q "$2" $CL/guest-$1.log 2>/dev/null; }
be=/local/domain/0/backend
no_backends() { [ -z "$(xenstore-list $be/vbd 2>/dev/null)$(xenstore-list $be/vif 2>/dev/null)" ]; }

$R xl_help_rc "$($XL block-attach --help >/dev/null 2>&1 && $XL block-detach --help >/dev/null 2>&1 &&
    $XL block-list --help >/dev/null 2>&1 && $XL network-attach --help >/dev/null 2>&1 &&
    $XL network-detach --help >/dev/null 2>&1 && $XL network-list --help >/dev/null 2>&1; echo $?)"

# dom0 network: the bridge carries dom0's address; MTU 1400 (not the
# default) shows that a vif takes the bridge's MTU.
ip link set lo up
brctl addbr xenbr0
echo 0 > /sys/class/net/xenbr0/bridge/forward_delay
ip link set dev xenbr0 mtu 1400
ip addr add 10.99.0.1/24 dev xenbr0
ip link set dev xenbr0 up
$R bridge_up "$(yesno [ -d /sys/class/net/xenbr0/bridge ])"

# Disk images: the ext4 root (from the host), a read-only one, one dom0
# attaches to loop7 itself and hands over as a block device, and the one
# attached at runtime.
D=/var/lib/xen
mkdir -p $D /etc/xen
mv /guest/root.img $D/root.img
mkimg() {
    dd if=/dev/zero of="$1" bs=1M count=4 2>/dev/null
    printf '%s' "$2" | dd of="$1" conv=notrunc 2>/dev/null
}
mkimg $D/ro.img XENOLITH-DISK-B
mkimg $D/phy.img XENOLITH-DISK-C
mkimg $D/hot.img XENOLITH-DISK-D
chmod 444 $D/ro.img
losetup /dev/loop7 $D/phy.img
$R phy_setup "$(yesno [ "$(nloops phy.img)" -eq 1 ])"

common() {
    cat <<EOF2
type = "pv"
name = "$1"
kernel = "/guest/vmlinux"
ramdisk = "/guest/domu.gz"
memory = $2
vcpus = 1
on_crash = "preserve"
EOF2
}
{ common d1 256
  echo 'extra = "console=hvc0 devroot=xvda"'
  echo "disk = [ '$D/root.img,raw,xvda,rw',"
  echo "         'format=raw, vdev=xvdb, access=ro, target=$D/ro.img',"
  echo "         '/dev/loop7,raw,xvdc,rw' ]"
  echo "vif = ['bridge=xenbr0,mac=00:16:3e:00:00:01,model=e1000']"
} > /etc/xen/d1.cfg
{ common d2 128
  echo 'extra = "console=hvc0"'
  echo "vif = ['bridge=xenbr0']"
} > /etc/xen/d2.cfg
{ common failstat 128
  echo 'extra = "console=hvc0"'
  echo "disk = ['$D/missing.img,raw,xvda,rw']"
} > /etc/xen/failstat.cfg
{ common failscript 128
  echo 'extra = "console=hvc0"'
  echo "disk = ['$D/ro.img,raw,xvdb,r', 'format=raw,vdev=xvda,access=rw,script=block,target=$D/missing.img']"
} > /etc/xen/failscript.cfg
{ common failspec 128
  echo 'extra = "console=hvc0"'
  echo "disk = ['$D/ro.img,raw,xvda,rx']"
} > /etc/xen/failspec.cfg
{ common failbridge 128
  echo 'extra = "console=hvc0"'
  echo "disk = ['$D/ro.img,raw,xvda,r']"
  echo "vif = ['bridge=nosuchbr,mac=00:16:3e:00:00:03']"
} > /etc/xen/failbridge.cfg

# ---- d1: root on xvda ------------------------------------------------
# dom0 listens for the 64 MiB before the guest could send it (the
# never-ending stdin keeps busybox nc from half-closing first).
( sleep 3600 | nc -l -p 5000 > /tmp/recv.bin ) &
timeout 150 $XL create /etc/xen/d1.cfg > /tmp/create.out 2>&1
$R d1_create_rc $?
show XL-CREATE /tmp/create.out
d1=$($XL domid d1 2>/dev/null)
$R d1_listed "$(yesno listed d1)"
wait_until 120 domu_has d1 DOMU-NET-READY
show DOMU $CL/guest-d1.log | grep -E 'DOMU-|blkfront|netfront|vbd|EXT4|switch_root'
for k in root_fs root_write xvdb_marker xvdb_ro xvdb_write xvdc_marker xvdc_ro \
         eth0_mac ping_dom0; do
    $R "domu_$k" "$(domu_val d1 $k)"
done

vbd=$be/vbd/$d1
vif=vif$d1.0
echo "---- backend and frontend nodes while connected (domain $d1) ----"
for p in $vbd/51712 $be/vif/$d1/0 /local/domain/$d1/device/vbd/51712 /local/domain/$d1/device/vif/0; do
    xenstore-ls -f $p 2>&1 | sed 's/^/XS| /'
done
xenstore-ls -p /local/domain/$d1/device/vif/0 2>&1 | sed 's/^/XSP| /'
$R vbd_states "$(xenstore-read $vbd/51712/state)/$(xenstore-read /local/domain/$d1/device/vbd/51712/state)"
$R vif_states "$(xenstore-read $be/vif/$d1/0/state)/$(xenstore-read /local/domain/$d1/device/vif/0/state)"
# Owners: backend dom0 with the guest reading, frontend the guest's with
# dom0 reading, a vif's mtu node dom0's.
# (The guest's id reads as D.)
perms() { xenstore-ls -p "$1" 2>/dev/null | awk -v k="$2" '$1 == k { print $NF }' | sed "s/\([nrwb]\)$d1\b/\1D/g"; }
$R vbd_be_perms "$(perms $be/vbd/$d1 51712)"
$R vbd_fe_perms "$(perms /local/domain/$d1/device/vbd 51712)"
$R vif_fe_mtu_perms "$(perms /local/domain/$d1/device/vif/0 mtu)"
$R vbd_hotplug_status "$(xenstore-read $vbd/51712/hotplug-status 2>&1)"
$R vbd_ro_mode "$(xenstore-read $vbd/51728/mode 2>&1)"
$R vif_hotplug_status "$(xenstore-read $be/vif/$d1/0/hotplug-status 2>&1)"
pdp=$(xenstore-read $vbd/51712/physical-device-path 2>&1)
$R vbd_loop_backs_root "$(yesno [ "$(cat /sys/block/${pdp#/dev/}/loop/backing_file 2>/dev/null)" = $D/root.img ])"
$R vbd_ro_loop_ro "$(cat $(loops_for ro.img)/ro 2>/dev/null)"
$R vbd_phy_as_is "$(xenstore-read $vbd/51744/physical-device-path 2>&1)"
$R vbd_phy_no_new_loop "$(yesno [ "$(nloops phy.img)" -eq 1 ])"
$R vif_in_bridge "$(yesno [ -e /sys/class/net/xenbr0/brif/$vif ])"
$R vif_up "$(( $(cat /sys/class/net/$vif/flags 2>/dev/null || echo 0) & 1 ))"
$R vif_mtu "$(cat /sys/class/net/$vif/mtu 2>/dev/null)"
$R vif_mac "$(cat /sys/class/net/$vif/address 2>/dev/null)"
$R vif_frontend_mtu "$(xenstore-read /local/domain/$d1/device/vif/0/mtu 2>&1)"
ping_d1() { ping -c 2 -W 2 10.99.0.2 >/dev/null 2>&1; }
$R dom0_ping_d1 "$(yesno ping_d1)"
$XL block-list d1 > /tmp/bl.out 2>&1
show XL-BLOCK-LIST /tmp/bl.out
$R block_list "$(awk 'NR > 1 { printf "%s%s:%s", s, $1, $4; s = "," }' /tmp/bl.out)"
$XL network-list d1 > /tmp/nl.out 2>&1
show XL-NETWORK-LIST /tmp/nl.out
$R network_list "$(awk 'NR > 1 { print $1, $3, $5 }' /tmp/nl.out)"

# ---- runtime attach and detach ---------------------------------------
timeout 60 $XL block-attach d1 "$D/hot.img,raw,xvdd,rw" > /tmp/ba.out 2>&1
$R block_attach_rc $?
show XL-BLOCK-ATTACH /tmp/ba.out
wait_until 60 domu_has d1 DOMU-xvdd_marker
$R domu_xvdd_marker "$(domu_val d1 xvdd_marker)"
$R hot_states "$(xenstore-read $vbd/51760/state)/$(xenstore-read /local/domain/$d1/device/vbd/51760/state)"
timeout 60 $XL block-detach d1 xvdd > /tmp/bd.out 2>&1
$R block_detach_rc $?
show XL-BLOCK-DETACH /tmp/bd.out
wait_until 60 domu_has d1 DOMU-xvdd_gone
$R domu_xvdd_gone "$(domu_val d1 xvdd_gone)"
$R detach_loop_released "$(yesno wait_until 15 no_loops_for hot.img)"
$R detach_backend_gone "$(yesno eval '! xenstore-exists $vbd/51760 2>/dev/null && ! xenstore-exists /local/domain/$d1/device/vbd/51760 2>/dev/null')"
# Again; a paused guest cannot release it: refused, then forced.
timeout 60 $XL block-attach d1 format=raw vdev=xvdd access=rw target=$D/hot.img > /tmp/ba2.out 2>&1
$R block_attach2_rc $?
wait_until 60 domu_has d1 DOMU-xvdd_back
$XL pause d1
timeout 60 $XL block-detach d1 xvdd > /tmp/bdb.out 2>&1
$R busy_detach_rc $?
show XL-BLOCK-DETACH-BUSY /tmp/bdb.out
$R busy_detach_msg "$(yesno grep -q 'did not release it' /tmp/bdb.out)"
$R busy_detach_kept "$(xenstore-read $vbd/51760/state 2>&1)/$(xenstore-read $vbd/51760/online 2>&1)/$(nloops hot.img)"
timeout 60 $XL block-detach -f d1 xvdd > /tmp/bdf.out 2>&1
$R forced_detach_rc $?
show XL-BLOCK-DETACH-FORCE /tmp/bdf.out
$XL unpause d1
wait_until 60 domu_has d1 DOMU-xvdd_forced_gone
$R domu_xvdd_forced_gone "$(domu_val d1 xvdd_forced_gone)"
$R forced_loop_released "$(yesno wait_until 15 no_loops_for hot.img)"
$R forced_backend_gone "$(yesno eval '! xenstore-exists $vbd/51760 2>/dev/null')"
$XL block-detach d1 xvdz > /tmp/bdn.out 2>&1
$R detach_unknown "$? $(yesno grep -q 'has no disk xvdz' /tmp/bdn.out)"

# ---- 64 MiB from d1 to dom0 --------------------------------------------
wait_until 300 domu_has d1 DOMU-DONE
$R domu_blob_sent "$(domu_val d1 blob_sent)"
sum=$(md5sum /tmp/recv.bin | cut -d' ' -f1)
$R transfer_size "$(stat -c %s /tmp/recv.bin)"
$R transfer_intact "$(yesno [ -n "$sum" ] && [ "$sum" = "$(domu_val d1 blob_md5)" ])"
rm -f /tmp/recv.bin

# ---- d2: generated MAC, reaches d1 over the bridge -------------------
timeout 150 $XL create /etc/xen/d2.cfg > /tmp/create2.out 2>&1
$R d2_create_rc $?
show XL-CREATE-D2 /tmp/create2.out
d2=$($XL domid d2 2>/dev/null)
mac2=$(xenstore-read $be/vif/$d2/0/mac 2>/dev/null)
$R d2_mac_prefix "${mac2%:*:*:*}"
wait_until 120 domu_has d2 DOMU-D2-DONE
$R d2_mac_seen "$(yesno [ -n "$mac2" ] && [ "$(domu_val d2 d2_mac)" = "$mac2" ])"
$R d2_ping_d1 "$(domu_val d2 d2_ping_10.99.0.2)"
$R d2_ping_dom0 "$(domu_val d2 d2_ping_10.99.0.1)"

# ---- network detach/attach on d2, then destroy -------------------------
timeout 60 $XL network-detach d2 0 > /tmp/nd.out 2>&1
$R network_detach_rc $?
show XL-NETWORK-DETACH /tmp/nd.out
$R detach_vif_gone "$(yesno wait_until 15 eval '[ -z "$(vifs_of $d2)" ]')"
timeout 60 $XL network-attach d2 bridge=xenbr0 mac=00:16:3e:00:00:22 > /tmp/na.out 2>&1
$R network_attach_rc $?
show XL-NETWORK-ATTACH /tmp/na.out
$R attach_vif "$(yesno [ "$(vifs_of $d2)" = vif$d2.0 ] && [ -e /sys/class/net/xenbr0/brif/vif$d2.0 ])"
timeout 60 $XL destroy d2 > /tmp/destroy2.out 2>&1
$R d2_destroy_rc $?
$R d2_destroy_clean "$(yesno wait_until 10 eval 'not_listed d2 && [ -z "$(vifs_of $d2)" ] && ! xenstore-exists $be/vif/$d2 2>/dev/null')"

# ---- d1 shuts down; its file is in the image ---------------------------
timeout 120 $XL shutdown -w d1 > /tmp/shutdown.out 2>&1
$R d1_shutdown_rc $?
show XL-SHUTDOWN /tmp/shutdown.out
$R d1_poweroff_marker "$(yesno domu_has d1 DOMU-POWEROFF)"
$R d1_gone "$(yesno wait_until 10 not_listed d1)"
$R d1_root_loop_released "$(yesno wait_until 15 no_loops_for root.img)"
$R d1_ro_loop_released "$(yesno wait_until 15 no_loops_for ro.img)"
$R d1_phy_kept "$(yesno [ "$(nloops phy.img)" -eq 1 ])"
$R d1_no_vif "$(yesno wait_until 10 no_vifs)"
$R d1_backends_gone "$(yesno wait_until 10 no_backends)"
$R d1_xs_clean "$(yesno eval '! xenstore-exists /libxl/$d1 2>/dev/null && ! xenstore-exists /local/domain/$d1 2>/dev/null')"
mkdir -p /mnt/img
if mount -t ext4 -o loop,ro $D/root.img /mnt/img 2>/tmp/mount.err; then
    $R image_file "$(cat /mnt/img/written-by-domu 2>&1 | tr ' ' _)"
    umount /mnt/img
else
    show MOUNT /tmp/mount.err
    $R image_file mount-failed
fi

# ---- configurations that must fail ---------------------------------------
# fail NAME MESSAGE-REGEX: create must fail with the message on xl's
# output, and leave no domain, no vif, no loop device, no backend behind.
fail() {
    before=$(nloops "")
    timeout 150 $XL create /etc/xen/$1.cfg > /tmp/$1.out 2>&1
    rc=$?
    show XL-CREATE-$1 /tmp/$1.out
    $R "$1_rc_nonzero" "$(yesno [ $rc -ne 0 ])"
    $R "$1_message" "$(yesno grep -qE "$2" /tmp/$1.out)"
    $R "$1_no_domain" "$(yesno wait_until 10 not_listed $1)"
    $R "$1_no_vif" "$(yesno wait_until 10 no_vifs)"
    $R "$1_no_loop_leak" "$(yesno wait_until 15 eval '[ "$(nloops "")" -eq $before ]')"
    $R "$1_no_backend" "$(yesno no_backends)"
}
# A missing image: libxl's own check, before any domain exists.
fail failstat "disk xvda: failed to stat $D/missing.img: No such file or directory"
# A bad disk spec: the config reader names file, line and field.
fail failspec "failspec.cfg:[0-9]+: field 'disk': entry 1 .*unknown access 'rx'"
# With script= the block script checks the path; the first disk had
# connected and must be released again.
fail failscript "block: $D/missing.img does not exist"
# A bridge that does not exist: vif-bridge fails after the disk connected.
fail failbridge "vif-bridge: bridge nosuchbr does not exist"

echo "---- xl list at the end ----"
$XL list 2>&1 | sed 's/^/XL-LIST| /'
echo "---- losetup -a at the end ----"
losetup -a 2>&1 | sed 's/^/LOSETUP| /'
echo "---- guest consoles ----"
for f in $CL/guest-*.log; do [ -f "$f" ] && show "GUEST ${f##*/}" "$f"; done
echo "---- hotplug log ----"
show HPLOG /var/log/xen/xen-hotplug.log
echo "---- xl monitor logs ----"
for f in /var/log/xen/xl-*.log; do [ -f "$f" ] && show "XLLOG ${f##*/}" "$f"; done
$R scenario_end yes
xl_poweroff

#!/bin/bash
# tests/e2e/devices/host-test.sh - the hotplug scripts on the host, with
# stand-ins for xenstore, losetup, ip and brctl: the failure and undo paths
# that a real boot rarely takes (a xenstore write failing half-way, a step
# failing after the vif joined the bridge, sharing refusals).  Seconds, no
# QEMU.  Ends with "hotplug-host: N passed, N failed".
#
# The scripts run under dash here: Debian's static busybox sh prefers its
# own applets to PATH, so under it the stand-ins would be bypassed and the
# host's real loop devices touched.  tests/e2e/devices/run.sh covers
# busybox in a real dom0.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SCRIPTS="$ROOT/tools/hotplug"
SH=${HOST_SH:-dash}
command -v "$SH" >/dev/null || { echo "hotplug-host: needs $SH"; echo "hotplug-host: 0 passed, 1 failed"; exit 1; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin"

# xenstore stand-ins: one directory per node, the value in .v; relative
# paths are dom0's (/local/domain/0/...).  XS_FAIL_WRITE=REGEX makes
# writes of matching paths fail.
cat > "$T/bin/xs-path" <<'EOF'
#!/bin/sh
case "$1" in /*) p=$1 ;; *) p=/local/domain/0/$1 ;; esac
echo "$XS_ROOT$p"
EOF
cat > "$T/bin/xenstore-read" <<'EOF'
#!/bin/sh
f=$(xs-path "$1")
[ -f "$f/.v" ] || { echo "couldn't read path $1" >&2; exit 1; }
cat "$f/.v"
EOF
cat > "$T/bin/xenstore-exists" <<'EOF'
#!/bin/sh
[ -d "$(xs-path "$1")" ]
EOF
cat > "$T/bin/xenstore-write" <<'EOF'
#!/bin/sh
while [ $# -ge 2 ]; do
    if [ -n "${XS_FAIL_WRITE:-}" ] && echo "$1" | grep -qE "$XS_FAIL_WRITE"; then
        echo "could not write path $1" >&2; exit 1
    fi
    f=$(xs-path "$1"); mkdir -p "$f"; printf '%s\n' "$2" > "$f/.v"; shift 2
done
EOF
cat > "$T/bin/xenstore-ls" <<'EOF'
#!/bin/sh
exit 0
EOF
# losetup: -f names the next stand-in device node; attach/detach recorded.
cat > "$T/bin/losetup" <<'EOF'
#!/bin/sh
echo "losetup $*" >> "$T/calls"
case "$1" in
-f) for n in 0 1 2 3; do [ -e "$T/loopused$n" ] || { echo "$T/dev/loop$n"; exit 0; }; done; exit 1 ;;
-d) rm -f "$T/loopused${2##*loop}"; exit 0 ;;
-r) shift ;;
esac
touch "$T/loopused${1##*loop}"
EOF
cat > "$T/bin/blockdev" <<'EOF'
#!/bin/sh
echo 0
EOF
# ip / brctl: recorded; "master"/"nomaster" update the stand-in sysfs;
# IP_FAIL=REGEX makes matching commands fail.
cat > "$T/bin/ip" <<'EOF'
#!/bin/sh
echo "ip $*" >> "$T/calls"
if [ -n "${IP_FAIL:-}" ] && echo "ip $*" | grep -qE "$IP_FAIL"; then exit 1; fi
case "$*" in
"link set dev "*" master "*) set -- $*; mkdir -p "$NET/$6/brif"; touch "$NET/$6/brif/$4" ;;
"link set dev "*" nomaster") set -- $*; rm -f "$NET"/*/brif/"$4" ;;
esac
exit 0
EOF
cat > "$T/bin/brctl" <<'EOF'
#!/bin/sh
echo "brctl $*" >> "$T/calls"
exit 1
EOF
chmod +x "$T"/bin/*
export T PATH="$T/bin:$PATH" XS_ROOT="$T/xs" NET="$T/net"
export HOTPLUG_LOG="$T/hotplug.log" HOTPLUG_STATE="$T/state" HOTPLUG_SYSNET="$T/net"

PASSED=0 FAILED=0
check() {   # check NAME CONDITION...
    local name=$1; shift
    if "$@"; then PASSED=$((PASSED + 1)); echo "PASS $name"
    else FAILED=$((FAILED + 1)); echo "FAIL $name"; sed 's/^/  log| /' "$HOTPLUG_LOG" | tail -n 8; fi
}
xs() { xenstore-read "$1" 2>/dev/null; }
reset() {
    rm -rf "$T/xs" "$T/state" "$T/net" "$T/dev" "$T"/loopused* "$T/calls" "$HOTPLUG_LOG"
    mkdir -p "$T/dev" "$T/net"; : > "$T/calls"
    for n in 0 1 2 3; do mknod "$T/dev/loop$n" b 7 $n 2>/dev/null || return 1; done
    unset XS_FAIL_WRITE IP_FAIL
}
# vbd DOMID DEVID PARAMS MODE: the nodes libxl writes before "block add".
vbd() {
    local b=backend/vbd/$1/$2
    xenstore-write $b/params "$3" $b/mode "$4" $b/type phy $b/frontend-id "$1" \
        $b/state 2 $b/online 1 $b/frontend /local/domain/$1/device/vbd/$2
}
block() {   # block DOMID DEVID ACTION: run the script as libxl does
    XENBUS_PATH=backend/vbd/$1/$2 XENBUS_TYPE=vbd XENBUS_BASE_PATH=backend \
        script="$SCRIPTS/block" "$SH" "$SCRIPTS/block" "$3" 2> "$T/stderr"
}
called() { grep -qE "$1" "$T/calls"; }

reset || { echo "hotplug-host: cannot mknod stand-in block devices (not root?)"; echo "hotplug-host: 0 passed, 1 failed"; exit 1; }
truncate -s 1M "$T/a.img" "$T/b.img"

# --- block ---------------------------------------------------------------
vbd 1 51712 "$T/a.img" w
block 1 51712 add; rc=$?
check "block add file: exit 0" [ $rc -eq 0 ]
check "block add file: hotplug-status connected" [ "$(xs backend/vbd/1/51712/hotplug-status)" = connected ]
check "block add file: physical-device hex 7:0" [ "$(xs backend/vbd/1/51712/physical-device)" = 7:0 ]
check "block add file: physical-device-path + node" \
    [ "$(xs backend/vbd/1/51712/physical-device-path)" = "$T/dev/loop0" -a "$(xs backend/vbd/1/51712/node)" = "$T/dev/loop0" ]
check "block add file rw: no -r" called "^losetup $T/dev/loop0 $T/a.img"
block 1 51712 add
check "block add again: no second loop device" [ "$(grep -c "^losetup $T/dev/loop" "$T/calls")" -eq 1 ]

vbd 2 51712 "$T/a.img" w
block 2 51712 add; rc=$?
check "sharing: rw file used rw by another domain refused" [ $rc -eq 1 ]
check "sharing: message" grep -q "already in use (writable) by domain 1" "$T/stderr"
vbd 2 51712 "$T/a.img" r
block 2 51712 add; rc=$?
check "sharing: ro use of a file another domain has rw refused" [ $rc -eq 1 ]
vbd 1 51728 "$T/a.img" r
block 1 51728 add; rc=$?
check "sharing: same domain may share" [ $rc -eq 0 ]

block 1 51712 remove; rc=$?
check "block remove: exit 0, loop detached" eval '[ $rc -eq 0 ] && called "^losetup -d $T/dev/loop0\$"'
block 1 51712 remove; rc=$?
check "block remove twice: exit 0" [ $rc -eq 0 ]

reset
vbd 3 51712 "$T/missing.img" w
block 3 51712 add; rc=$?
check "missing file: exit 1" [ $rc -eq 1 ]
check "missing file: hotplug-status error" [ "$(xs backend/vbd/3/51712/hotplug-status)" = error ]
check "missing file: hotplug-error message" [ "$(xs backend/vbd/3/51712/hotplug-error)" = "$T/missing.img does not exist" ]
check "missing file: message on stderr" grep -qx "block: $T/missing.img does not exist" "$T/stderr"
block 3 51712 remove; rc=$?
check "remove after failed add: exit 0, nothing detached" eval '[ $rc -eq 0 ] && ! called "losetup -d"'

reset
vbd 4 51728 "$T/b.img" r
block 4 51728 add
check "read-only file: losetup -r" called "^losetup -r $T/dev/loop0 $T/b.img"

reset
export XS_FAIL_WRITE=physical-device
vbd 5 51712 "$T/a.img" w
block 5 51712 add; rc=$?
unset XS_FAIL_WRITE
check "xenstore write fails after losetup: exit 1" [ $rc -eq 1 ]
check "  ... the loop device is released again" called "^losetup -d $T/dev/loop0\$"
check "  ... no record left" [ -z "$(ls "$T/state/vbd" 2>/dev/null)" ]
check "  ... hotplug-status error" [ "$(xs backend/vbd/5/51712/hotplug-status)" = error ]

reset
mknod "$T/dev/disk" b 7 200
vbd 6 51744 "$T/dev/disk" w
block 6 51744 add; rc=$?
check "block device as is: connected" [ $rc -eq 0 -a "$(xs backend/vbd/6/51744/hotplug-status)" = connected ]
check "block device as is: hex major:minor 7:c8, no loop" \
    eval '[ "$(xs backend/vbd/6/51744/physical-device)" = 7:c8 ] && ! called "^losetup"'
block 6 51744 remove
check "block device as is: remove leaves it alone" eval '! called "losetup -d"'

vbd 7 51712 "$T/img-dir-not-file" w; mkdir -p "$T/img-dir-not-file"
block 7 51712 add; rc=$?
check "a directory is refused" eval '[ $rc -eq 1 ] && grep -q "neither a block device nor a regular file" "$T/stderr"'

# --- vif-bridge -------------------------------------------------------------
vifenv() {
    local b=backend/vif/$1/0
    xenstore-write $b/bridge "$2" $b/frontend /local/domain/$1/device/vif/0 \
        $b/frontend-id "$1" $b/script "$SCRIPTS/vif-bridge" $b/type vif $b/handle 0 \
        $b/hotplug-status "" /local/domain/$1/device/vif/0/mtu 1500
    mkdir -p "$NET/vif$1.0"
}
vifb() {   # vifb DOMID ACTION
    XENBUS_PATH=backend/vif/$1/0 XENBUS_TYPE=vif XENBUS_BASE_PATH=backend vif=vif$1.0 netdev= \
        script="$SCRIPTS/vif-bridge" "$SH" "$SCRIPTS/vif-bridge" "$2" type_if=vif 2> "$T/stderr"
}
reset
mkdir -p "$NET/xenbr0/bridge"; echo 1400 > "$NET/xenbr0/mtu"
vifenv 1 xenbr0
vifb 1 online; rc=$?
check "vif online: exit 0, connected" [ $rc -eq 0 -a "$(xs backend/vif/1/0/hotplug-status)" = connected ]
check "vif online: bridge's MTU on the vif" called "^ip link set dev vif1.0 mtu 1400\$"
check "vif online: MTU written to the frontend" [ "$(xs /local/domain/1/device/vif/0/mtu)" = 1400 ]
check "vif online: MAC fe:ff:ff:ff:ff:ff" called "address fe:ff:ff:ff:ff:ff"
check "vif online: joined, then up" eval '[ -e "$NET/xenbr0/brif/vif1.0" ] && [ "$(tail -n 1 "$T/calls")" = "ip link set dev vif1.0 up" ]'
vifb 1 offline; rc=$?
check "vif offline: exit 0, left the bridge" eval '[ $rc -eq 0 ] && [ ! -e "$NET/xenbr0/brif/vif1.0" ]'
rm -rf "$NET/vif1.0"
vifb 1 offline; rc=$?
check "vif offline when netback removed it already: exit 0" [ $rc -eq 0 ]

vifenv 2 xenbr0
xenstore-write backend/vif/2/0/mtu 9000
vifb 2 online
check "vif online: the mtu node wins over the bridge's" called "^ip link set dev vif2.0 mtu 9000\$"

vifenv 3 nosuchbr
vifb 3 online; rc=$?
check "missing bridge: exit 1, error status" [ $rc -eq 1 -a "$(xs backend/vif/3/0/hotplug-status)" = error ]
check "missing bridge: message" [ "$(xs backend/vif/3/0/hotplug-error)" = "bridge nosuchbr does not exist" ]
check "missing bridge: message on stderr" grep -qx "vif-bridge: bridge nosuchbr does not exist" "$T/stderr"

vifenv 4 xenbr0
export IP_FAIL="vif4.0 up"
vifb 4 online; rc=$?
unset IP_FAIL
check "failure after joining: exit 1" [ $rc -eq 1 ]
check "  ... the vif is taken off the bridge again" [ ! -e "$NET/xenbr0/brif/vif4.0" ]
check "  ... and left down" eval '[ "$(tail -n 1 "$T/calls")" = "ip link set dev vif4.0 down" ]'

vifb 5 online; rc=$?   # no backend nodes, no interface
check "missing interface: refused" [ $rc -eq 1 ]
XENBUS_PATH=backend/vif/1/0 vif=vif1.0 "$SH" "$SCRIPTS/vif-bridge" add type_if=tap 2>/dev/null
check "type_if=tap: nothing done, exit 0" [ $? -eq 0 ]
"$SH" "$SCRIPTS/block" add 2> "$T/stderr"; rc=$?
check "no XENBUS_PATH: exit 1 with a message" eval '[ $rc -eq 1 ] && grep -q "XENBUS_PATH is not set" "$T/stderr"'

echo "hotplug-host: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]

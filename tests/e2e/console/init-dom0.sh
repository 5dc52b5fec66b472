#!/bin/busybox sh
# Scenario console (dom0 /init): Debian's xenstored and xen-init-dom0, then
# OUR xenconsoled (tools/xenconsoled) instead of Debian's; Debian's xl
# creates PV domUs whose consoles our daemon serves, and OUR xenconsole
# (tools/xenconsole) attaches to them, driven by ptydrive.  Every check is
# a "XENOLITH-RESULT key=value" line; run.sh lists the expected values.
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev
xl_mount_xenfs

R=xl_result
O=/opt/xenolith
LOGDIR=/var/log/xen/console
yesno() { if "$@"; then echo yes; else echo no; fi; }
# Our programs load our libxenstore; Debian's keep theirs.
ours() { LD_LIBRARY_PATH=$O/lib "$@"; }
# waitlog FILE TEXT SECONDS
waitlog() { $O/bin/ptydrive --wait-file "$1" "$2" "$3"; }
domid_of() { xl domid "$1" 2>/dev/null; }
tty_of() { xenstore-read "/local/domain/$1/console/tty" 2>/dev/null; }
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
# drive NAME ARGS...: ptydrive with its output kept for the log on failure
drive() {
    n=$1; shift
    if $O/bin/ptydrive -o "/tmp/drive-$n.out" "$@" > "/tmp/drive-$n.err" 2>&1; then
        echo ok
    else
        sed "s/^/drive-$n| /" "/tmp/drive-$n.err" > /dev/console
        echo fail
    fi
}
show_daemon_log() { [ -f /var/log/messages ] && sed 's/^/syslog| /' /var/log/messages; }

# --- Debian's xenstored + xen-init-dom0, as xl_start_xen417_daemons does,
#     but not Debian's xenconsoled.
export PATH=/usr/lib/xen-4.17/bin:$PATH
mkdir -p /run/xen /run/xenstored /var/lib/xen /var/lib/xenstored $LOGDIR /var/lock /etc/xen
xenstored --pid-file /run/xen/xenstored.pid
i=0
while [ ! -S /run/xenstored/socket ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
$R xenstored_up "$(yesno [ -S /run/xenstored/socket ])"
xen-init-dom0 >/dev/null 2>&1
syslogd -O /var/log/messages

# --- our daemon, daemonised the way Debian's init script starts its own
# (--log=all: the guests' logs as Debian's, and the hypervisor's console)
ours $O/sbin/xenconsoled --pid-file=/run/xen/xenconsoled.pid --log=all \
    --log-dir=$LOGDIR
rc=$?
i=0
while [ ! -s /run/xen/xenconsoled.pid ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
CPID=$(cat /run/xen/xenconsoled.pid 2>/dev/null)
$R consoled_started "$(yesno [ $rc -eq 0 ] && alive "$CPID")"
$R consoled_libxenstore "$(grep -q "$O/lib/libxenstore.so" /proc/$CPID/maps 2>/dev/null && echo ours || echo other)"
$R hv_log "$(yesno waitlog $LOGDIR/hypervisor.log 'Xen version' 10)"
$R consoled_help "$(ours $O/sbin/xenconsoled --help 2>&1 | grep -q -- '--log-dir' && echo yes || echo no)"

cfg() { # cfg NAME MODE
    cat > "/etc/xen/$1.cfg" <<EOF
type = "pv"
name = "$1"
kernel = "/guest/vmlinux"
ramdisk = "/guest/domu.gz"
extra = "console=hvc0 conmode=$2"
memory = 256
vcpus = 1
on_crash = "preserve"
EOF
}
create() { # create NAME: Debian's xl; it waits for our tty node
    xl create "/etc/xen/$1.cfg" > "/tmp/create-$1.out" 2>&1
    c_rc=$?
    [ $c_rc -eq 0 ] || sed "s/^/xl-create-$1| /" "/tmp/create-$1.out"
    echo $c_rc
}

# ---- 1. first domU: xl create, log file, pty
cfg con1 echo
$R create1_rc "$(create con1)"
D1=$(domid_of con1)
$R create1_listed "$(yesno [ -n "$D1" ])"
T1=$(tty_of "$D1")
$R tty1_node "$(case "$T1" in /dev/pts/*) echo pts ;; *) echo "'$T1'" ;; esac)"
$R tty1_exists "$(yesno [ -c "$T1" ])"
# Grant reference 0 through gntdev comes first, as in Xen 4.17's daemon.
$R ring1_map "$(grep -q /dev/xen/gntdev /proc/$CPID/maps && echo gntdev || echo other)"
L1=$LOGDIR/guest-con1.log
$R log1_ready "$(yesno waitlog $L1 DOMU-READY 300)"
$R log1_boot "$(yesno grep -q 'Linux version' $L1)"
$R log1_init "$(yesno grep -q 'DOMU-INIT mode=echo' $L1)"

# ---- 2. attach, see output, type, detach; the guest keeps running
XC="ours $O/bin/xenconsole"
$R attach1 "$(drive attach1 -t 20 raw expect 'DOMU-TICK' send 'ping1\r' \
    expect 'DOMU-GOT:[ping1]' send '\x1d' exit 0 restored -- \
    env LD_LIBRARY_PATH=$O/lib $O/bin/xenconsole "$D1")"
sleep 2
$R after_detach_running "$(yesno [ "$(domid_of con1)" = "$D1" ])"
$R after_detach_ticks "$(yesno waitlog $L1 'DOMU-TICK' 1)"
# ---- re-attach, with the arguments libxl passes
$R attach2 "$(drive attach2 -t 20 raw expect 'DOMU-TICK' send 'ping2\r' \
    expect 'DOMU-GOT:[ping2]' send '\x1d' exit 0 restored -- \
    env LD_LIBRARY_PATH=$O/lib $O/bin/xenconsole "$D1" --num 0 --type pv)"
$R log1_input_echo "$(yesno grep -q 'DOMU-GOT:\[ping2\]' $L1)"
# ---- Debian's `xl console` execs our client in place of its own
cat > /usr/lib/xen-4.17/bin/xenconsole <<EOF
#!/bin/sh
LD_LIBRARY_PATH=$O/lib exec $O/bin/xenconsole "\$@"
EOF
chmod 755 /usr/lib/xen-4.17/bin/xenconsole
$R xl_console "$(drive xlcon -t 20 raw expect 'DOMU-TICK' send 'ping3\r' \
    expect 'DOMU-GOT:[ping3]' send '\x1d' exit 0 restored -- xl console con1)"
# ---- clear errors
$XC 999 > /tmp/xc-unknown.out 2>&1; rc=$?
$R client_unknown "$( [ $rc -ne 0 ] && grep -q 'does not exist' /tmp/xc-unknown.out && echo clear || echo "rc=$rc:$(head -c 80 /tmp/xc-unknown.out)")"
$XC 0 > /tmp/xc-dom0.out 2>&1; rc=$?
$R client_dom0 "$( [ $rc -ne 0 ] && grep -q 'Domain-0' /tmp/xc-dom0.out && echo clear || echo "rc=$rc")"
$XC "$D1" --num 3 > /tmp/xc-nocons.out 2>&1; rc=$?
$R client_noconsole "$( [ $rc -ne 0 ] && grep -q 'no console' /tmp/xc-nocons.out && echo clear || echo "rc=$rc")"

# ---- 3. a flooding, garbage-writing domU next to it
cfg flood flood
RSS0=$(rss_kb "$CPID")
$R create2_rc "$(create flood)"
D2=$(domid_of flood)
L2=$LOGDIR/guest-flood.log
# A small buffer for this one (libxl writes 1 MiB): unread output beyond
# it must be dropped, oldest first, while the log keeps everything.
xenstore-write "/local/domain/$D2/console/limit" 16384
$R flood_started "$(yesno waitlog $L2 DOMU-FLOOD-START 300)"
max=$RSS0
i=0
# ... while it floods: memory sampled, and the quiet domain still answers
while [ $i -lt 6 ]; do
    r=$(rss_kb "$CPID"); [ -n "$r" ] && [ "$r" -gt "$max" ] && max=$r
    sleep 1; i=$((i + 1))
done
$R attach_during_flood "$(drive during -t 20 raw expect 'DOMU-TICK' \
    send 'ping4\r' expect 'DOMU-GOT:[ping4]' send '\x1d' exit 0 -- \
    env LD_LIBRARY_PATH=$O/lib $O/bin/xenconsole "$D1")"
$R flood_done "$(yesno waitlog $L2 DOMU-FLOOD-DONE 300)"
r=$(rss_kb "$CPID"); [ -n "$r" ] && [ "$r" -gt "$max" ] && max=$r
echo "console: xenconsoled VmRSS before ${RSS0} kB, max during flood ${max} kB, flood log $(wc -c < $L2) bytes"
$R flood_alive "$(yesno alive "$CPID")"
# The buffer limit (libxl's console/limit, 1 MiB) plus slack: 4 MiB.
$R flood_rss_bounded "$(yesno [ $((max - RSS0)) -lt 4096 ])"
$R flood_logged "$(yesno [ "$(grep -c XENOLITH-FLOOD-LINE $L2)" -gt 1000 ])"
$R flood_garbage_logged "$(yesno grep -q DOMU-GARBAGE-START $L2)"
$R flood_then_echo "$(drive flood -t 30 raw expect 'DOMU-TICK' send 'ping5\r' \
    expect 'DOMU-GOT:[ping5]' send '\x1d' exit 0 -- \
    env LD_LIBRARY_PATH=$O/lib $O/bin/xenconsole "$D2")"
# What reached the late reader: the pty's own queue (at most ~68 KiB on
# Linux) plus our 16 KiB, not the whole flood.
backlog=$(wc -c < /tmp/drive-flood.out)
logged=$(wc -c < $L2)
echo "console: flood backlog seen on attach ${backlog} bytes of ${logged} logged"
$R flood_oldest_dropped "$(yesno [ "$backlog" -lt 120000 ] && [ $((logged - backlog)) -gt 50000 ])"

# ---- 4. destroy: the pty goes, the daemon stays
xl destroy con1; rc=$?
$R destroy1_rc $rc
i=0
while [ -e "$T1" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
$R destroy1_pty_gone "$(yesno [ ! -e "$T1" ])"
xl destroy flood
$R destroy_alive "$(yesno alive "$CPID")"

# ---- 5. a new domain is served as the first was
cfg con3 echo
$R create3_rc "$(create con3)"
D3=$(domid_of con3)
T3=$(tty_of "$D3")
$R tty3_node "$(case "$T3" in /dev/pts/*) echo pts ;; *) echo "'$T3'" ;; esac)"
$R log3_ready "$(yesno waitlog $LOGDIR/guest-con3.log DOMU-READY 300)"
# A hostile "guest": garbage in the console page's indices, written from
# dom0 through a second mapping of grant 0.  A console watch event (the
# limit rewritten) makes the daemon look at the ring at once.
$O/bin/ringpoke "$D3" garbage
xenstore-write "/local/domain/$D3/console/limit" 1048576
sleep 1
$R garbage_resynced "$($O/bin/ringpoke "$D3" sane >/dev/null && echo yes || echo no)"
$R garbage_alive "$(yesno alive "$CPID")"
$R garbage_reported "$(yesno grep -q 'indices are garbage' /var/log/messages)"
$R attach3 "$(drive attach3 -t 20 raw expect 'DOMU-TICK' send 'ping6\r' \
    expect 'DOMU-GOT:[ping6]' send '\x1d' exit 0 -- \
    env LD_LIBRARY_PATH=$O/lib $O/bin/xenconsole "$D3")"
xl destroy con3
$R final_alive "$(yesno alive "$CPID")"

# ---- 6. SIGTERM: clean exit, pid file removed
kill "$CPID"
i=0
while alive "$CPID" && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
$R term_exit "$(yesno [ ! -e /run/xen/xenconsoled.pid ] && ! alive "$CPID")"
crash=none
dmesg | grep -q 'xl\[[0-9]*\]: segfault\|general protection fault' && crash=yes
$R xl_crash $crash
show_daemon_log | tail -n 40
$R scenario_end yes
xl_poweroff

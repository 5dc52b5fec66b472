#!/bin/busybox sh
# Scenario toolstack (dom0 /init): OUR xl (/opt/xenolith/bin/xl) drives the
# PV domain lifecycle on the hypervisor, with Debian's xenstored (C),
# xenconsoled and xenconsole as the daemons it talks to.  Every check ends
# as "XENOLITH-RESULT key=value"; run.sh says which values are expected.
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev
xl_mount_xenfs
xl_start_xen417_daemons c

XL=/opt/xenolith/bin/xl
T=/opt/xenolith/bin/tshelp
DXL=/usr/lib/xen-4.17/bin/xl
CL=/var/log/xen/console
R=xl_result

mkdir -p /etc/xen
cfg() {
    cat <<EOF
type = "pv"
name = "$1"
kernel = "${2:-/guest/vmlinux}"
ramdisk = "/guest/domu.gz"
extra = "console=hvc0 quiet loglevel=4"
memory = 256
maxmem = 256
vcpus = 1
maxvcpus = 2
on_crash = "preserve"
EOF
}
cfg t1 > /etc/xen/t1.cfg
# t1 with the full kernel log on its console (boot messages).
sed 's/quiet loglevel=4/loglevel=7/' /etc/xen/t1.cfg > /etc/xen/t1v.cfg
cfg t2 > /etc/xen/t2.cfg
$R xl_help_rc "$($XL create --help >/dev/null 2>&1; echo $?)"

# ---- baseline ----
$XL list > /tmp/list0 2>&1
show list0 /tmp/list0
base_mem=$(free_mem)
base_ev=$(evtchns)
$R baseline_ok "$(yesno [ -n "$base_mem" ] && [ "$base_ev" -ge 1 ])"

# ---- errors that must leave nothing behind ----
err_case() {   # NAME EXPECTED-TEXT XL-ARGS...
    ec_name=$1 ec_text=$2; shift 2
    "$@" > /tmp/err.$ec_name 2>&1
    ec_rc=$?
    show "$ec_name" /tmp/err.$ec_name
    $R "${ec_name}_rc" "$ec_rc"
    $R "${ec_name}_msg" "$(yesno grep -q "$ec_text" /tmp/err.$ec_name)"
    $R "${ec_name}_clean" "$(yesno clean)"
}
printf 'name = "bad"\nmemory = 256\nvcpus = [1\n' > /etc/xen/bad-syntax.cfg
err_case badsyntax 'bad-syntax.cfg:3' $XL create /etc/xen/bad-syntax.cfg
printf 'name = "bad"\nkernel = "/guest/vmlinux"\nmemory = "lots"\n' > /etc/xen/bad-type.cfg
err_case badtype "bad-type.cfg:3: field 'memory'" $XL create /etc/xen/bad-type.cfg
cfg nokernel /guest/no-such-vmlinux > /etc/xen/nokernel.cfg
err_case nokernel 'no-such-vmlinux' $XL create /etc/xen/nokernel.cfg
echo "this is not a kernel" > /guest/notakernel
cfg badkernel /guest/notakernel > /etc/xen/badkernel.cfg
err_case badkernel 'not a kernel image' $XL create /etc/xen/badkernel.cfg
# An ELF without Xen notes (busybox itself).
cfg elfkernel /bin/busybox > /etc/xen/elfkernel.cfg
err_case elfkernel 'elfkernel\|Xen\|ELF' $XL create /etc/xen/elfkernel.cfg
# Fails after the domain exists (more memory than the host has): rollback.
err_case toobig 'populate_physmap\|max_mem\|memory' $XL create /etc/xen/t1.cfg name=toobig memory=3000 maxmem=3000
err_case unknown "no domain named 'nosuch'" $XL destroy nosuch
err_case unknown_shutdown "no domain named 'nosuch'" $XL shutdown nosuch
err_case usage 'Usage: xl create' $XL create
$R toobig_mem_back "$(yesno wait_until 10 mem_back)"

# ---- create -c: boot messages on the attached console, Ctrl-] detaches ----
$T pty -o /tmp/con1 -T 300 -e 'Linux version' -e 'DOMU-INIT' -s '\x1d' -- \
    $XL create -c /etc/xen/t1v.cfg
rc=$?
show con1 /tmp/con1 | head -40
show con1 /tmp/con1 | grep 'DOMU-' | head -5
$R create_c_rc "$rc"
$R console_boot_msgs "$(yesno grep -q 'Linux version' /tmp/con1)"
$R console_marker "$(yesno grep -q 'DOMU-INIT' /tmp/con1)"
$R t1_running "$(yesno listed t1)"
id1=$(domid_of t1)
$R t1_log_marker "$(yesno grep -q DOMU-INIT $CL/guest-t1.log)"

# ---- xl console re-attaches ----
$T pty -o /tmp/con2 -T 120 -e 'DOMU-TICK' -s '\x1d' -- $XL console t1
rc=$?
$R reattach_rc "$rc"
$R reattach_tick "$(yesno grep -q 'DOMU-TICK' /tmp/con2)"

# ---- list, list -l, and the other queries ----
$XL list > /tmp/list1 2>&1; show list /tmp/list1
$R list_t1 "$(awk -v id="$id1" '$1=="t1" && $2==id {print "id-ok", $3, $4}' /tmp/list1)"
$R list_t1_state "$(awk '$1=="t1"{print ($5 ~ /^[-rb]{2}----$/) ? "ok" : $5}' /tmp/list1)"
$XL list -l > /tmp/list.json 2>&1
$R list_json_valid "$(yesno $T json /tmp/list.json)"
$R list_json_name "$(yesno grep -q '"name": *"t1"' /tmp/list.json)"
$XL list -l t1 > /tmp/list1.json 2>&1
$R list_json_one "$(yesno $T json /tmp/list1.json)"
$R debian_xl_sees "$($DXL list 2>/dev/null | awk '$1=="t1"{print "yes"}')"
$XL vcpu-list t1 > /tmp/vcpu 2>&1; show vcpu /tmp/vcpu
$R vcpu_list "$(awk '$1=="t1"{n++} END{print n}' /tmp/vcpu)"
$XL uptime t1 > /tmp/up 2>&1; show up /tmp/up
$R uptime "$(yesno grep -q '^t1 .*[0-9]:[0-9][0-9]:[0-9][0-9]' /tmp/up)"
$XL sched-credit -d t1 > /tmp/sched 2>&1; rc=$?; show sched /tmp/sched
$R sched_credit "$rc $(awk '$1=="t1"{print $3}' /tmp/sched)"
$XL sched-credit -d t1 -w 512 >/dev/null 2>&1
$R sched_set "$($XL sched-credit -d t1 | awk '$1=="t1"{print $3}')"
$XL vcpu-set t1 2 > /tmp/vs 2>&1; rc=$?
$R vcpu_set_rc "$rc"
$R vcpu_set_online "$(yesno wait_until 15 grep -q 'DOMU-TICK.*online=0-1' $CL/guest-t1.log)"
$XL vcpu-set t1 3 > /tmp/vs 2>&1
$R vcpu_set_too_many "$(yesno grep -q 'at most' /tmp/vs)"
$XL pause t1; $R paused "$($XL list t1 | awk '$1=="t1"{print substr($5,3,1)}')"
$XL unpause t1; $R unpaused "$($XL list t1 | awk '$1=="t1"{print substr($5,3,1)}')"
$XL rename t1 t1x; $R renamed "$(yesno listed t1x)"
$XL rename t1x t1

# ---- a second domain side by side ----
$XL create /etc/xen/t2.cfg > /tmp/c2 2>&1
rc=$?; show c2 /tmp/c2
$R create_t2_rc "$rc"
$R t2_marker "$(yesno wait_until 60 grep -q DOMU-INIT $CL/guest-t2.log)"
id2=$(domid_of t2)
$R both_running "$(yesno listed t1 && listed t2 && [ "$id1" != "$id2" ])"
$R dup_name "$($XL create /etc/xen/t2.cfg >/tmp/dup 2>&1; echo $?) $(yesno grep -q 'already exists' /tmp/dup)"
show guest-t2 $CL/guest-t2.log | grep DOMU | head -3

# ---- shutdown -w: the guest powers off through control/shutdown ----
$XL shutdown -w t1 > /tmp/sd 2>&1
rc=$?; show sd /tmp/sd
$R shutdown_rc "$rc"
$R t1_poweroff_marker "$(yesno grep -q DOMU-POWEROFF $CL/guest-t1.log)"
$R t1_gone "$(yesno wait_until 10 not_listed t1)"
$R t2_still_running "$(yesno listed t2)"

# ---- reboot: the monitor brings it back with a new domid ----
$XL reboot t2 > /tmp/rb 2>&1
rc=$?; show rb /tmp/rb
$R reboot_rc "$rc"
two_inits() { [ "$(grep -c DOMU-INIT $CL/guest-t2.log)" -ge 2 ]; }
$R t2_rebooted "$(yesno wait_until 90 two_inits)"
id2b=$(domid_of t2)
$R t2_new_domid "$(yesno [ -n "$id2b" ] && [ "$id2b" != "$id2" ])"
$R t2_reboot_marker "$(yesno grep -q DOMU-REBOOT $CL/guest-t2.log)"
show guest-t2 $CL/guest-t2.log | grep DOMU- | tail -3
show monitor /var/log/xen/xl-t2.log

# ---- destroy: nothing left ----
$XL destroy t2; rc=$?
$R destroy_rc "$rc"
$R destroy_gone "$(yesno not_listed t2)"
wait_until 10 clean
$R nothing_left "$(yesno clean)"
$R xs_left "[$(xs_left)]"
$R evtchn_back "$(yesno [ "$(evtchns)" -eq "$base_ev" ])"
$R memory_back "$(yesno wait_until 15 mem_back)"
$R no_monitors "$(yesno wait_until 10 sh -c '! ps | grep -v grep | grep -q "xl create"')"
$R xl_list_final "$($XL list | wc -l)"

# ---- create -p leaves it paused; destroy of a paused domain ----
$XL create -p -e /etc/xen/t1.cfg >/dev/null 2>&1
$R create_p "$($XL list t1 2>/dev/null | awk '$1=="t1"{print substr($5,3,1)}')"
$XL destroy t1
$R create_p_clean "$(yesno wait_until 10 clean)"

# ---- bzImage kernel (decompressed by our loader) ----
if [ -f /guest/vmlinuz ]; then
    cfg tz /guest/vmlinuz > /etc/xen/tz.cfg
    $XL create /etc/xen/tz.cfg > /tmp/cz 2>&1; rc=$?; show cz /tmp/cz
    $R bzimage_boot "$rc $(yesno wait_until 60 grep -q DOMU-INIT $CL/guest-tz.log)"
    $XL destroy tz
fi

dmesg | grep -i 'segfault\|general protection' | sed 's/^/dom0-dmesg| /'
$R scenario_end yes
xl_poweroff

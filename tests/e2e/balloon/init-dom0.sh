#!/bin/busybox sh
# Scenario balloon (dom0 /init): OUR xl resizes a running PV domU and
# Domain-0 on the hypervisor, with Debian's xenstored and xenconsoled as
# the daemons.  Every check ends as "XENOLITH-RESULT key=value"; run.sh
# says which values are expected.  Sizes are MiB unless named _kb.
. /etc/xenolith/init-common.sh
# wait_until SECONDS CMD...: init-common.sh's, but polling once a second; SECONDS is scaled by
# WAIT_SCALE (3 by default): a loaded host slows emulated guests, and late
# is not wrong.  (Once a second, not faster: every poll starts processes,
# and they may die at start-up, see retry.)
wait_until() {
    wu_n=$(($1 * ${WAIT_SCALE:-3})); shift
    while [ $wu_n -gt 0 ]; do "$@" && return 0; sleep 1; wu_n=$((wu_n - 1)); done
    "$@"
}
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev
xl_mount_xenfs
xl_start_xen417_daemons c

XL=/opt/xenolith/bin/xl
DXL=/usr/lib/xen-4.17/bin/xl
CL=/var/log/xen/console
R=xl_result
# retry CMD...: CMD's output, CMD run again (up to 3 times) while it prints
# nothing.  Only for the measuring helpers below: on Xen 4.17 under a
# loaded TCG host, dom0's busybox processes now and then die at start-up
# (segfault in __ctype_init, the same in other suites; see the dom0-dmesg
# lines at the end), and a dead awk is not a fact about memory.
retry() {
    r_i=0
    while :; do
        r_out=$("$@")
        [ -n "$r_out" ] || [ $r_i -ge 2 ] && break
        r_i=$((r_i + 1))
    done
    echo "$r_out"
}
free_mem() { retry _free_mem; }
_free_mem() { $XL info | awk -F': ' '/^free_memory/{print $2}'; }
# Mem column of xl list (MiB, from the hypervisor's tot_pages).
list_mem() { retry _list_mem "$1"; }
_list_mem() { $XL list "$1" 2>/dev/null | awk -v n="$1" '$1==n{print $3}'; }
# The hypervisor's limit (KiB) from xl list -l.
hv_max_kb() { retry _hv_max_kb "$1"; }
_hv_max_kb() { $XL list -l "$1" | sed -n 's/.*"max_memkb": *\([0-9]*\).*/\1/p'; }
xs() { retry xenstore-read "/local/domain/$1/memory/$2" 2>/dev/null; }
# The guest's last report: FIELD of the newest complete DOMU-MEM line
# (KiB); the one before the newest, since that may still be half written.
# One awk, not a pipeline: fewer processes to start (see wait_until).
guest() { retry guest1 "$1"; }
guest1() {
    awk -v f="$1=" '/DOMU-MEM/ { prev = last; last = $0 }
        END { n = split(prev, w, " ")
              for (i = 1; i <= n; i++)
                  if (index(w[i], f) == 1) {
                      v = substr(w[i], length(f) + 1); gsub(/[^0-9]/, "", v); print v
                  } }' "$CL/guest-b1.log"
}
# within PCT A B: |A - B| <= PCT% of B (shell arithmetic, no process)
within() {
    [ -n "$2" ] && [ -n "$3" ] || return 1
    w_d=$(($2 - $3)); [ $w_d -lt 0 ] && w_d=$((-w_d))
    [ $((w_d * 100)) -le $(($1 * $3)) ]
}
# at_size DOMAIN MIB: xl list shows it.
at_size() { [ "$(list_mem "$1")" = "$2" ]; }
# The guest's balloon driver has reported a count of MIB.
guest_at() { [ "$(guest cur)" = "$(($1 * 1024))" ]; }
# settled DOMAIN: its size did not change over 3 s.
settled() { s1=$(list_mem "$1"); sleep 3; [ "$(list_mem "$1")" = "$s1" ]; }
# ask NAME EXPECTED-RC XL-ARGS...: runs our xl, shows and records its
# exit status as NAME_rc; the output stays in /tmp/NAME.
ask() {
    a_name=$1; shift
    "$@" > /tmp/$a_name 2>&1
    a_rc=$?
    show "$a_name" /tmp/$a_name
    $R "${a_name}_rc" "$a_rc"
}
# said NAME TEXT: yes if /tmp/NAME holds TEXT (grep re-run if it died)
said() {
    s_i=0
    while :; do
        grep -q "$2" /tmp/$1; s_rc=$?
        [ $s_rc -le 1 ] || [ $s_i -ge 2 ] && break
        s_i=$((s_i + 1))
    done
    [ $s_rc -eq 0 ] && echo yes || echo no
}

# ---- help and usage ----
$XL mem-set --help > /tmp/help 2>&1; h1=$?
$XL mem-max --help >> /tmp/help 2>&1; h2=$?
show help /tmp/help
$R help_rc "$(( h1 + h2 ))$(grep -q 'Usage: xl mem-max' /tmp/help || echo -nohelp)"
ask usage $XL mem-set
ask badsize $XL mem-set Domain-0 12x
$R badsize_msg "$(said badsize "'12x' is not a memory size")"

# ---- a 512 MiB guest ----
mkdir -p /etc/xen
cat > /etc/xen/b1.cfg <<CFG
type = "pv"
name = "b1"
kernel = "/guest/vmlinux"
ramdisk = "/guest/domu.gz"
extra = "console=hvc0 quiet loglevel=4"
memory = 512
maxmem = 512
vcpus = 1
CFG
free_before_create=$(free_mem)
ask create $XL create /etc/xen/b1.cfg
$R domu_up "$(yesno wait_until 60 sh -c "grep -q DOMU-MEM $CL/guest-b1.log")"
id=$($XL domid b1)
$R create_nodes "$(xs "$id" target) $(xs "$id" static-max)"
wait_until 20 settled b1
list0=$(list_mem b1)
$R list_start "$list0"
total0=$(guest total)
free0=$(free_mem)
echo "start: list=$list0 guest: $(guest total) total, $(guest cur) balloon; free=$free0 (before create $free_before_create)"
$R guest_start "$(yesno [ "$(guest cur)" = $((list0 * 1024)) ])"

# ---- 512 -> 256 MiB ----
ask down $XL mem-set b1 256
$R down_target "$(xs "$id" target)"
$R down_reached "$(yesno wait_until 120 at_size b1 256)"
wait_until 20 guest_at 256
list1=$(list_mem b1)
$R down_list "$list1"
total1=$(guest total)
free1=$(free_mem)
echo "down: list=$list1 guest: $total1 total, $(guest cur) balloon; free=$free1"
# The balloon driver counts every page the guest has; MemTotal leaves out
# what the kernel reserved at boot, so it must drop by as much as xl list.
$R down_guest_cur "$(yesno within 5 "$(guest cur)" $((list1 * 1024)))"
$R down_guest_total "$(yesno within 5 $((total0 - total1)) $(((list0 - list1) * 1024)))"
$R down_free "$(yesno within 5 $((free1 - free0)) $((list0 - list1)))"

# ---- back to 512 MiB ----
ask up $XL mem-set b1 512m
$R up_reached "$(yesno wait_until 120 at_size b1 512)"
wait_until 20 guest_at 512
list2=$(list_mem b1)
$R up_list "$list2"
total2=$(guest total)
free2=$(free_mem)
echo "up: list=$list2 guest: $total2 total, $(guest cur) balloon; free=$free2"
$R up_guest_total "$(yesno within 5 "$total2" "$total0")"
$R up_free "$(yesno within 5 $((free1 - free2)) $((list2 - list1)))"

# ---- refused: above the maximum, below the minimum; nothing changes ----
snapshot() { echo "$(xs "$id" target) $(xs "$id" static-max) $(hv_max_kb b1) $(list_mem b1)"; }
snap=$(snapshot)
ask over $XL mem-set b1 600
$R over_msg "$(said over "600 MiB is above the domain's maximum of 512 MiB")"
sleep 3
$R over_unchanged "$(yesno [ "$(snapshot)" = "$snap" ])"
ask under $XL mem-set b1 16
$R under_msg "$(said under 'below the minimum of 32 MiB')"
sleep 3
$R under_unchanged "$(yesno [ "$(snapshot)" = "$snap" ])"
echo "refused: before [$snap] after [$(snapshot)]"

# ---- mem-max: the limit the hypervisor enforces ----
ask maxlow $XL mem-max b1 384
$R maxlow_msg "$(said maxlow 'below the domain.s current target of 512 MiB')"
ask mid $XL mem-set b1 320
$R mid_reached "$(yesno wait_until 120 at_size b1 320)"
ask max $XL mem-max b1 384M
$R max_static "$(xs "$id" static-max)"
$R max_hv "$(hv_max_kb b1)"
ask over_max $XL mem-set b1 400
$R over_max_msg "$(said over_max 'above the domain.s maximum of 384 MiB')"
# Tell the guest to grow to 480 MiB behind the toolstack's back: its
# balloon driver tries, and the hypervisor stops it at 384 + 1 MiB.
xenstore-write "/local/domain/$id/memory/target" $((480 * 1024))
grew() { [ "$(list_mem b1)" -ge 380 ]; }
$R push_grew "$(yesno wait_until 120 grew)"
wait_until 60 settled b1
pushed=$(list_mem b1)
echo "pushed to 480 MiB: list=$pushed hv_max_kb=$(hv_max_kb b1) guest cur=$(guest cur)"
$R push_capped "$(yesno [ "$pushed" -le 385 ])"
$R push_guest_capped "$(yesno [ "$(guest cur)" -le $((385 * 1024)) ])"
$XL mem-set b1 384 || $R restore_384 failed

# ---- Domain-0 ----
d0=$(list_mem Domain-0)
ask d0_under $XL mem-set Domain-0 64
$R d0_under_msg "$(said d0_under 'below the minimum of 128 MiB for Domain-0')"
wait_until 20 settled Domain-0
d0=$(list_mem Domain-0)
freea=$(free_mem)
ask d0 $XL mem-set Domain-0 $((d0 - 64))
$R d0_nodes "$(yesno [ "$(xs 0 target)" = $(((d0 - 64) * 1024)) ] && [ -n "$(xs 0 static-max)" ])"
$R d0_reached "$(yesno wait_until 120 at_size Domain-0 $((d0 - 64)))"
freeb=$(free_mem)
echo "Domain-0: $d0 -> $(list_mem Domain-0) MiB, static-max $(xs 0 static-max) KiB; free $freea -> $freeb"
$R d0_free "$(yesno within 5 $((freeb - freea)) 64)"

# ---- Debian's xl sees the same ----
$DXL list > /tmp/dlist 2>&1; show dxl /tmp/dlist
$XL list > /tmp/olist 2>&1; show oxl /tmp/olist
col3() { awk -v n="$1" '$1==n{print $3}' "$2"; }
same() { [ "$(retry col3 "$1" /tmp/dlist)" = "$(retry col3 "$1" /tmp/olist)" ]; }
$R debian_agrees "$(yesno same b1 && same Domain-0)"

ask destroy $XL destroy b1
mem_back() { [ "$(free_mem)" -ge $((free_before_create + 64 - 2)) ]; }
$R memory_back "$(yesno wait_until 30 mem_back)"
echo "after destroy: free=$(free_mem) (before create $free_before_create, dom0 gave 64)"

grep -a DOMU-MEM "$CL/guest-b1.log" | tail -n 3 | sed 's/^/guest-b1| /'
dmesg | grep -i 'segfault\|general protection\|balloon' | sed 's/^/dom0-dmesg| /'
$R scenario_end yes
xl_poweroff

#!/bin/busybox sh
# Scenario save (dom0 /init): OUR xl save / xl restore (issue 5, items 1-2)
# with Debian's xenstored and xenconsoled.  Inside the domU, memfill (pid
# P) fills 64 MiB with a known pattern and prints its checksum every 3 s.
# Checks: xl save removes the domain and writes a whole image; xl restore
# brings back the same process with the same checksum, a clock that went
# on, a console that re-attaches and a xenbus that answers (shutdown);
# xl save -c leaves the guest running and its image restores as a second
# copy once the first is gone; truncated, corrupt and foreign images fail
# with the offset and record named, leaving nothing behind.  Every check
# ends as "XENOLITH-RESULT key=value"; run.sh lists the expected values.
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev
xl_mount_xenfs
xl_start_xen417_daemons c

XL=/opt/xenolith/bin/xl
T=/opt/xenolith/bin/tshelp
INFO=/opt/xenolith/bin/xenolith-saveinfo
CL=/var/log/xen/console
IMG=/var/lib/xen/save
R=xl_result
running() { $XL list "$1" 2>/dev/null | awk -v n="$1" '$1==n && $5 ~ /^[rb-][rb-]----$/ {f=1} END{exit !f}'; }
# Console log of guest NAME: its line count; field KEY of the last line
# matching PATTERN after line FROM (one awk each: no pipelines).
log_lines() { awk 'END { print NR }' "$CL/guest-$1.log" 2>/dev/null || echo 0; }
field() {   # NAME FROM PATTERN KEY
    awk -v from="$2" -v pat="$3" -v k="$4" '
        NR > from && index($0, pat) { line = $0 }
        END { gsub(/\r/, "", line); n = split(line, f, " ")
              for (i = 1; i <= n; i++)
                  if (index(f[i], k "=") == 1) v = substr(f[i], length(k) + 2)
              print v }' "$CL/guest-$1.log" 2>/dev/null
}
memcheck() { field "$1" "$2" DOMU-MEMCHECK "$3"; }
has_memcheck() { [ -n "$(memcheck "$1" "$2" sum)" ]; }

mkdir -p /etc/xen $IMG
cat > /etc/xen/s1.cfg <<EOF
type = "pv"
name = "s1"
kernel = "/guest/vmlinux"
ramdisk = "/guest/domu.gz"
extra = "console=hvc0 quiet loglevel=4"
memory = 256
maxmem = 256
vcpus = 1
on_crash = "preserve"
EOF
want_sum=$(/opt/xenolith/bin/memfill -s 64)
$R xl_save_help "$($XL save --help >/dev/null 2>&1; echo $?)"
$R xl_restore_help "$($XL restore --help >/dev/null 2>&1; echo $?)"
base_mem=$(free_mem)
base_ev=$(evtchns)

# ---- a guest with a 64 MiB witness ----
$XL create /etc/xen/s1.cfg > /tmp/c1 2>&1; rc=$?; show c1 /tmp/c1
$R create_rc "$rc"
wait_until 120 has_memcheck s1 0
show guest-s1 $CL/guest-s1.log | tail -n 15
pid0=$(field s1 0 'DOMU-MEM ' pid)
sum0=$(field s1 0 'DOMU-MEM ' sum)
up0=$(memcheck s1 0 uptime)
$R witness "$(yesno [ -n "$pid0" ] && [ "$sum0" = "$want_sum" ])"

# ---- errors before anything happens: the guest keeps running ----
$XL save s1 /no/such/dir/s1.img > /tmp/e1 2>&1; rc=$?; show e1 /tmp/e1
$R save_badpath "$rc $(yesno grep -q '/no/such/dir' /tmp/e1) $(yesno running s1)"
$XL save nosuch $IMG/x.img > /tmp/e2 2>&1; rc=$?
$R save_nodomain "$rc $(yesno grep -q "nosuch" /tmp/e2)"

# ---- xl save: the domain is gone, the image is whole ----
$XL save s1 $IMG/s1.img > /tmp/save1 2>&1; rc=$?; show save1 /tmp/save1
$R save_rc "$rc"
$R save_progress "$(yesno grep -q 'xl save: 100%' /tmp/save1)"
$R save_gone "$(yesno wait_until 10 not_listed s1)"
$INFO $IMG/s1.img > /tmp/info1 2>&1; rc=$?; show info1 /tmp/info1 | tail -3
$R saveinfo "$rc"
ls -l $IMG/s1.img | sed 's/^/image| /'

# ---- xl restore: the same process, the same memory ----
n1=$(log_lines s1)
$XL restore $IMG/s1.img > /tmp/rest1 2>&1; rc=$?; show rest1 /tmp/rest1
$R restore_rc "$rc"
$R restore_progress "$(yesno grep -q 'xl restore: 100%' /tmp/rest1)"
$R restored_running "$(yesno running s1)"
wait_until 120 has_memcheck s1 "$n1"
awk -v from="$n1" 'NR > from && /DOMU-/' $CL/guest-s1.log | head -3 | sed 's/^/guest-s1-restored| /'
$R same_pid "$(yesno [ "$(memcheck s1 "$n1" pid)" = "$pid0" ])"
$R same_sum "$(yesno [ "$(memcheck s1 "$n1" sum)" = "$sum0" ])"
up1=$(memcheck s1 "$n1" uptime)
wall1=$(memcheck s1 "$n1" wall)
now=$(date +%s)
$R uptime_on "$(yesno awk -v a="$up0" -v b="$up1" 'BEGIN{exit !(b > a)}')"
# The guest's wallclock follows the host's (within a minute either way).
$R wallclock_sane "$(yesno awk -v w="$wall1" -v n="$now" 'BEGIN{d=w-n; if (d<0) d=-d; exit !(d < 60)}')"
$T pty -o /tmp/con1 -T 120 -e 'DOMU-MEMCHECK' -s '\x1d' -- $XL console s1
rc=$?
$R console_reattach "$rc $(yesno grep -q 'DOMU-MEMCHECK' /tmp/con1)"

rm -f $IMG/s1.img      # dom0's /var is memory

# ---- xl save -c: a checkpoint; the guest carries on ----
n2=$(log_lines s1)
$XL save -c s1 $IMG/c.img > /tmp/save2 2>&1; rc=$?; show save2 /tmp/save2
$R ckpt_rc "$rc"
$R ckpt_running "$(yesno running s1)"
wait_until 120 has_memcheck s1 "$n2"
$R ckpt_same "$(yesno [ "$(memcheck s1 "$n2" pid)" = "$pid0" ] && [ "$(memcheck s1 "$n2" sum)" = "$sum0" ])"
$INFO -q $IMG/c.img; $R ckpt_saveinfo "$?"
# xenbus answers after restore and checkpoint: an orderly shutdown.
$XL shutdown -w s1 > /tmp/sd 2>&1; rc=$?; show sd /tmp/sd
$R xenbus_shutdown "$rc $(yesno grep -q DOMU-POWEROFF $CL/guest-s1.log)"
$XL destroy s1 2>/dev/null
$R first_gone "$(yesno wait_until 10 not_listed s1)"

# ---- the checkpoint restores as a second copy ----
n3=$(log_lines s1)
$XL restore $IMG/c.img > /tmp/rest2 2>&1; rc=$?; show rest2 /tmp/rest2
$R copy_rc "$rc"
wait_until 120 has_memcheck s1 "$n3"
$R copy_same "$(yesno [ "$(memcheck s1 "$n3" pid)" = "$pid0" ] && [ "$(memcheck s1 "$n3" sum)" = "$sum0" ])"
$XL destroy s1
$R copy_gone "$(yesno wait_until 10 clean)"
$R memory_back "$(yesno wait_until 15 mem_back)"

# ---- damaged images: a clear error, nothing left ----
bad_case() {   # NAME EXPECTED-TEXT FILE
    $XL restore "$3" > /tmp/bad.$1 2>&1; bc_rc=$?
    show "$1" /tmp/bad.$1
    $R "$1" "$bc_rc $(yesno grep -q "$2" /tmp/bad.$1) $(yesno grep -q 'offset [0-9]' /tmp/bad.$1) $(yesno wait_until 10 clean)"
}
size=$(wc -c < $IMG/c.img)
# Cut in the middle of the page data: the domain exists by then.
head -c $((size / 2)) $IMG/c.img > $IMG/trunc.img
bad_case truncated 'truncated' $IMG/trunc.img
rm -f $IMG/trunc.img
# One byte flipped three quarters in: that record's checksum.
off=$((size * 3 / 4))
cur=$(dd if=$IMG/c.img bs=1 skip=$off count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
if [ "$cur" = 255 ]; then flip='\000'; else flip='\377'; fi
printf "$flip" | dd of=$IMG/c.img bs=1 seek=$off conv=notrunc 2>/dev/null
bad_case corrupt 'checksum mismatch' $IMG/c.img
bad_case foreign 'not a Xenolith save image' /bin/busybox
$R restore_nofile "$($XL restore /no/such.img >/dev/null 2>&1; echo $?)"
$R nothing_left "[$(xs_left)]"
$R memory_back_end "$(yesno wait_until 15 mem_back)"

dmesg | grep -i 'segfault\|general protection' | sed 's/^/dom0-dmesg| /'
$R scenario_end yes
xl_poweroff

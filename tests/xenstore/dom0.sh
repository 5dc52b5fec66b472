#!/bin/bash
# tests/xenstore/dom0.sh - xenstore on a hypervisor (HV=xen417 by default:
# Debian's Xen 4.17 under QEMU, the reference scenario).  Two boots:
#   xenstore-ours    our xenstored is dom0's store: dom0 kernel xenbus,
#                    xen-init-dom0, xl info/list/create/destroy, a PV domU
#                    on a gntdev-mapped ring, domain-death clean-up, the
#                    special nodes' permissions;
#   xenstore-theirs  our clients and libxenstore against Debian's C
#                    xenstored, then oxenstored.
# Every expected XENOLITH-RESULT counts as one test, and each boot's own
# verdict (markers, no panic, clean power-off) as one more.  Prints
# "ok"/"not ok" lines; sourced counters: DOM0_PASS, DOM0_FAIL.  Run alone
# it ends with "xenstore-dom0: N passed, N failed".  XS_BOOTS="ours" or
# "theirs" runs one boot only.
set -uo pipefail
. "$(dirname "$0")/../lib/scenario.sh"
DOM0_PASS=0 DOM0_FAIL=0
ok()  { DOM0_PASS=$((DOM0_PASS + 1)); echo "ok $1"; }
bad() { DOM0_FAIL=$((DOM0_FAIL + 1)); echo "not ok $1${2:+: $2}"; }

# ---- trees ----
. "$ROOT/tests/xenstore/roots.sh"
xs_roots || { bad "build"; return 1 2>/dev/null || exit 1; }

# domU: busybox, our client, its libc.
domu_root="$BUILD/roots/xenstore-domu"
rm -rf "$domu_root"; mkdir -p "$domu_root/opt/xenolith/bin"
cp -a "$ours/opt/xenolith/bin/xenstore" "$ours"/opt/xenolith/bin/xenstore-{read,write,watch} "$domu_root/opt/xenolith/bin/"
"$ROOT/tests/lib/elf-closure.sh" "$domu_root" "$domu_root/opt/xenolith/bin/xenstore" || exit 1
domu_initrd="$BUILD/initramfs/xenstore-domu.cpio.gz"
"$MKINITRAMFS" -o "$domu_initrd" -i "$ROOT/tests/xenstore/init-domu.sh" -d "$domu_root" || exit 1

# boot NAME INIT EXTRA-MKINITRAMFS-ARGS... -- HARNESS-ARGS...
boot() {
    local name=$1 init=$2; shift 2
    local mk=() h=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do mk+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    h=("$@")
    local initrd="$BUILD/initramfs/$name.cpio.gz"
    "$MKINITRAMFS" -o "$initrd" -i "$init" -m xen-privcmd -m xenfs -m xen-evtchn \
        -m xen-gntdev -d "$tools" -d "$ours" "${mk[@]}" || { bad "$name initramfs"; return 1; }
    local log="$BUILD/logs/$name-$HV.log" out
    out=$("$HARNESS" --name "$name-$HV" --hv "$HV" --hv-args "$HV_ARGS" \
        --module "$DOM0_KERNEL $DOM0_ARGS" --module "$initrd" \
        --cpu "${CPU_MODELS[0]}" --smp 2 --mem 2048 --timeout "${TIMEOUT:-240}" \
        --expect XENOLITH-INIT --expect XENOLITH-POWEROFF "${h[@]}")
    local rc=$?
    # One test per expected result, read from the serial log.
    local kv k v got
    for kv in "${h[@]}"; do
        case "$kv" in *=*) ;; *) continue ;; esac
        k=${kv%%=*} v=${kv#*=}
        got=$(grep -a -o "XENOLITH-RESULT $k=.*" "$log" | head -n 1 | sed "s/^XENOLITH-RESULT $k=//" | tr -d '\r')
        if [ "$got" = "$v" ]; then ok "$name $k"; else bad "$name $k" "got '$got' want '$v'"; fi
    done
    if [ $rc -eq 0 ]; then ok "$name boot"; else bad "$name boot" "$(echo "$out" | head -n 1)"; echo "$out" | tail -n 25; fi
}
# res K=V...: --result arguments.
res() { for kv in "$@"; do printf -- '--result\n%s\n' "$kv"; done; }

mapfile -t R1 < <(res ours_started=yes kernel_watch_on_ring=yes xen_init_dom0_rc=0 \
    dom0_name=Domain-0 xenbus_ours=via-xenbus xenbus_debian=Domain-0 ring_traffic=yes \
    xl_info_ver=4 xl_list_dom0=0 special_default=n0 "special_set=n0 r7" \
    "special_other=error No such file or directory" domu_created=yes domu_introduced=T \
    intro_event=yes domu_wrote=hello domu_read_name=xsdomu domu_node_owner="(n1)" \
    domu_watch_event=DOMU-PING-GOT owned_before=yes xl_destroy_rc=0 domu_introduced_after=F \
    owned_after=no domu_home_after=no release_event=yes special_forgot_domu=n0 \
    xl_list_after=1 ours_alive=yes)
want() { case " ${XS_BOOTS:-ours theirs} " in *" $1 "*) return 0 ;; esac; return 1; }
want ours && boot xenstore-ours "$ROOT/tests/xenstore/init-dom0-ours.sh" \
    -f "$GUEST_VMLINUX:/guest/vmlinux" -f "$domu_initrd:/guest/domu.gz" -- "${R1[@]}"

R2=()
for p in c o; do
    mapfile -t -O "${#R2[@]}" R2 < <(res ${p}_started=yes ${p}_ours_read=hello ${p}_ours_list=c,d, \
        ${p}_ours_perms=r0 "${p}_ours_ls=c=x,d=y," ${p}_ours_rm=no ${p}_ours_missing=1 \
        ${p}_ours_xenbus=via-ring ${p}_ours_watch=/t-$p/w,/t-$p/w/x, ${p}_deb_on_ours=on-our-lib \
        ${p}_deb_on_ours_xenbus=on-our-lib ${p}_deb_on_ours_ls=5 ${p}_api_dom0=T \
        ${p}_api_bench_smoke=10 ${p}_alive=yes)
done
# The special nodes: oxenstored does as Xen documents (and as we do); the C
# xenstored of Debian's 4.17 answers EINVAL to GET_PERMS and SET_PERMS on
# any "@" name, with either library (observed, kept as a check so that a
# change shows).
mapfile -t -O "${#R2[@]}" R2 < <(res o_api_special=n0 o_api_special_deblib=n0 \
    "o_api_special_other=error No such file or directory" "o_api_special_set=n0 r3" \
    "c_api_special=error Invalid argument" "c_api_special_deblib=error Invalid argument" \
    "c_api_special_other=error Invalid argument" "c_api_special_set=error Invalid argument")
want theirs && boot xenstore-theirs "$ROOT/tests/xenstore/init-dom0-theirs.sh" -- \
    --result our_lib_loaded=yes --result debian_lib_default=yes "${R2[@]}"

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    echo "xenstore-dom0: $DOM0_PASS passed, $DOM0_FAIL failed"
    [ "$DOM0_FAIL" -eq 0 ]
fi

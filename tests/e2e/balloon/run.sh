#!/bin/bash
# tests/e2e/balloon/run.sh - a running domain's memory, resized with OUR
# xl (tools/xl mem-set / mem-max, tools/libxl/libxl_mem.c) in a busybox
# dom0, against Debian's Xen 4.17 with Debian's xenstored and xenconsoled
# (the pieces of tests/e2e/toolstack).
#
# The domU is Debian's kernel (PV, its balloon driver built in) with a
# busybox init (init-domu.sh) that prints MemTotal and the balloon
# driver's counts every second.  init-dom0.sh checks: help and usage
# errors; create writes memory/target and static-max; a 512 MiB guest set
# to 256 MiB reaches it (xl list, the guest's balloon count and its
# MemTotal agree within 5%) and xl info's free memory grows by as much;
# set back to 512 MiB the memory returns; a target above maxmem or below
# the minimum is refused with a clear message and nothing changes; mem-max
# lowers the limit the hypervisor enforces (a guest told to grow past it
# by xenstore directly stops at it); Domain-0 shrinks by 64 MiB and free
# memory grows by as much; Debian's xl sees the same sizes.
#
# One QEMU boot; each XENOLITH-RESULT below is one check.  Ends with
# "balloon: N passed, N failed".
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../lib/scenario.sh"
TS="$ROOT/tests/e2e/toolstack"

if [ "$HV" != xen417 ]; then
    echo "balloon: HV=$HV: our toolstack builds domUs on xen417 only today"
    echo "balloon: (see tests/e2e/toolstack); running anyway"
fi

EXPECT=(
    help_rc=0 usage_rc=2 badsize_rc=2 badsize_msg=yes
    create_rc=0 domu_up=yes "create_nodes=524288 524288"
    list_start=512 guest_start=yes
    down_rc=0 down_target=262144 down_reached=yes down_list=256
    down_guest_cur=yes down_guest_total=yes down_free=yes
    up_rc=0 up_reached=yes up_list=512 up_guest_total=yes up_free=yes
    over_rc=1 over_msg=yes over_unchanged=yes
    under_rc=1 under_msg=yes under_unchanged=yes
    maxlow_rc=1 maxlow_msg=yes
    mid_rc=0 mid_reached=yes
    max_rc=0 max_static=393216 max_hv=394240
    over_max_rc=1 over_max_msg=yes
    push_grew=yes push_capped=yes push_guest_capped=yes
    d0_under_rc=1 d0_under_msg=yes
    d0_rc=0 d0_nodes=yes d0_reached=yes d0_free=yes
    debian_agrees=yes
    destroy_rc=0 memory_back=yes
    scenario_end=yes
)

make -s -C "$ROOT/tools/xl" >/dev/null || exit 1
ours="$BUILD/roots/balloon-ours"
rm -rf "$ours"; mkdir -p "$ours/opt/xenolith/bin"
cp "$ROOT/tools/xl/xl" "$ours/opt/xenolith/bin/xl"
"$ROOT/tests/lib/elf-closure.sh" "$ours" "$ours"/opt/xenolith/bin/* || exit 1

tools="$BUILD/roots/xen417-tools"
"$ROOT/tests/lib/xen417-tools-root.sh" "$tools" >/dev/null || exit 1

domu_initrd="$BUILD/initramfs/balloon-domu.cpio.gz"
"$MKINITRAMFS" -o "$domu_initrd" -i "$HERE/init-domu.sh" \
    -f "$TS/domu-poweroff.sh:/sbin/poweroff" || exit 1
initrd="$BUILD/initramfs/balloon-dom0.cpio.gz"
"$MKINITRAMFS" -o "$initrd" -i "$HERE/init-dom0.sh" \
    -m xen-privcmd -m xenfs -m xen-evtchn -m xen-gntdev \
    -d "$tools" -d "$ours" -f "$GUEST_VMLINUX:/guest/vmlinux" \
    -f "$domu_initrd:/guest/domu.gz" || exit 1

name="balloon-$HV"
mapfile -t args < <(expect_args)
count "$HARNESS" --name "$name" --hv "$HV" --hv-args "$HV_ARGS" \
    --module "$DOM0_KERNEL $DOM0_ARGS" --module "$initrd" \
    --cpu "${CPU_MODELS[0]}" --smp 2 --mem 2048 --timeout "${TIMEOUT:-900}" \
    --expect XENOLITH-INIT --expect XENOLITH-POWEROFF "${args[@]}" --tail 60

log="$BUILD/logs/$name.log"
count_results "$log"
suite_end balloon

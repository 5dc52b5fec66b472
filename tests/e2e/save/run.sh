#!/bin/bash
# tests/e2e/save/run.sh - xl save / xl restore (issue 5, items 1-2) with
# OUR xl and libxl in a busybox dom0, on Debian's Xen 4.17 (HV=xen417)
# with Debian's xenstored and xenconsoled, as tests/e2e/toolstack does.
# The domU is Debian's kernel with an initramfs whose memfill process
# fills 64 MiB with a known pattern and prints its checksum every 3 s
# (init-domu.sh, memfill.c); init-dom0.sh says what is checked.
#
# One QEMU boot; each XENOLITH-RESULT below is one check, plus the boot
# itself.  Ends with "save: N passed, N failed".
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../lib/scenario.sh"

if [ "$HV" != xen417 ]; then
    echo "save: HV=$HV: our toolstack runs on xen417 today (as the toolstack suite)"
fi

EXPECT=(
    xl_save_help=0 xl_restore_help=0 create_rc=0 witness=yes
    "save_badpath=1 yes yes" "save_nodomain=1 yes"
    save_rc=0 save_progress=yes save_gone=yes saveinfo=0
    restore_rc=0 restore_progress=yes restored_running=yes
    same_pid=yes same_sum=yes uptime_on=yes wallclock_sane=yes
    "console_reattach=0 yes"
    ckpt_rc=0 ckpt_running=yes ckpt_same=yes ckpt_saveinfo=0
    "xenbus_shutdown=0 yes" first_gone=yes
    copy_rc=0 copy_same=yes copy_gone=yes memory_back=yes
    "truncated=1 yes yes yes" "corrupt=1 yes yes yes" "foreign=1 yes yes yes"
    restore_nofile=1 "nothing_left=[]" memory_back_end=yes
    scenario_end=yes
)

make -s -C "$ROOT/tools/xl" >/dev/null || exit 1
make -s -C "$ROOT/tools/savefmt" >/dev/null || exit 1
ours="$BUILD/roots/save-ours"
rm -rf "$ours"; mkdir -p "$ours/opt/xenolith/bin"
cp "$ROOT/tools/xl/xl" "$ROOT/tools/savefmt/xenolith-saveinfo" "$ours/opt/xenolith/bin/"
gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$ours/opt/xenolith/bin/tshelp" \
    "$ROOT/tests/e2e/toolstack/tshelp.c" -lutil -lyajl || exit 1
memfill="$BUILD/roots/memfill"
gcc -std=c11 -O2 -Wall -Wextra -Werror -static -o "$memfill" "$HERE/memfill.c" || exit 1
cp "$memfill" "$ours/opt/xenolith/bin/memfill"
"$ROOT/tests/lib/elf-closure.sh" "$ours" "$ours"/opt/xenolith/bin/* || exit 1

tools="$BUILD/roots/xen417-tools"
"$ROOT/tests/lib/xen417-tools-root.sh" "$tools" >/dev/null || exit 1

domu_initrd="$BUILD/initramfs/save-domu.cpio.gz"
"$MKINITRAMFS" -o "$domu_initrd" -i "$HERE/init-domu.sh" \
    -f "$memfill:/bin/memfill" \
    -f "$ROOT/tests/e2e/toolstack/domu-poweroff.sh:/sbin/poweroff" || exit 1
initrd="$BUILD/initramfs/save-dom0.cpio.gz"
"$MKINITRAMFS" -o "$initrd" -i "$HERE/init-dom0.sh" \
    -m xen-privcmd -m xenfs -m xen-evtchn -m xen-gntdev \
    -d "$tools" -d "$ours" -f "$GUEST_VMLINUX:/guest/vmlinux" \
    -f "$domu_initrd:/guest/domu.gz" || exit 1

name="save-$HV"
mapfile -t args < <(expect_args)
count "$HARNESS" --name "$name" --hv "$HV" --hv-args "$HV_ARGS" \
    --module "$DOM0_KERNEL $DOM0_ARGS" --module "$initrd" \
    --cpu "${CPU_MODELS[0]}" --smp 2 --mem 2048 --timeout "${TIMEOUT:-1200}" \
    --expect XENOLITH-INIT --expect XENOLITH-POWEROFF "${args[@]}" --tail 120

log="$BUILD/logs/$name.log"
count_results "$log"
suite_end save

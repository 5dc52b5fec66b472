#!/bin/bash
# tests/e2e/console/run.sh - our console daemon and client end to end.
#
# HV=xen417 (default): Debian's Xen 4.17 and Debian's xl and xenstored in a
# busybox dom0, with OUR xenconsoled (tools/xenconsoled) serving the
# consoles and OUR xenconsole (tools/xenconsole) attaching to them; our
# binaries load our libxenstore from /opt/xenolith/lib, Debian's keep
# theirs.  dom0 runs init-dom0.sh: PV domUs (Debian's kernel as an ELF,
# busybox initramfs init-domu.sh) are created, logged, attached to,
# detached from, flooded, given garbage ring indices and destroyed.
# tests/e2e/console/ptydrive.c plays the user at the terminal,
# ringpoke.c the hostile guest (from dom0, through a second mapping).
#
# One QEMU boot; each XENOLITH-RESULT below is one check.  Ends with
# "console: N passed, N failed".
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../lib/scenario.sh"

if [ "$HV" != xen417 ]; then
    echo "console: HV=$HV needs our libxl to create domUs; only HV=xen417 runs today"
    echo "console: 0 passed, 0 failed"
    exit 0
fi

EXPECT=(
    xenstored_up=yes consoled_started=yes consoled_libxenstore=ours
    hv_log=yes consoled_help=yes
    create1_rc=0 create1_listed=yes tty1_node=pts tty1_exists=yes ring1_map=gntdev
    log1_ready=yes log1_boot=yes log1_init=yes
    attach1=ok after_detach_running=yes after_detach_ticks=yes
    attach2=ok log1_input_echo=yes xl_console=ok
    client_unknown=clear client_dom0=clear client_noconsole=clear
    create2_rc=0 flood_started=yes attach_during_flood=ok flood_done=yes
    flood_alive=yes flood_rss_bounded=yes flood_logged=yes flood_garbage_logged=yes flood_then_echo=ok
    flood_oldest_dropped=yes
    destroy1_rc=0 destroy1_pty_gone=yes destroy_alive=yes
    create3_rc=0 tty3_node=pts log3_ready=yes
    garbage_resynced=yes garbage_alive=yes garbage_reported=yes
    attach3=ok final_alive=yes
    term_exit=yes scenario_end=yes
)

make -s -C "$ROOT/tools/xenstore" libxenstore.so >/dev/null || exit 1
make -s -C "$ROOT/tools/xenconsoled" >/dev/null || exit 1
make -s -C "$ROOT/tools/xenconsole" >/dev/null || exit 1
mkdir -p "$BUILD/console"
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$BUILD/console/ptydrive" \
    "$HERE/ptydrive.c" || exit 1
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -D__XEN_TOOLS__ \
    -I"$ROOT/tools/libxl" -I"$ROOT/xen/include" -o "$BUILD/console/ringpoke" \
    "$HERE/ringpoke.c" "$ROOT/tools/libxl/hv.c" || exit 1

# Debian's toolstack plus ours under /opt/xenolith.
tools="$BUILD/roots/console-xen417"
"$ROOT/tests/lib/xen417-tools-root.sh" "$tools" >/dev/null || exit 1
O="$tools/opt/xenolith"
mkdir -p "$O/bin" "$O/sbin" "$O/lib"
install -m 755 "$ROOT/tools/xenconsoled/xenconsoled" "$O/sbin/"
install -m 755 "$ROOT/tools/xenconsole/xenconsole" "$BUILD/console/ptydrive" \
    "$BUILD/console/ringpoke" "$O/bin/"
install -m 755 "$ROOT/tools/xenstore/libxenstore.so.4" "$O/lib/"
# Whatever else our binaries need must already be in the tree (glibc).
for b in "$O"/bin/* "$O"/sbin/*; do
    LD_LIBRARY_PATH="$O/lib" ldd "$b" | awk '/=> \//{print $3}' | while read -r lib; do
        case "$lib" in
        "$O"/*) ;;
        *) [ -e "$tools$lib" ] || [ -e "$tools$(readlink -f "$lib")" ] ||
               echo "console: $b needs $lib, missing from the tree" >&2 ;;
        esac
    done
done

domu_initrd="$BUILD/initramfs/console-domu.cpio.gz"
"$MKINITRAMFS" -o "$domu_initrd" -i "$HERE/init-domu.sh" || exit 1
initrd="$BUILD/initramfs/console-dom0.cpio.gz"
"$MKINITRAMFS" -o "$initrd" -i "$HERE/init-dom0.sh" \
    -m xen-privcmd -m xenfs -m xen-evtchn -m xen-gntdev \
    -d "$tools" -f "$GUEST_VMLINUX:/guest/vmlinux" \
    -f "$domu_initrd:/guest/domu.gz" || exit 1

name="console-$HV"
mapfile -t args < <(expect_args)
"$HARNESS" --name "$name" --hv "$HV" --hv-args "$HV_ARGS" \
    --module "$DOM0_KERNEL $DOM0_ARGS" --module "$initrd" \
    --cpu "${CPU_MODELS[0]}" --smp 2 --mem 2048 --timeout "${TIMEOUT:-900}" \
    --expect XENOLITH-INIT --expect XENOLITH-POWEROFF "${args[@]}" --tail 80 \
    > "$BUILD/console/harness.out" 2>&1
hrc=$?
[ $hrc -eq 0 ] || cat "$BUILD/console/harness.out"

# One line per check, from the serial log.
log="$BUILD/logs/$name.log"
count_results "$log"
grep -a 'console: xenconsoled VmRSS\|console: flood backlog' "$log" | tr -d '\r'
crash=$(grep -a -o 'XENOLITH-RESULT xl_crash=.*' "$log" | tail -n 1 | tr -d '\r')
[ "${crash#*=}" = none ] || echo "NOTE Debian's xl crashed during the run (see $log)"
suite_end console

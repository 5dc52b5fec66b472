#!/bin/bash
# bench/toolstack.sh - our xl against Debian's xl 4.17 in the same boot of
# Xen 4.17 (QEMU TCG): `xl create` return, first console byte (in
# xenconsoled's log), domU init marker, and `xl destroy`, for a 256 MiB PV
# domU with the uncompressed ELF kernel.  REPS rounds (default 3),
# alternating.  Prints one line per figure: median [min..max] (n).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../tests/lib/scenario.sh"
TS="$ROOT/tests/e2e/toolstack"
REPS=${REPS:-3}

make -s -C "$ROOT/tools/xl" >/dev/null || exit 1
ours="$BUILD/roots/toolstack-ours"
rm -rf "$ours"; mkdir -p "$ours/opt/xenolith/bin"
cp "$ROOT/tools/xl/xl" "$ours/opt/xenolith/bin/xl"
gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$ours/opt/xenolith/bin/tshelp" \
    "$TS/tshelp.c" -lutil -lyajl || exit 1
"$ROOT/tests/lib/elf-closure.sh" "$ours" "$ours"/opt/xenolith/bin/* || exit 1
tools="$BUILD/roots/xen417-tools"
"$ROOT/tests/lib/xen417-tools-root.sh" "$tools" >/dev/null || exit 1
domu="$BUILD/initramfs/toolstack-domu.cpio.gz"
"$MKINITRAMFS" -o "$domu" -i "$TS/init-domu.sh" \
    -f "$TS/domu-poweroff.sh:/sbin/poweroff" || exit 1
initrd="$BUILD/initramfs/bench-toolstack.cpio.gz"
"$MKINITRAMFS" -o "$initrd" -i "$HERE/toolstack-init.sh" \
    -m xen-privcmd -m xenfs -m xen-evtchn -m xen-gntdev \
    -d "$tools" -d "$ours" -f "$CACHE/kernel/vmlinux:/guest/vmlinux" \
    -f "$domu:/guest/domu.gz" || exit 1
name="bench-toolstack-$HV"
"$HARNESS" --name "$name" --hv "$HV" --hv-args "$HV_ARGS" \
    --module "$DOM0_KERNEL $DOM0_ARGS bench_reps=$REPS" --module "$initrd" \
    --cpu "${CPU_MODELS[0]}" --smp 2 --mem 2048 --timeout $((120 + REPS * 120)) \
    --expect XENOLITH-INIT --expect XENOLITH-POWEROFF >/dev/null
rc=$?
log="$BUILD/logs/$name.log"
stats() {   # values on stdin -> "median [min..max] (n)"
    sort -g | awk '{v[NR]=$1} END{if(!NR){print "none"; exit}
        m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2
        printf "%.3f [%.3f..%.3f] (%d)\n", m, v[1], v[NR], NR}'
}
for who in ours debian; do
    for f in return first marker; do
        echo "$who create $f (s): $(grep -a "XENOLITH-BENCH $who create" "$log" | tr -d '\r' | sed -n "s/.* $f=\([-0-9.]*\).*/\1/p" | grep -v '^-' | stats)"
    done
    echo "$who destroy (s): $(grep -a "XENOLITH-BENCH $who destroy" "$log" | tr -d '\r' | sed 's/.* destroy //' | stats)"
done
exit $rc

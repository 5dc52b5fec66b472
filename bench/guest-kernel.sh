#!/bin/bash
# bench/guest-kernel.sh - the minimal guest kernel (guest-linux-patches/)
# beside Debian's: image sizes (bzImage, the ELF vmlinux a domU boots) and
# the dom0-basic boot timeline (QEMU start to dom0's first line and to its
# /init) for each kernel as dom0, on each hypervisor of BENCH_HVS, by
# bench/boot-timeline.sh (RUNS boots each, default 5; medians).
#
# Needs the minimal kernel built (`make guest-kernel`; `make bench-guest-kernel`
# does that).  Raw runs go to build/bench/guest-kernel/, the summary to
# build/bench/guest-kernel.json.  bench/boot-timeline.sh's own output
# (build/bench/boot-timeline*) is kept as it was.
set -uo pipefail
. "$(dirname "$0")/../tests/lib/scenario.sh"
minimal_dir=$("$ROOT/guest-linux-patches/build.sh" --print-dir) || exit 1

out="$BUILD/bench/guest-kernel"
rm -rf "$out"; mkdir -p "$out"
# boot-timeline.sh writes build/bench/boot-timeline{,.json}: set them aside
# and put them back afterwards.
saved=$(mktemp -d)
trap 'rm -rf "$saved"' EXIT
for f in boot-timeline boot-timeline.json; do
    [ -e "$BUILD/bench/$f" ] && mv "$BUILD/bench/$f" "$saved/"
done

rc=0
for k in debian minimal; do
    case $k in
    debian) echo "$CACHE/kernel/vmlinuz $CACHE/kernel/vmlinux" ;;
    minimal) echo "$minimal_dir/bzImage $minimal_dir/vmlinux" ;;
    esac > "$out/$k.images"
    # The kernel under test is dom0 (DOM0_KERNEL must not leak in from outside).
    if ! DOM0_KERNEL="" GUEST_KERNEL=$k "$ROOT/bench/boot-timeline.sh"; then
        echo "guest-kernel: boot-timeline.sh failed with the $k kernel" >&2
        rc=1
    fi
    [ -d "$BUILD/bench/boot-timeline" ] && mv "$BUILD/bench/boot-timeline" "$out/$k"
    [ -f "$BUILD/bench/boot-timeline.json" ] && mv "$BUILD/bench/boot-timeline.json" "$out/$k.json"
done

for f in boot-timeline boot-timeline.json; do
    [ -e "$saved/$f" ] && mv "$saved/$f" "$BUILD/bench/"
done

python3 "$ROOT/bench/guest-kernel_summary.py" "$out" > "$BUILD/bench/guest-kernel.json.tmp" &&
    mv "$BUILD/bench/guest-kernel.json.tmp" "$BUILD/bench/guest-kernel.json" || rc=1
exit $rc

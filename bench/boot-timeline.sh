#!/bin/bash
# bench/boot-timeline.sh - boot timeline of the dom0-basic scenario: host
# seconds from QEMU start to the hypervisor's banner, to its hand-over to
# dom0, to dom0's first line and to dom0's /init.  RUNS boots (default 5)
# per hypervisor in BENCH_HVS (default: xen417, plus xenolith once xen/xen
# exists), one QEMU at a time.  Raw runs go to build/bench/boot-timeline/,
# the summary to build/bench/boot-timeline.json.
set -uo pipefail
. "$(dirname "$0")/../tests/lib/scenario.sh"
RUNS=${RUNS:-5}
if [ -z "${BENCH_HVS:-}" ]; then
    BENCH_HVS=xen417
    [ -f "$ROOT/xen/xen" ] && BENCH_HVS="xen417 xenolith"
fi
out="$BUILD/bench/boot-timeline"
rm -rf "$out"; mkdir -p "$out"
initrd="$BUILD/initramfs/dom0-basic.cpio.gz"
"$MKINITRAMFS" -o "$initrd" -i "$ROOT/tests/reference/init-dom0-basic.sh" \
    -m xen-privcmd -m xenfs || exit 1
for hv in $BENCH_HVS; do
    for i in $(seq 1 "$RUNS"); do
        HV=$hv
        # shellcheck disable=SC2046
        "$HARNESS" --name "bench-boot-$hv-$i" --hv "$hv" --hv-args "$HV_ARGS" \
            --module "$DOM0_KERNEL $DOM0_ARGS" --module "$initrd" \
            --cpu "max,-smap" --smp 2 --mem 2048 --timeout "${BENCH_TIMEOUT:-120}" \
            --expect XENOLITH-INIT --expect XENOLITH-POWEROFF \
            $(timeline_args) --timeline-json "$out/$hv-$i.json" >&2 && continue
        # A hypervisor that cannot boot the scenario once is not timed again.
        if [ "$i" -eq 1 ]; then
            echo "boot-timeline: $hv did not boot the scenario; skipping its other runs" >&2
            break
        fi
    done
done
python3 "$ROOT/bench/summarize.py" boot-timeline "$out" > "$BUILD/bench/boot-timeline.json"

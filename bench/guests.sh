#!/bin/bash
# bench/guests.sh - micro-benchmarks from a PV microkernel
# (tests/guests/bench.c): a null hypercall, an event channel send to self
# including the upcall, and one mmu_update, each in ns per operation.
# RUNS boots (default 5) per hypervisor in BENCH_HVS (default xen417, plus
# xenolith once xen/xen exists), one QEMU at a time, under -cpu max,-smap.
# Raw runs go to build/bench/guests/HV-N.json, the summary with medians and
# Xenolith/Xen 4.17 ratios to build/bench/guests.json.
set -uo pipefail
. "$(dirname "$0")/../tests/lib/scenario.sh"
RUNS=${RUNS:-5}
if [ -z "${BENCH_HVS:-}" ]; then
    BENCH_HVS=xen417
    [ -f "$ROOT/xen/xen" ] && BENCH_HVS="xen417 xenolith"
fi
GUEST_HV_ARGS=${GUEST_HV_ARGS:-"console=com1 com1=115200 dom0_mem=64M dom0_max_vcpus=1 noreboot"}
out="$BUILD/bench/guests"
rm -rf "$out"; mkdir -p "$out"
make -s -C "$ROOT/tests/guests" || exit 1
for hv in $BENCH_HVS; do
    for i in $(seq 1 "$RUNS"); do
        name="bench-guests-$hv-$i"
        ok=true
        "$HARNESS" --name "$name" --hv "$hv" --hv-args "$GUEST_HV_ARGS" \
            --module "$BUILD/guests/bench.elf" --cpu "max,-smap" --smp 1 --mem 512 \
            --timeout 60 --stop-on 'XENOLITH-RESULT|Hardware Dom0 (crashed|halted)' \
            --stop-grace 1 --expect 'XENOLITH-BENCH mmu_update' \
            --result "bench=3 passed, 0 failed" >&2 || ok=false
        python3 - "$BUILD/logs/$name.log" "$name" "$ok" > "$out/$hv-$i.json" <<'PY'
import json, re, sys
log, name, ok = sys.argv[1], sys.argv[2], sys.argv[3] == "true"
ops = {}
for line in open(log, errors="replace"):
    m = re.search(r"XENOLITH-BENCH (\S+) ns_per_op=([0-9.]+) cycles_per_op=(\d+)", line)
    if m:
        ops[m.group(1)] = {"ns_per_op": float(m.group(2)), "cycles_per_op": int(m.group(3))}
json.dump({"name": name, "ok": ok and len(ops) == 3, "ops": ops}, sys.stdout)
PY
        # A hypervisor that produced no figures at all will not on the next
        # boot either (e.g. Xenolith before it can build dom0): move on.
        if [ "$ok" = false ] && ! grep -q XENOLITH-BENCH "$BUILD/logs/$name.log"; then
            echo "bench/guests.sh: $hv gave no figures; skipping its other runs" >&2
            break
        fi
    done
done
python3 "$ROOT/bench/guests_summary.py" "$out" > "$BUILD/bench/guests.json" || exit 1
cat "$BUILD/bench/guests.json"

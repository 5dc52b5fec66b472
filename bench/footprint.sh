#!/bin/bash
# bench/footprint.sh - the hypervisor's own memory footprint beside Xen
# 4.17's: Debian's xl in dom0 reads physinfo on each hypervisor (same QEMU,
# 2 GiB, dom0_mem=512M), and footprint = total - free - dom0's memory, in
# MiB.  Writes build/bench/footprint.json.
set -uo pipefail
. "$(dirname "$0")/../tests/lib/scenario.sh"
tools="$BUILD/roots/xen417-tools"
"$ROOT/tests/lib/xen417-tools-root.sh" "$tools" >/dev/null || exit 1
initrd="$BUILD/initramfs/dom0-xen417-tools.cpio.gz"
"$MKINITRAMFS" -o "$initrd" -i "$ROOT/tests/reference/init-dom0-xen417-tools.sh" \
    -m xen-privcmd -m xenfs -m xen-evtchn -m xen-gntdev -d "$tools" || exit 1
out="$BUILD/bench/footprint"
rm -rf "$out"; mkdir -p "$out"
for hv in xen417 xenolith; do
    "$HARNESS" --name "bench-footprint-$hv" --hv "$hv" --hv-args "$HV_ARGS" \
        --module "$DOM0_KERNEL $DOM0_ARGS" --module "$initrd" \
        --cpu "max,-smap" --smp 2 --mem 2048 --timeout 300 \
        --expect XENOLITH-POWEROFF >&2 || continue
    grep -o 'XENOLITH-RESULT [a-z0-9_]*_mb=[0-9]*' "$BUILD/logs/bench-footprint-$hv.log" |
        sed 's/XENOLITH-RESULT //' > "$out/$hv.txt"
done
python3 - "$out" <<'PY'
import json, os, sys
d = sys.argv[1]
rows = {}
for hv in ("xen417", "xenolith"):
    p = os.path.join(d, hv + ".txt")
    if not os.path.exists(p):
        continue
    kv = dict(l.strip().split("=") for l in open(p) if "=" in l)
    try:
        t, f, d0 = (int(kv[k]) for k in ("total_memory_mb", "free_memory_mb", "dom0_memory_mb"))
    except (KeyError, ValueError):
        continue
    rows[hv] = {"runs": 1, "ok_runs": 1, "mib": {
        "total": {"median": t, "min": t, "max": t, "n": 1},
        "free": {"median": f, "min": f, "max": f, "n": 1},
        "dom0": {"median": d0, "min": d0, "max": d0, "n": 1},
        "hypervisor_footprint": {"median": t - f - d0, "min": t - f - d0, "max": t - f - d0, "n": 1}}}
res = {"bench": "footprint (MiB, from physinfo: total - free - dom0)", "hypervisors": rows}
if "xen417" in rows and "xenolith" in rows:
    a = rows["xenolith"]["mib"]["hypervisor_footprint"]["median"]
    b = rows["xen417"]["mib"]["hypervisor_footprint"]["median"]
    res["ratio_xenolith_to_xen417"] = {"hypervisor_footprint": round(a / b, 3) if b else None}
json.dump(res, open(os.path.join(os.path.dirname(d), "footprint.json"), "w"), indent=2)
print(json.dumps(res["hypervisors"]))
PY

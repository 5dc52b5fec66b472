#!/bin/bash
# bench/devices.sh - virtual disk and network throughput of a PV domU on
# Xen 4.17 (QEMU TCG), with the domU made by OUR xl and, in the same boot,
# by Debian's xl 4.17 (both with our hotplug scripts):
#   xvdb read / write MB/s   32 MiB sequential, O_DIRECT in the guest,
#                            through blkfront -> blkback -> loop -> image
#   dom0 read / write MB/s   the same image file read/written by dom0
#   tcp MB/s                 32 MiB domU -> dom0 over the vif and xenbr0
#                            (busybox nc)
# REPS rounds of each (default 3) per guest; medians [min..max] (n), the
# ratio xvdb/dom0, in build/bench/devices.json and on stdout.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../tests/lib/scenario.sh"
DV="$ROOT/tests/e2e/devices"
REPS=${REPS:-3}

. "$DV/roots.sh"
devices_roots || exit 1
domu="$BUILD/initramfs/bench-devices-domu.cpio.gz"
"$MKINITRAMFS" -o "$domu" -i "$HERE/devices-domu.sh" \
    -m xen-blkfront -m xen-netfront || exit 1
initrd="$BUILD/initramfs/bench-devices.cpio.gz"
"$MKINITRAMFS" -o "$initrd" -i "$HERE/devices-init.sh" \
    -m xen-privcmd -m xenfs -m xen-evtchn -m xen-gntdev \
    -m xen-blkback -m xen-netback -m llc -m stp -m bridge -m loop \
    -d "$tools" -d "$ours" \
    -f "${GUEST_VMLINUX:-$CACHE/kernel/vmlinux}:/guest/vmlinux" \
    -f "$domu:/guest/domu.gz" || exit 1
name="bench-devices-$HV"
"$HARNESS" --name "$name" --hv "$HV" --hv-args "$HV_ARGS" \
    --module "$DOM0_KERNEL $DOM0_ARGS bench_reps=$REPS" --module "$initrd" \
    --cpu "${CPU_MODELS[0]}" --smp 2 --mem 2048 --timeout $((900 + REPS * 600)) \
    --expect XENOLITH-INIT --expect XENOLITH-POWEROFF >/dev/null
rc=$?
log="$BUILD/logs/$name.log"
mkdir -p "$BUILD/bench"
# "XENOLITH-BENCH <who> <figure> <MB/s>" lines -> table and JSON.
grep -a '^XENOLITH-BENCH ' "$log" | tr -d '\r' | python3 -c '
import json, sys
runs = {}
for line in sys.stdin:
    f = line.split()
    if len(f) != 4:
        continue
    try:
        runs.setdefault(f[1], {}).setdefault(f[2], []).append(float(f[3]))
    except ValueError:
        pass
def st(v):
    v = sorted(v)
    n = len(v)
    m = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    return {"median": m, "min": v[0], "max": v[-1], "n": n}
res = {"bench": "devices: xvdb and vif throughput of a PV domU on Xen 4.17",
       "unit": "MB/s", "reps": int(sys.argv[1]), "hypervisors": {}}
for who, figs in sorted(runs.items()):
    row = {"runs": max(len(v) for v in figs.values()),
           "ok_runs": min(len(v) for v in figs.values()),
           "MB_per_s": {k: st(v) for k, v in sorted(figs.items())}}
    res["hypervisors"]["xen417-" + who] = row
    m = row["MB_per_s"]
    for op in ("read", "write"):
        if "xvdb_" + op in m and "dom0_" + op in m and m["dom0_" + op]["median"]:
            res.setdefault("ratio_xvdb_to_dom0", {})[who + "_" + op] = \
                m["xvdb_" + op]["median"] / m["dom0_" + op]["median"]
for who in ("ours", "debian"):
    if who not in runs:
        print("%s: no figures (see the serial log)" % who)
        continue
    for k, v in sorted(res["hypervisors"]["xen417-" + who]["MB_per_s"].items()):
        print("%s %-11s MB/s: %.1f [%.1f..%.1f] (%d)" % (who, k, v["median"], v["min"], v["max"], v["n"]))
for k, v in sorted(res.get("ratio_xvdb_to_dom0", {}).items()):
    print("ratio xvdb/dom0 %-12s %.2f" % (k, v))
json.dump(res, open(sys.argv[2], "w"), indent=2)
' "$REPS" "$BUILD/bench/devices.json"
exit $rc

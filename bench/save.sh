#!/bin/bash
# bench/save.sh - `xl save` / `xl restore` of a PV domU by our xl against
# Debian's xl 4.17, in the same boot of Xen 4.17 (QEMU TCG), alternating,
# REPS rounds (default 3) per guest size (SAVE_MIB, default 256; the
# image lives in dom0's memory, so 1 GiB needs more than QEMU's 2 GiB).
# The guest runs memfill (tests/e2e/save) with 64 MiB of data; a round
# counts only if the restored guest reports the checksum it had.
# Figures: save and restore seconds, guest MiB per second of each, image
# bytes; medians [min..max] (n) and ours/Debian ratios of throughput
# (>1: ours faster) and size (<1: ours smaller).  JSON to
# build/bench/save.json.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../tests/lib/scenario.sh"
SV="$ROOT/tests/e2e/save"
TS="$ROOT/tests/e2e/toolstack"
REPS=${REPS:-3}
SAVE_MIB=${SAVE_MIB:-256}
# dom0 holds the images in memory: give it room.
HV_ARGS=${BENCH_HV_ARGS:-console=com1 com1=115200 dom0_mem=1024M dom0_max_vcpus=2 noreboot}

make -s -C "$ROOT/tools/xl" >/dev/null || exit 1
ours="$BUILD/roots/bench-save-ours"
rm -rf "$ours"; mkdir -p "$ours/opt/xenolith/bin"
cp "$ROOT/tools/xl/xl" "$ours/opt/xenolith/bin/xl"
gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$ours/opt/xenolith/bin/tshelp" \
    "$TS/tshelp.c" -lutil -lyajl || exit 1
"$ROOT/tests/lib/elf-closure.sh" "$ours" "$ours"/opt/xenolith/bin/* || exit 1
memfill="$BUILD/roots/memfill"
gcc -std=c11 -O2 -Wall -Wextra -Werror -static -o "$memfill" "$SV/memfill.c" || exit 1
tools="$BUILD/roots/xen417-tools"
"$ROOT/tests/lib/xen417-tools-root.sh" "$tools" >/dev/null || exit 1
domu="$BUILD/initramfs/save-domu.cpio.gz"
"$MKINITRAMFS" -o "$domu" -i "$SV/init-domu.sh" -f "$memfill:/bin/memfill" \
    -f "$TS/domu-poweroff.sh:/sbin/poweroff" || exit 1
initrd="$BUILD/initramfs/bench-save.cpio.gz"
"$MKINITRAMFS" -o "$initrd" -i "$HERE/save-init.sh" \
    -m xen-privcmd -m xenfs -m xen-evtchn -m xen-gntdev \
    -d "$tools" -d "$ours" -f "$CACHE/kernel/vmlinux:/guest/vmlinux" \
    -f "$domu:/guest/domu.gz" || exit 1
name="bench-save-$HV"
nmib=$(echo "$SAVE_MIB" | tr , ' ' | wc -w)
"$HARNESS" --name "$name" --hv "$HV" --hv-args "$HV_ARGS" \
    --module "$DOM0_KERNEL $DOM0_ARGS bench_reps=$REPS bench_mib=$SAVE_MIB" \
    --module "$initrd" --cpu "${CPU_MODELS[0]}" --smp 2 --mem 2048 \
    --timeout $((300 + REPS * nmib * 900)) \
    --expect XENOLITH-INIT --expect XENOLITH-POWEROFF >/dev/null
rc=$?
log="$BUILD/logs/$name.log"
mkdir -p "$BUILD/bench"
grep -a "XENOLITH-BENCH" "$log" | tr -d '\r' | sed 's/.*XENOLITH-BENCH //' |
python3 -c '
import json, statistics, sys
rows = {}
for line in sys.stdin:
    f = line.split()
    if len(f) < 6:
        continue
    who, mib = f[0], int(f[1])
    kv = dict(x.split("=", 1) for x in f[2:])
    r = rows.setdefault(mib, {}).setdefault(who, {"runs": 0, "ok_runs": 0, "v": {}})
    r["runs"] += 1
    if kv.get("ok") != "yes":
        continue
    r["ok_runs"] += 1
    s, t, size = float(kv["save"]), float(kv["restore"]), int(kv["size"])
    for k, v in (("save_s", s), ("restore_s", t), ("save_MiB_per_s", mib / s),
                 ("restore_MiB_per_s", mib / t), ("image_MB", size / 1e6)):
        r["v"].setdefault(k, []).append(v)
out = {"bench": "save", "unit": "seconds, MiB/s, MB", "hypervisors": {}}
for mib, whos in sorted(rows.items()):
    for who, r in whos.items():
        out["hypervisors"]["%s-%dMiB" % (who, mib)] = {
            "runs": r["runs"], "ok_runs": r["ok_runs"],
            "figures": {k: {"median": round(statistics.median(v), 3), "min": round(min(v), 3),
                            "max": round(max(v), 3), "n": len(v)} for k, v in r["v"].items()}}
    o, d = whos.get("ours"), whos.get("debian")
    if o and d and o["v"] and d["v"]:
        med = lambda r, k: statistics.median(r["v"][k])
        out["ratio_ours_to_debian_%dMiB" % mib] = {
            "save_throughput": round(med(o, "save_MiB_per_s") / med(d, "save_MiB_per_s"), 3),
            "restore_throughput": round(med(o, "restore_MiB_per_s") / med(d, "restore_MiB_per_s"), 3),
            "image_size": round(med(o, "image_MB") / med(d, "image_MB"), 3)}
json.dump(out, sys.stdout, indent=2)
print()
' > "$BUILD/bench/save.json"
cat "$BUILD/bench/save.json"
exit $rc

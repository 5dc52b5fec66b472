#!/bin/bash
# bench/xenstore.sh - xenstore figures: our xenstored beside Debian's C
# xenstored and oxenstored, all three as dom0's store in the same boot of
# the reference scenario (Debian's Xen 4.17 under QEMU), measured over the
# socket by one client (bench/xenstore_bench.c): read, write, directory,
# 10-write transactions and watch latency at 1, 10 and 100 clients, and
# memory after 100,000 nodes.  REPS reps (default 3), the daemon order
# turning each rep; XSBENCH_OPS operations per figure (default 1000).
# Raw log: build/logs/bench-xenstore-xen417.log; summary (medians, ratios
# ours/C and ours/O): build/bench/xenstore.json.
# One QEMU CPU by default (BENCH_SMP=2 for two): with two, every round
# trip wakes an idle vCPU, whose QEMU thread then waits for the host's
# scheduler, so on a busy host the figures measure the host, not the
# daemons (seen: 1.4 ms a read on a quiet host, 40 ms on a loaded one).
# Dom0 still has two vCPUs, on the one CPU.
set -uo pipefail
. "$(dirname "$0")/../tests/lib/scenario.sh"
. "$ROOT/tests/xenstore/roots.sh"
REPS=${REPS:-3}
OPS=${XSBENCH_OPS:-1000}
# Passed on dom0's kernel command line only when they differ from the
# init's defaults (3, 1000).
XSB_ARGS=""
[ "$REPS" != 3 ] && XSB_ARGS+=" xsbench_reps=$REPS"
[ "$OPS" != 1000 ] && XSB_ARGS+=" xsbench_ops=$OPS"
[ -n "${XSB_DAEMONS:-}" ] && XSB_ARGS+=" xsbench_daemons=$XSB_DAEMONS"
[ -n "${XSB_CLIENTS:-}" ] && XSB_ARGS+=" xsbench_clients=$XSB_CLIENTS"
xs_roots || { echo "bench-xenstore: build failed" >&2; exit 1; }
# XSB_VARIANTS="NAME=COMMIT ...": also ship tools/xenstored as of COMMIT as
# /opt/xenolith/sbin/xenstored-NAME (for A/B runs with XSB_DAEMONS).
for v in ${XSB_VARIANTS:-}; do
    vt=$(mktemp -d)
    git -C "$ROOT" archive "${v#*=}" tools/xenstored | tar -x -C "$vt" &&
        make -s -C "$vt/tools/xenstored" XEN_ROOT="$ROOT" >/dev/null &&
        cp "$vt/tools/xenstored/xenstored" "$ours/opt/xenolith/sbin/xenstored-${v%%=*}" ||
        { echo "bench-xenstore: variant $v failed" >&2; exit 1; }
    rm -rf "$vt"
done
initrd="$BUILD/initramfs/bench-xenstore.cpio.gz"
"$MKINITRAMFS" -o "$initrd" -i "$ROOT/bench/xenstore_init-dom0.sh" -m xen-privcmd -m xenfs \
    -m xen-evtchn -m xen-gntdev -d "$tools" -d "$ours" || exit 1
mkdir -p "$BUILD/bench"
log="$BUILD/logs/bench-xenstore-$HV.log"
"$HARNESS" --name "bench-xenstore-$HV" --hv "$HV" --hv-args "$HV_ARGS" \
    --module "$DOM0_KERNEL $DOM0_ARGS${XSB_ARGS:-}" --module "$initrd" \
    --cpu "max,-smap" --smp "${BENCH_SMP:-1}" --mem 2048 --timeout "${BENCH_TIMEOUT:-3000}" \
    --expect XENOLITH-INIT --expect XENOLITH-BENCH-DONE --expect XENOLITH-POWEROFF >&2
python3 "$ROOT/bench/xenstore_summary.py" "$log" > "$BUILD/bench/xenstore.json.tmp" &&
    mv "$BUILD/bench/xenstore.json.tmp" "$BUILD/bench/xenstore.json"

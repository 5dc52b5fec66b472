#!/bin/bash
# scripts/run.sh - boot the chosen hypervisor (HV=xen417|xenolith) in QEMU
# with the Debian kernel as dom0 and an interactive busybox shell on the
# serial console.  Called by `make run`, after set-up and build.
set -euo pipefail
. "$(dirname "$0")/../tests/lib/scenario.sh"
initrd="$BUILD/initramfs/dom0-shell.cpio.gz"
extra=()
[ -x "$ROOT/tools/xenstore/xenstore" ] && extra+=(-f "$ROOT/tools/xenstore/xenstore:/usr/bin/xenstore")
"$MKINITRAMFS" -o "$initrd" -i "$ROOT/tests/reference/init-dom0-shell.sh" \
    -m xen-privcmd -m xenfs -m xen-evtchn -m xen-gntdev "${extra[@]}"
echo "run: booting $HV with the Debian kernel as dom0 (Ctrl-A x quits QEMU)"
exec "$HARNESS" --interactive --hv "$HV" --hv-args "$HV_ARGS" \
    --module "$DOM0_KERNEL $DOM0_ARGS" --module "$initrd" \
    --cpu "${CPU:-${CPU_MODELS[0]}}" --smp "${SMP:-2}" --mem "${MEM:-2048}"

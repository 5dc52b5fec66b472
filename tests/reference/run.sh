#!/bin/bash
# tests/reference/run.sh - the dom0-basic scenario: a hypervisor (HV=xen417
# by default, or HV=xenolith) boots the unmodified Debian kernel as PV dom0
# with a busybox initramfs; init mounts proc, sys and xenfs and reports
# /sys/hypervisor/type and /proc/xen/capabilities; the run must report
# "xen" and "control_d", bring both vCPUs online and power off cleanly.
set -uo pipefail
. "$(dirname "$0")/../lib/scenario.sh"

initrd="$BUILD/initramfs/dom0-basic.cpio.gz"
"$MKINITRAMFS" -o "$initrd" -i "$ROOT/tests/reference/init-dom0-basic.sh" \
    -m xen-privcmd -m xenfs || exit 1

dom0_basic() {
    local cpu=$1; shift
    "$HARNESS" --name "dom0-basic-$HV-${cpu//,/_}" --hv "$HV" \
        --hv-args "$HV_ARGS" \
        --module "$DOM0_KERNEL $DOM0_ARGS" --module "$initrd" \
        --cpu "$cpu" --smp 2 --mem 2048 --timeout "${TIMEOUT:-240}" \
        --expect 'XENOLITH-INIT' --expect 'XENOLITH-POWEROFF' \
        --result hypervisor_type=xen --result capabilities=control_d \
        --result online_cpus=0-1 \
        --fail 'WARNING: CPU' \
        "$@"
}

for cpu in "${CPU_MODELS[@]}"; do
    count dom0_basic "$cpu"
done

# Negative control: the harness must fail a run whose reported value is not
# the expected one, so a pass above means the values were checked.
harness_can_fail() {
    if dom0_basic "${CPU_MODELS[0]}" --name "dom0-basic-$HV-negative" \
            --result capabilities=not_control_d >/dev/null; then
        echo "FAIL harness-negative-control: a wrong expected value passed"
        return 1
    fi
    echo "PASS harness-negative-control (the harness rejected a wrong value)"
}
[ "${SKIP_NEGATIVE:-0}" = 1 ] || count harness_can_fail

# Debian's own toolstack (xl, xenstored, xenconsoled) in that dom0.
. "$ROOT/tests/reference/xen417-tools.sh"
suite_end reference

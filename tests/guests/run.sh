#!/bin/bash
# tests/guests/run.sh [KERNEL...] - boot each PV test microkernel as dom0 on
# a hypervisor (HV=xen417 by default, or HV=xenolith) and check that its
# XENOLITH-RESULT line reports the expected number of passes and 0 failed.
# Xen 4.17 runs under -cpu max,-smap only; Xenolith under max,-smap and max.
# Ends with "guests: N passed, N failed" counting test cases.
set -uo pipefail
. "$(dirname "$0")/../lib/scenario.sh"

# Expected passing cases per kernel (every case is a checked expectation).
declare -A EXPECTED=(
    [hypercall]=84
    [evtchn]=41
    [grant]=34
    [timer]=25
    [mmu]=46
    [bench]=3
    [traps]=34
    [fpu]=10
    [user]=12
    [ldt]=59
)
ORDER=(hypercall evtchn grant timer mmu traps fpu user ldt)

GUEST_HV_ARGS=${GUEST_HV_ARGS:-"console=com1 com1=115200 dom0_mem=64M dom0_max_vcpus=1 noreboot loglvl=all guest_loglvl=all"}
OUT="$BUILD/guests"

make -s -C "$ROOT/tests/guests" || { echo "guests: 0 passed, 1 failed"; exit 1; }

kernels=("$@")
[ ${#kernels[@]} -eq 0 ] && for k in "${ORDER[@]}"; do
    [ -n "${EXPECTED[$k]:-}" ] && kernels+=("$k")
done

passed=0
failed=0
for k in "${kernels[@]}"; do
    want=${EXPECTED[$k]:-0}
    for cpu in "${CPU_MODELS[@]}"; do
        name="guest-$k-$HV-${cpu//,/_}"
        log="$BUILD/logs/$name.log"
        # Xen halts (rather than powers off) after dom0's SCHEDOP_shutdown,
        # so stop QEMU once the result line or a dom0 crash is seen.
        "$HARNESS" --name "$name" --hv "$HV" --hv-args "$GUEST_HV_ARGS" \
            --module "$OUT/$k.elf" --cpu "$cpu" --smp 1 --mem 512 \
            --timeout "${TIMEOUT:-60}" \
            --stop-on 'XENOLITH-RESULT|Hardware Dom0 (crashed|halted|shutdown)|Domain 0 crashed' \
            --stop-grace 1 \
            --expect "XENOLITH-RESULT $k=" \
            --result "$k=$want passed, 0 failed" \
            --fail 'XENOLITH-TEST \S+ \S+ FAIL' --fail 'Hardware Dom0 crashed' \
            --tail 15
        hrc=$?
        # Count the cases the kernel reported, whatever the harness said.
        p=$(grep -c "XENOLITH-TEST $k .* PASS" "$log" 2>/dev/null)
        f=$(grep -c "XENOLITH-TEST $k .* FAIL" "$log" 2>/dev/null)
        grep "XENOLITH-TEST $k .* FAIL" "$log" | sed 's/^/  /'
        passed=$((passed + p))
        # Missing cases (a crash or a lost line) count as failures.
        missing=$((want - p - f))
        [ "$missing" -gt 0 ] && { echo "  $k: $missing case(s) never reported"; f=$((f + missing)); }
        # A run the harness rejected (timeout, crash after the last case,
        # too many passes) is a failure even if every case passed.
        if [ "$hrc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
        failed=$((failed + f))
    done
done
echo "guests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

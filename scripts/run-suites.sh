#!/bin/bash
# run-suites.sh SUITE... - run each `make test-SUITE`, keep going when one
# fails, and print every suite's closing line and the total.
set -uo pipefail
total_p=0 total_f=0 summary=()
for s in "$@"; do
    echo "=== test-$s"
    t0=$(date +%s)
    out=$(mktemp)
    make --no-print-directory "test-$s" 2>&1 | tee "$out"
    rc=${PIPESTATUS[0]}
    line=$(grep -E '^([A-Za-z0-9_-]+: )?[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
    rm -f "$out"
    p=$(sed -n 's/.*\b\([0-9]\+\) passed, \([0-9]\+\) failed.*/\1/p' <<<"$line")
    f=$(sed -n 's/.*\b\([0-9]\+\) passed, \([0-9]\+\) failed.*/\2/p' <<<"$line")
    if [ -z "$p" ]; then
        # A suite that died before its closing line counts as one failure.
        p=0 f=1 line="$s: no closing line (make exited $rc)"
    elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 line="$line (but make exited $rc)"
    fi
    total_p=$((total_p + p)); total_f=$((total_f + f))
    summary+=("$line  [$(( $(date +%s) - t0 )) s]")
done
echo "=== summary"
printf '  %s\n' "${summary[@]}"
echo "total: $total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]

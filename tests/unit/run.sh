#!/bin/sh
# Runs every unit-test binary given on the command line and prints the
# suite total.  Each binary prints its own "N passed, N failed" last.
passed=0; failed=0
for bin in "$@"; do
    echo "== $bin"
    # A binary that hangs is a failure, not a stuck suite.
    out=$(timeout "${UNIT_TIMEOUT:-300}" "$bin" 2>&1); rc=$?
    [ "$rc" -eq 124 ] && out="$out
   $bin timed out after ${UNIT_TIMEOUT:-300} s"
    printf '%s\n' "$out"
    last=$(printf '%s\n' "$out" | tail -n 1)
    p=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(printf '%s\n' "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -z "$p" ]; then
        # A binary that crashed or printed no total counts as one failure.
        echo "   $bin ended without a total (exit $rc)"
        failed=$((failed + 1)); continue
    fi
    passed=$((passed + p)); failed=$((failed + f))
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && { echo "   $bin exited $rc"; failed=$((failed + 1)); }
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# ABI conformance: our xen/include/public against Debian's libxen-dev.
# Builds into build/abi/, prints failures and ends with
# "abi: N passed, N failed"; exits non-zero on any failure.
#   tests/abi/run.sh              run the check
#   tests/abi/run.sh --selfcheck  prove that a wrong entry makes it fail
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/build/abi"

if [ ! -f /usr/include/xen/xen.h ]; then
    echo "abi: /usr/include/xen missing: apt-get install -y libxen-dev" >&2
    echo "abi: 0 passed, 1 failed"
    exit 1
fi

if [ "${1:-}" = "--selfcheck" ]; then
    exec python3 "$here/selfcheck.py" --out "$out/selfcheck"
fi
exec python3 "$here/abicheck.py" --out "$out" "$@"

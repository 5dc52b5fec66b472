#!/bin/bash
# tests/setup/run.sh - the set-up scripts fail the way a user needs them to:
# a corrupt or partial download is detected and fetched again, an unfinished
# unpack is redone, an unreachable mirror and an unknown package each give
# one clear message and a non-zero exit, and the image builder and harness
# name what is missing.  Uses a scratch cache; needs the package mirror for
# the refetch case.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${XENOLITH_CACHE:-$HOME/.cache/xenolith}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0 failed=0
ok()   { echo "PASS $1"; passed=$((passed + 1)); }
bad()  { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# expect NAME WANT_RC PATTERN CMD...: CMD exits WANT_RC ("nonzero" for any
# failure) and its stderr+stdout matches PATTERN.
expect() {
    local name=$1 want=$2 pat=$3 out rc
    shift 3
    out=$("$@" 2>&1); rc=$?
    if [ "$want" = nonzero ] && [ "$rc" -eq 0 ]; then bad "$name" "exit 0, wanted a failure"; return; fi
    if [ "$want" != nonzero ] && [ "$rc" -ne "$want" ]; then bad "$name" "exit $rc, wanted $want: $out"; return; fi
    if ! grep -qE "$pat" <<<"$out"; then bad "$name" "output lacks /$pat/: $out"; return; fi
    ok "$name"
}

deb=$(ls "$CACHE"/debs/busybox-static_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
    "$ROOT/scripts/fetch-assets.sh" busybox >/dev/null 2>&1
    deb=$(ls "$CACHE"/debs/busybox-static_*.deb | head -n 1)
fi

# 1. A partial download in the cache is found by its checksum and replaced.
mkdir -p "$T/c1/debs"
head -c 100000 "$deb" > "$T/c1/debs/$(basename "$deb")"
expect corrupt-deb-refetched 0 "corrupt or partial" \
    env XENOLITH_CACHE="$T/c1" "$ROOT/scripts/fetch-assets.sh" busybox
if "$T/c1/busybox" true 2>/dev/null; then ok busybox-usable-after-refetch; else bad busybox-usable-after-refetch "no working busybox"; fi

# 2. An unpack that never finished (stamp from another .deb) is redone.
echo stale > "$T/c1/x/busybox-static.ok"
rm -f "$T/c1/x/busybox-static/bin/busybox"
expect unfinished-unpack-redone 0 "" env XENOLITH_CACHE="$T/c1" "$ROOT/scripts/fetch-assets.sh" busybox
if [ -x "$T/c1/x/busybox-static/bin/busybox" ]; then ok unpack-restored; else bad unpack-restored "bin/busybox missing"; fi

# 3. No reachable mirror: one clear message, non-zero.
cat > "$T/apt.conf" <<'CONF'
Acquire::http::Proxy "http://127.0.0.1:9/";
Acquire::https::Proxy "http://127.0.0.1:9/";
Acquire::Retries "0";
CONF
expect no-mirror nonzero "no reachable package mirror" \
    env APT_CONFIG="$T/apt.conf" XENOLITH_CACHE="$T/c3" "$ROOT/scripts/fetch-assets.sh" busybox

# 4. A package that does not exist: named in the message, non-zero.
expect unknown-package nonzero "xenolith-no-such-package" \
    env DEPS_EXTRA=xenolith-no-such-package "$ROOT/scripts/deps.sh"

# 5. Unknown arguments are refused, not ignored.
expect fetch-unknown-group 2 "unknown group" "$ROOT/scripts/fetch-assets.sh" kernal

# 6. The image builder and the harness name what is missing.
echo 'echo hi' > "$T/init"
expect initramfs-missing-module nonzero "no-such-module" \
    "$ROOT/tests/lib/mkinitramfs.sh" -o "$T/i.cpio.gz" -i "$T/init" -m no-such-module
expect harness-missing-file nonzero "missing file" \
    "$ROOT/tests/lib/qemu_harness.py" --hv xen417 --module "$T/nonexistent" --timeout 5

# 7. A good cache is reused without downloading anything.
expect cache-reused 0 "" env APT_CONFIG="$T/apt.conf" "$ROOT/scripts/fetch-assets.sh" kernel busybox xen417

echo "setup: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

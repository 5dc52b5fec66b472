#!/bin/sh
# deps.sh - install the Debian packages Xenolith needs to build and test.
#
# Idempotent: asks dpkg which packages are missing and calls apt-get only for
# those, so a machine that has everything pays a second or so.  Needs root
# (or sudo) only when something is missing.  Exit status non-zero, with one
# clear message, when a package cannot be installed.
set -eu

PKGS="
build-essential make gcc binutils
python3
grub-pc-bin grub-common xorriso mtools
qemu-system-x86
cpio xz-utils gzip zstd lz4 bzip2
libxen-dev xenstore-utils
uuid-dev libyajl-dev
zlib1g-dev liblzma-dev liblz4-dev libzstd-dev libbz2-dev
dpkg-dev
"
# DEPS_EXTRA adds packages (the setup suite uses it to check the error path).
PKGS="$PKGS ${DEPS_EXTRA:-}"
# Extra groups: `deps.sh fuzz` adds the fuzzing toolchain.
for extra in "$@"; do
    case "$extra" in
    fuzz) PKGS="$PKGS clang libclang-rt-14-dev" ;;
    *) echo "deps.sh: unknown group '$extra' (known: fuzz)" >&2; exit 2 ;;
    esac
done

missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
    esac
done

[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "deps: missing packages:$missing; run as root or install sudo" >&2
        exit 1
    fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# A stale or empty package list makes apt-get install fail to find packages.
if ! $SUDO apt-get update -qq >"$log" 2>&1; then
    echo "deps: 'apt-get update' failed: no reachable package mirror?" >&2
    tail -n 5 "$log" >&2
    exit 1
fi
if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >"$log" 2>&1; then
    echo "deps: 'apt-get install$missing' failed:" >&2
    tail -n 10 "$log" >&2
    exit 1
fi
echo "deps: done"

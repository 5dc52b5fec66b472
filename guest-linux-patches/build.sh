#!/bin/bash
# build.sh - build the small Xen PV guest/dom0 kernel from Debian's
# linux-source-6.1 with xenolith-pv.config, reproducibly, into the cache.
#
#   guest-linux-patches/build.sh              build, or reuse an earlier build
#   guest-linux-patches/build.sh --print-dir  print the build directory of the
#                                             current inputs; exit 1 with a
#                                             message if it is not built
#   guest-linux-patches/build.sh --clean      remove every cached build
#
# Source: $XENOLITH_CACHE/linux-source/linux-source-6.1, unpacked by
# `scripts/fetch-assets.sh linux-source` (never into git).  Output:
# $XENOLITH_CACHE/guest-kernel/<hash>/ with bzImage, vmlinux (the ELF image
# inside bzImage, what a PV domU boots fastest), vmlinux-syms (with
# symbols, for addr2line), config, modules.builtin and build.log.  The hash
# covers everything that decides the result: the source package, the config
# fragment, patches/series and the patches it lists, this script and the
# compiler and linker versions.  Same inputs, same hash: a second run only
# checks that the files are there.  The object tree stays in
# $XENOLITH_CACHE/guest-kernel/obj, so a changed input rebuilds only what it
# touches; it is wiped when the source package or the toolchain changes.
#
# Environment: XENOLITH_CACHE (default ~/.cache/xenolith), JOBS (default 2).
# Timestamps, user and host names are fixed (KBUILD_BUILD_*), so two builds
# of the same inputs give byte-identical images.
set -euo pipefail
shopt -s inherit_errexit

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${XENOLITH_CACHE:-$HOME/.cache/xenolith}
SRC="$CACHE/linux-source/linux-source-6.1"
FRAG="$HERE/xenolith-pv.config"
SERIES="$HERE/patches/series"
JOBS=${JOBS:-2}
MODE=build
case "${1:-}" in
"") ;;
--print-dir) MODE=print ;;
--clean) MODE=clean ;;
-h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
*) echo "guest-kernel: unknown option '$1' (see --help)" >&2; exit 2 ;;
esac

die() { echo "guest-kernel: $*" >&2; exit 1; }
log() { echo "guest-kernel: $*" >&2; }

if [ $MODE = clean ]; then
    rm -rf "$CACHE/guest-kernel"
    exit 0
fi

[ -f "$SRC/Makefile" ] && [ -f "$CACHE/linux-source/.src" ] ||
    die "no kernel source in $SRC: run 'scripts/fetch-assets.sh linux-source' (Debian's linux-source-6.1, about 140 MB) or 'make guest-kernel'"
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || die "JOBS must be a positive number, not '$JOBS'"

# The patches, in series order; a series line is a file name in patches/,
# blank lines and #-comments are skipped.
PATCHES=()
if [ -f "$SERIES" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%%#*}
        line=$(printf '%s' "$line" | tr -d '[:space:]')
        [ -n "$line" ] || continue
        case "$line" in */*|.*) die "patches/series: '$line' is not a file name in patches/" ;; esac
        [ -f "$HERE/patches/$line" ] || die "patches/series names '$line', which is not in patches/"
        PATCHES+=("$HERE/patches/$line")
    done < "$SERIES"
fi

inputs_hash() {
    {
        echo "source $(cat "$CACHE/linux-source/.src")"
        echo "fragment"; cat "$FRAG"
        echo "build.sh"; cat "$HERE/build.sh"
        local p
        for p in "${PATCHES[@]}"; do echo "patch $(basename "$p")"; cat "$p"; done
        echo "cc $(gcc --version | head -n 1)"
        echo "ld $(ld --version | head -n 1)"
    } | sha256sum | cut -c1-16
}
HASH=$(inputs_hash)
OUT="$CACHE/guest-kernel/$HASH"
built() { [ -f "$OUT/.ok" ] && [ -f "$OUT/bzImage" ] && [ -f "$OUT/vmlinux" ]; }
mkdir -p "$CACHE/guest-kernel"

if [ $MODE = print ]; then
    built || die "the minimal guest kernel for the current inputs ($HASH) is not built: run 'make guest-kernel' (a few minutes)"
    printf '%s\n' "$OUT"
    exit 0
fi

# One build at a time per cache: they share the object tree.
exec 9> "$CACHE/guest-kernel/.lock"
flock 9
if built; then
    log "up to date: $OUT"
    ln -sfn "$HASH" "$CACHE/guest-kernel/current"
    exit 0
fi

for t in gcc make flex bison bc perl flock; do
    command -v "$t" >/dev/null || die "'$t' is needed to build the kernel (apt-get install build-essential flex bison bc)"
done
[ -f /usr/include/gelf.h ] || die "libelf headers are needed to build the kernel (apt-get install libelf-dev)"

rm -rf "$OUT"
mkdir -p "$OUT"
# A failed or interrupted build leaves no .ok, so the next run starts over.
tree="$SRC" obj="$CACHE/guest-kernel/obj"
if [ ${#PATCHES[@]} -gt 0 ]; then
    # A private copy for the patches (hard links: patch writes a new file
    # and renames it over the old, so the shared source stays pristine),
    # and private objects.
    tree="$OUT/src" obj="$OUT/obj"
    log "copying the source tree to apply ${#PATCHES[@]} patch(es)"
    mkdir -p "$tree"
    cp -al "$SRC/." "$tree/"
    for p in "${PATCHES[@]}"; do
        patch -d "$tree" -p1 -s --no-backup-if-mismatch < "$p" >> "$OUT/build.log" 2>&1 ||
            { rm -rf "$tree"; die "patch $(basename "$p") does not apply to linux-source-6.1; see $OUT/build.log"; }
    done
fi
# The shared object tree only serves the source and toolchain it was
# built with (unpacked sources keep their old times, so make alone would
# not notice a new source package).
stamp="$(cat "$CACHE/linux-source/.src") $(gcc --version | head -n 1) $(ld --version | head -n 1)"
if [ "$(cat "$obj/.xenolith-stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$obj"
    mkdir -p "$obj"
    printf '%s\n' "$stamp" > "$obj/.xenolith-stamp"
fi

export ARCH=x86_64 LC_ALL=C
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 2026"
export KBUILD_BUILD_USER=xenolith KBUILD_BUILD_HOST=xenolith KBUILD_BUILD_VERSION=1

log "configuring: allnoconfig + $(basename "$FRAG") in $obj"
(cd "$tree" && scripts/kconfig/merge_config.sh -n -O "$obj" "$FRAG") >> "$OUT/build.log" 2>&1 ||
    die "configuration failed; see $OUT/build.log"

# Every line of the fragment must have survived: a symbol whose
# dependencies are missing is dropped silently by kconfig.
bad=0
while IFS= read -r line; do
    case "$line" in
    CONFIG_*=*) want=$line sym=${line%%=*} ;;
    "# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *}; want="" ;;
    *) continue ;;
    esac
    got=$(grep -E "^$sym=" "$obj/.config" || true)
    if [ "$got" != "$want" ]; then
        echo "guest-kernel: $(basename "$FRAG"): wanted '${want:-$sym unset}', got '${got:-$sym unset}'" >&2
        bad=1
    fi
done < "$FRAG"
[ $bad -eq 0 ] || die "the config fragment does not apply as written (a dependency is missing?)"

log "building bzImage with $JOBS jobs under nice -n 19 (several minutes; log: $OUT/build.log)"
start=$(date +%s)
if ! nice -n 19 make -C "$tree" O="$obj" -s -j"$JOBS" bzImage >> "$OUT/build.log" 2>&1; then
    tail -n 20 "$OUT/build.log" | sed 's/^/  /' >&2
    die "kernel build failed; full log: $OUT/build.log"
fi
cp "$obj/arch/x86/boot/bzImage" "$OUT/bzImage"
cp "$obj/arch/x86/boot/compressed/vmlinux.bin" "$OUT/vmlinux"
cp "$obj/vmlinux" "$OUT/vmlinux-syms"
cp "$obj/.config" "$OUT/config"
cp "$obj/modules.builtin" "$OUT/modules.builtin"
# A patched tree and its objects are private to this build.
rm -rf "$OUT/src" "$OUT/obj"
echo "$HASH" > "$OUT/.ok"
ln -sfn "$HASH" "$CACHE/guest-kernel/current"
log "built in $(( $(date +%s) - start )) s: $OUT/bzImage ($(stat -c %s "$OUT/bzImage") bytes), $OUT/vmlinux"

#!/bin/bash
# mkinitramfs.sh - build a busybox initramfs for a test scenario.
#
#   tests/lib/mkinitramfs.sh -o OUT.cpio.gz -i INIT [-m MODULE]... \
#                            [-f SRC:DST]... [-d DIR]...
#
#   -i INIT    the scenario's init script, installed as /init
#   -m MODULE  a kernel module of the cached Debian kernel, by name
#              (e.g. xen-privcmd); copied to /lib/modules/NAME.ko (none is
#              copied when GUEST_MODULES_BUILTIN lists it as built in)
#   -f SRC:DST a file (binary, config) copied to DST in the image
#   -d DIR     a directory tree merged into the image root
#
# Always present: /bin/busybox (static), /etc/xenolith/init-common.sh with
# the helpers every init uses, and the usual empty mount points.
set -euo pipefail
shopt -s inherit_errexit

CACHE=${XENOLITH_CACHE:-$HOME/.cache/xenolith}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="" INIT="" MODS=() FILES=() DIRS=()
while getopts "o:i:m:f:d:h" opt; do
    case $opt in
    o) OUT=$OPTARG ;; i) INIT=$OPTARG ;; m) MODS+=("$OPTARG") ;;
    f) FILES+=("$OPTARG") ;; d) DIRS+=("$OPTARG") ;;
    h) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) exit 2 ;;
    esac
done
die() { echo "mkinitramfs: $*" >&2; exit 1; }
[ -n "$OUT" ] && [ -n "$INIT" ] || die "need -o OUT and -i INIT (see -h)"
[ -f "$INIT" ] || die "no init script $INIT"
[ -x "$CACHE/busybox" ] || die "no busybox in $CACHE (run scripts/fetch-assets.sh)"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,etc/xenolith,proc,sys,dev,run,tmp,var,lib/modules,root,mnt,usr/bin,usr/sbin}
cp "$CACHE/busybox" "$stage/bin/busybox"
cp "$INIT" "$stage/init"
chmod 755 "$stage/init"
cp "$HERE/init-common.sh" "$stage/etc/xenolith/init-common.sh"

# A kernel with drivers built in (GUEST_MODULES_BUILTIN names its
# modules.builtin, see tests/lib/scenario.sh) needs no .ko for them; the
# list goes into the image so that xl_modules knows to skip them.
for m in "${MODS[@]}"; do
    if [ -n "${GUEST_MODULES_BUILTIN:-}" ]; then
        [ -f "$GUEST_MODULES_BUILTIN" ] || die "no $GUEST_MODULES_BUILTIN (GUEST_MODULES_BUILTIN)"
        cp "$GUEST_MODULES_BUILTIN" "$stage/lib/modules/modules.builtin"
        grep -q "/$m\.ko\$" "$GUEST_MODULES_BUILTIN" && continue
        die "kernel module '$m' is not built into the kernel of $GUEST_MODULES_BUILTIN"
    fi
    [ -e "$CACHE/kernel/modules" ] || die "no kernel modules in $CACHE (run scripts/fetch-assets.sh)"
    f=$(find -L "$CACHE/kernel/modules/kernel" \( -name "$m.ko" -o -name "$m.ko.xz" \) | head -n 1)
    [ -n "$f" ] || die "kernel module '$m' not found in $(readlink -f "$CACHE/kernel/modules")"
    case "$f" in
    *.xz) xz -dc "$f" > "$stage/lib/modules/$m.ko" ;;
    *) cp "$f" "$stage/lib/modules/$m.ko" ;;
    esac
done
for spec in "${FILES[@]}"; do
    src=${spec%%:*} dst=${spec#*:}
    [ -e "$src" ] || die "no file $src"
    mkdir -p "$stage/$(dirname "$dst")"
    cp -a "$src" "$stage/$dst"
done
for d in "${DIRS[@]}"; do
    [ -d "$d" ] || die "no directory $d"
    cp -a "$d/." "$stage/"
done

mkdir -p "$(dirname "$OUT")"
(cd "$stage" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet -R 0:0) | gzip -1 > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"

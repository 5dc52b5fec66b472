#!/bin/bash
# xen417-tools-root.sh OUTDIR - a directory tree holding Debian's Xen 4.17
# toolstack (xl, C xenstored, oxenstored, xenconsoled, xenstore-utils and
# their libraries) ready to merge into a dom0 initramfs with
# `mkinitramfs.sh -d OUTDIR`.  The real binaries live in
# /usr/lib/xen-4.17/bin (Debian's /usr/sbin names are wrapper symlinks);
# that directory is put on PATH by xl_start_xen417_daemons in init-common.sh.
set -euo pipefail
shopt -s inherit_errexit
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${XENOLITH_CACHE:-$HOME/.cache/xenolith}
out=$1
"$HERE/../../scripts/fetch-assets.sh" xen417-tools
X="$CACHE/x"
rm -rf "$out"; mkdir -p "$out/usr/lib/xen-4.17/bin" "$out/usr/bin" "$out/etc" "$out/usr/lib/x86_64-linux-gnu"
bin="$X/xen-utils-4.17/usr/lib/xen-4.17/bin"
for b in xl xenstored oxenstored xenconsoled xenconsole libxl-save-helper xen-init-dom0 xenstore-control; do
    cp "$bin/$b" "$out/usr/lib/xen-4.17/bin/"
done
cp -a "$X/xenstore-utils/usr/bin/." "$out/usr/bin/"
cp -a "$X/xen-utils-common/etc/xen" "$out/etc/" 2>/dev/null || true
[ -f "$X/xen-utils-4.17/etc/xen/oxenstored.conf" ] && cp "$X/xen-utils-4.17/etc/xen/oxenstored.conf" "$out/etc/xen/" || true
libdirs=()
for d in "$X"/*/usr/lib/x86_64-linux-gnu "$X"/xen-utils-4.17/usr/lib/xen-4.17/lib/x86_64-linux-gnu; do
    [ -d "$d" ] && libdirs+=(-L "$d")
done
"$HERE/elf-closure.sh" "$out" "${libdirs[@]}" "$out"/usr/lib/xen-4.17/bin/* "$out"/usr/bin/*

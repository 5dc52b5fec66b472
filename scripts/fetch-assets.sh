#!/bin/bash
# fetch-assets.sh - fetch the guest assets Xenolith's tests boot into a cache
# outside git, and check what is already there.
#
#   scripts/fetch-assets.sh [GROUP...]     groups: kernel busybox xen417
#                                          xen417-tools linux-source
#                                          (default: kernel busybox xen417)
#   scripts/fetch-assets.sh --print-env    prints shell assignments for the
#                                          cached paths (after fetching)
#
# Cache: $XENOLITH_CACHE (default ~/.cache/xenolith)
#   debs/       the .deb files, as apt-get download wrote them
#   x/PKG/      each package unpacked with dpkg -x; x/PKG.ok records the
#               SHA256 of the .deb it came from
#   kernel/     vmlinuz (Debian's bzImage), vmlinux (ELF taken out of it),
#               modules/ (that kernel's modules tree), version
#   xen417/     xen (the ELF32 multiboot image QEMU -kernel takes), xen.gz
#   busybox     the static busybox binary
#   linux-source/linux-source-6.1/  Debian's kernel source tree, unpacked
#               from the linux-source-6.1 package's tarball (for
#               guest-linux-patches/); linux-source/.src as for kernel/
#
# Every .deb is checked against the SHA256 in the package index; a corrupt
# or partial download, or an unpack that did not finish, is detected and done
# again.  Re-runs with a good cache touch nothing on the network.
set -euo pipefail
shopt -s inherit_errexit

CACHE=${XENOLITH_CACHE:-$HOME/.cache/xenolith}
PRINT_ENV=0
GROUPS_WANTED=()
for a in "$@"; do
    case "$a" in
    --print-env) PRINT_ENV=1 ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    kernel|busybox|xen417|xen417-tools|linux-source) GROUPS_WANTED+=("$a") ;;
    *) echo "fetch-assets: unknown group '$a' (see --help)" >&2; exit 2 ;;
    esac
done
[ ${#GROUPS_WANTED[@]} -eq 0 ] && GROUPS_WANTED=(kernel busybox xen417)

die() { echo "fetch-assets: $*" >&2; exit 1; }
log() { echo "fetch-assets: $*" >&2; }

mkdir -p "$CACHE/debs" "$CACHE/x" || die "cannot create cache $CACHE"

APT_UPDATED=0
# apt_field PKG FIELD: a field of the candidate version in the package index.
apt_field() {
    local out
    if ! out=$(apt-cache show --no-all-versions "$1" 2>/dev/null) || [ -z "$out" ]; then
        if [ $APT_UPDATED -eq 0 ]; then
            APT_UPDATED=1
            log "package index has no '$1'; running apt-get update"
            apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed: no reachable package mirror?"
            out=$(apt-cache show --no-all-versions "$1" 2>/dev/null) || true
        fi
        [ -n "$out" ] || die "package '$1' is not in the package index (is the Debian 12 main archive configured?)"
    fi
    printf '%s\n' "$out" | sed -n "s/^$2: //p" | head -n 1
}

# fetch_deb PKG: download (or reuse) PKG's .deb, verified; prints its path.
fetch_deb() {
    local pkg=$1 file sha deb got
    file=$(basename "$(apt_field "$pkg" Filename)")
    sha=$(apt_field "$pkg" SHA256)
    [ -n "$file" ] && [ -n "$sha" ] || die "no Filename/SHA256 for '$pkg' in the package index"
    deb="$CACHE/debs/$file"
    if [ -f "$deb" ]; then
        got=$(sha256sum "$deb" | cut -d' ' -f1)
        if [ "$got" = "$sha" ]; then
            printf '%s\n' "$deb"; return 0
        fi
        log "cached $file is corrupt or partial (sha256 mismatch); fetching again"
        rm -f "$deb"
    fi
    log "downloading $pkg"
    local tmp; tmp=$(mktemp -d "$CACHE/debs/.dl.XXXXXX")
    if ! (cd "$tmp" && apt-get download -qq "$pkg" >/dev/null 2>"$tmp/err"); then
        sed 's/^/  /' "$tmp/err" | grep -v 'unsandboxed' >&2 || true
        rm -rf "$tmp"
        die "could not download '$pkg': no reachable package mirror?"
    fi
    # apt-get names the file after the version, epoch included (as %3a).
    local got_file; got_file=$(ls "$tmp"/*.deb 2>/dev/null | head -n 1)
    got=$(sha256sum "$got_file" 2>/dev/null | cut -d' ' -f1) || true
    if [ -z "$got_file" ] || [ "$got" != "$sha" ]; then
        rm -rf "$tmp"
        die "downloaded $file does not match the index SHA256"
    fi
    mv "$got_file" "$deb"
    rm -rf "$tmp"
    printf '%s\n' "$deb"
}

# unpack PKG: fetch and dpkg -x into x/PKG once per .deb; prints the dir.
unpack() {
    local pkg=$1 deb sha dir
    deb=$(fetch_deb "$pkg")
    sha=$(sha256sum "$deb" | cut -d' ' -f1)
    dir="$CACHE/x/$pkg"
    if [ -f "$dir.ok" ] && [ "$(cat "$dir.ok")" = "$sha" ] && [ -d "$dir" ]; then
        printf '%s\n' "$dir"; return 0
    fi
    rm -rf "$dir" "$dir.ok"
    dpkg-deb -x "$deb" "$dir.tmp" 2>/dev/null || { rm -rf "$dir.tmp"; die "dpkg -x of $(basename "$deb") failed"; }
    mv "$dir.tmp" "$dir"
    printf '%s\n' "$sha" > "$dir.ok"
    printf '%s\n' "$dir"
}

# The Debian kernel: resolve the ABI number through the linux-image-amd64
# metapackage, so the cache follows Debian's current kernel.
kernel_pkg() {
    local p
    p=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -n 1)
    if [ -z "$p" ] && [ $APT_UPDATED -eq 0 ]; then
        APT_UPDATED=1
        apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed: no reachable package mirror?"
        p=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -n 1)
    fi
    [ -n "$p" ] || die "cannot resolve linux-image-amd64 to a linux-image-6.1.0-*-amd64 package"
    printf '%s\n' "$p"
}

# extract_vmlinux BZIMAGE OUT: the ELF payload of a bzImage, found through
# the setup header (setup_sects at 0x1f1, payload_offset at 0x248,
# payload_length at 0x24c) and decompressed with the matching tool.
extract_vmlinux() {
    local bz=$1 out=$2 sects off len start magic
    sects=$(od -An -tu1 -j $((0x1f1)) -N1 "$bz" | tr -d ' ')
    [ "$sects" -eq 0 ] && sects=4
    off=$(od -An -tu4 -j $((0x248)) -N4 "$bz" | tr -d ' ')
    len=$(od -An -tu4 -j $((0x24c)) -N4 "$bz" | tr -d ' ')
    start=$(( (sects + 1) * 512 + off ))
    magic=$(od -An -tx1 -j "$start" -N6 "$bz" | tr -d ' ')
    local dec
    case "$magic" in
    fd377a585a00) dec="xz -dc --single-stream" ;;
    1f8b*)        dec="gzip -dc" ;;
    28b52ffd*)    dec="zstd -dcq" ;;
    02214c18*)    dec="lz4 -dcq" ;;
    425a68*)      dec="bzip2 -dc" ;;
    *) die "$bz: unknown payload compression (magic $magic)" ;;
    esac
    tail -c +$((start + 1)) "$bz" | head -c "$len" | $dec > "$out.tmp" 2>/dev/null || true
    [ "$(od -An -tx1 -N4 "$out.tmp" | tr -d ' ')" = "7f454c46" ] || { rm -f "$out.tmp"; die "$bz: payload did not decompress to an ELF image"; }
    mv "$out.tmp" "$out"
}

get_kernel() {
    local pkg dir ver vmlinuz
    pkg=$(kernel_pkg)
    dir=$(unpack "$pkg")
    ver=${pkg#linux-image-}
    vmlinuz="$dir/boot/vmlinuz-$ver"
    [ -f "$vmlinuz" ] || die "$pkg has no boot/vmlinuz-$ver"
    mkdir -p "$CACHE/kernel"
    # Derived files are remade whenever the package they came from changes.
    if [ "$(cat "$CACHE/kernel/.src" 2>/dev/null)" != "$(cat "$dir.ok")" ] || [ ! -f "$CACHE/kernel/vmlinux" ]; then
        log "extracting vmlinux from $(basename "$vmlinuz")"
        rm -f "$CACHE/kernel/.src"
        cp "$vmlinuz" "$CACHE/kernel/vmlinuz"
        extract_vmlinux "$vmlinuz" "$CACHE/kernel/vmlinux"
        ln -sfn "$dir/lib/modules/$ver" "$CACHE/kernel/modules"
        printf '%s\n' "$ver" > "$CACHE/kernel/version"
        cat "$dir.ok" > "$CACHE/kernel/.src"
    fi
}

get_busybox() {
    local dir
    dir=$(unpack busybox-static)
    [ -x "$dir/bin/busybox" ] || die "busybox-static has no bin/busybox"
    cp -f "$dir/bin/busybox" "$CACHE/busybox"
}

get_xen417() {
    local dir gz
    dir=$(unpack xen-hypervisor-4.17-amd64)
    gz=$(ls "$dir"/boot/xen-4.17*-amd64.gz 2>/dev/null | head -n 1)
    [ -n "$gz" ] || die "xen-hypervisor-4.17-amd64 has no boot/xen-4.17*-amd64.gz"
    mkdir -p "$CACHE/xen417"
    if [ "$(cat "$CACHE/xen417/.src" 2>/dev/null)" != "$(cat "$dir.ok")" ] || [ ! -f "$CACHE/xen417/xen" ]; then
        rm -f "$CACHE/xen417/.src"
        cp "$gz" "$CACHE/xen417/xen.gz"
        gzip -dc "$gz" > "$CACHE/xen417/xen" || die "cannot gunzip $gz"
        cat "$dir.ok" > "$CACHE/xen417/.src"
    fi
}

# Debian's Xen 4.17 toolstack, for reference runs of xl and xenstored.
XEN417_TOOL_PKGS="xen-utils-4.17 xen-utils-common libxenstore4 xenstore-utils libyajl2
libxencall1 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1 libxengnttab1
libxenhypfs1 libxenmisc4.17 libxentoolcore1 libxentoollog1"
get_xen417_tools() {
    local p
    for p in $XEN417_TOOL_PKGS; do unpack "$p" >/dev/null; done
}

# Debian's kernel source, for guest-linux-patches/: the package ships one
# tarball, unpacked here once per .deb (a partial unpack is redone).
get_linux_source() {
    local dir tar
    dir=$(unpack linux-source-6.1)
    tar="$dir/usr/src/linux-source-6.1.tar.xz"
    [ -f "$tar" ] || die "linux-source-6.1 has no usr/src/linux-source-6.1.tar.xz"
    mkdir -p "$CACHE/linux-source"
    if [ "$(cat "$CACHE/linux-source/.src" 2>/dev/null)" != "$(cat "$dir.ok")" ] ||
       [ ! -f "$CACHE/linux-source/linux-source-6.1/Makefile" ]; then
        log "unpacking linux-source-6.1.tar.xz (about a minute)"
        rm -rf "$CACHE/linux-source/.src" "$CACHE/linux-source/linux-source-6.1" "$CACHE/linux-source/.tmp"
        mkdir -p "$CACHE/linux-source/.tmp"
        tar -xJf "$tar" -C "$CACHE/linux-source/.tmp" ||
            { rm -rf "$CACHE/linux-source/.tmp"; die "cannot unpack $tar"; }
        [ -f "$CACHE/linux-source/.tmp/linux-source-6.1/Makefile" ] ||
            { rm -rf "$CACHE/linux-source/.tmp"; die "$tar has no linux-source-6.1/Makefile"; }
        mv "$CACHE/linux-source/.tmp/linux-source-6.1" "$CACHE/linux-source/linux-source-6.1"
        rmdir "$CACHE/linux-source/.tmp"
        cat "$dir.ok" > "$CACHE/linux-source/.src"
    fi
}

for g in "${GROUPS_WANTED[@]}"; do
    case "$g" in
    kernel) get_kernel ;;
    busybox) get_busybox ;;
    xen417) get_xen417 ;;
    xen417-tools) get_xen417_tools ;;
    linux-source) get_linux_source ;;
    esac
done

if [ $PRINT_ENV -eq 1 ]; then
    echo "XENOLITH_CACHE=$CACHE"
    echo "KERNEL_VERSION=$(cat "$CACHE/kernel/version" 2>/dev/null)"
fi

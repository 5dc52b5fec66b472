#!/bin/bash
# elf-closure.sh ROOT [-L LIBDIR]... FILE...
#
# Copies every shared library the given ELF files need (recursively, as ldd
# resolves them, plus the dynamic loader) into ROOT at the same path, so the
# files run inside a busybox initramfs.  -L adds directories searched first
# (for libraries that are unpacked in the cache, not installed on the host).
set -euo pipefail
shopt -s inherit_errexit
root=$1; shift
libpath=""
files=()
while [ $# -gt 0 ]; do
    case "$1" in
    -L) libpath="${libpath:+$libpath:}$2"; shift 2 ;;
    *) files+=("$1"); shift ;;
    esac
done
[ -d "$root" ] || { echo "elf-closure: no root $root" >&2; exit 1; }

declare -A seen
missing=()
for f in "${files[@]}"; do
    file -bL "$f" 2>/dev/null | grep -q 'dynamically linked' || continue
    while read -r line; do
        case "$line" in
        *"=> not found"*) missing+=("$(basename "$f"): ${line%% *}") ;;
        *"=> /"*) lib=${line#*=> }; lib=${lib%% (*}; seen[$lib]=1 ;;
        /*) lib=${line%% (*}; seen[$lib]=1 ;;
        esac
    done < <(LD_LIBRARY_PATH="$libpath" ldd "$f" 2>/dev/null)
done
if [ ${#missing[@]} -gt 0 ]; then
    printf 'elf-closure: unresolved library: %s\n' "${missing[@]}" >&2
    exit 1
fi
for lib in "${!seen[@]}"; do
    # Libraries found through -L live in the cache: install them in the
    # standard library directory so the loader finds them without a cache.
    case "$lib" in
    /lib/*|/lib64/*|/usr/lib/*) dst="$root$lib" ;;
    *) dst="$root/usr/lib/x86_64-linux-gnu/$(basename "$lib")" ;;
    esac
    mkdir -p "$(dirname "$dst")"
    cp -L "$lib" "$dst"
done
# glibc dlopens libgcc_s for unwinding and thread cancellation.
for g in /lib/x86_64-linux-gnu/libgcc_s.so.1; do
    [ -f "$g" ] && { mkdir -p "$root$(dirname "$g")"; cp -L "$g" "$root$g"; }
done

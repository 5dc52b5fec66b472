# tests/xenstore/roots.sh - sourced (after tests/lib/scenario.sh) by
# dom0.sh and bench/xenstore.sh: builds our daemon, library and clients and
# lays them out for a dom0 initramfs under /opt/xenolith:
#   sbin/xenstored, bin/xenstore (+ xenstore-* links; libxenstore.a
#   inside), lib/libxenstore.so.4, bin/xenstore_bench (on libxenstore.so.4)
# $ours is that tree, $tools Debian's Xen 4.17 toolstack tree.  Returns
# non-zero if something does not build.
xs_roots() {
    make -s -C "$ROOT/tools/xenstore" >/dev/null && make -s -C "$ROOT/tools/xenstored" >/dev/null || return 1
    ours="$BUILD/roots/xenstore-ours"
    rm -rf "$ours"; mkdir -p "$ours/opt/xenolith/bin" "$ours/opt/xenolith/sbin" "$ours/opt/xenolith/lib"
    cp "$ROOT/tools/xenstored/xenstored" "$ours/opt/xenolith/sbin/"
    cp "$ROOT/tools/xenstore/xenstore" "$ours/opt/xenolith/bin/"
    local c
    for c in read write ls list rm exists chmod watch; do ln -s xenstore "$ours/opt/xenolith/bin/xenstore-$c"; done
    cp "$ROOT/tools/xenstore/libxenstore.so.4" "$ours/opt/xenolith/lib/"
    gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror \
        -I"$ROOT/tools/xenstore/include" -I"$ROOT/tools/xenstore/.inc" \
        -o "$ours/opt/xenolith/bin/xenstore_bench" "$ROOT/bench/xenstore_bench.c" \
        -L"$ROOT/tools/xenstore" -l:libxenstore.so.4 || return 1
    "$ROOT/tests/lib/elf-closure.sh" "$ours" "$ours/opt/xenolith/sbin/xenstored" \
        "$ours/opt/xenolith/bin/xenstore" || return 1
    tools="$BUILD/roots/xen417-tools"
    [ -x "$tools/usr/lib/xen-4.17/bin/xl" ] ||
        "$ROOT/tests/lib/xen417-tools-root.sh" "$tools" >/dev/null || return 1
}

# roots.sh - sourced (bash) by tests/e2e/devices/run.sh and bench/devices.sh
# after tests/lib/scenario.sh: builds the two trees their dom0 initramfs
# merges, or returns 1.
#   $ours   our xl (with its shared libraries) in /opt/xenolith/bin and our
#           hotplug scripts in /etc/xen/scripts
#   $tools  Debian's Xen 4.17 daemons, xl and xenstore clients, without
#           Debian's own hotplug scripts
devices_roots() {
    make -s -C "$ROOT/tools/xl" >/dev/null || return 1
    ours="$BUILD/roots/devices-ours"
    rm -rf "$ours"; mkdir -p "$ours/opt/xenolith/bin"
    cp "$ROOT/tools/xl/xl" "$ours/opt/xenolith/bin/xl"
    "$ROOT/tests/lib/elf-closure.sh" "$ours" "$ours"/opt/xenolith/bin/* || return 1
    make -s -C "$ROOT/tools/hotplug" install DESTDIR="$ours" || return 1
    tools="$BUILD/roots/devices-xen417"
    "$ROOT/tests/lib/xen417-tools-root.sh" "$tools" >/dev/null || return 1
    rm -rf "$tools/etc/xen/scripts"
}

#!/bin/sh
# tests/xen/run.sh - boot the hypervisor under QEMU (TCG) and check its
# self-tests.
#
# Boots xen/xen with the `selftest` option on 1, 2 and 4 CPUs under
# -cpu max and -cpu max,-smap, plus a run with multiboot modules and a run
# that panics on purpose.  A run passes only when QEMU left through
# isa-debug-exit with the expected status AND the serial log holds the
# expected markers (every "SELFTEST <name> PASS", the summary with 0
# failed, all CPUs up, the SMAP state asked for).  Logs of failed runs are
# kept in build/logs/.  Ends with "xen: N passed, N failed".
#
# Usage: tests/xen/run.sh [--no-build]     (QEMU: $QEMU, timeout: $XEN_TIMEOUT)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
QEMU=${QEMU:-qemu-system-x86_64}
TIMEOUT=${XEN_TIMEOUT:-120}
LOGDIR="$ROOT/build/logs"
WORK="$ROOT/build/xen-test"
mkdir -p "$LOGDIR" "$WORK"

if [ "${1:-}" != "--no-build" ]; then
    make -s -C "$ROOT/xen" >"$WORK/build.log" 2>&1 || {
        cat "$WORK/build.log"; echo "xen: 0 passed, 1 failed"; exit 1; }
fi
command -v "$QEMU" >/dev/null || { echo "no $QEMU"; echo "xen: 0 passed, 1 failed"; exit 1; }

passed=0; failed=0

# The image carries both loaders' headers (no GRUB here to boot v2).
if out=$(python3 "$ROOT/tests/xen/check_headers.py" "$ROOT/xen/xen"); then
    passed=$((passed + 1)); echo "PASS headers (multiboot v1 + v2, ELF32)"
else
    failed=$((failed + 1)); echo "FAIL headers: $out"
fi

# boot NAME SMP CPU APPEND EXPECT_RC [extra qemu args...]
boot() {
    name=$1 smp=$2 cpu=$3 append=$4 want_rc=$5
    shift 5
    log="$WORK/$name.log"
    timeout "$TIMEOUT" "$QEMU" -machine q35 -m 2048 -smp "$smp" -cpu "$cpu" \
        -display none -serial "file:$log" -monitor none -no-reboot \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -kernel "$ROOT/xen/xen" -append "$append" "$@" </dev/null \
        >"$WORK/$name.qemu" 2>&1
    rc=$?
    why=""
    [ "$rc" -eq "$want_rc" ] || why="exit status $rc, want $want_rc"
}

need() {    # need PATTERN DESCRIPTION: a marker the log must contain
    [ -n "$why" ] && return
    grep -q -- "$1" "$log" || why="missing: $2"
}

refuse() {  # refuse PATTERN DESCRIPTION
    [ -n "$why" ] && return
    grep -q -- "$1" "$log" && why="found: $2"
}

verdict() {
    if [ -z "$why" ]; then
        passed=$((passed + 1))
        ms=$(sed -n 's/.*Ready for dom0 \([0-9.]*\) ms.*/\1/p' "$log" | head -1)
        echo "PASS $name${ms:+ (first line to ready-for-dom0: $ms ms)}"
    else
        failed=$((failed + 1))
        cp "$log" "$LOGDIR/xen-$name.log"
        echo "FAIL $name: $why (log: build/logs/xen-$name.log)"
        tail -n 15 "$log" | sed 's/^/    /'
    fi
}

TESTS="extable smap pagetables symbols console time timers ipi heap"

selftest_run() {   # NAME SMP CPU SMAP-STATE [extra qemu args]
    name=$1 smp=$2 cpu=$3 smap=$4
    shift 4
    boot "$name" "$smp" "$cpu" "selftest loglvl=all" 33 "$@"
    need "Ready for dom0" "ready line"
    need "Brought up $smp CPUs" "$smp CPUs online"
    need "SMAP $smap, SMEP" "SMAP $smap"
    for t in $TESTS; do
        need "SELFTEST $t PASS" "SELFTEST $t PASS"
    done
    need "SELFTEST SUMMARY: [0-9]* passed, 0 failed" "summary with 0 failed"
    refuse "FAIL" "a failing self-test"
    refuse "Panic" "a panic"
}

for smp in 1 2 4; do
    selftest_run "smp$smp-max" "$smp" max on; verdict
    selftest_run "smp$smp-nosmap" "$smp" max,-smap off; verdict
done

# Modules: relocated out of the way, command lines kept.
printf 'module-one-payload' > "$WORK/mod1"
head -c 300000 /dev/zero > "$WORK/mod2"
selftest_run modules 2 max on -initrd "$WORK/mod1 arg1 arg2,$WORK/mod2"
need 'Module 0: .*mod1 arg1 arg2"' "module 0 with its command line"
need 'Module 1: .*mod2"' "module 1"
verdict

# The panic path: registers, symbolised trace, faulting CPU, exit 37.
boot panic 2 max "selftest selftest_panic" 37
need "FATAL TRAP: vector 14 (#PF page fault)" "fatal trap line"
need "RIP: .*selftest_crash_here" "RIP symbol"
need "rax: " "register dump"
need "F run_selftests" "symbolised call trace"
need "Panic on CPU 0" "faulting CPU"
verdict

# GRUB: the multiboot2 path, xen.gz as GRUB loads it (decompressed by
# GRUB), with modules and command lines, from a rescue ISO.
grub_iso() {
    local iso=$WORK/grub.iso dir=$WORK/iso
    rm -rf "$dir"; mkdir -p "$dir/boot/grub"
    cp "$ROOT/xen/xen.gz" "$WORK/mod1" "$WORK/mod2" "$dir/boot/"
    cat > "$dir/boot/grub/grub.cfg" <<'CFG'
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
menuentry "Xenolith self-test" {
    multiboot2 /boot/xen.gz selftest loglvl=all
    module2 /boot/mod1 arg1 arg2
    module2 /boot/mod2
}
CFG
    grub-mkrescue -o "$iso" "$dir" >"$WORK/grub-mkrescue.log" 2>&1 && echo "$iso"
}
if command -v grub-mkrescue >/dev/null && iso=$(grub_iso); then
    name=grub-multiboot2 log="$WORK/$name.log"
    timeout "$TIMEOUT" "$QEMU" -machine q35 -m 2048 -smp 2 -cpu max \
        -display none -serial "file:$log" -monitor none -no-reboot \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -cdrom "$iso" -boot d </dev/null >"$WORK/$name.qemu" 2>&1
    rc=$?
    why=""
    [ "$rc" -eq 33 ] || why="exit status $rc, want 33"
    need "multiboot2" "the multiboot2 loader"
    # GRUB passes a module's arguments without its file name.
    need 'Module 0: .*"arg1 arg2"' "module 0 with its command line"
    need 'Module 1: 0x' "module 1"
    for t in $TESTS; do
        need "SELFTEST $t PASS" "SELFTEST $t PASS"
    done
    refuse "FAIL" "a failing self-test"
    verdict
else
    failed=$((failed + 1))
    echo "FAIL grub-multiboot2: cannot build a GRUB rescue ISO (grub-pc-bin, xorriso, mtools; see $WORK/grub-mkrescue.log)"
fi

echo "xen: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

# scenario.sh - settings shared by the QEMU scenario suites (sourced, bash).
#
# HV selects the hypervisor: xen417 (Debian's Xen 4.17, unpacked in the
# cache) or xenolith (our xen/xen).  The command lines are the ones that
# boot the Debian kernel as dom0 on Xen 4.17; both hypervisors get the same.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
CACHE=${XENOLITH_CACHE:-$HOME/.cache/xenolith}
HV=${HV:-xen417}
case "$HV" in
xen417|xenolith) ;;
*) echo "HV must be xen417 or xenolith, not '$HV'" >&2; exit 2 ;;
esac

HV_ARGS_DEFAULT="console=com1 com1=115200 dom0_mem=512M dom0_max_vcpus=2 noreboot"
HV_ARGS=${HV_ARGS:-$HV_ARGS_DEFAULT}
# GUEST_KERNEL selects the Linux booted as dom0 and as domU: debian (the
# cached Debian kernel, the compatibility yardstick) or minimal (built from
# guest-linux-patches/ by `make guest-kernel`; a suite never builds it).
# GUEST_VMLINUZ is its bzImage, GUEST_VMLINUX the ELF image inside it;
# GUEST_MODULES_BUILTIN (exported, for mkinitramfs.sh) lists the modules
# the minimal kernel has built in.
GUEST_KERNEL=${GUEST_KERNEL:-debian}
case "$GUEST_KERNEL" in
debian)
    GUEST_VMLINUZ=$CACHE/kernel/vmlinuz GUEST_VMLINUX=$CACHE/kernel/vmlinux
    unset GUEST_MODULES_BUILTIN ;;
minimal)
    GUEST_DIR=$("$ROOT/guest-linux-patches/build.sh" --print-dir) || exit 2
    GUEST_VMLINUZ=$GUEST_DIR/bzImage GUEST_VMLINUX=$GUEST_DIR/vmlinux
    export GUEST_MODULES_BUILTIN=$GUEST_DIR/modules.builtin ;;
*) echo "GUEST_KERNEL must be debian or minimal, not '$GUEST_KERNEL'" >&2; exit 2 ;;
esac
DOM0_KERNEL=${DOM0_KERNEL:-$GUEST_VMLINUZ}
DOM0_ARGS=${DOM0_ARGS:-console=hvc0 earlyprintk=xen}
HARNESS="$ROOT/tests/lib/qemu_harness.py"
MKINITRAMFS="$ROOT/tests/lib/mkinitramfs.sh"
BUILD="$ROOT/build"

# CPU models a suite runs under.  Xen 4.17's dom0 dies in its first
# HYPERVISOR_iret with SMAP on (see docs), so the reference runs SMAP off
# only; Xenolith must pass both.
if [ -n "${CPUS:-}" ]; then
    read -r -a CPU_MODELS <<< "$CPUS"
elif [ "$HV" = xen417 ]; then
    CPU_MODELS=("max,-smap")
else
    CPU_MODELS=("max,-smap" "max")
fi

# Timeline markers for make bench, per hypervisor: the hypervisor's first
# line, the core ready to build dom0, the hand-over to dom0, dom0's first
# line, dom0's /init.
timeline_args() {
    case "$HV" in
    # hv_ready: the core is up and dom0's construction begins (Xen creates
    # d0 and prints its PIRQ count; Xenolith says so).
    xen417) echo "--timeline hv_banner=\(XEN\)\sXen\sversion --timeline hv_ready=\(XEN\)\sd0\shas\smaximum --timeline hv_dom0_start=\(XEN\)\sFreed\s.*init\smemory" ;;
    xenolith) echo "--timeline hv_banner=Xenolith\sversion --timeline hv_ready=Ready\sfor\sdom0 --timeline hv_dom0_start=Xenolith:\sstarting\sdom0" ;;
    esac
    echo "--timeline dom0_linux=Linux\sversion --timeline dom0_init=XENOLITH-INIT"
}

SUITE_PASSED=0
SUITE_FAILED=0
# count CMD...: run one test case, count it.
count() {
    if "$@"; then SUITE_PASSED=$((SUITE_PASSED + 1)); else SUITE_FAILED=$((SUITE_FAILED + 1)); fi
}
# suite_end NAME: the closing line and exit status.
suite_end() {
    echo "$1: $SUITE_PASSED passed, $SUITE_FAILED failed"
    [ "$SUITE_FAILED" -eq 0 ]
}

# Scenarios whose dom0 init reports many XENOLITH-RESULT KEY=VALUE lines
# list what each must be in the array EXPECT ("KEY=VALUE" entries).
# expect_args: the harness options that require them all.
expect_args() {
    local kv
    for kv in "${EXPECT[@]}"; do printf -- '--result\n%s\n' "$kv"; done
}
# count_results LOG: one PASS/FAIL line and one count per EXPECT entry,
# from the last report of that key in the serial log.
count_results() {
    local log=$1 kv k want got
    for kv in "${EXPECT[@]}"; do
        k=${kv%%=*} want=${kv#*=}
        got=$(grep -a -o "XENOLITH-RESULT $k=.*" "$log" 2>/dev/null | tail -n 1 |
              sed "s/^XENOLITH-RESULT $k=//;s/\r$//")
        if [ "$got" = "$want" ]; then
            echo "PASS $k=$want"
            SUITE_PASSED=$((SUITE_PASSED + 1))
        else
            echo "FAIL $k: got '${got:-<none>}', expected '$want'"
            SUITE_FAILED=$((SUITE_FAILED + 1))
        fi
    done
}

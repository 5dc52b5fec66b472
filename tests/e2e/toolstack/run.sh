#!/bin/bash
# tests/e2e/toolstack/run.sh - the PV domain lifecycle driven by OUR xl
# (tools/xl, tools/libxl) in a busybox dom0.
#
# HV=xen417 (default) or HV=xenolith (make test-toolstack-xenolith): the
# hypervisor, with Debian's C xenstored,
# xenconsoled and xenconsole as the daemons our xl talks to (our own
# xenstored and xenconsoled replace them once they run in dom0).  The domU
# is Debian's kernel (uncompressed ELF vmlinux for speed, and once the
# bzImage) with a busybox initramfs (init-domu.sh) printing DOMU-* markers
# on hvc0.  init-dom0.sh checks: bad configs, a missing kernel, a kernel of
# the wrong format, an unknown domain and a failure after the domain exists
# (each a clear error, nothing left behind); create -c with boot messages on
# the attached console, Ctrl-] detach, xl console re-attach; list / list -l
# (valid JSON); vcpu-list, uptime, sched-credit, vcpu-set, pause, rename;
# two domUs side by side; shutdown -w (guest powers off through
# control/shutdown); reboot (new domid, by the monitor xl create leaves);
# destroy leaving no xenstore node, event channel or memory behind.
#
# One QEMU boot; each XENOLITH-RESULT below is one check, plus the boot
# itself.  Ends with "toolstack: N passed, N failed".
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../lib/scenario.sh"

EXPECT=(
    xl_help_rc=0 baseline_ok=yes
    badsyntax_rc=1 badsyntax_msg=yes badsyntax_clean=yes
    badtype_rc=1 badtype_msg=yes badtype_clean=yes
    nokernel_rc=1 nokernel_msg=yes nokernel_clean=yes
    badkernel_rc=1 badkernel_msg=yes badkernel_clean=yes
    elfkernel_rc=1 elfkernel_msg=yes elfkernel_clean=yes
    toobig_rc=1 toobig_msg=yes toobig_clean=yes toobig_mem_back=yes
    unknown_rc=1 unknown_msg=yes unknown_clean=yes
    unknown_shutdown_rc=1 unknown_shutdown_msg=yes unknown_shutdown_clean=yes
    usage_rc=2 usage_msg=yes usage_clean=yes
    create_c_rc=0 console_boot_msgs=yes console_marker=yes t1_running=yes
    t1_log_marker=yes
    reattach_rc=0 reattach_tick=yes
    "list_t1=id-ok 256 1" list_t1_state=ok list_json_valid=yes
    list_json_name=yes list_json_one=yes debian_xl_sees=yes
    vcpu_list=2 uptime=yes "sched_credit=0 256" sched_set=512
    vcpu_set_rc=0 vcpu_set_online=yes vcpu_set_too_many=yes
    paused=p unpaused=- renamed=yes
    create_t2_rc=0 t2_marker=yes both_running=yes "dup_name=1 yes"
    shutdown_rc=0 t1_poweroff_marker=yes t1_gone=yes t2_still_running=yes
    reboot_rc=0 t2_rebooted=yes t2_new_domid=yes t2_reboot_marker=yes
    destroy_rc=0 destroy_gone=yes nothing_left=yes "xs_left=[]"
    evtchn_back=yes memory_back=yes no_monitors=yes xl_list_final=2
    create_p=p create_p_clean=yes
    "bzimage_boot=0 yes"
    scenario_end=yes
)

# Our xl and the helper, with their shared libraries.
make -s -C "$ROOT/tools/xl" >/dev/null || exit 1
ours="$BUILD/roots/toolstack-ours"
rm -rf "$ours"; mkdir -p "$ours/opt/xenolith/bin" "$ours/sbin"
cp "$ROOT/tools/xl/xl" "$ours/opt/xenolith/bin/xl"
gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$ours/opt/xenolith/bin/tshelp" \
    "$HERE/tshelp.c" -lutil -lyajl || exit 1
"$ROOT/tests/lib/elf-closure.sh" "$ours" "$ours"/opt/xenolith/bin/* || exit 1

tools="$BUILD/roots/xen417-tools"
"$ROOT/tests/lib/xen417-tools-root.sh" "$tools" >/dev/null || exit 1

domu_initrd="$BUILD/initramfs/toolstack-domu.cpio.gz"
"$MKINITRAMFS" -o "$domu_initrd" -i "$HERE/init-domu.sh" \
    -f "$HERE/domu-poweroff.sh:/sbin/poweroff" \
    -f "$HERE/domu-poweroff.sh:/sbin/reboot" || exit 1
initrd="$BUILD/initramfs/toolstack-dom0.cpio.gz"
extra=()
[ "${BZIMAGE:-1}" = 1 ] && extra+=(-f "$GUEST_VMLINUZ:/guest/vmlinuz")
"$MKINITRAMFS" -o "$initrd" -i "$HERE/init-dom0.sh" \
    -m xen-privcmd -m xenfs -m xen-evtchn -m xen-gntdev \
    -d "$tools" -d "$ours" -f "$GUEST_VMLINUX:/guest/vmlinux" \
    -f "$domu_initrd:/guest/domu.gz" "${extra[@]}" || exit 1

name="toolstack-$HV"
mapfile -t args < <(expect_args)
count "$HARNESS" --name "$name" --hv "$HV" --hv-args "$HV_ARGS" \
    --module "$DOM0_KERNEL $DOM0_ARGS" --module "$initrd" \
    --cpu "${CPU_MODELS[0]}" --smp 2 --mem 2048 --timeout "${TIMEOUT:-900}" \
    --expect XENOLITH-INIT --expect XENOLITH-POWEROFF "${args[@]}" --tail 80

# One line per check, from the serial log.
log="$BUILD/logs/$name.log"
count_results "$log"
suite_end toolstack

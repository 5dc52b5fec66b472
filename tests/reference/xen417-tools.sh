# tests/reference/xen417-tools.sh - sourced by run.sh: Debian's Xen 4.17
# toolstack in dom0 (on HV): the base that xenstore and toolstack reference
# runs build on.
tools="$BUILD/roots/xen417-tools"
"$ROOT/tests/lib/xen417-tools-root.sh" "$tools" || exit 1
initrd="$BUILD/initramfs/dom0-xen417-tools.cpio.gz"
"$MKINITRAMFS" -o "$initrd" -i "$ROOT/tests/reference/init-dom0-xen417-tools.sh" \
    -m xen-privcmd -m xenfs -m xen-evtchn -m xen-gntdev -d "$tools" || exit 1
count "$HARNESS" --name "dom0-xen417-tools-$HV" --hv "$HV" --hv-args "$HV_ARGS" \
    --module "$DOM0_KERNEL $DOM0_ARGS" --module "$initrd" \
    --cpu "${CPU_MODELS[0]}" --smp 2 --mem 2048 --timeout "${TIMEOUT:-240}" \
    --expect XENOLITH-INIT --expect XENOLITH-POWEROFF \
    --result dom0_name=Domain-0 --result xl_list_dom0=0 --result xl_info_ver=4

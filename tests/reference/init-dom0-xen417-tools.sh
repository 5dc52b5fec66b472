#!/bin/busybox sh
# Scenario dom0-xen417-tools: Debian's own Xen 4.17 toolstack comes up in
# dom0 (xenstored, xen-init-dom0, xenconsoled) and answers xl and xenstore
# clients.  Proves the reference tool tree that later suites build on.
. /etc/xenolith/init-common.sh
xl_setup
xl_marker INIT
xl_modules xen-privcmd xenfs xen-evtchn xen-gntdev
xl_mount_xenfs
xl_start_xen417_daemons c
xl_result dom0_name "$(xenstore-read /local/domain/0/name 2>&1)"
xl_result xl_list_dom0 "$(xl list 2>&1 | awk '$1=="Domain-0"{print $2}')"
xl_result xl_info_ver "$(xl info 2>&1 | awk -F': ' '/^xen_major/{print $2}')"
# Memory as the hypervisor reports it (physinfo), for the footprint bench.
xl info > /tmp/xlinfo 2>&1
xl_result total_memory_mb "$(awk -F': ' '/^total_memory/{print $2}' /tmp/xlinfo)"
xl_result free_memory_mb "$(awk -F': ' '/^free_memory/{print $2}' /tmp/xlinfo)"
xl_result dom0_memory_mb "$(xl list 2>&1 | awk '$1=="Domain-0"{print $3}')"
xl_poweroff

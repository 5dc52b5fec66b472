# hotplug-common.sh - shared helpers for Xenolith's device hotplug scripts.
#
# Sourced (POSIX sh, runs under busybox ash) by tools/hotplug/block and
# tools/hotplug/vif-bridge.  The toolstack runs a script with the action as
# its first argument (add/remove for block, online/offline plus
# "type_if=vif" for vif-bridge) and these environment variables:
#
#   XENBUS_PATH       the device's backend directory, relative to the
#                     backend domain's home ("backend/vbd/1/51712")
#   XENBUS_TYPE       vbd or vif
#   XENBUS_BASE_PATH  "backend"
#   script            the script's own absolute path
#   vif, netdev       (vif only) the backend interface name, gateway device
#
# A script reports the outcome in the backend directory: hotplug-status =
# connected on success, or hotplug-error = <message> and hotplug-status =
# error on failure (and exits 1).  The toolstack prints hotplug-error to the
# user.  See docs/hotplug.md.

HOTPLUG_LOG=${HOTPLUG_LOG:-/var/log/xen/xen-hotplug.log}
HOTPLUG_STATE=${HOTPLUG_STATE:-/run/xen-hotplug}
HOTPLUG_NAME=${0##*/}
PATH=${PATH:+$PATH:}/usr/lib/xenolith/bin:/usr/lib/xen-4.17/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
LC_ALL=C
export LC_ALL

# Keep the caller's stderr on fd 9 for the one-line failure message; all
# other output (ours and the tools') goes to the log.
exec 9>&2
mkdir -p "${HOTPLUG_LOG%/*}" "$HOTPLUG_STATE" 2>/dev/null
if ! { exec >>"$HOTPLUG_LOG"; } 2>/dev/null; then
    exec >/dev/null
fi
exec 2>&1
[ -n "${HOTPLUG_TRACE:-}" ] && set -x

# log LEVEL MESSAGE...: one line in the hotplug log.  (No timestamp per
# line: every process costs ~50 ms in an emulated dom0; hp_start logs the
# time once.)
log() {
    hp_lvl=$1
    shift
    echo "$HOTPLUG_NAME[$$] $hp_lvl: $*"
}

# Action and key=value arguments ("type_if=vif"): command is the action,
# each key=value is set as a shell variable when the key is a plain name.
hp_parse_args() {
    command=${1:-}
    [ $# -gt 0 ] && shift
    for hp_arg in "$@"; do
        case "$hp_arg" in
        *=*)
            hp_key=${hp_arg%%=*}
            case "$hp_key" in
            ''|[0-9]*|*[!A-Za-z0-9_]*) log warn "ignoring argument '$hp_arg'" ;;
            *) eval "$hp_key=\${hp_arg#*=}" ;;
            esac
            ;;
        *) log warn "ignoring argument '$hp_arg'" ;;
        esac
    done
}

# Raw store access (no failure handling).
hp_xs_read() { xenstore-read "$1" 2>/dev/null; }
hp_xs_exists() { xenstore-exists "$1" >/dev/null 2>&1; }

# xs_get VAR PATH [DEFAULT]: set VAR to the node's value.  Without a
# DEFAULT a missing or empty node is fatal.  (Runs in the script's own
# shell, never inside $(...), so that fatal really ends the script.)
xs_get() {
    if hp_v=$(hp_xs_read "$2") && [ -n "$hp_v" ]; then
        :
    elif [ $# -ge 3 ]; then
        hp_v=$3
    else
        fatal "cannot read xenstore node $2"
    fi
    eval "$1=\$hp_v"
}

# xs_write PATH VALUE [PATH VALUE]...: fatal if the store refuses.
xs_write() {
    log debug "xenstore-write $*"
    xenstore-write "$@" || fatal "cannot write xenstore node $1"
}

# Cleanup hooks: a script that changed dom0 state registers what undoes it
# (hp_on_fail "losetup -d /dev/loop3"); fatal runs them, newest first, so
# a failed add leaves nothing half-connected behind.
HP_UNDO=""
hp_on_fail() { HP_UNDO="$*
$HP_UNDO"; }
hp_undo() {
    hp_todo=$HP_UNDO
    HP_UNDO=""
    printf '%s\n' "$hp_todo" | while IFS= read -r hp_cmd; do
        [ -n "$hp_cmd" ] || continue
        log info "undo: $hp_cmd"
        eval "$hp_cmd" || log warn "undo failed: $hp_cmd"
    done
}

# fatal MESSAGE: undo partial work, publish the message, exit 1.
fatal() {
    hp_msg="$*"
    trap - EXIT
    hp_undo
    hp_unlock_all
    log err "$hp_msg"
    if [ -n "${XENBUS_PATH:-}" ]; then
        xenstore-write "$XENBUS_PATH/hotplug-error" "$hp_msg" \
                       "$XENBUS_PATH/hotplug-status" error ||
            log err "could not record the error in $XENBUS_PATH"
    fi
    echo "$HOTPLUG_NAME: $hp_msg" >&9
    exit 1
}

# success [PATH VALUE]...: write the given nodes, in order, and then
# hotplug-status = connected (one xenstore-write process for all).
success() {
    hp_unlock_all
    xs_write "$@" "$XENBUS_PATH/hotplug-status" connected
    log info "$command $XENBUS_PATH: connected"
}

# An unexpected exit (a shell error, a signal) still reports a failure.
hp_exit_trap() {
    hp_rc=$?
    [ "$hp_rc" -eq 0 ] && return 0
    fatal "$HOTPLUG_NAME $command failed unexpectedly (status $hp_rc)"
}

# Locks: a directory created atomically by mkdir, holding the owner's pid.
# A lock whose owner is gone is broken; a live one is waited for (30 s).
HP_LOCKS=""
hp_lock() {
    hp_ld="$HOTPLUG_STATE/lock.$1"
    hp_tries=0
    while ! mkdir "$hp_ld" 2>/dev/null; do
        hp_owner=$(cat "$hp_ld/pid" 2>/dev/null)
        if [ -n "$hp_owner" ] && ! kill -0 "$hp_owner" 2>/dev/null; then
            log warn "breaking stale lock $1 of pid $hp_owner"
            rm -rf "$hp_ld"
            continue
        fi
        hp_tries=$((hp_tries + 1))
        [ "$hp_tries" -lt 300 ] || fatal "timed out waiting for lock $1 (held by pid $hp_owner)"
        sleep 0.1
    done
    echo $$ > "$hp_ld/pid"
    HP_LOCKS="$HP_LOCKS $1"
}
hp_unlock() {
    rm -rf "$HOTPLUG_STATE/lock.$1"
    hp_left=""
    for hp_l in $HP_LOCKS; do [ "$hp_l" = "$1" ] || hp_left="$hp_left $hp_l"; done
    HP_LOCKS=$hp_left
}
hp_unlock_all() {
    for hp_l in $HP_LOCKS; do rm -rf "$HOTPLUG_STATE/lock.$hp_l"; done
    HP_LOCKS=""
}

# hp_start "$@": common start of every script.
hp_start() {
    hp_parse_args "$@"
    log info "$(date '+%Y-%m-%d %H:%M:%S') $* XENBUS_PATH=${XENBUS_PATH:-} XENBUS_TYPE=${XENBUS_TYPE:-}" \
        "XENBUS_BASE_PATH=${XENBUS_BASE_PATH:-} script=${script:-} vif=${vif:-} netdev=${netdev:-}"
    if [ -n "${HOTPLUG_DUMP:-}" ] && [ -n "${XENBUS_PATH:-}" ]; then
        log debug "environment:"
        env | sort | sed 's/^/    /'
        log debug "backend nodes:"
        xenstore-ls -f "$XENBUS_PATH" 2>&1 | sed 's/^/    /'
    fi
    if [ -z "${XENBUS_PATH:-}" ]; then
        fatal "XENBUS_PATH is not set (run by the toolstack, see docs/hotplug.md)"
    fi
    trap hp_exit_trap EXIT
}

# hp_done: a normal end (status 0) without writing hotplug-status.
hp_done() {
    trap - EXIT
    hp_unlock_all
    exit 0
}

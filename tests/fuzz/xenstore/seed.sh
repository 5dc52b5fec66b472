#!/bin/bash
# Writes a few well-formed request streams as the fuzzer's starting corpus.
set -e
dir=$1; mkdir -p "$dir"
# msg CONN TYPE TX PAYLOAD(printf format): one chunk for the fuzz target.
msg() {
    local payload; payload=$(printf "$4" | od -An -v -tx1 | tr -d ' \n')
    local len=$(( ${#payload} / 2 ))
    local hdr; hdr=$(printf '%08x%08x%08x%08x' "$2" 1 "$3" "$len" |
        sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/g')
    local total=$(( 16 + len ))
    printf "%02x%02x%s%s" "$1" "$total" "$hdr" "$payload"
}
emit() { echo -n "$1" | xxd -r -p > "$dir/$2"; }
emit "$(msg 0 11 0 '/a/b\0v')$(msg 0 2 0 '/a/b\0')$(msg 0 1 0 '/a\0')" rw
emit "$(msg 2 11 0 'x\0v')$(msg 2 4 0 'x\0t\0')$(msg 0 11 0 '/local/domain/5/x\0w')" watch
emit "$(msg 0 6 0 '\0')$(msg 0 11 1 '/t/x\0v')$(msg 0 7 1 'T\0')" tx
emit "$(msg 0 14 0 '/a\0n0\0r5\0')$(msg 3 2 0 '/a\0')$(msg 0 13 0 '/a\0')" perms
emit "$(msg 0 8 0 '7\0001\0002\0')$(msg 0 17 0 '7\0')$(msg 0 9 0 '7\0')" domain
emit "$(msg 0 22 0 '/\0000\0')$(msg 0 3 0 '/\0')$(msg 0 21 0 '')" dirpart

#!/usr/bin/env python3
"""gensyms.py < nm-output > symbols.S - the table symbols.c searches.

Input: `nm -n` of a linked xen-syms.  Output: assembly for .xen.symbols
holding, sorted by address, the text symbols as 32-bit offsets from _stext
plus offsets of their names in one string blob.  Only text symbols are
listed, and the table is placed after everything else in .rodata, so its
size never moves an address it records (the second link agrees with the
first).
"""
import sys


def main():
    syms = []
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 3 or parts[1] not in "tTwW":
            continue
        addr, name = int(parts[0], 16), parts[2]
        if name.startswith(".L") or name.startswith("$"):
            continue
        syms.append((addr, name))
    stext = next((a for a, n in syms if n == "_stext"), None)
    # No input (the first link): an empty table.
    syms = [] if stext is None else sorted({(a, n) for a, n in syms
                                            if a >= stext})
    out = sys.stdout
    out.write("\t.section .xen.symbols, \"a\", @progbits\n")
    out.write("\t.align 8\n\t.globl symbols_num\nsymbols_num:\n")
    out.write("\t.quad %d\n" % len(syms))
    out.write("\t.globl symbols_offsets\nsymbols_offsets:\n")
    for a, _n in syms:
        out.write("\t.long 0x%x\n" % (a - syms[0][0]))
    out.write("\t.globl symbols_name_offsets\nsymbols_name_offsets:\n")
    pos = 0
    for _a, n in syms:
        out.write("\t.long %d\n" % pos)
        pos += len(n) + 1
    out.write("\t.globl symbols_names\nsymbols_names:\n")
    for _a, n in syms:
        out.write("\t.asciz \"%s\"\n" % n)


main()

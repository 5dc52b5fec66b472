#!/usr/bin/env python3
"""check_headers.py IMAGE - static checks of xen/xen for both loaders.

QEMU -kernel (multiboot v1): a v1 header, 4-aligned, in the first 8 KiB,
with a valid checksum, and an ELF32 file.  GRUB (multiboot2): a v2 header,
8-aligned, in the first 32 KiB, valid checksum, tags ending with an end
tag.  Prints one line per problem; exit status 0 when none.
"""
import struct
import sys

data = open(sys.argv[1], "rb").read()
bad = []
if data[:4] != b"\x7fELF" or data[4] != 1:
    bad.append("not an ELF32 file")

v1 = [o for o in range(0, min(len(data), 8192) - 12, 4)
      if struct.unpack_from("<I", data, o)[0] == 0x1BADB002]
if not v1:
    bad.append("no multiboot v1 header in the first 8 KiB")
elif sum(struct.unpack_from("<III", data, v1[0])) & 0xffffffff:
    bad.append("multiboot v1 checksum wrong")

v2 = [o for o in range(0, min(len(data), 32768) - 16, 8)
      if struct.unpack_from("<I", data, o)[0] == 0xE85250D6]
if not v2:
    bad.append("no multiboot2 header in the first 32 KiB")
else:
    o = v2[0]
    magic, arch, length, csum = struct.unpack_from("<IIII", data, o)
    if (magic + arch + length + csum) & 0xffffffff:
        bad.append("multiboot2 checksum wrong")
    t = o + 16
    while t < o + length:
        typ, _flags, size = struct.unpack_from("<HHI", data, t)
        if typ == 0:
            break
        t += (size + 7) & ~7
    else:
        bad.append("multiboot2 tags lack an end tag")

for b in bad:
    print("check_headers:", b)
sys.exit(1 if bad else 0)

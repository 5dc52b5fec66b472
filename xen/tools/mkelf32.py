#!/usr/bin/env python3
"""mkelf32.py XEN_SYMS OUT - wrap the 64-bit linked hypervisor as an ELF32.

QEMU's -kernel multiboot loader refuses ELF64 images; GRUB's multiboot2
loader takes ELF32 too.  We copy the loadable bytes of every PT_LOAD segment
(by physical address) into one flat blob and describe it with a single
ELF32 PT_LOAD at its physical address, entry = physical address of `start`.
The blob starts at file offset 0x1000, so the multiboot headers at the start
of .text lie in the first 8 KiB (v1) and 32 KiB (v2) as the specs require.
"""
import struct
import sys

FILE_OFF = 0x1000


def read_elf64(data):
    if data[:4] != b"\x7fELF" or data[4] != 2:
        sys.exit("mkelf32: input is not ELF64")
    (e_entry, e_phoff, e_phentsize, e_phnum) = (
        struct.unpack_from("<Q", data, 24)[0],
        struct.unpack_from("<Q", data, 32)[0],
        struct.unpack_from("<H", data, 54)[0],
        struct.unpack_from("<H", data, 56)[0])
    segs = []
    for i in range(e_phnum):
        off = e_phoff + i * e_phentsize
        (p_type, _flags, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz,
         _align) = struct.unpack_from("<IIQQQQQQ", data, off)
        if p_type == 1 and p_memsz:
            segs.append((p_paddr, p_vaddr, p_offset, p_filesz, p_memsz))
    return e_entry, segs


def main():
    src, dst = sys.argv[1], sys.argv[2]
    data = open(src, "rb").read()
    entry, segs = read_elf64(data)
    lo = min(s[0] for s in segs)
    file_end = max(s[0] + s[3] for s in segs)
    mem_end = max(s[0] + s[4] for s in segs)
    blob = bytearray(file_end - lo)
    for paddr, _v, off, filesz, _m in segs:
        blob[paddr - lo:paddr - lo + filesz] = data[off:off + filesz]
    # entry is a virtual address; find its segment to turn it physical.
    phys_entry = None
    for paddr, vaddr, _o, _f, memsz in segs:
        if vaddr <= entry < vaddr + memsz:
            phys_entry = entry - vaddr + paddr
    if phys_entry is None or mem_end >= 1 << 32:
        sys.exit("mkelf32: entry or image outside the low 4 GiB")
    ehdr = struct.pack("<4sBBBBB7sHHIIIIIHHHHHH", b"\x7fELF", 1, 1, 1, 0, 0,
                       b"\0" * 7, 2, 3, 1, phys_entry, 52, 0, 0, 52, 32, 1,
                       0, 0, 0)
    phdr = struct.pack("<IIIIIIII", 1, FILE_OFF, lo, lo, len(blob),
                       mem_end - lo, 7, 0x1000)
    out = bytearray(FILE_OFF)
    out[0:len(ehdr)] = ehdr
    out[52:52 + len(phdr)] = phdr
    out += blob
    open(dst, "wb").write(out)


main()

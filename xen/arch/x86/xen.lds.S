/*
 * xen.lds.S - link the hypervisor at its high address, loadable at
 * XEN_LOAD_PHYS.  Text first, page-aligned so each part gets its own
 * permissions: .text RX, .rodata RO+NX, .data/.bss RW+NX.
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start)

PHDRS
{
    text PT_LOAD;
}

SECTIONS
{
    . = XEN_VIRT_START + XEN_LOAD_PHYS;
    _start = .;

    .text : AT(ADDR(.text) - XEN_VIRT_START) {
        _stext = .;
        *(.text.header)
        *(.text .text.*)
        _etext = .;
    } :text

    . = ALIGN(4096);
    .rodata : AT(ADDR(.rodata) - XEN_VIRT_START) {
        _srodata = .;
        *(.rodata .rodata.* .rodata1)
        . = ALIGN(8);
        __start___ex_table = .;
        *(.ex_table)
        __stop___ex_table = .;
        __start_smap_sites = .;
        *(.smap_sites)
        __stop_smap_sites = .;
        __start_param = .;
        *(.xen.param)
        __stop_param = .;
        __start_selftests = .;
        *(.xen.selftests)
        __stop_selftests = .;
        /* The symbol table goes last so its size moves no text. */
        *(.xen.symbols)
        _erodata = .;
    } :text

    . = ALIGN(4096);
    .data : AT(ADDR(.data) - XEN_VIRT_START) {
        _sdata = .;
        *(.data.page_aligned)
        *(.data .data.*)
        _edata = .;
    } :text

    . = ALIGN(4096);
    .bss : AT(ADDR(.bss) - XEN_VIRT_START) {
        __bss_start = .;
        *(.bss.stack_aligned)
        *(.bss.page_aligned)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(4096);
        __bss_end = .;
    } :text
    _end = .;

    /DISCARD/ : {
        *(.note .note.*)
        *(.comment)
        *(.eh_frame)
        *(.discard)
    }
}

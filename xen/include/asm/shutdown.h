/*
 * asm/shutdown.h - ending the machine.  Under test (the `selftest`
 * option) QEMU's isa-debug-exit device at port 0xf4 ends the run with
 * exit status (code << 1) | 1; without it we halt.
 */
#ifndef ASM_SHUTDOWN_H
#define ASM_SHUTDOWN_H

#define DEBUG_EXIT_PORT  0xf4
#define EXIT_CODE_PASS   0x10     /* QEMU exits 33 */
#define EXIT_CODE_FAIL   0x11     /* QEMU exits 35 */
#define EXIT_CODE_PANIC  0x12     /* QEMU exits 37 */

void __attribute__((noreturn)) machine_exit(unsigned int code);
/* dom0 is gone: ACPI S5 (or reboot when reason is SHUTDOWN_reboot). */
void __attribute__((noreturn)) machine_power_off(unsigned int reason);

#endif

/*
 * console.h - the hypervisor console: log levels, the ring buffer that
 * dom0 reads with `xl dmesg` (sysctl readconsole), and the serial input
 * buffer that console_io read will drain.
 *
 * Every printk line goes into the ring; it also goes to the serial port when
 * its level is at or below the loglvl= threshold.
 */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <xen/types.h>

#define CONSOLE_RING_SIZE  (64 * 1024)    /* power of two */
#define CONSOLE_INPUT_SIZE 1024           /* power of two */

/* Early set-up: parse console=/com1= (already on the command line) and
 * bring up the serial port.  Before this printk only fills the ring. */
void console_init_preirq(void);
/* Route serial receive interrupts once the IO-APIC is up. */
void console_init_postirq(void);

/* Copy ring bytes starting at *index (a running byte count, as Xen's
 * readconsole keeps) into buf; returns bytes copied and advances *index.
 * A reader that fell behind the ring restarts at the oldest kept byte. */
size_t console_read_ring(char *buf, size_t len, uint64_t *index);
/* Bytes ever written to the ring. */
uint64_t console_ring_written(void);

/* Serial input: called from the receive interrupt; read by console_io. */
void console_input_put(char c);
size_t console_input_read(char *buf, size_t len);

/* Panic path: take the console even if another CPU holds its lock. */
void console_force_unlock(void);
/* Write raw bytes to the console sinks (no prefix, no ring). */
void console_write_raw(const char *s, size_t len);

/* loglvl threshold: 0 error .. 3 debug; -1 prints nothing. */
extern int console_loglevel;

#endif

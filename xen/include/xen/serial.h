/*
 * serial.h - the console's serial port (one 16550-compatible UART).
 * Configured from console= and com1= (docs/hypervisor-cmdline.md).
 */
#ifndef XEN_SERIAL_H
#define XEN_SERIAL_H

#include <xen/types.h>

struct serial_config {
    uint16_t io_base;     /* 0x3f8 for COM1 */
    uint8_t irq;          /* ISA IRQ, 4 for COM1 */
    uint32_t baud;        /* 0 = keep what firmware set */
    uint8_t data_bits, stop_bits;
    char parity;          /* 'n', 'o', 'e' */
};

/* Parse a com1= value into cfg; returns 0 or -EINVAL. */
int serial_parse_config(const char *s, struct serial_config *cfg);
void serial_init(const struct serial_config *cfg);
bool serial_present(void);
void serial_putc(char c);
/* Non-blocking read: returns -1 when nothing waits. */
int serial_getc(void);
/* Enable the receive interrupt; the handler feeds console_input_put(). */
void serial_enable_rx_irq(void);
void serial_irq_handler(void);
extern struct serial_config serial_cfg;

#endif

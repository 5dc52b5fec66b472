/*
 * serial_16550.c - polled output, interrupt-driven input, one 16550 UART.
 *
 * Output polls the transmit-holding-empty bit: the console must work with
 * interrupts off and in panic.  Input arrives by interrupt (IO-APIC) and
 * is pushed into the console's input buffer.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/serial.h>
#include <xen/console.h>
#include <asm/io.h>

#define UART_RBR 0   /* receive buffer (read) */
#define UART_THR 0   /* transmit holding (write) */
#define UART_DLL 0   /* divisor latch low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_IIR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7

#define LSR_DR   0x01
#define LSR_THRE 0x20
#define LCR_DLAB 0x80
#define MCR_DTR  0x01
#define MCR_RTS  0x02
#define MCR_OUT2 0x08    /* gates the UART interrupt line on PCs */
#define IER_ERDAI 0x01

#define UART_CLOCK 115200   /* base baud: 1.8432 MHz / 16 */

struct serial_config serial_cfg = {
    .io_base = 0x3f8, .irq = 4, .baud = 115200,
    .data_bits = 8, .stop_bits = 1, .parity = 'n',
};
static bool present;

/* com1=<baud>[/<base>][,<data><parity><stop>][,<io-base>][,<irq>] */
int serial_parse_config(const char *s, struct serial_config *cfg)
{
    const char *e;

    if (!strncmp(s, "auto", 4)) {
        cfg->baud = 0;
        s += 4;
    } else if (*s >= '0' && *s <= '9') {
        cfg->baud = simple_strtoull(s, &e, 10);
        s = e;
        if (*s == '/')
            simple_strtoull(s + 1, &s, 10);   /* base baud: fixed here */
    }
    if (*s == ',') {
        s++;
        if (*s >= '5' && *s <= '8') {
            cfg->data_bits = *s++ - '0';
            if (*s == 'n' || *s == 'o' || *s == 'e')
                cfg->parity = *s++;
            if (*s == '1' || *s == '2')
                cfg->stop_bits = *s++ - '0';
        }
    }
    if (*s == ',' && s[1] && s[1] != ',') {
        cfg->io_base = simple_strtoull(s + 1, &e, 0);
        s = e;
    } else if (*s == ',') {
        s++;
    }
    if (*s == ',' && s[1]) {
        cfg->irq = simple_strtoull(s + 1, &e, 0);
        s = e;
    }
    return *s ? -EINVAL : 0;
}

void serial_init(const struct serial_config *cfg)
{
    uint16_t b = cfg->io_base;
    uint8_t lcr = (cfg->data_bits - 5) | ((cfg->stop_bits - 1) << 2);

    /* No UART answers with 0xff from the scratch register test. */
    outb(0x5a, b + UART_SCR);
    if (inb(b + UART_SCR) != 0x5a)
        return;
    if (cfg->parity == 'o')
        lcr |= 0x08;
    else if (cfg->parity == 'e')
        lcr |= 0x18;
    outb(0, b + UART_IER);
    if (cfg->baud) {
        uint16_t div = UART_CLOCK / cfg->baud;

        outb(lcr | LCR_DLAB, b + UART_LCR);
        outb(div & 0xff, b + UART_DLL);
        outb(div >> 8, b + UART_DLM);
    }
    outb(lcr, b + UART_LCR);
    outb(0x07, b + UART_FCR);               /* enable and clear FIFOs */
    outb(MCR_DTR | MCR_RTS | MCR_OUT2, b + UART_MCR);
    present = true;
}

bool serial_present(void)
{
    return present;
}

void serial_putc(char c)
{
    uint16_t b = serial_cfg.io_base;
    unsigned int spins = 0;

    /* Bounded wait: a wedged UART must not hang the hypervisor. */
    while (!(inb(b + UART_LSR) & LSR_THRE) && ++spins < 100000)
        ;
    outb(c, b + UART_THR);
}

int serial_getc(void)
{
    uint16_t b = serial_cfg.io_base;

    if (!present || !(inb(b + UART_LSR) & LSR_DR))
        return -1;
    return inb(b + UART_RBR);
}

void serial_enable_rx_irq(void)
{
    outb(IER_ERDAI, serial_cfg.io_base + UART_IER);
}

void serial_irq_handler(void)
{
    int c;

    while ((c = serial_getc()) >= 0)
        console_input_put((char)c);
}

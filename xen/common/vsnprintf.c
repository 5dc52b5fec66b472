/*
 * vsnprintf.c - formatted output for printk and snprintf.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %% with flags "-0# +", width,
 * precision (also "*"), and the length modifiers hh h l ll z t j.
 * %pS prints a text address as symbol+offset/size (stack traces).
 * The result is always NUL-terminated when size > 0; the return value is
 * the length the full output would have had, as C99 says.
 */
#include <xen/lib.h>
#include <xen/symbols.h>

struct out {
    char *buf;
    size_t size;
    size_t pos;
};

static void put(struct out *o, char c)
{
    if (o->pos + 1 < o->size)
        o->buf[o->pos] = c;
    o->pos++;
}

struct spec {
    bool left, zero, alt, plus, space;
    int width, prec;
};

static void put_padded(struct out *o, const char *s, size_t len,
                       const struct spec *sp)
{
    size_t pad = sp->width > 0 && (size_t)sp->width > len ? sp->width - len : 0;

    if (!sp->left)
        while (pad--)
            put(o, ' ');
    while (len--)
        put(o, *s++);
    if (sp->left)
        while (pad--)
            put(o, ' ');
}

static void put_number(struct out *o, unsigned long long v, bool neg,
                       unsigned int base, bool upper, const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, len, pad;
    char sign = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;
    const char *prefix = "";
    int zeros;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (sp->prec == 0 && n == 1 && tmp[0] == '0')
        n = 0;
    if (sp->alt && base == 16)
        prefix = upper ? "0X" : "0x";
    else if (sp->alt && base == 8)
        prefix = "0";
    zeros = sp->prec > n ? sp->prec - n : 0;
    len = n + zeros + (sign ? 1 : 0) + (int)strlen(prefix);
    pad = sp->width > len ? sp->width - len : 0;
    if (sp->zero && !sp->left && sp->prec < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!sp->left)
        while (pad-- > 0)
            put(o, ' ');
    if (sign)
        put(o, sign);
    while (*prefix)
        put(o, *prefix++);
    while (zeros-- > 0)
        put(o, '0');
    while (n--)
        put(o, tmp[n]);
    if (sp->left)
        while (pad-- > 0)
            put(o, ' ');
}

static void put_symbol(struct out *o, unsigned long addr, const struct spec *sp)
{
    unsigned long off, size;
    const char *name = symbols_lookup(addr, &off, &size);
    struct spec hex = { .alt = true, .prec = -1 };
    char buf[128];
    int n;

    if (!name) {
        put_number(o, addr, false, 16, false, &hex);
        return;
    }
    n = snprintf(buf, sizeof(buf), "%s+%#lx/%#lx", name, off, size);
    put_padded(o, buf, MIN((size_t)n, sizeof(buf) - 1), sp);
}

static int parse_int(const char **f)
{
    int v = 0;

    while (**f >= '0' && **f <= '9')
        v = v * 10 + (*(*f)++ - '0');
    return v;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for (; *fmt; fmt++) {
        struct spec sp = { .prec = -1 };
        int lng = 0;            /* -2 hh, -1 h, 1 l, 2 ll/z/t/j */
        unsigned long long uv;
        long long sv;

        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        for (;;) {
            char c = *++fmt;

            if (c == '-') sp.left = true;
            else if (c == '0') sp.zero = true;
            else if (c == '#') sp.alt = true;
            else if (c == '+') sp.plus = true;
            else if (c == ' ') sp.space = true;
            else break;
        }
        if (*fmt == '*') {
            sp.width = va_arg(ap, int);
            if (sp.width < 0) {
                sp.left = true;
                sp.width = -sp.width;
            }
            fmt++;
        } else {
            sp.width = parse_int(&fmt);
        }
        if (*fmt == '.') {
            fmt++;
            if (*fmt == '*') {
                sp.prec = va_arg(ap, int);
                fmt++;
            } else {
                sp.prec = parse_int(&fmt);
            }
        }
        for (;; fmt++) {
            if (*fmt == 'h') lng = lng == -1 ? -2 : -1;
            else if (*fmt == 'l') lng = lng == 1 ? 2 : 1;
            else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j') lng = 2;
            else break;
        }
        switch (*fmt) {
        case 'd':
        case 'i':
            sv = lng >= 2 ? va_arg(ap, long long) :
                 lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
            if (lng == -1) sv = (short)sv;
            if (lng == -2) sv = (signed char)sv;
            put_number(&o, sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv,
                       sv < 0, 10, false, &sp);
            break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            uv = lng >= 2 ? va_arg(ap, unsigned long long) :
                 lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            if (lng == -1) uv = (unsigned short)uv;
            if (lng == -2) uv = (unsigned char)uv;
            put_number(&o, uv, false,
                       *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
                       *fmt == 'X', &sp);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);

            put_padded(&o, &c, 1, &sp);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);

            if (!s)
                s = "(null)";
            put_padded(&o, s, sp.prec >= 0 ? strnlen(s, sp.prec) : strlen(s), &sp);
            break;
        }
        case 'p':
            uv = (unsigned long)va_arg(ap, void *);
            if (fmt[1] == 'S') {
                fmt++;
                put_symbol(&o, uv, &sp);
                break;
            }
            sp.alt = true;
            put_number(&o, uv, false, 16, false, &sp);
            break;
        case '%':
            put(&o, '%');
            break;
        case '\0':
            fmt--;
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }
    if (size)
        buf[o.pos < size ? o.pos : size - 1] = '\0';
    return (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/*
 * kernel.c - the hypervisor command line.
 *
 * Options are separated by spaces.  "name=value" sets an option, a bare
 * "name" sets a boolean true, "no-name" sets it false.  The table of known
 * options is the .rodata.param section (xen/param.h).
 */
#include <xen/lib.h>
#include <xen/param.h>

extern const struct kernel_param __start_param[], __stop_param[];

char saved_cmdline[1024];

unsigned long long parse_size(const char *s, const char **end)
{
    const char *e;
    unsigned long long v = simple_strtoull(s, &e, 0);

    switch (*e) {
    case 'T': case 't': v <<= 10; /* fall through */
    case 'G': case 'g': v <<= 10; /* fall through */
    case 'M': case 'm': v <<= 10; /* fall through */
    case 'K': case 'k': v <<= 10; e++; break;
    case 'B': case 'b': e++; break;
    default: break;
    }
    if (end)
        *end = e;
    return v;
}

static bool parse_bool(const char *v, bool *out)
{
    if (!v || !strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "on") ||
        !strcmp(v, "true") || !strcmp(v, "enable")) {
        *out = true;
        return true;
    }
    if (!strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "off") ||
        !strcmp(v, "false") || !strcmp(v, "disable")) {
        *out = false;
        return true;
    }
    return false;
}

static void store_int(const struct kernel_param *p, unsigned long long v)
{
    switch (p->len) {
    case 1: *(uint8_t *)p->var = v; break;
    case 2: *(uint16_t *)p->var = v; break;
    case 4: *(uint32_t *)p->var = v; break;
    default: *(uint64_t *)p->var = v; break;
    }
}

/* Apply one option; name and value are NUL-terminated (value may be NULL). */
static void apply_option(const char *name, const char *value)
{
    const struct kernel_param *p;
    bool negate = !strncmp(name, "no-", 3);
    bool b;

    for (p = __start_param; p < __stop_param; p++) {
        const char *n = name;

        if (strcmp(p->name, n)) {
            if (!negate || p->type != PARAM_BOOL || strcmp(p->name, n + 3))
                continue;
            *(bool *)p->var = false;
            return;
        }
        switch (p->type) {
        case PARAM_BOOL:
            if (!parse_bool(value, &b))
                break;
            *(bool *)p->var = b;
            return;
        case PARAM_INT:
            if (!value)
                break;
            store_int(p, parse_size(value, NULL));
            return;
        case PARAM_STRING:
            if (!value)
                break;
            strlcpy(p->var, value, p->len);
            return;
        case PARAM_CUSTOM:
            if (p->fn(value ? value : "") == 0)
                return;
            break;
        }
        printk(XENLOG_WARNING "bad value for option '%s'\n", name);
        return;
    }
    printk(XENLOG_WARNING "unknown option '%s'\n", name);
}

void parse_cmdline(const char *cmdline)
{
    char opt[256];
    const char *s = cmdline;

    while (*s) {
        size_t n = 0;
        char *eq;

        while (*s == ' ')
            s++;
        if (!*s)
            break;
        while (s[n] && s[n] != ' ')
            n++;
        if (n < sizeof(opt)) {
            memcpy(opt, s, n);
            opt[n] = '\0';
            eq = strchr(opt, '=');
            if (eq)
                *eq++ = '\0';
            apply_option(opt, eq);
        }
        s += n;
    }
}

/* SPDX-License-Identifier: MIT */
/*
 * domcfg.c - xl.cfg settings to a validated domain description.
 *
 * Defaults follow xl/libxl: 32 MiB when no memory is given, maxmem equal
 * to memory, one vCPU, poweroff destroys, reboot restarts, crash destroys.
 */
#include "domcfg.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fmt(char *err, size_t errlen, const char *f, ...)
    __attribute__((format(printf, 3, 4)));

static void fmt(char *err, size_t errlen, const char *f, ...)
{
    va_list ap;

    if (!err || !errlen)
        return;
    va_start(ap, f);
    vsnprintf(err, errlen, f, ap);
    va_end(ap);
}

/* ---- small value parsers ---- */

int xl_parse_long(const char *s, long long *out)
{
    char *end;
    long long v;

    if (!s || !*s || isspace((unsigned char)*s))
        return -1;
    errno = 0;
    v = strtoll(s, &end, 0);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static int unit_shift(char c, unsigned *shift)
{
    switch (tolower((unsigned char)c)) {
    case 'b': *shift = 0; return 0;
    case 'k': *shift = 10; return 0;
    case 'm': *shift = 20; return 0;
    case 'g': *shift = 30; return 0;
    case 't': *shift = 40; return 0;
    default: return -1;
    }
}

int xl_parse_size(const char *s, char default_unit, uint64_t *bytes)
{
    unsigned long long v;
    unsigned shift;
    char *end;

    if (!s || !isdigit((unsigned char)*s))
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno)
        return -1;
    if (*end == '\0') {
        if (unit_shift(default_unit, &shift))
            return -1;
    } else if (end[1] == '\0') {
        if (unit_shift(*end, &shift))
            return -1;
    } else {
        return -1;
    }
    if (shift && v > (UINT64_MAX >> shift))
        return -1;
    *bytes = (uint64_t)v << shift;
    return 0;
}

int xl_parse_mac(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        int hi, lo;

        if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
            return -1;
        hi = isdigit((unsigned char)s[0]) ? s[0] - '0' :
             tolower((unsigned char)s[0]) - 'a' + 10;
        lo = isdigit((unsigned char)s[1]) ? s[1] - '0' :
             tolower((unsigned char)s[1]) - 'a' + 10;
        mac[i] = (uint8_t)(hi << 4 | lo);
        s += 2;
        if (i < 5) {
            if (*s != ':')
                return -1;
            s++;
        }
    }
    return *s ? -1 : 0;
}

int xl_parse_uuid(const char *s, uint8_t uuid[16])
{
    /* Groups of 8-4-4-4-12 hex digits. */
    static const int dash_after[] = { 4, 6, 8, 10 };
    int b = 0, d = 0;

    while (b < 16) {
        int v = 0;

        for (int k = 0; k < 2; k++) {
            int c = (unsigned char)*s++;
            if (!isxdigit(c))
                return -1;
            v = v * 16 + (isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
        }
        uuid[b++] = (uint8_t)v;
        if (d < 4 && b == dash_after[d]) {
            if (*s++ != '-')
                return -1;
            d++;
        }
    }
    return *s ? -1 : 0;
}

/* Letters a..z, aa.. in bijective base 26, from 0.  -1 if not letters. */
static long long letters_index(const char **p)
{
    long long v = 0;
    int n = 0;

    while (**p >= 'a' && **p <= 'z') {
        if (v > (1LL << 40))
            return -1;
        v = v * 26 + (**p - 'a' + 1);
        (*p)++;
        n++;
    }
    return n ? v - 1 : -1;
}

/* Decimal digits without sign; empty gives 0.  -1 on junk or overflow. */
static long long digits_value(const char *p)
{
    long long v = 0;

    if (!*p)
        return 0;
    for (; *p; p++) {
        if (!isdigit((unsigned char)*p) || v > (1LL << 40))
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

/* A partition after the letters: none, or a number without a leading
 * zero (Xen's libxl refuses xvda0 and xvda01 too). */
static long long part_value(const char *p)
{
    return *p == '0' ? -1 : digits_value(p);
}

static int xvd_devid(long long disk, long long part, uint32_t *devid)
{
    if (disk < 0 || part < 0)
        return -1;
    if (disk < 16 && part < 16) {
        *devid = (uint32_t)(202 << 8 | disk << 4 | part);
        return 0;
    }
    if (disk >= (1 << 20) || part > 255)
        return -1;
    *devid = (uint32_t)(1u << 28 | (uint32_t)disk << 8 | (uint32_t)part);
    return 0;
}

int xl_vdev_to_devid(const char *vdev, uint32_t *devid)
{
    const char *p = vdev;
    long long disk, part;

    if (!vdev || !*vdev)
        return -1;
    if (isdigit((unsigned char)*vdev)) {
        long long v;
        if (xl_parse_long(vdev, &v) || v <= 0 || v > INT_MAX)
            return -1;
        *devid = (uint32_t)v;
        return 0;
    }
    if (strncmp(p, "xvd", 3) == 0) {
        p += 3;
        disk = letters_index(&p);
        part = part_value(p);
        return xvd_devid(disk, part, devid);
    }
    if (strncmp(p, "sd", 2) == 0) {
        p += 2;
        disk = letters_index(&p);
        part = part_value(p);
        if (disk < 0 || part < 0 || disk >= 16 || part >= 16)
            return -1;
        *devid = (uint32_t)(8 << 8 | disk << 4 | part);
        return 0;
    }
    if (strncmp(p, "hd", 2) == 0) {
        p += 2;
        disk = letters_index(&p);
        part = part_value(p);
        if (disk < 0 || part < 0 || disk > 3 || part > 63)
            return -1;
        if (disk < 2)
            *devid = (uint32_t)(3 << 8 | disk << 6 | part);
        else
            *devid = (uint32_t)(22 << 8 | (disk - 2) << 6 | part);
        return 0;
    }
    if (*p == 'd' && isdigit((unsigned char)p[1])) {
        char buf[32];
        const char *pp;

        p++;
        pp = strchr(p, 'p');
        if (pp) {
            if ((size_t)(pp - p) >= sizeof(buf) || pp == p)
                return -1;
            memcpy(buf, p, (size_t)(pp - p));
            buf[pp - p] = '\0';
            disk = digits_value(buf);
            if (!pp[1])
                return -1;
            part = digits_value(pp + 1);
        } else {
            disk = digits_value(p);
            part = 0;
        }
        return xvd_devid(disk, part, devid);
    }
    return -1;
}

static const char *const action_names[] = {
    [XL_ACTION_DESTROY] = "destroy",
    [XL_ACTION_RESTART] = "restart",
    [XL_ACTION_RENAME_RESTART] = "rename-restart",
    [XL_ACTION_PRESERVE] = "preserve",
    [XL_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
    [XL_ACTION_COREDUMP_RESTART] = "coredump-restart",
    [XL_ACTION_SOFT_RESET] = "soft-reset",
};

const char *xl_action_name(enum xl_action a)
{
    if ((unsigned)a < sizeof(action_names) / sizeof(action_names[0]) &&
        action_names[a])
        return action_names[a];
    return "?";
}

int xl_action_from_name(const char *s, enum xl_action *a)
{
    for (unsigned i = 1; i < sizeof(action_names) / sizeof(action_names[0]);
         i++) {
        if (strcmp(s, action_names[i]) == 0) {
            *a = (enum xl_action)i;
            return 0;
        }
    }
    return -1;
}

static const char *const format_names[] = {
    [XL_DISK_FORMAT_RAW] = "raw",
    [XL_DISK_FORMAT_QCOW] = "qcow",
    [XL_DISK_FORMAT_QCOW2] = "qcow2",
    [XL_DISK_FORMAT_VHD] = "vhd",
    [XL_DISK_FORMAT_QED] = "qed",
};

const char *xl_disk_format_name(enum xl_disk_format f)
{
    if ((unsigned)f < sizeof(format_names) / sizeof(format_names[0]))
        return format_names[f];
    return "?";
}

static int format_from_name(const char *s, enum xl_disk_format *f)
{
    for (unsigned i = 0; i < sizeof(format_names) / sizeof(format_names[0]);
         i++) {
        if (strcmp(s, format_names[i]) == 0) {
            *f = (enum xl_disk_format)i;
            return 0;
        }
    }
    return -1;
}

/* ---- disk specifications (xl-disk-configuration(5)) ---- */

void xl_disk_dispose(struct xl_disk *d)
{
    free(d->target);
    free(d->vdev);
    free(d->backend);
    free(d->backendtype);
    free(d->script);
    memset(d, 0, sizeof(*d));
}

enum { POS_TARGET, POS_FORMAT, POS_VDEV, POS_ACCESS, NPOS };
static const char *const pos_names[NPOS] = {
    "target", "format", "vdev", "access"
};

struct disk_parse {
    char *pos[NPOS];            /* raw text of each positional, or NULL */
    char *devtype;
    char *legacy_format;        /* from a "raw:" style prefix */
    int legacy;                 /* old "target,vdev,access" order */
};

/* Stores a copy of VAL in *SLOT unless already set. */
static int set_once(char **slot, const char *name, const char *val,
                    size_t len, char *err, size_t errlen)
{
    if (*slot) {
        fmt(err, errlen, "'%s' given more than once", name);
        return -1;
    }
    *slot = strndup(val, len);
    if (!*slot) {
        fmt(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* Strips deprecated "prefix:" forms from a positional target. */
static int strip_target_prefixes(struct disk_parse *dp, struct xl_disk *d,
                                 const char **val, size_t *len,
                                 char *err, size_t errlen)
{
    static const char *const ignored[] = {
        "tapdisk", "tap2", "tap", "aio", "ioemu", "file", "phy",
    };
    static const char *const formats[] = { "raw", "qcow2", "vhd", "qcow" };
    static const char *const scripts[] = { "iscsi", "nbd", "enbd", "drbd" };

    for (;;) {
        const char *colon = memchr(*val, ':', *len);
        size_t plen;
        int hit = 0;

        if (!colon)
            return 0;
        plen = (size_t)(colon - *val);
        for (size_t i = 0; !hit && i < sizeof(ignored) / sizeof(*ignored); i++)
            if (strlen(ignored[i]) == plen && !memcmp(*val, ignored[i], plen))
                hit = 1;
        for (size_t i = 0; !hit && i < sizeof(formats) / sizeof(*formats); i++)
            if (strlen(formats[i]) == plen && !memcmp(*val, formats[i], plen)) {
                free(dp->legacy_format);
                dp->legacy_format = strndup(*val, plen);
                if (!dp->legacy_format) {
                    fmt(err, errlen, "out of memory");
                    return -1;
                }
                hit = 1;
            }
        for (size_t i = 0; !hit && i < sizeof(scripts) / sizeof(*scripts); i++)
            if (strlen(scripts[i]) == plen && !memcmp(*val, scripts[i], plen)) {
                char buf[32];
                snprintf(buf, sizeof(buf), "block-%s", scripts[i]);
                if (set_once(&d->script, "script", buf, strlen(buf), err,
                             errlen))
                    return -1;
                hit = 1;
            }
        if (!hit)
            return 0;
        dp->legacy = 1;
        *len -= plen + 1;
        *val = colon + 1;
    }
}

static int disk_flag(struct xl_disk *d, struct disk_parse *dp,
                     const char *tok, size_t len, char *err, size_t errlen)
{
#define IS(s) (len == strlen(s) && memcmp(tok, s, len) == 0)
    if (IS("cdrom"))
        return set_once(&dp->devtype, "devtype", "cdrom", 5, err, errlen)
               ? -1 : 1;
    if (IS("discard")) { d->discard = 1; return 1; }
    if (IS("no-discard")) { d->discard = 0; return 1; }
    if (IS("direct-io-safe")) { d->direct_io_safe = 1; return 1; }
    if (IS("trusted")) { d->trusted = 1; return 1; }
    if (IS("untrusted")) { d->trusted = 0; return 1; }
    if (IS("colo")) {
        fmt(err, errlen, "COLO disks are not supported");
        return -1;
    }
#undef IS
    return 0;
}

int xl_parse_disk_spec(struct xl_disk *d, const char *spec,
                       char *err, size_t errlen)
{
    struct disk_parse dp = { 0 };
    const char *p = spec;
    int rc = -1;

    memset(d, 0, sizeof(*d));
    d->discard = 1;
    d->trusted = -1;

    while (*p) {
        const char *tok, *end, *eq;
        size_t len;

        while (*p == ' ' || *p == '\t')
            p++;
        /* "target=" takes the whole rest of the specification. */
        if (strncmp(p, "target=", 7) == 0) {
            free(dp.pos[POS_TARGET]);
            dp.pos[POS_TARGET] = strdup(p + 7);
            if (!dp.pos[POS_TARGET]) {
                fmt(err, errlen, "out of memory");
                goto out;
            }
            break;
        }
        tok = p;
        end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        len = (size_t)(end - tok);
        p = *end ? end + 1 : end;
        eq = memchr(tok, '=', len);

        if (eq) {
            size_t klen = (size_t)(eq - tok);
            const char *v = eq + 1;
            size_t vlen = len - klen - 1;
#define KEY(s) (klen == strlen(s) && memcmp(tok, s, klen) == 0)
            char **slot = NULL;
            const char *name = NULL;

            if (KEY("format")) { slot = &dp.pos[POS_FORMAT]; name = "format"; }
            else if (KEY("vdev")) { slot = &dp.pos[POS_VDEV]; name = "vdev"; }
            else if (KEY("access")) { slot = &dp.pos[POS_ACCESS]; name = "access"; }
            else if (KEY("devtype")) { slot = &dp.devtype; name = "devtype"; }
            else if (KEY("backend")) { slot = &d->backend; name = "backend"; }
            else if (KEY("backendtype")) { slot = &d->backendtype; name = "backendtype"; }
            else if (KEY("script")) { slot = &d->script; name = "script"; }
#undef KEY
            if (!slot) {
                fmt(err, errlen, "unknown parameter '%.*s'", (int)klen, tok);
                goto out;
            }
            if (set_once(slot, name, v, vlen, err, errlen))
                goto out;
            continue;
        }

        int f = disk_flag(d, &dp, tok, len, err, errlen);
        if (f < 0)
            goto out;
        if (f > 0)
            continue;

        /* A positional parameter: the first slot not yet given. */
        int slot = 0;
        while (slot < NPOS && dp.pos[slot])
            slot++;
        if (slot == POS_TARGET) {
            if (strip_target_prefixes(&dp, d, &tok, &len, err, errlen))
                goto out;
        } else if (slot == POS_FORMAT &&
                   (dp.legacy || memchr(tok, ':', len))) {
            /* Old syntax: target,vdev[:devtype],access */
            dp.legacy = 1;
            if (set_once(&dp.pos[POS_FORMAT], "format", "", 0, err, errlen))
                goto out;
            slot = POS_VDEV;
            if (dp.pos[POS_VDEV]) {
                fmt(err, errlen, "'vdev' given more than once");
                goto out;
            }
        }
        if (slot == POS_VDEV) {
            const char *colon = memchr(tok, ':', len);
            if (colon) {
                size_t tlen = len - (size_t)(colon - tok) - 1;
                if (!(tlen == 5 && !memcmp(colon + 1, "cdrom", 5)) &&
                    !(tlen == 4 && !memcmp(colon + 1, "disk", 4))) {
                    fmt(err, errlen, "unknown device type '%.*s' in vdev",
                        (int)tlen, colon + 1);
                    goto out;
                }
                if (tlen == 5 && set_once(&dp.devtype, "devtype", "cdrom", 5,
                                          err, errlen))
                    goto out;
                len = (size_t)(colon - tok);
            }
        }
        if (slot >= NPOS) {
            fmt(err, errlen, "too many positional parameters at '%.*s'",
                (int)len, tok);
            goto out;
        }
        if (set_once(&dp.pos[slot], pos_names[slot], tok, len, err, errlen))
            goto out;
    }

    /* devtype */
    if (dp.devtype && *dp.devtype) {
        if (strcmp(dp.devtype, "cdrom") == 0) {
            d->cdrom = 1;
        } else if (strcmp(dp.devtype, "disk") != 0) {
            fmt(err, errlen, "unknown devtype '%s' (expected cdrom)",
                dp.devtype);
            goto out;
        }
    }

    /* format: explicit, else a legacy prefix, else raw */
    {
        const char *f = dp.pos[POS_FORMAT] && *dp.pos[POS_FORMAT] ?
                        dp.pos[POS_FORMAT] : dp.legacy_format;
        if (f && *f && format_from_name(f, &d->format)) {
            fmt(err, errlen, "unknown format '%s' (expected raw, qcow, "
                "qcow2, vhd or qed)", f);
            goto out;
        }
    }

    /* access */
    {
        const char *a = dp.pos[POS_ACCESS];
        if (!a || !*a)
            d->readwrite = !d->cdrom;
        else if (!strcmp(a, "rw") || !strcmp(a, "w"))
            d->readwrite = 1;
        else if (!strcmp(a, "ro") || !strcmp(a, "r"))
            d->readwrite = 0;
        else {
            fmt(err, errlen, "unknown access '%s' (expected rw, w, ro or r)",
                a);
            goto out;
        }
        if (d->cdrom && d->readwrite) {
            fmt(err, errlen, "a cdrom must be read-only");
            goto out;
        }
    }

    /* vdev */
    if (!dp.pos[POS_VDEV] || !*dp.pos[POS_VDEV]) {
        fmt(err, errlen, "no vdev given (e.g. xvda)");
        goto out;
    }
    if (xl_vdev_to_devid(dp.pos[POS_VDEV], &d->devid)) {
        fmt(err, errlen, "invalid vdev '%s'", dp.pos[POS_VDEV]);
        goto out;
    }
    d->vdev = dp.pos[POS_VDEV];
    dp.pos[POS_VDEV] = NULL;

    /* backendtype */
    if (d->backendtype && *d->backendtype &&
        strcmp(d->backendtype, "phy") && strcmp(d->backendtype, "tap") &&
        strcmp(d->backendtype, "qdisk") &&
        strcmp(d->backendtype, "standalone")) {
        fmt(err, errlen, "unknown backendtype '%s' (expected phy, tap, "
            "qdisk or standalone)", d->backendtype);
        goto out;
    }

    /* target */
    {
        char *t = dp.pos[POS_TARGET];
        if (!t || !*t) {
            if (!d->cdrom) {
                fmt(err, errlen, "no target given");
                goto out;
            }
        } else if (t[0] != '/' && !(d->script && *d->script)) {
            size_t n = strlen(t) + 6;
            d->target = malloc(n);
            if (!d->target) {
                fmt(err, errlen, "out of memory");
                goto out;
            }
            snprintf(d->target, n, "/dev/%s", t);
        } else {
            d->target = t;
            dp.pos[POS_TARGET] = NULL;
        }
    }
    rc = 0;
out:
    for (int i = 0; i < NPOS; i++)
        free(dp.pos[i]);
    free(dp.devtype);
    free(dp.legacy_format);
    if (rc)
        xl_disk_dispose(d);
    return rc;
}

/* ---- vif specifications (xl-network-configuration(5)) ---- */

void xl_nic_dispose(struct xl_nic *n)
{
    free(n->bridge);
    free(n->ip);
    free(n->script);
    free(n->model);
    free(n->vifname);
    free(n->type);
    free(n->gatewaydev);
    free(n->backend);
    free(n->rate);
    memset(n, 0, sizeof(*n));
}

/* RATE[/s][@INTERVAL]: RATE = N{GB,MB,KB,B,Gb,Mb,Kb,b}, INTERVAL = N{s,ms,us}. */
static int valid_rate(const char *s)
{
    const char *p = s, *at;
    static const char *const runits[] = {
        "GB", "MB", "KB", "B", "Gb", "Mb", "Kb", "b"
    };
    static const char *const iunits[] = { "ms", "us", "s" };
    size_t ulen;
    int ok = 0;

    if (!isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    at = strchr(p, '@');
    ulen = strcspn(p, "/@");
    for (size_t i = 0; i < sizeof(runits) / sizeof(*runits); i++)
        if (strlen(runits[i]) == ulen && !strncmp(p, runits[i], ulen))
            ok = 1;
    if (!ok)
        return 0;
    p += ulen;
    if (*p == '/') {
        if (p[1] != 's')
            return 0;
        p += 2;
    }
    if (!*p)
        return 1;
    if (p != at)
        return 0;
    p++;
    if (!isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    for (size_t i = 0; i < sizeof(iunits) / sizeof(*iunits); i++)
        if (!strcmp(p, iunits[i]))
            return 1;
    return 0;
}

int xl_parse_nic_spec(struct xl_nic *n, const char *spec,
                      char *err, size_t errlen)
{
    const char *p = spec;
    int have_devid = 0, have_mtu = 0;

    memset(n, 0, sizeof(*n));
    n->trusted = -1;
    n->devid = -1;

    while (*p) {
        const char *tok, *end, *eq, *v;
        size_t len, klen, vlen;

        while (*p == ' ' || *p == '\t')
            p++;
        tok = p;
        end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        len = (size_t)(end - tok);
        p = *end ? end + 1 : end;
        if (len == 0)
            continue;
        eq = memchr(tok, '=', len);
        if (!eq) {
            if (len == 7 && !memcmp(tok, "trusted", 7))
                n->trusted = 1;
            else if (len == 9 && !memcmp(tok, "untrusted", 9))
                n->trusted = 0;
            else {
                fmt(err, errlen, "unknown flag '%.*s'", (int)len, tok);
                goto fail;
            }
            continue;
        }
        klen = (size_t)(eq - tok);
        v = eq + 1;
        vlen = len - klen - 1;
        /* Trailing blanks are not part of a value. */
        while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
            vlen--;
#define KEY(s) (klen == strlen(s) && memcmp(tok, s, klen) == 0)
        char **slot = NULL;
        const char *name = NULL;
        if (KEY("bridge")) { slot = &n->bridge; name = "bridge"; }
        else if (KEY("ip")) { slot = &n->ip; name = "ip"; }
        else if (KEY("script")) { slot = &n->script; name = "script"; }
        else if (KEY("model")) { slot = &n->model; name = "model"; }
        else if (KEY("vifname")) { slot = &n->vifname; name = "vifname"; }
        else if (KEY("type")) { slot = &n->type; name = "type"; }
        else if (KEY("gatewaydev") || KEY("netdev")) {
            slot = &n->gatewaydev; name = "gatewaydev";
        }
        else if (KEY("backend")) { slot = &n->backend; name = "backend"; }
        else if (KEY("rate")) { slot = &n->rate; name = "rate"; }
        if (slot) {
            if (set_once(slot, name, v, vlen, err, errlen))
                goto fail;
            continue;
        }
        char val[64];
        if (vlen >= sizeof(val)) {
            fmt(err, errlen, "value of '%.*s' too long", (int)klen, tok);
            goto fail;
        }
        memcpy(val, v, vlen);
        val[vlen] = '\0';
        if (KEY("mac")) {
            if (n->has_mac) {
                fmt(err, errlen, "'mac' given more than once");
                goto fail;
            }
            if (xl_parse_mac(val, n->mac)) {
                fmt(err, errlen, "invalid mac '%s' (expected six "
                    "hex pairs like 00:16:3e:01:02:03)", val);
                goto fail;
            }
            if (n->mac[0] & 1) {
                fmt(err, errlen, "mac '%s' is a multicast address", val);
                goto fail;
            }
            n->has_mac = 1;
        } else if (KEY("devid")) {
            long long l;
            if (have_devid || xl_parse_long(val, &l) || l < 0 ||
                l > 65535) {
                fmt(err, errlen, have_devid ? "'devid' given more than once"
                    : "invalid devid '%s'", val);
                goto fail;
            }
            n->devid = (int)l;
            have_devid = 1;
        } else if (KEY("mtu")) {
            long long l;
            if (have_mtu || xl_parse_long(val, &l) || l < 68 || l > 65535) {
                fmt(err, errlen, have_mtu ? "'mtu' given more than once"
                    : "invalid mtu '%s' (68..65535)", val);
                goto fail;
            }
            n->mtu = (unsigned)l;
            have_mtu = 1;
        } else if (KEY("accel") || KEY("colo")) {
            fmt(err, errlen, "'%.*s' is not supported", (int)klen, tok);
            goto fail;
        } else {
            fmt(err, errlen, "unknown parameter '%.*s'", (int)klen, tok);
            goto fail;
        }
#undef KEY
    }
    if (n->type && strcmp(n->type, "vif") && strcmp(n->type, "ioemu")) {
        fmt(err, errlen, "unknown type '%s' (expected vif or ioemu)",
            n->type);
        goto fail;
    }
    if (n->rate && !valid_rate(n->rate)) {
        fmt(err, errlen, "invalid rate '%s' (e.g. 10Mb/s or 1MB/s@20ms)",
            n->rate);
        goto fail;
    }
    return 0;
fail:
    xl_nic_dispose(n);
    return -1;
}

/* ---- whole domain ---- */

struct ctx {
    const struct xlcfg *cfg;
    char *err;
    size_t errlen;
    struct xl_domain_config *dc;
};

static void field_err(struct ctx *c, const struct xlcfg_setting *s,
                      const char *f, ...) __attribute__((format(printf, 3, 4)));

static void field_err(struct ctx *c, const struct xlcfg_setting *s,
                      const char *f, ...)
{
    va_list ap;
    size_t n;

    if (!c->err || !c->errlen)
        return;
    snprintf(c->err, c->errlen, "%s:%d: field '%s': ", c->cfg->filename,
             s->line, s->name);
    n = strlen(c->err);
    va_start(ap, f);
    vsnprintf(c->err + n, c->errlen - n, f, ap);
    va_end(ap);
}

static void warn(struct ctx *c, const char *msg)
{
    size_t old = c->dc->warnings ? strlen(c->dc->warnings) : 0;
    char *n = realloc(c->dc->warnings, old + strlen(msg) + 2);

    if (!n)
        return;                 /* a lost remark is not worth failing for */
    memcpy(n + old, msg, strlen(msg));
    n[old + strlen(msg)] = '\n';
    n[old + strlen(msg) + 1] = '\0';
    c->dc->warnings = n;
}

/* A string setting; 1 found, 0 absent, -1 error. */
static int get_string(struct ctx *c, const char *key, const char **out,
                      const struct xlcfg_setting **where)
{
    const struct xlcfg_setting *s = xlcfg_find(c->cfg, key);

    if (!s)
        return 0;
    if (where)
        *where = s;
    if (s->value->kind != XLCFG_ATOM) {
        field_err(c, s, "expected a string, found a list");
        return -1;
    }
    *out = s->value->atom;
    return 1;
}

static int dup_string(struct ctx *c, const char *key, char **out)
{
    const char *v;
    int rc = get_string(c, key, &v, NULL);

    if (rc <= 0)
        return rc;
    *out = strdup(v);
    if (!*out) {
        field_err(c, xlcfg_find(c->cfg, key), "out of memory");
        return -1;
    }
    return 1;
}

/* An integer setting within [lo, hi]; 1 found, 0 absent, -1 error. */
static int get_number(struct ctx *c, const char *key, long long lo,
                      long long hi, long long *out,
                      const struct xlcfg_setting **where)
{
    const struct xlcfg_setting *s = xlcfg_find(c->cfg, key);
    long long v;

    if (!s)
        return 0;
    if (where)
        *where = s;
    if (s->value->kind != XLCFG_ATOM) {
        field_err(c, s, "expected a number, found a list");
        return -1;
    }
    if (xl_parse_long(s->value->atom, &v)) {
        field_err(c, s, "'%s' is not a number", s->value->atom);
        return -1;
    }
    if (v < lo || v > hi) {
        field_err(c, s, "%lld is out of range (%lld..%lld)", v, lo, hi);
        return -1;
    }
    *out = v;
    return 1;
}

static int get_action(struct ctx *c, const char *key, enum xl_action dflt,
                      enum xl_action *out)
{
    const struct xlcfg_setting *s = NULL;
    const char *v;
    int rc = get_string(c, key, &v, &s);

    *out = dflt;
    if (rc <= 0)
        return rc;
    if (xl_action_from_name(v, out)) {
        field_err(c, s, "unknown action '%s' (expected destroy, restart, "
                  "rename-restart, preserve, coredump-destroy, "
                  "coredump-restart or soft-reset)", v);
        return -1;
    }
    return 1;
}

static int valid_name(const char *n)
{
    int digits_only = 1;

    if (!*n || strlen(n) > XL_MAX_NAME)
        return 0;
    for (const char *p = n; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch <= ' ' || ch >= 127 || ch == '/' || ch == '\\' || ch == '"' ||
            ch == '\'')
            return 0;
        if (!isdigit(ch))
            digits_only = 0;
    }
    return !digits_only;
}

static const struct xlcfg_setting *get_list(struct ctx *c, const char *key,
                                            int *rc)
{
    const struct xlcfg_setting *s = xlcfg_find(c->cfg, key);

    *rc = 0;
    if (!s)
        return NULL;
    if (s->value->kind != XLCFG_LIST) {
        field_err(c, s, "expected a list like ['...'], found a string");
        *rc = -1;
        return NULL;
    }
    if (s->value->nitems > XL_MAX_DEVICES) {
        field_err(c, s, "more than %d entries", XL_MAX_DEVICES);
        *rc = -1;
        return NULL;
    }
    for (size_t i = 0; i < s->value->nitems; i++) {
        if (s->value->items[i]->kind != XLCFG_ATOM) {
            field_err(c, s, "entry %zu is a list, expected a string", i + 1);
            *rc = -1;
            return NULL;
        }
    }
    return s;
}

static int parse_devices(struct ctx *c)
{
    struct xl_domain_config *dc = c->dc;
    const struct xlcfg_setting *s;
    char why[256];
    int rc;

    s = get_list(c, "disk", &rc);
    if (rc)
        return -1;
    if (s && s->value->nitems) {
        dc->disks = calloc(s->value->nitems, sizeof(*dc->disks));
        if (!dc->disks) {
            field_err(c, s, "out of memory");
            return -1;
        }
        for (size_t i = 0; i < s->value->nitems; i++) {
            const struct xlcfg_value *it = s->value->items[i];
            if (xl_parse_disk_spec(&dc->disks[i], it->atom, why,
                                   sizeof(why))) {
                struct xlcfg_setting at = *s;
                at.line = it->line;
                field_err(c, &at, "entry %zu '%s': %s", i + 1, it->atom, why);
                return -1;
            }
            dc->ndisks++;
            for (size_t j = 0; j < i; j++) {
                if (dc->disks[j].devid == dc->disks[i].devid) {
                    struct xlcfg_setting at = *s;
                    at.line = it->line;
                    field_err(c, &at, "entry %zu: vdev '%s' clashes with "
                              "entry %zu ('%s')", i + 1, dc->disks[i].vdev,
                              j + 1, dc->disks[j].vdev);
                    return -1;
                }
            }
        }
    }

    s = get_list(c, "vif", &rc);
    if (rc)
        return -1;
    if (s && s->value->nitems) {
        dc->nics = calloc(s->value->nitems, sizeof(*dc->nics));
        if (!dc->nics) {
            field_err(c, s, "out of memory");
            return -1;
        }
        for (size_t i = 0; i < s->value->nitems; i++) {
            const struct xlcfg_value *it = s->value->items[i];
            if (xl_parse_nic_spec(&dc->nics[i], it->atom, why,
                                  sizeof(why))) {
                struct xlcfg_setting at = *s;
                at.line = it->line;
                field_err(c, &at, "entry %zu '%s': %s", i + 1, it->atom, why);
                return -1;
            }
            dc->nnics++;
        }
        /* Unnumbered vifs take the lowest free devids, in order. */
        for (size_t i = 0; i < dc->nnics; i++) {
            if (dc->nics[i].devid >= 0)
                continue;
            for (int cand = 0; ; cand++) {
                int used = 0;
                for (size_t j = 0; j < dc->nnics; j++)
                    if (dc->nics[j].devid == cand)
                        used = 1;
                if (!used) {
                    dc->nics[i].devid = cand;
                    break;
                }
            }
        }
        for (size_t i = 0; i < dc->nnics; i++)
            for (size_t j = 0; j < i; j++)
                if (dc->nics[i].devid == dc->nics[j].devid) {
                    field_err(c, s, "entries %zu and %zu both use devid %d",
                              j + 1, i + 1, dc->nics[i].devid);
                    return -1;
                }
    }
    return 0;
}

void xl_domain_config_dispose(struct xl_domain_config *dc)
{
    free(dc->name);
    free(dc->kernel);
    free(dc->ramdisk);
    free(dc->cmdline);
    for (size_t i = 0; i < dc->ndisks; i++)
        xl_disk_dispose(&dc->disks[i]);
    free(dc->disks);
    for (size_t i = 0; i < dc->nnics; i++)
        xl_nic_dispose(&dc->nics[i]);
    free(dc->nics);
    free(dc->warnings);
    memset(dc, 0, sizeof(*dc));
}

int xl_domain_config_from_cfg(struct xl_domain_config *dc,
                              const struct xlcfg *cfg,
                              char *err, size_t errlen)
{
    struct ctx c = { .cfg = cfg, .err = err, .errlen = errlen, .dc = dc };
    const struct xlcfg_setting *s = NULL, *mem_s = NULL, *vcpus_s = NULL;
    const char *v;
    long long n;
    int rc;

    memset(dc, 0, sizeof(*dc));
    if (err && errlen)
        err[0] = '\0';

    /* name */
    rc = get_string(&c, "name", &v, &s);
    if (rc < 0)
        goto fail;
    if (rc == 0) {
        fmt(err, errlen, "%s: field 'name': a domain name must be given",
            cfg->filename);
        goto fail;
    }
    if (!valid_name(v)) {
        field_err(&c, s, "invalid name '%s' (1-%d printable characters, no "
                  "spaces, quotes or slashes, not all digits)", v,
                  XL_MAX_NAME);
        goto fail;
    }
    dc->name = strdup(v);
    if (!dc->name)
        goto nomem;

    /* type, or the older builder */
    rc = get_string(&c, "type", &v, &s);
    if (rc < 0)
        goto fail;
    if (rc == 0) {
        rc = get_string(&c, "builder", &v, &s);
        if (rc < 0)
            goto fail;
        if (rc > 0 && strcmp(v, "generic") == 0)
            v = "pv";
    }
    if (rc > 0 && strcmp(v, "pv") != 0) {
        if (!strcmp(v, "hvm") || !strcmp(v, "pvh"))
            field_err(&c, s, "type '%s' is not supported yet (only pv)", v);
        else
            field_err(&c, s, "unknown type '%s' (expected pv, pvh or hvm)",
                      v);
        goto fail;
    }

    /* uuid */
    rc = get_string(&c, "uuid", &v, &s);
    if (rc < 0)
        goto fail;
    if (rc > 0) {
        if (xl_parse_uuid(v, dc->uuid)) {
            field_err(&c, s, "invalid uuid '%s' (expected "
                      "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", v);
            goto fail;
        }
        dc->has_uuid = 1;
    }

    /* memory and maxmem, MiB */
    dc->target_memkb = dc->max_memkb = 32 * 1024;
    rc = get_number(&c, "memory", 1, (long long)XL_MAX_MEM_MB, &n, &mem_s);
    if (rc < 0)
        goto fail;
    if (rc > 0)
        dc->target_memkb = dc->max_memkb = (uint64_t)n * 1024;
    rc = get_number(&c, "maxmem", 1, (long long)XL_MAX_MEM_MB, &n, &s);
    if (rc < 0)
        goto fail;
    if (rc > 0) {
        dc->max_memkb = (uint64_t)n * 1024;
        if (!mem_s)
            dc->target_memkb = dc->max_memkb;
        if (dc->max_memkb < dc->target_memkb) {
            field_err(&c, s, "maxmem (%lld MiB) is less than memory "
                      "(%llu MiB)", n,
                      (unsigned long long)dc->target_memkb / 1024);
            goto fail;
        }
    }

    /* vcpus and maxvcpus */
    dc->vcpus = 1;
    rc = get_number(&c, "vcpus", 1, XL_MAX_VCPUS, &n, &vcpus_s);
    if (rc < 0)
        goto fail;
    if (rc > 0)
        dc->vcpus = (unsigned)n;
    dc->max_vcpus = dc->vcpus;
    rc = get_number(&c, "maxvcpus", 1, XL_MAX_VCPUS, &n, &s);
    if (rc < 0)
        goto fail;
    if (rc > 0) {
        dc->max_vcpus = (unsigned)n;
        if (dc->max_vcpus < dc->vcpus) {
            field_err(&c, s, "maxvcpus (%u) is less than vcpus (%u)",
                      dc->max_vcpus, dc->vcpus);
            goto fail;
        }
    }

    /* kernel and ramdisk; no bootloader support */
    if (dup_string(&c, "kernel", &dc->kernel) < 0 ||
        dup_string(&c, "ramdisk", &dc->ramdisk) < 0)
        goto fail;
    if (!dc->kernel) {
        s = xlcfg_find(cfg, "bootloader");
        if (s)
            field_err(&c, s, "bootloaders are not supported; give kernel= "
                      "instead");
        else
            fmt(err, errlen, "%s: field 'kernel': a PV guest needs a kernel",
                cfg->filename);
        goto fail;
    }
    if (!*dc->kernel) {
        field_err(&c, xlcfg_find(cfg, "kernel"), "empty path");
        goto fail;
    }

    /* cmdline, or root= and extra= */
    {
        const char *root = NULL, *extra = NULL, *cmd = NULL;
        if (get_string(&c, "cmdline", &cmd, NULL) < 0 ||
            get_string(&c, "root", &root, NULL) < 0 ||
            get_string(&c, "extra", &extra, NULL) < 0)
            goto fail;
        if (cmd) {
            if (root || extra)
                warn(&c, "ignoring root= and extra= in favour of cmdline=");
            dc->cmdline = strdup(cmd);
        } else if (root || extra) {
            size_t len = (root ? strlen(root) + 6 : 0) +
                         (extra ? strlen(extra) : 0) + 2;
            dc->cmdline = malloc(len);
            if (dc->cmdline)
                snprintf(dc->cmdline, len, "%s%s%s%s", root ? "root=" : "",
                         root ? root : "", root && extra ? " " : "",
                         extra ? extra : "");
        } else {
            dc->cmdline = strdup("");
        }
        if (!dc->cmdline)
            goto nomem;
        /* start_info's command line holds 1023 characters and a NUL. */
        if (strlen(dc->cmdline) > 1023) {
            const struct xlcfg_setting *w = xlcfg_find(cfg, cmd ? "cmdline" :
                                                       extra ? "extra" : "root");
            field_err(&c, w, "kernel command line is %zu characters, more "
                      "than 1023", strlen(dc->cmdline));
            goto fail;
        }
    }

    if (get_action(&c, "on_poweroff", XL_ACTION_DESTROY, &dc->on_poweroff) < 0 ||
        get_action(&c, "on_reboot", XL_ACTION_RESTART, &dc->on_reboot) < 0 ||
        get_action(&c, "on_crash", XL_ACTION_DESTROY, &dc->on_crash) < 0)
        goto fail;

    if (parse_devices(&c))
        goto fail;
    return 0;

nomem:
    fmt(err, errlen, "%s: out of memory", cfg->filename);
fail:
    xl_domain_config_dispose(dc);
    return -1;
}

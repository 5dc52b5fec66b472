/* SPDX-License-Identifier: MIT */
/*
 * xlcfg.c - lexer and parser for the xl.cfg syntax (see xlcfg.h).
 *
 * The parser works in two passes so that a failed parse leaves the
 * configuration untouched: pass one turns the text into a private list of
 * statements, checking syntax; pass two checks that every "+=" joins
 * values of the same kind, and only then are the statements applied.
 */
#include "xlcfg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Statements one text may hold; a real file has a few dozen. */
#define XLCFG_MAX_SETTINGS 4096
/* Items one list may hold. */
#define XLCFG_MAX_ITEMS    65536

enum tok {
    T_EOF, T_NEWLINE, T_SEMI, T_IDENT, T_STRING, T_NUMBER,
    T_ASSIGN, T_APPEND, T_LBRACK, T_RBRACK, T_COMMA, T_ERROR,
};

struct lexer {
    const char *src, *end, *p;
    int line;
    const char *source;          /* name for messages */
    char *err;
    size_t errlen;
    int failed;
    /* The current token. */
    enum tok tok;
    int tok_line;
    char *text;                  /* IDENT/STRING/NUMBER text, owned */
};

static void lex_error(struct lexer *lx, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void lex_error(struct lexer *lx, int line, const char *fmt, ...)
{
    va_list ap;
    size_t n;

    if (lx->failed)
        return;
    lx->failed = 1;
    if (!lx->err || !lx->errlen)
        return;
    snprintf(lx->err, lx->errlen, "%s:%d: ", lx->source, line);
    n = strlen(lx->err);
    va_start(ap, fmt);
    vsnprintf(lx->err + n, lx->errlen - n, fmt, ap);
    va_end(ap);
}

static int is_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident_char(int c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static char *dup_range(const char *a, const char *b)
{
    char *s = malloc((size_t)(b - a) + 1);

    if (s) {
        memcpy(s, a, (size_t)(b - a));
        s[b - a] = '\0';
    }
    return s;
}

/* Reads a quoted string starting at the opening quote. */
static int lex_string(struct lexer *lx)
{
    char quote = *lx->p++;
    const char *start = lx->p;
    char *out, *q;

    /* The decoded text is never longer than the source text. */
    while (lx->p < lx->end && *lx->p != quote) {
        if (*lx->p == '\n')
            break;
        if (*lx->p == '\\' && lx->p + 1 < lx->end && lx->p[1] != '\n')
            lx->p++;
        lx->p++;
    }
    if (lx->p >= lx->end || *lx->p != quote) {
        lex_error(lx, lx->line, "syntax error: unterminated string");
        return -1;
    }
    out = malloc((size_t)(lx->p - start) + 1);
    if (!out) {
        lex_error(lx, lx->line, "out of memory");
        return -1;
    }
    q = out;
    for (const char *s = start; s < lx->p; ) {
        int c = (unsigned char)*s++, v;

        if (c == '\0') {
            free(out);
            lex_error(lx, lx->line, "syntax error: NUL byte in string");
            return -1;
        }
        if (c != '\\') {
            *q++ = (char)c;
            continue;
        }
        c = (unsigned char)*s++;
        switch (c) {
        case '"': case '\'': case '\\': *q++ = (char)c; break;
        case 'a': *q++ = '\a'; break;
        case 'b': *q++ = '\b'; break;
        case 'f': *q++ = '\f'; break;
        case 'n': *q++ = '\n'; break;
        case 'r': *q++ = '\r'; break;
        case 't': *q++ = '\t'; break;
        case 'v': *q++ = '\v'; break;
        case 'x':
            if (lx->p - s < 2 || hexval(s[0]) < 0 || hexval(s[1]) < 0) {
                free(out);
                lex_error(lx, lx->line,
                          "syntax error: \\x needs two hex digits");
                return -1;
            }
            v = hexval(s[0]) * 16 + hexval(s[1]);
            s += 2;
            goto byte;
        default:
            if (c >= '0' && c <= '7') {
                v = c - '0';
                for (int i = 0; i < 2 && s < lx->p && *s >= '0' && *s <= '7';
                     i++)
                    v = v * 8 + (*s++ - '0');
                if (v > 255) {
                    free(out);
                    lex_error(lx, lx->line,
                              "syntax error: octal escape out of range");
                    return -1;
                }
                goto byte;
            }
            free(out);
            lex_error(lx, lx->line, "syntax error: unknown escape '\\%c'",
                      c >= 32 && c < 127 ? c : '?');
            return -1;
        }
        continue;
    byte:
        if (v == 0) {
            free(out);
            lex_error(lx, lx->line, "syntax error: NUL byte in string");
            return -1;
        }
        *q++ = (char)v;
    }
    *q = '\0';
    lx->p++;                     /* closing quote */
    lx->text = out;
    return 0;
}

/* Advances to the next token. */
static void lex_next(struct lexer *lx)
{
    free(lx->text);
    lx->text = NULL;

    for (;;) {
        while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
                                   *lx->p == '\r' || *lx->p == '\f' ||
                                   *lx->p == '\v'))
            lx->p++;
        if (lx->p < lx->end && *lx->p == '#') {
            while (lx->p < lx->end && *lx->p != '\n')
                lx->p++;
            continue;
        }
        /* A backslash before a newline joins the lines. */
        if (lx->p + 1 < lx->end && lx->p[0] == '\\' && lx->p[1] == '\n') {
            lx->p += 2;
            lx->line++;
            continue;
        }
        break;
    }
    lx->tok_line = lx->line;
    if (lx->p >= lx->end) {
        lx->tok = T_EOF;
        return;
    }
    int c = (unsigned char)*lx->p;
    switch (c) {
    case '\n': lx->p++; lx->line++; lx->tok = T_NEWLINE; return;
    case ';': lx->p++; lx->tok = T_SEMI; return;
    case '=': lx->p++; lx->tok = T_ASSIGN; return;
    case '[': lx->p++; lx->tok = T_LBRACK; return;
    case ']': lx->p++; lx->tok = T_RBRACK; return;
    case ',': lx->p++; lx->tok = T_COMMA; return;
    case '+':
        if (lx->p + 1 < lx->end && lx->p[1] == '=') {
            lx->p += 2;
            lx->tok = T_APPEND;
            return;
        }
        break;
    case '"': case '\'':
        lx->tok = lex_string(lx) ? T_ERROR : T_STRING;
        return;
    default:
        break;
    }
    if (is_ident_start(c)) {
        const char *s = lx->p;
        while (lx->p < lx->end && is_ident_char((unsigned char)*lx->p))
            lx->p++;
        lx->text = dup_range(s, lx->p);
        lx->tok = lx->text ? T_IDENT : T_ERROR;
        if (!lx->text)
            lex_error(lx, lx->line, "out of memory");
        return;
    }
    if (c >= '0' && c <= '9') {
        const char *s = lx->p;
        while (lx->p < lx->end && (is_ident_char((unsigned char)*lx->p)))
            lx->p++;
        lx->text = dup_range(s, lx->p);
        lx->tok = lx->text ? T_NUMBER : T_ERROR;
        if (!lx->text)
            lex_error(lx, lx->line, "out of memory");
        return;
    }
    if (c >= 32 && c < 127)
        lex_error(lx, lx->line, "syntax error: unexpected character '%c'", c);
    else
        lex_error(lx, lx->line,
                  "syntax error: unexpected byte 0x%02x", (unsigned)c);
    lx->tok = T_ERROR;
}

static const char *tok_name(enum tok t)
{
    switch (t) {
    case T_EOF: return "end of file";
    case T_NEWLINE: return "end of line";
    case T_SEMI: return "';'";
    case T_IDENT: return "a name";
    case T_STRING: return "a string";
    case T_NUMBER: return "a number";
    case T_ASSIGN: return "'='";
    case T_APPEND: return "'+='";
    case T_LBRACK: return "'['";
    case T_RBRACK: return "']'";
    case T_COMMA: return "','";
    default: return "an invalid token";
    }
}

static void value_free(struct xlcfg_value *v)
{
    if (!v)
        return;
    free(v->atom);
    for (size_t i = 0; i < v->nitems; i++)
        value_free(v->items[i]);
    free(v->items);
    free(v);
}

static void skip_newlines(struct lexer *lx)
{
    while (lx->tok == T_NEWLINE)
        lex_next(lx);
}

static struct xlcfg_value *parse_value(struct lexer *lx, int depth);

static int list_push(struct lexer *lx, struct xlcfg_value *list,
                     struct xlcfg_value *item)
{
    struct xlcfg_value **n;

    if (list->nitems >= XLCFG_MAX_ITEMS) {
        lex_error(lx, item->line, "list has more than %d items",
                  XLCFG_MAX_ITEMS);
        return -1;
    }
    /* Grow by doubling from 4. */
    if ((list->nitems & (list->nitems - 1)) == 0 && list->nitems >= 4) {
        n = realloc(list->items, list->nitems * 2 * sizeof(*n));
    } else if (list->nitems == 0) {
        n = malloc(4 * sizeof(*n));
    } else {
        n = list->items;
    }
    if (!n) {
        lex_error(lx, item->line, "out of memory");
        return -1;
    }
    list->items = n;
    list->items[list->nitems++] = item;
    return 0;
}

static struct xlcfg_value *parse_list(struct lexer *lx, int depth)
{
    struct xlcfg_value *list = calloc(1, sizeof(*list));
    int open_line = lx->tok_line;

    if (!list) {
        lex_error(lx, lx->tok_line, "out of memory");
        return NULL;
    }
    list->kind = XLCFG_LIST;
    list->line = open_line;
    lex_next(lx);                /* '[' */
    skip_newlines(lx);
    while (lx->tok != T_RBRACK) {
        struct xlcfg_value *item;

        if (lx->tok == T_EOF) {
            lex_error(lx, open_line, "syntax error: list opened here is "
                      "never closed");
            goto fail;
        }
        item = parse_value(lx, depth + 1);
        if (!item)
            goto fail;
        if (list_push(lx, list, item)) {
            value_free(item);
            goto fail;
        }
        skip_newlines(lx);
        if (lx->tok == T_COMMA) {
            lex_next(lx);
            skip_newlines(lx);
            continue;
        }
        if (lx->tok != T_RBRACK) {
            if (lx->tok == T_EOF)
                lex_error(lx, open_line, "syntax error: list opened here "
                          "is never closed");
            else if (lx->tok != T_ERROR)
                lex_error(lx, lx->tok_line, "syntax error: expected ',' or "
                          "']' in list, found %s", tok_name(lx->tok));
            goto fail;
        }
    }
    lex_next(lx);                /* ']' */
    return list;
fail:
    value_free(list);
    return NULL;
}

static struct xlcfg_value *parse_value(struct lexer *lx, int depth)
{
    struct xlcfg_value *v;

    if (depth > XLCFG_MAX_DEPTH) {
        lex_error(lx, lx->tok_line, "lists nested more than %d deep",
                  XLCFG_MAX_DEPTH);
        return NULL;
    }
    if (lx->tok == T_LBRACK)
        return parse_list(lx, depth);
    if (lx->tok != T_STRING && lx->tok != T_NUMBER) {
        if (lx->tok != T_ERROR)
            lex_error(lx, lx->tok_line, "syntax error: expected a value, "
                      "found %s", tok_name(lx->tok));
        return NULL;
    }
    v = calloc(1, sizeof(*v));
    if (!v) {
        lex_error(lx, lx->tok_line, "out of memory");
        return NULL;
    }
    v->kind = XLCFG_ATOM;
    v->line = lx->tok_line;
    v->quoted = lx->tok == T_STRING;
    v->atom = lx->text;          /* take ownership */
    lx->text = NULL;
    lex_next(lx);
    return v;
}

/* One parsed statement, before it is applied. */
struct stmt {
    char *name;
    int append;
    int line;
    struct xlcfg_value *value;
};

static void stmts_free(struct stmt *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(s[i].name);
        value_free(s[i].value);
    }
    free(s);
}

struct xlcfg *xlcfg_new(const char *filename)
{
    struct xlcfg *cfg = calloc(1, sizeof(*cfg));

    if (!cfg)
        return NULL;
    cfg->filename = strdup(filename ? filename : "(config)");
    if (!cfg->filename) {
        free(cfg);
        return NULL;
    }
    return cfg;
}

void xlcfg_free(struct xlcfg *cfg)
{
    struct xlcfg_setting *s, *next;

    if (!cfg)
        return;
    for (s = cfg->first; s; s = next) {
        next = s->next;
        free(s->name);
        value_free(s->value);
        free(s);
    }
    free(cfg->filename);
    free(cfg);
}

const struct xlcfg_setting *xlcfg_find(const struct xlcfg *cfg,
                                       const char *name)
{
    for (const struct xlcfg_setting *s = cfg->first; s; s = s->next)
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}

static struct xlcfg_setting *find_mut(struct xlcfg *cfg, const char *name)
{
    for (struct xlcfg_setting *s = cfg->first; s; s = s->next)
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}

/* The kind KEY will have after statements [0, upto) are applied, or -1. */
static int kind_before(const struct xlcfg *cfg, const struct stmt *st,
                       size_t upto, const char *key)
{
    const struct xlcfg_setting *s;

    for (size_t i = upto; i-- > 0; )
        if (strcmp(st[i].name, key) == 0)
            return (int)st[i].value->kind;  /* "+=" keeps the kind */
    s = xlcfg_find(cfg, key);
    return s ? (int)s->value->kind : -1;
}

/* Joins ADD onto OLD (same kind); consumes ADD.  0 or -1 (no memory). */
static int join_values(struct xlcfg_value *old, struct xlcfg_value *add)
{
    if (old->kind == XLCFG_ATOM) {
        size_t a = strlen(old->atom), b = strlen(add->atom);
        char *n = realloc(old->atom, a + b + 1);

        if (!n)
            return -1;
        memcpy(n + a, add->atom, b + 1);
        old->atom = n;
        old->quoted = old->quoted || add->quoted;
        value_free(add);
        return 0;
    }
    if (add->nitems) {
        struct xlcfg_value **n = realloc(old->items, (old->nitems +
                                         add->nitems) * sizeof(*n));
        if (!n)
            return -1;
        memcpy(n + old->nitems, add->items, add->nitems * sizeof(*n));
        old->items = n;
        old->nitems += add->nitems;
        add->nitems = 0;
    }
    value_free(add);
    return 0;
}

int xlcfg_parse_text(struct xlcfg *cfg, const char *source,
                     const char *text, size_t len, char *err, size_t errlen)
{
    struct lexer lx = {
        .src = text, .end = text + len, .p = text, .line = 1,
        .source = source ? source : cfg->filename,
        .err = err, .errlen = errlen,
    };
    struct stmt *st = NULL;
    size_t nst = 0;

    if (err && errlen)
        err[0] = '\0';
    if (len > XLCFG_MAX_TEXT) {
        lex_error(&lx, 1, "configuration larger than %u bytes",
                  XLCFG_MAX_TEXT);
        return -1;
    }
    st = calloc(XLCFG_MAX_SETTINGS, sizeof(*st));
    if (!st) {
        lex_error(&lx, 1, "out of memory");
        return -1;
    }

    /* Pass one: syntax. */
    lex_next(&lx);
    while (!lx.failed && lx.tok != T_EOF) {
        struct stmt *s;

        if (lx.tok == T_NEWLINE || lx.tok == T_SEMI) {
            lex_next(&lx);
            continue;
        }
        if (lx.tok != T_IDENT) {
            if (lx.tok != T_ERROR)
                lex_error(&lx, lx.tok_line, "syntax error: expected a "
                          "setting name, found %s", tok_name(lx.tok));
            break;
        }
        if (nst == XLCFG_MAX_SETTINGS) {
            lex_error(&lx, lx.tok_line, "more than %d settings",
                      XLCFG_MAX_SETTINGS);
            break;
        }
        s = &st[nst];
        s->name = lx.text;
        lx.text = NULL;
        s->line = lx.tok_line;
        nst++;
        lex_next(&lx);
        if (lx.tok != T_ASSIGN && lx.tok != T_APPEND) {
            if (lx.tok != T_ERROR)
                lex_error(&lx, s->line, "syntax error: expected '=' after "
                          "'%s', found %s", s->name, tok_name(lx.tok));
            break;
        }
        s->append = lx.tok == T_APPEND;
        lex_next(&lx);
        s->value = parse_value(&lx, 0);
        if (!s->value)
            break;
        if (lx.tok != T_NEWLINE && lx.tok != T_SEMI && lx.tok != T_EOF) {
            if (lx.tok != T_ERROR)
                lex_error(&lx, lx.tok_line, "syntax error: expected end of "
                          "line after the value of '%s', found %s",
                          s->name, tok_name(lx.tok));
            break;
        }
    }
    free(lx.text);
    lx.text = NULL;
    if (lx.failed)
        goto fail;

    /* Pass two: every "+=" must join like with like. */
    for (size_t i = 0; i < nst; i++) {
        int k;

        if (!st[i].append)
            continue;
        k = kind_before(cfg, st, i, st[i].name);
        if (k >= 0 && k != (int)st[i].value->kind) {
            lex_error(&lx, st[i].line, "field '%s': '+=' cannot join a %s "
                      "to a %s", st[i].name,
                      st[i].value->kind == XLCFG_LIST ? "list" : "string",
                      k == XLCFG_LIST ? "list" : "string");
            goto fail;
        }
    }

    /* Apply.  Only memory exhaustion can fail from here on. */
    for (size_t i = 0; i < nst; i++) {
        struct xlcfg_setting *old = find_mut(cfg, st[i].name);

        if (old && st[i].append) {
            if (join_values(old->value, st[i].value)) {
                lex_error(&lx, st[i].line, "out of memory");
                st[i].value = NULL;
                goto fail;
            }
            st[i].value = NULL;
            old->line = st[i].line;
            continue;
        }
        if (old) {
            value_free(old->value);
            old->value = st[i].value;
            old->line = st[i].line;
            st[i].value = NULL;
            continue;
        }
        struct xlcfg_setting *n = calloc(1, sizeof(*n)), **tail;
        if (!n) {
            lex_error(&lx, st[i].line, "out of memory");
            goto fail;
        }
        n->name = st[i].name;
        n->value = st[i].value;
        n->line = st[i].line;
        st[i].name = NULL;
        st[i].value = NULL;
        for (tail = &cfg->first; *tail; tail = &(*tail)->next)
            ;
        *tail = n;
    }
    stmts_free(st, nst);
    return 0;

fail:
    stmts_free(st, nst);
    return -1;
}

int xlcfg_parse_file(struct xlcfg *cfg, const char *path,
                     char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    int rc;

    if (!f) {
        if (err && errlen)
            snprintf(err, errlen, "%s: cannot open: %s", path,
                     strerror(errno));
        return -1;
    }
    buf = malloc(XLCFG_MAX_TEXT + 1);
    if (!buf) {
        fclose(f);
        if (err && errlen)
            snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    n = fread(buf, 1, XLCFG_MAX_TEXT + 1, f);
    if (ferror(f)) {
        if (err && errlen)
            snprintf(err, errlen, "%s: read error: %s", path,
                     strerror(errno));
        fclose(f);
        free(buf);
        return -1;
    }
    fclose(f);
    if (n > XLCFG_MAX_TEXT) {
        if (err && errlen)
            snprintf(err, errlen, "%s: larger than %u bytes", path,
                     XLCFG_MAX_TEXT);
        free(buf);
        return -1;
    }
    rc = xlcfg_parse_text(cfg, path, buf, n, err, errlen);
    free(buf);
    return rc;
}

/* Appends S to a growing buffer; returns -1 when out of memory. */
static int sb_add(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);

    if (*len + n + 1 > *cap) {
        size_t nc = (*cap ? *cap : 32);
        char *nb;

        while (*len + n + 1 > nc)
            nc *= 2;
        nb = realloc(*buf, nc);
        if (!nb)
            return -1;
        *buf = nb;
        *cap = nc;
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
    return 0;
}

static int render(const struct xlcfg_value *v, char **buf, size_t *len,
                  size_t *cap)
{
    if (v->kind == XLCFG_ATOM)
        return sb_add(buf, len, cap, v->atom);
    if (sb_add(buf, len, cap, "["))
        return -1;
    for (size_t i = 0; i < v->nitems; i++) {
        if (i && sb_add(buf, len, cap, ", "))
            return -1;
        if (render(v->items[i], buf, len, cap))
            return -1;
    }
    return sb_add(buf, len, cap, "]");
}

char *xlcfg_value_to_string(const struct xlcfg_value *v)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;

    if (render(v, &buf, &len, &cap) || !buf) {
        free(buf);
        return NULL;
    }
    return buf;
}

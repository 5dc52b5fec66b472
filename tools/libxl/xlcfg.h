/* SPDX-License-Identifier: MIT */
/*
 * xlcfg.h - the xl.cfg file syntax, without meaning.
 *
 * A configuration is a sequence of settings "KEY = VALUE" or
 * "KEY += VALUE", separated by newlines or ';'.  A VALUE is an atom (a
 * quoted string or a bare number, both kept as text) or a bracketed list
 * of values; lists may nest, may span lines and may end in a comma.  '#'
 * starts a comment that runs to the end of the line.  Keys are
 * [A-Za-z_][A-Za-z0-9_.]*.
 *
 * "KEY += VALUE" appends to an earlier setting of KEY: strings are
 * concatenated, lists are joined; without an earlier setting it acts like
 * '='.  When a key is set twice with '=', the later setting wins.
 *
 * This layer knows nothing of domains; domcfg.h gives the settings their
 * meaning.  Every function reports failure through a caller-supplied
 * message buffer of the form "FILE:LINE: ..." and never prints.
 */
#ifndef XENOLITH_XLCFG_H
#define XENOLITH_XLCFG_H

#include <stddef.h>

/* Largest configuration text accepted (a real xl.cfg is a few KiB). */
#define XLCFG_MAX_TEXT   (1u << 20)
/* Deepest list nesting accepted. */
#define XLCFG_MAX_DEPTH  16

enum xlcfg_kind { XLCFG_ATOM, XLCFG_LIST };

struct xlcfg_value {
    enum xlcfg_kind kind;
    int line;                    /* where the value starts */
    /* XLCFG_ATOM: the text, with quotes removed and escapes resolved. */
    char *atom;
    int quoted;                  /* 1 if written as a string literal */
    /* XLCFG_LIST */
    struct xlcfg_value **items;
    size_t nitems;
};

struct xlcfg_setting {
    char *name;
    int line;                    /* line of the (last) assignment */
    struct xlcfg_value *value;
    struct xlcfg_setting *next;
};

struct xlcfg {
    struct xlcfg_setting *first;
    char *filename;              /* for messages; the file that was read */
};

/* Message buffer size that always holds a whole message. */
#define XLCFG_ERRLEN 512

/* A fresh, empty configuration named FILENAME (for messages). */
struct xlcfg *xlcfg_new(const char *filename);
void xlcfg_free(struct xlcfg *cfg);

/*
 * Parse LEN bytes of TEXT into CFG, after any settings it already holds
 * (so a later call overrides or appends).  SOURCE names the text in
 * messages (a file name, or "command line").  Returns 0, or -1 with a
 * message in ERR; on failure CFG is unchanged.
 */
int xlcfg_parse_text(struct xlcfg *cfg, const char *source,
                     const char *text, size_t len,
                     char *err, size_t errlen);

/* Reads PATH (at most XLCFG_MAX_TEXT bytes) and parses it into CFG. */
int xlcfg_parse_file(struct xlcfg *cfg, const char *path,
                     char *err, size_t errlen);

/* The setting called NAME, or NULL. */
const struct xlcfg_setting *xlcfg_find(const struct xlcfg *cfg,
                                       const char *name);

/* Resolves one escape-free rendering of VALUE for messages and dumps:
 * atoms as themselves, lists as "[a, b]".  Caller frees. */
char *xlcfg_value_to_string(const struct xlcfg_value *v);

#endif /* XENOLITH_XLCFG_H */

/*
 * test_xlcfg.c - the xl.cfg syntax layer (tools/libxl/xlcfg.c).
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "xlcfg.h"

static char err[XLCFG_ERRLEN];

static struct xlcfg *parse(const char *text)
{
    struct xlcfg *cfg = xlcfg_new("t.cfg");

    if (xlcfg_parse_text(cfg, NULL, text, strlen(text), err, sizeof(err))) {
        xlcfg_free(cfg);
        return NULL;
    }
    return cfg;
}

/* Parses TEXT expecting failure; returns the message. */
static const char *parse_fail(const char *text)
{
    struct xlcfg *cfg = xlcfg_new("t.cfg");
    int rc = xlcfg_parse_text(cfg, NULL, text, strlen(text), err,
                              sizeof(err));

    xlcfg_free(cfg);
    return rc ? err : "(parsed)";
}

static const char *atom(const struct xlcfg *cfg, const char *name)
{
    const struct xlcfg_setting *s = xlcfg_find(cfg, name);

    if (!s || s->value->kind != XLCFG_ATOM)
        return NULL;
    return s->value->atom;
}

TEST(xlcfg_basic_settings)
{
    struct xlcfg *cfg = parse("name = \"guest\"\nmemory = 256\n"
                              "kernel='/boot/vmlinuz'\n");
    CHECK(cfg);
    if (!cfg)
        return;
    CHECK_STR(atom(cfg, "name"), "guest");
    CHECK_STR(atom(cfg, "memory"), "256");
    CHECK_STR(atom(cfg, "kernel"), "/boot/vmlinuz");
    CHECK_EQ(xlcfg_find(cfg, "name")->value->quoted, 1);
    CHECK_EQ(xlcfg_find(cfg, "memory")->value->quoted, 0);
    CHECK_EQ(xlcfg_find(cfg, "kernel")->line, 3);
    CHECK(xlcfg_find(cfg, "vcpus") == NULL);
    xlcfg_free(cfg);
}

TEST(xlcfg_semicolons_comments_blank_lines)
{
    struct xlcfg *cfg = parse("# a comment\n\n  name=\"a\"; type=\"pv\"  # trailing\n"
                              ";;\nvcpus=2;\n# last");
    CHECK(cfg);
    if (!cfg)
        return;
    CHECK_STR(atom(cfg, "name"), "a");
    CHECK_STR(atom(cfg, "type"), "pv");
    CHECK_STR(atom(cfg, "vcpus"), "2");
    CHECK_EQ(xlcfg_find(cfg, "vcpus")->line, 5);
    xlcfg_free(cfg);
}

TEST(xlcfg_no_final_newline_and_empty_file)
{
    struct xlcfg *cfg = parse("memory=64");
    CHECK(cfg && atom(cfg, "memory") && strcmp(atom(cfg, "memory"), "64") == 0);
    xlcfg_free(cfg);
    cfg = parse("");
    CHECK(cfg && cfg->first == NULL);
    xlcfg_free(cfg);
    cfg = parse("\n\n# only comments\n");
    CHECK(cfg && cfg->first == NULL);
    xlcfg_free(cfg);
}

TEST(xlcfg_later_setting_wins)
{
    struct xlcfg *cfg = parse("memory=64\nmemory=128\n");
    CHECK(cfg);
    if (!cfg)
        return;
    CHECK_STR(atom(cfg, "memory"), "128");
    CHECK_EQ(xlcfg_find(cfg, "memory")->line, 2);
    /* One setting, not two. */
    CHECK(cfg->first && cfg->first->next == NULL);
    xlcfg_free(cfg);
}

TEST(xlcfg_lists)
{
    struct xlcfg *cfg = parse(
        "disk = [ '/img/a,raw,xvda,rw',\n"
        "         '/img/b,raw,xvdb,r', ]\n"
        "vif=[]\n"
        "cpus = [1, 2,3]\n");
    const struct xlcfg_setting *s;

    CHECK(cfg);
    if (!cfg)
        return;
    s = xlcfg_find(cfg, "disk");
    CHECK(s && s->value->kind == XLCFG_LIST);
    if (s && s->value->kind == XLCFG_LIST) {
        CHECK_EQ(s->value->nitems, 2);
        CHECK_STR(s->value->items[0]->atom, "/img/a,raw,xvda,rw");
        CHECK_STR(s->value->items[1]->atom, "/img/b,raw,xvdb,r");
        CHECK_EQ(s->value->items[1]->line, 2);
    }
    s = xlcfg_find(cfg, "vif");
    CHECK(s && s->value->kind == XLCFG_LIST && s->value->nitems == 0);
    s = xlcfg_find(cfg, "cpus");
    CHECK(s && s->value->nitems == 3);
    xlcfg_free(cfg);
}

TEST(xlcfg_list_over_many_lines_with_comments)
{
    struct xlcfg *cfg = parse("vif = [\n"
                              "  # first\n"
                              "  'mac=00:16:3e:00:00:01',\n"
                              "\n"
                              "  'bridge=br1'  # second\n"
                              "]\n"
                              "name='x'\n");
    const struct xlcfg_setting *s;

    CHECK(cfg);
    if (!cfg)
        return;
    s = xlcfg_find(cfg, "vif");
    CHECK(s && s->value->nitems == 2);
    CHECK_EQ(xlcfg_find(cfg, "name")->line, 7);
    xlcfg_free(cfg);
}

TEST(xlcfg_nested_lists)
{
    struct xlcfg *cfg = parse("x = [ [1, 2], ['a'], [] ]\n");
    const struct xlcfg_setting *s;
    char *str;

    CHECK(cfg);
    if (!cfg)
        return;
    s = xlcfg_find(cfg, "x");
    CHECK(s && s->value->nitems == 3);
    CHECK(s->value->items[0]->kind == XLCFG_LIST);
    CHECK_EQ(s->value->items[0]->nitems, 2);
    str = xlcfg_value_to_string(s->value);
    CHECK_STR(str, "[[1, 2], [a], []]");
    free(str);
    xlcfg_free(cfg);
}

TEST(xlcfg_string_escapes)
{
    struct xlcfg *cfg = parse("a = \"q\\\"d\\\\b\\n\\t\"\n"
                              "b = 'it\\'s'\n"
                              "c = \"\\x41\\102\"\n"
                              "d = 'has # hash and ; semi'\n"
                              "e = \"\"\n");
    CHECK(cfg);
    if (!cfg)
        return;
    CHECK_STR(atom(cfg, "a"), "q\"d\\b\n\t");
    CHECK_STR(atom(cfg, "b"), "it's");
    CHECK_STR(atom(cfg, "c"), "AB");
    CHECK_STR(atom(cfg, "d"), "has # hash and ; semi");
    CHECK_STR(atom(cfg, "e"), "");
    xlcfg_free(cfg);
}

TEST(xlcfg_numbers_kept_as_text)
{
    struct xlcfg *cfg = parse("a = 0x1F\nb = 010\nc = 1.5\nd = 0\n");
    CHECK(cfg);
    if (!cfg)
        return;
    CHECK_STR(atom(cfg, "a"), "0x1F");
    CHECK_STR(atom(cfg, "b"), "010");
    CHECK_STR(atom(cfg, "c"), "1.5");
    CHECK_STR(atom(cfg, "d"), "0");
    xlcfg_free(cfg);
}

TEST(xlcfg_dotted_and_underscore_keys)
{
    struct xlcfg *cfg = parse("on_crash='preserve'\n_x.y_z = 1\n");
    CHECK(cfg);
    if (!cfg)
        return;
    CHECK_STR(atom(cfg, "on_crash"), "preserve");
    CHECK_STR(atom(cfg, "_x.y_z"), "1");
    xlcfg_free(cfg);
}

TEST(xlcfg_append)
{
    struct xlcfg *cfg = parse("extra = 'console=hvc0'\n"
                              "extra += ' quiet'\n"
                              "disk = ['a']\n"
                              "disk += ['b', 'c']\n"
                              "fresh += 'x'\n");
    const struct xlcfg_setting *s;

    CHECK(cfg);
    if (!cfg)
        return;
    CHECK_STR(atom(cfg, "extra"), "console=hvc0 quiet");
    s = xlcfg_find(cfg, "disk");
    CHECK(s && s->value->nitems == 3);
    if (s && s->value->nitems == 3)
        CHECK_STR(s->value->items[2]->atom, "c");
    CHECK_STR(atom(cfg, "fresh"), "x");
    xlcfg_free(cfg);
}

TEST(xlcfg_override_text_appends_to_config)
{
    struct xlcfg *cfg = parse("name='a'\nmemory=64\n");
    CHECK(cfg);
    if (!cfg)
        return;
    CHECK_EQ(xlcfg_parse_text(cfg, "command line", "memory=512", 10, err,
                              sizeof(err)), 0);
    CHECK_STR(atom(cfg, "memory"), "512");
    CHECK_STR(atom(cfg, "name"), "a");
    /* A bad override names its source and leaves the config alone. */
    CHECK_EQ(xlcfg_parse_text(cfg, "command line", "memory=", 7, err,
                              sizeof(err)), -1);
    CHECK(strncmp(err, "command line:1: ", 16) == 0);
    CHECK_STR(atom(cfg, "memory"), "512");
    xlcfg_free(cfg);
}

TEST(xlcfg_failed_parse_leaves_config_unchanged)
{
    struct xlcfg *cfg = parse("memory=64\ndisk=['a']\n");
    const char *bad = "memory=128\ndisk += 'str'\n";

    CHECK(cfg);
    if (!cfg)
        return;
    CHECK_EQ(xlcfg_parse_text(cfg, NULL, bad, strlen(bad), err,
                              sizeof(err)), -1);
    CHECK_STR(err, "t.cfg:2: field 'disk': '+=' cannot join a string to a list");
    CHECK_STR(atom(cfg, "memory"), "64");
    xlcfg_free(cfg);
}

TEST(xlcfg_backslash_newline_joins_lines)
{
    struct xlcfg *cfg = parse("memory = \\\n 64\nname='n'\n");
    CHECK(cfg);
    if (!cfg)
        return;
    CHECK_STR(atom(cfg, "memory"), "64");
    CHECK_EQ(xlcfg_find(cfg, "name")->line, 3);
    xlcfg_free(cfg);
}

TEST(xlcfg_crlf_line_endings)
{
    struct xlcfg *cfg = parse("name='w'\r\nmemory=32\r\n");
    CHECK(cfg);
    if (!cfg)
        return;
    CHECK_STR(atom(cfg, "memory"), "32");
    xlcfg_free(cfg);
}

/* ---- errors: every message names file and line ---- */

TEST(xlcfg_error_missing_value)
{
    CHECK_STR(parse_fail("name='a'\nmemory=\n"),
              "t.cfg:2: syntax error: expected a value, found end of line");
}

TEST(xlcfg_error_missing_equals)
{
    CHECK_STR(parse_fail("\n\nmemory 64\n"),
              "t.cfg:3: syntax error: expected '=' after 'memory', found a number");
}

TEST(xlcfg_error_unterminated_string)
{
    CHECK_STR(parse_fail("name='abc\nmemory=1\n"),
              "t.cfg:1: syntax error: unterminated string");
    CHECK_STR(parse_fail("name=\"abc"),
              "t.cfg:1: syntax error: unterminated string");
}

TEST(xlcfg_error_unclosed_list)
{
    CHECK_STR(parse_fail("x=1\ndisk = [ 'a',\n 'b'\n"),
              "t.cfg:2: syntax error: list opened here is never closed");
    CHECK_STR(parse_fail("disk = [ 'a' 'b' ]\n"),
              "t.cfg:1: syntax error: expected ',' or ']' in list, found a string");
}

TEST(xlcfg_error_double_comma_and_leading_comma)
{
    CHECK(strstr(parse_fail("x = [1,,2]\n"), "expected a value, found ','"));
    CHECK(strstr(parse_fail("x = [,]\n"), "expected a value, found ','"));
}

TEST(xlcfg_error_two_values_on_a_line)
{
    CHECK_STR(parse_fail("memory = 64 128\n"),
              "t.cfg:1: syntax error: expected end of line after the value "
              "of 'memory', found a number");
}

TEST(xlcfg_error_bad_characters)
{
    CHECK_STR(parse_fail("name = @x\n"),
              "t.cfg:1: syntax error: unexpected character '@'");
    CHECK_STR(parse_fail("a=1\nb=\x01\n"),
              "t.cfg:2: syntax error: unexpected byte 0x01");
    CHECK_STR(parse_fail("= 5\n"),
              "t.cfg:1: syntax error: expected a setting name, found '='");
}

TEST(xlcfg_error_bad_escapes)
{
    CHECK(strstr(parse_fail("a = \"\\q\"\n"), "unknown escape '\\q'"));
    CHECK(strstr(parse_fail("a = \"\\x4\"\n"), "\\x needs two hex digits"));
    CHECK(strstr(parse_fail("a = \"\\x00\"\n"), "NUL byte in string"));
    CHECK(strstr(parse_fail("a = \"\\0\"\n"), "NUL byte in string"));
    CHECK(strstr(parse_fail("a = \"\\777\"\n"), "octal escape out of range"));
    CHECK(strstr(parse_fail("a = \"x\\"), "unterminated string"));
}

TEST(xlcfg_error_nul_byte_in_string)
{
    static const char text[] = "a = 'x\0y'\n";
    struct xlcfg *cfg = xlcfg_new("t.cfg");

    CHECK_EQ(xlcfg_parse_text(cfg, NULL, text, sizeof(text) - 1, err,
                              sizeof(err)), -1);
    CHECK(strstr(err, "NUL byte"));
    xlcfg_free(cfg);
}

TEST(xlcfg_error_nesting_too_deep)
{
    char text[128];
    int n = 0;

    n += snprintf(text + n, sizeof(text) - n, "x = ");
    for (int i = 0; i < XLCFG_MAX_DEPTH + 2; i++)
        text[n++] = '[';
    for (int i = 0; i < XLCFG_MAX_DEPTH + 2; i++)
        text[n++] = ']';
    text[n] = '\0';
    CHECK(strstr(parse_fail(text), "nested more than"));
}

TEST(xlcfg_error_append_kind_mismatch)
{
    CHECK_STR(parse_fail("a = 'x'\na += ['y']\n"),
              "t.cfg:2: field 'a': '+=' cannot join a list to a string");
}

TEST(xlcfg_error_message_fits_small_buffer)
{
    struct xlcfg *cfg = xlcfg_new("a-rather-long-file-name.cfg");
    char small[16];

    CHECK_EQ(xlcfg_parse_text(cfg, NULL, "memory=", 7, small,
                              sizeof(small)), -1);
    CHECK_EQ(strlen(small), sizeof(small) - 1);
    /* And no buffer at all is allowed. */
    CHECK_EQ(xlcfg_parse_text(cfg, NULL, "memory=", 7, NULL, 0), -1);
    xlcfg_free(cfg);
}

TEST(xlcfg_many_list_items)
{
    size_t cap = 20000 * 4 + 32, n = 0;
    char *text = malloc(cap);
    struct xlcfg *cfg;

    n += (size_t)snprintf(text, cap, "x=[");
    for (int i = 0; i < 20000; i++)
        n += (size_t)snprintf(text + n, cap - n, "%d,", i % 10);
    n += (size_t)snprintf(text + n, cap - n, "]\n");
    cfg = parse(text);
    CHECK(cfg && xlcfg_find(cfg, "x")->value->nitems == 20000);
    if (cfg)
        CHECK_STR(xlcfg_find(cfg, "x")->value->items[19999]->atom, "9");
    xlcfg_free(cfg);
    free(text);
}

TEST(xlcfg_parse_file_reports_missing_file)
{
    struct xlcfg *cfg = xlcfg_new("x");

    CHECK_EQ(xlcfg_parse_file(cfg, "/nonexistent/dir/guest.cfg", err,
                              sizeof(err)), -1);
    CHECK(strncmp(err, "/nonexistent/dir/guest.cfg: cannot open", 39) == 0);
    xlcfg_free(cfg);
}

#!/usr/bin/env python3
"""Xenolith ABI conformance check (see tests/abi/README.md).

Stage 1: a program built against our xen/include/public prints, for every
item of the table, `#define OURS_<n>_<what> <value>` into ours.h.
Stage 2: a translation unit built against libxen-dev's /usr/include/xen
includes ours.h and _Static_asserts that its own values are identical.

A compile error is attributed to the item whose generated line it points
at; that item fails and the stage is rebuilt without it, so one bad item
does not hide the others.  Prints `abi: N passed, M failed`.
"""
import argparse, glob, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OURS_INC = os.path.join(ROOT, "xen", "include")
OURS_PUB = os.path.join(OURS_INC, "public")
CC = os.environ.get("CC", "gcc")
CFLAGS = ["-Wall", "-Wextra", "-Werror", "-D__XEN_TOOLS__"]
# Ours are strict C11.  libxen-dev's hvm/save.h (pulled in by domctl.h)
# refuses strict ISO C because it uses anonymous unions, so stage 2 is gnu11.
STAGE1_STD = ["-std=c11", "-pedantic"]
STAGE2_STD = ["-std=gnu11"]
STANDALONE_EXEMPT = {"io/xs_wire.h", "domctl.h", "sysctl.h"}


class Item:
    def __init__(self, idx, kind, ours, theirs, src):
        self.idx, self.kind, self.ours, self.theirs, self.src = idx, kind, ours, theirs, src
        self.error = None

    def __str__(self):
        return self.src


def parse_tables(paths):
    headers, code, items, skipped = [], [], [], 0
    active = True
    for path in paths:
        for lineno, raw in enumerate(open(path), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = "%s:%d: %s" % (os.path.relpath(path, ROOT), lineno, line)
            kw, _, rest = line.partition(" ")
            rest = rest.strip()
            if kw == "header":
                active = os.path.exists(os.path.join(OURS_PUB, rest))
                if active and rest not in headers:
                    headers.append(rest)
                if not active:
                    print("abi: skipping section %s (no xen/include/public/%s yet)" % (rest, rest))
                continue
            if kw == "code":
                if active:
                    code.append(rest)
                continue
            if kw not in ("size", "field", "offset", "const"):
                sys.exit("%s: unknown keyword %r" % (where, kw))
            if not active:
                skipped += 1
                continue
            ours, sep, theirs = rest.partition(" = ")
            ours = ours.strip()
            theirs = theirs.strip() if sep else ours
            if kw in ("field", "offset"):
                for s in (ours, theirs):
                    if " : " not in s:
                        sys.exit("%s: field needs '<type> : <member>'" % where)
            items.append(Item(len(items), kw, ours, theirs, where))
    return headers, code, items, skipped


def split_field(spec):
    t, _, m = spec.partition(" : ")
    return t.strip(), m.strip()


def stage1_source(headers, code, items):
    lines = ["#include <stdio.h>", "#include <stddef.h>", "#include <stdint.h>"]
    lines += ["#include <public/%s>" % h for h in headers] + code
    lines += ["int main(void)", "{"]
    where = {}
    for it in items:
        where[len(lines) + 1] = it
        n = it.idx
        if it.kind == "size":
            lines.append('    printf("#define OURS_%d_SIZE %%zu\\n#define OURS_%d_ALIGN %%zu\\n", '
                         'sizeof(%s), _Alignof(%s));' % (n, n, it.ours, it.ours))
        elif it.kind == "field":
            t, m = split_field(it.ours)
            lines.append('    printf("#define OURS_%d_OFF %%zu\\n#define OURS_%d_SIZE %%zu\\n", '
                         'offsetof(%s, %s), sizeof(((%s *)0)->%s));' % (n, n, t, m, t, m))
        elif it.kind == "offset":
            t, m = split_field(it.ours)
            lines.append('    printf("#define OURS_%d_OFF %%zu\\n", offsetof(%s, %s));' % (n, t, m))
        else:
            lines.append('    printf("#define OURS_%d_VAL %%lluULL\\n#define OURS_%d_SIZE %%zu\\n", '
                         '(unsigned long long)(%s), sizeof(%s));' % (n, n, it.ours, it.ours))
    lines += ["    return 0;", "}"]
    return "\n".join(lines) + "\n", where


def stage2_source(headers, code, items, ours_h):
    lines = ["#include <stddef.h>", "#include <stdint.h>"]
    lines += ["#include <xen/%s>" % h for h in headers] + code
    lines += ['#include "%s"' % ours_h]
    where = {}
    for it in items:
        where[len(lines) + 1] = it
        n, tag = it.idx, it.src.replace("\\", "\\\\").replace('"', '\\"')
        if it.kind == "size":
            t = it.theirs
            lines.append('_Static_assert(sizeof(%s) == OURS_%d_SIZE && _Alignof(%s) == OURS_%d_ALIGN, '
                         '"size/align differ: %s");' % (t, n, t, n, tag))
        elif it.kind == "field":
            t, m = split_field(it.theirs)
            lines.append('_Static_assert(offsetof(%s, %s) == OURS_%d_OFF && sizeof(((%s *)0)->%s) == '
                         'OURS_%d_SIZE, "offset/size differ: %s");' % (t, m, n, t, m, n, tag))
        elif it.kind == "offset":
            t, m = split_field(it.theirs)
            lines.append('_Static_assert(offsetof(%s, %s) == OURS_%d_OFF, "offset differs: %s");'
                         % (t, m, n, tag))
        else:
            c = it.theirs
            lines.append('_Static_assert((unsigned long long)(%s) == OURS_%d_VAL && sizeof(%s) == '
                         'OURS_%d_SIZE, "value/width differ: %s");' % (c, n, c, n, tag))
    return "\n".join(lines) + "\n", where


def compile_attributing(name, gen, items, args, outdir, stage):
    """Compile the source gen(items) produces; fail items the errors point at.
    Returns (surviving items, path of the source that compiled)."""
    items = list(items)
    src = os.path.join(outdir, name)
    for _ in range(4):
        text, where = gen(items)
        with open(src, "w") as f:
            f.write(text)
        r = subprocess.run([CC] + args + [src], capture_output=True, text=True)
        if r.returncode == 0:
            return items, src
        bad = {}
        for m in re.finditer(re.escape(name) + r":(\d+):(?:\d+:)? *(.*)", r.stderr):
            it = where.get(int(m.group(1)))
            if it is not None and it.idx not in bad:
                bad[it.idx] = m.group(2)
        if not bad:
            sys.stderr.write(r.stderr)
            sys.exit("abi: %s does not compile and the errors point at no item" % src)
        for it in items:
            if it.idx in bad:
                it.error = "%s: %s" % (stage, bad[it.idx])
        items = [it for it in items if it.idx not in bad]
    sys.exit("abi: %s still fails after removing failing items" % src)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "abi"))
    ap.add_argument("--table", action="append",
                    help="table file(s); default abi-list.txt and more-lists/*.txt")
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args()
    tables = a.table or [os.path.join(HERE, "abi-list.txt")] + sorted(
        glob.glob(os.path.join(HERE, "more-lists", "*.txt")))
    os.makedirs(a.out, exist_ok=True)
    headers, code, items, skipped = parse_tables(tables)

    # Stage 1: against our headers.
    exe = os.path.join(a.out, "stage1")
    ok1, _ = compile_attributing(
        "stage1.c", lambda its: stage1_source(headers, code, its), items,
        STAGE1_STD + CFLAGS + ["-I", OURS_INC, "-o", exe], a.out, "ours")
    ours_h = os.path.join(a.out, "ours.h")
    with open(ours_h, "w") as f:
        f.write(subprocess.run([exe], check=True, capture_output=True, text=True).stdout)

    # Stage 2: against libxen-dev, with stage 1's answers.
    ok2, _ = compile_attributing(
        "stage2.c", lambda its: stage2_source(headers, code, its, ours_h), ok1,
        STAGE2_STD + CFLAGS + ["-fsyntax-only"], a.out, "libxen-dev")

    # Every header of ours must also compile on its own, hosted and
    # freestanding (as the hypervisor builds), as strict C11.  Headers owned
    # by other areas are listed in STANDALONE_EXEMPT until their owners
    # take the same rule on (upstream's xs_wire.h expects <stdint.h> first).
    fs = ["-ffreestanding", "-nostdinc", "-isystem",
          subprocess.run([CC, "-print-file-name=include"], capture_output=True,
                         text=True).stdout.strip()]
    for h in sorted(os.path.relpath(p, OURS_PUB) for p in
                    glob.glob(os.path.join(OURS_PUB, "**", "*.h"), recursive=True)
                    if os.path.relpath(p, OURS_PUB) not in STANDALONE_EXEMPT):
        for mode, extra in (("hosted", []), ("freestanding", fs)):
            it = Item(len(items), "standalone", h, h, "standalone %s (%s)" % (h, mode))
            items.append(it)
            src = os.path.join(a.out, "standalone.c")
            with open(src, "w") as f:
                f.write("#include <public/%s>\nint abi_standalone_%d;\n" % (h, it.idx))
            r = subprocess.run([CC] + STAGE1_STD + CFLAGS + extra + ["-I", OURS_INC, "-fsyntax-only", src],
                               capture_output=True, text=True)
            if r.returncode:
                first = [l for l in r.stderr.splitlines() if "error" in l][:1]
                it.error = "does not compile alone: %s" % (first[0] if first else r.stderr.strip())
            else:
                ok2.append(it)

    failed = [it for it in items if it.error]
    for it in failed:
        print("abi: FAIL %s\n       %s" % (it.src, it.error))
    if a.verbose:
        for it in ok2:
            print("abi: ok %s" % it.src)
    if skipped:
        print("abi: %d items skipped (header not written yet)" % skipped)
    print("abi: %d passed, %d failed" % (len(ok2), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Print candidate abi-list.txt lines for one public header.

Helper for extending the conformance table, not part of the build:

    tests/abi/list-from-header.py domctl.h            # from our header
    tests/abi/list-from-header.py --theirs domctl.h   # from libxen-dev's

It lists every struct/union defined in that header with all its (nested)
fields, and every object-like macro in it that is an integer constant
expression.  Review the output and paste the lines you want into
tests/abi/abi-list.txt (or a file under tests/abi/more-lists/).
Needs python3-pycparser.
"""
import os, re, subprocess, sys, tempfile

from pycparser import c_parser, c_ast

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAKE_STDINT = """
typedef signed char int8_t; typedef unsigned char uint8_t;
typedef short int16_t; typedef unsigned short uint16_t;
typedef int int32_t; typedef unsigned int uint32_t;
typedef long int64_t; typedef unsigned long uint64_t;
typedef unsigned long size_t; typedef long ptrdiff_t; typedef unsigned long uintptr_t;
#define NULL ((void *)0)
#define offsetof(t, m) __builtin_offsetof(t, m)
"""


def preprocess(header, theirs, extra):
    tmp = tempfile.mkdtemp()
    for n in ("stdint.h", "stddef.h"):
        with open(os.path.join(tmp, n), "w") as f:
            f.write(FAKE_STDINT)
    src = os.path.join(tmp, "t.c")
    inc = "xen/" if theirs else "public/"
    with open(src, "w") as f:
        f.write("#include <stdint.h>\n#include <%s%s>\n" % (inc, header))
    args = ["gcc", "-E", "-std=c11", "-nostdinc", "-I", tmp, "-D__XEN_TOOLS__"] + extra
    args += ["-I", "/usr/include"] if theirs else ["-I", os.path.join(ROOT, "xen/include")]
    return subprocess.run(args + [src], check=True, capture_output=True, text=True).stdout, tmp


TARGET = None


def own_file(coord_file, header):
    return bool(coord_file) and os.path.realpath(coord_file) == TARGET


def walk(members, prefix, out):
    for d in members or []:
        if d.bitsize is not None:
            continue  # bit-fields have no offset; the struct size covers them
        t = d.type
        while isinstance(t, c_ast.ArrayDecl):
            t = t.type
        inner = t.type if isinstance(t, c_ast.TypeDecl) else None
        anon_type = isinstance(inner, (c_ast.Struct, c_ast.Union)) and inner.decls is not None
        if d.name is None:
            if isinstance(d.type, (c_ast.Struct, c_ast.Union)):
                walk(d.type.decls, prefix, out)
            continue
        path = prefix + d.name
        flex = isinstance(d.type, c_ast.ArrayDecl) and d.type.dim is None
        out.append(("offset " if flex else "") + path)
        if anon_type and not isinstance(d.type, c_ast.ArrayDecl):
            walk(inner.decls, path + ".", out)


def main():
    argv = sys.argv[1:]
    theirs = "--theirs" in argv
    argv = [a for a in argv if a != "--theirs"]
    header = argv[0]
    global TARGET
    TARGET = os.path.realpath(os.path.join("/usr/include/xen" if theirs else
                                           os.path.join(ROOT, "xen/include/public"), header))
    text, tmp = preprocess(header, theirs, [])
    # Drop GNU-isms pycparser does not know; our headers avoid them.
    text = re.sub(r"__attribute__\s*\(\(.*?\)\)", "", text)
    ast = c_parser.CParser().parse(text, filename="<pp>")
    print("header %s" % header)
    seen = set()
    for ext in ast.ext:
        if not own_file(ext.coord.file if ext.coord else None, header):
            continue
        ty = ext.type
        name = None
        if isinstance(ext, c_ast.Typedef):
            inner = ty.type if isinstance(ty, c_ast.TypeDecl) else None
            if isinstance(inner, (c_ast.Struct, c_ast.Union)) and inner.decls is not None and inner.name is None:
                name, decls = ext.name, inner.decls
        elif isinstance(ext, c_ast.Decl) and isinstance(ty, (c_ast.Struct, c_ast.Union)) and ty.decls is not None:
            name = ("struct " if isinstance(ty, c_ast.Struct) else "union ") + ty.name
            decls = ty.decls
        if not name or name in seen or name.startswith("__guest_handle"):
            continue
        seen.add(name)
        fields = []
        walk(decls, "", fields)
        print("size %s" % name)
        for f in fields:
            if f.startswith("offset "):
                print("offset %s : %s" % (name, f[7:]))
            else:
                print("field %s : %s" % (name, f))
    # Constants: object-like macros defined in this very header.
    dd, _ = preprocess(header, theirs, ["-dD"])
    cur, names = None, []
    for line in dd.splitlines():
        m = re.match(r'# \d+ "([^"]+)"', line)
        if m:
            cur = m.group(1)
            continue
        m = re.match(r"#define ([A-Za-z_]\w*)(\s|$)", line)
        if m and '"' in line:
            continue  # string constants are not compared
        if m and own_file(cur, header) and not m.group(1).startswith("XENOLITH_") \
                and not re.match(r"__XEN_PUBLIC_|XENOLITH_PUBLIC_", m.group(1)):
            names.append(m.group(1))
    src = os.path.join(tmp, "c.c")
    with open(src, "w") as f:
        f.write("#include <stdint.h>\n#include <%s%s>\n" % ("xen/" if theirs else "public/", header))
        base = 3
        for n in names:
            f.write('_Static_assert((unsigned long long)(%s) || 1, "");\n' % n)
    inc = ["-I", "/usr/include"] if theirs else ["-I", os.path.join(ROOT, "xen/include")]
    r = subprocess.run(["gcc", "-std=c11", "-fsyntax-only", "-D__XEN_TOOLS__", "-nostdinc", "-I", tmp]
                       + inc + [src], capture_output=True, text=True)
    bad = {int(m.group(1)) for m in re.finditer(r"c\.c:(\d+):", r.stderr)}
    for i, n in enumerate(names):
        if base + i not in bad:
            print("const %s" % n)


if __name__ == "__main__":
    main()

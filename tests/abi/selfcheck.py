#!/usr/bin/env python3
"""Negative self-check for the ABI conformance test.

Runs the checker on the real table plus tests/abi/selfcheck-bad.txt, whose
entries are deliberately wrong, and requires that
  1. every bad entry is reported as failed, and nothing else is, and
  2. the generated stage-2 file, compiled as is by the C compiler (with all
     items, i.e. before the checker drops failing ones), is rejected:
     the _Static_asserts themselves fail the build.
Prints `abi-selfcheck: N passed, N failed`.
"""
import argparse, glob, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import abicheck  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--out", default=os.path.join(abicheck.ROOT, "build", "abi", "selfcheck"))
a = ap.parse_args()
os.makedirs(a.out, exist_ok=True)
bad_table = os.path.join(HERE, "selfcheck-bad.txt")
tables = [os.path.join(HERE, "abi-list.txt")] + sorted(
    glob.glob(os.path.join(HERE, "more-lists", "*.txt"))) + [bad_table]
nbad = sum(1 for l in open(bad_table) if re.match(r"(size|field|offset|const) ", l))

passed = failed = 0
def check(ok, what):
    global passed, failed
    print("abi-selfcheck: %s %s" % ("ok  " if ok else "FAIL", what))
    if ok:
        passed += 1
    else:
        failed += 1

cmd = [sys.executable, os.path.join(HERE, "abicheck.py"), "--out", a.out]
for t in tables:
    cmd += ["--table", t]
r = subprocess.run(cmd, capture_output=True, text=True)
fails = [l for l in r.stdout.splitlines() if l.startswith("abi: FAIL ")]
check(r.returncode != 0, "checker exits non-zero with wrong entries")
check(len(fails) == nbad and all("selfcheck-bad.txt" in l for l in fails),
      "exactly the %d wrong entries fail (got %d)" % (nbad, len(fails)))
m = re.search(r"abi: (\d+) passed, (\d+) failed", r.stdout)
check(bool(m) and int(m.group(2)) == nbad, "summary counts them: %s" % (m.group(0) if m else "none"))

# Compile the full stage 2 (every item, none dropped) straight with gcc.
headers, code, items, _ = abicheck.parse_tables(tables)
ours_h = os.path.join(a.out, "ours.h")
# Stage 1 values for the items that exist on our side were produced above;
# items missing on our side have no OURS_ value and fail too.
text, _ = abicheck.stage2_source(headers, code, items, ours_h)
src = os.path.join(a.out, "stage2-all.c")
open(src, "w").write(text)
g = subprocess.run([abicheck.CC] + abicheck.STAGE2_STD + abicheck.CFLAGS + ["-fsyntax-only", src],
                   capture_output=True, text=True)
asserts = len(re.findall(r"static assertion failed", g.stderr))
check(g.returncode != 0 and asserts >= 1,
      "gcc rejects the unfiltered stage 2 (%d static assertion(s) failed)" % asserts)
print("abi-selfcheck: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)

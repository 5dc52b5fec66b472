#!/usr/bin/env python3
"""report.py DIR - print every build/bench/*.json summary as a table and
write them together to DIR/all.json."""
import json
import os
import sys


def main():
    d = sys.argv[1]
    allres = {}
    for f in sorted(os.listdir(d)):
        if not f.endswith(".json") or f == "all.json":
            continue
        with open(os.path.join(d, f)) as fh:
            res = json.load(fh)
        allres[f[:-5]] = res
        print("== %s (median [min..max] seconds, n runs)" % res.get("bench", f))
        for hv, row in res.get("hypervisors", {}).items():
            print("  %-9s %d/%d runs ok" % (hv, row["ok_runs"], row["runs"]))
            for k, v in row["seconds"].items():
                print("    %-16s %7.3f [%.3f..%.3f] n=%d" % (k, v["median"], v["min"], v["max"], v["n"]))
        for k, v in res.get("ratio_xenolith_to_xen417", {}).items():
            print("  ratio xenolith/xen417 %-16s %.3f" % (k, v))
    with open(os.path.join(d, "all.json"), "w") as fh:
        json.dump(allres, fh, indent=2)
    print("JSON: %s" % os.path.join(d, "all.json"))


if __name__ == "__main__":
    main()

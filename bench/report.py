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
        print("== %s (median [min..max], n runs; %s)" % (res.get("bench", f), res.get("unit", "seconds")))
        for hv, row in res.get("hypervisors", {}).items():
            print("  %-9s %d/%d runs ok" % (hv, row["ok_runs"], row["runs"]))
            # Every figure group of the row ("seconds", "ns_per_op", ...).
            for group, figs in row.items():
                if not isinstance(figs, dict):
                    continue
                for k, v in figs.items():
                    print("    %-10s %-22s %10.3f [%.3f..%.3f] n=%d" % (group, k, v["median"], v["min"], v["max"], v["n"]))
        for rk, ratios in res.items():
            if rk.startswith("ratio_"):
                for k, v in ratios.items():
                    print("  %s %-22s %.3f" % (rk[6:].replace("_to_", "/"), k, v))
    with open(os.path.join(d, "all.json"), "w") as fh:
        json.dump(allres, fh, indent=2)
    print("JSON: %s" % os.path.join(d, "all.json"))


if __name__ == "__main__":
    main()

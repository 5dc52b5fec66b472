#!/usr/bin/env python3
"""guests_summary.py DIR - fold the per-run JSON files of bench/guests.sh
(named HV-N.json, each {"name", "ok", "ops": {op: {"ns_per_op",
"cycles_per_op"}}}) into one JSON object: per hypervisor and operation the
median, min and max ns per op over the successful runs, and the ratio of
Xenolith's median to Xen 4.17's (above 1 = Xenolith is slower)."""
import json
import os
import statistics
import sys


def main():
    d = sys.argv[1]
    per_hv = {}
    for f in sorted(os.listdir(d)):
        if f.endswith(".json"):
            with open(os.path.join(d, f)) as fh:
                per_hv.setdefault(f.rsplit("-", 1)[0], []).append(json.load(fh))
    rows = {}
    for hv, runs in per_hv.items():
        good = [r for r in runs if r.get("ok")]
        ops = {}
        for r in good:
            for op, v in r["ops"].items():
                ops.setdefault(op, []).append(v["ns_per_op"])
        rows[hv] = {"runs": len(runs), "ok_runs": len(good),
                    "ns_per_op": {op: {"median": round(statistics.median(v), 2),
                                       "min": min(v), "max": max(v), "n": len(v)}
                                  for op, v in sorted(ops.items())}}
    ratios = {}
    if "xen417" in rows and "xenolith" in rows:
        for op, v in rows["xenolith"]["ns_per_op"].items():
            ref = rows["xen417"]["ns_per_op"].get(op)
            if ref and ref["median"] > 0:
                ratios[op] = round(v["median"] / ref["median"], 3)
    json.dump({"bench": "guests", "unit": "ns per operation, median of runs",
               "hypervisors": rows, "ratio_xenolith_to_xen417": ratios},
              sys.stdout, indent=2)
    print()
    return 0 if all(r["ok_runs"] > 0 for r in rows.values()) and rows else 1


if __name__ == "__main__":
    sys.exit(main())

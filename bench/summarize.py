#!/usr/bin/env python3
"""summarize.py KIND DIR - fold raw per-run JSON files (as written by
tests/lib/qemu_harness.py --timeline-json, named HV-N.json) into one JSON
object: for every hypervisor and marker, the median, min, max and number of
successful runs, plus ratios of Xenolith's medians to Xen 4.17's."""
import json
import os
import statistics
import sys


def main():
    kind, d = sys.argv[1], sys.argv[2]
    per_hv = {}
    for f in sorted(os.listdir(d)):
        if not f.endswith(".json"):
            continue
        hv = f.rsplit("-", 1)[0]
        with open(os.path.join(d, f)) as fh:
            run = json.load(fh)
        per_hv.setdefault(hv, []).append(run)
    rows = {}
    for hv, runs in per_hv.items():
        good = [r for r in runs if r.get("ok")]
        markers = {}
        for r in good:
            for k, v in r["times"].items():
                markers.setdefault(k, []).append(v)
        rows[hv] = {
            "runs": len(runs), "ok_runs": len(good),
            "seconds": {k: {"median": round(statistics.median(v), 3),
                            "min": min(v), "max": max(v), "n": len(v)}
                        for k, v in markers.items()},
        }
    ratios = {}
    if "xen417" in rows and "xenolith" in rows:
        for k, v in rows["xenolith"]["seconds"].items():
            ref = rows["xen417"]["seconds"].get(k)
            if ref and ref["median"] > 0:
                ratios[k] = round(v["median"] / ref["median"], 3)
    json.dump({"bench": kind, "hypervisors": rows, "ratio_xenolith_to_xen417": ratios},
              sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""xenstore_summary.py LOG... - fold the XENOLITH-BENCH lines of
bench/xenstore.sh boots (serial logs) into one JSON object on stdout.

Per daemon ("ours", "c_xenstored", "oxenstored", and any "ours_X" build
that bench/xenstore.sh's XSB_VARIANTS added): runs, ok_runs, and for each
figure the median, min, max and n over reps:
  ops_per_s   read/write/directory/transaction10 at 1, 10, 100 clients
              (key "OP_cN"; transaction10 counts whole transactions)
  latency_us  watch event after a write, median per run ("watch_cN")
  memory_kb   resident set after 100,000 nodes, the growth, and that plus
              the daemon's files in /var/lib/xenstored (tmpfs, so RAM)
Ratios ours/C and ours/O (and ours_X/C, ours_X/O): medians divided by
medians; above 1 is better for ops_per_s, below 1 is better for latency
and memory.  A figure from a run in which any of its operations failed is
left out (counted in "figures_left_out_for_failures"); "n" says how many
runs each median has."""
import json
import re
import statistics
import sys

DAEMONS = ["ours", "c_xenstored", "oxenstored"]


def stats(v):
    return {"median": round(statistics.median(v), 1), "min": min(v), "max": max(v), "n": len(v)}


def main():
    per = {}

    def new_daemon():
        return {"ops_per_s": {}, "latency_us": {}, "memory_kb": {}, "reps": set(), "bad": set(),
                "failed_figures": 0}
    files = {}
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.search(r"XENOLITH-BENCH (\{.*\})", line)
                if not m:
                    continue
                try:
                    r = json.loads(m.group(1))
                except ValueError:
                    continue
                name = r.get("daemon")
                if name not in DAEMONS and not str(name).startswith("ours_"):
                    continue
                d = per.setdefault(name, new_daemon())
                d["reps"].add((path, r["rep"]))
                op = r["op"]
                # A figure whose run had failed operations is left out (not
                # the rep's other figures); rep marks which entries those are.
                failed = bool(r.get("failures", 0) or r.get("errors", 0))
                rep = (path, r["rep"], op, r.get("clients"))
                if failed:
                    d["bad"].add(rep)
                    d["failed_figures"] += 1
                if op == "watch_latency":
                    d["latency_us"].setdefault("watch_c%d" % r["clients"], []).append((rep, r["latency_us_median"]))
                elif op == "fill":
                    d["memory_kb"].setdefault("rss_after_100k", []).append((rep, r["rss_kb_after"]))
                    d["memory_kb"].setdefault("rss_growth_100k", []).append((rep, r["rss_kb_after"] - r["rss_kb_before"]))
                    d["ops_per_s"].setdefault("fill_pipelined", []).append((rep, r["ops_per_s"]))
                    key = (r["daemon"], path, r["rep"])
                    files[key] = files.get(key, 0) + r["rss_kb_after"]
                    if failed:
                        d["bad"].add(key)
                elif op == "db_files":
                    key = (r["daemon"], path, r["rep"])
                    files[key] = files.get(key, 0) + r["kb"]
                    d["memory_kb"].setdefault("db_files", []).append((rep, r["kb"]))
                elif "ops_per_s" in r:
                    d["ops_per_s"].setdefault("%s_c%d" % (op, r["clients"]), []).append((rep, r["ops_per_s"]))
    for (dn, path, rn), kb in files.items():
        per[dn]["memory_kb"].setdefault("rss_plus_files", []).append(((dn, path, rn), kb))
    rows = {}
    for dn, d in per.items():
        if not d["reps"]:
            continue
        rows[dn] = {"runs": len(d["reps"]), "figures_left_out_for_failures": d["failed_figures"]}
        for k in ("ops_per_s", "latency_us", "memory_kb"):
            rows[dn][k] = {}
            for name, v in sorted(d[k].items()):
                good = [x for rep, x in v if rep not in d["bad"]]
                if good:
                    rows[dn][k][name] = stats(good)
    out = {"bench": "xenstore",
           "unit": "ops_per_s (higher is better), latency_us and memory_kb (lower is better); "
                   "median over reps; all daemons in the same dom0 on Xen 4.17 under QEMU, socket transport",
           "hypervisors": rows}
    for mine in sorted(d for d in rows if d == "ours" or d.startswith("ours_")):
        for other in ("c_xenstored", "oxenstored"):
            if other not in rows:
                continue
            rat = {}
            for k in ("ops_per_s", "latency_us", "memory_kb"):
                for name, v in rows[mine][k].items():
                    ref = rows[other][k].get(name)
                    if ref and ref["median"]:
                        rat[name] = round(v["median"] / ref["median"], 3)
            out["ratio_%s_to_%s" % (mine, other)] = rat
    json.dump(out, sys.stdout, indent=2)
    print()
    return 0 if rows and all(r["ops_per_s"] for r in rows.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""guest-kernel_summary.py DIR - fold bench/guest-kernel.sh's results into
one JSON object for bench/report.py.

DIR holds, per kernel K (debian, minimal), K.images (the bzImage and vmlinux
paths on one line) and K.json (bench/boot-timeline.sh's summary with that
kernel as dom0).  Rows are "HV-K": the boot-timeline seconds per marker and
the image sizes in bytes; ratio_minimal_to_debian gives minimal/debian for
the sizes and for each hypervisor's median time to dom0's first line and
to its /init."""
import json
import os
import sys

KERNELS = ("debian", "minimal")


def main():
    d = sys.argv[1]
    rows, sizes = {}, {}
    for k in KERNELS:
        images = os.path.join(d, k + ".images")
        if not os.path.isfile(images):
            continue
        with open(images) as fh:
            bz, elf = fh.read().split()
        sizes[k] = {n: os.path.getsize(p) for n, p in (("bzImage", bz), ("vmlinux", elf))}
        size_figs = {n: {"median": v, "min": v, "max": v, "n": 1} for n, v in sizes[k].items()}
        timeline = os.path.join(d, k + ".json")
        hvs = {}
        if os.path.isfile(timeline):
            with open(timeline) as fh:
                hvs = json.load(fh).get("hypervisors", {})
        for hv, row in hvs.items():
            rows["%s-%s" % (hv, k)] = dict(row, bytes=size_figs)
    ratios = {}
    if all(k in sizes for k in KERNELS):
        for n in ("bzImage", "vmlinux"):
            ratios[n + " size"] = round(sizes["minimal"][n] / sizes["debian"][n], 3)
    for hv in sorted({r.rsplit("-", 1)[0] for r in rows}):
        deb, mini = rows.get(hv + "-debian"), rows.get(hv + "-minimal")
        if not deb or not mini:
            continue
        for m in ("dom0_linux", "dom0_init"):
            a, b = deb["seconds"].get(m), mini["seconds"].get(m)
            if a and b and a["median"] > 0:
                ratios["%s %s" % (hv, m)] = round(b["median"] / a["median"], 3)
    json.dump({"bench": "guest-kernel", "hypervisors": rows,
               "ratio_minimal_to_debian": ratios}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()

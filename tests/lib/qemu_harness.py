#!/usr/bin/env python3
"""qemu_harness.py - boot a hypervisor image plus multiboot modules in QEMU
and decide pass/fail from the markers the guest prints.

A run passes only when every --expect pattern appeared (in the given order),
every --result KEY=VALUE was reported as a "XENOLITH-RESULT KEY=VALUE" line,
no --fail pattern appeared, and QEMU ended by itself (power-off or
isa-debug-exit) with an accepted exit status before the timeout.  A run is
never judged a pass from the absence of errors alone.

The serial log of every run is written to build/logs/NAME.log with each
line prefixed by host seconds since QEMU started; a failed run prints the
path and the last lines.  --timeline NAME=REGEX records when a pattern
first appeared and prints the times as JSON (for make bench).

With --interactive, QEMU gets the terminal (-nographic) and nothing is
checked: this is `make run`.
"""
import argparse
import functools
import json
import os
import re
import select
import signal
import subprocess
import sys
import time

print = functools.partial(print, flush=True)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.environ.get("XENOLITH_CACHE", os.path.expanduser("~/.cache/xenolith"))

# What each hypervisor is called and where its image is.
HV_IMAGES = {
    "xen417": os.path.join(CACHE, "xen417", "xen"),
    "xenolith": os.path.join(ROOT, "xen", "xen"),
}

# Lines that always fail a run, whatever the scenario expects.
DEFAULT_FAIL = [
    r"Kernel panic",
    r"\bOops\b",
    r"\bBUG: ",
    r"------------\[ cut here \]------------",
    r"\(XEN\) Panic on CPU",
    r"\*\*\*\* PANIC",
    r"Xenolith panic",
]


def module_arg(path, args):
    """One -initrd module: 'path args', with QEMU's comma escaping."""
    s = path if not args else path + " " + args
    return s.replace(",", ",,")


def build_cmd(a):
    hv = a.hv_image or HV_IMAGES[a.hv]
    for f in [hv] + [m.split(" ", 1)[0] for m in a.module]:
        if not os.path.isfile(f):
            sys.exit("qemu_harness: missing file %s (run make, or scripts/fetch-assets.sh)" % f)
    cmd = ["qemu-system-x86_64", "-machine", "q35", "-m", str(a.mem),
           "-smp", str(a.smp), "-cpu", a.cpu, "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
           "-kernel", hv, "-append", a.hv_args]
    if a.interactive:
        cmd += ["-nographic"]
    else:
        cmd += ["-display", "none", "-serial", "stdio", "-monitor", "none"]
    if a.module:
        mods = []
        for m in a.module:
            path, _, args = m.partition(" ")
            mods.append(module_arg(path, args))
        cmd += ["-initrd", ",".join(mods)]
    if os.environ.get("QEMU_EXTRA"):
        cmd += os.environ["QEMU_EXTRA"].split()
    return cmd


class Run:
    def __init__(self, a):
        self.a = a
        self.expect = [re.compile(p) for p in a.expect]
        self.fail = [re.compile(p) for p in (a.fail + ([] if a.no_default_fail else DEFAULT_FAIL))]
        self.stop = re.compile(a.stop_on) if a.stop_on else None
        self.timeline = []
        for t in a.timeline:
            name, _, pat = t.partition("=")
            self.timeline.append((name, re.compile(pat)))
        self.times = {}
        self.next_expect = 0
        self.results = {}
        self.failures = []
        self.stop_seen_at = None
        self.fail_seen_at = None

    def line(self, t, text):
        for name, pat in self.timeline:
            if name not in self.times and pat.search(text):
                self.times[name] = round(t, 3)
        if self.next_expect < len(self.expect) and self.expect[self.next_expect].search(text):
            self.next_expect += 1
        m = re.search(r"XENOLITH-RESULT (\S+?)=(.*)$", text)
        if m:
            self.results[m.group(1)] = m.group(2).strip()
        for pat in self.fail:
            if pat.search(text):
                self.failures.append("forbidden line: %s" % text.strip())
                if self.fail_seen_at is None:
                    self.fail_seen_at = t
        if self.stop and self.stop_seen_at is None and self.stop.search(text):
            self.stop_seen_at = t


def run(a):
    os.makedirs(os.path.dirname(a.log), exist_ok=True)
    cmd = build_cmd(a)
    if a.interactive:
        os.execvp(cmd[0], cmd)
    r = Run(a)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)

    # QEMU runs in its own session (so a Ctrl-C aimed at the guest does not
    # reach it); a harness that is killed must not leave it running.
    def kill_qemu(signum, _frame):
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        sys.exit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, kill_qemu)
    buf = b""
    timed_out = False
    # Line-buffered, so a log read during a run shows where the run is.
    with open(a.log, "w", encoding="utf-8", errors="replace", buffering=1) as log:
        log.write("# %s\n" % " ".join(cmd))
        fd = p.stdout.fileno()
        while True:
            now = time.monotonic() - t0
            if now > a.timeout:
                timed_out = True
                break
            if r.stop_seen_at is not None and now > r.stop_seen_at + a.stop_grace:
                break
            # A run that has already failed need not wait for its timeout;
            # a few more seconds of log help whoever reads it.
            if r.fail_seen_at is not None and now > r.fail_seen_at + a.fail_grace:
                break
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                if p.poll() is not None:
                    break
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                text = raw.decode("utf-8", "replace").rstrip("\r")
                t = time.monotonic() - t0
                log.write("[%8.3f] %s\n" % (t, text))
                r.line(t, text)
        if buf:
            text = buf.decode("utf-8", "replace").rstrip("\r")
            log.write("[%8.3f] %s\n" % (time.monotonic() - t0, text))
            r.line(time.monotonic() - t0, text)
    if not timed_out and r.stop_seen_at is None:
        # Output ended: QEMU closes the serial line just before it exits.
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    stopped_by_us = p.poll() is None
    if stopped_by_us:
        os.killpg(p.pid, signal.SIGKILL)
    rc = p.wait()
    elapsed = time.monotonic() - t0

    problems = list(r.failures)
    if timed_out:
        problems.append("timed out after %d s" % a.timeout)
    elif not stopped_by_us and rc not in a.ok_exit:
        problems.append("QEMU exited with status %d (accepted: %s)" %
                        (rc, ",".join(map(str, a.ok_exit))))
    elif stopped_by_us and r.stop_seen_at is None and not r.failures:
        problems.append("QEMU output ended but QEMU did not exit")
    if r.next_expect < len(r.expect):
        problems.append("never saw expected line /%s/" % a.expect[r.next_expect])
    for kv in a.result:
        k, _, v = kv.partition("=")
        got = r.results.get(k)
        if got is None:
            problems.append("no result %s reported" % k)
        elif got != v:
            problems.append("result %s is '%s', expected '%s'" % (k, got, v))
    for name, _ in r.timeline:
        if name not in r.times and a.timeline_required:
            problems.append("timeline marker %s never appeared" % name)

    if a.timeline_json:
        with open(a.timeline_json, "w") as f:
            json.dump({"name": a.name, "ok": not problems, "elapsed": round(elapsed, 3),
                       "times": r.times}, f)
    if problems:
        print("FAIL %s (%.1f s): %s" % (a.name, elapsed, "; ".join(problems[:5])))
        print("  serial log: %s" % a.log)
        with open(a.log, encoding="utf-8", errors="replace") as f:
            tail = f.readlines()[-a.tail:]
        for l in tail:
            print("  | " + l.rstrip("\n"))
        return 1
    print("PASS %s (%.1f s)" % (a.name, elapsed))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--name", default="qemu-run", help="test name, also the log file name")
    ap.add_argument("--hv", choices=sorted(HV_IMAGES), default=os.environ.get("HV", "xen417"))
    ap.add_argument("--hv-image", help="hypervisor image (default: by --hv)")
    ap.add_argument("--hv-args", default="console=com1 com1=115200 noreboot",
                    help="hypervisor command line")
    ap.add_argument("--module", action="append", default=[],
                    help="multiboot module 'PATH ARGS' (repeat; first is dom0's kernel)")
    ap.add_argument("--cpu", default="max,-smap")
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--mem", type=int, default=2048, help="MiB")
    ap.add_argument("--timeout", type=int, default=180, help="seconds")
    ap.add_argument("--expect", action="append", default=[], help="regex that must appear (in order)")
    ap.add_argument("--result", action="append", default=[], help="KEY=VALUE a XENOLITH-RESULT line must report")
    ap.add_argument("--fail", action="append", default=[], help="regex that fails the run")
    ap.add_argument("--no-default-fail", action="store_true")
    ap.add_argument("--stop-on", help="regex after which QEMU is stopped (after --stop-grace s)")
    ap.add_argument("--stop-grace", type=float, default=2.0)
    ap.add_argument("--fail-grace", type=float, default=5.0,
                    help="seconds of log kept after a forbidden line before QEMU is stopped")
    ap.add_argument("--ok-exit", type=lambda s: [int(x) for x in s.split(",")], default=[0],
                    help="accepted QEMU exit statuses (isa-debug-exit gives value*2+1)")
    ap.add_argument("--timeline", action="append", default=[], help="NAME=REGEX to time")
    ap.add_argument("--timeline-required", action="store_true")
    ap.add_argument("--timeline-json", help="write times as JSON here")
    ap.add_argument("--log", help="serial log path (default build/logs/NAME.log)")
    ap.add_argument("--tail", type=int, default=30, help="log lines shown on failure")
    ap.add_argument("--interactive", action="store_true", help="give QEMU the terminal (make run)")
    a = ap.parse_args()
    if not a.log:
        a.log = os.path.join(ROOT, "build", "logs", a.name + ".log")
    sys.exit(run(a))


if __name__ == "__main__":
    main()

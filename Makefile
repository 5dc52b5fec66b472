# Xenolith top-level Makefile.
#
#   make            build everything (hypervisor xen/xen and xen/xen.gz, tools)
#   make run        set up, build and boot in QEMU with a Linux dom0 shell
#   make test       set up, build and run every suite (ends "N passed, N failed")
#   make test-NAME  one suite: setup unit abi reference reference-xenolith
#                   guests guests-xenolith xen xenstore toolstack toolstack-xenolith
#                   console devices balloon save
#   make bench      benchmarks (JSON + table under build/bench/)
#   make fuzz       fuzz targets (FUZZ_SECONDS=600 by default)
#   make guest-kernel   the small PV guest kernel (guest-linux-patches/)
#   make test-minimal   reference and toolstack suites with that kernel
#
# HV=xen417|xenolith chooses the hypervisor for scenario suites and `run`.
# XENOLITH_CACHE (default ~/.cache/xenolith) holds downloaded assets.

SHELL := /bin/bash
# `make run` boots Xenolith unless HV says otherwise; the scenario suites
# default to the reference and run on Xenolith through their -xenolith twins.
ifeq ($(filter command line environment environment override,$(origin HV)),)
RUN_HV := xenolith
else
RUN_HV := $(HV)
endif
export HV ?= xen417
HERE := $(CURDIR)

# Parts built when their folder has a Makefile (they arrive one by one).
XEN_DIR   := $(wildcard xen/Makefile)
TOOL_DIRS := $(patsubst %/Makefile,%,$(wildcard tools/xenstore/Makefile tools/xenstored/Makefile tools/savefmt/Makefile \
               tools/libxl/Makefile tools/xl/Makefile tools/xenconsoled/Makefile tools/xenconsole/Makefile))

# The suites `make test` runs, in order: set-up and host tests, the
# reference (Debian's Xen 4.17), our hypervisor, then the dom0 scenarios.
SUITES := setup unit abi reference guests xen guests-xenolith reference-xenolith \
          xenstore toolstack toolstack-xenolith console devices balloon save

.PHONY: all deps assets xen tools unit-bins run test bench fuzz clean help \
        $(addprefix test-,$(SUITES)) bench-reference bench-footprint bench-guests bench-xenstore bench-toolstack bench-save \
        guest-kernel test-minimal bench-guest-kernel

all: xen tools unit-bins

help:
	@sed -n '3,15p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@scripts/deps.sh

assets: deps
	@scripts/fetch-assets.sh kernel busybox xen417

xen:
ifneq ($(XEN_DIR),)
	$(MAKE) -C xen
endif

tools:
	@set -e; for d in $(TOOL_DIRS); do $(MAKE) -C $$d; done

unit-bins:
	$(MAKE) -f tests/unit/Makefile all

run: deps assets all
	@HV=$(RUN_HV) scripts/run.sh

test: deps assets
	@$(MAKE) --no-print-directory all
	@scripts/run-suites.sh $(SUITES)

test-setup:
	@tests/setup/run.sh

test-unit:
	@$(MAKE) --no-print-directory -f tests/unit/Makefile run

test-abi:
	@tests/abi/run.sh --selfcheck >/dev/null || { echo "abi: self-check failed (tests/abi/run.sh --selfcheck)"; exit 1; }
	@tests/abi/run.sh

test-reference:
	@tests/reference/run.sh

# The same scenario on our hypervisor (-cpu max and max,-smap).
test-reference-xenolith: xen
	@HV=xenolith SKIP_NEGATIVE=1 tests/reference/run.sh

test-guests:
	@tests/guests/run.sh

# The same microkernels on our hypervisor, under -cpu max and max,-smap.
test-guests-xenolith: xen
	@HV=xenolith tests/guests/run.sh

test-xen: xen
	@tests/xen/run.sh

test-xenstore: tools
	@tests/xenstore/run.sh

test-devices:
	@tests/e2e/devices/run.sh

test-console: tools
	@tests/e2e/console/run.sh

test-toolstack: tools
	@tests/e2e/toolstack/run.sh

# Our xl, with Debian's daemons, driving domUs on our hypervisor.
test-toolstack-xenolith: tools xen
	@HV=xenolith tests/e2e/toolstack/run.sh

test-save: tools
	@tests/e2e/save/run.sh

test-balloon: tools
	@tests/e2e/balloon/run.sh

# The small guest kernel takes minutes to build, so `make test` never builds
# it: test-minimal is the opt-in run of the Linux suites with it as dom0
# and domU (GUEST_KERNEL=minimal, see tests/lib/scenario.sh).
guest-kernel: deps
	@scripts/fetch-assets.sh linux-source
	@$(MAKE) --no-print-directory -C guest-linux-patches

test-minimal: deps assets guest-kernel
	@$(MAKE) --no-print-directory all
	@GUEST_KERNEL=minimal scripts/run-suites.sh reference reference-xenolith toolstack

# Every bench runs even if one fails; the report prints what was measured.
BENCHES := reference footprint guests xenstore toolstack guest-kernel save devices
bench: deps assets all
	@for b in $(BENCHES); do $(MAKE) --no-print-directory bench-$$b || echo "bench-$$b failed"; done; \
	    bench/report.py build/bench

bench-reference:
	@bench/boot-timeline.sh

bench-footprint:
	@bench/footprint.sh

bench-guests:
	@bench/guests.sh

bench-xenstore: tools
	@bench/xenstore.sh

bench-toolstack: tools
	@bench/toolstack.sh | tee build/bench/toolstack.txt

bench-save: tools
	@bench/save.sh

# Disk and network throughput of a domU, ours beside Debian's xl.
bench-devices: tools
	@mkdir -p build/bench; bench/devices.sh | tee build/bench/devices.txt

bench-guest-kernel: guest-kernel
	@bench/guest-kernel.sh

fuzz:
	@scripts/deps.sh fuzz
	@set -e; for d in $(wildcard tests/fuzz/*/Makefile); do \
	    $(MAKE) -C $$(dirname $$d) run FUZZ_SECONDS=$${FUZZ_SECONDS:-600}; done

clean:
	rm -rf build
ifneq ($(XEN_DIR),)
	$(MAKE) -C xen clean
endif
	@for d in $(TOOL_DIRS); do $(MAKE) -C $$d clean; done

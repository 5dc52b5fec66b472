# Decompressor unit tests (xen/common/decompress): round trips against the
# host's xz/gzip/lz4/zstd, hostile inputs, the bzImage header, and the real
# Debian kernel when the asset cache has it.  Also a throughput bench built
# at -O2 without sanitizers: make -f tests/unit/Makefile decompress-bench
DC_DIR  := xen/common/decompress
DC_SRCS := $(sort $(wildcard $(DC_DIR)/*.c))
DC_HDRS := $(wildcard $(DC_DIR)/*.h) xen/include/xen/decompress.h
DC_TEST := tests/unit/decompress
DC_DEPS := $(DC_TEST)/helpers.c $(DC_TEST)/helpers.h $(DC_SRCS) $(DC_HDRS) \
           $(UNIT_MAIN) $(UNIT_XENLIB)
DC_LINK  = $(CC) $(UNIT_CFLAGS) -I$(DC_TEST) -o $@ $(filter %.c,$^) $(UNIT_LDFLAGS)

UNIT_BINS += $(UB)/test_dc_xz
$(UB)/test_dc_xz: $(DC_TEST)/test_xz.c $(DC_DEPS) | $(UB)
	$(DC_LINK)

ifneq ($(wildcard $(DC_TEST)/test_gzip.c),)
UNIT_BINS += $(UB)/test_dc_formats
endif
$(UB)/test_dc_formats: $(wildcard $(DC_TEST)/test_gzip.c $(DC_TEST)/test_lz4.c \
                       $(DC_TEST)/test_zstd.c $(DC_TEST)/test_dispatch.c) \
                       $(DC_DEPS) | $(UB)
	$(DC_LINK)

UNIT_BINS += $(UB)/test_dc_kernel
$(UB)/test_dc_kernel: $(DC_TEST)/test_kernel.c $(DC_DEPS) | $(UB)
	$(DC_LINK)

decompress-bench: $(UB)/decompress_bench
	$(UB)/decompress_bench
$(UB)/decompress_bench: $(DC_TEST)/bench.c $(DC_SRCS) $(UNIT_XENLIB) $(DC_HDRS) | $(UB)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -DXEN_HOST_TEST -Ixen/include \
	      -o $@ $(filter %.c,$^)

.PHONY: decompress-bench

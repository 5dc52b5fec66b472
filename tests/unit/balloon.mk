# Balloon unit tests: the memory size syntax and the mem-set/mem-max
# checks of tools/libxl/libxl_mem.c (which links against libxl.c, hv.c
# and libxenstore, as the other toolstack tests do).
UNIT_BINS += $(UB)/test_ts_mem
$(UB)/test_ts_mem: tests/unit/balloon/test_mem.c tools/libxl/libxl_mem.c \
                   tools/libxl/libxl.c tools/libxl/hv.c $(UNIT_MAIN) \
                   tools/xenstore/libxenstore.a tools/libxl/libxl_internal.h | $(UB)
	$(CC) $(UNIT_CFLAGS) -Itools/libxl -Itools/xenstore/include \
	      -D__XEN_TOOLS__ -o $@ $(filter %.c %.a,$^) $(UNIT_LDFLAGS)

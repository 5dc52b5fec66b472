# Balloon unit tests: the memory size syntax and the mem-set/mem-max
# checks (tools/libxl/libxl_memsize.c, which needs no hypervisor).
UNIT_BINS += $(UB)/test_ts_mem
$(UB)/test_ts_mem: tests/unit/balloon/test_mem.c tools/libxl/libxl_memsize.c \
                   $(UNIT_MAIN) tools/libxl/libxl_internal.h | $(UB)
	$(CC) $(UNIT_CFLAGS) -Itools/libxl -Itools/xenstore/include \
	      -D__XEN_TOOLS__ -o $@ $(filter %.c,$^) $(UNIT_LDFLAGS)

# The toolstack interface (xen/common/domctl.c, sysctl.c): host tests that
# link the core archive of core.mk with the extra hooks of
# tests/unit/core/host_toolctl.c.  core.mk builds every test_*.c of
# tests/unit/core against host.c alone, so its binaries for these two tests
# (which need host_toolctl.c) are taken out of UNIT_BINS and built here.
TOOLCTL_TESTS := test_domctl test_sysctl
UNIT_BINS := $(filter-out $(addprefix $(UB)/core_,$(TOOLCTL_TESTS)),$(UNIT_BINS))
UNIT_BINS += $(addprefix $(UB)/toolctl_,$(TOOLCTL_TESTS))

$(UB)/core/host_toolctl.o: tests/unit/core/host_toolctl.c $(CORE_HDRS) | $(UB)/core
	$(CC) $(UNIT_CFLAGS) -Itests/unit/core -c -o $@ $<

$(UB)/toolctl_%: tests/unit/core/%.c $(UB)/core/host_toolctl.o $(CORE_LIB) \
                 $(UNIT_MAIN) $(UNIT_XENLIB) $(CORE_HDRS) | $(UB)
	$(CC) $(UNIT_CFLAGS) -Itests/unit/core -o $@ $< \
	    $(UB)/core/host_toolctl.o $(UNIT_MAIN) $(UNIT_XENLIB) $(CORE_LIB) \
	    $(UNIT_LDFLAGS)

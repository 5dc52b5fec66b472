# PV MMU (xen/arch/x86/pv) over a simulated machine.
PV_SRCS := xen/arch/x86/pv/mm.c xen/arch/x86/pv/mmu_op.c \
           xen/common/page_alloc.c xen/common/page_type.c xen/common/domain_page.c
UNIT_BINS += $(UB)/test_pv_mm
$(UB)/test_pv_mm: tests/unit/pv/test_pv_mm.c tests/unit/pv/pv_host.c $(PV_SRCS) $(UNIT_MAIN) $(UNIT_XENLIB) | $(UB)
	$(CC) $(UNIT_CFLAGS) -Itests/unit/pv -o $@ $^ $(UNIT_LDFLAGS)

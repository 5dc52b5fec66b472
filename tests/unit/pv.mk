# PV MMU (xen/arch/x86/pv) over a simulated machine.
PV_SRCS := xen/arch/x86/pv/mm.c xen/arch/x86/pv/mmu_op.c \
           xen/common/page_alloc.c xen/common/page_type.c xen/common/domain_page.c
UNIT_BINS += $(UB)/test_pv_mm
$(UB)/test_pv_mm: tests/unit/pv/test_pv_mm.c tests/unit/pv/pv_host.c $(PV_SRCS) $(UNIT_MAIN) $(UNIT_XENLIB) | $(UB)
	$(CC) $(UNIT_CFLAGS) -Itests/unit/pv -o $@ $^ $(UNIT_LDFLAGS)
UNIT_BINS += $(UB)/test_decode_ptwr
$(UB)/test_decode_ptwr: tests/unit/pv/test_decode_ptwr.c tests/unit/pv/pv_host.c \
        xen/arch/x86/pv/x86_decode.c xen/arch/x86/pv/ptwr.c $(PV_SRCS) $(UNIT_MAIN) $(UNIT_XENLIB) | $(UB)
	$(CC) $(UNIT_CFLAGS) -Itests/unit/pv -o $@ $^ $(UNIT_LDFLAGS)
UNIT_BINS += $(UB)/test_priv_op
$(UB)/test_priv_op: tests/unit/pv/test_priv_op.c xen/arch/x86/pv/priv_op.c \
        xen/arch/x86/pv/x86_decode.c xen/arch/x86/pv/cpuid_policy.c $(UNIT_MAIN) $(UNIT_XENLIB) | $(UB)
	$(CC) $(UNIT_CFLAGS) -o $@ $^ $(UNIT_LDFLAGS)

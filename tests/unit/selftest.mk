# The framework's own test: list.h and spinlock.h behave as documented.
UNIT_BINS += $(UB)/test_base
$(UB)/test_base: tests/unit/test_base.c $(UNIT_MAIN) $(UNIT_XENLIB) | $(UB)
	$(CC) $(UNIT_CFLAGS) -o $@ $^ $(UNIT_LDFLAGS)

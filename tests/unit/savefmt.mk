# The save image format (tools/savefmt).
UNIT_BINS += $(UB)/test_savefmt
$(UB)/test_savefmt: tests/unit/savefmt/test_savefmt.c tools/savefmt/savefmt.c $(UNIT_MAIN) | $(UB)
	$(CC) $(UNIT_CFLAGS) -o $@ $^ $(UNIT_LDFLAGS) -lz

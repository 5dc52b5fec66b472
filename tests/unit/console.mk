# Console unit tests: the daemon's ring access (hostile indices), bounded
# buffer and pty handling (tools/xenconsoled), both programs' command
# lines (tools/xenconsoled, tools/xenconsole).
CONS_D := tools/xenconsoled
CONS_C := tools/xenconsole
CONS_CFLAGS := $(UNIT_CFLAGS) -I$(CONS_D) -I$(CONS_C)

UNIT_BINS += $(UB)/test_console_ring
$(UB)/test_console_ring: tests/unit/console/test_ring.c $(CONS_D)/ring.c \
                         $(UNIT_MAIN) $(CONS_D)/ring.h | $(UB)
	$(CC) $(CONS_CFLAGS) -o $@ $(filter %.c,$^) $(UNIT_LDFLAGS)

UNIT_BINS += $(UB)/test_console_opts
$(UB)/test_console_opts: tests/unit/console/test_opts.c $(CONS_D)/opts.c \
                         $(CONS_C)/client.c $(UNIT_MAIN) $(CONS_D)/opts.h \
                         $(CONS_C)/client.h | $(UB)
	$(CC) $(CONS_CFLAGS) -o $@ $(filter %.c,$^) $(UNIT_LDFLAGS)

UNIT_BINS += $(UB)/test_console_pty
$(UB)/test_console_pty: tests/unit/console/test_pty.c $(CONS_D)/pty.c \
                        $(UNIT_MAIN) $(CONS_D)/pty.h | $(UB)
	$(CC) $(CONS_CFLAGS) -o $@ $(filter %.c,$^) $(UNIT_LDFLAGS)

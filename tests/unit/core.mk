# Core hypervisor logic from xen/common (memory, timers, scheduler, domains,
# hypercalls, event channels, grant tables), built for the host with the arch
# hooks of tests/unit/core/host.c.  Each source is compiled once into
# $(UB)/core/ and archived; every test binary links the archive.
CORE_SRCS := $(filter-out xen/common/console.c xen/common/string.c \
               xen/common/vsnprintf.c xen/common/symbols.c \
               xen/common/kernel.c xen/common/softirq.c, \
               $(wildcard xen/common/*.c)) tests/unit/core/host.c
CORE_OBJS := $(patsubst %.c,$(UB)/core/%.o,$(notdir $(CORE_SRCS)))
CORE_LIB  := $(UB)/core/libcore.a
CORE_HDRS := $(wildcard xen/include/xen/*.h xen/include/public/*.h \
               tests/unit/core/*.h)

$(UB)/core:
	mkdir -p $@

$(UB)/core/%.o: xen/common/%.c $(CORE_HDRS) | $(UB)/core
	$(CC) $(UNIT_CFLAGS) -Itests/unit/core -c -o $@ $<

$(UB)/core/%.o: tests/unit/core/%.c $(CORE_HDRS) | $(UB)/core
	$(CC) $(UNIT_CFLAGS) -Itests/unit/core -c -o $@ $<

$(CORE_LIB): $(CORE_OBJS)
	rm -f $@ && ar rcs $@ $^

CORE_TESTS := $(basename $(notdir $(wildcard tests/unit/core/test_*.c)))
UNIT_BINS  += $(addprefix $(UB)/core_,$(CORE_TESTS))

$(UB)/core_%: tests/unit/core/%.c $(CORE_LIB) $(UNIT_MAIN) $(UNIT_XENLIB) \
              $(CORE_HDRS) | $(UB)
	$(CC) $(UNIT_CFLAGS) -Itests/unit/core -o $@ $< $(UNIT_MAIN) \
	    $(UNIT_XENLIB) $(CORE_LIB) $(UNIT_LDFLAGS)

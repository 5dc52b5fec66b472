# Toolstack unit tests: public domctl/sysctl headers, the xl.cfg parser and
# domain config, the kernel image loader.  Sources live in tools/libxl.
TS_DIR    := tools/libxl
TS_CFLAGS := $(UNIT_CFLAGS) -I$(TS_DIR) -D__XEN_TOOLS__

UNIT_BINS += $(UB)/test_ts_public
$(UB)/test_ts_public: tests/unit/toolstack/test_public_ctl.c $(UNIT_MAIN) \
                      xen/include/public/domctl.h xen/include/public/sysctl.h | $(UB)
	$(CC) $(TS_CFLAGS) -o $@ $(filter %.c,$^) $(UNIT_LDFLAGS)

UNIT_BINS += $(UB)/test_ts_xlcfg
$(UB)/test_ts_xlcfg: tests/unit/toolstack/test_xlcfg.c $(TS_DIR)/xlcfg.c \
                     $(UNIT_MAIN) $(TS_DIR)/xlcfg.h | $(UB)
	$(CC) $(TS_CFLAGS) -o $@ $(filter %.c,$^) $(UNIT_LDFLAGS)

UNIT_BINS += $(UB)/test_ts_domcfg
$(UB)/test_ts_domcfg: tests/unit/toolstack/test_domcfg.c $(TS_DIR)/domcfg.c \
                      $(TS_DIR)/xlcfg.c $(UNIT_MAIN) $(TS_DIR)/domcfg.h \
                      $(TS_DIR)/xlcfg.h | $(UB)
	$(CC) $(TS_CFLAGS) -o $@ $(filter %.c,$^) $(UNIT_LDFLAGS)

TS_DECOMP_LIBS := -lz -lbz2 -llzma -llz4 -lzstd
UNIT_BINS += $(UB)/test_ts_kernel_image
$(UB)/test_ts_kernel_image: tests/unit/toolstack/test_kernel_image.c \
                            $(TS_DIR)/kernel_image.c $(TS_DIR)/xen_elf.c \
                            $(UNIT_MAIN) $(TS_DIR)/kernel_image.h | $(UB)
	$(CC) $(TS_CFLAGS) -o $@ $(filter %.c,$^) $(UNIT_LDFLAGS) $(TS_DECOMP_LIBS)

# hv_sysvals.c sees only libxen-dev's headers, never ours.
$(UB)/hv_sysvals.o: tests/unit/toolstack/hv_sysvals.c \
                    tests/unit/toolstack/hv_sysvals.h | $(UB)
	$(CC) -std=c11 -O1 -g -Wall -Wextra -Werror -D__XEN_TOOLS__ \
	      -Itests/unit/toolstack -c -o $@ $<

UNIT_BINS += $(UB)/test_ts_hv
$(UB)/test_ts_hv: tests/unit/toolstack/test_hv.c $(TS_DIR)/hv.c \
                  $(UB)/hv_sysvals.o $(UNIT_MAIN) $(TS_DIR)/hv.h | $(UB)
	$(CC) $(TS_CFLAGS) -Itests/unit/toolstack -o $@ \
	      $(filter %.c %.o,$^) $(UNIT_LDFLAGS)

# libxl.c's destroy takes the domain's devices down (libxl_device.c and
# the disk/nic kinds it drives), so whatever links libxl.c links them too.
TS_DEV_SRCS := $(TS_DIR)/libxl_device.c $(TS_DIR)/libxl_disk.c \
               $(TS_DIR)/libxl_nic.c $(TS_DIR)/domcfg.c $(TS_DIR)/xlcfg.c

# libxl.c needs libxenstore (tools/xenstore) at link time.
TS_XS_LIB := tools/xenstore/libxenstore.a
$(TS_XS_LIB): FORCE_TS_XS
	$(MAKE) -s -C tools/xenstore libxenstore.a
FORCE_TS_XS:
.PHONY: FORCE_TS_XS

UNIT_BINS += $(UB)/test_ts_xl
$(UB)/test_ts_xl: tests/unit/toolstack/test_xl.c tools/xl/xl_json.c \
                  $(TS_DIR)/libxl.c $(TS_DIR)/hv.c $(TS_DEV_SRCS) $(UNIT_MAIN) \
                  $(TS_XS_LIB) tools/xl/xl.h $(TS_DIR)/libxl.h | $(UB)
	$(CC) $(TS_CFLAGS) -Itools/xl -Itools/xenstore/include -o $@ \
	      $(filter %.c %.a,$^) $(UNIT_LDFLAGS) -lyajl -luuid

# The PV builder's layout and page tables (no hypervisor needed).
UNIT_BINS += $(UB)/test_ts_build_pv
$(UB)/test_ts_build_pv: tests/unit/toolstack/test_build_pv.c \
                        $(TS_DIR)/build_pv.c $(TS_DIR)/kernel_image.c \
                        $(TS_DIR)/xen_elf.c $(TS_DIR)/hv.c $(TS_DIR)/libxl.c \
                        $(TS_DEV_SRCS) $(UNIT_MAIN) $(TS_XS_LIB) $(TS_DIR)/libxl_internal.h | $(UB)
	$(CC) $(TS_CFLAGS) -Itools/xenstore/include -o $@ \
	      $(filter %.c %.a,$^) $(UNIT_LDFLAGS) $(TS_DECOMP_LIBS) -luuid

# xenstored's store logic on the host: tree, permissions, transactions,
# watches and quotas, driven through the request dispatcher with an
# in-memory connection.
XS_DIR  := tools/xenstored
XS_CORE := $(addprefix $(XS_DIR)/,hashtab.c slab.c tree.c perms.c quota.c \
           transaction.c watch.c conn.c protocol.c ops.c log.c domain.c \
           conn_ring.c)
UNIT_BINS += $(UB)/test_xenstore
$(UB)/test_xenstore: tests/unit/xenstore/test_xenstore.c $(XS_CORE) $(UNIT_MAIN) | $(UB)
	$(CC) $(UNIT_CFLAGS) -iquote xen/include/public -I$(XS_DIR) -o $@ $^ $(UNIT_LDFLAGS)
UNIT_BINS += $(UB)/test_xenstore_slab
$(UB)/test_xenstore_slab: tests/unit/xenstore/test_slab.c $(XS_DIR)/slab.c $(XS_DIR)/slab.h $(UNIT_MAIN) | $(UB)
	$(CC) $(UNIT_CFLAGS) -I$(XS_DIR) -o $@ tests/unit/xenstore/test_slab.c $(UNIT_MAIN) $(UNIT_LDFLAGS)

/*
 * domstate.c - asks the hypervisor which domains still exist, for
 * domain_check_all() (see domain.h).
 *
 * One XEN_SYSCTL_getdomaininfolist per check, through the toolstack's
 * privcmd layer (tools/libxl/hv.c, linked, not copied): a domain missing
 * from the list, or listed as dying, is gone; one with the shutdown flag
 * has shut down (crashed, powered off, suspended) but still exists.
 */
#include <errno.h>
#include <stdlib.h>
#include "hv.h"
#include "domain.h"
#include "domstate.h"
#include "log.h"

static struct hv *hv;

#define BATCH 64

static int query(const uint32_t *domids, unsigned int n,
                 enum domain_state *state)
{
    struct xen_domctl_getdomaininfo info[BATCH];
    for (unsigned int i = 0; i < n; i++)
        state[i] = DOMSTATE_GONE;
    domid_t first = 0;
    for (;;) {
        uint32_t got = 0;
        int rc = hv_domain_list(hv, first, BATCH, info, &got);
        if (rc < 0) {
            LOGW("getdomaininfolist: %s", hv_strerror(rc));
            return -1;
        }
        for (uint32_t j = 0; j < got; j++) {
            uint32_t flags = info[j].flags;
            for (unsigned int i = 0; i < n; i++) {
                if (domids[i] != info[j].domain)
                    continue;
                if (flags & XEN_DOMINF_dying)
                    state[i] = DOMSTATE_GONE;
                else if (flags & XEN_DOMINF_shutdown)
                    state[i] = DOMSTATE_SHUTDOWN;
                else
                    state[i] = DOMSTATE_RUNNING;
            }
        }
        if (got < BATCH)
            return 0;
        first = (domid_t)(info[got - 1].domain + 1);
    }
}

int domstate_init(void)
{
    int rc = hv_open(&hv);
    if (rc < 0) {
        LOGW("cannot open /dev/xen/privcmd (%s): dead domains are found "
             "only on RELEASE", hv_strerror(rc));
        return -1;
    }
    domain_query = query;
    return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * libxl_nic.c - virtual network interfaces (vif, netback): defaults as
 * Xen 4.17's libxl sets them (a random MAC in Xen's 00:16:3e prefix,
 * bridge xenbr0, script vif-bridge, MTU 1500), the backend and frontend
 * nodes, attach, detach and listing.  model= only matters to emulated
 * NICs of HVM guests and is ignored here.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uuid/uuid.h>
#include <xenstore.h>

#include "domcfg.h"
#include "libxl_device.h"

#define NIC_MTU_DEFAULT 1500
#define NIC_RATE_INTERVAL_US 50000      /* xl's default: 50 ms */


/*
 * RATE[/s][@INTERVAL] (validated by domcfg.c) to netback's "rate" node:
 * "<bytes per interval>,<interval in us>", as xl computes it (decimal
 * prefixes, b = bits).  0, or -1 when the numbers overflow.
 */
static int rate_node(const char *rate, char *out, size_t len)
{
    unsigned long long v, per_s, us = NIC_RATE_INTERVAL_US;
    char *p;

    unsigned long long mult = 1;

    v = strtoull(rate, &p, 10);
    switch (*p) {
    case 'G': mult = 1000000000ull; p++; break;
    case 'M': mult = 1000000ull; p++; break;
    case 'K': mult = 1000ull; p++; break;
    default: break;
    }
    if (v > UINT64_MAX / mult)
        return -1;
    per_s = v * mult;
    if (*p == 'b')
        per_s /= 8;
    p++;
    if (*p == '/')
        p += 2;
    if (*p == '@') {
        unsigned long long iv = strtoull(p + 1, &p, 10);

        if (!strcmp(p, "s"))
            us = iv * 1000000ull;
        else if (!strcmp(p, "ms"))
            us = iv * 1000ull;
        else
            us = iv;
        if (us == 0 || us > UINT32_MAX)
            return -1;
    }
    if (per_s && us > UINT64_MAX / per_s)
        return -1;
    snprintf(out, len, "%llu,%llu", per_s * us / 1000000ull, us);
    return 0;
}

int libxl__nic_check(libxl_ctx *ctx, const struct xl_nic *n)
{
    char script[512], rate[64];

    if (n->type && strcmp(n->type, "vif"))
        return libxl__fail_plain(ctx, -EINVAL, "vif %d: type=%s is an "
                                 "emulated NIC; a PV guest takes only "
                                 "type=vif", n->devid, n->type);
    if (n->backend && *n->backend && strcmp(n->backend, "0") &&
        strcmp(n->backend, "Domain-0"))
        return libxl__fail_plain(ctx, -EINVAL, "vif %d: backend=%s: driver "
                                 "domains are not supported; the backend is "
                                 "domain 0", n->devid, n->backend);
    if (n->rate && rate_node(n->rate, rate, sizeof(rate)))
        return libxl__fail_plain(ctx, -EINVAL, "vif %d: rate %s is out of "
                                 "range", n->devid, n->rate);
    if (n->bridge && (!*n->bridge || strlen(n->bridge) > 15 ||
                      strchr(n->bridge, '/')))
        return libxl__fail_plain(ctx, -EINVAL, "vif %d: '%s' is not a "
                                 "network interface name", n->devid,
                                 n->bridge);
    if (n->vifname && (!*n->vifname || strlen(n->vifname) > 15 ||
                       strchr(n->vifname, '/')))
        return libxl__fail_plain(ctx, -EINVAL, "vif %d: vifname '%s' is not "
                                 "a network interface name", n->devid,
                                 n->vifname);
    libxl__script_path(n->script, "vif-bridge", script, sizeof(script));
    if (access(script, X_OK) != 0)
        return libxl__fail_plain(ctx, -ENOENT, "vif %d: hotplug script %s: "
                                 "%s", n->devid, script, strerror(errno));
    return 0;
}

/* The next free vif devid of DOMID: one past the highest (as libxl). */
static int next_devid(libxl_ctx *ctx, uint32_t domid, uint32_t *out)
{
    uint32_t *ids;
    unsigned n;
    int rc = libxl__device_list_ids(ctx, domid, LIBXL__DEV_VIF, &ids, &n);

    if (rc)
        return rc;
    *out = n ? ids[n - 1] + 1 : 0;
    free(ids);
    return 0;
}

int libxl_device_nic_add(libxl_ctx *ctx, uint32_t domid,
                         const struct xl_nic *n, int *devid_out)
{
    struct libxl__dev dev = { .kind = LIBXL__DEV_VIF, .domid = domid };
    char script[512], fid[16], bid[16], handle[16], mac[24], mtu[16];
    char rate[64], what[32];
    uint8_t m[6];
    libxl_dominfo info;
    int rc;

    if (!libxl__xs(ctx))
        return libxl__fail(ctx, -errno, "cannot connect to xenstored");
    if (domid == 0)
        return libxl__fail_plain(ctx, -EINVAL, "domain 0 has no "
                                 "frontends of ours");
    if ((rc = libxl_domain_info(ctx, domid, &info)))
        return rc;
    if (info.dying || info.shutdown)
        return libxl__fail_plain(ctx, -EINVAL, "domain %u is %s", domid,
                                 info.dying ? "dying" : "shut down");
    if ((rc = libxl__nic_check(ctx, n)))
        return rc;
    if (n->devid >= 0)
        dev.devid = (uint32_t)n->devid;
    else if ((rc = next_devid(ctx, domid, &dev.devid)))
        return libxl__fail(ctx, rc, "listing vifs of domain %u", domid);
    if (n->has_mac) {
        memcpy(m, n->mac, 6);
    } else {
        uuid_t r;

        uuid_generate_random(r);
        m[0] = 0x00;
        m[1] = 0x16;
        m[2] = 0x3e;
        m[3] = r[0] & 0x7f;
        m[4] = r[1];
        m[5] = r[2];
    }
    snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1],
             m[2], m[3], m[4], m[5]);
    libxl__script_path(n->script, "vif-bridge", script, sizeof(script));
    snprintf(fid, sizeof(fid), "%u", domid);
    snprintf(bid, sizeof(bid), "%u", dev.backend_domid);
    snprintf(handle, sizeof(handle), "%u", dev.devid);
    snprintf(mtu, sizeof(mtu), "%u", n->mtu ? n->mtu : NIC_MTU_DEFAULT);
    snprintf(what, sizeof(what), "vif %u", dev.devid);
    {
        struct libxl__kv back[16] = {
            { "frontend-id", fid },
            { "online", "1" },
            { "state", "1" },
            { "script", script },
            { "mac", mac },
            { "bridge", n->bridge && *n->bridge ? n->bridge : "xenbr0" },
            { "handle", handle },
            { "type", "vif" },
            /* netback connects only once the script says "connected". */
            { "hotplug-status", "" },
        };
        size_t nb = 9;
        struct libxl__kv front[4] = {
            { "backend-id", bid },
            { "state", "1" },
            { "handle", handle },
            { "mac", mac },
        };
        struct libxl__kv trusted = { "trusted", n->trusted == 0 ? "0" : "1" };
        struct libxl__kv ro_front[1] = { { "mtu", mtu } };
        struct libxl__kv fe_all[5];

        if (n->vifname && *n->vifname)
            back[nb++] = (struct libxl__kv){ "vifname", n->vifname };
        if (n->ip && *n->ip)
            back[nb++] = (struct libxl__kv){ "ip", n->ip };
        if (n->gatewaydev && *n->gatewaydev)
            back[nb++] = (struct libxl__kv){ "gatewaydev", n->gatewaydev };
        if (n->rate && rate_node(n->rate, rate, sizeof(rate)) == 0)
            back[nb++] = (struct libxl__kv){ "rate", rate };
        if (n->mtu && n->mtu != NIC_MTU_DEFAULT)
            back[nb++] = (struct libxl__kv){ "mtu", mtu };
        memcpy(fe_all, front, sizeof(front));
        fe_all[4] = trusted;
        if ((rc = libxl__device_write(ctx, &dev, back, nb, fe_all, 5,
                                      ro_front, 1)))
            return rc;
    }
    if ((rc = libxl__device_connect(ctx, &dev, what)))
        return rc;
    if (devid_out)
        *devid_out = (int)dev.devid;
    return 0;
}

int libxl_device_nic_remove(libxl_ctx *ctx, uint32_t domid,
                            const char *which, bool force)
{
    struct libxl__dev dev = { .kind = LIBXL__DEV_VIF, .domid = domid };
    uint8_t want[6];
    char what[32];
    bool found = false;

    if (!libxl__xs(ctx))
        return libxl__fail(ctx, -errno, "cannot connect to xenstored");
    if (xl_parse_mac(which, want) == 0) {
        uint32_t *ids;
        unsigned n;

        if (libxl__device_list_ids(ctx, domid, LIBXL__DEV_VIF, &ids, &n))
            return libxl__fail(ctx, -ENOMEM, "out of memory");
        for (unsigned i = 0; i < n && !found; i++) {
            char *mac = libxl__xs_readf(ctx, "/libxl/%u/device/vif/%u/mac",
                                        domid, ids[i]);
            uint8_t m[6];

            if (mac && xl_parse_mac(mac, m) == 0 && !memcmp(m, want, 6)) {
                dev.devid = ids[i];
                found = true;
            }
            free(mac);
        }
        free(ids);
        if (!found)
            return libxl__fail_plain(ctx, -ENOENT, "domain %u has no vif "
                                     "with MAC %s", domid, which);
    } else {
        char *end;
        unsigned long v = strtoul(which, &end, 10);

        if (!*which || *end || v > 65535)
            return libxl__fail_plain(ctx, -EINVAL, "'%s' is neither a vif "
                                     "devid nor a MAC address", which);
        dev.devid = (uint32_t)v;
    }
    snprintf(what, sizeof(what), "vif %u", dev.devid);
    return libxl__device_remove(ctx, &dev, force, what);
}


int libxl_device_nic_list(libxl_ctx *ctx, uint32_t domid,
                          libxl_nicinfo **out, int *n)
{
    uint32_t *ids;
    unsigned cnt;
    libxl_nicinfo *l;

    *out = NULL;
    *n = 0;
    l = libxl__device_list_alloc(ctx, domid, LIBXL__DEV_VIF, sizeof(*l), &ids, &cnt);
    if (!l)
        return -EIO;
    for (unsigned i = 0; i < cnt; i++) {
        struct libxl__dev d = { .kind = LIBXL__DEV_VIF, .domid = domid,
                                .devid = ids[i] };
        struct libxl__dev_paths p;
        char be[128], vifname[32];

        libxl__dev_paths(&d, &p);
        libxl__xs_copy(ctx, be, sizeof(be), p.lx, "backend");
        l[i].devid = ids[i];
        snprintf(l[i].backend, sizeof(l[i].backend), "%s", be);
        sscanf(be, "/local/domain/%u/", &l[i].backend_id);
        libxl__xs_copy(ctx, l[i].mac, sizeof(l[i].mac), p.lx, "mac");
        libxl__xs_copy(ctx, l[i].bridge, sizeof(l[i].bridge), p.lx, "bridge");
        libxl__xs_copy(ctx, vifname, sizeof(vifname), p.lx, "vifname");
        if (vifname[0])
            snprintf(l[i].ifname, sizeof(l[i].ifname), "%s", vifname);
        else
            snprintf(l[i].ifname, sizeof(l[i].ifname), "vif%u.%u", domid,
                     ids[i]);
        libxl__xs_copy(ctx, l[i].hotplug_status, sizeof(l[i].hotplug_status), be,
                  "hotplug-status");
        l[i].be_state = libxl__xs_int(ctx, be, "state");
        l[i].fe_state = libxl__xs_int(ctx, p.fe, "state");
        l[i].evtch = libxl__xs_int(ctx, p.fe, "event-channel");
        l[i].tx_rref = libxl__xs_int(ctx, p.fe, "tx-ring-ref");
        l[i].rx_rref = libxl__xs_int(ctx, p.fe, "rx-ring-ref");
    }
    free(ids);
    *out = l;
    *n = (int)cnt;
    return 0;
}

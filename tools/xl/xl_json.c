/* SPDX-License-Identifier: MIT */
/*
 * xl_json.c - "xl list -l" output through yajl.
 *
 * Xen's xl prints the stored domain configuration; we print what the
 * hypervisor and xenstore know, in the same outer shape: an array of
 * { "domid": N, "config": { "c_info": {...}, "b_info": {...} } }.
 */
#include "xl.h"

#include <stdio.h>
#include <string.h>

#include <yajl/yajl_gen.h>

static void str(yajl_gen g, const char *s)
{
    yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

static void key_int(yajl_gen g, const char *k, long long v)
{
    str(g, k);
    yajl_gen_integer(g, v);
}

void xl_uuid_string(const uint8_t u[16], char out[37])
{
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
             u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14],
             u[15]);
}

char *xl_list_json(const struct xl_dom *doms, int n)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    const unsigned char *buf;
    size_t len;
    char *out = NULL;

    if (!g)
        return NULL;
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_array_open(g);
    for (int i = 0; i < n; i++) {
        const libxl_dominfo *d = &doms[i].info;
        char uuid[37], state[7];

        xl_uuid_string(d->uuid, uuid);
        libxl_dominfo_state(d, state);
        yajl_gen_map_open(g);
        key_int(g, "domid", d->domid);
        str(g, "config");
        yajl_gen_map_open(g);
        str(g, "c_info");
        yajl_gen_map_open(g);
        str(g, "type");
        str(g, d->hvm ? "hvm" : "pv");
        str(g, "name");
        str(g, doms[i].name ? doms[i].name : "");
        str(g, "uuid");
        str(g, uuid);
        yajl_gen_map_close(g);
        str(g, "b_info");
        yajl_gen_map_open(g);
        key_int(g, "max_vcpus", d->vcpu_max_id == UINT32_MAX ? 0
                                : (long long)d->vcpu_max_id + 1);
        key_int(g, "max_memkb", (long long)d->max_memkb);
        key_int(g, "target_memkb", (long long)d->current_memkb);
        yajl_gen_map_close(g);
        yajl_gen_map_close(g);
        str(g, "state");
        str(g, state);
        key_int(g, "cpu_time_ns", (long long)d->cpu_time_ns);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    if (yajl_gen_get_buf(g, &buf, &len) == yajl_gen_status_ok) {
        out = malloc(len + 1);
        if (out) {
            memcpy(out, buf, len);
            out[len] = '\0';
        }
    }
    yajl_gen_free(g);
    return out;
}

void xl_list_line(const struct xl_dom *d, int verbose, char *out,
                  size_t outlen)
{
    char state[7], uuid[37];
    const libxl_dominfo *i = &d->info;

    libxl_dominfo_state(i, state);
    if (verbose) {
        xl_uuid_string(i->uuid, uuid);
        snprintf(out, outlen, "%-40s %5u %5llu %5u     %s %8.1f %s",
                 d->name ? d->name : "(null)", i->domid,
                 (unsigned long long)(i->current_memkb / 1024),
                 i->vcpu_online, state, (double)i->cpu_time_ns / 1e9, uuid);
    } else {
        snprintf(out, outlen, "%-40s %5u %5llu %5u     %s %8.1f",
                 d->name ? d->name : "(null)", i->domid,
                 (unsigned long long)(i->current_memkb / 1024),
                 i->vcpu_online, state, (double)i->cpu_time_ns / 1e9);
    }
}

/* SPDX-License-Identifier: MIT */
/*
 * ringpoke - play a hostile guest from dom0: map a domain's console page
 * (grant reference 0, through gntdev, as xenconsoled does) and write
 * garbage into its indices, or show them.
 *
 *   ringpoke DOMID show      print "in_cons in_prod out_cons out_prod"
 *   ringpoke DOMID garbage   out_prod := out_cons + 0x40000000 (a
 *                            producer far beyond what the ring holds)
 *   ringpoke DOMID sane      exit 0 if out_prod - out_cons <= 2048
 *
 * Built with the toolstack's hv.c (tools/libxl).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hv.h"
#include "public/io/console.h"

int main(int argc, char **argv)
{
    struct xencons_interface *r;
    uint64_t index;
    int fd, rc;
    unsigned dom;

    if (argc != 3) {
        fprintf(stderr, "usage: ringpoke DOMID show|garbage|sane\n");
        return 2;
    }
    dom = (unsigned)strtoul(argv[1], NULL, 10);
    fd = hv_gnttab_open();
    if (fd < 0) {
        fprintf(stderr, "ringpoke: gntdev: %s\n", hv_strerror(fd));
        return 1;
    }
    r = hv_gnttab_map(fd, dom, 0, PROT_READ | PROT_WRITE, &index, &rc);
    if (!r) {
        fprintf(stderr, "ringpoke: map: %s\n", hv_strerror(rc));
        return 1;
    }
    printf("ringpoke: in %u/%u out %u/%u\n", r->in_cons, r->in_prod,
           r->out_cons, r->out_prod);
    if (!strcmp(argv[2], "garbage")) {
        uint32_t cons = __atomic_load_n(&r->out_cons, __ATOMIC_SEQ_CST);
        __atomic_store_n(&r->out_prod, cons + 0x40000000u, __ATOMIC_SEQ_CST);
        printf("ringpoke: out_prod set to %u\n", r->out_prod);
    } else if (!strcmp(argv[2], "sane")) {
        rc = (uint32_t)(r->out_prod - r->out_cons) <= sizeof(r->out) ? 0 : 1;
        hv_gnttab_unmap(fd, r, index);
        return rc;
    }
    hv_gnttab_unmap(fd, r, index);
    return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * xl.c - Xenolith's xl: command dispatch, help, and the query commands
 * (info, list, dmesg, domid, domname) plus destroy, pause and unpause.
 *
 * Errors go to stderr as "xl: <command>: <reason>" and exit status 1;
 * usage errors exit 2.  Output formats follow Xen's xl where scripts
 * read them (list, domid, domname).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "xl.h"
#include "public/sysctl.h"

const struct cmd *current;

int usage_error(const char *why)
{
    fprintf(stderr, "xl %s: %s\nUsage: xl %s\n", current->name, why,
            current->usage);
    return 2;
}

/* Handles -h/--help for every command; returns 1 if it printed help. */
int want_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("Usage: xl %s\n\n%s\n", current->usage, current->help);
            return 1;
        }
    return 0;
}

libxl_ctx *open_ctx(void)
{
    libxl_ctx *ctx;
    int rc = libxl_ctx_new(&ctx);

    if (rc) {
        fprintf(stderr, "xl: cannot reach the hypervisor: %s\n",
                libxl_strerror(rc));
        return NULL;
    }
    return ctx;
}

int report(libxl_ctx *ctx)
{
    fprintf(stderr, "xl: %s: %s\n", current->name, libxl_last_error(ctx));
    libxl_ctx_free(ctx);
    return 1;
}

int find_domain(libxl_ctx *ctx, const char *arg, uint32_t *domid)
{
    return libxl_name_to_domid(ctx, arg, domid);
}

/* ---- commands ---- */

static int cmd_info(int argc, char **argv)
{
    libxl_physinfo pi;
    libxl_version_info vi;
    struct utsname u;
    libxl_ctx *ctx;

    if (want_help(argc, argv))
        return 0;
    if (argc > 1)
        return usage_error("unexpected argument");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (libxl_get_physinfo(ctx, &pi) || libxl_get_version_info(ctx, &vi))
        return report(ctx);
    uname(&u);
#define KV(k, ...) do { printf("%-23s: ", k); printf(__VA_ARGS__); \
                        putchar('\n'); } while (0)
    KV("host", "%s", u.nodename);
    KV("release", "%s", u.release);
    KV("version", "%s", u.version);
    KV("machine", "%s", u.machine);
    KV("nr_cpus", "%u", pi.nr_cpus);
    KV("max_cpu_id", "%u", pi.max_cpu_id);
    KV("nr_nodes", "%u", pi.nr_nodes);
    KV("cores_per_socket", "%u", pi.cores_per_socket);
    KV("threads_per_core", "%u", pi.threads_per_core);
    KV("cpu_mhz", "%u.%03u", pi.cpu_khz / 1000, pi.cpu_khz % 1000);
    KV("hw_caps", "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x", pi.hw_cap[0],
       pi.hw_cap[1], pi.hw_cap[2], pi.hw_cap[3], pi.hw_cap[4], pi.hw_cap[5],
       pi.hw_cap[6], pi.hw_cap[7]);
    KV("virt_caps", "%s%s%s%s",
       pi.capabilities & XEN_SYSCTL_PHYSCAP_pv ? " pv" : "",
       pi.capabilities & XEN_SYSCTL_PHYSCAP_hvm ? " hvm" : "",
       pi.capabilities & XEN_SYSCTL_PHYSCAP_hap ? " hap" : "",
       pi.capabilities & XEN_SYSCTL_PHYSCAP_shadow ? " shadow" : "");
    KV("total_memory", "%llu", (unsigned long long)(pi.total_pages >> 8));
    /* As Xen's xl: memory claimed for domains being built is not free. */
    KV("free_memory", "%llu", (unsigned long long)
       ((pi.free_pages - (pi.outstanding_pages < pi.free_pages
                          ? pi.outstanding_pages : pi.free_pages)) >> 8));
    KV("outstanding_claims", "%llu",
       (unsigned long long)(pi.outstanding_pages >> 8));
    KV("xen_major", "%u", vi.major);
    KV("xen_minor", "%u", vi.minor);
    KV("xen_extra", "%s", vi.extra);
    KV("xen_version", "%u.%u%s", vi.major, vi.minor, vi.extra);
    KV("xen_caps", "%s", vi.capabilities);
    KV("xen_scheduler", "%s", libxl_scheduler_name(vi.sched_id));
    KV("xen_pagesize", "%u", vi.pagesize);
    KV("xen_commandline", "%s", vi.commandline);
    KV("xend_config_format", "4");
#undef KV
    libxl_ctx_free(ctx);
    return 0;
}

static void free_doms(struct xl_dom *d, int n)
{
    for (int i = 0; i < n; i++)
        free(d[i].name);
    free(d);
}

static int cmd_list(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "long", no_argument, NULL, 'l' },
        { "verbose", no_argument, NULL, 'v' },
        { NULL, 0, NULL, 0 },
    };
    int lng = 0, verbose = 0, opt, n = 0, nsel = 0;
    libxl_dominfo *all = NULL;
    struct xl_dom *sel;
    libxl_ctx *ctx;

    if (want_help(argc, argv))
        return 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "lv", longopts, NULL)) != -1) {
        if (opt == 'l')
            lng = 1;
        else if (opt == 'v')
            verbose = 1;
        else
            return usage_error("unknown option");
    }
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (libxl_list_domain(ctx, &all, &n))
        return report(ctx);
    sel = calloc((size_t)n + 1, sizeof(*sel));
    if (!sel) {
        free(all);
        libxl_ctx_free(ctx);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        int wanted = optind >= argc;
        for (int a = optind; a < argc && !wanted; a++) {
            uint32_t id;
            if (find_domain(ctx, argv[a], &id) == 0 && id == all[i].domid)
                wanted = 1;
        }
        if (!wanted)
            continue;
        sel[nsel].info = all[i];
        sel[nsel].name = libxl_domid_to_name(ctx, all[i].domid);
        nsel++;
    }
    if (optind < argc && nsel == 0) {
        fprintf(stderr, "xl: list: no such domain '%s'\n", argv[optind]);
        free(all);
        free_doms(sel, nsel);
        libxl_ctx_free(ctx);
        return 1;
    }
    if (lng) {
        char *json = xl_list_json(sel, nsel);
        if (json) {
            fputs(json, stdout);
            free(json);
        }
    } else {
        char line[256];
        printf("%s%s\n", XL_LIST_HEADER, verbose ? "   UUID" : "");
        for (int i = 0; i < nsel; i++) {
            xl_list_line(&sel[i], verbose, line, sizeof(line));
            puts(line);
        }
    }
    free(all);
    free_doms(sel, nsel);
    libxl_ctx_free(ctx);
    return 0;
}

static int cmd_dmesg(int argc, char **argv)
{
    int clear = 0;
    libxl_ctx *ctx;
    char *text;

    if (want_help(argc, argv))
        return 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-c"))
            clear = 1;
        else
            return usage_error("unknown argument");
    }
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (libxl_dmesg(ctx, clear, &text))
        return report(ctx);
    fputs(text, stdout);
    free(text);
    libxl_ctx_free(ctx);
    return 0;
}

static int cmd_domid(int argc, char **argv)
{
    libxl_ctx *ctx;
    uint32_t id;

    if (want_help(argc, argv))
        return 0;
    if (argc != 2)
        return usage_error("expected one domain name");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (find_domain(ctx, argv[1], &id))
        return report(ctx);
    printf("%u\n", id);
    libxl_ctx_free(ctx);
    return 0;
}

static int cmd_domname(int argc, char **argv)
{
    libxl_ctx *ctx;
    libxl_dominfo info;
    unsigned long id;
    char *end, *name;

    if (want_help(argc, argv))
        return 0;
    if (argc != 2)
        return usage_error("expected one domain id");
    id = strtoul(argv[1], &end, 10);
    if (!*argv[1] || *end || id > 0x7fef)
        return usage_error("not a domain id");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (libxl_domain_info(ctx, (uint32_t)id, &info))
        return report(ctx);
    name = libxl_domid_to_name(ctx, (uint32_t)id);
    if (!name)
        return report(ctx);
    printf("%s\n", name);
    free(name);
    libxl_ctx_free(ctx);
    return 0;
}

/* destroy, pause, unpause: one domain argument, one libxl call. */
static int one_domain(int argc, char **argv,
                      int (*op)(libxl_ctx *, uint32_t))
{
    libxl_ctx *ctx;
    uint32_t id;

    if (want_help(argc, argv))
        return 0;
    if (argc != 2)
        return usage_error("expected one domain");
    ctx = open_ctx();
    if (!ctx)
        return 1;
    if (find_domain(ctx, argv[1], &id) || op(ctx, id))
        return report(ctx);
    libxl_ctx_free(ctx);
    return 0;
}

static int cmd_destroy(int argc, char **argv)
{
    return one_domain(argc, argv, libxl_domain_destroy);
}

static int cmd_pause(int argc, char **argv)
{
    return one_domain(argc, argv, libxl_domain_pause);
}

static int cmd_unpause(int argc, char **argv)
{
    return one_domain(argc, argv, libxl_domain_unpause);
}

static int cmd_help(int argc, char **argv);

static const struct cmd commands[] = {
    { "info", cmd_info, "info",
      "Show facts about the host and the hypervisor." },
    { "list", cmd_list, "list [-l] [-v] [DOMAIN...]",
      "List domains.\n  -l, --long     JSON description of each domain\n"
      "  -v, --verbose  add the UUID column" },
    { "dmesg", cmd_dmesg, "dmesg [-c]",
      "Print the hypervisor's console ring.\n  -c  clear it afterwards" },
    { "domid", cmd_domid, "domid DOMAIN-NAME",
      "Print the id of the named domain." },
    { "domname", cmd_domname, "domname DOMID",
      "Print the name of the domain with this id." },
    { "destroy", cmd_destroy, "destroy DOMAIN",
      "Terminate a domain immediately and remove its xenstore entries." },
    { "pause", cmd_pause, "pause DOMAIN", "Stop a domain's vCPUs." },
    { "unpause", cmd_unpause, "unpause DOMAIN",
      "Let a paused domain run again." },
    { "create", cmd_create,
      "create [-c] [-p] [-e] [-F] [-q] CONFIG [KEY=VALUE...]",
      "Create a PV domain from an xl.cfg file and start it.\n"
      "  -c  attach to its console (Ctrl-] detaches)\n"
      "  -p  leave it paused\n"
      "  -e  no monitor process: on_poweroff/on_reboot/on_crash are not "
      "acted on\n"
      "  -F  run the monitor in the foreground (do not daemonize)\n"
      "  -q  quiet\n"
      "KEY=VALUE lines override or add config settings (strings may be "
      "given\nunquoted).  Exit status 0 when the domain runs, 1 when it "
      "could not be\ncreated (nothing is left behind), 2 on a usage error; "
      "with -c the\nconsole client's status." },
    { "shutdown", cmd_shutdown, "shutdown [-w] [-a] [-F] DOMAIN",
      "Ask a domain to power off (control/shutdown = poweroff).\n"
      "  -w  wait until it has shut down or is gone\n"
      "  -a  all domains but Domain-0\n"
      "  -F  accepted for compatibility (PV guests need no fallback)" },
    { "reboot", cmd_reboot, "reboot [-w] [-a] [-F] DOMAIN",
      "Ask a domain to reboot (control/shutdown = reboot); its monitor "
      "then\nrestarts it with a new domain id (on_reboot=\"restart\").\n"
      "  -w  wait until the old domain has shut down or is gone\n"
      "  -a  all domains but Domain-0" },
    { "console", cmd_console, "console [-t pv|serial] [-n NUM] DOMAIN",
      "Attach to a domain's console (runs xenconsole; Ctrl-] detaches)." },
    { "rename", cmd_rename, "rename DOMAIN NEW-NAME", "Rename a domain." },
    { "uptime", cmd_uptime, "uptime [-s] [DOMAIN...]",
      "Show how long domains have been running.\n  -s  no header" },
    { "vcpu-list", cmd_vcpu_list, "vcpu-list [DOMAIN...]",
      "List the vCPUs of domains: physical CPU, state, time." },
    { "vcpu-set", cmd_vcpu_set, "vcpu-set DOMAIN COUNT",
      "Set the number of online vCPUs of a PV domain "
      "(cpu/N/availability)." },
    { "sched-credit", cmd_sched_credit,
      "sched-credit [-d DOMAIN [-w WEIGHT] [-c CAP]]",
      "Show or set a domain's scheduler weight and cap (credit or "
      "credit2;\nXen 4.17 defaults to credit2)." },
    { "sched-credit2", cmd_sched_credit,
      "sched-credit2 [-d DOMAIN [-w WEIGHT] [-c CAP]]",
      "Same as sched-credit." },
    { "save", cmd_save, "save [-c] [-q] DOMAIN FILE",
      "Save a PV domain to FILE: the guest suspends (control/shutdown),\n"
      "its memory, vCPU state and config go into the image, and the domain\n"
      "is destroyed.  -c (checkpoint): the domain keeps running afterwards.\n"
      "-q: no progress.  Progress shows percent and MB/s on a terminal,\n"
      "plain lines otherwise.  On failure the domain carries on and no\n"
      "file is left.  `xenolith-saveinfo FILE` checks an image." },
    { "restore", cmd_restore, "restore [-c] [-p] [-q] FILE [KEY=VALUE...]",
      "Restore a domain saved by `xl save`: it carries on where it was\n"
      "(processes, clock, console, xenstore).  KEY=VALUE changes the saved\n"
      "config, e.g. name=copy2 to run a second copy beside the first.\n"
      "-c: attach the console afterwards.  -p: leave it paused.  -q: no\n"
      "progress.  A truncated, corrupt or foreign file is refused with the\n"
      "offset and record at fault, and nothing is left behind." },
    { "mem-set", cmd_mem_set, "mem-set DOMAIN SIZE",
      "Set a running domain's memory target: its balloon driver gives "
      "memory\nback to the hypervisor or takes it, and the hypervisor's "
      "limit becomes\nSIZE plus 1 MiB.  SIZE is a whole number with an "
      "optional unit k, m, g\nor t (no unit: MiB).  Refused above the "
      "domain's maximum (xl mem-max)\nand below 32 MiB (128 MiB for "
      "Domain-0).  `xl list` shows the new size\nonce the guest has "
      "reached it.  Exit status 0 when set, 1 when refused\n(nothing "
      "changes), 2 on a usage error." },
    { "mem-max", cmd_mem_max, "mem-max DOMAIN SIZE",
      "Set the most memory a running domain may have: the hypervisor "
      "refuses\nthe guest pages beyond SIZE plus 1 MiB, and later mem-set "
      "targets above\nSIZE are refused.  SIZE as for mem-set.  Refused "
      "below the current\ntarget.  Exit status 0 when set, 1 when refused "
      "(nothing changes), 2 on\na usage error." },
    { "block-attach", cmd_block_attach, "block-attach DOMAIN DISK-SPEC...",
      "Attach a virtual disk to a running domain.  DISK-SPEC is written as "
      "in\nxl.cfg's disk= list ('/img/d.img,raw,xvdb,rw' or "
      "'format=raw,vdev=xvdb,\naccess=rw,target=/img/d.img'); several "
      "words are joined with commas.\nThe block hotplug script connects "
      "the image (a loop device for a file);\nits message is shown when it "
      "fails, and nothing is left attached." },
    { "block-detach", cmd_block_detach, "block-detach [-f] DOMAIN VDEV",
      "Detach virtual disk VDEV (xvdb, or its device number) from a domain.\n"
      "The guest must release it within 10 s, else the detach is refused "
      "and\nthe disk stays.\n"
      "  -f, --force  detach even if the guest does not release it (its "
      "I/O\n               then fails)" },
    { "block-list", cmd_block_list, "block-list DOMAIN...",
      "List the virtual disks of domains: device number, backend domain,\n"
      "frontend state, event channel, ring reference, backend path." },
    { "network-attach", cmd_network_attach,
      "network-attach DOMAIN [KEY=VALUE...]",
      "Attach a virtual network interface, written as in xl.cfg's vif= "
      "list\n(mac=, bridge=, ip=, script=, vifname=, mtu=, rate=; model= "
      "is ignored\nfor PV).  Defaults: a random MAC 00:16:3e:xx:xx:xx, "
      "bridge xenbr0,\nscript vif-bridge." },
    { "network-detach", cmd_network_detach,
      "network-detach [-f] DOMAIN DEVID|MAC",
      "Detach a virtual network interface, named by devid or MAC.\n"
      "  -f, --force  detach even if the guest does not release it" },
    { "network-list", cmd_network_list, "network-list DOMAIN...",
      "List the virtual network interfaces of domains." },
    { "help", cmd_help, "help [COMMAND]", "Show commands or one command." },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* Commands of the plan not implemented yet, so the message is honest. */
static const char *const planned[] = {
    "save", "restore", "migrate",
};

static int cmd_help(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "-h") && strcmp(argv[1], "--help")) {
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (!strcmp(commands[i].name, argv[1])) {
                printf("Usage: xl %s\n\n%s\n", commands[i].usage,
                       commands[i].help);
                return 0;
            }
        fprintf(stderr, "xl: no command '%s'\n", argv[1]);
        return 2;
    }
    printf("Usage: xl COMMAND [ARGS]\n\nCommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        printf("  %-13s %s\n", commands[i].name, commands[i].usage);
    printf("\n'xl COMMAND --help' describes one command.\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        current = &commands[NCOMMANDS - 1];
        cmd_help(1, argv);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (!strcmp(commands[i].name, argv[1])) {
            current = &commands[i];
            return commands[i].fn(argc - 1, argv + 1);
        }
    }
    for (size_t i = 0; i < sizeof(planned) / sizeof(planned[0]); i++) {
        if (!strcmp(planned[i], argv[1])) {
            fprintf(stderr, "xl: '%s' is not implemented yet\n", argv[1]);
            return 1;
        }
    }
    fprintf(stderr, "xl: unknown command '%s' (see xl help)\n", argv[1]);
    return 2;
}

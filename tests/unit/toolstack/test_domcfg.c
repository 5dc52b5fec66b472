/*
 * test_domcfg.c - xl.cfg meaning: the domain description, disk and vif
 * specifications, sizes, vdevs (tools/libxl/domcfg.c).
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "domcfg.h"

static char err[XLCFG_ERRLEN];

/* Parses TEXT as "g.cfg" into DC; returns 0 or -1 (message in err). */
static int build(struct xl_domain_config *dc, const char *text)
{
    struct xlcfg *cfg = xlcfg_new("g.cfg");
    int rc = xlcfg_parse_text(cfg, NULL, text, strlen(text), err,
                              sizeof(err));

    if (rc == 0)
        rc = xl_domain_config_from_cfg(dc, cfg, err, sizeof(err));
    else
        memset(dc, 0, sizeof(*dc));
    xlcfg_free(cfg);
    return rc;
}

static const char *build_err(const char *text)
{
    struct xl_domain_config dc;

    if (build(&dc, text) == 0) {
        xl_domain_config_dispose(&dc);
        return "(accepted)";
    }
    return err;
}

#define BASE "name='g'\nkernel='/k'\n"

TEST(domcfg_minimal_defaults)
{
    struct xl_domain_config dc;

    CHECK_EQ(build(&dc, BASE), 0);
    CHECK_STR(dc.name, "g");
    CHECK_STR(dc.kernel, "/k");
    CHECK(dc.ramdisk == NULL);
    CHECK_STR(dc.cmdline, "");
    CHECK_EQ(dc.target_memkb, 32 * 1024);
    CHECK_EQ(dc.max_memkb, 32 * 1024);
    CHECK_EQ(dc.vcpus, 1);
    CHECK_EQ(dc.max_vcpus, 1);
    CHECK_EQ(dc.has_uuid, 0);
    CHECK_EQ(dc.on_poweroff, XL_ACTION_DESTROY);
    CHECK_EQ(dc.on_reboot, XL_ACTION_RESTART);
    CHECK_EQ(dc.on_crash, XL_ACTION_DESTROY);
    CHECK_EQ(dc.ndisks, 0);
    CHECK_EQ(dc.nnics, 0);
    CHECK(dc.warnings == NULL);
    xl_domain_config_dispose(&dc);
}

TEST(domcfg_reference_guest)
{
    /* The domU of notes/xen417-reference-run.md. */
    struct xl_domain_config dc;

    CHECK_EQ(build(&dc, "type=\"pv\" \nmemory=256\nvcpus=1\n"
                   "name=\"domu\"\n"
                   "kernel=\"/guest/vmlinuz\"\nramdisk=\"/guest/initrd.gz\"\n"
                   "extra=\"console=hvc0\"\non_crash=\"preserve\"\n"), 0);
    CHECK_EQ(dc.target_memkb, 256 * 1024);
    CHECK_EQ(dc.max_memkb, 256 * 1024);
    CHECK_STR(dc.ramdisk, "/guest/initrd.gz");
    CHECK_STR(dc.cmdline, "console=hvc0");
    CHECK_EQ(dc.on_crash, XL_ACTION_PRESERVE);
    xl_domain_config_dispose(&dc);
}

TEST(domcfg_full_config)
{
    struct xl_domain_config dc;

    CHECK_EQ(build(&dc,
        "name = 'web1'\n"
        "uuid = '3F2504E0-4F89-11D3-9A0C-0305E82C3301'\n"
        "type = 'pv'\n"
        "memory = 512\nmaxmem = 1024\n"
        "vcpus = 2\nmaxvcpus = 4\n"
        "kernel = '/boot/vmlinuz'\n"
        "root = '/dev/xvda1 ro'\nextra = 'console=hvc0 quiet'\n"
        "on_poweroff = 'destroy'; on_reboot = 'rename-restart'\n"
        "on_crash = 'coredump-restart'\n"
        "disk = [ '/img/root.img,raw,xvda,rw',\n"
        "         'format=raw, vdev=xvdb, access=ro, target=/img/data,x.img',\n"
        "         ',hdc:cdrom,r' ]\n"
        "vif = [ 'mac=00:16:3e:01:02:03,bridge=br0', 'ip=10.0.0.2' ]\n"), 0);
    CHECK_EQ(dc.has_uuid, 1);
    CHECK_EQ(dc.uuid[0], 0x3f);
    CHECK_EQ(dc.uuid[15], 0x01);
    CHECK_EQ(dc.target_memkb, 512 * 1024);
    CHECK_EQ(dc.max_memkb, 1024 * 1024);
    CHECK_EQ(dc.vcpus, 2);
    CHECK_EQ(dc.max_vcpus, 4);
    CHECK_STR(dc.cmdline, "root=/dev/xvda1 ro console=hvc0 quiet");
    CHECK_EQ(dc.on_reboot, XL_ACTION_RENAME_RESTART);
    CHECK_EQ(dc.on_crash, XL_ACTION_COREDUMP_RESTART);
    CHECK_EQ(dc.ndisks, 3);
    if (dc.ndisks == 3) {
        CHECK_STR(dc.disks[0].target, "/img/root.img");
        CHECK_EQ(dc.disks[0].devid, 51712);
        CHECK_EQ(dc.disks[0].readwrite, 1);
        CHECK_STR(dc.disks[1].target, "/img/data,x.img");
        CHECK_EQ(dc.disks[1].readwrite, 0);
        CHECK_EQ(dc.disks[1].devid, 51728);
        CHECK(dc.disks[2].target == NULL);
        CHECK_EQ(dc.disks[2].cdrom, 1);
        CHECK_EQ(dc.disks[2].devid, 22 << 8);
    }
    CHECK_EQ(dc.nnics, 2);
    if (dc.nnics == 2) {
        CHECK_EQ(dc.nics[0].has_mac, 1);
        CHECK_EQ(dc.nics[0].mac[5], 3);
        CHECK_STR(dc.nics[0].bridge, "br0");
        CHECK_EQ(dc.nics[0].devid, 0);
        CHECK_EQ(dc.nics[1].devid, 1);
        CHECK_STR(dc.nics[1].ip, "10.0.0.2");
    }
    xl_domain_config_dispose(&dc);
}

TEST(domcfg_cmdline_beats_root_extra_with_warning)
{
    struct xl_domain_config dc;

    CHECK_EQ(build(&dc, BASE "cmdline='a b'\nroot='/dev/x'\n"), 0);
    CHECK_STR(dc.cmdline, "a b");
    CHECK(dc.warnings && strstr(dc.warnings, "ignoring root= and extra="));
    xl_domain_config_dispose(&dc);
    CHECK_EQ(build(&dc, BASE "root='/dev/xvda'\n"), 0);
    CHECK_STR(dc.cmdline, "root=/dev/xvda");
    xl_domain_config_dispose(&dc);
}

TEST(domcfg_maxmem_alone_sets_both)
{
    struct xl_domain_config dc;

    CHECK_EQ(build(&dc, BASE "maxmem=64\n"), 0);
    CHECK_EQ(dc.target_memkb, 64 * 1024);
    CHECK_EQ(dc.max_memkb, 64 * 1024);
    xl_domain_config_dispose(&dc);
}

TEST(domcfg_numbers_in_c_syntax_and_quoted)
{
    struct xl_domain_config dc;

    CHECK_EQ(build(&dc, BASE "memory=0x100\nvcpus='2'\n"), 0);
    CHECK_EQ(dc.target_memkb, 256 * 1024);
    CHECK_EQ(dc.vcpus, 2);
    xl_domain_config_dispose(&dc);
}

TEST(domcfg_builder_generic_is_pv_and_unknown_keys_ignored)
{
    struct xl_domain_config dc;

    CHECK_EQ(build(&dc, BASE "builder='generic'\nvfb=[]\nserial='pty'\n"), 0);
    xl_domain_config_dispose(&dc);
}

TEST(domcfg_errors_name_file_line_field)
{
    CHECK_STR(build_err(BASE "\nmemory='lots'\n"),
              "g.cfg:4: field 'memory': 'lots' is not a number");
    CHECK_STR(build_err(BASE "memory=[1]\n"),
              "g.cfg:3: field 'memory': expected a number, found a list");
    CHECK_STR(build_err(BASE "memory=0\n"),
              "g.cfg:3: field 'memory': 0 is out of range (1..16777216)");
    CHECK_STR(build_err(BASE "memory=99999999999999999999\n"),
              "g.cfg:3: field 'memory': '99999999999999999999' is not a number");
    CHECK_STR(build_err(BASE "memory=512\nmaxmem=256\n"),
              "g.cfg:4: field 'maxmem': maxmem (256 MiB) is less than memory (512 MiB)");
    CHECK_STR(build_err(BASE "vcpus=4\nmaxvcpus=2\n"),
              "g.cfg:4: field 'maxvcpus': maxvcpus (2) is less than vcpus (4)");
    CHECK_STR(build_err(BASE "vcpus=100000\n"),
              "g.cfg:3: field 'vcpus': 100000 is out of range (1..512)");
    CHECK_STR(build_err(BASE "on_crash='explode'\n"),
              "g.cfg:3: field 'on_crash': unknown action 'explode' (expected "
              "destroy, restart, rename-restart, preserve, coredump-destroy, "
              "coredump-restart or soft-reset)");
    CHECK_STR(build_err(BASE "uuid='not-a-uuid'\n"),
              "g.cfg:3: field 'uuid': invalid uuid 'not-a-uuid' (expected "
              "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
    CHECK_STR(build_err(BASE "type='hvm'\n"),
              "g.cfg:3: field 'type': type 'hvm' is not supported yet (only pv)");
    CHECK_STR(build_err(BASE "type='xyz'\n"),
              "g.cfg:3: field 'type': unknown type 'xyz' (expected pv, pvh or hvm)");
    CHECK_STR(build_err(BASE "kernel=['/a']\n"),
              "g.cfg:3: field 'kernel': expected a string, found a list");
}

TEST(domcfg_errors_missing_name_and_kernel)
{
    CHECK_STR(build_err("kernel='/k'\n"),
              "g.cfg: field 'name': a domain name must be given");
    CHECK_STR(build_err("name='x'\n"),
              "g.cfg: field 'kernel': a PV guest needs a kernel");
    CHECK_STR(build_err("name='x'\nbootloader='pygrub'\n"),
              "g.cfg:2: field 'bootloader': bootloaders are not supported; "
              "give kernel= instead");
    CHECK_STR(build_err("name='x'\nkernel=''\n"),
              "g.cfg:2: field 'kernel': empty path");
}

TEST(domcfg_errors_bad_names)
{
    CHECK(strstr(build_err("name='123'\nkernel='/k'\n"), "invalid name '123'"));
    CHECK(strstr(build_err("name='a b'\nkernel='/k'\n"), "invalid name"));
    CHECK(strstr(build_err("name='a/b'\nkernel='/k'\n"), "invalid name"));
    CHECK(strstr(build_err("name=''\nkernel='/k'\n"), "invalid name"));
    CHECK(strstr(build_err("name='aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                           "aaaaaaaaaaaaaaaaaaaaaaaaa'\nkernel='/k'\n"),
                 "invalid name"));
    CHECK_STR(build_err("name='web-1.example_2'\nkernel='/k'\n"), "(accepted)");
}

TEST(domcfg_errors_devices)
{
    CHECK_STR(build_err(BASE "disk='/img,raw,xvda'\n"),
              "g.cfg:3: field 'disk': expected a list like ['...'], found a string");
    CHECK_STR(build_err(BASE "disk=['/a,raw,xvda',\n '/b,foo,xvdb']\n"),
              "g.cfg:4: field 'disk': entry 2 '/b,foo,xvdb': unknown format "
              "'foo' (expected raw, qcow, qcow2, vhd or qed)");
    CHECK_STR(build_err(BASE "disk=['/a,raw,xvda', '/b,raw,xvda']\n"),
              "g.cfg:3: field 'disk': entry 2: vdev 'xvda' clashes with entry 1 ('xvda')");
    CHECK_STR(build_err(BASE "disk=[['/a']]\n"),
              "g.cfg:3: field 'disk': entry 1 is a list, expected a string");
    CHECK_STR(build_err(BASE "vif=['mac=00:16:3e:zz:00:00']\n"),
              "g.cfg:3: field 'vif': entry 1 'mac=00:16:3e:zz:00:00': invalid mac "
              "'00:16:3e:zz:00:00' (expected six hex pairs like 00:16:3e:01:02:03)");
    CHECK_STR(build_err(BASE "vif=['devid=1', 'devid=1']\n"),
              "g.cfg:3: field 'vif': entries 1 and 2 both use devid 1");
}

TEST(domcfg_vif_devids_fill_gaps)
{
    struct xl_domain_config dc;

    CHECK_EQ(build(&dc, BASE "vif=['', 'devid=0', '']\n"), 0);
    CHECK_EQ(dc.nnics, 3);
    if (dc.nnics == 3) {
        CHECK_EQ(dc.nics[0].devid, 1);
        CHECK_EQ(dc.nics[1].devid, 0);
        CHECK_EQ(dc.nics[2].devid, 2);
        CHECK_EQ(dc.nics[0].has_mac, 0);
    }
    xl_domain_config_dispose(&dc);
}

TEST(domcfg_long_cmdline_refused)
{
    char *text = malloc(1200);

    snprintf(text, 1200, BASE "extra='%01100d'\n", 0);
    CHECK(strstr(build_err(text), "field 'extra': kernel command line is 1100"));
    free(text);
}

/* ---- disk specifications ---- */

static struct xl_disk disk;

static int dspec(const char *s)
{
    return xl_parse_disk_spec(&disk, s, err, sizeof(err));
}

TEST(disk_doc_examples_equivalent)
{
    static const char *const same[] = {
        "/dev/vg/guest-volume,,hda",
        "/dev/vg/guest-volume,raw,hda,rw",
        "format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume",
        "raw:/dev/vg/guest-volume,hda,w",
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        CHECK_EQ(dspec(same[i]), 0);
        CHECK_STR(disk.target, "/dev/vg/guest-volume");
        CHECK_EQ(disk.format, XL_DISK_FORMAT_RAW);
        CHECK_STR(disk.vdev, "hda");
        CHECK_EQ(disk.devid, 3 << 8);
        CHECK_EQ(disk.readwrite, 1);
        CHECK_EQ(disk.cdrom, 0);
        xl_disk_dispose(&disk);
    }
}

TEST(disk_doc_cdrom_examples_equivalent)
{
    static const char *const same[] = {
        "/root/image.iso,,hdc,cdrom",
        "/root/image.iso,,hdc,,cdrom",
        "/root/image.iso,raw,hdc,devtype=cdrom",
        "format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/root/image.iso",
        "raw:/root/image.iso,hdc:cdrom,ro",
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        CHECK_EQ(dspec(same[i]), 0);
        CHECK_STR(disk.target, "/root/image.iso");
        CHECK_STR(disk.vdev, "hdc");
        CHECK_EQ(disk.devid, 22 << 8);
        CHECK_EQ(disk.readwrite, 0);
        CHECK_EQ(disk.cdrom, 1);
        xl_disk_dispose(&disk);
    }
}

TEST(disk_legacy_forms)
{
    CHECK_EQ(dspec("phy:/dev/sdb1,xvda1,w"), 0);
    CHECK_STR(disk.target, "/dev/sdb1");
    CHECK_EQ(disk.devid, 51713);
    xl_disk_dispose(&disk);
    CHECK_EQ(dspec("tap:aio:/img/a.img,xvdb,r"), 0);
    CHECK_STR(disk.target, "/img/a.img");
    CHECK_EQ(disk.readwrite, 0);
    xl_disk_dispose(&disk);
    CHECK_EQ(dspec("file:/img/b.img,xvdc,w"), 0);
    CHECK_STR(disk.target, "/img/b.img");
    xl_disk_dispose(&disk);
    CHECK_EQ(dspec("iscsi:iqn.2001-05.com.example:disk,xvdd,w"), 0);
    CHECK_STR(disk.script, "block-iscsi");
    CHECK_STR(disk.target, "iqn.2001-05.com.example:disk");
    xl_disk_dispose(&disk);
    CHECK_EQ(dspec(",hdc:cdrom,r"), 0);
    CHECK(disk.target == NULL);
    CHECK_EQ(disk.cdrom, 1);
    xl_disk_dispose(&disk);
    CHECK_EQ(dspec("qcow2:/img/q.qcow2,xvde,w"), 0);
    CHECK_EQ(disk.format, XL_DISK_FORMAT_QCOW2);
    xl_disk_dispose(&disk);
}

TEST(disk_relative_target_gets_dev)
{
    CHECK_EQ(dspec("vg/root,raw,xvda"), 0);
    CHECK_STR(disk.target, "/dev/vg/root");
    xl_disk_dispose(&disk);
}

TEST(disk_flags_and_keys)
{
    CHECK_EQ(dspec("/a,raw,xvda,rw,no-discard,direct-io-safe,untrusted,"
                   "backend=drv,backendtype=phy,script=block-x"), 0);
    CHECK_EQ(disk.discard, 0);
    CHECK_EQ(disk.direct_io_safe, 1);
    CHECK_EQ(disk.trusted, 0);
    CHECK_STR(disk.backend, "drv");
    CHECK_STR(disk.backendtype, "phy");
    CHECK_STR(disk.script, "block-x");
    xl_disk_dispose(&disk);
    CHECK_EQ(dspec("vdev=xvda,/a"), 0);
    CHECK_STR(disk.target, "/a");
    xl_disk_dispose(&disk);
}

TEST(disk_target_key_takes_rest)
{
    CHECK_EQ(dspec("vdev=xvda, target=/path/with,comma and space "), 0);
    CHECK_STR(disk.target, "/path/with,comma and space ");
    xl_disk_dispose(&disk);
}

TEST(disk_errors)
{
    CHECK_EQ(dspec("/a,raw"), -1);
    CHECK_STR(err, "no vdev given (e.g. xvda)");
    CHECK_EQ(dspec(",raw,xvda"), -1);
    CHECK_STR(err, "no target given");
    CHECK_EQ(dspec("/a,raw,xvda,rx"), -1);
    CHECK_STR(err, "unknown access 'rx' (expected rw, w, ro or r)");
    CHECK_EQ(dspec("/a,raw,xvda,rw,extra"), -1);
    CHECK_STR(err, "too many positional parameters at 'extra'");
    CHECK_EQ(dspec("/a,raw,zzz"), -1);
    CHECK_STR(err, "invalid vdev 'zzz'");
    CHECK_EQ(dspec("/a,raw,xvda,vdev=xvdb"), -1);
    CHECK_STR(err, "'vdev' given more than once");
    CHECK_EQ(dspec("/a,raw,xvda,color=red"), -1);
    CHECK_STR(err, "unknown parameter 'color'");
    CHECK_EQ(dspec("/a,raw,xvda,devtype=floppy"), -1);
    CHECK_STR(err, "unknown devtype 'floppy' (expected cdrom)");
    CHECK_EQ(dspec("/a,raw,hdc,rw,cdrom"), -1);
    CHECK_STR(err, "a cdrom must be read-only");
    CHECK_EQ(dspec("/a,raw,xvda,backendtype=nbd"), -1);
    CHECK(strstr(err, "unknown backendtype 'nbd'"));
    CHECK_EQ(dspec("/a,,hdc:floppy,r"), -1);
    CHECK_STR(err, "unknown device type 'floppy' in vdev");
    CHECK_EQ(dspec(""), -1);
    CHECK_EQ(dspec("/a,raw,xvda,colo"), -1);
    /* A failed parse leaves nothing to free. */
    CHECK(disk.target == NULL && disk.vdev == NULL);
}

/* ---- vdevs ---- */

TEST(vdev_encodings)
{
    uint32_t d;

    CHECK_EQ(xl_vdev_to_devid("xvda", &d), 0); CHECK_EQ(d, 51712);
    CHECK_EQ(xl_vdev_to_devid("xvdb2", &d), 0); CHECK_EQ(d, 202 << 8 | 1 << 4 | 2);
    CHECK_EQ(xl_vdev_to_devid("xvdp15", &d), 0); CHECK_EQ(d, 202 << 8 | 15 << 4 | 15);
    CHECK_EQ(xl_vdev_to_devid("xvdq", &d), 0); CHECK_EQ(d, 1u << 28 | 16 << 8);
    CHECK_EQ(xl_vdev_to_devid("xvda16", &d), 0); CHECK_EQ(d, 1u << 28 | 16);
    CHECK_EQ(xl_vdev_to_devid("xvdtq37", &d), 0); CHECK_EQ(d, 1u << 28 | 536 << 8 | 37);
    CHECK_EQ(xl_vdev_to_devid("d536p37", &d), 0); CHECK_EQ(d, 1u << 28 | 536 << 8 | 37);
    CHECK_EQ(xl_vdev_to_devid("d0", &d), 0); CHECK_EQ(d, 51712);
    CHECK_EQ(xl_vdev_to_devid("d1p2", &d), 0); CHECK_EQ(d, 202 << 8 | 1 << 4 | 2);
    CHECK_EQ(xl_vdev_to_devid("sdb3", &d), 0); CHECK_EQ(d, 8 << 8 | 1 << 4 | 3);
    CHECK_EQ(xl_vdev_to_devid("hda", &d), 0); CHECK_EQ(d, 768);
    CHECK_EQ(xl_vdev_to_devid("hdb1", &d), 0); CHECK_EQ(d, 3 << 8 | 1 << 6 | 1);
    CHECK_EQ(xl_vdev_to_devid("hdc2", &d), 0); CHECK_EQ(d, 22 << 8 | 2);
    CHECK_EQ(xl_vdev_to_devid("hdd", &d), 0); CHECK_EQ(d, 22 << 8 | 1 << 6);
    CHECK_EQ(xl_vdev_to_devid("51712", &d), 0); CHECK_EQ(d, 51712);
    CHECK_EQ(xl_vdev_to_devid("0xca00", &d), 0); CHECK_EQ(d, 51712);
}

TEST(vdev_rejects)
{
    uint32_t d;
    static const char *const bad[] = {
        "", "xvd", "xvdA", "xvda-1", "xvda256x", "sdq", "sda16", "hde",
        "hda64", "d", "dp1", "d1p", "d1048576", "d0p256", "0", "-5", "vda",
        "xvdaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (xl_vdev_to_devid(bad[i], &d) == 0)
            unit_fail(__FILE__, __LINE__, "vdev '%s' accepted", bad[i]);
    }
}

/* ---- vif specifications ---- */

TEST(nic_spec_keys)
{
    struct xl_nic n;

    CHECK_EQ(xl_parse_nic_spec(&n, "mac=00:16:3E:74:3d:76,model=rtl8139,"
                               "bridge=xenbr0, script=vif-route,ip=1.2.3.4 "
                               "5.6.7.8,vifname=web0,type=vif,netdev=eth0,"
                               "backend=0,rate=1MB/s@20ms,mtu=9000,devid=3,"
                               "trusted", err, sizeof(err)), 0);
    CHECK_EQ(n.mac[2], 0x3e);
    CHECK_EQ(n.mac[5], 0x76);
    CHECK_STR(n.model, "rtl8139");
    CHECK_STR(n.bridge, "xenbr0");
    CHECK_STR(n.script, "vif-route");
    CHECK_STR(n.ip, "1.2.3.4 5.6.7.8");
    CHECK_STR(n.vifname, "web0");
    CHECK_STR(n.gatewaydev, "eth0");
    CHECK_STR(n.rate, "1MB/s@20ms");
    CHECK_EQ(n.mtu, 9000);
    CHECK_EQ(n.devid, 3);
    CHECK_EQ(n.trusted, 1);
    xl_nic_dispose(&n);
    CHECK_EQ(xl_parse_nic_spec(&n, "", err, sizeof(err)), 0);
    CHECK_EQ(n.has_mac, 0);
    CHECK_EQ(n.devid, -1);
    xl_nic_dispose(&n);
}

TEST(nic_spec_errors)
{
    struct xl_nic n;
    static const struct { const char *spec, *msg; } bad[] = {
        { "mac=00:16:3e:00:00", "invalid mac '00:16:3e:00:00'" },
        { "mac=01:00:5e:00:00:01", "is a multicast address" },
        { "mac=00:16:3e:00:00:01,mac=00:16:3e:00:00:02", "given more than once" },
        { "bridge=a,bridge=b", "'bridge' given more than once" },
        { "mtu=20", "invalid mtu '20'" },
        { "devid=x", "invalid devid 'x'" },
        { "type=tap", "unknown type 'tap'" },
        { "rate=fast", "invalid rate 'fast'" },
        { "rate=10Mb/m", "invalid rate" },
        { "rate=10Mb/s@5", "invalid rate" },
        { "speed=1", "unknown parameter 'speed'" },
        { "promisc", "unknown flag 'promisc'" },
        { "accel=x", "'accel' is not supported" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (xl_parse_nic_spec(&n, bad[i].spec, err, sizeof(err)) == 0) {
            unit_fail(__FILE__, __LINE__, "vif '%s' accepted", bad[i].spec);
            xl_nic_dispose(&n);
        } else if (!strstr(err, bad[i].msg)) {
            unit_fail(__FILE__, __LINE__, "vif '%s': got '%s'", bad[i].spec,
                      err);
        }
    }
    CHECK_EQ(xl_parse_nic_spec(&n, "rate=10Mb/s", err, sizeof(err)), 0);
    xl_nic_dispose(&n);
    CHECK_EQ(xl_parse_nic_spec(&n, "rate=250KB", err, sizeof(err)), 0);
    xl_nic_dispose(&n);
}

/* ---- helpers ---- */

TEST(size_suffixes)
{
    uint64_t b;

    CHECK_EQ(xl_parse_size("128m", 'k', &b), 0); CHECK_EQ(b, 128ull << 20);
    CHECK_EQ(xl_parse_size("128M", 'k', &b), 0); CHECK_EQ(b, 128ull << 20);
    CHECK_EQ(xl_parse_size("2g", 'k', &b), 0); CHECK_EQ(b, 2ull << 30);
    CHECK_EQ(xl_parse_size("1T", 'k', &b), 0); CHECK_EQ(b, 1ull << 40);
    CHECK_EQ(xl_parse_size("512", 'k', &b), 0); CHECK_EQ(b, 512ull << 10);
    CHECK_EQ(xl_parse_size("512", 'm', &b), 0); CHECK_EQ(b, 512ull << 20);
    CHECK_EQ(xl_parse_size("7b", 'm', &b), 0); CHECK_EQ(b, 7);
    CHECK_EQ(xl_parse_size("", 'k', &b), -1);
    CHECK_EQ(xl_parse_size("m", 'k', &b), -1);
    CHECK_EQ(xl_parse_size("12x", 'k', &b), -1);
    CHECK_EQ(xl_parse_size("12mb", 'k', &b), -1);
    CHECK_EQ(xl_parse_size("-1m", 'k', &b), -1);
    CHECK_EQ(xl_parse_size("99999999999t", 'k', &b), -1);
    CHECK_EQ(xl_parse_size("99999999999999999999999", 'k', &b), -1);
}

TEST(uuid_and_mac_parsers)
{
    uint8_t u[16], m[6];

    CHECK_EQ(xl_parse_uuid("00112233-4455-6677-8899-aabbccddeeff", u), 0);
    CHECK_EQ(u[0], 0x00); CHECK_EQ(u[4], 0x44); CHECK_EQ(u[15], 0xff);
    CHECK_EQ(xl_parse_uuid("00112233-4455-6677-8899-aabbccddeef", u), -1);
    CHECK_EQ(xl_parse_uuid("00112233-4455-6677-8899-aabbccddeeff0", u), -1);
    CHECK_EQ(xl_parse_uuid("0011223344556677-8899-aabb-ccddeeff", u), -1);
    CHECK_EQ(xl_parse_uuid("", u), -1);
    CHECK_EQ(xl_parse_mac("aa:bb:cc:dd:ee:ff", m), 0);
    CHECK_EQ(m[0], 0xaa);
    CHECK_EQ(xl_parse_mac("aa:bb:cc:dd:ee:ff:", m), -1);
    CHECK_EQ(xl_parse_mac("aa-bb-cc-dd-ee-ff", m), -1);
    CHECK_EQ(xl_parse_mac("a:bb:cc:dd:ee:ff", m), -1);
}

TEST(action_names_round_trip)
{
    for (int a = XL_ACTION_DESTROY; a <= XL_ACTION_SOFT_RESET; a++) {
        enum xl_action back;
        CHECK_EQ(xl_action_from_name(xl_action_name((enum xl_action)a), &back), 0);
        CHECK_EQ(back, a);
    }
    CHECK_STR(xl_disk_format_name(XL_DISK_FORMAT_QCOW2), "qcow2");
}

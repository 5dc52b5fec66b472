/*
 * fuzz_xlcfg.c - libFuzzer entry for the xl.cfg parser and the domain
 * config built from it (tools/libxl/xlcfg.c, domcfg.c).
 *
 * Each input is parsed as a config file; when it parses, the typed domain
 * description is built and disposed, and every setting is rendered back
 * to text.  The sanitizers do the judging.  The first byte, when it is
 * '!', makes the rest a single disk spec and then a vif spec instead, so
 * those parsers get direct attention too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domcfg.h"
#include "xlcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[XLCFG_ERRLEN];

    if (size && data[0] == '!') {
        char *spec = malloc(size);
        struct xl_disk d;
        struct xl_nic n;
        uint32_t devid;

        if (!spec)
            return 0;
        memcpy(spec, data + 1, size - 1);
        spec[size - 1] = '\0';
        if (xl_parse_disk_spec(&d, spec, err, sizeof(err)) == 0)
            xl_disk_dispose(&d);
        if (xl_parse_nic_spec(&n, spec, err, sizeof(err)) == 0)
            xl_nic_dispose(&n);
        (void)xl_vdev_to_devid(spec, &devid);
        free(spec);
        return 0;
    }

    struct xlcfg *cfg = xlcfg_new("fuzz.cfg");
    if (!cfg)
        return 0;
    if (xlcfg_parse_text(cfg, NULL, (const char *)data, size, err,
                         sizeof(err)) == 0) {
        struct xl_domain_config dc;

        for (const struct xlcfg_setting *s = cfg->first; s; s = s->next)
            free(xlcfg_value_to_string(s->value));
        if (xl_domain_config_from_cfg(&dc, cfg, err, sizeof(err)) == 0)
            xl_domain_config_dispose(&dc);
    }
    xlcfg_free(cfg);
    return 0;
}

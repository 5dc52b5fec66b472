/*
 * bzimage.c - the x86 Linux boot protocol setup header of a bzImage
 * (Documentation/arch/x86/boot.rst), enough to find the compressed payload.
 *
 * Layout: the boot sector and setup code fill (setup_sects + 1) 512-byte
 * sectors (setup_sects 0 means 4); the protected-mode kernel follows.  From
 * protocol 2.08 the header gives payload_offset (from the start of the
 * protected-mode kernel) and payload_length of the compressed vmlinux.
 * Every field is checked against the image length before use.
 */
#include "private.h"

#define HDR_SETUP_SECTS     0x1f1
#define HDR_BOOT_FLAG       0x1fe
#define HDR_MAGIC           0x202
#define HDR_VERSION         0x206
#define HDR_PAYLOAD_OFFSET  0x248
#define HDR_PAYLOAD_LENGTH  0x24c
#define HDR_INIT_SIZE       0x260
#define HDR_END_208         0x250   /* bytes the 2.08 fields need */
#define HDR_END_210         0x264

#define BOOT_FLAG           0xaa55
#define HDRS_MAGIC          0x53726448u     /* "HdrS" */
#define PROTOCOL_MIN        0x0208

int bzimage_parse(const void *img, size_t len, struct bzimage_info *info)
{
    const uint8_t *p = img;
    size_t setup_len, kernel_len;
    uint32_t off, plen;

    if (len < HDR_END_208 || get_le16(p + HDR_BOOT_FLAG) != BOOT_FLAG ||
        get_le32(p + HDR_MAGIC) != HDRS_MAGIC)
        return -EINVAL;
    info->version = get_le16(p + HDR_VERSION);
    if (info->version < PROTOCOL_MIN)
        return -EOPNOTSUPP;
    info->setup_sects = p[HDR_SETUP_SECTS] ? p[HDR_SETUP_SECTS] : 4;
    setup_len = ((size_t)info->setup_sects + 1) * 512;
    if (setup_len > len)
        return -EINVAL;
    kernel_len = len - setup_len;

    off = get_le32(p + HDR_PAYLOAD_OFFSET);
    plen = get_le32(p + HDR_PAYLOAD_LENGTH);
    if (plen < 4 || off > kernel_len || plen > kernel_len - off)
        return -EINVAL;
    info->payload = p + setup_len + off;
    info->payload_len = plen;
    info->init_size = (info->version >= 0x020a && len >= HDR_END_210) ?
                      get_le32(p + HDR_INIT_SIZE) : 0;
    info->payload_isize = get_le32(info->payload + plen - 4);
    return 0;
}

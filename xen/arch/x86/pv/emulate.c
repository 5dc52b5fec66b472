/*
 * emulate.c - the vCPU side of privileged-instruction emulation: the
 * callbacks priv_op.c runs the decoded instruction through (MSRs, control
 * registers, CPUID policy, port I/O), and the #GP/#UD entry points.
 *
 * Policy (see pv.h for the state):
 *  - MSRs: FS/GS bases are the vCPU's (kernel GS in MSR_GS_BASE while in
 *    kernel mode, the user one in MSR_SHADOW_GS_BASE's place); a few reads
 *    Linux makes at boot are answered with safe constants; writes to MSRs
 *    we do not model are dropped while the guest has no #GP handler and
 *    refused (#GP) afterwards, as Xen does for PV guests;
 *  - CR0: only TS is the guest's (fpu_taskswitch's virtual TS); CR4 reads
 *    show PAE, OSFXSR and OSXMMEXCPT, writes are accepted and ignored;
 *  - port I/O: ports the domain may use (all for the hardware domain),
 *    if the virtual IOPL is >= 1 (kernel) or 3 (user) or the vCPU's I/O
 *    bitmap allows them (physdev.c); the PIC, PIT and the hypervisor's
 *    serial port stay ours
 *    (reads give all ones, writes are dropped);
 *  - guest user mode gets I/O emulation only: MSR/CR accesses fault.
 */
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/serial.h>
#include <asm/io.h>
#include <asm/processor.h>
#include "cpuid_policy.h"
#include "priv_op.h"
#include "pv.h"

#define MSR_PAT            0x277
#define MSR_MISC_ENABLE    0x1a0
#define MSR_FEATURE_CTL    0x3a
#define MSR_PLATFORM_INFO  0xce
#define MSR_UCODE_REV      0x8b
#define MSR_PLATFORM_ID    0x17
#define MSR_TSC_AUX        0xc0000103
/* Virtual machine-check banks, as Xen's vMCE: two banks that never log. */
#define MSR_MCG_CAP        0x179
#define MSR_MCG_STATUS     0x17a
#define MSR_MC0_CTL        0x400
#define VMCE_BANKS         2
#define MSR_IS_VMCE_BANK(m) ((m) >= MSR_MC0_CTL && \
                             (m) < MSR_MC0_CTL + 4 * VMCE_BANKS)

struct emul_ctx {
    struct vcpu *v;
    bool user;
    /* The last guest access that faulted (INS/OUTS): address, a write? */
    unsigned long pf_addr;
    bool pf_write;
};

static bool canonical(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

static unsigned int emul_fetch(void *ctx, unsigned long va, uint8_t *buf,
                               unsigned int n)
{
    return n - raw_copy_from_guest(buf, va, n);
}

static bool gp_handler_installed(struct vcpu *v)
{
    return pv_vcpu(v)->traps[13].address != 0;
}

static int emul_read_msr(void *c, uint32_t msr, uint64_t *val)
{
    struct emul_ctx *e = c;
    struct pv_vcpu *pv = pv_vcpu(e->v);

    if (e->user)
        return -1;
    switch (msr) {
    case MSR_FS_BASE:
        *val = rdmsr(MSR_FS_BASE);
        return 0;
    case MSR_GS_BASE:
        *val = rdmsr(MSR_GS_BASE);
        return 0;
    case MSR_SHADOW_GS_BASE:
        *val = pv->gs_base_user;
        return 0;
    case MSR_EFER:
        *val = rdmsr(MSR_EFER);
        return 0;
    case MSR_APIC_BASE:
        *val = 0xfee00000UL | (1UL << 11) | (e->v->vcpu_id ? 0 : 1UL << 8);
        return 0;
    case MSR_PAT:
        *val = rdmsr(MSR_PAT);
        return 0;
    case MSR_FEATURE_CTL:
        *val = 1;                       /* locked, nothing enabled */
        return 0;
    case MSR_MISC_ENABLE:
    case MSR_PLATFORM_INFO:
    case MSR_UCODE_REV:
    case MSR_PLATFORM_ID:
        *val = 0;
        return 0;
    case MSR_MCG_CAP:
        *val = VMCE_BANKS;
        return 0;
    case MSR_MCG_STATUS:
        *val = 0;
        return 0;
    }
    if (MSR_IS_VMCE_BANK(msr)) {
        *val = 0;
        return 0;
    }
    if (!gp_handler_installed(e->v)) {
        *val = 0;
        return 0;
    }
    return -1;
}

static int emul_write_msr(void *c, uint32_t msr, uint64_t val)
{
    struct emul_ctx *e = c;
    struct pv_vcpu *pv = pv_vcpu(e->v);

    if (e->user)
        return -1;
    switch (msr) {
    case MSR_FS_BASE:
        if (!canonical(val))
            return -1;
        wrmsr(MSR_FS_BASE, val);
        return 0;
    case MSR_GS_BASE:
        if (!canonical(val))
            return -1;
        wrmsr(MSR_GS_BASE, val);
        return 0;
    case MSR_SHADOW_GS_BASE:
        if (!canonical(val))
            return -1;
        pv->gs_base_user = val;
        return 0;
    case MSR_EFER:
        return val == rdmsr(MSR_EFER) ? 0 : -1;
    case MSR_UCODE_REV:
    case MSR_MISC_ENABLE:
    case MSR_TSC_AUX:
    case MSR_MCG_STATUS:
        return 0;
    }
    if (MSR_IS_VMCE_BANK(msr))
        return 0;
    return gp_handler_installed(e->v) ? -1 : 0;
}

static int emul_read_cr(void *c, unsigned int cr, uint64_t *val)
{
    struct emul_ctx *e = c;
    struct pv_vcpu *pv = pv_vcpu(e->v);

    if (e->user)
        return -1;
    switch (cr) {
    case 0:
        *val = (read_cr0() & ~X86_CR0_TS) | (pv->fpu_ts ? X86_CR0_TS : 0);
        return 0;
    case 2:
        *val = e->v->vcpu_info->arch.cr2;
        return 0;
    case 3:
        *val = (uint64_t)(pv->in_kernel ? pv->mmu.guest_table
                                        : pv->mmu.guest_table_user) << 12;
        return 0;
    case 4:
        *val = X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
        return 0;
    }
    return -1;
}

static int emul_write_cr(void *c, unsigned int cr, uint64_t val)
{
    struct emul_ctx *e = c;
    struct pv_vcpu *pv = pv_vcpu(e->v);

    if (e->user)
        return -1;
    switch (cr) {
    case 0:
        pv->fpu_ts = val & X86_CR0_TS;
        if (pv->fpu_ts)
            write_cr0(read_cr0() | X86_CR0_TS);
        else
            __asm__ volatile("clts");
        return 0;
    case 2:
        e->v->vcpu_info->arch.cr2 = val;
        return 0;
    case 4:
        return 0;
    }
    return -1;
}

static int emul_xsetbv(void *c, uint32_t index, uint64_t val)
{
    return -1;                          /* XSAVE is hidden */
}

static void emul_cpuid(void *c, uint32_t leaf, uint32_t sub, uint32_t res[4])
{
    struct emul_ctx *e = c;
    struct pv_cpuid_opts o = {
        .dom0 = e->v->domain->is_privileged,
        .xen_major = 4, .xen_minor = 17,
    };

    cpuid_count(leaf, sub, &res[0], &res[1], &res[2], &res[3]);
    pv_cpuid_policy(leaf, sub, res, &o);
}

static bool port_is_ours(uint16_t port, unsigned int bytes)
{
    unsigned int end = port + bytes;
    uint16_t uart = serial_cfg.io_base;

    if (port < 0x22 && end > 0x20)      /* master PIC */
        return true;
    if (port < 0xa2 && end > 0xa0)      /* slave PIC */
        return true;
    /*
     * PIT: channels 0 and 1 stay ours.  Channel 2 (the speaker/calibration
     * timer, used by the hypervisor only while it boots) is the hardware
     * domain's, as Xen gives dom0 a channel 2: Linux's quick PIT TSC
     * calibration uses it.  Single-byte accesses to 0x42 pass; commands on
     * 0x43 pass only for channel 2 (pit_cmd_is_ch2).
     */
    if (port == 0x42 && bytes == 1)
        return false;
    if (port < 0x44 && end > 0x40)
        return true;
    return uart && port < uart + 8 && end > uart;
}

/* A PIT command that touches channel 2 only: select 2, or a read-back of
 * channel 2 alone. */
static bool pit_cmd_is_ch2(uint8_t cmd)
{
    if ((cmd >> 6) == 2)
        return true;
    return (cmd >> 6) == 3 && (cmd & 0x0e) == 0x08;
}

/*
 * As Xen 4.17's guest_io_okay then admin_io_okay: the guest's own rule
 * (virtual IOPL, else its I/O bitmap) decides whether IN/OUT is allowed at
 * all (#GP if not); the toolstack's grant decides whether it reaches the
 * hardware.  A port the domain was not granted reads as all ones and
 * swallows writes: Linux sets IOPL 1 in every PV guest and pokes PCI
 * configuration ports (0xcf8) early, in a domU too.
 */
static bool emul_io_allowed(void *c, uint16_t port, unsigned int bytes)
{
    struct emul_ctx *e = c;

    return pv_io_bitmap_allows(e->v, e->user, port, bytes);
}

/* dom0: every port; a domU: the ports granted by the toolstack. */
static bool emul_io_granted(const struct emul_ctx *e, uint16_t port,
                            unsigned int bytes)
{
    return e->v->domain->is_privileged ||
           rangeset_contains(&e->v->domain->ioport_caps, port,
                             port + bytes - 1);
}

static uint32_t emul_io_in(void *c, uint16_t port, unsigned int bytes)
{
    if (!emul_io_granted(c, port, bytes) || port_is_ours(port, bytes))
        return ~0U;
    switch (bytes) {
    case 1: return inb(port);
    case 2: return inw(port);
    default: return inl(port);
    }
}

static void emul_io_out(void *c, uint16_t port, unsigned int bytes,
                        uint32_t val)
{
    struct emul_ctx *e = c;

    if (!emul_io_granted(e, port, bytes))
        return;
    if (port == 0x43 && bytes == 1 && e->v->domain->is_privileged &&
        pit_cmd_is_ch2(val)) {
        outb(val, port);
        return;
    }
    if (port_is_ours(port, bytes))
        return;
    switch (bytes) {
    case 1: outb(val, port); break;
    case 2: outw(val, port); break;
    default: outl(val, port); break;
    }
}

static unsigned long emul_copy_from(void *c, void *dst, unsigned long va,
                                    unsigned long n)
{
    struct emul_ctx *e = c;
    unsigned long left = raw_copy_from_guest(dst, va, n);

    if (left) {
        e->pf_addr = va + (n - left);
        e->pf_write = false;
    }
    return left;
}

static unsigned long emul_copy_to(void *c, unsigned long va, const void *src,
                                  unsigned long n)
{
    struct emul_ctx *e = c;
    unsigned long left = raw_copy_to_guest(va, src, n);

    if (left) {
        e->pf_addr = va + (n - left);
        e->pf_write = true;
    }
    return left;
}

static void make_ops(struct priv_op_ops *ops, struct emul_ctx *e)
{
    e->v = current;
    e->user = !pv_vcpu(e->v)->in_kernel;
    e->pf_addr = 0;
    e->pf_write = false;
    *ops = (struct priv_op_ops){
        .ctx = e, .fetch = emul_fetch,
        .read_msr = emul_read_msr, .write_msr = emul_write_msr,
        .read_cr = emul_read_cr, .write_cr = emul_write_cr,
        .xsetbv = emul_xsetbv, .cpuid = emul_cpuid,
        .io_allowed = emul_io_allowed, .io_in = emul_io_in,
        .io_out = emul_io_out, .copy_from = emul_copy_from,
        .copy_to = emul_copy_to,
    };
}

/* #GP(0): true when handled (emulated, or a fault injected for it). */
bool pv_emulate_gp(struct cpu_user_regs *regs)
{
    struct priv_op_ops ops;
    struct emul_ctx e;

    make_ops(&ops, &e);
    switch (pv_emulate_priv_op(regs, &ops)) {
    case PRIV_DONE:
        return true;
    case PRIV_GP:
        pv_inject_trap(regs, 13, true, 0);
        return true;
    case PRIV_PF:
        /*
         * The string I/O's memory access faulted: the guest sees that #PF
         * (not-present, as the hypervisor cannot tell better; Linux
         * decides from its own tables), a hypervisor-space address
         * included, which the guest can never map.
         */
        pv_inject_page_fault(regs, e.pf_addr,
                             (e.pf_write ? 2 : 0) | (e.user ? 4 : 0));
        return true;
    default:
        return false;
    }
}

bool pv_emulate_ud(struct cpu_user_regs *regs)
{
    struct priv_op_ops ops;
    struct emul_ctx e;

    make_ops(&ops, &e);
    return pv_emulate_invalid_op(regs, &ops) == PRIV_DONE;
}

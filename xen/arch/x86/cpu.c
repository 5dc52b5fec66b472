/*
 * cpu.c - CPU features and per-CPU control-register set-up.
 *
 * SMEP and SMAP are turned on wherever the CPU has them (smep=0 / smap=0
 * turn them off).  With SMAP on, the hypervisor cannot touch user (guest)
 * pages except between stac and clac, which only asm/uaccess.h copies
 * use.  Without SMAP those instructions would fault (#UD), so at boot each
 * listed site is rewritten as a 3-byte NOP through the writable direct-map
 * alias of the (read-only) text.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <asm/page.h>
#include <asm/processor.h>

struct cpu_features boot_cpu;
static bool opt_smep = true, opt_smap = true;
boolean_param("smep", opt_smep);
boolean_param("smap", opt_smap);

bool smap_enabled, smep_enabled;

extern const unsigned long __start_smap_sites[], __stop_smap_sites[];

void cpu_features_init(void)
{
    uint32_t a, b, c, d;
    struct cpu_features *f = &boot_cpu;

    cpuid_count(0, 0, &a, &b, &c, &d);
    f->max_leaf = a;
    memcpy(f->vendor, &b, 4);
    memcpy(f->vendor + 4, &d, 4);
    memcpy(f->vendor + 8, &c, 4);
    cpuid_count(1, 0, &a, &b, &c, &d);
    f->x2apic = c & (1u << 21);
    f->tsc_deadline = c & (1u << 24);
    f->hypervisor = c & (1u << 31);
    f->pge = d & (1u << 13);
    if (f->max_leaf >= 7) {
        cpuid_count(7, 0, &a, &b, &c, &d);
        f->fsgsbase = b & (1u << 0);
        f->smep = b & (1u << 7);
        f->smap = b & (1u << 20);
    }
    cpuid_count(0x80000000, 0, &a, &b, &c, &d);
    f->max_ext_leaf = a;
    if (a >= 0x80000001) {
        cpuid_count(0x80000001, 0, &a, &b, &c, &d);
        f->nx = d & (1u << 20);
        f->pdpe1gb = d & (1u << 26);
    }
    if (f->max_ext_leaf >= 0x80000007) {
        cpuid_count(0x80000007, 0, &a, &b, &c, &d);
        f->invariant_tsc = d & (1u << 8);
    }
    smep_enabled = f->smep && opt_smep;
    smap_enabled = f->smap && opt_smap;
}

/* Rewrite every stac/clac as "nopl (%rax)" when SMAP is off. */
void smap_patch_sites(void)
{
    static const uint8_t nop3[3] = { 0x0f, 0x1f, 0x00 };

    if (smap_enabled)
        return;
    for (const unsigned long *s = __start_smap_sites; s < __stop_smap_sites; s++)
        memcpy(maddr_to_virt(virt_to_maddr((void *)*s)), nop3, sizeof(nop3));
    /* Serialise so this CPU does not run stale bytes; APs start later. */
    cpuid_count(0, 0, &(uint32_t){0}, &(uint32_t){0}, &(uint32_t){0},
                &(uint32_t){0});
}

/* Per CPU: CR0/CR4/EFER policy.  Called on every CPU before it touches
 * guest-visible state. */
void cpu_init_cr4(void)
{
    /* OSFXSR/OSXMMEXCPT: guests use SSE (the hypervisor never does). */
    unsigned long cr4 = read_cr4() | X86_CR4_PAE | X86_CR4_OSFXSR |
                        X86_CR4_OSXMMEXCPT;

    if (boot_cpu.pge)
        cr4 |= X86_CR4_PGE;
    if (smep_enabled)
        cr4 |= X86_CR4_SMEP;
    if (smap_enabled)
        cr4 |= X86_CR4_SMAP;
    write_cr4(cr4);
    write_cr0(read_cr0() | X86_CR0_WP | X86_CR0_NE);
    if (boot_cpu.nx)
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
}

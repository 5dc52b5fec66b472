/*
 * apic.c - local APIC: mode choice, per-CPU enable, IPIs, EOI and the
 * one-shot timer.
 *
 * x2APIC is used whenever CPUID offers it (no MMIO, 32-bit IDs, one MSR
 * write per IPI); otherwise xAPIC through an uncached ioremap of the APIC
 * page.  The timer uses TSC-deadline mode where present, else one-shot
 * mode with a count derived from the calibrated LAPIC timer rate.
 */
#include <xen/lib.h>
#include <xen/param.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/time.h>

#define APIC_BASE_EXTD   (1UL << 10)
#define APIC_BASE_ENABLE (1UL << 11)

bool x2apic_enabled;
bool tsc_deadline_enabled;
uint64_t lapic_timer_khz;
static volatile uint8_t *apic_mmio;
static bool opt_x2apic = true;
static bool opt_tsc_deadline = true;
boolean_param("x2apic", opt_x2apic);
boolean_param("tsc_deadline", opt_tsc_deadline);

uint32_t apic_read(unsigned int reg)
{
    if (x2apic_enabled)
        return rdmsr(0x800 + (reg >> 4));
    return readl(apic_mmio + reg);
}

void apic_write(unsigned int reg, uint32_t v)
{
    if (x2apic_enabled)
        wrmsr(0x800 + (reg >> 4), v);
    else
        writel(v, apic_mmio + reg);
}

uint32_t get_apic_id(void)
{
    uint32_t id = apic_read(APIC_ID);

    return x2apic_enabled ? id : id >> 24;
}

void ack_APIC_irq(void)
{
    apic_write(APIC_EOI, 0);
}

void apic_wait_icr_idle(void)
{
    if (x2apic_enabled)
        return;             /* x2APIC ICR writes complete synchronously */
    while (apic_read(APIC_ICR) & APIC_ICR_BUSY)
        __builtin_ia32_pause();
}

void apic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
    if (x2apic_enabled) {
        /* wrmsr to the ICR is not serialising: order earlier stores. */
        __asm__ volatile("mfence" ::: "memory");
        wrmsr(0x830, ((uint64_t)apic_id << 32) | icr_low);
        return;
    }
    apic_wait_icr_idle();
    apic_write(APIC_ICR2, apic_id << 24);
    apic_write(APIC_ICR, icr_low);
}

static void enable_mode_on_this_cpu(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

    if (x2apic_enabled)
        base |= APIC_BASE_EXTD;
    wrmsr(MSR_APIC_BASE, base);
}

void apic_bsp_init(void)
{
    x2apic_enabled = boot_cpu.x2apic && opt_x2apic;
    tsc_deadline_enabled = boot_cpu.tsc_deadline && opt_tsc_deadline;
    if (!x2apic_enabled)
        apic_mmio = ioremap(acpi_info.lapic_addr, PAGE_SIZE);
    printk("APIC: %s mode, timer: %s\n", x2apic_enabled ? "x2APIC" : "xAPIC",
           tsc_deadline_enabled ? "TSC-deadline" : "one-shot");
}

void apic_cpu_init(void)
{
    enable_mode_on_this_cpu();
    apic_write(APIC_TPR, 0);
    apic_write(APIC_SPIV, 0x100 | SPURIOUS_APIC_VECTOR);
    apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
    apic_write(APIC_LVT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT1, APIC_DM_NMI);         /* LINT1 is NMI on PCs */
    apic_write(APIC_LVTT, APIC_LVT_MASKED);
    apic_write(APIC_ESR, 0);
    ack_APIC_irq();
}

void apic_timer_setup(void)
{
    if (tsc_deadline_enabled) {
        apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR | APIC_LVT_TSC_DEADLINE);
        /* SDM: the mode switch must be visible before the deadline MSR. */
        __asm__ volatile("mfence" ::: "memory");
    } else {
        apic_write(APIC_TDCR, 0xb);              /* divide by 1 */
        apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);
    }
}

void apic_timer_set_tsc_deadline(uint64_t tsc)
{
    uint64_t now, ticks;

    if (tsc_deadline_enabled) {
        wrmsr(MSR_TSC_DEADLINE, tsc);
        return;
    }
    if (!tsc) {
        apic_write(APIC_TMICT, 0);
        return;
    }
    now = rdtsc();
    /* Cap the delta at ~1 s worth of TSC so the product cannot overflow;
     * a longer wait just takes an early interrupt and re-arms. */
    ticks = tsc > now ? MIN(tsc - now, cpu_khz * 1000) * lapic_timer_khz / cpu_khz : 0;
    apic_write(APIC_TMICT, ticks ? (ticks > 0xffffffffUL ? 0xffffffffU : ticks) : 1);
}

void apic_timer_calibrate_start(void)
{
    apic_write(APIC_TDCR, 0xb);
    apic_write(APIC_LVTT, APIC_LVT_MASKED);
    apic_write(APIC_TMICT, 0xffffffffU);
}

uint32_t apic_timer_calibrate_read(void)
{
    uint32_t left = apic_read(APIC_TMCCT);

    apic_write(APIC_TMICT, 0);
    return 0xffffffffU - left;
}

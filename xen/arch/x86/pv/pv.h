/*
 * pv.h - the x86 PV guest machinery: per-vCPU and per-domain state and the
 * interfaces between the files of arch/x86/pv.
 *
 * A PV vCPU runs in ring 3 in two modes, kernel and user, with separate
 * page tables (mmu.guest_table / mmu.guest_table_user) and GS bases; the
 * hypervisor switches between them (pv_toggle_mode) on HYPERVISOR_iret to
 * user mode and on every event, trap or syscall that enters the guest
 * kernel from user mode.
 *
 * Ownership: struct pv_vcpu belongs to its vCPU.  Fields are changed by
 * the vCPU itself (hypercalls, traps, all on the CPU running it) or, while
 * the vCPU is down and not running, by VCPUOP_initialise and the domain
 * builder.  regs is the saved frame only while the vCPU is not running;
 * while it runs, guest_cpu_user_regs() on its CPU is authoritative.
 */
#ifndef X86_PV_PV_H
#define X86_PV_PV_H

#include <xen/sched.h>
#include <xen/timer.h>
#include <asm/config.h>
#include <asm/percpu.h>
#include <asm/regs.h>
#include "pv_mm.h"

#define PV_MAX_GDT_FRAMES GDT_GUEST_PAGES     /* 14 frames: 7168 entries */

struct pv_trap {
    unsigned long address;                    /* 0: no handler */
    uint8_t flags;                            /* DPL | 4 = mask events */
};

struct pv_callback {
    unsigned long address;                    /* 0: none registered */
    bool mask_events;
};

struct pv_vcpu {
    struct pv_mmu_vcpu mmu;                   /* first: pv_mm.h's view */
    struct cpu_user_regs regs;                /* saved while not running */
    bool in_kernel;                           /* guest kernel mode */

    struct pv_trap traps[256];
    struct pv_callback event_cb, failsafe_cb, syscall_cb, syscall32_cb,
                       sysenter_cb, nmi_cb;
    unsigned long kernel_ss, kernel_sp;       /* stack_switch */

    /* Segment state; bases are live in the MSRs while running. */
    uint64_t fs_base, gs_base_kernel, gs_base_user;
    uint16_t ds, es, fs, gs;

    mfn_t gdt_frames[PV_MAX_GDT_FRAMES];      /* each holds a desc type */
    unsigned int gdt_ents;

    unsigned long debugreg[8];
    bool fpu_ts;                              /* virtual CR0.TS */
    unsigned int iopl;                        /* virtual IOPL (0-3) */
    uint8_t fpu[512] __attribute__((aligned(64)));  /* FXSAVE image */

    struct timer singleshot;                  /* VCPUOP_set_singleshot */
    struct timer periodic;                    /* VCPUOP_set_periodic */
    s_time_t periodic_ns;                     /* 0: stopped */
    unsigned long runstate_va;                /* guest VA, 0 = none */
    unsigned long vcpu_info_mfn;              /* registered, 0 = shared */
    bool initialised;                         /* has a context (builder,
                                                 VCPUOP_initialise) */
};

struct pv_domain {
    struct pv_mmu_domain mmu;                 /* first: pv_mm.h's view */
    uint32_t time_version;                    /* wallclock version */
    /*
     * The pseudo-physical map the toolstack set (XENMEM_set_memory_map),
     * NULL until then.  Replaced whole under e820_lock; readers copy it
     * out under the same lock.
     */
    spinlock_t e820_lock;
    struct pv_e820_entry *e820;
    unsigned int nr_e820;
};

/* One entry of a guest-visible memory map, as the ABI lays it out. */
struct pv_e820_entry {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

static inline struct pv_vcpu *pv_vcpu(const struct vcpu *v)
{
    return v->arch_priv;
}

static inline struct pv_domain *pv_domain(const struct domain *d)
{
    return d->arch_priv;
}

/* The frame of the guest running on this CPU (top of the stack). */
static inline struct cpu_user_regs *guest_cpu_user_regs(void)
{
    return (struct cpu_user_regs *)(this_cpu()->tss.rsp0 +
                                     (REGS_SIZE - REGS_HW_SIZE) - REGS_SIZE);
}

/* ---- domain.c ---- */
/* Call before this CPU's TLB is flushed whole (CR3 loads included). */
void pv_note_tlb_flush(void);

/* ---- context.c ---- */
void pv_toggle_mode(struct vcpu *v);           /* kernel <-> user */
void pv_load_gdt(struct vcpu *v);              /* into this CPU's window */
void __noreturn pv_enter_current(void);        /* first entry */
void reset_stack_and_jump(unsigned long rsp, void *target) __noreturn;
extern char ret_to_guest[];

/* ---- traps.c ---- */
/* Bounces vector to the guest's handler: 0, or -EFAULT (domain crashed). */
int pv_inject_trap(struct cpu_user_regs *regs, unsigned int vector,
                   bool has_error, uint32_t error);
int pv_inject_page_fault(struct cpu_user_regs *regs, unsigned long cr2,
                         uint32_t error);
/* A bounce frame to a callback (event, syscall, failsafe). */
int pv_bounce_callback(struct cpu_user_regs *regs,
                       const struct pv_callback *cb, bool failsafe);
void pv_do_guest_trap(struct cpu_user_regs *regs);
void __noreturn pv_domain_crash(const char *why);
void pv_deliver_events(struct cpu_user_regs *regs);

/* ---- iret.c, callback.c, descriptor.c, misc_op.c, ... ---- */
long do_iret(void);
void pv_register_hypercalls(void);
int pv_set_gdt(struct vcpu *v, const mfn_t *frames, unsigned int ents);
void pv_drop_gdt(struct vcpu *v);
bool pv_load_segment(unsigned int seg, uint16_t sel);
void pv_fpu_init(struct pv_vcpu *pv);

/* ---- pirq.c ---- */
void pv_pirq_init(void);
void pv_console_init(void);
void pv_pirq_relinquish(struct domain *d);
long pv_pirq_physdev_op(unsigned long cmd, unsigned long arg);

/* ---- vcpu.c ---- */
void pv_release_vcpu_info(struct vcpu *v);

/* ---- time.c ---- */
void pv_update_vcpu_time(struct vcpu *v);
void pv_update_runstate_area(struct vcpu *v);
void pv_timers_init(struct vcpu *v);
void pv_timers_start(struct vcpu *v);
void pv_timers_kill(struct vcpu *v);
void pv_time_init_domain(struct domain *d);
long pv_set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time);

/* ---- m2p.c ---- */
void m2p_init(void);
unsigned long m2p_virt_end(void);

/* ---- emulate.c ---- */
bool pv_emulate_ud(struct cpu_user_regs *regs);
bool pv_emulate_gp(struct cpu_user_regs *regs);

/* ---- dom0_build.c ---- */
int dom0_construct(void);

#endif

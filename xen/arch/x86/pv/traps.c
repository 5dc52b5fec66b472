/*
 * traps.c - exceptions raised by a PV guest, and bounce frames.
 *
 * A guest's fault arrives here (from do_trap, guest-mode frame).  What the
 * hypervisor can resolve it resolves: ptwr writes into pinned L1s (#PF),
 * privileged instructions (#GP, via priv_op.c), the forced-emulation
 * CPUID (#UD), software interrupts (#GP: "int N" to a gate of DPL 0 in the
 * real IDT).  Everything else is reflected ("bounced") to the handler the
 * guest registered with set_trap_table.
 *
 * Bounce frame, lowest address first: RCX, R11, [error code], RIP, CS,
 * RFLAGS, RSP, SS; the failsafe callback also gets DS, ES, FS, GS after
 * R11.  It is built on the guest kernel stack: the current RSP when the
 * guest is in kernel mode, kernel_sp (stack_switch) after switching from
 * user mode; the start is rounded down to 16 bytes.  Saved CS has its RPL
 * cleared for kernel context and the event mask in bits 32-39; saved
 * RFLAGS shows IF = !event mask and the virtual IOPL.  Every access to the
 * guest stack goes through copy_to_guest (SMAP stays on); a frame that
 * cannot be written crashes the domain.
 */
#include <xen/domain.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <public/sched.h>
#include <asm/desc.h>
#include <asm/extable.h>
#include <asm/processor.h>
#include <asm/system.h>
#include "pv.h"
#include "ptwr.h"

#define EFLAGS_TF   (1UL << 8)
#define EFLAGS_IOPL (3UL << 12)
#define EFLAGS_NT   (1UL << 14)
#define EFLAGS_RF   (1UL << 16)
#define EFLAGS_VM   (1UL << 17)

#define TRAP_debug     1
#define TRAP_nmi       2
#define TRAP_invalid_op 6
#define TRAP_no_device 7
#define TRAP_double_fault 8
#define TRAP_no_segment 11
#define TRAP_gp_fault  13
#define TRAP_page_fault 14

static bool has_error_code(unsigned int v)
{
    return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 ||
           v == 29 || v == 30;
}

void __noreturn pv_domain_crash(const char *why)
{
    struct vcpu *v = current;
    struct cpu_user_regs *r = guest_cpu_user_regs();

    printk(XENLOG_ERR "d%u v%u crashed: %s (rip %016lx rsp %016lx cs %x)\n",
           v->domain->domain_id, v->vcpu_id, why, (unsigned long)r->rip,
           (unsigned long)r->rsp, r->cs);
    domain_shutdown(v->domain, SHUTDOWN_crash);
    /* Paused: the scheduler takes it off this CPU on the way out. */
    reset_stack_and_jump((unsigned long)r, ret_to_guest);
}

/*
 * Builds the frame and points regs at handler.  nr_extra/extra: words
 * between R11 and RIP (error code, or the failsafe's segments).
 */
static int bounce(struct cpu_user_regs *regs, unsigned long handler,
                  bool mask_events, const uint64_t *extra,
                  unsigned int nr_extra)
{
    struct vcpu *v = current;
    struct pv_vcpu *pv = pv_vcpu(v);
    vcpu_info_t *vi = v->vcpu_info;
    uint8_t mask = READ_ONCE(vi->evtchn_upcall_mask);
    uint64_t frame[16];
    unsigned int n = 0;
    unsigned long sp;
    uint64_t cs = regs->cs, rflags;

    if (!handler)
        return -EINVAL;
    if (pv->in_kernel) {
        cs &= ~3UL;
        sp = regs->rsp;
    } else {
        pv_toggle_mode(v);
        sp = pv->kernel_sp;
    }
    rflags = regs->rflags & ~(X86_EFLAGS_IF | EFLAGS_IOPL);
    if (!mask)
        rflags |= X86_EFLAGS_IF;
    rflags |= (uint64_t)pv->iopl << 12;

    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    for (unsigned int i = 0; i < nr_extra; i++)
        frame[n++] = extra[i];
    frame[n++] = regs->rip;
    frame[n++] = cs | ((uint64_t)mask << 32);
    frame[n++] = rflags;
    frame[n++] = regs->rsp;
    frame[n++] = regs->ss;

    sp = (sp & ~15UL) - n * sizeof(uint64_t);
    if (copy_to_guest(sp, frame, n * sizeof(uint64_t)))
        pv_domain_crash("cannot write a bounce frame");

    regs->rip = handler;
    regs->cs = FLAT_RING3_CS64;
    regs->ss = FLAT_RING3_DS;
    regs->rsp = sp;
    regs->rflags &= ~(EFLAGS_TF | EFLAGS_NT | EFLAGS_RF | EFLAGS_VM |
                      X86_EFLAGS_AC);
    regs->rflags |= X86_EFLAGS_IF;
    if (mask_events)
        WRITE_ONCE(vi->evtchn_upcall_mask, 1);
    return 0;
}

int pv_inject_trap(struct cpu_user_regs *regs, unsigned int vector,
                   bool has_error, uint32_t error)
{
    struct pv_vcpu *pv = pv_vcpu(current);
    const struct pv_trap *t = &pv->traps[vector & 0xff];
    uint64_t err = error;

    if (!t->address) {
        printk(XENLOG_ERR "no guest handler for vector %u (error %#x, "
               "cr2 %#lx)\n", vector, error, read_cr2());
        pv_domain_crash("unhandled trap");
    }
    return bounce(regs, t->address, t->flags & 4, &err, has_error);
}

int pv_inject_page_fault(struct cpu_user_regs *regs, unsigned long cr2,
                         uint32_t error)
{
    struct vcpu *v = current;

    /* The U bit describes the guest's mode, not the CPU's ring. */
    error &= ~4U;
    if (!pv_vcpu(v)->in_kernel)
        error |= 4;
    WRITE_ONCE(v->vcpu_info->arch.cr2, cr2);
    return pv_inject_trap(regs, TRAP_page_fault, true, error);
}

int pv_bounce_callback(struct cpu_user_regs *regs,
                       const struct pv_callback *cb, bool failsafe)
{
    uint64_t segs[4];

    if (!failsafe)
        return bounce(regs, cb->address, cb->mask_events, NULL, 0);
    segs[0] = pv_vcpu(current)->ds;
    segs[1] = pv_vcpu(current)->es;
    segs[2] = pv_vcpu(current)->fs;
    segs[3] = pv_vcpu(current)->gs;
    return bounce(regs, cb->address, cb->mask_events, segs, 4);
}

void pv_deliver_events(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    struct pv_vcpu *pv = pv_vcpu(v);
    vcpu_info_t *vi = v->vcpu_info;

    if (!READ_ONCE(vi->evtchn_upcall_pending) ||
        READ_ONCE(vi->evtchn_upcall_mask) || !pv->event_cb.address)
        return;
    bounce(regs, pv->event_cb.address, true, NULL, 0);
}

/* ---- the faults ---- */

static unsigned int fetch_guest(unsigned long va, uint8_t *buf,
                                unsigned int n)
{
    return n - raw_copy_from_guest(buf, va, n);
}

/*
 * QEMU's TCG pops an IRET frame with supervisor, SMAP-checked accesses even
 * at CPL 3, so with SMAP on a guest's native iretq (Linux's sync_core) faults
 * on its own stack: a #PF without the U bit on a guest address.  A real CPU
 * makes those pops user accesses, so the hypervisor performs the
 * instruction as the CPU should have: a same-privilege 64-bit iretq.  A
 * 64-bit far return (lretq, 48 cb) pops the same way and is performed
 * likewise (RIP and CS; e.g. a far return to a code segment in the
 * guest's LDT), the target checked first as the CPU checks it (#GP or #NP
 * for a selector it would refuse).  Anything else (another
 * instruction, a frame the guest cannot read, an RPL other than 3) leaves
 * the fault to the guest.
 */
#define IRET_FLAGS_MASK 0x254dd5UL    /* CF PF AF ZF SF TF DF OF NT RF AC ID */

static bool canonical_va(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

/*
 * May a same-privilege far return load code selector sel?  0, or the
 * vector the CPU raises instead (#GP, #NP; error code sel & ~3).  LAR
 * reads the descriptor through the vCPU's GDT and LDT as loaded here (an
 * LDT page is mapped on the way, pv/ldt.c; one that cannot be is a #GP).
 */
static unsigned int far_return_fault(uint16_t sel)
{
    uint32_t ar = 0;
    bool ok = false;

    if ((sel & 3) != 3 || !(sel & ~3))
        return TRAP_gp_fault;
    __asm__ volatile("1: lar %w2, %0\n"
                     "   setz %1\n"
                     "2:\n"
                     _ASM_EXTABLE(1b, 2b)
                     : "+r"(ar), "+q"(ok) : "r"(sel) : "cc");
    /* A code segment (S, type bit 3), DPL 3 unless conforming. */
    if (!ok || !(ar & (1U << 12)) || !(ar & (1U << 11)) ||
        (!(ar & (1U << 10)) && ((ar >> 13) & 3) != 3))
        return TRAP_gp_fault;
    return (ar & (1U << 15)) ? 0 : TRAP_no_segment;
}

/* lretq under the quirk: RIP and CS, checked as the CPU checks them. */
static bool emulate_smap_lret(struct cpu_user_regs *regs)
{
    uint64_t f[2];                    /* RIP, CS */
    unsigned int vec;

    if (raw_copy_from_guest(f, regs->rsp, sizeof(f)))
        return false;
    if ((vec = far_return_fault((uint16_t)f[1]))) {
        pv_inject_trap(regs, vec, true, (uint16_t)f[1] & ~3U);
        return true;
    }
    if (!canonical_va(f[0])) {
        pv_inject_trap(regs, TRAP_gp_fault, true, 0);
        return true;
    }
    regs->rip = f[0];
    regs->cs = (uint16_t)f[1];
    regs->rsp += sizeof(f);
    return true;
}

static bool emulate_smap_iret(struct cpu_user_regs *regs, unsigned long cr2,
                              uint32_t error)
{
    uint8_t insn[2];
    uint64_t f[5];                    /* RIP, CS, RFLAGS, RSP, SS */

    if (!smap_enabled || (error & 0x1c) || cr2 - regs->rsp >= sizeof(f))
        return false;
    if (raw_copy_from_guest(insn, regs->rip, sizeof(insn)) ||
        insn[0] != 0x48 || (insn[1] != 0xcf && insn[1] != 0xcb))
        return false;
    if (insn[1] == 0xcb)
        return emulate_smap_lret(regs);
    if (raw_copy_from_guest(f, regs->rsp, sizeof(f)))
        return false;
    if ((f[1] & 3) != 3 || (f[4] & 3) != 3 || (f[1] & ~0xffffUL) ||
        (f[4] & ~0xffffUL) || !canonical_va(f[0]) || !canonical_va(f[3]))
        return false;
    regs->rip = f[0];
    regs->cs = f[1];
    regs->rflags = (regs->rflags & ~IRET_FLAGS_MASK) |
                   (f[2] & IRET_FLAGS_MASK);
    regs->rsp = f[3];
    regs->ss = f[4];
    return true;
}

static void do_page_fault(struct cpu_user_regs *regs)
{
    struct vcpu *v = current;
    unsigned long cr2 = read_cr2();
    struct pv_vcpu *pv = pv_vcpu(v);

    /* The CPU reading a descriptor from a not yet mapped LDT page. */
    if (pv_ldt_guest_fault(regs, cr2))
        return;
    /*
     * A kernel write into one of its read-only page tables.  Xen 4.17
     * emulates these for 64-bit PV guests whether or not the guest enabled
     * VMASST_TYPE_writable_pagetables (the mmu microkernel checks it).
     */
    if (pv->in_kernel && (regs->error_code & 0x1b) == 0x3 &&
        pv->mmu.guest_table) {
        struct ptwr_ctx c = {
            .v = v, .regs = regs, .cr2 = cr2,
            .fs_base = rdmsr(MSR_FS_BASE), .gs_base = rdmsr(MSR_GS_BASE),
            .fetch = fetch_guest,
        };
        bool flush = false;

        if (pv_ptwr_emulate(&c, &flush) == PTWR_DONE) {
            if (flush)
                arch_flush_domain_tlbs(v->domain);
            return;
        }
    }
    if (emulate_smap_iret(regs, cr2, regs->error_code))
        return;
    pv_inject_page_fault(regs, cr2, regs->error_code);
}

/* "int N" raised #GP (the real gate has DPL 0): the guest's gate decides.
 * The error code is not trusted (QEMU TCG reports N*16+2). */
static bool do_soft_int(struct cpu_user_regs *regs)
{
    struct pv_vcpu *pv = pv_vcpu(current);
    uint8_t insn[2];
    const struct pv_trap *t;
    unsigned int dpl_needed = pv->in_kernel ? 1 : 3;

    if (raw_copy_from_guest(insn, regs->rip, 2) || insn[0] != 0xcd)
        return false;
    t = &pv->traps[insn[1]];
    if (t->address && (t->flags & 3) >= dpl_needed) {
        regs->rip += 2;
        bounce(regs, t->address, t->flags & 4, NULL, 0);
    } else {
        pv_inject_trap(regs, TRAP_gp_fault, true, (insn[1] << 3) | 2);
    }
    return true;
}

static void do_device_not_available(struct cpu_user_regs *regs)
{
    struct pv_vcpu *pv = pv_vcpu(current);

    __asm__ volatile("clts");
    if (pv->fpu_ts) {
        pv->fpu_ts = false;
        pv_inject_trap(regs, TRAP_no_device, false, 0);
    }
}

void pv_do_guest_trap(struct cpu_user_regs *regs)
{
    unsigned int vec = regs->entry_vector;

    switch (vec) {
    case TRAP_nmi:
        return;
    case TRAP_page_fault:
        do_page_fault(regs);
        return;
    case TRAP_gp_fault:
        if (!regs->error_code && pv_emulate_gp(regs))
            return;
        if (do_soft_int(regs))
            return;
        break;
    case TRAP_invalid_op:
        if (pv_emulate_ud(regs))
            return;
        break;
    case TRAP_no_device:
        do_device_not_available(regs);
        return;
    case TRAP_double_fault:
        pv_domain_crash("double fault");
    }
    pv_inject_trap(regs, vec, has_error_code(vec), regs->error_code);
}

/*
 * iretq to the guest faulted (entry.S): the frame holds selectors the CPU
 * refused.  An LDT selector whose page cannot be used gets Xen's #PF
 * (pv/ldt.c); otherwise hand the guest its failsafe callback with flat
 * selectors, as Xen does, or crash it if it has none.
 */
void pv_iret_fault(struct cpu_user_regs *regs)
{
    struct pv_vcpu *pv = pv_vcpu(current);

    if (pv_ldt_iret_fault(regs))
        return;
    regs->cs = FLAT_RING3_CS64;
    regs->ss = FLAT_RING3_DS;
    if (!pv->failsafe_cb.address)
        pv_domain_crash("bad iret frame and no failsafe callback");
    pv_bounce_callback(regs, &pv->failsafe_cb, true);
}

/*
 * priv_op.h - emulation of the privileged instructions a PV guest kernel
 * executes in ring 3.
 *
 * They fault (#GP, or #UD for the forced-emulation CPUID), and the fault
 * handler hands the guest's registers here.  This file decodes the
 * instruction and carries it out through callbacks that hold the policy
 * and the vCPU's virtual state (which MSRs exist, the virtual CR4, which
 * I/O ports the domain may touch).  It knows nothing about vCPUs itself,
 * so it runs unchanged in host unit tests.
 *
 * The caller decides whether emulation applies at all: privileged
 * instructions are emulated for the guest kernel only (a guest-user #GP is
 * reflected to the guest), I/O also for guest user code with virtual IOPL.
 */
#ifndef X86_PV_PRIV_OP_H
#define X86_PV_PRIV_OP_H

#include <xen/types.h>
#include <public/xen.h>

struct priv_op_ops {
    void *ctx;
    /* Copies up to n instruction bytes at guest va; returns bytes read. */
    unsigned int (*fetch)(void *ctx, unsigned long va, uint8_t *buf,
                          unsigned int n);
    /* 0, or negative to raise #GP(0) in the guest. */
    int (*read_msr)(void *ctx, uint32_t msr, uint64_t *val);
    int (*write_msr)(void *ctx, uint32_t msr, uint64_t val);
    int (*read_cr)(void *ctx, unsigned int cr, uint64_t *val);
    int (*write_cr)(void *ctx, unsigned int cr, uint64_t val);
    int (*xsetbv)(void *ctx, uint32_t index, uint64_t val);
    /* The guest's view of CPUID (policy applied): res = eax ebx ecx edx. */
    void (*cpuid)(void *ctx, uint32_t leaf, uint32_t subleaf,
                  uint32_t res[4]);
    /* May the guest access bytes ports [port, port + bytes)? */
    bool (*io_allowed)(void *ctx, uint16_t port, unsigned int bytes);
    uint32_t (*io_in)(void *ctx, uint16_t port, unsigned int bytes);
    void (*io_out)(void *ctx, uint16_t port, unsigned int bytes,
                   uint32_t val);
    /* Guest memory for INS/OUTS: bytes NOT copied (0 = done). */
    unsigned long (*copy_from)(void *ctx, void *dst, unsigned long va,
                               unsigned long n);
    unsigned long (*copy_to)(void *ctx, unsigned long va, const void *src,
                             unsigned long n);
};

enum priv_op_result {
    PRIV_DONE,        /* emulated; RIP advanced (or left for a rep restart) */
    PRIV_GP,          /* raise #GP(0) in the guest */
    PRIV_PF,          /* an INS/OUTS memory access faulted: raise #PF */
    PRIV_UNHANDLED,   /* not an instruction we emulate: reflect the fault */
};

/* The #GP path: the instruction at regs->rip. */
enum priv_op_result pv_emulate_priv_op(struct cpu_user_regs *regs,
                                       const struct priv_op_ops *ops);

/*
 * The #UD path: Xen's forced-emulation prefix "ud2; .ascii 'xen'"
 * followed by cpuid (7 bytes), which PV kernels use to get the filtered
 * CPUID.  PRIV_UNHANDLED for any other #UD.
 */
enum priv_op_result pv_emulate_invalid_op(struct cpu_user_regs *regs,
                                          const struct priv_op_ops *ops);

/* Upper bound on INS/OUTS iterations per emulation (then restart). */
#define PRIV_REP_BATCH 1024

#endif

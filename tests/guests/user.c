/*
 * user.c - guest user mode: a user L4 via MMUEXT_NEW_USER_BASEPTR, the
 * kernel stack via stack_switch, entering user mode with HYPERVISOR_iret
 * and coming back through the syscall callback or a trap (#BP, int 0x80,
 * #GP, #PF with the user bit), checking the frames Xen builds.
 */
#include "guest.h"

const char test_kernel_name[] = "user";

static char user_l4[PAGE_SIZE] __page_bss;
static char user_stack[PAGE_SIZE] __page_bss;
static char trap_stack[2 * PAGE_SIZE] __page_bss;

/* User-mode snippets: plain code in our image (every guest mapping has
 * the user bit; the kernel/user split is the pair of L4s). */
extern char u_syscall[], u_syscall_ret[], u_int3[], u_int3_ret[], u_int80[], u_hlt[],
    u_pf[], u_hcall[];
asm(".text\n"
    "u_syscall: incq %rax\n syscall\n"
    "u_syscall_ret: ud2\n"
    "u_int3: int3\n"
    "u_int3_ret: ud2\n"
    "u_int80: int $0x80\n ud2\n"
    "u_hlt: hlt\n ud2\n"
    "u_pf: movq 0x1000, %rax\n ud2\n"
    /* xen_version(0) attempted from user mode: must not be a hypercall. */
    "u_hcall: movl $17, %eax\n xorl %edi, %edi\n syscall\n ud2\n");

static unsigned long run(char *entry, unsigned long rax)
{
    user_active = 1;
    return user_enter((unsigned long)entry, (unsigned long)user_stack + PAGE_SIZE - 64, rax);
}

void test_main(void)
{
    unsigned long l4_mfn = virt_to_mfn(user_l4);
    const uint64_t *kl4 = (const uint64_t *)si->pt_base;
    uint64_t *ul4 = (uint64_t *)user_l4;
    ul4[511] = kl4[511];     /* the image, start_info, stacks */

    /* (Entering user mode with no user L4 makes Xen 4.17 crash the
     * domain in do_iret, so that hostile case is not run.) */
    long rc = mmuext_mfn(MMUEXT_NEW_USER_BASEPTR, virt_to_mfn(user_stack));
    report("new_user_baseptr-writable-page", rc < 0, "rc=%ld", rc);
    rc = remap_va(user_l4, l4_mfn, PTE_RO_FLAGS);
    long rc2 = mmuext_mfn(MMUEXT_PIN_L4_TABLE, l4_mfn);
    report("pin-user-l4", rc == 0 && rc2 == 0, "remap=%ld pin=%ld", rc, rc2);
    rc = mmuext_mfn(MMUEXT_NEW_USER_BASEPTR, l4_mfn);
    EXPECT_EQ("new_user_baseptr", rc, 0);
    rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)trap_stack + sizeof(trap_stack));
    EXPECT_EQ("stack_switch", rc, 0);

    unsigned long ursp = (unsigned long)user_stack + PAGE_SIZE - 64;
    unsigned long v = run(u_syscall, 0x1234);
    struct frame *f = &user_last_frame;
    report("user-syscall-roundtrip", v == 0x1235 && f->vector == VEC_SYSCALL, "value=%lx vector=%lx",
           v, f->vector);
    report("syscall-frame", f->rcx == (unsigned long)u_syscall_ret && (f->cs & 3) == 3 &&
           f->rsp == ursp && f->rip == (unsigned long)u_syscall_ret,
           "rcx=%lx rip=%lx cs=%lx rsp=%lx", f->rcx, f->rip, f->cs, f->rsp);

    v = run(u_int3, 0);
    report("user-int3", v == 0x1003 && f->rip == (unsigned long)u_int3_ret && (f->cs & 3) == 3,
           "value=%lx rip=%lx cs=%lx", v, f->rip, f->cs);
    v = run(u_int80, 0);
    EXPECT_EQ("user-int80", v, 0x1080);
    v = run(u_hlt, 0);
    report("user-hlt-gp", v == 0x100d && f->rip == (unsigned long)u_hlt, "value=%lx rip=%lx",
           v, f->rip);
    v = run(u_pf, 0);
    report("user-page-fault", v == 0x100e && (f->error & 4) && last_trap.cr2 == 0x1000,
           "value=%lx error=%lx cr2=%lx", v, f->error, last_trap.cr2);
    v = run(u_hcall, 0);
    report("user-syscall-not-hypercall", v == 17 && f->vector == VEC_SYSCALL,
           "value=%lx vector=%lx", v, f->vector);

    long ver = HYPERVISOR_xen_version(XENVER_version, NULL);
    report("back-in-kernel-mode", ver == ((4 << 16) | 17) && user_active == 0, "version=%lx", ver);
}

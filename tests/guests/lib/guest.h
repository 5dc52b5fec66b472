/*
 * guest.h - the tiny framework shared by the Xenolith PV test microkernels.
 *
 * A test kernel defines test_kernel_name and test_main(); the framework
 * (lib.c, head.S) boots it, maps shared_info, installs a trap table and
 * the event/failsafe/syscall callbacks, runs test_main() and reports
 *   XENOLITH-TEST <kernel> <case> PASS|FAIL <detail>
 * per case and finally
 *   XENOLITH-RESULT <kernel>=N passed, M failed
 * before asking the hypervisor to power off.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include <public/xen.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/callback.h>
#include <public/vcpu.h>
#include <public/memory.h>
#include <public/grant_table.h>
#include <public/errno.h>
#include "hypercall.h"
#include "guest_asm.h"

#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12
#define __aligned(n) __attribute__((aligned(n)))
#define __page_bss __attribute__((aligned(4096), section(".bss.page_aligned")))
#define __noreturn __attribute__((noreturn))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define barrier() asm volatile("" ::: "memory")

/* Page-table entry bits. */
#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_PSE      0x080UL
#define PTE_ADDR_MASK  0x000ffffffffff000UL
#define PTE_RW_FLAGS   (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PTE_RO_FLAGS   (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)

/* What trap_common saved, lowest address first. */
struct frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

/* The last exception seen by trap_dispatch. */
struct trap_record {
    unsigned long count;
    uint64_t vector, error, rip, cs, rflags, cr2;
};

extern start_info_t *si;
extern shared_info_t *shinfo;
extern vcpu_info_t *vcpu0;
extern const char test_kernel_name[];
void test_main(void);

/* Console and reporting. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void report(const char *name, int ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define EXPECT_EQ(name, got, want) do {                                  \
        long _g = (long)(got), _w = (long)(want);                        \
        report(name, _g == _w, "got=%ld want=%ld", _g, _w);              \
    } while (0)
void __noreturn finish(void);
void __noreturn poweroff(void);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* Traps.  An instruction wrapped in TRY() may fault: the handler records
 * the fault in last_trap and resumes right after the instruction. */
extern volatile struct trap_record last_trap;
void trap_reset(void);
#define TRY(insn) "1: " insn "\n2:\n"                                    \
    ".pushsection .extable, \"a\"\n .quad 1b, 2b\n .popsection\n"
extern const unsigned long trap_entry_table[32];
void event_entry(void), syscall_entry(void), failsafe_entry(void), int80_entry(void);
void install_trap_table(void);

/* Guest user mode (user.c): enter at rip with stack rsp and rax; returns
 * the value passed to user_leave() by a trap or syscall from user mode. */
long user_enter(unsigned long rip, unsigned long rsp, unsigned long rax);
extern volatile int user_active;
extern unsigned long user_kernel_rsp, user_exit_value;
extern struct frame user_last_frame;
void user_return(void);
/* Optional per-kernel hook for vector VEC_SYSCALL etc.; return 1 if handled. */
extern int (*trap_hook)(struct frame *f);

/* Events (2-level ABI). */
#define MAX_TRACKED_PORTS 1024
extern volatile unsigned long port_hits[MAX_TRACKED_PORTS];
extern volatile unsigned long upcall_count;
extern void (*port_handler)(unsigned int port);
void events_unmask_vcpu(void);   /* virtual sti, delivering anything pending */
void events_mask_vcpu(void);     /* virtual cli */
void evtchn_mask_port(unsigned int port);
void evtchn_unmask_port(unsigned int port);
void evtchn_clear_port(unsigned int port);
int evtchn_is_pending(unsigned int port);
int evtchn_is_masked(unsigned int port);
long evtchn_alloc_self(uint32_t *port);
long evtchn_close(uint32_t port);
long evtchn_send(uint32_t port);

/* Memory. */
#define M2P ((const unsigned long *)0xffff800000000000UL)
unsigned long va_to_pfn(const void *va);
unsigned long pfn_to_mfn(unsigned long pfn);
unsigned long mfn_to_pfn(unsigned long mfn);
unsigned long virt_to_mfn(const void *va);   /* by page walk */
void *mfn_to_virt(unsigned long mfn);         /* initial region only */
uint64_t *pte_ptr(const void *va);           /* RO view of the L1 entry */
uint64_t pte_maddr(const void *va);          /* machine address of it */
unsigned long spare_pfn(void);
unsigned long initial_region_end(void);
unsigned long hypervisor_mfn(void);
#define MFN_BEYOND_RAM 0xfffffffUL                 /* far above max_page */               /* an unmapped frame we own */
long remap_va(void *va, unsigned long mfn, unsigned long flags);
void flush_tlb_one(const void *va);
/* One mmuext_op on our own behalf: with an MFN (pin, unpin, base
 * pointers, ...), or a linear address and a count (SET_LDT, INVLPG). */
long mmuext_mfn(unsigned int cmd, unsigned long mfn);
long mmuext_va(unsigned int cmd, unsigned long va, unsigned int nr);

/* Time. */
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
uint64_t xen_system_time(void);
uint64_t tsc_to_ns(uint64_t tsc_delta);

/* Hostile addresses: unmapped low, hypervisor (Xen's directmap), non-canonical. */
#define BAD_LOW   0x1000UL
#define BAD_HV    0xffff830000000000UL
#define BAD_NONCANON 0x8000000000000000UL

/* Misc. */
static inline void cpu_relax(void) { asm volatile("pause" ::: "memory"); }

#endif

/*
 * host_toolctl.h - what host_toolctl.c offers the toolstack-interface
 * tests (test_domctl.c, test_sysctl.c) besides host.h.
 */
#ifndef TESTS_UNIT_CORE_HOST_TOOLCTL_H
#define TESTS_UNIT_CORE_HOST_TOOLCTL_H

#include <stddef.h>
#include "host.h"

#define HOST_CPU_KHZ       2400000
#define HOST_POLICY_LEAVES 5

/* The simulated console ring (empty after reset). */
void host_console_reset(void);
void host_console_put(const char *s, size_t len);

/* Forget every stored vCPU context; arch_set_vcpu_context fails with
 * host_set_context_rc when it is non-zero. */
void host_contexts_reset(void);
extern int host_set_context_rc;

#endif

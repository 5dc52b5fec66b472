/*
 * sched_op.h - hypercall 29, sched_op: yield, block, shutdown, poll.
 */
#ifndef XEN_SCHED_OP_H
#define XEN_SCHED_OP_H

#include <xen/sched.h>

long do_sched_op(unsigned long cmd, unsigned long arg);
/* The poll timer of v fired: wake it. */
void vcpu_poll_timeout(void *v);

/* Most ports one SCHEDOP_poll may wait on (Xen's limit). */
#define SCHED_POLL_MAX_PORTS 128

#endif

/*
 * domstate.h - domain states from the hypervisor (domstate.c); only the
 * daemon links it, the tests and the fuzz target leave domain_query NULL.
 */
#ifndef XENSTORED_DOMSTATE_H
#define XENSTORED_DOMSTATE_H

/* Opens privcmd and sets domain_query; -1 (logged) if impossible. */
int domstate_init(void);

#endif

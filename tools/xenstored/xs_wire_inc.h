/* xs_wire_inc.h - the wire header with what it needs included first. */
#ifndef XENSTORED_XS_WIRE_INC_H
#define XENSTORED_XS_WIRE_INC_H
#include <errno.h>
#include <stdint.h>
#include "io/xs_wire.h"
#endif

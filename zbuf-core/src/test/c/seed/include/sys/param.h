/* zbuf's stand-in for FreeBSD's <sys/param.h>: basic types, page size, errnos, libkern's min, bzero, bcopy. */
#ifndef ZSEED_SYS_PARAM_H
#define ZSEED_SYS_PARAM_H
#include <sys/cdefs.h>
#include "zseed.h"

typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef char *caddr_t;
typedef uintptr_t vm_offset_t;
typedef size_t vm_size_t;

#define PAGE_SHIFT ZSEED_PAGE_SHIFT
#define PAGE_SIZE (1 << PAGE_SHIFT)
#define PAGE_MASK (PAGE_SIZE - 1)

#define EFAULT 14
#define EINVAL 22

static __inline u_int
min(u_int a, u_int b)
{
	return (a < b ? a : b);
}

#define bzero(buf, len) zshim_bzero((buf), (len))
#define bcopy(from, to, len) zshim_bcopy((from), (to), (len))

#ifdef INVARIANTS
#define KASSERT(exp, msg) do {						\
	if (__predict_false(!(exp)))					\
		zshim_kassert_panic msg;				\
} while (0)
#else
#define KASSERT(exp, msg) do { } while (0)
#endif
#endif

/* zbuf's stand-in for FreeBSD's <machine/atomic.h>: the two operations the seed uses, as GCC's builtins. */
#ifndef ZSEED_MACHINE_ATOMIC_H
#define ZSEED_MACHINE_ATOMIC_H
#include <sys/param.h>
static __inline void
atomic_add_rel_int(volatile u_int *p, u_int v)
{
	__atomic_fetch_add(p, v, __ATOMIC_RELEASE);
}
static __inline u_int
atomic_load_acq_int(volatile u_int *p)
{
	return (__atomic_load_n(p, __ATOMIC_ACQUIRE));
}
#endif

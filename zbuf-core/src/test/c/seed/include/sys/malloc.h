/*
 * zbuf's stand-in for FreeBSD's <sys/malloc.h>. The kernel's malloc takes three arguments; linked against libc
 * a call would reach libc's malloc and silently drop the flags (M_ZERO among them), so both names are macros
 * for the host's versions, which honour M_ZERO and count allocations per type.
 */
#ifndef ZSEED_SYS_MALLOC_H
#define ZSEED_SYS_MALLOC_H
#include <sys/param.h>

#define M_NOWAIT 0x0001
#define M_WAITOK 0x0002
#define M_ZERO 0x0100

#define MALLOC_DECLARE(type) extern struct malloc_type type[1]
MALLOC_DECLARE(M_BPF);

#define malloc(size, type, flags) zshim_malloc((size), (type), (flags))
#define free(addr, type) zshim_free((addr), (type))
#endif

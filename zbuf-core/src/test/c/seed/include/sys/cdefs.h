/* zbuf's stand-in for FreeBSD's <sys/cdefs.h>: what bpf_zerocopy.c needs of it. */
#ifndef ZSEED_SYS_CDEFS_H
#define ZSEED_SYS_CDEFS_H
#define __predict_true(exp) __builtin_expect((exp), 1)
#define __predict_false(exp) __builtin_expect((exp), 0)
#endif

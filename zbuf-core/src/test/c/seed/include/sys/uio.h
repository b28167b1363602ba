/* zbuf's stand-in for FreeBSD's <sys/uio.h>: bpf_zerocopy.c includes it but uses nothing of it. */

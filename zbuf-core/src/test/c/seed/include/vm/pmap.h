/* zbuf's stand-in for FreeBSD's <vm/pmap.h>: bpf_zerocopy.c includes it but uses nothing of it. */

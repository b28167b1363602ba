/* zbuf's stand-in for FreeBSD's <net/if.h>: bpf_zerocopy.c includes it but uses nothing of it. */

/* zbuf's stand-in for FreeBSD's <vm/vm_param.h>: bpf_zerocopy.c includes it but uses nothing of it. */

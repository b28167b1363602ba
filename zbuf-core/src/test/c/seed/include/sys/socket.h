/* zbuf's stand-in for FreeBSD's <sys/socket.h>: bpf_zerocopy.c includes it but uses nothing of it. */

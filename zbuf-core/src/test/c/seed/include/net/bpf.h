/* zbuf's stand-in for FreeBSD's <net/bpf.h>: the zero-copy structures and buffer modes (protocol.md). */
#ifndef ZSEED_NET_BPF_H
#define ZSEED_NET_BPF_H
#include <sys/param.h>

#define BPF_BUFMODE_BUFFER 1
#define BPF_BUFMODE_ZBUF 2

struct bpf_zbuf {
	void *bz_bufa;
	void *bz_bufb;
	size_t bz_buflen;
};

struct bpf_zbuf_header {
	volatile u_int bzh_kernel_gen;
	volatile u_int bzh_kernel_len;
	volatile u_int bzh_user_gen;
	u_int _bzh_pad[5];
};

struct bpf_d;
void bpf_bufheld(struct bpf_d *d);
#endif

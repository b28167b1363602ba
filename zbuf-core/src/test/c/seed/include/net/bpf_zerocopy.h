/* zbuf's stand-in for FreeBSD's <net/bpf_zerocopy.h>: the seed's entry points. */
#ifndef ZSEED_NET_BPF_ZEROCOPY_H
#define ZSEED_NET_BPF_ZEROCOPY_H
#include <sys/param.h>
struct bpf_d;
struct bpf_zbuf;
struct thread;
void bpf_zerocopy_append_bytes(struct bpf_d *d, caddr_t buf, u_int offset, void *src, u_int len);
void bpf_zerocopy_append_mbuf(struct bpf_d *d, caddr_t buf, u_int offset, void *src, u_int len);
void bpf_zerocopy_buffull(struct bpf_d *d);
void bpf_zerocopy_bufheld(struct bpf_d *d);
void bpf_zerocopy_buf_reclaimed(struct bpf_d *d);
int bpf_zerocopy_canfreebuf(struct bpf_d *d);
int bpf_zerocopy_canwritebuf(struct bpf_d *d);
void bpf_zerocopy_free(struct bpf_d *d);
int bpf_zerocopy_ioctl_getzmax(struct thread *td, struct bpf_d *d, size_t *i);
int bpf_zerocopy_ioctl_rotzbuf(struct thread *td, struct bpf_d *d, struct bpf_zbuf *bz);
int bpf_zerocopy_ioctl_setzbuf(struct thread *td, struct bpf_d *d, struct bpf_zbuf *bz);
#endif

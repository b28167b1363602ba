/* zbuf's stand-in for FreeBSD's <net/bpfdesc.h>: the fields of struct bpf_d the seed uses, the lock, ROTATE_BUFFERS. */
#ifndef ZSEED_NET_BPFDESC_H
#define ZSEED_NET_BPFDESC_H
#include <sys/param.h>
#include <net/bpf.h>

struct bpf_if;

struct bpf_d {
	caddr_t bd_sbuf;		/* store slot */
	caddr_t bd_hbuf;		/* hold slot */
	caddr_t bd_fbuf;		/* free slot */
	int bd_slen;
	int bd_hlen;
	int bd_bufsize;
	struct bpf_if *bd_bif;		/* attached interface */
	u_char bd_bufmode;
	struct mtx bd_lock;
};

#define BPFD_LOCK(bd) mtx_lock(&(bd)->bd_lock)
#define BPFD_UNLOCK(bd) mtx_unlock(&(bd)->bd_lock)
#define BPFD_LOCK_ASSERT(bd) KASSERT(zshim_mtx_owned(&(bd)->bd_lock), ("bpf_d lock not owned"))

#define ROTATE_BUFFERS(d) do {						\
	(d)->bd_hbuf = (d)->bd_sbuf;					\
	(d)->bd_hlen = (d)->bd_slen;					\
	(d)->bd_sbuf = (d)->bd_fbuf;					\
	(d)->bd_slen = 0;						\
	(d)->bd_fbuf = NULL;						\
	bpf_bufheld(d);							\
} while (0)
#endif

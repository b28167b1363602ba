/*
 * zbuf's harness around FreeBSD's sys/net/bpf_zerocopy.c (the seed): what its two halves share.
 *
 * The seed and bpf_glue.c are freestanding kernel code compiled against the fake headers in include/;
 * kernel_host.c is ordinary Linux code that plays the kernel services they call. This header uses only
 * <stddef.h> and <stdint.h>, so both halves can include it; it defines the structures whose fields the host
 * touches, with the names the FreeBSD headers give them.
 */
#ifndef ZSEED_H
#define ZSEED_H

#include <stddef.h>
#include <stdint.h>

#ifndef ZSEED_PAGE_SHIFT
#error "compile with -DZSEED_PAGE_SHIFT=12 (4 KiB pages) or 14 (16 KiB)"
#endif

#define ZSEED_EXPORT __attribute__((visibility("default")))

/* A call the seed refused with a KASSERT (compiled with INVARIANTS): the message is zseed_refusal(). */
#define ZSEED_REFUSED (-1)

/* malloc(9)'s type tag. */
struct malloc_type {
	const char *ks_shortdesc;
};

/* mtx(9): a sleep mutex, here only an owner count. */
struct mtx {
	int mtx_owned;
};

/* vm_page: one page of the fake user address space, by index, with its wire count. */
struct vm_page {
	long index;
	int wire_count;
};

/* sf_buf(9): a kernel mapping of one page. */
struct sf_buf {
	struct vm_page *page;
	char *guarded;		/* the reservation: guard page, the page, guard page */
	char *kva;
};

/* The fake process: its map is the fake user address space of kernel_host.c. */
struct vm_map {
	int zseed_unused;
};
struct vmspace {
	struct vm_map vm_map;
};
struct proc {
	struct vmspace *p_vmspace;
};
struct thread {
	struct proc *td_proc;
};

/* struct mbuf, only the fields the seed reads. */
struct mbuf {
	struct mbuf *m_next;
	char *m_data;
	int m_len;
};

/* Kernel services, kernel_host.c. */
void *zshim_malloc(size_t size, struct malloc_type *type, int flags);
void zshim_free(void *addr, struct malloc_type *type);
void zshim_bzero(void *buf, size_t len);
void zshim_bcopy(const void *from, void *to, size_t len);
void zshim_kassert_panic(const char *fmt, ...);
void mtx_lock(struct mtx *m);
void mtx_unlock(struct mtx *m);
int zshim_mtx_owned(struct mtx *m);
struct thread *zshim_curthread(void);

/* The parts of sys/net/bpf.c the seed relies on, zbuf's, in bpf_glue.c. */
struct bpf_d;
struct bpf_d *bpfg_open(void);
void bpfg_close(struct bpf_d *d);
int bpfg_setzbuf(struct bpf_d *d, void *bufa, void *bufb, size_t buflen);
void bpfg_attach(struct bpf_d *d);
int bpfg_reclaim(struct bpf_d *d);
void bpfg_rotate(struct bpf_d *d);
void bpfg_buffull(struct bpf_d *d);
int bpfg_canfree(struct bpf_d *d);
int bpfg_canwrite(struct bpf_d *d);
void bpfg_append_bytes(struct bpf_d *d, unsigned int offset, void *src, unsigned int len);
void bpfg_append_mbuf(struct bpf_d *d, unsigned int offset, struct mbuf *chain, unsigned int len);
void bpfg_set_slen(struct bpf_d *d, int slen);
int bpfg_rotzbuf(struct bpf_d *d, void **buf, size_t *len);
size_t bpfg_getzmax(struct bpf_d *d);
void bpfg_state(struct bpf_d *d, int64_t *out);
int bpfg_lock_held(struct bpf_d *d);

/* bpfg_state's slots, in order. */
enum zseed_state {
	ZSEED_STORE_UADDR,	/* user address of the store buffer, 0 for none */
	ZSEED_HOLD_UADDR,
	ZSEED_FREE_UADDR,
	ZSEED_SLEN,
	ZSEED_HLEN,
	ZSEED_BUFSIZE,
	ZSEED_STORE_ASSIGNED,	/* ZBUF_FLAG_ASSIGNED of the store buffer; -1 without one */
	ZSEED_HOLD_ASSIGNED,
	ZSEED_FREE_ASSIGNED,
	ZSEED_STATE_COUNT
};

#endif

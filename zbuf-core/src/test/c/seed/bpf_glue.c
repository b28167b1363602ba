/*
 * The parts of FreeBSD's sys/net/bpf.c that bpf_zerocopy.c relies on, written by zbuf, compiled like the seed
 * (freestanding, against include/): a descriptor in ZBUF mode, bpf_bufheld(), and the zero-copy decisions of
 * catchpacket() (the lazy reclaim, the rotation, bpf_buffull) as separate steps, so that a test can compare
 * the state after each. The framing of records (bpf_hdr, padding) is not here: the caller appends the bytes.
 */
#include <sys/param.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/mutex.h>
#include <net/bpf.h>
#include <net/bpf_zerocopy.h>
#include <net/bpfdesc.h>

struct malloc_type M_BPF[1] = { { "BPF" } };

/* What bd_bif points at once attached: only its being non-NULL matters to the seed. */
static int attached_interface;

/* bpf.c's bpf_bufheld() for BPF_BUFMODE_ZBUF. */
void
bpf_bufheld(struct bpf_d *d)
{
	BPFD_LOCK_ASSERT(d);
	bpf_zerocopy_bufheld(d);
}

/* bpfopen() followed by BIOCSETBUFMODE(BPF_BUFMODE_ZBUF). */
struct bpf_d *
bpfg_open(void)
{
	struct bpf_d *d;

	d = malloc(sizeof(*d), M_BPF, M_WAITOK | M_ZERO);
	d->bd_bufmode = BPF_BUFMODE_ZBUF;
	return (d);
}

/* bpf_dtor(): the buffers are freed with the descriptor. */
void
bpfg_close(struct bpf_d *d)
{
	bpf_zerocopy_free(d);
	free(d, M_BPF);
}

/* BIOCSETZBUF. */
int
bpfg_setzbuf(struct bpf_d *d, void *bufa, void *bufb, size_t buflen)
{
	struct bpf_zbuf bz;

	bz.bz_bufa = bufa;
	bz.bz_bufb = bufb;
	bz.bz_buflen = buflen;
	return (bpf_zerocopy_ioctl_setzbuf(zshim_curthread(), d, &bz));
}

/* BIOCSETIF: only bd_bif's being set matters to the seed (BIOCSETZBUF refuses then). */
void
bpfg_attach(struct bpf_d *d)
{
	d->bd_bif = (struct bpf_if *)&attached_interface;
}

/* catchpacket()'s first step: an acknowledged hold buffer moves to the free slot. Returns whether it did. */
int
bpfg_reclaim(struct bpf_d *d)
{
	int reclaimed;

	BPFD_LOCK(d);
	reclaimed = d->bd_fbuf == NULL && bpf_zerocopy_canfreebuf(d);
	if (reclaimed) {
		d->bd_fbuf = d->bd_hbuf;
		d->bd_hbuf = NULL;
		d->bd_hlen = 0;
		bpf_zerocopy_buf_reclaimed(d);
	}
	BPFD_UNLOCK(d);
	return (reclaimed);
}

/* catchpacket() when the record does not fit and a buffer is free: ROTATE_BUFFERS. */
void
bpfg_rotate(struct bpf_d *d)
{
	BPFD_LOCK(d);
	ROTATE_BUFFERS(d);
	BPFD_UNLOCK(d);
}

/* catchpacket() when the record does not fit and no buffer is free: bpf_buffull(). */
void
bpfg_buffull(struct bpf_d *d)
{
	BPFD_LOCK(d);
	bpf_zerocopy_buffull(d);
	BPFD_UNLOCK(d);
}

/* bpf_canfreebuf(). */
int
bpfg_canfree(struct bpf_d *d)
{
	return (bpf_zerocopy_canfreebuf(d));
}

/* bpf_canwritebuf(). */
int
bpfg_canwrite(struct bpf_d *d)
{
	return (bpf_zerocopy_canwritebuf(d));
}

/* bpf_append_bytes() into the store buffer. */
void
bpfg_append_bytes(struct bpf_d *d, u_int offset, void *src, u_int len)
{
	bpf_zerocopy_append_bytes(d, d->bd_sbuf, offset, src, len);
}

/* bpf_append_mbuf() into the store buffer. */
void
bpfg_append_mbuf(struct bpf_d *d, u_int offset, struct mbuf *chain, u_int len)
{
	bpf_zerocopy_append_mbuf(d, d->bd_sbuf, offset, chain, len);
}

/* catchpacket()'s last step: bd_slen = curlen + totlen. */
void
bpfg_set_slen(struct bpf_d *d, int slen)
{
	d->bd_slen = slen;
}

/* BIOCROTZBUF: the buffer handed over (NULL for none) and its length. */
int
bpfg_rotzbuf(struct bpf_d *d, void **buf, size_t *len)
{
	struct bpf_zbuf bz;
	int error;

	error = bpf_zerocopy_ioctl_rotzbuf(zshim_curthread(), d, &bz);
	*buf = bz.bz_bufa;
	*len = bz.bz_buflen;
	return (error);
}

/* BIOCGETZMAX. */
size_t
bpfg_getzmax(struct bpf_d *d)
{
	size_t zmax;

	bpf_zerocopy_ioctl_getzmax(zshim_curthread(), d, &zmax);
	return (zmax);
}

/*
 * The user address a zbuf was set up with: zb_uaddr, the first field of the seed's private struct zbuf (its
 * layout is the seed's; only this field is read).
 */
static int64_t
uaddr(caddr_t buf)
{
	return (buf == NULL ? 0 : (int64_t)*(vm_offset_t *)buf);
}

/* ZBUF_FLAG_ASSIGNED: zb_flags follows zb_uaddr, zb_size and zb_numpages in the seed's struct zbuf. */
struct zbuf_prefix {
	vm_offset_t zb_uaddr;
	size_t zb_size;
	u_int zb_numpages;
	int zb_flags;
};

static int64_t
assigned(caddr_t buf)
{
	return (buf == NULL ? -1 : (((struct zbuf_prefix *)buf)->zb_flags & 1));
}

/* The slots, lengths and flags, as enum zseed_state lists them. */
void
bpfg_state(struct bpf_d *d, int64_t *out)
{
	out[ZSEED_STORE_UADDR] = uaddr(d->bd_sbuf);
	out[ZSEED_HOLD_UADDR] = uaddr(d->bd_hbuf);
	out[ZSEED_FREE_UADDR] = uaddr(d->bd_fbuf);
	out[ZSEED_SLEN] = d->bd_slen;
	out[ZSEED_HLEN] = d->bd_hlen;
	out[ZSEED_BUFSIZE] = d->bd_bufsize;
	out[ZSEED_STORE_ASSIGNED] = assigned(d->bd_sbuf);
	out[ZSEED_HOLD_ASSIGNED] = assigned(d->bd_hbuf);
	out[ZSEED_FREE_ASSIGNED] = assigned(d->bd_fbuf);
}

/* Whether the descriptor's lock is held: after every call it must not be. */
int
bpfg_lock_held(struct bpf_d *d)
{
	return (zshim_mtx_owned(&d->bd_lock));
}

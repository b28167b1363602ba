/*
 * The kernel services bpf_zerocopy.c calls, played on Linux by zbuf, and the scalar-and-pointer API a test
 * drives through JNA (every exported name starts with zseed_).
 *
 * - malloc(9)/free(9): counted per call; M_ZERO zeroes, anything else is filled with 0xa5 so that code relying
 *   on memory it did not zero shows.
 * - KASSERT (INVARIANTS): a failed assertion is a refusal the caller sees (ZSEED_REFUSED and zseed_refusal()),
 *   not an abort: it longjmps back to the API call that led to it.
 * - The user address space is one memfd, mapped contiguously for the user; each page has present and writable
 *   flags. vm_fault_quick_hold_pages() wires a present page (writable, if asked), vm_page_unwire() unwires it.
 * - sf_buf_alloc() maps the page's part of the memfd again, alone, between two inaccessible guard pages: the
 *   kernel's view of a buffer is never contiguous, so a copy that runs past a page crashes or lands elsewhere.
 * - Counters of wired pages, live sf_bufs and M_BPF allocations, for leak checks; fault injection for
 *   sf_buf_alloc() and for the page fault.
 *
 * Not thread-safe: one caller at a time.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "zseed.h"

#define PAGE_SIZE ((size_t)1 << ZSEED_PAGE_SHIFT)
#define PROT_READ_FLAG 0x01	/* VM_PROT_READ */
#define PROT_WRITE_FLAG 0x02	/* VM_PROT_WRITE */

struct page_state {
	struct vm_page page;
	int present;
	int writable;
};

static struct {
	int fd;
	char *reservation;	/* pages + 1 pages, for an aligned view whatever the host's page size */
	char *base;		/* the user's contiguous view, aligned to PAGE_SIZE */
	long pages;
	long allocated;		/* pages handed out by zseed_space_alloc() */
	struct page_state *state;
} space = { -1, NULL, NULL, 0, 0, NULL };

static struct vmspace user_vmspace;
static struct proc user_proc;
static struct thread user_thread;

static long wired_pages;
static long live_sf_bufs;
static long live_allocations;
static long sf_buf_failure_countdown = -1;
static long fault_failure_countdown = -1;

static __thread jmp_buf *refusal_target;
static char refusal[512];

/* ---- kernel services ---- */

void *
zshim_malloc(size_t size, struct malloc_type *type, int flags)
{
	void *p;

	(void)type;
	p = malloc(size == 0 ? 1 : size);
	if (p == NULL)
		abort();
	memset(p, (flags & 0x0100) != 0 ? 0 : 0xa5, size);
	live_allocations++;
	return (p);
}

void
zshim_free(void *addr, struct malloc_type *type)
{
	(void)type;
	if (addr == NULL)
		return;
	live_allocations--;
	free(addr);
}

void
zshim_bzero(void *buf, size_t len)
{
	memset(buf, 0, len);
}

void
zshim_bcopy(const void *from, void *to, size_t len)
{
	memmove(to, from, len);
}

void
zshim_kassert_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(refusal, sizeof(refusal), fmt, ap);
	va_end(ap);
	if (refusal_target == NULL) {
		fprintf(stderr, "KASSERT outside a zseed_ call: %s\n", refusal);
		abort();
	}
	longjmp(*refusal_target, 1);
}

void
mtx_lock(struct mtx *m)
{
	if (m->mtx_owned)
		zshim_kassert_panic("mtx_lock: recursed on a non-recursive mutex");
	m->mtx_owned = 1;
}

void
mtx_unlock(struct mtx *m)
{
	if (!m->mtx_owned)
		zshim_kassert_panic("mtx_unlock: mutex not owned");
	m->mtx_owned = 0;
}

int
zshim_mtx_owned(struct mtx *m)
{
	return (m->mtx_owned);
}

struct thread *
zshim_curthread(void)
{
	return (&user_thread);
}

/* Counts down to an injected failure: -1 never, 0 this call (then never again), n after n more calls. */
static int
injected(long *countdown)
{
	if (*countdown < 0)
		return (0);
	if ((*countdown)-- == 0) {
		*countdown = -1;
		return (1);
	}
	return (0);
}

int
vm_fault_quick_hold_pages(struct vm_map *map, uintptr_t addr, size_t len, unsigned char prot,
    struct vm_page **ma, int max_count)
{
	uintptr_t base = (uintptr_t)space.base;
	long first, count, i;

	if (map != &user_vmspace.vm_map)
		zshim_kassert_panic("vm_fault_quick_hold_pages: not the user's map");
	if (len == 0)
		return (0);
	if (addr < base || addr - base >= (uintptr_t)space.pages * PAGE_SIZE)
		return (-1);
	first = (long)((addr - base) / PAGE_SIZE);
	count = (long)(((addr - base) % PAGE_SIZE + len + PAGE_SIZE - 1) / PAGE_SIZE);
	if (count > max_count || first + count > space.pages)
		return (-1);
	for (i = first; i < first + count; i++) {
		struct page_state *s = &space.state[i];
		if (!s->present || ((prot & PROT_WRITE_FLAG) != 0 && !s->writable))
			return (-1);
	}
	if (injected(&fault_failure_countdown))
		return (-1);
	for (i = 0; i < count; i++) {
		space.state[first + i].page.wire_count++;
		wired_pages++;
		ma[i] = &space.state[first + i].page;
	}
	return ((int)count);
}

void
vm_page_unwire(struct vm_page *m, uint8_t queue)
{
	(void)queue;
	if (m->wire_count <= 0)
		zshim_kassert_panic("vm_page_unwire: page %ld is not wired", m->index);
	m->wire_count--;
	wired_pages--;
}

struct sf_buf *
sf_buf_alloc(struct vm_page *m, int flags)
{
	struct sf_buf *sf;
	char *guarded;

	(void)flags;
	if (m->wire_count <= 0)
		zshim_kassert_panic("sf_buf_alloc: page %ld is not wired", m->index);
	if (injected(&sf_buf_failure_countdown))
		return (NULL);
	guarded = mmap(NULL, 3 * PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guarded == MAP_FAILED)
		return (NULL);
	if (mmap(guarded + PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, space.fd,
	    (off_t)m->index * (off_t)PAGE_SIZE) == MAP_FAILED) {
		munmap(guarded, 3 * PAGE_SIZE);
		return (NULL);
	}
	sf = malloc(sizeof(*sf));
	if (sf == NULL)
		abort();
	sf->page = m;
	sf->guarded = guarded;
	sf->kva = guarded + PAGE_SIZE;
	live_sf_bufs++;
	return (sf);
}

void
sf_buf_free(struct sf_buf *sf)
{
	munmap(sf->guarded, 3 * PAGE_SIZE);
	free(sf);
	live_sf_bufs--;
}

uintptr_t
sf_buf_kva(struct sf_buf *sf)
{
	return ((uintptr_t)sf->kva);
}

struct vm_page *
sf_buf_page(struct sf_buf *sf)
{
	return (sf->page);
}

/* ---- the API for JNA ---- */

#define REFUSABLE(call) do {						\
	jmp_buf target;							\
	jmp_buf *outer = refusal_target;				\
	if (setjmp(target) != 0) {					\
		refusal_target = outer;					\
		return (ZSEED_REFUSED);					\
	}								\
	refusal_target = &target;					\
	call;								\
	refusal_target = outer;						\
} while (0)

ZSEED_EXPORT int
zseed_page_size(void)
{
	return ((int)PAGE_SIZE);
}

/* Maps the memfd's `pages` pages contiguously at an address aligned to PAGE_SIZE, which may exceed the host's. */
static int
map_aligned(long pages)
{
	size_t size = (size_t)pages * PAGE_SIZE;
	uintptr_t aligned;

	space.reservation = mmap(NULL, size + PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (space.reservation == MAP_FAILED) {
		space.reservation = NULL;
		return (-1);
	}
	aligned = ((uintptr_t)space.reservation + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	space.base = mmap((void *)aligned, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, space.fd, 0);
	if (space.base == MAP_FAILED) {
		munmap(space.reservation, size + PAGE_SIZE);
		space.reservation = NULL;
		space.base = NULL;
		return (-1);
	}
	return (0);
}

/* A new user address space of `pages` present, writable, zeroed pages; the old one must have no wired page. */
ZSEED_EXPORT int
zseed_space_create(long pages)
{
	long i;

	if (wired_pages != 0 || live_sf_bufs != 0 || pages <= 0)
		return (-1);
	if (space.base != NULL) {
		munmap(space.reservation, (size_t)(space.pages + 1) * PAGE_SIZE);
		close(space.fd);
		free(space.state);
	}
	space.fd = memfd_create("zseed-user", MFD_CLOEXEC);
	if (space.fd < 0 || ftruncate(space.fd, (off_t)pages * (off_t)PAGE_SIZE) != 0)
		return (-1);
	if (map_aligned(pages) != 0)
		return (-1);
	space.pages = pages;
	space.allocated = 0;
	space.state = calloc((size_t)pages, sizeof(*space.state));
	for (i = 0; i < pages; i++) {
		space.state[i].page.index = i;
		space.state[i].present = 1;
		space.state[i].writable = 1;
	}
	user_proc.p_vmspace = &user_vmspace;
	user_thread.td_proc = &user_proc;
	return (0);
}

/* The user's view of the address space: page i at base + i * page size. */
ZSEED_EXPORT void *
zseed_space_base(void)
{
	return (space.base);
}

/* The user's mmap(2): the next `pages` unused pages of the address space, NULL when there are not enough. */
ZSEED_EXPORT void *
zseed_space_alloc(long pages)
{
	char *at;

	if (pages <= 0 || pages > space.pages - space.allocated)
		return (NULL);
	at = space.base + (size_t)space.allocated * PAGE_SIZE;
	space.allocated += pages;
	return (at);
}

/* Whether page i is mapped at all, and whether the user may write it. */
ZSEED_EXPORT int
zseed_space_set_page(long index, int present, int writable)
{
	if (index < 0 || index >= space.pages)
		return (-1);
	space.state[index].present = present;
	space.state[index].writable = writable;
	return (0);
}

/* The n-th next sf_buf_alloc() (0: the next) fails; -1 cancels. */
ZSEED_EXPORT void
zseed_fail_sf_buf_alloc(long n)
{
	sf_buf_failure_countdown = n;
}

/* The n-th next page fault of vm_fault_quick_hold_pages() on a present page fails; -1 cancels. */
ZSEED_EXPORT void
zseed_fail_page_fault(long n)
{
	fault_failure_countdown = n;
}

ZSEED_EXPORT long
zseed_wired_pages(void)
{
	return (wired_pages);
}

ZSEED_EXPORT long
zseed_sf_bufs(void)
{
	return (live_sf_bufs);
}

ZSEED_EXPORT long
zseed_allocations(void)
{
	return (live_allocations);
}

/* The message of the last KASSERT that failed. */
ZSEED_EXPORT const char *
zseed_refusal(void)
{
	return (refusal);
}

ZSEED_EXPORT void *
zseed_open(void)
{
	struct bpf_d *d = NULL;
	jmp_buf target;

	if (setjmp(target) != 0) {
		refusal_target = NULL;
		return (NULL);
	}
	refusal_target = &target;
	d = bpfg_open();
	refusal_target = NULL;
	return (d);
}

ZSEED_EXPORT int
zseed_close(struct bpf_d *d)
{
	REFUSABLE(bpfg_close(d));
	return (0);
}

/* BIOCSETZBUF: 0 or FreeBSD's errno. */
ZSEED_EXPORT int
zseed_setzbuf(struct bpf_d *d, void *bufa, void *bufb, uint64_t buflen)
{
	int error = 0;

	REFUSABLE(error = bpfg_setzbuf(d, bufa, bufb, (size_t)buflen));
	return (error);
}

ZSEED_EXPORT int
zseed_attach(struct bpf_d *d)
{
	bpfg_attach(d);
	return (0);
}

/* catchpacket()'s lazy reclaim: 1 if the hold buffer moved to the free slot. */
ZSEED_EXPORT int
zseed_reclaim(struct bpf_d *d)
{
	int reclaimed = 0;

	REFUSABLE(reclaimed = bpfg_reclaim(d));
	return (reclaimed);
}

ZSEED_EXPORT int
zseed_rotate(struct bpf_d *d)
{
	REFUSABLE(bpfg_rotate(d));
	return (0);
}

ZSEED_EXPORT int
zseed_buffull(struct bpf_d *d)
{
	REFUSABLE(bpfg_buffull(d));
	return (0);
}

ZSEED_EXPORT int
zseed_canfree(struct bpf_d *d)
{
	int can = 0;

	REFUSABLE(can = bpfg_canfree(d));
	return (can);
}

ZSEED_EXPORT int
zseed_canwrite(struct bpf_d *d)
{
	int can = 0;

	REFUSABLE(can = bpfg_canwrite(d));
	return (can);
}

/* bpf_append_bytes() of `len` bytes of `src` at record offset `offset` of the store buffer. */
ZSEED_EXPORT int
zseed_append_bytes(struct bpf_d *d, unsigned int offset, const void *src, unsigned int len)
{
	REFUSABLE(bpfg_append_bytes(d, offset, (void *)src, len));
	return (0);
}

/*
 * bpf_append_mbuf() of the first `len` bytes of a chain of `count` mbufs: mbuf i holds the next lengths[i]
 * bytes of `data`, in an allocation of its own, so that a copy that runs past an mbuf reads other memory.
 */
ZSEED_EXPORT int
zseed_append_mbuf(struct bpf_d *d, unsigned int offset, const void *data, const int *lengths, int count,
    unsigned int len)
{
	struct mbuf *chain;
	const char *at = data;
	int i, result = 0;

	if (count <= 0)
		return (-2);
	chain = calloc((size_t)count, sizeof(*chain));
	for (i = 0; i < count; i++) {
		chain[i].m_next = i + 1 < count ? &chain[i + 1] : NULL;
		chain[i].m_data = malloc((size_t)lengths[i] + 1);
		memcpy(chain[i].m_data, at, (size_t)lengths[i]);
		chain[i].m_data[lengths[i]] = (char)0xa5;
		chain[i].m_len = lengths[i];
		at += lengths[i];
	}
	{
		jmp_buf target;
		jmp_buf *outer = refusal_target;
		if (setjmp(target) != 0) {
			result = ZSEED_REFUSED;
		} else {
			refusal_target = &target;
			bpfg_append_mbuf(d, offset, chain, len);
		}
		refusal_target = outer;
	}
	for (i = 0; i < count; i++)
		free(chain[i].m_data);
	free(chain);
	return (result);
}

ZSEED_EXPORT void
zseed_set_slen(struct bpf_d *d, int slen)
{
	bpfg_set_slen(d, slen);
}

/* BIOCROTZBUF: the user address handed over (0 for none) to *buf, its length to *len. */
ZSEED_EXPORT int
zseed_rotzbuf(struct bpf_d *d, uint64_t *buf, uint64_t *len)
{
	void *b = NULL;
	size_t l = 0;
	int error = 0;

	REFUSABLE(error = bpfg_rotzbuf(d, &b, &l));
	*buf = (uint64_t)(uintptr_t)b;
	*len = l;
	return (error);
}

ZSEED_EXPORT int64_t
zseed_getzmax(struct bpf_d *d)
{
	int64_t zmax = 0;

	REFUSABLE(zmax = (int64_t)bpfg_getzmax(d));
	return (zmax);
}

/* The slots, lengths and flags into out[ZSEED_STATE_COUNT]; returns 1 if the descriptor's lock is still held. */
ZSEED_EXPORT int
zseed_state(struct bpf_d *d, int64_t *out)
{
	bpfg_state(d, out);
	return (bpfg_lock_held(d));
}

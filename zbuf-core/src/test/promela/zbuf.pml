/*
 * zbuf.pml: one BPF descriptor in zero-copy mode, both sides of the two-buffer protocol, for spin.
 *
 * The kernel (catchpacket with the lazy reclaim, rotate or buffull, bufheld, BIOCROTZBUF, bpfpoll and the read
 * timeout) and the user (libpcap's loop as ZbufCapture.dispatch runs it: look at shared memory, poll, look,
 * BIOCROTZBUF, look; hold, walk the records, acknowledge) share two buffers, each with its header (kernel_gen,
 * kernel_len, user_gen) and CAP record slots. A record is the sequence number of its packet. docs/model.md maps
 * every variable to the Java field it stands for, says what is abstracted, and how to run the checks.
 *
 * Variants, chosen with -D when spin generates the verifier:
 *   (none)       zbuf: BIOCROTZBUF reclaims an acknowledged hold buffer before deciding whether to rotate
 *   FREEBSD      FreeBSD's bpf_zerocopy_ioctl_rotzbuf(): rotates only if no buffer is held
 *   IMMEDIATE=1  BIOCIMMEDIATE: a non-empty store buffer is readable at once (otherwise only once the read
 *                timeout fired; the read timeout is always set)
 * Deliberately broken, each must fail the safety check (they show that the assertions have teeth):
 *   BROKEN_EARLY_ACK       the user acknowledges a buffer before it walks the records
 *   BROKEN_NO_CANWRITE     the kernel appends to its store buffer without checking ASSIGNED (bpf_canwritebuf)
 *   BROKEN_GEN_BEFORE_LEN  the kernel bumps kernel_gen before it writes kernel_len
 *
 * Properties: the assertions (safety; invalid end states are deadlocks) and the LTL formula `delivery`
 * (liveness, checked with weak fairness).
 */

#ifndef NPKT
#define NPKT 8          /* packets offered to the descriptor, then no more; at most 14 (the masks) */
#endif
#ifndef CAP
#define CAP 3           /* record slots per buffer: bd_bufsize, counted in records */
#endif
#ifndef GENMOD
#define GENMOD 3        /* generations count modulo GENMOD (2^32 in the real header) */
#endif
#ifndef IMMEDIATE
#define IMMEDIATE 0
#endif

#define A 0
#define B 1
#define OTHER(b) (1 - (b))
#define NAME(b) ((b) == A -> 'A' : 'B')

/* ---- shared memory: the two lent buffers ---- */
typedef Records { byte slot[CAP] };
byte kernel_gen[2];     /* bzh_kernel_gen: written by the kernel only, with release semantics */
byte kernel_len[2];     /* bzh_kernel_len: records after the header, written before kernel_gen */
byte user_gen[2];       /* bzh_user_gen: written by the user only, with release semantics */
Records data[2];        /* the records, from byte 32 on */

/* ---- kernel side: struct bpf_d in zero-copy mode ---- */
bit store = A;          /* bd_sbuf; the other buffer is bd_hbuf when holding, else bd_fbuf */
bool holding;           /* bd_hbuf != NULL, and so bd_fbuf == NULL */
byte slen;              /* bd_slen, in records */
byte hlen;              /* bd_hlen, in records */
bool assigned[2];       /* ZBUF_FLAG_ASSIGNED: the kernel considers the buffer the user's */
mtype = { IDLE, WAITING, TIMED_OUT };
mtype rstate = IDLE;    /* bd_state of the read timeout */
bool locked;            /* BPFD_LOCK: catchpacket, the ioctls, bpfpoll and the timer exclude each other */

/* ---- counters ---- */
byte caught;            /* packets through catchpacket (bs_recv; the filter accepts every packet) */
byte accepted;          /* records written into a buffer */
byte dropped;           /* bs_drop */
byte delivered;         /* records the user walked */

/* ---- ghosts: observations for the properties, not part of the protocol ---- */
bool uheld[2];          /* the user holds the buffer: it saw kernel_gen != user_gen and has not acknowledged */
short dropmask;         /* bit s: packet s was dropped */
short delivmask;        /* bit s: packet s was delivered */

#define canfree  (holding && kernel_gen[OTHER(store)] == user_gen[OTHER(store)])
#ifdef BROKEN_NO_CANWRITE
#define canwrite true
#else
#define canwrite (!assigned[store])
#endif
#define ready    ((holding && !canfree) || ((IMMEDIATE || rstate == TIMED_OUT) && slen != 0))

#define all_caught    (caught == NPKT)
#define all_delivered (delivered == accepted)

/* Records in the store buffer are delivered without a later packet: once the last packet has gone through
 * catchpacket, every record accepted is eventually delivered. */
ltl delivery { [] (all_caught -> <> all_delivered) }

/* bpf_buf_reclaimed, when bpf_canfreebuf: the acknowledged hold buffer moves to the free slot. */
inline reclaim() {
    if
    :: canfree ->
        printf("kernel: reclaims %c, acknowledged\n", NAME(OTHER(store)));
        holding = false; hlen = 0; assigned[OTHER(store)] = false
    :: else
    fi
}

/* atomic_add_rel_int(&bzh_kernel_gen, 1) */
#define BUMP_GEN(b) \
    atomic { \
        kernel_gen[b] = (kernel_gen[b] + 1) % GENMOD; \
        printf("kernel: hands %c over: kernel_gen %d, kernel_len %d\n", NAME(b), kernel_gen[b], kernel_len[b]) \
    }

/* bpf_bufheld and bpf_buffull: hand buffer b over with `length` records, unless it is ASSIGNED already. */
inline handoff(b, length) {
    if
    :: !assigned[b] ->
        assert(!uheld[b] && length > 0);
        assigned[b] = true;
#ifdef BROKEN_GEN_BEFORE_LEN
        BUMP_GEN(b);
        kernel_len[b] = length;
#else
        kernel_len[b] = length;
        BUMP_GEN(b);
#endif
    :: else
    fi
}

/* ROTATE_BUFFERS, then bpf_bufheld. Never with the free slot empty. */
inline rotate() {
    assert(!holding);
    d_step { hlen = slen; holding = true; store = OTHER(store); slen = 0 };
    handoff(OTHER(store), hlen)
}

/* bpf_wakeup: a waiting read timeout stops; sleeping readers wake. */
inline wakeup() {
    if
    :: rstate == WAITING -> rstate = IDLE
    :: else
    fi
}

/* catchpacket() for packet seq, under BPFD_LOCK. Packets have any size: one always fits an empty buffer
 * (caplen is clamped to bd_bufsize), one may be too big for what is left of a non-empty one. */
inline catchpacket(seq) {
    atomic { !locked -> locked = true; printf("kernel: packet %d arrives\n", seq); reclaim() };
    if
    :: slen == CAP || !canwrite -> nofit = true
    :: slen < CAP && canwrite -> nofit = false
    :: slen > 0 && slen < CAP && canwrite -> nofit = true
    fi;
    if
    :: nofit && holding ->
        handoff(store, slen);
        d_step {
            printf("kernel: drops packet %d, %c is full and %c is held\n", seq, NAME(store), NAME(OTHER(store)));
            dropped++; dropmask = dropmask | (1 << seq)
        }
    :: else ->
        if
        :: nofit -> rotate(); wakeup()
        :: else ->
            if
            :: IMMEDIATE || rstate == TIMED_OUT -> wakeup()
            :: else
            fi
        fi;
        d_step {
            assert(!uheld[store]);   /* the kernel never writes into a buffer the user holds */
            data[store].slot[slen] = seq;
            printf("kernel: packet %d -> %c slot %d\n", seq, NAME(store), slen);
            slen++; accepted++
        }
    fi;
    d_step { caught++; nofit = false; locked = false }
}

active proctype kernel() {
    byte seq = 1;
    bool nofit;
    do
    :: seq <= NPKT -> catchpacket(seq); seq++
    :: else -> break
    od
}

/* bpf_timed_out: the callout armed by a poll fires. */
active proctype timer() {
end:
    do
    :: atomic { !locked && rstate == WAITING -> rstate = TIMED_OUT; printf("timer: the read timeout fires\n") }
    od
}

active proctype user() {
    bit expected = A;   /* strict alternation, A first */
    byte gen;           /* the kernel_gen at which the user holds the buffer */
    byte klen;          /* the kernel_len it read */
    byte i, r;
    bool held;

/* ZbufConsumer.poll(): acquire-load kernel_gen of the expected buffer, compare it with user_gen; if they
 * differ, the buffer is the user's and it reads kernel_len. */
#define TRYHOLD \
    atomic { \
        gen = kernel_gen[expected]; \
        if \
        :: gen != user_gen[expected] -> held = true; uheld[expected] = true \
        :: else -> \
            printf("user: %c not handed over (kernel_gen %d = user_gen)\n", NAME(expected), gen); gen = 0 \
        fi \
    }; \
    if \
    :: held -> \
        klen = kernel_len[expected]; \
        printf("user: holds %c: kernel_gen %d, kernel_len %d\n", NAME(expected), gen, klen); \
        assert(klen <= CAP); \
        goto walk \
    :: else \
    fi

/* HeldBuffer.acknowledge(): release-store user_gen = the generation held. */
#define ACKNOWLEDGE \
    atomic { \
        user_gen[expected] = gen; uheld[expected] = false; \
        printf("user: acknowledges %c: user_gen %d\n", NAME(expected), gen) \
    }

look:
    TRYHOLD;
    /* Device.awaitReadable, libpcap's select(): bpfpoll() finds the descriptor readable or arms the read
     * timeout; the reader then sleeps until woken (bpf_wakeup, which stops a waiting timer) or until the timer
     * fires (libpcap's select times out after the same timeout). Woken but not readable, it polls again. */
poll:
    atomic {
        !locked ->
        if
        :: ready -> printf("user: poll: readable\n")
        :: else ->
            printf("user: poll: not readable, arms the read timeout\n");
            if
            :: rstate == IDLE -> rstate = WAITING
            :: else
            fi
        fi
    };
    atomic {
        !locked && (ready || rstate != WAITING) ->
        if
        :: ready || rstate == TIMED_OUT -> printf("user: poll returns\n")
        :: else -> printf("user: poll: woken, not readable\n"); goto poll
        fi
    };
    TRYHOLD;
    /* BIOCROTZBUF: bpfioctl() stops the read timeout; FreeBSD rotates only if nothing is held, zbuf reclaims an
     * acknowledged hold buffer first. */
    atomic {
        !locked ->
        rstate = IDLE;
#ifndef FREEBSD
        reclaim();
#endif
        if
        :: !holding && slen != 0 -> printf("user: BIOCROTZBUF rotates %c\n", NAME(store)); rotate()
        :: else ->
            if
            :: holding ->
                printf("user: BIOCROTZBUF rotates nothing: hold %c (kernel_gen %d, user_gen %d), store %c slen %d\n",
                    NAME(OTHER(store)), kernel_gen[OTHER(store)], user_gen[OTHER(store)], NAME(store), slen)
            :: else -> printf("user: BIOCROTZBUF rotates nothing: store %c empty\n", NAME(store))
            fi
        fi
    };
    TRYHOLD;
    goto look;

walk:
#ifdef BROKEN_EARLY_ACK
    ACKNOWLEDGE;
#endif
    i = 0;
    do
    :: i < klen ->
        d_step {
            r = data[expected].slot[i];
            /* the user never reads a buffer the kernel owns */
            assert(kernel_gen[expected] != user_gen[expected] && assigned[expected]);
            assert(r >= 1 && r <= NPKT);
            /* exactly once, and not also counted as dropped */
            assert((delivmask & (1 << r)) == 0 && (dropmask & (1 << r)) == 0);
            /* in order: every earlier packet was delivered or dropped */
            assert((((1 << r) - 2) & ~(delivmask | dropmask)) == 0);
            printf("user: reads packet %d from %c slot %d\n", r, NAME(expected), i);
            delivmask = delivmask | (1 << r); delivered++; r = 0; i++
        }
    :: else -> break
    od;
#ifndef BROKEN_EARLY_ACK
    ACKNOWLEDGE;
#endif
    atomic { expected = OTHER(expected); held = false; gen = 0; klen = 0; i = 0 };
    goto look
}

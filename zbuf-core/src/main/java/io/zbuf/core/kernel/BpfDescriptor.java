package io.zbuf.core.kernel;

import io.zbuf.core.filter.BpfFilter;
import io.zbuf.core.layout.BpfAlignment;
import io.zbuf.core.layout.BpfRecordHeader;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;

import java.util.Objects;

/**
 * The kernel side of one BPF descriptor in zero-copy mode: {@code struct bpf_d} with the zero-copy hooks of
 * {@code sys/net/bpf.c} and {@code sys/net/bpf_zerocopy.c}, as a single-threaded state machine that a backend
 * drives. It writes records straight into the two buffers the user lent and hands them over through their
 * shared headers; the user side reads them without a call into this class.
 *
 * <p><b>Thread confinement.</b> Not thread-safe and takes no lock: every method must be called from the one
 * thread that plays the kernel for this descriptor (user ioctls are marshalled onto it). Only the lent buffers
 * are shared with the user, through the ordered accesses of {@link ZbufHeader}.
 *
 * <p><b>How a backend drives it.</b>
 * <ul>
 *   <li>Ioctls: call the method named after it; a {@link BpfException} carries FreeBSD's errno. As
 *       {@code bpfioctl()} does on entry, <em>every</em> ioctl method, failing or not, stops a running read
 *       timeout (state IDLE). After {@link #close()} they throw {@link DeviceClosedException}.</li>
 *   <li>BIOCSETIF: resolve the interface name first (ENXIO is the backend's), then {@link #attach(LinkType)};
 *       when the interface goes away, {@link #detach()} and wake the readers.</li>
 *   <li>Packets: {@link #tap(Packet)} for every packet of the attached interface; when it returns {@code true},
 *       wake the readers.</li>
 *   <li>poll/select: if {@link #readable()}, report readable. Otherwise call {@link #armReadTimeout()}; a
 *       non-zero result is a delay in nanoseconds after which to call {@link #readTimeoutFired()} on this
 *       thread, timed on this descriptor's {@link KernelClock} (its uptime); when that returns {@code true},
 *       wake the readers. A timer that fires for an arming that was superseded is ignored, so timers need not
 *       be cancelled. Readers that wake re-check {@link #readable()}. Not attached means hang-up, as
 *       {@code bpfpoll()} reports it.</li>
 * </ul>
 *
 * <p>Deviations from FreeBSD, each documented in {@code docs/deviations.md}: BIOCROTZBUF reclaims an
 * acknowledged hold buffer before deciding whether to rotate; BIOCSETIF in BUFFER mode is EOPNOTSUPP (zbuf
 * implements zero-copy mode only); a failing BIOCSETZBUF does not zero the headers of the buffers it was given;
 * {@code kernel_gen} is never read back from shared memory. The zero-copy part is a {@link ZeroCopyScheme}, zbuf's
 * own unless the constructor is given another; zbuf's is checked against FreeBSD's own {@code bpf_zerocopy.c},
 * compiled (docs/oracle.md), which can also stand in its place behind this class.
 */
public final class BpfDescriptor {
    /** {@code net.bpf.bufsize}: BIOCGBLEN of a new descriptor, before BIOCSBLEN or BIOCSETZBUF. */
    public static final int DEFAULT_BUFFER_SIZE = 4096;
    /** {@code BPF_MINBUFSIZE}: BIOCSBLEN rounds smaller sizes up to this. */
    public static final int MIN_BUFFER_SIZE = 32;
    /** {@code net.bpf.maxbufsize}: BIOCSBLEN rounds larger sizes down to this. */
    public static final int MAX_BUFFER_SIZE = 524_288;
    /** The smallest page size: room for the 32-byte header and a 32-byte record header. */
    public static final int MIN_PAGE_SIZE = 2 * ZbufHeader.LENGTH;

    private final KernelClock clock;
    private final int pageSize;
    private final ZeroCopyScheme scheme;
    private final RecordWriter recordWriter;
    private final ReadTimeout readTimeout = new ReadTimeout();
    private boolean closed;
    private BufferMode bufferMode = BufferMode.BUFFER;
    private ZeroCopyBuffers slots;
    private int bufferSize = DEFAULT_BUFFER_SIZE;
    private LinkType linkType;
    private int hdrlen;
    private boolean immediate;
    private TimestampType timestampType = TimestampType.DEFAULT;
    private BpfFilter filter = BpfFilter.ACCEPT_ALL;
    private long received;
    private long dropped;

    /**
     * A new descriptor: BUFFER mode, no buffers, not attached, MICROTIME timestamps, accepts every packet.
     *
     * @param clock    stamps packets that carry no timestamp of their own, and times the read timeout
     * @param pageSize the page size the kernel maps lent buffers with, a power of two (4096 on amd64)
     * @throws IllegalArgumentException for a page size that is not a power of two of at least {@link #MIN_PAGE_SIZE}
     */
    public BpfDescriptor(KernelClock clock, int pageSize) {
        this(clock, pageSize, ZeroCopyScheme.zbuf());
    }

    /**
     * A new descriptor, as {@link #BpfDescriptor(KernelClock, int)}, whose zero-copy buffers are {@code scheme}'s
     * (see {@link ZeroCopyScheme}); the two-argument constructor's is {@link ZeroCopyScheme#zbuf()}.
     *
     * @throws IllegalArgumentException for a page size that is not a power of two of at least {@link #MIN_PAGE_SIZE}
     */
    public BpfDescriptor(KernelClock clock, int pageSize, ZeroCopyScheme scheme) {
        if (pageSize < MIN_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size " + pageSize + " is not a power of two of at least " + MIN_PAGE_SIZE);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pageSize = pageSize;
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.recordWriter = new RecordWriter(clock);
    }

    /** BIOCGETBUFMODE. */
    public BufferMode bufferMode() throws BpfException {
        enter("BIOCGETBUFMODE");
        return bufferMode;
    }

    /**
     * BIOCSETBUFMODE.
     *
     * @throws BpfException EBUSY once buffers are set or an interface is attached
     */
    public void setBufferMode(BufferMode mode) throws BpfException {
        enter("BIOCSETBUFMODE");
        Objects.requireNonNull(mode, "mode");
        if (slots != null || linkType != null) {
            throw new BpfException(Errno.EBUSY, "BIOCSETBUFMODE: the buffer mode cannot change once buffers are set or an interface is attached");
        }
        bufferMode = mode;
    }

    /**
     * BIOCGETZMAX: the largest buffer BIOCSETZBUF accepts, 512 pages.
     *
     * @throws BpfException EOPNOTSUPP in BUFFER mode
     */
    public long zmax() throws BpfException {
        enter("BIOCGETZMAX");
        requireZbufMode("BIOCGETZMAX");
        return scheme.zmax(pageSize);
    }

    /**
     * BIOCSETZBUF: takes the two buffers, zeroes their headers; store = A, free = B, no hold. BIOCGBLEN becomes
     * the buffer length minus 32. A failure changes nothing.
     *
     * @throws BpfException EOPNOTSUPP in BUFFER mode; EINVAL or EFAULT as {@link SetZbufValidator} lists
     */
    public void setZbuf(BpfZbuf zbuf) throws BpfException {
        enter("BIOCSETZBUF");
        Objects.requireNonNull(zbuf, "zbuf");
        requireZbufMode("BIOCSETZBUF");
        slots = scheme.setZbuf(zbuf, pageSize, slots != null || linkType != null);
        bufferSize = (int) zbuf.bufLen() - ZbufHeader.LENGTH;
    }

    /**
     * BIOCSETIF, once the backend found the interface: attaches to it (or re-attaches) and resets the
     * descriptor as {@link #flush()} does.
     *
     * @throws BpfException EOPNOTSUPP in BUFFER mode (zbuf implements zero-copy mode only); EINVAL before
     *                      BIOCSETZBUF
     */
    public void attach(LinkType type) throws BpfException {
        enter("BIOCSETIF");
        Objects.requireNonNull(type, "type");
        if (bufferMode == BufferMode.BUFFER) {
            throw new BpfException(Errno.EOPNOTSUPP,
                "BIOCSETIF: zbuf implements zero-copy buffer mode only; set BIOCSETBUFMODE to ZBUF and lend buffers with BIOCSETZBUF first");
        }
        if (slots == null) {
            throw new BpfException(Errno.EINVAL, "BIOCSETIF: lend the zero-copy buffers with BIOCSETZBUF before attaching");
        }
        linkType = type;
        hdrlen = BpfRecordHeader.headerLength(type);
        reset();
    }

    /** Whether an interface is attached. */
    public boolean attached() {
        return linkType != null;
    }

    /**
     * BIOCGDLT: the link type of the attached interface.
     *
     * @throws BpfException EINVAL if none is attached
     */
    public LinkType linkType() throws BpfException {
        enter("BIOCGDLT");
        if (linkType == null) {
            throw new BpfException(Errno.EINVAL, "BIOCGDLT: no interface is attached");
        }
        return linkType;
    }

    /**
     * The attached interface went away ({@code bpfdetach()}): packets stop, buffers and their contents stay,
     * a running read timeout stops. The backend wakes the readers, who find the descriptor not attached.
     */
    public void detach() {
        if (linkType != null) {
            linkType = null;
            readTimeout.wakeup();
        }
    }

    /** BIOCGBLEN: record space per buffer; {@link #DEFAULT_BUFFER_SIZE} until BIOCSBLEN or BIOCSETZBUF sets it. */
    public int bufferSize() throws BpfException {
        enter("BIOCGBLEN");
        return bufferSize;
    }

    /**
     * BIOCSBLEN, in BUFFER mode only: records the size, rounded into [{@link #MIN_BUFFER_SIZE},
     * {@link #MAX_BUFFER_SIZE}] ({@code size} is a {@code u_int}).
     *
     * @throws BpfException EOPNOTSUPP in ZBUF mode, where the lent buffers decide the size
     */
    public void setBufferSize(int size) throws BpfException {
        enter("BIOCSBLEN");
        if (bufferMode == BufferMode.ZBUF) {
            throw new BpfException(Errno.EOPNOTSUPP, "BIOCSBLEN: in zero-copy mode the buffers lent with BIOCSETZBUF decide the size");
        }
        bufferSize = (int) Math.max(MIN_BUFFER_SIZE, Math.min(Integer.toUnsignedLong(size), MAX_BUFFER_SIZE));
    }

    /** BIOCIMMEDIATE: wake readers on every packet. */
    public void setImmediate(boolean immediate) throws BpfException {
        enter("BIOCIMMEDIATE");
        this.immediate = immediate;
    }

    /**
     * BIOCSRTIMEOUT: after waiting this long, a non-empty store buffer makes the descriptor readable; 0 never.
     *
     * @throws BpfException EINVAL for a negative timeout
     */
    public void setReadTimeout(long nanos) throws BpfException {
        enter("BIOCSRTIMEOUT");
        if (nanos < 0) {
            throw new BpfException(Errno.EINVAL, "BIOCSRTIMEOUT: a read timeout cannot be negative: " + nanos + " ns");
        }
        readTimeout.timeoutNanos(nanos);
    }

    /** BIOCGTSTAMP. */
    public TimestampType timestampType() throws BpfException {
        enter("BIOCGTSTAMP");
        return timestampType;
    }

    /** BIOCSTSTAMP: how later records are stamped. */
    public void setTimestampType(TimestampType type) throws BpfException {
        enter("BIOCSTSTAMP");
        timestampType = Objects.requireNonNull(type, "type");
    }

    /**
     * BIOCSETF: validates and installs a filter, then resets the descriptor as {@link #flush()} does.
     *
     * @throws BpfException EINVAL for a program {@link BpfFilter#compile} rejects; nothing changes then
     */
    public void setFilter(BpfProgram program) throws BpfException {
        enter("BIOCSETF");
        filter = BpfFilter.compile(Objects.requireNonNull(program, "program"));
        reset();
    }

    /**
     * BIOCPROMISC: the interface's promiscuous mode is the backend's; this checks the precondition.
     *
     * @throws BpfException EINVAL if no interface is attached
     */
    public void setPromiscuous() throws BpfException {
        enter("BIOCPROMISC");
        if (linkType == null) {
            throw new BpfException(Errno.EINVAL, "BIOCPROMISC: no interface is attached");
        }
    }

    /** BIOCGSTATS: packets offered since attach, flush or filter, and those dropped for lack of space. */
    public BpfStats stats() throws BpfException {
        enter("BIOCGSTATS");
        return BpfStats.ofCounters(received, dropped);
    }

    /** BIOCFLUSH: empties a writable store buffer and zeroes the counters. */
    public void flush() throws BpfException {
        enter("BIOCFLUSH");
        reset();
    }

    /**
     * BIOCROTZBUF: if no buffer is held and the store buffer holds records, hands it over now. Unlike FreeBSD,
     * an acknowledged hold buffer is reclaimed first, so records are not stuck behind a buffer the user already
     * gave back.
     *
     * @return the buffer handed over and its {@code kernel_len}, or {@link Rotation#NONE}
     * @throws BpfException EOPNOTSUPP in BUFFER mode
     */
    public Rotation rotateZbuf() throws BpfException {
        enter("BIOCROTZBUF");
        requireZbufMode("BIOCROTZBUF");
        if (slots == null) {
            return Rotation.NONE;
        }
        ZbufId held = slots.rotateZbuf();
        return held == null ? Rotation.NONE : new Rotation(held, slots.holdLength());
    }

    /**
     * {@code bpf_mtap()} for this descriptor: counts the packet if attached, runs the filter and, if it accepts,
     * appends a record ({@code catchpacket()}): reclaims an acknowledged hold buffer; rotates when the record
     * does not fit or the store buffer is the user's; drops it (and hands the full store buffer over) when no
     * buffer is free. Allocates nothing.
     *
     * @return whether readers must be woken: a buffer was handed over by rotation, or the descriptor is
     * immediate or timed out
     */
    public boolean tap(Packet packet) {
        if (linkType == null) {
            return false;
        }
        received++;
        int snaplen = filter.run(packet);
        return snaplen != 0 && catchPacket(packet, Integer.toUnsignedLong(snaplen));
    }

    /**
     * Counts {@code count} packets the interface lost before they reached BPF (a network card's or a capture
     * ring's overrun) as received and dropped, so that received = delivered + dropped holds for what the
     * interface saw. Not in FreeBSD, where such drops are the driver's; ignored unless attached.
     */
    public void lost(long count) {
        if (linkType == null) {
            return;
        }
        received += count;
        dropped += count;
    }

    private boolean catchPacket(Packet packet, long snaplen) {
        ZeroCopyBuffers slots = this.slots;
        slots.reclaimIfAcknowledged();
        int totlen = (int) Math.min(hdrlen + Math.min(snaplen, packet.length()), bufferSize);
        int previousEnd = slots.storeLength();
        int start = BpfAlignment.wordAlign(previousEnd);
        boolean wakeup;
        if (!fitsInStore(start, totlen)) {
            if (slots.holding()) {
                slots.bufferFull();
                dropped++;
                return false;
            }
            slots.rotate();
            wakeup = true;
            previousEnd = 0;
            start = 0;
        } else {
            wakeup = immediate || readTimeout.timedOut();
        }
        slots.append(recordWriter, previousEnd, start, hdrlen, totlen - hdrlen, packet, timestampType);
        slots.storeLength(start + totlen);
        if (wakeup) {
            readTimeout.wakeup();
        }
        return wakeup;
    }

    /**
     * Whether {@link #tap} would keep this packet rather than drop it for lack of space, judged on the whole
     * packet (the filter may keep less). Performs the lazy reclaim, as {@code tap} would first. For sources
     * that wait for the reader instead of dropping, like a replayed file.
     */
    public boolean hasRoomFor(Packet packet) {
        if (linkType == null) {
            return true;
        }
        slots.reclaimIfAcknowledged();
        int totlen = (int) Math.min(hdrlen + (long) packet.length(), bufferSize);
        return !slots.holding() || fitsInStore(BpfAlignment.wordAlign(slots.storeLength()), totlen);
    }

    private boolean fitsInStore(int start, int totlen) {
        return start + totlen <= bufferSize && slots.canWrite();
    }

    /**
     * {@code bpf_ready()}: a buffer is held and not yet acknowledged, or the store buffer holds records and the
     * descriptor is immediate or its read timeout fired (the user then issues BIOCROTZBUF).
     */
    public boolean readable() {
        if (slots == null) {
            return false;
        }
        return slots.holding() && !slots.canFree() || (immediate || readTimeout.timedOut()) && slots.storeLength() != 0;
    }

    /**
     * {@code bpfpoll()} for a reader about to wait: if attached, not readable, a read timeout set and no timer
     * running, starts one.
     *
     * @return nanoseconds on this descriptor's clock after which to call {@link #readTimeoutFired()}, 0 for none
     */
    public long armReadTimeout() {
        if (linkType == null || readable()) {
            return 0;
        }
        return readTimeout.arm(clock.uptimeNanos());
    }

    /**
     * {@code bpf_timed_out()}: the timer of {@link #armReadTimeout()} fired. Ignored unless it is the timer of the
     * current arming.
     *
     * @return whether the descriptor is now readable, so readers must be woken
     */
    public boolean readTimeoutFired() {
        readTimeout.fired(clock.uptimeNanos());
        return readable();
    }

    /**
     * {@code bd_slen}: bytes of records in the store buffer, not yet handed over; 0 before BIOCSETZBUF and after
     * close. A host whose interface went away uses it to tell whether the reader has anything left to rotate.
     */
    public int storeLength() {
        return slots == null ? 0 : slots.storeLength();
    }

    /** Number of times a buffer was handed to the user; 0 before BIOCSETZBUF and after close. */
    public long buffersHandedOver() {
        return slots == null ? 0 : slots.handOffs();
    }

    /** Whether {@link #close()} was called. */
    public boolean closed() {
        return closed;
    }

    /**
     * {@code bpfclose()}: detaches, stops the read timeout, lets go of the buffers. Ioctls then fail with
     * {@link DeviceClosedException}, {@link #tap} ignores packets. Idempotent.
     */
    public void close() {
        closed = true;
        linkType = null;
        if (slots != null) {
            slots.free();
            slots = null;
        }
    }

    /**
     * {@code reset_d()}: empties a writable store buffer and zeroes the counters. FreeBSD also reclaims an
     * acknowledged hold buffer here; nothing can observe that before the next packet or BIOCROTZBUF, which
     * both reclaim first, so it is left to them.
     */
    private void reset() {
        if (slots != null && slots.canWrite()) {
            slots.storeLength(0);
        }
        received = 0;
        dropped = 0;
    }

    /** The entry of {@code bpfioctl()}: a closed descriptor refuses, an open one stops its read timeout. */
    private void enter(String ioctl) throws DeviceClosedException {
        if (closed) {
            throw new DeviceClosedException(ioctl);
        }
        readTimeout.cancel();
    }

    private void requireZbufMode(String ioctl) throws BpfException {
        if (bufferMode != BufferMode.ZBUF) {
            throw new BpfException(Errno.EOPNOTSUPP, ioctl + ": only in zero-copy buffer mode; set BIOCSETBUFMODE to ZBUF first");
        }
    }
}

package io.zbuf.core.user;

import io.zbuf.core.filter.SnapLength;
import io.zbuf.core.pcap.filter.FilterCompiler;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMemory;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.Device;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.TimestampType;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A zero-copy capture on one device, opened and read the way libpcap's {@code pcap-bpf.c} does it.
 *
 * <p>{@link #dispatch(RecordHandler, Duration)} delivers one buffer per call. It looks at shared memory first,
 * so while buffers keep arriving it makes no device call at all; only when the expected buffer is not there
 * does it wait on the device and then ask it to rotate (BIOCROTZBUF).
 *
 * <p>A walk may stop before the end of its buffer, when a {@link ControlledRecordHandler} (through {@link
 * #controlledDispatch} or {@link #controlledPoll}) answers BREAK or ABORT, or when a handler throws. No record is
 * lost or repeated: the buffer stays held with its cursor at the next record, the next call of any of the four
 * resumes there without a device call, and the buffer goes back to the kernel once its last record was walked.
 *
 * <p>FreeBSD's BIOCROTZBUF stall (docs/deviations.md section 1): with records in the store buffer behind a hold
 * buffer the reader already gave back, FreeBSD's poll(2) answers readable (immediate mode, or a read timeout that
 * fired) but BIOCROTZBUF hands nothing over until the next packet arrives. A wait that said readable and a rotation
 * that brought nothing is taken for that stall: the next waits sleep instead of polling, 1 ms at first and twice as
 * long each time up to 100 ms (never longer than the caller's wait), each followed by a zero-timeout poll and a
 * rotation, until a buffer comes or the device stops saying readable. So an idle reader makes about 20 device calls
 * a second instead of spinning, and the records come at most 100 ms after the next packet.
 *
 * <p>One reader thread calls {@code dispatch}; {@link #close()} may come from another thread and wakes the
 * reader, which then gets a {@link DeviceClosedException}. Closing releases the buffers, so it must not race a
 * handler that is still reading records.
 */
public final class ZbufCapture implements AutoCloseable {
    /** {@code ret #0}: what the descriptor runs until a filter expression is compiled for its link type. */
    private static final BpfProgram REJECT_ALL = new BpfProgram(List.of(new BpfInsn(0x06, 0, 0, 0)));
    /** The first pause after a stall, and the longest (docs/freebsd.md). */
    static final long FIRST_STALL_PAUSE_NANOS = 1_000_000;
    static final long LONGEST_STALL_PAUSE_NANOS = 100_000_000;

    private final Device device;
    private final ZbufConsumer consumer;
    private final LinkType linkType;
    private final TimestampType timestampType;
    private final int bufferSize;
    private final int snapLength;
    private final BpfException promiscuousFailure;
    private volatile boolean closed;
    private long buffersReceived;
    private HeldBuffer walking;
    private BpfException deferredFailure;
    private long stallPauseNanos;

    private ZbufCapture(Device device, ZbufConsumer consumer, CaptureConfig config, int bufferSize, BpfException promiscuousFailure,
                        LinkType linkType) {
        this.device = device;
        this.consumer = consumer;
        this.linkType = linkType;
        this.timestampType = config.timestampType();
        this.bufferSize = bufferSize;
        this.snapLength = config.snapLength();
        this.promiscuousFailure = promiscuousFailure;
    }

    /**
     * Sets {@code device} up for zero-copy capture: BIOCSETBUFMODE(ZBUF), BIOCGETZMAX, two buffers from the
     * device's memory with zeroed headers, BIOCSETZBUF, BIOCIMMEDIATE, BIOCSRTIMEOUT, BIOCSTSTAMP, BIOCSETF, then
     * BIOCSETIF, BIOCPROMISC if asked for, and BIOCGDLT. The buffer length is the requested size rounded up to
     * whole pages, capped at BIOCGETZMAX rounded down to whole pages. The filter installed is the configured one
     * with its returns bounded by the snap length ({@link SnapLength#bound}): {@code ret #snaplen} without a filter,
     * as libpcap opens a descriptor. A filter expression is compiled for the link type BIOCSETIF gives, and
     * installed by a second BIOCSETF; until then a program that rejects every packet keeps unfiltered packets out.
     * A BIOCPROMISC that fails does not fail the capture, as in libpcap: see
     * {@link #promiscuousFailure()}.
     *
     * @throws BpfException the first ioctl that failed, with its errno; the device is closed by then, so nothing
     *                      leaks. {@link Errno#EINVAL} if BIOCGETZMAX is below one page
     */
    public static ZbufCapture open(Device device, CaptureConfig config) throws BpfException {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(config, "config");
        try {
            device.setBufferMode(BufferMode.ZBUF);
            long zmax = device.zmax();
            BufferMemory memory = device.bufferMemory();
            int bufLen = bufferLength(config.bufferSize(), zmax, memory.pageSize());
            BpfZbuf zbuf = new BpfZbuf(zeroedHeader(memory.allocate(bufLen)), zeroedHeader(memory.allocate(bufLen)), bufLen);
            ZbufConsumer consumer = new ZbufConsumer(zbuf, config.timestampType().format());
            device.setZbuf(zbuf);
            device.setImmediate(config.immediate());
            device.setReadTimeout(config.readTimeout());
            device.setTimestampType(config.timestampType());
            boolean expression = !config.filterExpression().isBlank();
            device.setFilter(expression ? REJECT_ALL : SnapLength.bound(config.filter(), config.snapLength()));
            device.setInterface(config.interfaceName());
            if (expression) {
                device.setFilter(FilterCompiler.compile(config.filterExpression(), device.linkType(), config.snapLength()));
            }
            BpfException promiscuousFailure = config.promiscuous() ? promiscuous(device) : null;
            return new ZbufCapture(device, consumer, config, bufLen, promiscuousFailure, device.linkType());
        } catch (BpfException | RuntimeException | Error failure) {
            try {
                device.close();
            } catch (RuntimeException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
    }

    /** BIOCPROMISC: null if the device entered promiscuous mode, else why not. */
    private static BpfException promiscuous(Device device) {
        try {
            device.setPromiscuous();
            return null;
        } catch (BpfException refused) {
            return refused;
        }
    }

    /**
     * The length of each buffer: {@code requested} rounded up to whole pages, at most {@code zmax} rounded down
     * to whole pages.
     */
    static int bufferLength(int requested, long zmax, int pageSize) throws BpfException {
        long largest = zmax / pageSize * pageSize;
        if (largest < pageSize) {
            throw new BpfException(Errno.EINVAL, "BIOCGETZMAX: the kernel accepts at most " + zmax
                + " bytes per buffer, less than one page of " + pageSize);
        }
        long wanted = ((long) requested + pageSize - 1) / pageSize * pageSize;
        return (int) Math.min(wanted, largest);
    }

    private static ByteBuffer zeroedHeader(ByteBuffer buffer) {
        ZbufHeader.clear(buffer);
        return buffer;
    }

    /**
     * libpcap's read loop, one buffer per call: the rest of the held buffer if a walk stopped early in it;
     * otherwise the expected buffer if the kernel handed it over; otherwise waits on the device (poll(2)) up to
     * {@code wait}, looks again, and if still nothing asks the device to rotate (BIOCROTZBUF) and looks once more.
     * The records are walked through {@code handler}, and the buffer goes back to the kernel once its last record
     * was delivered. A zero {@code wait} never blocks: it skips the wait and only rotates.
     *
     * <p>A handler that throws loses nothing: the record it threw on counts as delivered, the exception
     * propagates, and the next call resumes at the record after it. A record that cannot be framed ({@link
     * io.zbuf.spi.CorruptBufferException}) ends its buffer: it is acknowledged, since nothing after it can be read.
     *
     * <p>A buffer already handed over is delivered before a device failure surfaces: when the device fails
     * (for example {@link io.zbuf.spi.KernelGoneException}) but a buffer turns out to be there, it is delivered
     * and the failure is thrown by the next call that finds no buffer.
     *
     * @return the number of records delivered, 0 if no buffer came within {@code wait}
     * @throws DeviceClosedException if the capture or device is closed, or gets closed while waiting
     * @throws BpfException          if the device failed and no buffer was waiting
     * @throws InterruptedException  if the thread was interrupted while waiting
     */
    public int dispatch(RecordHandler handler, Duration wait) throws BpfException, InterruptedException {
        Objects.requireNonNull(handler, "handler");
        HeldBuffer held = takeOrAwait(wait);
        return held == null ? 0 : deliver(held, handler, null);
    }

    /**
     * {@link #dispatch(RecordHandler, Duration)} with a handler that may stop the walk: after {@link
     * ControlledRecordHandler.Action#BREAK BREAK} the next call resumes at the next record, after {@link
     * ControlledRecordHandler.Action#ABORT ABORT} at the same record, in this buffer, without any device call.
     *
     * @return the number of records consumed, 0 if no buffer came within {@code wait} or the first was aborted
     */
    public int controlledDispatch(ControlledRecordHandler handler, Duration wait) throws BpfException, InterruptedException {
        Objects.requireNonNull(handler, "handler");
        HeldBuffer held = takeOrAwait(wait);
        return held == null ? 0 : deliver(held, null, handler);
    }

    /**
     * Shared memory only: delivers the rest of the held buffer, or the buffer the kernel handed over, if it has,
     * and never calls the device, so it never blocks, rotates, or learns that the interface went away. For a
     * reader that spins or yields with an {@link IdleStrategy} and calls {@link #dispatch} when it wants to block.
     * Records, exceptions and acknowledgements as for {@link #dispatch(RecordHandler, Duration)}.
     *
     * @return the number of records delivered, 0 if the kernel still owns the expected buffer
     * @throws DeviceClosedException if the capture is closed
     */
    public int poll(RecordHandler handler) throws DeviceClosedException {
        Objects.requireNonNull(handler, "handler");
        HeldBuffer held = handedOver("poll");
        return held == null ? 0 : deliver(held, handler, null);
    }

    /**
     * {@link #poll(RecordHandler)} with a handler that may stop the walk, as for {@link #controlledDispatch}.
     *
     * @return the number of records consumed, 0 if the kernel still owns the expected buffer or the first was aborted
     * @throws DeviceClosedException if the capture is closed
     */
    public int controlledPoll(ControlledRecordHandler handler) throws DeviceClosedException {
        Objects.requireNonNull(handler, "handler");
        HeldBuffer held = handedOver("poll");
        return held == null ? 0 : deliver(held, null, handler);
    }

    private HeldBuffer takeOrAwait(Duration wait) throws BpfException, InterruptedException {
        Objects.requireNonNull(wait, "wait");
        HeldBuffer held = handedOver("dispatch");
        return held == null ? awaitBuffer(wait) : held;
    }

    private HeldBuffer handedOver(String operation) throws DeviceClosedException {
        if (closed) {
            throw new DeviceClosedException(operation);
        }
        return consumer.poll();
    }

    private HeldBuffer awaitBuffer(Duration wait) throws BpfException, InterruptedException {
        BpfException failure = deferredFailure;
        if (failure != null) {
            deferredFailure = null;
            throw failure;
        }
        try {
            boolean readable = false;
            if (!wait.isZero()) {
                readable = stallPauseNanos == 0 ? device.awaitReadable(wait) : pauseAfterStall(wait);
                HeldBuffer held = consumer.poll();
                if (held != null) {
                    stallPauseNanos = 0;
                    return held;
                }
            }
            device.rotateZbuf();
            HeldBuffer held = consumer.poll();
            stallPauseNanos = held == null && readable
                ? Math.min(LONGEST_STALL_PAUSE_NANOS, Math.max(FIRST_STALL_PAUSE_NANOS, 2 * stallPauseNanos))
                : 0;
            return held;
        } catch (DeviceClosedException closedWhileWaiting) {
            throw closedWhileWaiting;
        } catch (BpfException deviceFailure) {
            HeldBuffer held = consumer.poll();
            if (held == null) {
                throw deviceFailure;
            }
            deferredFailure = deviceFailure;
            return held;
        }
    }

    /** After a stall: sleeps instead of polling (poll would answer at once), then asks whether still readable. */
    private boolean pauseAfterStall(Duration wait) throws BpfException, InterruptedException {
        long pause = Math.min(stallPauseNanos, wait.toNanos());
        Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
        return device.awaitReadable(Duration.ZERO);
    }

    /** Walks the held buffer from its cursor (exactly one handler given); hands it back once no record is left. */
    private int deliver(HeldBuffer held, RecordHandler plain, ControlledRecordHandler controlled) {
        if (held != walking) {
            walking = held;
            buffersReceived++;
        }
        try {
            return plain != null ? held.forEach(plain) : held.controlledForEach(controlled);
        } finally {
            if (!held.hasRemaining()) {
                held.acknowledge();
                walking = null;
            }
        }
    }

    /** BIOCGSTATS: packets received and dropped by the descriptor. */
    public BpfStats stats() throws BpfException {
        return device.stats();
    }

    /**
     * Buffers the kernel handed over that this capture has delivered records from, each hand-over once, from the
     * start of its walk: the buffer a walk stopped in counts, though it goes back to the kernel only later.
     */
    public long buffersReceived() {
        return buffersReceived;
    }

    /** The link type of the interface, as BIOCGDLT answered when the capture opened. */
    public LinkType linkType() {
        return linkType;
    }

    /** The snap length: no record holds more packet bytes than this. */
    public int snapLength() {
        return snapLength;
    }

    /**
     * Why the device did not enter promiscuous mode, if it was asked to and refused: libpcap's {@code
     * PCAP_WARNING_PROMISC_NOTSUP}. The capture runs all the same, seeing only the traffic the interface would
     * receive anyway. Empty if promiscuous mode was not asked for, or entered.
     */
    public Optional<BpfException> promiscuousFailure() {
        return Optional.ofNullable(promiscuousFailure);
    }

    /** The timestamp type the records are stamped with. */
    public TimestampType timestampType() {
        return timestampType;
    }

    /** The length of each of the two buffers in bytes, 32-byte header included ({@code bz_buflen}). */
    public int bufferSize() {
        return bufferSize;
    }

    /** Closes the device, which releases the buffers and wakes a waiting reader. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            device.close();
        }
    }
}

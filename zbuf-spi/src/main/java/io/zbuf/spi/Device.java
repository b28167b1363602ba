package io.zbuf.spi;

import java.time.Duration;

/**
 * One BPF descriptor as user space sees it: the ioctls of zero-copy mode, a wait until readable, close.
 *
 * <p>Each method names the ioctl it stands for and fails with the {@link BpfException} FreeBSD's kernel would
 * answer with. A device is safe to use from several threads; {@link #close()} from one thread wakes another
 * blocked in {@link #awaitReadable(Duration)}.
 *
 * <p>The order of a zero-copy session is FreeBSD's: {@code setBufferMode(ZBUF)}, {@link #zmax()}, buffers
 * from {@link #bufferMemory()}, {@link #setZbuf(BpfZbuf)}, then {@link #setInterface(String)}.
 */
public interface Device extends AutoCloseable {
    /** Where this descriptor's buffers come from. */
    BufferMemory bufferMemory();

    /** BIOCGETBUFMODE. */
    BufferMode bufferMode() throws BpfException;

    /** BIOCSETBUFMODE: EBUSY once buffers are set or an interface is attached. */
    void setBufferMode(BufferMode mode) throws BpfException;

    /** BIOCGETZMAX: the largest buffer the kernel accepts, in bytes. */
    long zmax() throws BpfException;

    /** BIOCSETZBUF: lends the two buffers to the kernel, once. */
    void setZbuf(BpfZbuf zbuf) throws BpfException;

    /** BIOCSETIF: attaches to an interface, which resets the descriptor. */
    void setInterface(String interfaceName) throws BpfException;

    /** BIOCGDLT: the link type of the attached interface. */
    LinkType linkType() throws BpfException;

    /** BIOCGBLEN: bytes of record space per buffer (buffer length - 32 in zero-copy mode). */
    int bufferSize() throws BpfException;

    /** BIOCSBLEN: EOPNOTSUPP in zero-copy mode, where the buffers decide the size. */
    void setBufferSize(int size) throws BpfException;

    /** BIOCIMMEDIATE: wake the reader on every packet. */
    void setImmediate(boolean immediate) throws BpfException;

    /** BIOCSRTIMEOUT: after this long waiting, a non-empty store buffer makes the descriptor readable. Zero: never. */
    void setReadTimeout(Duration timeout) throws BpfException;

    /** BIOCGTSTAMP. */
    TimestampType timestampType() throws BpfException;

    /** BIOCSTSTAMP. */
    void setTimestampType(TimestampType type) throws BpfException;

    /** BIOCSETF: installs a filter; resets the descriptor. */
    void setFilter(BpfProgram program) throws BpfException;

    /** BIOCPROMISC: EINVAL unless attached. */
    void setPromiscuous() throws BpfException;

    /** BIOCGSTATS. */
    BpfStats stats() throws BpfException;

    /** BIOCFLUSH: reclaims an acknowledged buffer, empties a writable store buffer, zeroes the counters. */
    void flush() throws BpfException;

    /** BIOCROTZBUF: hands over the store buffer if it holds records and no buffer is held. */
    Rotation rotateZbuf() throws BpfException;

    /**
     * poll(2) for POLLIN: waits until a buffer is handed over and not yet acknowledged, or until the
     * store buffer holds records and the descriptor is immediate or its read timeout fired, or its interface
     * went away while records remain (FreeBSD's POLLHUP): the reader then rotates and drains them.
     *
     * @param timeout how long to wait at most; zero polls once
     * @return whether the descriptor is readable
     * @throws DeviceClosedException if the descriptor is or gets closed
     * @throws InterfaceGoneException if the interface went away and every captured record was delivered
     * @throws InterruptedException  if the waiting thread is interrupted ({@code EINTR})
     */
    boolean awaitReadable(Duration timeout) throws BpfException, InterruptedException;

    /**
     * Closes the descriptor, wakes waiters, and releases the buffer memory. Idempotent. Once it returns, the
     * buffers of {@link #bufferMemory()} may be gone (unmapped, on FreeBSD: reading them then crashes the JVM), so
     * no thread may still read them: a reader that walks records closes through {@code ZbufCapture.close()}, which
     * waits for its reader to leave before it closes the device. Calls in progress on the device itself are
     * waited for.
     */
    @Override
    void close();

    /**
     * {@code duration} in nanoseconds for a wait or a timer, saturated: {@link Long#MAX_VALUE}, a wait without end,
     * for one too long to count in a {@code long} of nanoseconds (about 292 years), {@link Long#MIN_VALUE} for one
     * as far below zero. Deadlines built from it must be compared by difference ({@code now - deadline >= 0}).
     */
    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}

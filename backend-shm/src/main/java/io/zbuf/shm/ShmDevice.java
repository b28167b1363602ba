package io.zbuf.shm;

import io.zbuf.shm.ControlConnection.Fields;
import io.zbuf.shm.ControlConnection.Result;
import io.zbuf.shm.protocol.ControlFrame;
import io.zbuf.shm.protocol.MessageType;
import io.zbuf.shm.protocol.ProtocolException;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.Device;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.KernelGoneException;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A descriptor of the kernel daemon, as the user process sees it: its buffers are regions of its own shared
 * file ({@link ShmBufferMemory}), and each ioctl is one request on its own Unix-domain connection
 * ({@link ControlConnection}), answered before the next is sent. Requests from several threads take turns;
 * {@link #close()} does not wait its turn: it closes the connection, which wakes a thread blocked in
 * {@link #awaitReadable} with a {@link DeviceClosedException}, and removes the shared file.
 *
 * <p>If the daemon dies the connection ends, and every operation fails with a {@link KernelGoneException} at
 * once; buffers already handed over stay readable, because the mapping is the user's own. A thread interrupted
 * while it waits closes the connection (NIO channels are interruptible), so the descriptor is closed as well.
 *
 * <p>{@link #controlMessages()} counts the requests sent: under load a capture sends none.
 */
public final class ShmDevice implements Device {
    private final ControlConnection connection;
    private final ShmBufferMemory memory;
    private volatile boolean closed;

    ShmDevice(ControlConnection connection, ShmBufferMemory memory) {
        this.connection = connection;
        this.memory = memory;
    }

    /**
     * Introduces the descriptor to the daemon: this process's pid and the shared file it maps.
     *
     * @throws BpfException {@link Errno#EINVAL} if the daemon maps buffers in pages of another size
     */
    void handshake() throws BpfException {
        long pid = ProcessHandle.current().pid();
        String file = memory.file().toString();
        int pageSize = request(MessageType.OPEN, frame -> frame.putLong(pid).putString(file), ControlFrame::getInt);
        if (pageSize != memory.pageSize()) {
            throw new BpfException(Errno.EINVAL, "open: the daemon maps " + pageSize + "-byte pages, this process "
                    + memory.pageSize() + "-byte pages");
        }
    }

    @Override
    public ShmBufferMemory bufferMemory() {
        return memory;
    }

    /** Requests sent to the daemon on this descriptor so far, one per ioctl or wait; each has one response. */
    public long controlMessages() {
        return connection.requests();
    }

    @Override
    public BufferMode bufferMode() throws BpfException {
        return request(MessageType.GET_BUFMODE, Fields.NONE, frame -> BufferMode.ofValue(frame.getInt()));
    }

    @Override
    public void setBufferMode(BufferMode mode) throws BpfException {
        request(MessageType.SET_BUFMODE, frame -> frame.putInt(mode.value()), Result.NONE);
    }

    @Override
    public long zmax() throws BpfException {
        return request(MessageType.GET_ZMAX, Fields.NONE, ControlFrame::getLong);
    }

    @Override
    public void setZbuf(BpfZbuf zbuf) throws BpfException {
        long offsetA = offsetOf(zbuf.bufA(), ZbufId.A);
        long offsetB = offsetOf(zbuf.bufB(), ZbufId.B);
        request(MessageType.SET_ZBUF, frame -> frame.putLong(offsetA).putLong(offsetB).putLong(zbuf.bufLen()), Result.NONE);
    }

    private long offsetOf(ByteBuffer buffer, ZbufId id) throws BpfException {
        long offset = memory.offsetOf(buffer);
        if (buffer != null && offset < 0) {
            throw new BpfException(Errno.EFAULT, "BIOCSETZBUF: buffer " + id + " is not memory of this descriptor's shared file "
                    + "(allocate it with bufferMemory())");
        }
        return offset;
    }

    @Override
    public void setInterface(String interfaceName) throws BpfException {
        request(MessageType.SET_IF, frame -> frame.putString(interfaceName), Result.NONE);
    }

    @Override
    public LinkType linkType() throws BpfException {
        return request(MessageType.GET_DLT, Fields.NONE, frame -> linkTypeOf(frame.getInt()));
    }

    private static LinkType linkTypeOf(int dlt) throws ProtocolException {
        if (dlt < 0) {
            throw new ProtocolException("negative link type " + dlt);
        }
        return LinkType.of(dlt);
    }

    @Override
    public int bufferSize() throws BpfException {
        return request(MessageType.GET_BLEN, Fields.NONE, ControlFrame::getInt);
    }

    @Override
    public void setBufferSize(int size) throws BpfException {
        request(MessageType.SET_BLEN, frame -> frame.putInt(size), Result.NONE);
    }

    @Override
    public void setImmediate(boolean immediate) throws BpfException {
        request(MessageType.SET_IMMEDIATE, frame -> frame.putByte(immediate ? 1 : 0), Result.NONE);
    }

    @Override
    public void setReadTimeout(Duration timeout) throws BpfException {
        long nanos = Device.saturatedNanos(timeout);
        request(MessageType.SET_RTIMEOUT, frame -> frame.putLong(nanos), Result.NONE);
    }

    @Override
    public TimestampType timestampType() throws BpfException {
        return request(MessageType.GET_TSTAMP, Fields.NONE, frame -> TimestampType.ofBits(frame.getInt()));
    }

    @Override
    public void setTimestampType(TimestampType type) throws BpfException {
        request(MessageType.SET_TSTAMP, frame -> frame.putInt(type.bits()), Result.NONE);
    }

    @Override
    public void setFilter(BpfProgram program) throws BpfException {
        request(MessageType.SET_FILTER, frame -> {
            frame.putInt(program.instructions().size());
            for (BpfInsn insn : program.instructions()) {
                frame.putInt(insn.code()).putInt(insn.jt()).putInt(insn.jf()).putInt(insn.k());
            }
        }, Result.NONE);
    }

    @Override
    public void setPromiscuous() throws BpfException {
        request(MessageType.SET_PROMISC, Fields.NONE, Result.NONE);
    }

    @Override
    public BpfStats stats() throws BpfException {
        return request(MessageType.GET_STATS, Fields.NONE, frame -> new BpfStats(frame.getLong(), frame.getLong()));
    }

    @Override
    public void flush() throws BpfException {
        request(MessageType.FLUSH, Fields.NONE, Result.NONE);
    }

    @Override
    public Rotation rotateZbuf() throws BpfException {
        return request(MessageType.ROTATE, Fields.NONE, ShmDevice::rotationOf);
    }

    private static Rotation rotationOf(ControlFrame frame) throws ProtocolException {
        int buffer = frame.getByte();
        int length = frame.getInt();
        if (buffer < 0 || buffer > ZbufId.values().length) {
            throw new ProtocolException("unknown buffer " + buffer + " in a rotation");
        }
        try {
            return new Rotation(buffer == 0 ? null : ZbufId.values()[buffer - 1], length);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(e.getMessage());
        }
    }

    @Override
    public boolean awaitReadable(Duration timeout) throws BpfException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("poll: interrupted before waiting");
        }
        long nanos = Device.saturatedNanos(timeout);
        try {
            return request(MessageType.POLL, frame -> frame.putLong(nanos), frame -> frame.getByte() != 0);
        } catch (DeviceClosedException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("poll: interrupted while waiting; the descriptor is closed");
            }
            throw e;
        }
    }

    /** Closes the connection, which wakes a waiting thread and tells the daemon, and removes the shared file. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connection.close();
        memory.release();
    }

    private <T> T request(MessageType type, Fields fields, Result<T> result) throws BpfException {
        return connection.request(type, fields, result);
    }
}

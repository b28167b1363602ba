package io.zbuf.host;

import io.zbuf.core.kernel.BpfDescriptor;
import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMemory;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.Device;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.TimestampType;

import java.time.Duration;

/**
 * A descriptor hosted by a {@link KernelHost}: every operation runs on the kernel thread, which owns the
 * {@link BpfDescriptor}; only waiting for readability happens on the caller's thread. The simulator hands
 * it to users as it is; the shared-memory kernel daemon serves it to a user in another process.
 */
public final class HostedDevice implements Device {
    private static final long READABLE = Long.MIN_VALUE;
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final KernelHost kernel;
    private final BpfDescriptor descriptor;
    private final BufferMemory memory;
    private final ReadinessSignal signal = new ReadinessSignal();
    private volatile boolean closed;

    // kernel thread only
    private HostedInterface attachedTo;
    private String goneInterface;
    private Throwable goneCause;
    private BpfException failure;
    private boolean readTimeoutArmed;
    private long readTimeoutDeadline;

    HostedDevice(KernelHost kernel, BufferMemory memory, BpfDescriptor descriptor) {
        this.kernel = kernel;
        this.descriptor = descriptor;
        this.memory = memory;
    }

    @Override
    public BufferMemory bufferMemory() {
        return memory;
    }

    @Override
    public BufferMode bufferMode() throws BpfException {
        return call("BIOCGETBUFMODE", descriptor::bufferMode);
    }

    @Override
    public void setBufferMode(BufferMode mode) throws BpfException {
        run("BIOCSETBUFMODE", () -> descriptor.setBufferMode(mode));
    }

    @Override
    public long zmax() throws BpfException {
        return call("BIOCGETZMAX", descriptor::zmax);
    }

    @Override
    public void setZbuf(BpfZbuf zbuf) throws BpfException {
        run("BIOCSETZBUF", () -> descriptor.setZbuf(zbuf));
    }

    @Override
    public void setInterface(String interfaceName) throws BpfException {
        run("BIOCSETIF", () -> {
            HostedInterface target = kernel.lookup(interfaceName);
            descriptor.attach(target.linkType());
            if (attachedTo != null) {
                attachedTo.detach(this);
                attachedTo = null;
            }
            goneInterface = null;
            try {
                target.attach(this, System.nanoTime());
            } catch (BpfException e) {
                descriptor.detach();
                throw e;
            }
            attachedTo = target;
        });
    }

    @Override
    public LinkType linkType() throws BpfException {
        return call("BIOCGDLT", descriptor::linkType);
    }

    @Override
    public int bufferSize() throws BpfException {
        return call("BIOCGBLEN", descriptor::bufferSize);
    }

    @Override
    public void setBufferSize(int size) throws BpfException {
        run("BIOCSBLEN", () -> descriptor.setBufferSize(size));
    }

    @Override
    public void setImmediate(boolean immediate) throws BpfException {
        run("BIOCIMMEDIATE", () -> descriptor.setImmediate(immediate));
    }

    @Override
    public void setReadTimeout(Duration timeout) throws BpfException {
        run("BIOCSRTIMEOUT", () -> descriptor.setReadTimeout(Device.saturatedNanos(timeout)));
    }

    @Override
    public TimestampType timestampType() throws BpfException {
        return call("BIOCGTSTAMP", descriptor::timestampType);
    }

    @Override
    public void setTimestampType(TimestampType type) throws BpfException {
        run("BIOCSTSTAMP", () -> descriptor.setTimestampType(type));
    }

    @Override
    public void setFilter(BpfProgram program) throws BpfException {
        run("BIOCSETF", () -> descriptor.setFilter(program));
    }

    @Override
    public void setPromiscuous() throws BpfException {
        run("BIOCPROMISC", descriptor::setPromiscuous);
    }

    @Override
    public BpfStats stats() throws BpfException {
        return call("BIOCGSTATS", descriptor::stats);
    }

    @Override
    public void flush() throws BpfException {
        run("BIOCFLUSH", descriptor::flush);
    }

    @Override
    public Rotation rotateZbuf() throws BpfException {
        return call("BIOCROTZBUF", descriptor::rotateZbuf);
    }

    @Override
    public boolean awaitReadable(Duration timeout) throws BpfException, InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, Device.saturatedNanos(timeout));
        signal.register();
        try {
            while (true) {
                long seen = signal.sequence();
                long wakeAt = call("poll", this::poll);
                if (wakeAt == READABLE) {
                    return true;
                }
                if (deadline - System.nanoTime() <= 0) {
                    return false;
                }
                signal.awaitChange(seen, wakeAt - deadline < 0 ? wakeAt : deadline);
            }
        } finally {
            signal.unregister();
        }
    }

    /**
     * Kernel thread, bpfpoll: {@link #READABLE}, or when, on {@link System#nanoTime()}'s scale, to look again
     * for the read timeout's sake ({@link #NO_DEADLINE} if it is not armed). The read timeout is a callout on
     * the kernel's clock: armed by the first poll that finds nothing, it fires at the first poll after its
     * deadline. On a manual clock it fires only once the clock is advanced past it.
     */
    private long poll() throws BpfException {
        if (failure != null) {
            throw failure;
        }
        long uptime = kernel.clock().uptimeNanos();
        if (readTimeoutArmed && uptime - readTimeoutDeadline >= 0) {
            readTimeoutArmed = false;
            descriptor.readTimeoutFired();
        }
        if (descriptor.readable() || (goneInterface != null && descriptor.storeLength() > 0)) {
            return READABLE;
        }
        if (goneInterface != null) {
            throw goneCause == null ? new InterfaceGoneException(goneInterface) : new InterfaceGoneException(goneInterface, goneCause);
        }
        long timeout = descriptor.armReadTimeout();
        if (timeout > 0) {
            readTimeoutArmed = true;
            readTimeoutDeadline = uptime + timeout;
        }
        return readTimeoutArmed ? System.nanoTime() + (readTimeoutDeadline - uptime) : NO_DEADLINE;
    }

    /** Kernel thread: whether the packet can be taken without a drop, for sources that wait for readers. */
    boolean hasRoomFor(Packet packet) {
        return descriptor.hasRoomFor(packet);
    }

    /** Kernel thread: one packet of the attached interface. */
    void deliver(Packet packet) {
        if (descriptor.tap(packet)) {
            signal.wake();
        }
    }

    /** Kernel thread: packets the attached interface lost before they reached BPF, counted as received and dropped. */
    void lost(long count) {
        descriptor.lost(count);
    }

    /**
     * Kernel thread: the attached interface's source ran out. The descriptor stays attached, so BIOCGDLT still
     * answers; poll reports the hang-up once the reader has drained every record.
     */
    void interfaceGone() {
        interfaceFailed(null);
    }

    /**
     * Kernel thread: the attached interface's source failed with {@code cause} ({@code null}: it ran out). As
     * {@link #interfaceGone}, and the hang-up reports the cause.
     */
    void interfaceFailed(Throwable cause) {
        goneInterface = attachedTo.name();
        goneCause = cause;
        attachedTo = null;
        signal.wakeAll();
    }

    /**
     * Kernel thread: delivering to this descriptor hit a bug of the kernel, so its interface detached it. Every
     * later poll fails with {@link Errno#EIO} and the bug as the cause; what it captured before stays in its
     * buffers. The bug is logged.
     */
    void fail(Throwable bug) {
        attachedTo = null;
        failure = new BpfException(Errno.EIO, "the kernel failed to deliver to this descriptor: " + bug, bug);
        signal.wakeAll();
        kernel.faulted(bug);
    }

    /**
     * Closes the descriptor on the kernel thread and wakes waiters. When it returns, the kernel writes nothing more
     * into the lent buffers, which the caller may then release: either the descriptor was closed on the kernel
     * thread, or that thread has ended.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            kernel.call(() -> {
                if (attachedTo != null) {
                    attachedTo.detach(this);
                    attachedTo = null;
                }
                descriptor.close();
                return null;
            });
        } catch (BpfException e) {
            // the kernel stopped first: nothing left to release
        }
        signal.wakeAll();
    }

    private <T> T call(String operation, KernelCall<T> call) throws BpfException {
        if (closed) {
            throw new DeviceClosedException(operation);
        }
        T result = kernel.call(call);
        if (closed) {
            throw new DeviceClosedException(operation);
        }
        return result;
    }

    private void run(String operation, Ioctl ioctl) throws BpfException {
        call(operation, () -> {
            ioctl.run();
            return null;
        });
    }

    /** An operation with nothing to return. */
    @FunctionalInterface
    private interface Ioctl {
        void run() throws BpfException;
    }
}

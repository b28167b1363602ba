package io.zbuf.shm.daemon;

import io.zbuf.host.AlignedBufferMemory;
import io.zbuf.host.HostedDevice;
import io.zbuf.host.KernelHost;
import io.zbuf.shm.SharedFiles;
import io.zbuf.shm.protocol.ControlFrame;
import io.zbuf.shm.protocol.ErrorCodec;
import io.zbuf.shm.protocol.MessageType;
import io.zbuf.shm.protocol.ProtocolException;
import io.zbuf.shm.protocol.Status;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.Errno;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.TimestampType;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;

/**
 * One user connection of the kernel daemon, and the descriptor it opened: requests are read and served one
 * by one on the session's own thread, each ioctl by the {@link HostedDevice} on the kernel thread. A poll is
 * handed to a waiter thread, so that the session thread keeps reading and notices at once when the user goes
 * away; the user sends nothing else until the poll is answered.
 *
 * <p>When the connection ends, cleanly or because the user died, the session closes the descriptor, unmaps
 * and removes the user's shared file.
 */
final class DescriptorSession implements Runnable {
    private static final System.Logger LOG = System.getLogger(DescriptorSession.class.getName());

    private final KernelHost kernel;
    private final SharedFiles files;
    private final Executor waiters;
    private final SocketChannel channel;
    private final Consumer<DescriptorSession> onClose;
    private final ControlFrame request = new ControlFrame();
    private final ControlFrame reply = new ControlFrame();
    private volatile boolean polling;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder served;
    private volatile long messages;
    private volatile HostedDevice device;
    private volatile SharedMapping mapping;
    private long pid;
    private String attachedInterface;
    private String peer;

    DescriptorSession(KernelHost kernel, SharedFiles files, Executor waiters, SocketChannel channel, LongAdder served,
            Consumer<DescriptorSession> onClose) {
        this.served = served;
        this.kernel = kernel;
        this.files = files;
        this.waiters = waiters;
        this.channel = channel;
        this.onClose = onClose;
    }

    /** The user's pid, once the descriptor is open; 0 before. */
    long pid() {
        return pid;
    }

    @Override
    public void run() {
        try {
            while (!closed.get() && request.receive(channel)) {
                messages++;
                served.increment();
                serve(request.type());
            }
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.log(System.Logger.Level.DEBUG, "connection of pid " + pid + " failed", e);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "connection of pid " + pid + " failed", e);
        } finally {
            close();
        }
    }

    private void serve(MessageType type) throws IOException {
        if (polling) {
            throw new ProtocolException("a " + type + " request came while a poll was pending");
        }
        if (type == MessageType.POLL) {
            long nanos = request.getLong();
            HostedDevice polled = device;
            if (polled != null) {
                polling = true;
                waiters.execute(() -> poll(polled, nanos));
                return;
            }
        }
        synchronized (reply) {
            try {
                reply.begin(type, Status.OK);
                answer(type);
            } catch (BpfException e) {
                ErrorCodec.encode(reply, type, e, attachedInterface);
            } catch (IllegalArgumentException e) {
                ErrorCodec.encode(reply, type, new BpfException(Errno.EINVAL, type.operation() + ": " + e.getMessage(), e), attachedInterface);
            }
            reply.send(channel);
        }
    }

    /** Waiter thread: bpfpoll, then the answer. */
    private void poll(HostedDevice polled, long nanos) {
        BpfException failure = null;
        boolean readable = false;
        try {
            readable = polled.awaitReadable(Duration.ofNanos(nanos));
        } catch (BpfException e) {
            failure = e;
        } catch (InterruptedException | RuntimeException e) {
            failure = new BpfException(Errno.EINTR, "poll: " + e);
        }
        synchronized (reply) {
            if (failure == null) {
                reply.begin(MessageType.POLL, Status.OK).putByte(readable ? 1 : 0);
            } else {
                ErrorCodec.encode(reply, MessageType.POLL, failure, attachedInterface);
            }
            polling = false;
            try {
                reply.send(channel);
            } catch (IOException e) {
                close();
            }
        }
    }

    private void answer(MessageType type) throws BpfException, ProtocolException {
        switch (type) {
            case OPEN -> open(request.getLong(), request.getString());
            case INTERFACES -> {
                List<String> names = kernel.interfaces();
                reply.putInt(names.size());
                names.forEach(reply::putString);
            }
            case CREATE_INTERFACE -> createInterface(request.getString(), request.getString());
            case GET_BUFMODE -> reply.putInt(device(type).bufferMode().value());
            case SET_BUFMODE -> device(type).setBufferMode(BufferMode.ofValue(request.getInt()));
            case GET_ZMAX -> reply.putLong(device(type).zmax());
            case SET_ZBUF -> setZbuf(device(type), request.getLong(), request.getLong(), request.getLong());
            case SET_IF -> {
                String name = request.getString();
                device(type).setInterface(name);
                attachedInterface = name;
            }
            case GET_DLT -> reply.putInt(device(type).linkType().dlt());
            case GET_BLEN -> reply.putInt(device(type).bufferSize());
            case SET_BLEN -> device(type).setBufferSize(request.getInt());
            case SET_IMMEDIATE -> device(type).setImmediate(request.getByte() != 0);
            case SET_RTIMEOUT -> device(type).setReadTimeout(Duration.ofNanos(request.getLong()));
            case GET_TSTAMP -> reply.putInt(device(type).timestampType().bits());
            case SET_TSTAMP -> device(type).setTimestampType(TimestampType.ofBits(request.getInt()));
            case SET_FILTER -> device(type).setFilter(program());
            case SET_PROMISC -> device(type).setPromiscuous();
            case GET_STATS -> {
                BpfStats stats = device(type).stats();
                reply.putLong(stats.received()).putLong(stats.dropped());
            }
            case FLUSH -> device(type).flush();
            case ROTATE -> {
                Rotation rotation = device(type).rotateZbuf();
                reply.putByte(rotation.rotated() ? rotation.buffer().ordinal() + 1 : 0).putInt(rotation.length());
            }
            case POLL -> throw new BpfException(Errno.EBADF, "poll: no descriptor is open on this connection");
            default -> throw new ProtocolException("unexpected " + type);
        }
    }

    /** Maps the regions once they passed the checks; a pair the kernel side refuses is unmapped at once. */
    private void setZbuf(HostedDevice target, long offsetA, long offsetB, long length) throws BpfException {
        BpfZbuf zbuf = mapping.zbuf(offsetA, offsetB, length, KernelDaemon.PAGE_SIZE);
        try {
            target.setZbuf(zbuf);
        } catch (BpfException e) {
            mapping.release(zbuf);
            throw e;
        }
    }

    private void open(long userPid, String path) throws BpfException {
        if (device != null) {
            throw new BpfException(Errno.EBUSY, "open: this connection has a descriptor already");
        }
        SharedMapping opened = SharedMapping.open(files.validate(path, peer()));
        pid = userPid;
        mapping = opened;
        device = kernel.open(new AlignedBufferMemory(KernelDaemon.PAGE_SIZE));
        reply.putInt(KernelDaemon.PAGE_SIZE);
        LOG.log(System.Logger.Level.INFO, "descriptor opened by pid " + pid + ", shared file " + opened.file());
    }

    /**
     * Creates an interface for the user, who must be the daemon's own: a daemon run privileged for other users
     * (zbuf kernel --group) opens only the sources its command line names, never a file or interface they name.
     */
    private void createInterface(String name, String source) throws BpfException {
        String user = files.user();
        if (!user.equals(peer())) {
            throw new BpfException(Errno.EPERM, "create interface " + name + ": only " + user + ", the daemon's user, creates"
                    + " interfaces; ask for it at the daemon's command line (zbuf kernel --interface " + name + "=" + source + ")");
        }
        kernel.createInterface(name, source);
    }

    /**
     * The user at the other end of the connection, from its credentials ({@code SO_PEERCRED}); the daemon's own
     * user where the platform cannot tell.
     */
    private String peer() throws BpfException {
        if (peer == null) {
            try {
                peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
            } catch (IOException | UnsupportedOperationException e) {
                peer = files.user();
            }
        }
        return peer;
    }

    private HostedDevice device(MessageType type) throws BpfException {
        if (device == null) {
            throw new BpfException(Errno.EBADF, type.operation() + ": no descriptor is open on this connection");
        }
        return device;
    }

    private BpfProgram program() throws ProtocolException {
        int count = request.getInt();
        if (count < 0) {
            throw new IllegalArgumentException("a filter of " + count + " instructions");
        }
        List<BpfInsn> instructions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instructions.add(new BpfInsn(request.getInt(), request.getInt(), request.getInt(), request.getInt()));
        }
        return new BpfProgram(instructions);
    }

    /** Whether the user's shared file still backs the buffers: false once it was truncated. */
    boolean intact() {
        SharedMapping mapped = mapping;
        return mapped == null || mapped.intact();
    }

    /**
     * Ends the session: closes the connection and the descriptor, then unmaps and removes the shared file.
     * Idempotent, and never blocks on another thread's close: the kernel thread may call it.
     */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the connection of pid " + pid, e);
        }
        if (device != null) {
            device.close();
            mapping.unmap();
            try {
                Files.deleteIfExists(mapping.file());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot remove " + mapping.file(), e);
            }
            LOG.log(System.Logger.Level.INFO, "descriptor of pid " + pid + " closed after " + messages + " control messages");
        }
        onClose.accept(this);
    }
}

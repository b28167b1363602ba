package io.zbuf.shm;

import io.zbuf.shm.protocol.ControlFrame;
import io.zbuf.shm.protocol.ErrorCodec;
import io.zbuf.shm.protocol.MessageType;
import io.zbuf.shm.protocol.ProtocolException;
import io.zbuf.shm.protocol.Status;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.KernelGoneException;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The user's end of one connection to the kernel daemon: requests sent one at a time, each answered before
 * the next goes out. A response that carries an error is rethrown as the exception the daemon's descriptor
 * threw. When the daemon is gone (the connection ends or breaks) every request, then and later, fails with a
 * {@link KernelGoneException}; after {@link #close()}, with a {@link DeviceClosedException}.
 */
final class ControlConnection implements AutoCloseable {
    private final Path socket;
    private final SocketChannel channel;
    private final ControlFrame frame = new ControlFrame();
    private final ReentrantLock turn = new ReentrantLock();
    private final LongAdder sent;
    private volatile boolean closed;
    private volatile KernelGoneException gone;
    private volatile long requests;

    private ControlConnection(Path socket, SocketChannel channel, LongAdder sent) {
        this.socket = socket;
        this.channel = channel;
        this.sent = sent;
    }

    /**
     * Connects to the daemon listening at {@code socket}; each request sent is also counted in {@code sent}.
     *
     * @throws KernelGoneException if nobody listens there, saying how to start a daemon
     */
    static ControlConnection connect(Path socket, LongAdder sent) throws KernelGoneException {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new ControlConnection(socket, channel, sent);
        } catch (IOException e) {
            throw new KernelGoneException("no zbuf kernel daemon at " + socket + ": start one with `./zbuf kernel`"
                    + " (" + e.getMessage() + ")", e);
        }
    }

    /** Requests sent so far. */
    long requests() {
        return requests;
    }

    /**
     * Sends a request of {@code type} with the fields {@code fields} writes, waits for its response and reads
     * it with {@code result}.
     *
     * @throws DeviceClosedException if the connection is or gets closed, by {@link #close()} or an interrupt
     * @throws KernelGoneException   if the daemon is gone or answers what cannot be read
     * @throws BpfException          what the daemon's descriptor refused the request with
     */
    <T> T request(MessageType type, Fields fields, Result<T> result) throws BpfException {
        turn.lock();
        try {
            if (closed) {
                throw new DeviceClosedException(type.operation());
            }
            KernelGoneException kernelGone = gone;
            if (kernelGone != null) {
                throw new KernelGoneException(kernelGone.getMessage(), kernelGone);
            }
            fields.write(frame.begin(type, Status.OK));
            requests++;
            sent.increment();
            frame.send(channel);
            if (!frame.receive(channel)) {
                throw kernelGone(type, null);
            }
            if (frame.type() != type) {
                throw new ProtocolException("a response to " + frame.type() + " came for " + type);
            }
            if (frame.status() != Status.OK) {
                throw ErrorCodec.decode(frame);
            }
            return result.read(frame);
        } catch (ClosedByInterruptException e) {
            close();
            throw new DeviceClosedException(type.operation());
        } catch (BpfException e) {
            throw e;
        } catch (IOException e) {
            if (closed) {
                throw new DeviceClosedException(type.operation());
            }
            throw kernelGone(type, e);
        } finally {
            turn.unlock();
        }
    }

    private KernelGoneException kernelGone(MessageType type, IOException cause) {
        KernelGoneException failure = new KernelGoneException("zbuf kernel daemon at " + socket + " is gone ("
                + type.operation() + ": " + (cause == null ? "the connection ended" : cause.getMessage()) + ")", cause);
        gone = failure;
        closeChannel();
        return failure;
    }

    /** Closes the connection at once, without waiting for a request in flight, which then fails. Idempotent. */
    @Override
    public void close() {
        closed = true;
        closeChannel();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            System.getLogger(ControlConnection.class.getName()).log(System.Logger.Level.DEBUG, "closing " + socket, e);
        }
    }

    /** Writes a request's fields. */
    @FunctionalInterface
    interface Fields {
        /** Fields of no request: for requests that have none. */
        Fields NONE = frame -> { };

        void write(ControlFrame frame);
    }

    /** Reads a successful response's fields. */
    @FunctionalInterface
    interface Result<T> {
        /** The result of a request that returns nothing. */
        Result<Void> NONE = frame -> null;

        T read(ControlFrame frame) throws BpfException, ProtocolException;
    }
}

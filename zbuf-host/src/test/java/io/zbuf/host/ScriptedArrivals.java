package io.zbuf.host;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.source.EventDrivenSource;
import io.zbuf.core.source.PacketSource;
import io.zbuf.core.source.SourceFactory;
import io.zbuf.core.source.SourceKind;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.LinkType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event-driven source a test feeds by hand, as a network card would: {@link #arrive} queues a packet (its
 * sequence number) and, if the source was armed, raises its interrupt. Kernel thread aside, any thread may call
 * {@link #arrive}, {@link #drop} and {@link #fail}. Test-only.
 */
final class ScriptedArrivals implements EventDrivenSource {
    private final Queue<Integer> arrived = new ConcurrentLinkedQueue<>();
    private final ByteBuffer frame = ByteBuffer.allocate(4);
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger stops = new AtomicInteger();
    final AtomicInteger interrupts = new AtomicInteger();
    private volatile Runnable interrupt;
    private volatile boolean armed;
    private volatile long dropped;
    private volatile IOException failure;
    private volatile IOException startFailure;
    private volatile IOException stopFailure;
    volatile boolean closed;
    volatile boolean canHold;

    /** A packet arrives; the interrupt is raised if the kernel found nothing since the last one. */
    void arrive(int sequence) {
        arrived.add(sequence);
        if (armed) {
            armed = false;
            interrupts.incrementAndGet();
            interrupt.run();
        }
    }

    /** The card dropped {@code count} more. */
    void drop(long count) {
        dropped += count;
    }

    /** From now on {@link #next} throws this once nothing is queued; the interrupt is raised. */
    void fail(IOException failure) {
        this.failure = failure;
        Runnable handler = interrupt;
        if (handler != null) {
            handler.run();
        }
    }

    void failToStart(IOException failure) {
        this.startFailure = failure;
    }

    void failToStop(IOException failure) {
        this.stopFailure = failure;
    }

    @Override
    public LinkType linkType() {
        return LinkType.EN10MB;
    }

    @Override
    public void start(Runnable handler) throws IOException {
        starts.incrementAndGet();
        if (startFailure != null) {
            throw startFailure;
        }
        this.interrupt = handler;
    }

    @Override
    public void stop() throws IOException {
        stops.incrementAndGet();
        if (stopFailure != null) {
            throw stopFailure;
        }
    }

    @Override
    public long dropped() {
        return dropped;
    }

    @Override
    public boolean canHold() {
        return canHold;
    }

    @Override
    public boolean next(Packet packet) throws IOException {
        Integer sequence = arrived.poll();
        if (sequence == null) {
            if (failure != null) {
                throw failure;
            }
            armed = true;
            // a packet that arrived while arming would wait for the next one: look once more, as a driver does
            sequence = arrived.poll();
            if (sequence == null) {
                return false;
            }
            armed = false;
        }
        frame.clear().putInt(0, sequence);
        packet.append(frame);
        return true;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** {@code arrivals:NAME}: the source registered under NAME; {@code arrivals:enxio} fails as an unknown interface. */
    public static final class Kind implements SourceKind {
        static final Map<String, ScriptedArrivals> SOURCES = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "arrivals";
        }

        @Override
        public String usage() {
            return "arrivals:NAME";
        }

        @Override
        public String description() {
            return "packets a test hands in";
        }

        @Override
        public Throwable unavailabilityCause() {
            return null;
        }

        @Override
        public SourceFactory define(String settings) {
            return new SourceFactory() {
                @Override
                public PacketSource open() throws IOException {
                    if (settings.equals("enxio")) {
                        throw new BpfException(Errno.ENXIO, "live:enxio: no interface named enxio here");
                    }
                    ScriptedArrivals source = SOURCES.get(settings);
                    if (source == null) {
                        throw new IOException("no scripted source " + settings);
                    }
                    return source;
                }

                @Override
                public String describe() {
                    return "scripted arrivals " + settings;
                }
            };
        }
    }
}

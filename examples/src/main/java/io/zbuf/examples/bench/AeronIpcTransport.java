package io.zbuf.examples.bench;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Aeron IPC, what a Java user would pick to move messages between threads or processes through shared memory:
 * an embedded media driver (shared threading mode: one driver thread, fitting a small machine) in this JVM, a
 * subscription here, and a publisher on a thread of this JVM or in a child JVM attached to the same driver.
 * The publisher offers each message with back-pressure (retrying, busy-spinning, while the term is full).
 *
 * <p>The channel gives each publication 2 MiB terms, so up to 1 MiB (half a term) may be in flight, as much as
 * zbuf's two 512 KiB buffers, and an MTU of 8 KiB, so that no message of the benchmark is fragmented.
 */
public final class AeronIpcTransport implements Transport {
    /** Term length and MTU: see the class comment. */
    static final String CHANNEL = "aeron:ipc?term-length=2m|mtu=8k";
    private static final int FIRST_STREAM_ID = 1001;

    private final boolean crossProcess;
    private final MediaDriver driver;
    private final Aeron aeron;
    private int nextStreamId = FIRST_STREAM_ID;

    private AeronIpcTransport(boolean crossProcess) {
        this.crossProcess = crossProcess;
        MediaDriver.Context context = new MediaDriver.Context()
                .aeronDirectoryName(SharedMemory.directory().resolve("zbuf-bench-aeron-" + ProcessHandle.current().pid()).toString())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true);
        this.driver = MediaDriver.launch(context);
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
    }

    /** Publisher and subscriber threads in this JVM. */
    public static AeronIpcTransport inProcess() {
        return new AeronIpcTransport(false);
    }

    /** The publisher in a child JVM, attached to this JVM's media driver. */
    public static AeronIpcTransport crossProcess() {
        return new AeronIpcTransport(true);
    }

    @Override
    public Session open(int size, long count, int runs) throws Exception {
        int streamId = nextStreamId++;
        long total = count * runs;
        Subscription subscription = aeron.addSubscription(CHANNEL, streamId);
        Producer producer = crossProcess
                ? Producer.childJvm(AeronPublisher.class, List.of(driver.aeronDirectoryName(), Integer.toString(streamId),
                        Integer.toString(size), Long.toString(total)))
                : Producer.thread("aeron-publisher", running -> {
                    try (Publication publication = aeron.addPublication(CHANNEL, streamId)) {
                        AeronPublisher.publish(publication, size, total, running);
                    }
                });
        CurrentRun current = new CurrentRun();
        FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, header) -> current.onMessage(Messages.sequence(buffer, offset)));
        return new LosslessSession(producer, current, limit -> subscription.poll(assembler, limit), count, subscription);
    }

    @Override
    public void close() {
        aeron.close();
        driver.close();
    }

    /** The publisher: in a thread of the benchmark's JVM, or as the main class of a child JVM. */
    public static final class AeronPublisher {
        private AeronPublisher() {
        }

        /** Child JVM: {@code AERON_DIR STREAM_ID SIZE TOTAL}; publishes on {@link #CHANNEL} and exits. */
        public static void main(String[] args) {
            Aeron.Context context = new Aeron.Context().aeronDirectoryName(args[0]);
            try (Aeron aeron = Aeron.connect(context);
                 Publication publication = aeron.addPublication(CHANNEL, Integer.parseInt(args[1]))) {
                publish(publication, Integer.parseInt(args[2]), Long.parseLong(args[3]), () -> true);
            }
        }

        /** Offers {@code total} messages of {@code size} bytes numbered 0, 1, ..., retrying while back-pressured. */
        static void publish(Publication publication, int size, long total, BooleanSupplier running) {
            UnsafeBuffer message = Messages.template(size);
            IdleStrategy idle = Messages.idleStrategy();
            for (long sequence = 0; sequence < total; sequence++) {
                Messages.stamp(message, sequence);
                long position;
                while ((position = publication.offer(message, 0, size)) < 0) {
                    if (position == Publication.CLOSED || position == Publication.MAX_POSITION_EXCEEDED) {
                        throw new IllegalStateException("Aeron publication failed with " + Publication.errorString(position));
                    }
                    if (!running.getAsBoolean()) {
                        return;
                    }
                    idle.idle();
                }
                idle.reset();
            }
        }
    }
}

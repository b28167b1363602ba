package io.zbuf.examples.bench;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The receiving side of a back-pressured transport (Aeron, Agrona): the producer waits for room, so nothing is
 * dropped and a run ends when all its messages arrived. The receiver spins or yields, the best case for these
 * transports ({@link Messages#idleStrategy()}). A producer that fails or stalls for 10 s ends the run as failed instead of hanging.
 */
final class LosslessSession implements Transport.Session {
    /** Most messages one poll delivers. */
    static final int POLL_LIMIT = 1024;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long PRODUCER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Delivers up to {@code limit} waiting messages to the session's {@link CurrentRun} and returns how many. */
    interface Poller {
        int poll(int limit);
    }

    private final Producer producer;
    private final CurrentRun current;
    private final Poller poller;
    private final long count;
    private final AutoCloseable resources;
    private final IdleStrategy idle = Messages.idleStrategy();
    private long runs;

    /**
     * Runs of {@code count} messages sent by {@code producer} and received through {@code poller}, whose handler
     * hands each message to {@code current}; {@code resources} are released after the producer stopped.
     */
    LosslessSession(Producer producer, CurrentRun current, Poller poller, long count, AutoCloseable resources) {
        this.producer = producer;
        this.current = current;
        this.poller = poller;
        this.count = count;
        this.resources = resources;
    }

    @Override
    public RunResult nextRun() {
        RunReceiver receiver = new RunReceiver(runs++ * count, count);
        current.start(receiver);
        long idleSince = 0;
        long lastCheck = 0;
        while (!receiver.complete()) {
            int messages = poller.poll((int) Math.min(POLL_LIMIT, count - receiver.received()));
            if (messages > 0) {
                receiver.polled(messages);
                idleSince = 0;
                idle.reset();
                continue;
            }
            idle.idle();
            long now = System.nanoTime();
            if (idleSince == 0) {
                idleSince = now;
                lastCheck = now;
            } else if (now - lastCheck > PRODUCER_CHECK_NANOS) {
                lastCheck = now;
                String failure = producer.failure();
                if (failure != null) {
                    return receiver.failed(failure);
                }
                if (now - idleSince > STALL_NANOS) {
                    return receiver.failed("no message for 10 s after " + receiver.received() + " of " + count);
                }
            }
        }
        return receiver.result();
    }

    @Override
    public void close() throws Exception {
        try (AutoCloseable released = resources) {
            producer.close();
        }
    }
}

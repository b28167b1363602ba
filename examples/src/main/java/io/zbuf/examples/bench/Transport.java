package io.zbuf.examples.bench;

/**
 * A way to move messages from a producer to a consumer, as {@code zbuf bench} measures it. Opened once per
 * benchmark, it opens a {@link Session} per message size.
 */
public interface Transport extends AutoCloseable {
    /**
     * Starts a producer that sends {@code runs} runs of {@code count} messages of {@code size} bytes, each
     * carrying its sequence number, numbered on across runs.
     */
    Session open(int size, long count, int runs) throws Exception;

    /** Releases what {@link Transport} set up: threads, child JVMs, files. */
    @Override
    void close() throws Exception;

    /** The runs of one message size, received in turn. */
    interface Session extends AutoCloseable {
        /** Receives the next run and checks it; a broken check is a failed result, not an exception. */
        RunResult nextRun() throws Exception;

        /** Stops the producer if still running and releases the session's resources; by default nothing to do. */
        @Override
        default void close() throws Exception {
            // nothing to release
        }
    }
}

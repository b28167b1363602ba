package io.zbuf.examples.cli;

import io.zbuf.spi.BpfStats;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * What a capture did, as printed at its end.
 *
 * @param captured  records the command printed or wrote (at most {@code --count})
 * @param delivered records read from handed-over buffers
 * @param bytes     captured packet bytes in the delivered records
 * @param buffers   buffers handed over to the user
 * @param stats     the descriptor's counters: received by the filter and dropped for lack of space
 * @param elapsed   from attach to the end
 */
record CaptureSummary(long captured, long delivered, long bytes, long buffers, BpfStats stats, Duration elapsed) {

    void print(PrintWriter out) {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        out.printf("%d packets captured%n", captured);
        out.printf("%d packets received by filter%n", stats.received());
        out.printf("%d packets dropped by kernel%n", stats.dropped());
        out.printf("%d packets delivered in %d buffers handed over%n", delivered, buffers);
        out.printf("%.0f packets/s, %.0f bytes/s over %.3f s%n", delivered / seconds, bytes / seconds, seconds);
        out.flush();
    }
}

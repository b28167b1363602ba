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
        out.printf("%s captured%n", packets(captured));
        out.printf("%s received by filter%n", packets(stats.received()));
        out.printf("%s dropped by kernel%n", packets(stats.dropped()));
        out.printf("%s delivered in %d buffer%s handed over%n", packets(delivered), buffers, buffers == 1 ? "" : "s");
        out.printf("%.0f packets/s, %.0f bytes/s over %.3f s%n", delivered / seconds, bytes / seconds, seconds);
        out.flush();
    }

    /** "1 packet", "2 packets", as tcpdump counts. */
    private static String packets(long count) {
        return count + (count == 1 ? " packet" : " packets");
    }
}

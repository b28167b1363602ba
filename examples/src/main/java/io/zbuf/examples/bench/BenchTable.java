package io.zbuf.examples.bench;

import io.zbuf.spi.TimestampType;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints the measurements as one table: per row the median rate with the slowest and fastest run, the same in
 * bytes, the drops, zbuf's control messages per 1000 buffers, and on zbuf rows the ratio to the Aeron row with
 * the same process arrangement and size. A failed row prints its failure instead of numbers.
 */
public final class BenchTable {
    private static final String ROW = "%-27s %6s  %-30s %10s %8s %11s %11s%n";
    private static final double MILLION = 1e6;

    private BenchTable() {
    }

    /** Prints the header line about the run and the machine, then the table. */
    public static void print(PrintWriter out, Benchmark benchmark, List<Measurement> measurements) {
        out.printf(Locale.ROOT, "zbuf bench: %,d messages per run, %d warm-up and %d measured runs per row; rates are messages/s, "
                + "median [slowest .. fastest run]; zbuf stamps records %s%n", benchmark.count(), benchmark.warmups(), benchmark.runs(),
                describe(benchmark.zbufTimestamps()));
        out.printf(Locale.ROOT, "machine: %d CPUs, %s %s (%s), %s %s %s%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("java.vm.vendor"),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
        out.printf(Locale.ROOT, ROW, "transport", "bytes", "messages/s", "MB/s", "dropped", "ctl/1k buf", "zbuf/Aeron");
        for (Measurement row : measurements) {
            if (!row.ok()) {
                out.printf(Locale.ROOT, "%-27s %6d  FAILED: %s%n", row.kind().title(), row.size(), row.failure());
                continue;
            }
            out.printf(Locale.ROOT, ROW, row.kind().title(), row.size(),
                    millions(row.median()) + " [" + millions(row.min()) + " .. " + millions(row.max()) + "]",
                    number("%.1f", row.median() * row.size() / MILLION),
                    number("%.1f%%", row.dropFraction() * 100),
                    number("%.1f", row.controlMessagesPerThousandBuffers()),
                    number("%.2f", ratio(row, measurements)));
        }
        out.flush();
    }

    /** {@code MICROTIME}, {@code NANOTIME, FAST}, {@code NONE}. */
    static String describe(TimestampType type) {
        return type.format() + (type.fast() ? ", FAST" : "");
    }

    /** This zbuf row's median over its Aeron baseline's, NaN where there is no baseline or either has no number. */
    static double ratio(Measurement row, List<Measurement> measurements) {
        TransportKind baseline = row.kind().baseline();
        for (Measurement other : measurements) {
            if (other.kind() == baseline && other.size() == row.size() && other.ok()) {
                return row.median() / other.median();
            }
        }
        return Double.NaN;
    }

    private static String millions(double rate) {
        return number("%.2fM", rate / MILLION);
    }

    private static String number(String format, double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }
}

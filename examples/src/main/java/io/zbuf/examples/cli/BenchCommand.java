package io.zbuf.examples.cli;

import io.zbuf.examples.bench.BenchChart;
import io.zbuf.examples.bench.BenchTable;
import io.zbuf.examples.bench.Benchmark;
import io.zbuf.examples.bench.Measurement;
import io.zbuf.examples.bench.SavedBenchTable;
import io.zbuf.examples.bench.TransportKind;
import io.zbuf.core.source.SyntheticSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code zbuf bench}: zbuf against Aeron IPC and an Agrona ring buffer, in one run, one table. */
@Command(name = "bench", description = {"Measure zbuf in-process and cross-process against Aeron IPC and an Agrona ring buffer:",
        "one table, every run checked by sequence numbers (delivered + dropped = sent, in order, no duplicates)."})
final class BenchCommand implements Callable<Integer> {
    /** Smallest and largest message sizes: a synthetic frame's headers and sequence number, a jumbo frame. */
    static final int MINIMUM_SIZE = SyntheticSource.MINIMUM_FRAME_SIZE;
    static final int MAXIMUM_SIZE = 9000;

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "64,512,1500", paramLabel = "BYTES",
            description = "Message sizes, " + MINIMUM_SIZE + " to " + MAXIMUM_SIZE + " (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--transports", split = ",", defaultValue = "zbuf-sim,zbuf-shm,aeron-ipc,aeron-ipc-2p,agrona-ring-2p", paramLabel = "NAME",
            description = "Rows, in order (default: ${DEFAULT-VALUE}).")
    List<String> transports;

    @Option(names = {"-c", "--count"}, defaultValue = "2000000", paramLabel = "N", description = "Messages per run (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "Measured runs per row, reported as median, min and max (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    TimestampOptions tstamp;

    @Option(names = "--warmups", defaultValue = "2", paramLabel = "N", description = "Warm-up runs per row, checked but not reported (default: ${DEFAULT-VALUE}).")
    int warmups;

    @Option(names = "--plot", paramLabel = "FILE", description = "Also draw messages/s by message size for every transport into FILE (.svg or .png).")
    Path plot;

    @Option(names = "--from", paramLabel = "SAVED",
            description = "Run nothing: draw the --plot of a zbuf bench output saved in SAVED (its table, as printed).")
    Path from;

    @Override
    public Integer call() throws Exception {
        if (from != null && plot == null) {
            throw new ParameterException(spec.commandLine(), "--from draws a saved run: give --plot FILE.svg too");
        }
        if (plot != null) {
            try {
                BenchChart.Format.of(plot);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--plot: " + e.getMessage());
            }
        }
        if (from != null) {
            SavedBenchTable saved = SavedBenchTable.parse(Files.readAllLines(from));
            BenchChart.write(plot, saved.title(), saved.points());
            spec.commandLine().getErr().println("zbuf bench: chart of " + from + " written to " + plot);
            return 0;
        }
        for (int size : sizes) {
            if (size < MINIMUM_SIZE || size > MAXIMUM_SIZE) {
                throw new IllegalArgumentException("--sizes: " + size + " is not between " + MINIMUM_SIZE + " and " + MAXIMUM_SIZE + " bytes");
            }
        }
        List<TransportKind> kinds = new ArrayList<>();
        for (String name : transports) {
            kinds.add(TransportKind.of(name.strip()));
        }
        Benchmark benchmark = new Benchmark(kinds, sizes, count, warmups, runs, tstamp.type());
        PrintWriter err = spec.commandLine().getErr();
        List<Measurement> measurements = benchmark.run(step -> {
            err.println("zbuf bench: " + step);
            err.flush();
        });
        BenchTable.print(spec.commandLine().getOut(), benchmark, measurements);
        if (plot != null) {
            BenchChart.write(plot, benchmark, measurements);
            err.println("zbuf bench: chart written to " + plot);
        }
        return measurements.stream().allMatch(Measurement::ok) ? 0 : 1;
    }
}

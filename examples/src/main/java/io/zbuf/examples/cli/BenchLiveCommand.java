package io.zbuf.examples.cli;

import io.zbuf.examples.livebench.LiveBench;
import io.zbuf.examples.livebench.LiveTable;
import io.zbuf.examples.livebench.Trial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code zbuf bench-live}: the live source against tcpdump and pcap4j on real packets. Linux, as root. */
@Command(name = "bench-live", description = {"As root on Linux: a sender flat out across a veth pair between two namespaces of its own;",
        "packets/s received, delivered and dropped by zbuf (sim and shm), tcpdump -w /dev/null and pcap4j, in turn on the same traffic."})
final class BenchLiveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "64,512,1500", paramLabel = "BYTES",
            description = "Ethernet frame sizes, 64 to 1514 (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--receivers", split = ",", defaultValue = "zbuf-sim,zbuf-shm,tcpdump,pcap4j", paramLabel = "NAME",
            description = "Rows, in order (default: ${DEFAULT-VALUE}).")
    List<String> receivers;

    @Option(names = "--duration", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "D",
            description = "How long the sender sends per run (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "D",
            description = "Warm-up traffic before each measured run of a JVM receiver (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "Runs per row; the run of median delivery is shown (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--senders", defaultValue = "2", paramLabel = "N",
            description = "Sending threads, each with its own socket and sequence numbers, 1 to 8 (default: ${DEFAULT-VALUE}).")
    int senders;

    @Override
    public Integer call() throws Exception {
        if (senders < 1 || senders > 8) {
            throw new IllegalArgumentException("--senders must be between 1 and 8: " + senders);
        }
        for (int size : sizes) {
            if (size < 64 || size > 1514) {
                throw new IllegalArgumentException("--sizes: " + size + " is not between 64 and 1514 bytes");
            }
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1: " + runs);
        }
        Path logs = Files.createTempDirectory("zbuf-bench-live");
        LiveBench bench = new LiveBench(sizes, receivers, duration.toMillis(), warmup.toMillis(), runs, senders, logs);
        PrintWriter err = spec.commandLine().getErr();
        err.println("zbuf bench-live: logs in " + logs);
        List<Trial> trials = bench.run(step -> {
            err.println("zbuf bench-live: " + step);
            err.flush();
        });
        LiveTable.print(spec.commandLine().getOut(), trials, bench.millis(), bench.senders());
        return trials.stream().allMatch(Trial::ok) ? 0 : 1;
    }
}

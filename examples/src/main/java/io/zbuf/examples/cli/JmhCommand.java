package io.zbuf.examples.cli;

import org.openjdk.jmh.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code zbuf jmh}: JMH's own command line over the micro-benchmarks of {@code io.zbuf.examples.jmh}. Every
 * argument goes to JMH untouched; JMH prints to standard output, and forks benchmark JVMs with this JVM's class
 * path, the jar.
 */
@Command(name = "jmh", customSynopsis = "zbuf jmh [--verbose] [--help] [JMH-ARGUMENT...]", description = {"Run the JMH micro-benchmarks; every argument goes to JMH as it is (-h for its options).",
        "Without arguments: " + JmhCommand.DEFAULTS + "."})
final class JmhCommand implements Callable<Integer> {
    /** All of zbuf's benchmarks, with the allocation profiler: bytes allocated per operation. */
    static final String DEFAULTS = "io.zbuf.examples.jmh -prof gc";

    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Main.main(jmhArguments());
        return 0;
    }

    /** The arguments JMH gets: those given, or else {@link #DEFAULTS}. */
    String[] jmhArguments() {
        return arguments.isEmpty() ? DEFAULTS.split(" ") : arguments.toArray(String[]::new);
    }
}

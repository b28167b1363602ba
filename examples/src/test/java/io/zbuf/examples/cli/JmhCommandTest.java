package io.zbuf.examples.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static io.zbuf.examples.cli.CommandRun.zbuf;
import static org.assertj.core.api.Assertions.assertThat;

class JmhCommandTest {
    @Test
    void everyArgumentReachesJmhAsItIsAndInOrder() {
        String[] given = {"-prof", "gc", "-f", "1", "-wi", "2", "-h", "-v", "EXTRA", "-jvmArgsAppend", "-Xmx1g", "Tap.*"};
        CommandLine.ParseResult parsed = ZbufCommand.commandLine().parseArgs(prepend("jmh", given));
        JmhCommand jmh = (JmhCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(jmh.jmhArguments()).containsExactly(given);
    }

    @Test
    void withoutArgumentsItRunsZbufsBenchmarksWithTheAllocationProfiler() {
        assertThat(new JmhCommand().jmhArguments()).containsExactly("io.zbuf.examples.jmh", "-prof", "gc");
    }

    @Test
    void aTinyRunInThisJvmReportsTheBenchmarkAndItsScore() {
        // JMH refuses to start while another JMH run on this machine holds its lock; read once, when JMH loads
        System.setProperty("jmh.ignoreLock", "true");
        PrintStream stdout = System.out;
        ByteArrayOutputStream jmhOut = new ByteArrayOutputStream();
        CommandRun run;
        try {
            System.setOut(new PrintStream(jmhOut, true, StandardCharsets.UTF_8));
            run = zbuf("jmh", "ScatterGatherBenchmark.contiguousCopy", "-p", "size=64", "-f", "0", "-wi", "0", "-i", "1", "-r", "100ms");
        } finally {
            System.setOut(stdout);
        }
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(jmhOut.toString(StandardCharsets.UTF_8))
                .containsPattern("(?m)^ScatterGatherBenchmark\\.contiguousCopy\\s+64\\s+avgt\\s+\\d+[.,]\\d+\\s+ns/op$");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}

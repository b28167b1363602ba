package io.zbuf.examples.cli;

import io.zbuf.examples.bench.TransportKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.zbuf.examples.cli.CommandRun.zbuf;
import static org.assertj.core.api.Assertions.assertThat;

/** A smoke run of {@code zbuf bench}: tiny counts, every transport for real, nothing timed. */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyTransportRunsAndPassesItsSequenceCheckAndIsDrawn() throws Exception {
        Path chart = dir.resolve("bench.svg");
        CommandRun run = zbuf("bench", "-c", "20000", "--runs", "2", "--warmups", "1", "--sizes", "64,1500", "--tstamp", "nano", "--tstamp-fast",
                "--plot", chart.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).doesNotContain("FAILED").contains("20,000 messages per run, 1 warm-up and 2 measured runs",
                "zbuf stamps records NANOTIME, FAST");
        for (TransportKind kind : TransportKind.values()) {
            assertThat(run.out()).containsPattern(kind.title().replace("(", "\\(").replace(")", "\\)") + "\\s+64\\s+\\S+")
                    .containsPattern(kind.title().replace("(", "\\(").replace(")", "\\)") + "\\s+1500\\s+\\S+");
        }
        assertThat(run.err()).contains("zbuf bench: chart written to " + chart).doesNotContain("WARNING");
        String svg = Files.readString(chart);
        assertThat(svg).contains("<svg", "<desc>");
        for (TransportKind kind : TransportKind.values()) {
            assertThat(svg).contains(kind.title() + ": 64 bytes ");
        }
    }

    @Test
    void aSavedRunIsDrawnWithoutRunningAnything() throws Exception {
        Path saved = dir.resolve("bench.txt");
        Files.writeString(saved, String.join("\n",
                "zbuf bench: 2,000,000 messages per run, 2 warm-up and 5 measured runs per row; rates are messages/s",
                "transport                    bytes  messages/s                           MB/s  dropped  ctl/1k buf  zbuf/Aeron",
                "zbuf in-process (sim)           64  12.97M [12.53M .. 17.48M]           829.8    14.1%           -        0.43",
                "Aeron IPC in-process            64  30.01M [20.18M .. 34.66M]          1920.4     0.0%           -           -"));
        Path chart = dir.resolve("saved.svg");
        CommandRun run = zbuf("bench", "--from", saved.toString(), "--plot", chart.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).isEqualTo("zbuf bench: chart of " + saved + " written to " + chart + "\n");
        assertThat(Files.readString(chart)).contains("<title>zbuf bench: 2,000,000 messages per run, 2 warm-up and 5 measured runs per row</title>",
                "zbuf in-process (sim): 64 bytes 12.97M/s", "Aeron IPC in-process: 64 bytes 30.01M/s");
        assertThat(zbuf("bench", "--from", saved.toString()).code()).isEqualTo(2);
    }

    @Test
    void aPlotFileOfAnotherFormatIsAUsageErrorBeforeAnyRun() {
        CommandRun run = zbuf("bench", "--plot", dir.resolve("bench.pdf").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("--plot: cannot tell the chart's format from ").doesNotContain("zbuf bench: ");
    }

    @Test
    void aSizeOutsideTheRangeIsAOneLineError() {
        CommandRun run = zbuf("bench", "--sizes", "64,20");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("zbuf: --sizes: 20 is not between 46 and 9000 bytes");
    }

    @Test
    void anUnknownTransportIsAOneLineError() {
        CommandRun run = zbuf("bench", "--transports", "zbuf-sim,kafka");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("zbuf: unknown transport 'kafka'; known: zbuf-sim");
    }
}

package io.zbuf.examples.bench;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchTableTest {
    private static Measurement row(TransportKind kind, int size, long... rates) {
        return Measurement.of(kind, size, Arrays.stream(rates).mapToObj(MeasurementTest::run).toList());
    }

    @Test
    void zbufRowsAreComparedWithTheAeronRowOfTheSameArrangementAndSize() {
        Measurement zbufSmall = row(TransportKind.ZBUF_SIM, 64, 3_000_000);
        Measurement zbufShm = row(TransportKind.ZBUF_SHM, 64, 1_000_000);
        Measurement aeronSmall = row(TransportKind.AERON_IPC, 64, 2_000_000);
        Measurement aeronLarge = row(TransportKind.AERON_IPC, 1500, 1_000_000);
        Measurement aeronTwoProcesses = row(TransportKind.AERON_IPC_2P, 64, 4_000_000);
        List<Measurement> all = List.of(zbufSmall, zbufShm, aeronSmall, aeronLarge, aeronTwoProcesses);
        assertThat(BenchTable.ratio(zbufSmall, all)).isEqualTo(1.5);
        assertThat(BenchTable.ratio(zbufShm, all)).isEqualTo(0.25);
        assertThat(BenchTable.ratio(aeronSmall, all)).as("Aeron has no baseline").isNaN();
        assertThat(BenchTable.ratio(row(TransportKind.ZBUF_SIM, 512, 1), all)).as("no Aeron row of that size").isNaN();
    }

    @Test
    void printsNumbersForPassedRowsAndTheReasonForFailedOnes() {
        Benchmark benchmark = new Benchmark(List.of(TransportKind.ZBUF_SIM, TransportKind.AERON_IPC), List.of(64), 1000, 2, 3);
        List<Measurement> rows = List.of(row(TransportKind.ZBUF_SIM, 64, 2_000_000, 3_000_000, 4_000_000),
                row(TransportKind.AERON_IPC, 64, 2_000_000), Measurement.failed(TransportKind.ZBUF_SHM, 64, "run 1: 1 duplicates"));
        StringWriter text = new StringWriter();
        BenchTable.print(new PrintWriter(text), benchmark, rows);
        assertThat(text.toString()).contains("1,000 messages per run, 2 warm-up and 3 measured runs per row", "zbuf stamps records MICROTIME" + System.lineSeparator(), "CPUs")
                .containsPattern("zbuf in-process \\(sim\\)\\s+64\\s+3\\.00M \\[2\\.00M \\.\\. 4\\.00M\\]\\s+192\\.0\\s+0\\.0%\\s+-\\s+1\\.50")
                .containsPattern("Aeron IPC in-process\\s+64\\s+2\\.00M \\[2\\.00M \\.\\. 2\\.00M\\]\\s+128\\.0\\s+0\\.0%\\s+-\\s+-")
                .containsPattern("zbuf cross-process \\(shm\\)\\s+64  FAILED: run 1: 1 duplicates");
    }
}

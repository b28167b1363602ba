package io.zbuf.examples.bench;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SavedBenchTableTest {
    @Test
    void readsBackWhatBenchTablePrintsLeavingOutFailedRows() {
        List<Measurement> rows = new ArrayList<>();
        rows.add(Measurement.of(TransportKind.ZBUF_SIM, 64, List.of(new RunResult(10, 10, 0, 1_297, 100_000, -1, -1, null))));
        rows.add(Measurement.of(TransportKind.AGRONA_RING_2P, 1500, List.of(new RunResult(10, 10, 0, 2_238, 100_000, -1, -1, null))));
        rows.add(Measurement.failed(TransportKind.AERON_IPC, 64, "driver gone"));
        StringWriter printed = new StringWriter();
        BenchTable.print(new PrintWriter(printed), new Benchmark(List.of(TransportKind.values()), List.of(64), 10, 0, 1), rows);
        List<String> saved = new ArrayList<>(List.of("zbuf bench: zbuf in-process (sim), 64 bytes"));
        saved.addAll(printed.toString().lines().toList());
        saved.addAll(printed.toString().lines().toList()); // a second run in the same file is not read

        SavedBenchTable table = SavedBenchTable.parse(saved);

        assertThat(table.title()).isEqualTo("zbuf bench: 10 messages per run, 0 warm-up and 1 measured runs per row");
        assertThat(table.points()).extracting(BenchChart.Point::transport, BenchChart.Point::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TransportKind.ZBUF_SIM.title(), 64),
                        org.assertj.core.groups.Tuple.tuple(TransportKind.AGRONA_RING_2P.title(), 1500));
        assertThat(table.points().get(0).messagesPerSecond()).isCloseTo(12.97e6, within(1.0));
        assertThat(table.points().get(1).messagesPerSecond()).isCloseTo(22.38e6, within(1.0));
    }

    @Test
    void somethingElseIsSaidToBeSomethingElse() {
        assertThatThrownBy(() -> SavedBenchTable.parse(List.of("hello"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not the output of zbuf bench: no header line");
        assertThatThrownBy(() -> SavedBenchTable.parse(List.of("zbuf bench: 10 messages per run; x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not the output of zbuf bench: no row with a number");
    }
}

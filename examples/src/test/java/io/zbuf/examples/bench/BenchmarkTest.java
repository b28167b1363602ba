package io.zbuf.examples.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkTest {
    private final List<String> progress = new ArrayList<>();

    /** A transport whose sessions hand out {@code results} in turn and record what was asked of them. */
    private static final class ScriptedTransport implements Transport {
        final Deque<Object> results;
        final List<String> opened = new ArrayList<>();
        boolean closed;

        ScriptedTransport(Object... results) {
            this.results = new ArrayDeque<>(List.of(results));
        }

        @Override
        public Session open(int size, long count, int runs) {
            opened.add(size + "x" + count + "x" + runs);
            return () -> {
                Object next = results.removeFirst();
                if (next instanceof Exception failure) {
                    throw failure;
                }
                return (RunResult) next;
            };
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void warmUpRunsAreRunButNotReported() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(MeasurementTest.run(1000), MeasurementTest.run(5), MeasurementTest.run(7));
        Benchmark benchmark = new Benchmark(List.of(TransportKind.ZBUF_SIM), List.of(64), 10, 1, 2);
        List<Measurement> rows = benchmark.run(progress::add, kind -> transport);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.ok()).isTrue();
            assertThat(row.runs()).hasSize(2);
            assertThat(row.max()).isEqualTo(7.0);
        });
        assertThat(transport.opened).containsExactly("64x10x3");
        assertThat(transport.closed).isTrue();
        assertThat(progress).containsExactly("zbuf in-process (sim)", "zbuf in-process (sim), 64 bytes");
    }

    @Test
    void aFailedWarmUpFailsTheRow() throws Exception {
        RunResult broken = new RunResult(10, 9, 0, 5, 1, -1, -1, "1 duplicates");
        Benchmark benchmark = new Benchmark(List.of(TransportKind.AERON_IPC), List.of(64), 10, 1, 1);
        List<Measurement> rows = benchmark.run(progress::add, kind -> new ScriptedTransport(broken, MeasurementTest.run(5)));
        assertThat(rows).singleElement().extracting(Measurement::failure).isEqualTo("warm-up run 1: 1 duplicates");
    }

    @Test
    void aFailedMeasuredRunFailsTheRowWithItsNumber() throws Exception {
        RunResult broken = new RunResult(10, 9, 0, 5, 1, -1, -1, "1 duplicates");
        Benchmark benchmark = new Benchmark(List.of(TransportKind.AERON_IPC), List.of(64), 10, 0, 2);
        List<Measurement> rows = benchmark.run(progress::add, kind -> new ScriptedTransport(MeasurementTest.run(5), broken));
        assertThat(rows).singleElement().extracting(Measurement::failure).isEqualTo("run 2: 1 duplicates");
    }

    @Test
    void aSessionThatThrowsFailsItsSizeAndTheOthersGoOn() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(new IllegalStateException("the producer JVM died"), MeasurementTest.run(5));
        Benchmark benchmark = new Benchmark(List.of(TransportKind.AGRONA_RING_2P), List.of(64, 1500), 10, 0, 1);
        List<Measurement> rows = benchmark.run(progress::add, kind -> transport);
        assertThat(rows).extracting(Measurement::size).containsExactly(64, 1500);
        assertThat(rows.get(0).failure()).isEqualTo("the producer JVM died");
        assertThat(rows.get(1).ok()).isTrue();
    }

    @Test
    void aTransportThatCannotBeSetUpFailsAllItsRowsAndTheNextOneRuns() throws Exception {
        Benchmark benchmark = new Benchmark(List.of(TransportKind.ZBUF_SHM, TransportKind.ZBUF_SIM), List.of(64, 512), 10, 0, 1);
        List<Measurement> rows = benchmark.run(progress::add, kind -> {
            if (kind == TransportKind.ZBUF_SHM) {
                throw new IOException("the kernel daemon did not start");
            }
            return new ScriptedTransport(MeasurementTest.run(5), MeasurementTest.run(6));
        });
        assertThat(rows).extracting(Measurement::failure).containsExactly(
                "cannot set up: the kernel daemon did not start", "cannot set up: the kernel daemon did not start", null, null);
    }

    @Test
    void rejectsAnEmptyOrNonsensicalBenchmark() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Benchmark(List.of(), List.of(64), 10, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Benchmark(List.of(TransportKind.ZBUF_SIM), List.of(), 10, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Benchmark(List.of(TransportKind.ZBUF_SIM), List.of(64), 1, 0, 1))
                .withMessageContaining("at least 2 messages per run (given 1)");
        assertThatIllegalArgumentException().isThrownBy(() -> new Benchmark(List.of(TransportKind.ZBUF_SIM), List.of(64), 10, -1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Benchmark(List.of(TransportKind.ZBUF_SIM), List.of(64), 10, 0, 0));
    }
}

package io.zbuf.examples.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementTest {
    /** A passing run that timed {@code rate} messages in one second. */
    static RunResult run(long rate) {
        return new RunResult(rate + 1, rate + 1, 0, rate, 1_000_000_000L, -1, -1, null);
    }

    @Test
    void reportsTheMedianAndTheExtremesOfTheTimedRuns() {
        Measurement row = Measurement.of(TransportKind.AERON_IPC, 64, List.of(run(5), run(1), run(9), run(3), run(7)));
        assertThat(row.ok()).isTrue();
        assertThat(row.median()).isEqualTo(5.0);
        assertThat(row.min()).isEqualTo(1.0);
        assertThat(row.max()).isEqualTo(9.0);
    }

    @Test
    void theMedianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        assertThat(Measurement.of(TransportKind.AERON_IPC, 64, List.of(run(4), run(1), run(2), run(10))).median()).isEqualTo(3.0);
    }

    @Test
    void runsTooShortToTimeGiveNoNumber() {
        RunResult untimed = new RunResult(2, 2, 0, 0, 0, -1, -1, null);
        Measurement row = Measurement.of(TransportKind.ZBUF_SIM, 64, List.of(untimed));
        assertThat(row.ok()).isTrue();
        assertThat(row.median()).isNaN();
        assertThat(row.min()).isNaN();
        assertThat(row.max()).isNaN();
    }

    @Test
    void oneFailedRunFailsTheRowWithItsReason() {
        RunResult broken = new RunResult(10, 9, 0, 5, 1, -1, -1, "1 duplicates");
        Measurement row = Measurement.of(TransportKind.ZBUF_SIM, 64, List.of(run(5), broken));
        assertThat(row.ok()).isFalse();
        assertThat(row.failure()).isEqualTo("run 2: 1 duplicates");
    }

    @Test
    void dropsAreAFractionOfEverythingSent() {
        RunResult lossy = new RunResult(100, 70, 30, 60, 1, 4, 8, null);
        RunResult lossless = new RunResult(100, 100, 0, 90, 1, 2, 12, null);
        Measurement row = Measurement.of(TransportKind.ZBUF_SHM, 64, List.of(lossy, lossless));
        assertThat(row.dropFraction()).isEqualTo(0.15);
        assertThat(row.controlMessagesPerThousandBuffers()).isEqualTo(300.0);
    }

    @Test
    void controlMessagesAreCountedOnlyWhereEveryRunCountedThem() {
        RunResult counted = new RunResult(100, 100, 0, 90, 1, 2, 12, null);
        assertThat(Measurement.of(TransportKind.ZBUF_SIM, 64, List.of(counted, run(5))).controlMessagesPerThousandBuffers()).isNaN();
        RunResult noBuffers = new RunResult(100, 100, 0, 90, 1, 0, 0, null);
        assertThat(Measurement.of(TransportKind.ZBUF_SHM, 64, List.of(noBuffers)).controlMessagesPerThousandBuffers()).isNaN();
    }
}

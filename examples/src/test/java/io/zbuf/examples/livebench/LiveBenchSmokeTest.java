package io.zbuf.examples.livebench;

import io.zbuf.afpacket.NetworkNamespace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zbuf bench-live}'s harness end to end, tiny and untimed: every receiver at one frame size, a fraction of a
 * second each; each run passes its checks, and zbuf's counts add up exactly. Nothing about speed is asserted.
 */
@Tag("external-tool")
@Timeout(300)
class LiveBenchSmokeTest {
    @Test
    void everyReceiverCapturesTheSendersTrafficAndItsCountsAddUp(@TempDir Path logs) throws Exception {
        NetworkNamespace.requireRoot();
        LiveBench bench = new LiveBench(List.of(64), LiveBench.RECEIVERS, 200, 100, 1, 1, logs);
        List<String> steps = new ArrayList<>();
        List<Trial> trials = bench.run(steps::add);

        assertThat(trials).extracting(Trial::receiver).containsExactlyElementsOf(LiveBench.RECEIVERS);
        assertThat(steps).hasSize(4).first().asString().isEqualTo("zbuf-sim, 64-byte frames, run 1 of 1");
        for (Trial trial : trials) {
            assertThat(trial.ok()).as(trial.toString()).isTrue();
            assertThat(trial.sent()).as(trial.toString()).isPositive();
            assertThat(trial.delivered()).as(trial.toString()).isPositive();
            assertThat(trial.frameSize()).isEqualTo(64);
        }
        for (Trial zbuf : trials.subList(0, 2)) {
            assertThat(zbuf.delivered() + zbuf.dropped()).as(zbuf.toString()).isEqualTo(zbuf.received());
        }
        StringWriter table = new StringWriter();
        LiveTable.print(new PrintWriter(table), trials, bench.millis(), bench.senders());
        assertThat(table.toString().lines()).hasSize(6).allMatch(line -> !line.contains("FAILED"));
        assertThat(table.toString()).contains("1 sending thread(s) flat out for 200 ms", "zbuf-shm", "tcpdump", "pcap4j");
    }
}

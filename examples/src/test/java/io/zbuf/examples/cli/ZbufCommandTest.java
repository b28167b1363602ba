package io.zbuf.examples.cli;

import static io.zbuf.examples.cli.CommandRun.tcpdump;
import static io.zbuf.examples.cli.CommandRun.zbuf;
import io.zbuf.core.pcap.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ZbufCommandTest {
    @TempDir
    Path dir;

    @Test
    void captureOnTheSimulatorPrintsEachPacketAndASummary() {
        CommandRun run = zbuf("capture", "-c", "25");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.stream().filter(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6} IP 10\\.0\\.0\\.1\\.5000 > 10\\.0\\.0\\.2\\.6000: UDP, length \\d+")))
                .hasSize(25);
        assertThat(run.out()).contains("25 packets captured", "packets received by filter", "packets dropped by kernel",
                "packets/s").containsPattern("packets delivered in \\d+ buffers? handed over");
    }

    @Test
    void quietCapturePrintsOnlyTheSummary() {
        CommandRun run = zbuf("capture", "-q", "-c", "100", "--immediate", "--tstamp", "nano");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("100 packets captured");
    }

    @Test
    void fastTimestampsCaptureAndNoTimestampTakesNoFlag() {
        CommandRun fast = zbuf("capture", "-q", "-c", "50", "--immediate", "--tstamp", "nano", "--tstamp-fast");
        assertThat(fast.code()).as(fast.err()).isZero();
        assertThat(fast.out()).startsWith("50 packets captured");

        CommandRun none = zbuf("capture", "-c", "1", "--tstamp", "none", "--tstamp-fast");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err().strip()).isEqualTo("zbuf: timestamp format NONE takes no FAST or MONOTONIC flag");
    }

    @Test
    void aDurationEndsTheCapture() {
        CommandRun run = zbuf("capture", "-q", "--duration", "300ms");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("packets captured");
    }

    @Test
    void aSourceFeedsANewInterfaceUntilItRunsOut() {
        CommandRun run = zbuf("capture", "--source", "synthetic:count=7,size=100", "--timeout", "10");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().lines().filter(line -> line.contains(" IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP, length 58"))).hasSize(7);
        assertThat(run.out()).contains("7 packets captured", "7 packets received by filter", "0 packets dropped by kernel");
    }

    @Test
    void aReplayAndASourceTogetherAreOneLine() {
        CommandRun run = zbuf("capture", "--source", "synthetic", "--replay", "x.pcap");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("zbuf: --replay and --source both name a source; give one");
    }

    @Test
    void backendsListsEveryBackendWithItsAvailability() {
        CommandRun run = zbuf("backends");
        assertThat(run.code()).isZero();
        assertThat(run.out()).containsPattern("sim\\s+yes");
    }

    @Test
    void anUnknownBackendIsOneLineAndExitCodeOne() {
        CommandRun run = zbuf("capture", "-b", "nope", "-c", "1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("zbuf: unknown backend 'nope'; known backends: " + String.join(", ", knownBackends()));
    }

    @Test
    void verboseAddsTheStackTrace() {
        CommandRun run = zbuf("--verbose", "capture", "-b", "nope", "-c", "1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("zbuf: unknown backend 'nope'", "\tat io.zbuf.");
    }

    @Test
    void anUnknownInterfaceIsOneLine() {
        CommandRun run = zbuf("capture", "-i", "eth9", "-c", "1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("eth9", "ENXIO");
    }

    @Test
    void aMissingReplayFileIsOneLineNamingIt() {
        CommandRun run = zbuf("capture", "--replay", dir.resolve("missing.pcap").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("missing.pcap");
    }

    @Test
    void aMalformedReplayFileIsOneLine() {
        CommandRun run = zbuf("capture", "--replay", TestCaptures.path("malformed.pcap").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("malformed.pcap");
    }

    @Test
    void wrongUsageIsExitCodeTwo() {
        assertThat(zbuf("capture", "--count", "many").code()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp.pcap", "be.pcap", "lo-udp-sizes.pcap"})
    void aReplayWrittenBackIsWhatTcpdumpPrintsForTheInput(String capture) throws Exception {
        Path input = TestCaptures.path(capture);
        Path output = dir.resolve("out-" + capture);
        CommandRun run = zbuf("capture", "--replay", input.toString(), "-w", output.toString(), "-q");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(tcpdump(output, "micro")).isEqualTo(tcpdump(input, "micro")).isNotEmpty();
    }

    @Test
    void aNanosecondReplayKeepsNanoseconds() throws Exception {
        Path input = TestCaptures.path("smtp.pcap");
        Path output = dir.resolve("nano.pcap");
        CommandRun run = zbuf("capture", "--replay", input.toString(), "-w", output.toString(), "--tstamp", "nano");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(tcpdump(output, "nano")).isEqualTo(tcpdump(input, "nano"));
    }

    private static List<String> knownBackends() {
        List<String> names = new ArrayList<>();
        io.zbuf.core.Zbuf.backends().all().forEach(backend -> names.add(backend.name()));
        return names;
    }



}

package io.zbuf.examples.cli;

import io.zbuf.core.pcap.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ZbufCommandTest {
    @TempDir
    Path dir;

    @Test
    void captureOnTheSimulatorPrintsEachPacketAndASummary() {
        Run run = zbuf("capture", "-c", "25");
        assertThat(run.code).as(run.err).isZero();
        List<String> lines = run.out.lines().toList();
        assertThat(lines.stream().filter(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{6} IP 10\\.0\\.0\\.1\\.5000 > 10\\.0\\.0\\.2\\.6000: UDP, length \\d+")))
                .hasSize(25);
        assertThat(run.out).contains("25 packets captured", "packets received by filter", "packets dropped by kernel",
                "buffers handed over", "packets/s");
    }

    @Test
    void quietCapturePrintsOnlyTheSummary() {
        Run run = zbuf("capture", "-q", "-c", "100", "--immediate", "--tstamp", "nano");
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).startsWith("100 packets captured");
    }

    @Test
    void aDurationEndsTheCapture() {
        Run run = zbuf("capture", "-q", "--duration", "300ms");
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("packets captured");
    }

    @Test
    void aSourceFeedsANewInterfaceUntilItRunsOut() {
        Run run = zbuf("capture", "--source", "synthetic:count=7,size=100", "--timeout", "10");
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out.lines().filter(line -> line.contains(" IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP, length 58"))).hasSize(7);
        assertThat(run.out).contains("7 packets captured", "7 packets received by filter", "0 packets dropped by kernel");
    }

    @Test
    void aReplayAndASourceTogetherAreOneLine() {
        Run run = zbuf("capture", "--source", "synthetic", "--replay", "x.pcap");
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err.strip()).isEqualTo("zbuf: --replay and --source both name a source; give one");
    }

    @Test
    void backendsListsEveryBackendWithItsAvailability() {
        Run run = zbuf("backends");
        assertThat(run.code).isZero();
        assertThat(run.out).containsPattern("sim\\s+yes");
    }

    @Test
    void anUnknownBackendIsOneLineAndExitCodeOne() {
        Run run = zbuf("capture", "-b", "nope", "-c", "1");
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err.strip()).isEqualTo("zbuf: unknown backend 'nope'; known backends: " + String.join(", ", knownBackends()));
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run run = zbuf("--verbose", "capture", "-b", "nope", "-c", "1");
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("zbuf: unknown backend 'nope'", "\tat io.zbuf.");
    }

    @Test
    void anUnknownInterfaceIsOneLine() {
        Run run = zbuf("capture", "-i", "eth9", "-c", "1");
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err.lines()).hasSize(1).first().asString().contains("eth9", "ENXIO");
    }

    @Test
    void aMissingReplayFileIsOneLineNamingIt() {
        Run run = zbuf("capture", "--replay", dir.resolve("missing.pcap").toString());
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err.lines()).hasSize(1).first().asString().contains("missing.pcap");
    }

    @Test
    void aMalformedReplayFileIsOneLine() {
        Run run = zbuf("capture", "--replay", TestCaptures.path("malformed.pcap").toString());
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err.lines()).hasSize(1).first().asString().contains("malformed.pcap");
    }

    @Test
    void wrongUsageIsExitCodeTwo() {
        assertThat(zbuf("capture", "--count", "many").code).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp.pcap", "be.pcap", "lo-udp-sizes.pcap"})
    void aReplayWrittenBackIsWhatTcpdumpPrintsForTheInput(String capture) throws Exception {
        Path input = TestCaptures.path(capture);
        Path output = dir.resolve("out-" + capture);
        Run run = zbuf("capture", "--replay", input.toString(), "-w", output.toString(), "-q");
        assertThat(run.code).as(run.err).isZero();
        assertThat(tcpdump(output, "micro")).isEqualTo(tcpdump(input, "micro")).isNotEmpty();
    }

    @Test
    void aNanosecondReplayKeepsNanoseconds() throws Exception {
        Path input = TestCaptures.path("smtp.pcap");
        Path output = dir.resolve("nano.pcap");
        Run run = zbuf("capture", "--replay", input.toString(), "-w", output.toString(), "--tstamp", "nano");
        assertThat(run.code).as(run.err).isZero();
        assertThat(tcpdump(output, "nano")).isEqualTo(tcpdump(input, "nano"));
    }

    private static List<String> knownBackends() {
        List<String> names = new ArrayList<>();
        io.zbuf.core.Zbuf.backends().all().forEach(backend -> names.add(backend.name()));
        return names;
    }

    private static String tcpdump(Path file, String precision) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("tcpdump", "-nn", "-tt", "-xx", "--time-stamp-precision=" + precision, "-r", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("tcpdump -r %s", file).isZero();
        return out;
    }

    private static Run zbuf(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ZbufCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}

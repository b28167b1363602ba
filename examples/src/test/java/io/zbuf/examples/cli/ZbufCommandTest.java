package io.zbuf.examples.cli;

import static io.zbuf.examples.cli.CommandRun.tcpdump;
import static io.zbuf.examples.cli.CommandRun.zbuf;
import io.zbuf.core.kernel.Packet;
import io.zbuf.core.pcap.PcapReader;
import io.zbuf.core.pcap.PcapWriter;
import io.zbuf.core.pcap.TestCaptures;
import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
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
                "packets/s").containsPattern("\\b25 packets delivered in \\d+ buffers? handed over");
        assertThat(run.err().lines()).containsExactly("listening on sim0, link-type EN10MB (Ethernet), snapshot length 262144 bytes");
    }

    /** The walk breaks at the count: the records after the last one are neither delivered nor lost. */
    @ParameterizedTest(name = "-c {0}")
    @ValueSource(ints = {1, 7})
    void aCountDeliversExactlyThatManyPackets(int count) {
        CommandRun run = zbuf("capture", "--source", "synthetic:count=100,size=100", "-c", Integer.toString(count), "-q");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains(count + (count == 1 ? " packet captured" : " packets captured"))
                .containsPattern("\\b" + count + " packets? delivered in 1 buffer handed over");
    }

    @Test
    void aSnapLengthCutsEveryPacketAndIsTheFilesSnapshotLength() throws Exception {
        Path output = dir.resolve("snap.pcap");
        CommandRun run = zbuf("capture", "--source", "synthetic:count=20,size=1000", "-s", "100", "-w", output.toString(), "-p");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err().lines()).containsExactly("listening on src0, link-type EN10MB (Ethernet), snapshot length 100 bytes");

        try (PcapReader reader = PcapReader.open(output)) {
            assertThat(reader.snapLength()).isEqualTo(100);
            Packet packet = new Packet(1);
            int packets = 0;
            while (reader.next(packet)) {
                assertThat(packet.length()).isEqualTo(100);
                assertThat(packet.wireLength()).isEqualTo(1000);
                packets++;
            }
            assertThat(packets).isEqualTo(20);
        }
        assertThat(tcpdumpSays("-r", output.toString())).isEqualTo("reading from file " + output
                + ", link-type EN10MB (Ethernet), snapshot length 100");
    }

    @ParameterizedTest(name = "-s {0}: {1}")
    @CsvSource({"0, 262144", "0x40, 64", "010, 8", "262144, 262144", "1, 1"})
    void snapLengthsAreReadAsTcpdumpReadsThem(String value, int snapLength) {
        CommandRun run = zbuf("capture", "--source", "synthetic:count=1,size=100", "-s", value, "-q");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("snapshot length " + snapLength + " bytes");
    }

    @ParameterizedTest(name = "-s {0}")
    @ValueSource(strings = {"262145", "-1", "abc", "08", "#10", ""})
    void anInvalidSnapLengthIsTheErrorTcpdumpGives(String value) throws Exception {
        CommandRun run = zbuf("capture", "-s", value, "-c", "1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("zbuf: invalid snaplen " + value + " (must be >= 0 and <= 262144)");
        assertThat(tcpdumpSays("-s", value, "-r", TestCaptures.smtp().toString())).isEqualTo(run.err().strip().replace("zbuf", "tcpdump"));
    }

    /** Another link type (Linux cooked capture, made from smtp.pcap) goes through the buffers and out as it came in. */
    @Test
    void aReplayOfAnotherLinkTypeIsWrittenBackAsItIs() throws Exception {
        Path input = dir.resolve("sll.pcap");
        Path output = dir.resolve("out-sll.pcap");
        writeLinuxCooked(TestCaptures.smtp(), input);
        CommandRun run = zbuf("capture", "--replay", input.toString(), "-w", output.toString(), "-q");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("link-type LINUX_SLL (Linux cooked v1)");
        assertThat(tcpdump(output, "micro")).isEqualTo(tcpdump(input, "micro")).contains("IP 10.10.1.4.56166 > 10.10.1.1.53");
    }

    /** Each Ethernet frame of {@code ethernet} as a Linux cooked (SLL) packet: 16-byte header, the frame's payload. */
    private static void writeLinuxCooked(Path ethernet, Path cooked) throws Exception {
        try (PcapReader reader = PcapReader.open(ethernet);
             PcapWriter writer = PcapWriter.create(cooked, LinkType.LINUX_SLL, reader.snapLength(), PcapWriter.Precision.MICRO)) {
            Packet packet = new Packet(1);
            while (reader.next(packet)) {
                ByteBuffer frame = packet.fragment(0);
                int start = frame.position();
                ByteBuffer sll = ByteBuffer.allocate(frame.remaining() + 2).putShort((short) 0).putShort((short) 1).putShort((short) 6);
                sll.put(frame.duplicate().position(start + 6).limit(start + 12)).putShort((short) 0).putShort(frame.getShort(start + 12));
                sll.put(frame.duplicate().position(start + 14)).flip();
                writer.write(packet.timestampNanos(), sll, packet.wireLength() + 2);
            }
        }
    }

    /** The first line tcpdump prints on standard error for {@code args}, its exit status aside. */
    private static String tcpdumpSays(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tcpdump", "-nn"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return err.lines().findFirst().orElse("");
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

    @ParameterizedTest
    @ValueSource(strings = {"--verbose capture", "capture --verbose", "capture -v", "-v capture"})
    void verboseAddsTheStackTrace(String words) {
        CommandRun run = zbuf((words + " -b nope -c 1").split(" "));
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("zbuf: unknown backend 'nope'", "\tat io.zbuf.");
    }

    @Test
    void anUnknownInterfaceIsOneLineNamingThoseThatExist() {
        CommandRun run = zbuf("capture", "-i", "eth9", "-c", "1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("eth9", "ENXIO", "the interfaces are sim0");
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

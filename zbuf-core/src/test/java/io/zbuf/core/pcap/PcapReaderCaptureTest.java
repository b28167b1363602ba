package io.zbuf.core.pcap;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.source.SequenceNumbers;
import io.zbuf.spi.LinkType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("external-tool")
class PcapReaderCaptureTest {

    static Stream<Path> captures() {
        return Stream.of(TestCaptures.smtp(), TestCaptures.bigEndian(), TestCaptures.loopbackUdpSizes());
    }

    /** Timestamp, captured and wire length of every packet, as the reader sees them. */
    static List<long[]> read(Path file) throws IOException {
        List<long[]> packets = new ArrayList<>();
        Packet packet = new Packet(1);
        try (PcapReader reader = PcapReader.open(file)) {
            while (reader.next(packet)) {
                assertThat(packet.fragmentCount()).isEqualTo(1);
                assertThat(packet.timestamped()).isTrue();
                packets.add(new long[] {packet.timestampNanos(), packet.length(), packet.wireLength()});
            }
        }
        return packets;
    }

    /** The same, as tshark sees them. */
    static List<long[]> tshark(Path file) {
        List<long[]> packets = new ArrayList<>();
        for (String[] row : ExternalTool.tsharkFields(file, "frame.time_epoch", "frame.cap_len", "frame.len")) {
            packets.add(new long[] {new BigDecimal(row[0]).movePointRight(9).longValueExact(),
                Long.parseLong(row[1]), Long.parseLong(row[2])});
        }
        return packets;
    }

    @ParameterizedTest
    @MethodSource("captures")
    void readsWhatTsharkReads(Path file) throws IOException {
        assertThat(read(file)).map(java.util.Arrays::toString).isEqualTo(tshark(file).stream().map(java.util.Arrays::toString).toList()).isNotEmpty();
    }

    @Test
    void smtpIsSixtyEthernetPackets() throws IOException {
        try (PcapReader reader = PcapReader.open(TestCaptures.smtp())) {
            assertThat(reader.linkType()).isEqualTo(LinkType.EN10MB);
            assertThat(reader.snapLength()).isEqualTo(65535);
        }
        List<long[]> packets = read(TestCaptures.smtp());
        assertThat(packets).hasSize(60);
        assertThat(packets.get(0)[0]).isEqualTo(1_254_722_767_492_060_000L);
    }

    @Test
    void bigEndianFileKeepsWireLengthsAboveCapturedLengths() throws IOException {
        try (PcapReader reader = PcapReader.open(TestCaptures.bigEndian())) {
            assertThat(reader.snapLength()).isEqualTo(9216);
        }
        List<long[]> packets = read(TestCaptures.bigEndian());
        assertThat(packets).hasSize(5);
        assertThat(packets.get(0)).containsExactly(3_064_714_590_000L, 42, 60);
    }

    @Test
    void loopbackCaptureCarriesSequenceNumbersInOrder() throws IOException {
        Packet packet = new Packet(1);
        List<Long> sequences = new ArrayList<>();
        try (PcapReader reader = PcapReader.open(TestCaptures.loopbackUdpSizes())) {
            assertThat(reader.snapLength()).isEqualTo(PcapReader.MAXIMUM_SNAP_LENGTH);
            while (reader.next(packet)) {
                ByteBuffer frame = packet.fragment(0);
                assertThat(frame.isReadOnly()).isTrue();
                sequences.add(SequenceNumbers.read(frame));
            }
        }
        assertThat(sequences).hasSize(400);
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("packet %d", i).isEqualTo(i);
        }
    }

    @Test
    void rejectsTheMalformedFileNamingItAndTheOffset() {
        assertThatThrownBy(() -> PcapReader.open(TestCaptures.malformed()))
            .isInstanceOf(PcapFormatException.class)
            .hasMessage(TestCaptures.malformed() + ": not a pcap or pcapng file at byte 0: it starts with 0x74686973")
            .extracting(e -> ((PcapFormatException) e).offset()).isEqualTo(0L);
    }

    @Test
    void failedOpenLeavesNoFileOpen() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assertThat(fds).as("open files are listed in /proc/self/fd (Linux)").isDirectory();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> PcapReader.open(TestCaptures.malformed())).isInstanceOf(PcapFormatException.class);
        }
        try (Stream<Path> open = java.nio.file.Files.list(fds)) {
            assertThat(open.map(fd -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            })).noneMatch(target -> target.endsWith("malformed.pcap"));
        }
    }

    @Test
    void readingAfterCloseFails() throws IOException {
        PcapReader reader = PcapReader.open(TestCaptures.smtp());
        reader.close();
        assertThatThrownBy(() -> reader.next(new Packet(1))).isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }

    @Test
    void missingFileIsNamed() {
        Path missing = TestCaptures.directory().resolve("no-such.pcap");
        assertThatThrownBy(() -> PcapReader.open(missing))
            .isInstanceOf(NoSuchFileException.class)
            .hasMessage(missing + ": no such capture file");
    }
}

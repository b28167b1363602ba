package io.zbuf.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.pcap.PcapFormatException;
import io.zbuf.core.pcap.PcapReader;
import io.zbuf.core.pcap.TestCaptures;
import io.zbuf.spi.LinkType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapSourceTest {
    @TempDir
    Path temp;

    /** Timestamp, length, wire length and first bytes of every packet. */
    static List<String> packets(PcapReader reader) throws IOException {
        List<String> packets = new ArrayList<>();
        Packet packet = new Packet(1);
        while (reader.next(packet)) {
            packets.add(describe(packet));
        }
        return packets;
    }

    static String describe(Packet packet) {
        return packet.timestampNanos() + "/" + packet.length() + "/" + packet.wireLength() + "/" + packet.unsignedByteAt(12)
            + "/" + packet.unsignedByteAt(packet.length() - 1);
    }

    static List<String> packets(PacketSource source) throws IOException {
        List<String> packets = new ArrayList<>();
        Packet packet = new Packet(source.maxFragments());
        while (source.next(packet)) {
            assertThat(packet.timestamped()).isTrue();
            packets.add(describe(packet));
        }
        assertThat(source.next(packet)).isFalse();
        return packets;
    }

    @Test
    void replaysTheCaptureAsTheReaderReadsIt() throws IOException {
        List<String> expected;
        try (PcapReader reader = PcapReader.open(TestCaptures.bigEndian())) {
            expected = packets(reader);
        }
        try (PcapSource source = PcapSource.open(TestCaptures.bigEndian())) {
            assertThat(source.linkType()).isEqualTo(LinkType.EN10MB);
            assertThat(source.packetsPerSecond()).isZero();
            assertThat(source.maxFragments()).isEqualTo(1);
            assertThat(packets(source)).hasSize(5).isEqualTo(expected);
        }
    }

    @Test
    void loopsPlayTheFileAgain() throws IOException {
        List<String> once;
        try (PcapSource source = PcapSource.open(TestCaptures.smtp())) {
            once = packets(source);
        }
        try (PcapSource source = PcapSource.open(TestCaptures.smtp(), 3, 250)) {
            assertThat(source.packetsPerSecond()).isEqualTo(250);
            List<String> thrice = packets(source);
            assertThat(thrice).hasSize(180);
            assertThat(thrice.subList(0, 60)).isEqualTo(once);
            assertThat(thrice.subList(60, 120)).isEqualTo(once);
            assertThat(thrice.subList(120, 180)).isEqualTo(once);
        }
    }

    @Test
    void eachPassClosesTheFileOfThePassBefore() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assertThat(fds).as("open files are listed in /proc/self/fd (Linux)").isDirectory();
        try (PcapSource source = PcapSource.open(TestCaptures.bigEndian(), 4, 0)) {
            assertThat(packets(source)).hasSize(20);
            assertThat(openDescriptorsOf(fds, TestCaptures.bigEndian())).isEqualTo(1);
        }
        assertThat(openDescriptorsOf(fds, TestCaptures.bigEndian())).isZero();
    }

    private static long openDescriptorsOf(Path fds, Path file) throws IOException {
        try (java.util.stream.Stream<Path> open = Files.list(fds)) {
            return open.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file.toRealPath());
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void emptyCaptureEndsAtOnceEvenWhenLooped() throws IOException {
        Path empty = Files.write(temp.resolve("empty.pcap"), java.util.HexFormat.of().parseHex(
            "d4c3b2a1020004000000000000000000ffff000001000000"));
        try (PcapSource source = PcapSource.open(empty, 5, 0)) {
            assertThat(packets(source)).isEmpty();
        }
    }

    @Test
    void describesTheReplay() throws IOException {
        try (PcapSource source = PcapSource.open(TestCaptures.smtp())) {
            assertThat(source).hasToString("replay of " + TestCaptures.smtp() + ", as fast as possible");
        }
        try (PcapSource source = PcapSource.open(TestCaptures.smtp(), 2, 10)) {
            assertThat(source).hasToString("replay of " + TestCaptures.smtp() + ", 2 times, 10 packets/s");
        }
    }

    @Test
    void rejectsBadArgumentsAndFiles() {
        assertThatThrownBy(() -> PcapSource.open(TestCaptures.smtp(), 0, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("a capture is played at least once, not 0 times");
        assertThatThrownBy(() -> PcapSource.open(TestCaptures.smtp(), 1, -1))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("rate -1 packets/s is negative");
        assertThatThrownBy(() -> PcapSource.open(TestCaptures.malformed())).isInstanceOf(PcapFormatException.class);
        assertThatThrownBy(() -> PcapSource.open(temp.resolve("none.pcap"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void closeReleasesTheFile() throws IOException {
        PcapSource source = PcapSource.open(TestCaptures.smtp(), 2, 0);
        source.close();
        assertThatThrownBy(() -> source.next(new Packet(1))).isInstanceOf(IOException.class);
    }
}

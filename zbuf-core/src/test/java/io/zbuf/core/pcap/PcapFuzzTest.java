package io.zbuf.core.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.zbuf.core.kernel.Packet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Damaged files give a PcapFormatException or good packets, never another exception. */
class PcapFuzzTest {
    private final Packet packet = new Packet(1);

    static byte[] smtp() throws IOException {
        return Files.readAllBytes(TestCaptures.smtp());
    }

    static byte[] pcapng() {
        return new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
            .interfaceDescription(1, 0).block(0x0BAD, ClassicPcapReaderTest.data(7))
            .interfaceDescription(1, 64, 9)
            .enhancedPacket(0, 1_000_000, ClassicPcapReaderTest.data(60), 60)
            .simplePacket(ClassicPcapReaderTest.data(42), 42)
            .enhancedPacket(1, 5, ClassicPcapReaderTest.data(1), 100)
            .section(ByteOrder.BIG_ENDIAN).interfaceDescription(1, 0)
            .enhancedPacket(0, 9, ClassicPcapReaderTest.data(3), 3)
            .bytes();
    }

    /** Where records end in a classic file: the only places a prefix may end cleanly. */
    static Set<Integer> classicBoundaries(byte[] file) {
        Set<Integer> ends = new TreeSet<>();
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 24; at <= file.length; at += 16 + buffer.getInt(at + 8)) {
            ends.add(at);
            if (at == file.length) {
                break;
            }
        }
        return ends;
    }

    /** Where blocks end after the first interface description (at byte offset 48) in {@link #pcapng()}. */
    static Set<Integer> blockBoundaries(byte[] file) {
        Set<Integer> ends = new TreeSet<>();
        int at = 0;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        while (at < file.length) {
            if (ByteBuffer.wrap(file).getInt(at) == 0x0A0D0D0A) {
                order = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(at + 8) == 0x1A2B3C4D
                    ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            }
            at += ByteBuffer.wrap(file).order(order).getInt(at + 4);
            if (at >= 48) {
                ends.add(at);
            }
        }
        return ends;
    }

    /** Reads all of {@code bytes}; the number of packets at a clean end, -1 after a PcapFormatException. */
    int readAll(byte[] bytes) throws IOException {
        int packets = 0;
        try (PcapReader reader = PcapReader.open(Channels.newChannel(new ByteArrayInputStream(bytes)), "fuzz")) {
            while (reader.next(packet)) {
                assertThat(packet.fragmentCount()).isEqualTo(1);
                assertThat(packet.length()).isBetween(0, PcapReader.MAXIMUM_SNAP_LENGTH);
                assertThat(packet.wireLength()).isGreaterThanOrEqualTo(packet.length());
                packets++;
            }
        } catch (PcapFormatException e) {
            assertThat(e.getMessage()).startsWith("fuzz: ").contains(" at byte offset " + e.offset() + ": ");
            assertThat(e.offset()).isBetween(0L, (long) bytes.length);
            return -1;
        }
        return packets;
    }

    @Test
    void everyPrefixOfSmtpEndsCleanlyAtARecordBoundaryOrFails() throws IOException {
        byte[] file = smtp();
        assertEveryPrefix(file, classicBoundaries(file));
    }

    @Test
    void everyPrefixOfAPcapngFileEndsCleanlyAtABlockBoundaryOrFails() throws IOException {
        byte[] file = pcapng();
        assertEveryPrefix(file, blockBoundaries(file));
    }

    private void assertEveryPrefix(byte[] file, Set<Integer> boundaries) throws IOException {
        assertThat(readAll(file)).isPositive();
        int lastBoundary = -1;
        for (int length = 0; length <= file.length; length++) {
            int packets = readAll(Arrays.copyOf(file, length));
            if (boundaries.contains(length)) {
                lastBoundary = length;
                assertThat(packets).as("prefix of %d bytes", length).isNotNegative();
            } else {
                assertThat(packets).as("prefix of %d bytes (last boundary %d)", length, lastBoundary).isEqualTo(-1);
            }
        }
    }

    static Stream<Long> seeds() {
        return IntStream.rangeClosed(1, 40).mapToObj(seed -> (long) seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void corruptedBytesGiveFormatErrorsOrSanePackets(long seed) throws IOException {
        Random random = new Random(seed);
        for (byte[] original : new byte[][] {smtp(), pcapng()}) {
            byte[] file = original.clone();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                int at = random.nextInt(Math.min(file.length, 200 + random.nextInt(file.length)));
                file[at] = (byte) random.nextInt(256);
            }
            assertThatCode(() -> readAll(file)).as("seed %d", seed).doesNotThrowAnyException();
        }
    }
}

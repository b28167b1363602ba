package io.zbuf.core.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.LinkType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Classic pcap files built byte by byte, each bending one rule. */
class ClassicPcapReaderTest {
    private final Packet packet = new Packet(1);

    /** A file header and records, in one byte order. */
    static final class Bytes {
        private final ByteBuffer out = ByteBuffer.allocate(1 << 20);

        Bytes(ByteOrder order, int magic, int major, int snapLength, int linkType) {
            out.order(order).putInt(magic).putShort((short) major).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snapLength).putInt(linkType);
        }

        Bytes(int snapLength) {
            this(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 2, snapLength, 1);
        }

        Bytes record(long seconds, long fraction, int capturedLength, int wireLength, byte[] data) {
            out.putInt((int) seconds).putInt((int) fraction).putInt(capturedLength).putInt(wireLength).put(data);
            return this;
        }

        Bytes record(int seconds, int fraction, byte[] data) {
            return record(seconds, fraction, data.length, data.length, data);
        }

        byte[] bytes() {
            return Arrays.copyOf(out.array(), out.position());
        }
    }

    static PcapReader open(byte[] bytes) throws IOException {
        return PcapReader.open(Channels.newChannel(new ByteArrayInputStream(bytes)), "test.pcap");
    }

    static byte[] data(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        return data;
    }

    static byte[] contentOf(Packet packet) {
        ByteBuffer fragment = packet.fragment(0).duplicate();
        byte[] bytes = new byte[fragment.remaining()];
        fragment.get(bytes);
        return bytes;
    }

    @ParameterizedTest(name = "{0} magic {1}")
    @CsvSource({"BIG_ENDIAN, A1B2C3D4, 1000", "LITTLE_ENDIAN, A1B2C3D4, 1000", "BIG_ENDIAN, A1B23C4D, 1", "LITTLE_ENDIAN, A1B23C4D, 1"})
    void readsEitherByteOrderAndPrecision(String orderName, String magic, long nanosPerUnit) throws IOException {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] bytes = new Bytes(order, Integer.parseUnsignedInt(magic, 16), 2, 1500, 101)
            .record(0xF000_0000L, 999_999, 20, 30, data(20))
            .record(7, 1, data(3))
            .bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.linkType()).isEqualTo(LinkType.RAW);
            assertThat(reader.snapLength()).isEqualTo(1500);
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.timestampNanos()).isEqualTo(0xF000_0000L * 1_000_000_000L + 999_999 * nanosPerUnit);
            assertThat(packet.length()).isEqualTo(20);
            assertThat(packet.wireLength()).isEqualTo(30);
            assertThat(contentOf(packet)).isEqualTo(data(20));
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.timestampNanos()).isEqualTo(7_000_000_000L + nanosPerUnit);
            assertThat(contentOf(packet)).isEqualTo(data(3));
            assertThat(reader.next(packet)).isFalse();
            assertThat(reader.next(packet)).isFalse();
        }
    }

    @Test
    void packetsLargerThanTheInitialBufferAreRead() throws IOException {
        Bytes file = new Bytes(PcapReader.MAXIMUM_SNAP_LENGTH);
        for (int length : new int[] {10, PcapReader.MAXIMUM_SNAP_LENGTH, 100, InputWindow.INITIAL_CAPACITY, 1}) {
            file.record(1, 2, data(length));
        }
        try (PcapReader reader = open(file.bytes())) {
            for (int length : new int[] {10, PcapReader.MAXIMUM_SNAP_LENGTH, 100, InputWindow.INITIAL_CAPACITY, 1}) {
                assertThat(reader.next(packet)).isTrue();
                assertThat(contentOf(packet)).isEqualTo(data(length));
            }
            assertThat(reader.next(packet)).isFalse();
        }
    }

    @Test
    void recordWithWireLengthBelowCapturedLengthReadsTheCapturedLength() throws IOException {
        try (PcapReader reader = open(new Bytes(100).record(1, 0, 10, 4, data(10)).bytes())) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.length()).isEqualTo(10);
            assertThat(packet.wireLength()).isEqualTo(10);
        }
    }

    @Test
    void recordBeyondTheSnapLengthIsAccepted() throws IOException {
        try (PcapReader reader = open(new Bytes(64).record(1, 0, data(100)).bytes())) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.length()).isEqualTo(100);
        }
    }

    @ParameterizedTest(name = "declared {0} reads as {1}")
    @CsvSource({"0, 262144", "262144, 262144", "262145, 262144", "-1, 262144", "1, 1", "262143, 262143"})
    void snapLengthIsCappedLikeLibpcap(int declared, int expected) throws IOException {
        try (PcapReader reader = open(new Bytes(declared).bytes())) {
            assertThat(reader.snapLength()).isEqualTo(expected);
        }
    }

    @Test
    void fcsBitsOfTheLinkTypeAreIgnored() throws IOException {
        try (PcapReader reader = open(new Bytes(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 2, 100, 0x1000_0000).bytes())) {
            assertThat(reader.linkType()).isEqualTo(LinkType.NULL);
        }
    }

    @Test
    void maximumWireLengthIsAccepted() throws IOException {
        try (PcapReader reader = open(new Bytes(100).record(1, 0, 1, Integer.MAX_VALUE, data(1)).bytes())) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.wireLength()).isEqualTo(Integer.MAX_VALUE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty | | test.pcap: not a pcap or pcapng file at byte 0: it holds only 0 bytes",
        "three bytes | d4c3b2 | test.pcap: not a pcap or pcapng file at byte 0: it holds only 3 bytes",
        "header cut | d4c3b2a10200040000000000000000000000010001 | test.pcap: truncated pcap file header at byte 0: 24 bytes needed, 21 remain",
        "unknown magic | a1b2c3d50200040000000000000000000000010001000000 | test.pcap: not a pcap or pcapng file at byte 0: it starts with 0xa1b2c3d5",
    })
    void rejectsShortFilesAndUnknownMagic(String name, String hex, String message) {
        byte[] bytes = hex == null ? new byte[0] : java.util.HexFormat.of().parseHex(hex);
        assertThatThrownBy(() -> open(bytes)).isInstanceOf(PcapFormatException.class).hasMessage(message);
    }

    @Test
    void namesAMissingFileAndADirectory(@TempDir Path directory) {
        Path missing = directory.resolve("no-such.pcap");
        assertThatThrownBy(() -> PcapReader.open(missing))
            .isInstanceOf(NoSuchFileException.class)
            .hasMessage(missing + ": no such capture file");
        assertThatThrownBy(() -> PcapReader.open(directory))
            .isInstanceOf(FileSystemException.class)
            .hasMessage(directory + ": a directory, not a capture file");
    }

    @Test
    void rejectsOtherVersions() {
        assertThatThrownBy(() -> open(new Bytes(ByteOrder.BIG_ENDIAN, 0xA1B2C3D4, 1, 100, 1).bytes()))
            .hasMessage("test.pcap: unsupported pcap version at byte 0: version 1.4, only 2.x is read");
        assertThatThrownBy(() -> open(new Bytes(ByteOrder.BIG_ENDIAN, 0xA1B2C3D4, 3, 100, 1).bytes()))
            .isInstanceOf(PcapFormatException.class);
    }

    /** libpcap reads every link type, mapping LINKTYPE_ to DLT_ values; so does zbuf (802.11, USER0, RAW's DLT). */
    @ParameterizedTest(name = "LINKTYPE {0}")
    @CsvSource({"105, 105, IEEE802_11", "147, 147, 147", "101, 12, RAW", "12, 12, RAW", "246, 121, PFSYNC"})
    void readsEveryLinkType(int pcapLinkType, int dlt, String name) throws IOException {
        try (PcapReader reader = open(new Bytes(ByteOrder.LITTLE_ENDIAN, 0xA1B2C3D4, 2, 100, pcapLinkType).bytes())) {
            assertThat(reader.linkType().dlt()).isEqualTo(dlt);
            assertThat(reader.linkType().name()).isEqualTo(name);
        }
    }

    @Test
    void truncatedRecordNamesOffsetAndLengths() throws IOException {
        byte[] whole = new Bytes(200).record(1, 0, data(10)).record(2, 0, data(98)).bytes();
        byte[] cut = Arrays.copyOf(whole, whole.length - 58);
        try (PcapReader reader = open(cut)) {
            assertThat(reader.next(packet)).isTrue();
            assertThatThrownBy(() -> reader.next(packet))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage("test.pcap: truncated packet record at byte 50: header says 98 bytes, 40 remain")
                .extracting(e -> ((PcapFormatException) e).offset()).isEqualTo(50L);
        }
    }

    @Test
    void truncatedRecordHeaderIsAnError() throws IOException {
        byte[] whole = new Bytes(200).record(1, 0, data(10)).bytes();
        try (PcapReader reader = open(Arrays.copyOf(whole, 24 + 15))) {
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: truncated packet header at byte 24: 16 bytes needed, 15 remain");
        }
        try (PcapReader reader = open(Arrays.copyOf(whole, 24 + 1))) {
            assertThatThrownBy(() -> reader.next(packet)).isInstanceOf(PcapFormatException.class);
        }
    }

    @Test
    void oversizedCapturedLengthIsRejectedBeforeReading() throws IOException {
        try (PcapReader reader = open(new Bytes(200).record(1, 0, PcapReader.MAXIMUM_SNAP_LENGTH + 1, 10, new byte[0]).bytes())) {
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: oversized packet at byte 24: captured length 262145 exceeds the limit of 262144 bytes");
        }
        try (PcapReader reader = open(new Bytes(200).record(1, 0, -1, 10, new byte[0]).bytes())) {
            assertThatThrownBy(() -> reader.next(packet)).isInstanceOf(PcapFormatException.class);
        }
    }

    /** Found by PcapReaderFuzzTest with pcapng: a length the header claims must not size the window before the bytes come. */
    @Test
    void aCapturedLengthBeyondTheFileTakesNoMoreMemoryThanTheFile() throws IOException {
        byte[] bytes = new Bytes(200).record(1, 0, PcapReader.MAXIMUM_SNAP_LENGTH, 10, data(4)).bytes();
        long before = DirectMemory.used();
        try (PcapReader reader = open(bytes)) {
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: truncated packet record at byte 24: header says 262144 bytes, 4 remain");
            assertThat(DirectMemory.used() - before).as("the first window; a GC may free earlier buffers meanwhile")
                .isLessThanOrEqualTo(InputWindow.INITIAL_CAPACITY);
        }
    }

    /** A large record arriving through a pipe in small reads grows the window as its bytes come, and reads whole. */
    @Test
    void aLargeRecordInSmallReadsIsReadWhole() throws IOException {
        byte[] payload = data(PcapReader.MAXIMUM_SNAP_LENGTH);
        byte[] bytes = new Bytes(PcapReader.MAXIMUM_SNAP_LENGTH).record(1, 0, payload).record(2, 0, data(3)).bytes();
        try (PcapReader reader = PcapReader.open(new TrickleChannel(bytes, 7), "pipe")) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(contentOf(packet)).isEqualTo(payload);
            assertThat(reader.next(packet)).isTrue();
            assertThat(contentOf(packet)).isEqualTo(data(3));
            assertThat(reader.next(packet)).isFalse();
        }
    }

    @Test
    void impossibleWireLengthIsRejected() throws IOException {
        try (PcapReader reader = open(new Bytes(200).record(1, 0, 1, Integer.MIN_VALUE, data(1)).bytes())) {
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: impossible packet at byte 24: wire length 2147483648 is not a packet length");
        }
    }

    @ParameterizedTest(name = "magic {0} fraction {1}")
    @CsvSource({"A1B2C3D4, 1000000, 1000000", "A1B23C4D, 1000000000, 1000000000"})
    void timestampFractionMustBeBelowOneSecond(String magic, long fraction, long unitsPerSecond) throws IOException {
        byte[] bytes = new Bytes(ByteOrder.LITTLE_ENDIAN, Integer.parseUnsignedInt(magic, 16), 2, 100, 1)
            .record(1, fraction - 1, 1, 1, data(1)).record(1, fraction, 1, 1, data(1)).bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.next(packet)).isTrue();
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: bad packet header at byte 41: timestamp fraction " + fraction + " is not below " + unitsPerSecond);
        }
    }

    @Test
    void packetViewIsReadOnly() throws IOException {
        try (PcapReader reader = open(new Bytes(100).record(1, 0, data(5)).bytes())) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.fragment(0).isReadOnly()).isTrue();
        }
    }
}

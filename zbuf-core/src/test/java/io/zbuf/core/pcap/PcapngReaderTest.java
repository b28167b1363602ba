package io.zbuf.core.pcap;

import org.junit.jupiter.api.Tag;
import static io.zbuf.core.pcap.ClassicPcapReaderTest.contentOf;
import static io.zbuf.core.pcap.ClassicPcapReaderTest.data;
import static io.zbuf.core.pcap.ClassicPcapReaderTest.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.LinkType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PcapngReaderTest {
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @TempDir
    Path temp;

    private final Packet packet = new Packet(1);

    static Stream<ByteOrder> orders() {
        return Stream.of(BE, LE);
    }

    /** Two interfaces (default and millisecond resolution), an unknown block, enhanced and simple packets. */
    static byte[] sample(ByteOrder order) {
        return new PcapngBuilder().section(order)
            .interfaceDescription(1, 0)
            .block(0x0BAD, data(5))
            .interfaceDescription(1, 96, 3)
            .enhancedPacket(0, 1_700_000_000_123_456L, data(60), 60)
            .enhancedPacket(1, 1_700_000_000_123L, data(50), 1514)
            .simplePacket(data(61), 61)
            .enhancedPacket(0, 1_700_000_001_000_000L, data(1), 1)
            .bytes();
    }

    static PcapReader openFile(byte[] bytes) throws IOException {
        return open(bytes);
    }

    @ParameterizedTest
    @MethodSource("orders")
    void readsEveryPacketBlock(ByteOrder order) throws IOException {
        try (PcapReader reader = open(sample(order))) {
            assertThat(reader.linkType()).isEqualTo(LinkType.EN10MB);
            assertThat(reader.snapLength()).isEqualTo(PcapReader.MAXIMUM_SNAP_LENGTH);
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.timestampNanos()).isEqualTo(1_700_000_000_123_456_000L);
            assertThat(contentOf(packet)).isEqualTo(data(60));
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.timestampNanos()).isEqualTo(1_700_000_000_123_000_000L);
            assertThat(packet.length()).isEqualTo(50);
            assertThat(packet.wireLength()).isEqualTo(1514);
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.timestamped()).isFalse();
            assertThat(contentOf(packet)).isEqualTo(data(61));
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.timestampNanos()).isEqualTo(1_700_000_001_000_000_000L);
            assertThat(reader.next(packet)).isFalse();
        }
    }

    @Tag("external-tool")
    @ParameterizedTest
    @MethodSource("orders")
    void tsharkAgreesWithTheBuilderAndTheReader(ByteOrder order) throws IOException {
        Path file = new PcapngBuilder().writeTo(temp.resolve("sample.pcapng"));
        file = java.nio.file.Files.write(file, sample(order));
        List<long[]> expected = Arrays.asList(
            new long[] {1_700_000_000_123_456_000L, 60, 60},
            new long[] {1_700_000_000_123_000_000L, 50, 1514});
        List<String[]> all = ExternalTool.tsharkFields(file, "frame.time_epoch", "frame.cap_len", "frame.len", "eth.type");
        assertThat(all).as("tshark lists the unknown block as a record of its own, then the four packets").hasSize(5);
        List<String[]> rows = all.subList(1, 5);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(new java.math.BigDecimal(rows.get(i)[0]).movePointRight(9).longValueExact()).isEqualTo(expected.get(i)[0]);
            assertThat(Long.parseLong(rows.get(i)[1])).isEqualTo(expected.get(i)[1]);
            assertThat(Long.parseLong(rows.get(i)[2])).isEqualTo(expected.get(i)[2]);
        }
        assertThat(Long.parseLong(rows.get(2)[1])).isEqualTo(61);
        try (PcapReader reader = PcapReader.open(file)) {
            int count = 0;
            while (reader.next(packet)) {
                assertThat(packet.length()).isEqualTo(Long.parseLong(rows.get(count)[1]));
                count++;
            }
            assertThat(count).isEqualTo(4);
        }
    }

    static Stream<Arguments> resolutions() {
        return Stream.of(
            Arguments.of(0, 5L, 5_000_000_000L),
            Arguments.of(6, 5L, 5_000L),
            Arguments.of(9, 5L, 5L),
            Arguments.of(10, 55L, 5L),
            Arguments.of(18, 3_000_000_000L, 3L),
            Arguments.of(0x80, 7L, 7_000_000_000L),
            Arguments.of(0x81, 3L, 1_500_000_000L),
            Arguments.of(0x80 | 30, (5L << 30) | (1L << 29), 5_500_000_000L),
            Arguments.of(0x80 | 32, (5L << 32) | (1L << 30), 5_250_000_000L),
            Arguments.of(0x80 | 63, 1L << 62, 500_000_000L));
    }

    @ParameterizedTest(name = "if_tsresol 0x{0}: {1} units = {2} ns")
    @MethodSource("resolutions")
    void honoursTheInterfaceResolution(int tsresol, long units, long nanos) throws IOException {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(101, 1500, tsresol)
            .enhancedPacket(0, units, data(4), 4).bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.timestampNanos()).isEqualTo(nanos);
        }
    }

    @Test
    void simplePacketIsCutToTheSnapLengthOfInterfaceZero() throws IOException {
        byte[] bytes = new PcapngBuilder().section(BE).interfaceDescription(1, 40).interfaceDescription(1, 0)
            .simplePacket(data(40), 100)
            .simplePacket(data(20), 30)
            .simplePacket(data(24), 22)
            .bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.snapLength()).isEqualTo(40);
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.length()).isEqualTo(40);
            assertThat(packet.wireLength()).isEqualTo(100);
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.length()).isEqualTo(20);
            assertThat(packet.wireLength()).isEqualTo(30);
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.length()).isEqualTo(22);
            assertThat(contentOf(packet)).isEqualTo(Arrays.copyOf(data(24), 22));
        }
    }

    @Test
    void simplePacketWithoutSnapLengthKeepsWhatTheBlockHolds() throws IOException {
        byte[] bytes = new PcapngBuilder().section(BE).interfaceDescription(1, 0).simplePacket(data(40), 100).bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.length()).isEqualTo(40);
        }
    }

    @Test
    void newSectionMayChangeByteOrderAndResetsInterfaces() throws IOException {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 100).enhancedPacket(0, 1, data(3), 3)
            .section(BE).interfaceDescription(1, 100, 9).enhancedPacket(0, 2, data(4), 4)
            .section(LE).enhancedPacket(0, 3, data(5), 5).bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.timestampNanos()).isEqualTo(1_000L);
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.timestampNanos()).isEqualTo(2L);
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessageEndingWith("bad enhanced packet block at byte 208: it names interface 0 but the section describes 0 interfaces before it");
        }
    }

    @Test
    void leadingUnknownBlocksAreSkippedWhileLookingForTheInterface() throws IOException {
        byte[] bytes = new PcapngBuilder().section(BE).block(0x40000BAD, data(100)).interfaceDescription(0, 10)
            .enhancedPacket(0, 1, data(4), 4).bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.linkType()).isEqualTo(LinkType.NULL);
            assertThat(reader.snapLength()).isEqualTo(10);
            assertThat(reader.next(packet)).isTrue();
        }
    }

    @Test
    void largeBlocksAreRead() throws IOException {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 0)
            .block(99, new byte[200_000]).enhancedPacket(0, 1, data(PcapReader.MAXIMUM_SNAP_LENGTH), 70_000).bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(contentOf(packet)).isEqualTo(data(PcapReader.MAXIMUM_SNAP_LENGTH));
            assertThat(packet.wireLength()).isEqualTo(PcapReader.MAXIMUM_SNAP_LENGTH);
        }
    }

    @Test
    void fileWithoutInterfaceIsRejected() {
        byte[] bytes = new PcapngBuilder().section(LE).block(0x0BAD, data(4)).bytes();
        assertThatThrownBy(() -> open(bytes)).isInstanceOf(PcapFormatException.class)
            .hasMessage("test.pcap: no interface description block at byte 44: the file ends before describing an interface");
    }

    @Test
    void packetBeforeAnyInterfaceIsRejected() {
        byte[] enhanced = new PcapngBuilder().section(LE).enhancedPacket(0, 1, data(4), 4).interfaceDescription(1, 0).bytes();
        assertThatThrownBy(() -> open(enhanced))
            .hasMessage("test.pcap: bad enhanced packet block at byte 28: it names interface 0 but the section describes 0 interfaces before it");
        byte[] simple = new PcapngBuilder().section(LE).simplePacket(data(4), 4).interfaceDescription(1, 0).bytes();
        assertThatThrownBy(() -> open(simple))
            .hasMessage("test.pcap: bad simple packet block at byte 28: it names interface 0 but the section describes 0 interfaces before it");
    }

    @Test
    void interfaceIdOutOfRangeIsRejected() throws IOException {
        byte[] bytes = new PcapngBuilder().section(BE).interfaceDescription(1, 0).interfaceDescription(1, 0)
            .enhancedPacket(1, 1, data(4), 4).enhancedPacket(2, 1, data(4), 4).enhancedPacket(-1, 1, data(4), 4).bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.next(packet)).isTrue();
            assertThatThrownBy(() -> reader.next(packet)).hasMessageContaining("it names interface 2 but the section describes 2 interfaces");
        }
    }

    @Test
    void mixedLinkTypesAreRejected() {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 0).interfaceDescription(101, 0)
            .enhancedPacket(0, 1, data(4), 4).bytes();
        assertThatThrownBy(() -> {
            try (PcapReader reader = open(bytes)) {
                reader.next(packet);
            }
        }).hasMessage("test.pcap: mixed link types at byte 48: interface 1 has link type 101 but the file started with 1: "
            + "zbuf reads one link type per file");
    }

    @Test
    void everyLinkTypeIsRead() throws IOException {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(127, 0).interfaceDescription(127, 0).bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.linkType()).isEqualTo(LinkType.IEEE802_11_RADIO);
        }
    }

    @Test
    void obsoletePacketBlockIsRejected() throws IOException {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 0).block(2, data(20)).bytes();
        try (PcapReader reader = open(bytes)) {
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: unsupported block at byte 48: the obsolete packet block (type 2) is not read");
        }
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 8, 11, 13, 30, PcapngFormat.MAXIMUM_BLOCK_LENGTH + 4, -4})
    void badBlockLengthsAreRejected(int length) throws IOException {
        byte[] good = new PcapngBuilder().section(LE).interfaceDescription(1, 0).block(99, new byte[32]).bytes();
        ByteBuffer.wrap(good).order(LE).putInt(48 + 4, length);
        try (PcapReader reader = open(good)) {
            assertThatThrownBy(() -> reader.next(packet)).isInstanceOf(PcapFormatException.class)
                .hasMessageStartingWith("test.pcap: bad block length at byte 48: ");
        }
    }

    @Test
    void smallestAndLargestBlockLengthsAreAccepted() throws IOException {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 0).block(99, new byte[0])
            .block(99, new byte[PcapngFormat.MAXIMUM_BLOCK_LENGTH - 12]).enhancedPacket(0, 1, data(4), 4).bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.next(packet)).isTrue();
        }
    }

    /** Found by PcapReaderFuzzTest: a section header claiming 15 MB made a 136-byte file take 15 MB of direct memory. */
    @Test
    void aBlockLengthOfMegabytesTakesNoMoreMemoryThanTheBytesThatFollow() throws IOException {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 0).block(99, new byte[32]).bytes();
        ByteBuffer.wrap(bytes).order(LE).putInt(48 + 4, PcapngFormat.MAXIMUM_BLOCK_LENGTH);
        long before = DirectMemory.used();
        try (PcapReader reader = open(bytes)) {
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: truncated block at byte 48: header says 16777216 bytes, 44 remain");
            assertThat(DirectMemory.used() - before).as("the first window; a GC may free earlier buffers meanwhile")
                .isLessThanOrEqualTo(InputWindow.INITIAL_CAPACITY);
        }
    }

    @Test
    void trailingLengthMustMatch() throws IOException {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 0).enhancedPacket(0, 1, data(4), 4).bytes();
        ByteBuffer.wrap(bytes).order(LE).putInt(bytes.length - 4, 40);
        try (PcapReader reader = open(bytes)) {
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: bad block length at byte 48: trailing length 40 differs from leading length 36");
        }
    }

    @Test
    void truncatedBlockNamesWhatRemains() throws IOException {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 0).enhancedPacket(0, 1, data(4), 4).bytes();
        try (PcapReader reader = open(Arrays.copyOf(bytes, bytes.length - 6))) {
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: truncated block at byte 48: header says 36 bytes, 30 remain");
        }
        try (PcapReader reader = open(Arrays.copyOf(bytes, 48 + 7))) {
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: truncated block header at byte 48: 8 bytes needed, 7 remain");
        }
    }

    @Test
    void sectionHeaderNeedsItsByteOrderMagicAndVersionOne() {
        byte[] badMagic = new PcapngBuilder().section(LE).interfaceDescription(1, 0).bytes();
        ByteBuffer.wrap(badMagic).order(LE).putInt(8, 0x1A2B3C4E);
        assertThatThrownBy(() -> open(badMagic))
            .hasMessage("test.pcap: bad section header block at byte 0: byte-order magic 0x1a2b3c4e is not 0x1a2b3c4d");
        byte[] version = new PcapngBuilder().section(BE).interfaceDescription(1, 0).bytes();
        ByteBuffer.wrap(version).putShort(12, (short) 2);
        assertThatThrownBy(() -> open(version))
            .hasMessage("test.pcap: unsupported pcapng version at byte 0: version 2.0, only 1.x is read");
        byte[] cut = Arrays.copyOf(new PcapngBuilder().section(BE).bytes(), 11);
        assertThatThrownBy(() -> open(cut))
            .hasMessage("test.pcap: truncated section header block at byte 0: 12 bytes needed, 11 remain");
    }

    @Test
    void blocksBelowTheirMinimumLengthAreRejected() throws IOException {
        assertThatThrownBy(() -> open(new PcapngBuilder().section(LE).block(0x0A0D0D0A, new byte[] {0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0, 0, 0, 0, 0}).bytes()))
            .hasMessage("test.pcap: bad section header block at byte 28: length 24 is below its minimum of 28");
        assertThatThrownBy(() -> open(new PcapngBuilder().section(LE).block(1, new byte[4]).bytes()))
            .hasMessage("test.pcap: bad interface description block at byte 28: length 16 is below its minimum of 20");
        for (int[] block : new int[][] {{6, 16, 32}, {3, 0, 16}}) {
            byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 0).block(block[0], new byte[block[1]]).bytes();
            try (PcapReader reader = open(bytes)) {
                assertThatThrownBy(() -> reader.next(packet))
                    .hasMessageEndingWith("block at byte 48: length " + (block[1] + 12) + " is below its minimum of " + block[2]);
            }
        }
        byte[] minimal = new PcapngBuilder().section(LE).interfaceDescription(1, 0).block(6, new byte[20]).block(3, new byte[4]).bytes();
        try (PcapReader reader = open(minimal)) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.length()).isZero();
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.length()).isZero();
        }
    }

    @Test
    void capturedLengthMustFitTheBlock() throws IOException {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 0).enhancedPacket(0, 1, data(8), 8)
            .enhancedPacket(0, 1, data(8), 8).bytes();
        ByteBuffer.wrap(bytes).order(LE).putInt(48 + 20, 9);
        ByteBuffer.wrap(bytes).order(LE).putInt(88 + 20, 8);
        try (PcapReader reader = open(bytes)) {
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: bad enhanced packet block at byte 48: captured length 9 exceeds the 8 bytes of data the block has room for");
        }
    }

    @Test
    void timestampsOutOfRangeAreRejected() throws IOException {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 0, 0)
            .enhancedPacket(0, Long.MAX_VALUE / 1_000_000_000L, data(4), 4)
            .enhancedPacket(0, Long.MAX_VALUE / 1_000_000_000L + 1, data(4), 4)
            .bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.next(packet)).isTrue();
            assertThatThrownBy(() -> reader.next(packet))
                .hasMessage("test.pcap: bad enhanced packet block at byte 96: timestamp 9223372037 is out of range");
        }
        byte[] unsigned = new PcapngBuilder().section(LE).interfaceDescription(1, 0, 9).enhancedPacket(0, -1L, data(4), 4).bytes();
        try (PcapReader reader = open(unsigned)) {
            assertThatThrownBy(() -> reader.next(packet)).hasMessageEndingWith("timestamp 18446744073709551615 is out of range");
        }
    }

    @ParameterizedTest(name = "if_tsresol 0x{0}")
    @ValueSource(ints = {19, 0x7F, 0x80 | 64, 0xFF})
    void unusableResolutionsAreRejected(int tsresol) {
        byte[] bytes = new PcapngBuilder().section(LE).interfaceDescription(1, 0, tsresol).bytes();
        assertThatThrownBy(() -> open(bytes)).isInstanceOf(PcapFormatException.class)
            .hasMessage(String.format("test.pcap: bad interface description block at byte 28: if_tsresol of 1 bytes, value 0x%02x, "
                + "is not a resolution zbuf can count in", tsresol));
    }

    @Test
    void optionsAreWalkedAndCheckedAgainstTheBlock() throws IOException {
        ByteBuffer options = ByteBuffer.allocate(32).order(LE)
            .putShort((short) 2).putShort((short) 5).put("eth0!".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(new byte[3])
            .putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3])
            .putShort((short) 0).putShort((short) 0)
            .putShort((short) 9).putShort((short) 1).put((byte) 3).put(new byte[3]);
        byte[] idb = ByteBuffer.allocate(8 + 32).order(LE).putShort((short) 1).putShort((short) 0).putInt(0).put(options.array()).array();
        byte[] bytes = new PcapngBuilder().section(LE).block(1, idb).enhancedPacket(0, 7, data(4), 4).bytes();
        try (PcapReader reader = open(bytes)) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.timestampNanos()).as("options after the end-of-options marker are ignored").isEqualTo(7);
        }
        byte[] wideOption = ByteBuffer.allocate(16).order(LE).putShort((short) 1).putShort((short) 0).putInt(0)
            .putShort((short) 9).putShort((short) 2).put((byte) 9).put((byte) 0).array();
        assertThatThrownBy(() -> open(new PcapngBuilder().section(LE).block(1, wideOption).bytes()))
            .hasMessageContaining("if_tsresol of 2 bytes, value 0x09");
        byte[] overrun = ByteBuffer.allocate(16).order(LE).putShort((short) 1).putShort((short) 0).putInt(0)
            .putShort((short) 2).putShort((short) 5).putInt(0).array();
        assertThatThrownBy(() -> open(new PcapngBuilder().section(LE).block(1, overrun).bytes()))
            .hasMessage("test.pcap: bad interface description block at byte 28: option 2 of 5 bytes runs past the end of the block");
        byte[] emptyResolution = ByteBuffer.allocate(12).order(LE).putShort((short) 1).putShort((short) 0).putInt(0)
            .putShort((short) 9).putShort((short) 0).array();
        assertThatThrownBy(() -> open(new PcapngBuilder().section(LE).block(1, emptyResolution).bytes()))
            .as("an option header that ends the block is read").hasMessageContaining("if_tsresol of 0 bytes");
        byte[] alignedThenResolution = ByteBuffer.allocate(24).order(LE).putShort((short) 1).putShort((short) 0).putInt(0)
            .putShort((short) 2).putShort((short) 4).putInt(0x30687465)
            .putShort((short) 9).putShort((short) 1).put((byte) 9).array();
        try (PcapReader reader = open(new PcapngBuilder().section(LE).block(1, alignedThenResolution).enhancedPacket(0, 8, data(1), 1).bytes())) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.timestampNanos()).as("a 4-byte option takes no padding").isEqualTo(8);
        }
        byte[] exact = ByteBuffer.allocate(16).order(LE).putShort((short) 1).putShort((short) 0).putInt(0)
            .putShort((short) 2).putShort((short) 4).putInt(0).array();
        try (PcapReader reader = open(new PcapngBuilder().section(LE).block(1, exact).bytes())) {
            assertThat(reader.linkType()).isEqualTo(LinkType.EN10MB);
        }
    }
}

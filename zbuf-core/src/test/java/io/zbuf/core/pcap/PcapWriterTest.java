package io.zbuf.core.pcap;

import static io.zbuf.core.pcap.ClassicPcapReaderTest.contentOf;
import static io.zbuf.core.pcap.ClassicPcapReaderTest.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.LinkType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PcapWriterTest {
    @TempDir
    Path temp;

    private Path file() {
        return temp.resolve("out.pcap");
    }

    @Test
    void writesALittleEndianFileHeader() throws IOException {
        try (PcapWriter writer = PcapWriter.create(file(), LinkType.RAW, 1500, PcapWriter.Precision.NANO)) {
            assertThat(writer).isNotNull();
        }
        assertThat(HexFormat.of().formatHex(Files.readAllBytes(file())))
            .isEqualTo("4d3cb2a1" + "0200" + "0400" + "00000000" + "00000000" + "dc050000" + "65000000");
        try (PcapWriter writer = PcapWriter.create(file(), LinkType.EN10MB, 65535, PcapWriter.Precision.MICRO)) {
            assertThat(writer).isNotNull();
        }
        assertThat(HexFormat.of().formatHex(Files.readAllBytes(file()), 0, 4)).isEqualTo("d4c3b2a1");
    }

    @ParameterizedTest(name = "{0} ns as {1}")
    @CsvSource({
        "1254722767492060123, MICRO, 1254722767, 492060",
        "1254722767492060123, NANO, 1254722767, 492060123",
        "0, MICRO, 0, 0",
        "999, MICRO, 0, 0",
        "1000, MICRO, 0, 1",
        "4294967295999999999, NANO, 4294967295, 999999999"})
    void splitsTimestamps(long epochNanos, PcapWriter.Precision precision, long seconds, long fraction) throws IOException {
        try (PcapWriter writer = PcapWriter.create(file(), LinkType.EN10MB, 100, precision)) {
            writer.write(epochNanos, ByteBuffer.wrap(data(10)), 20);
        }
        ByteBuffer record = ByteBuffer.wrap(Files.readAllBytes(file())).order(ByteOrder.LITTLE_ENDIAN).position(24);
        assertThat(Integer.toUnsignedLong(record.getInt())).isEqualTo(seconds);
        assertThat(Integer.toUnsignedLong(record.getInt())).isEqualTo(fraction);
        assertThat(record.getInt()).isEqualTo(10);
        assertThat(record.getInt()).isEqualTo(20);
        assertThat(record.remaining()).isEqualTo(10);
    }

    @Test
    void writesFromPositionToLimitWithoutMovingThem() throws IOException {
        ByteBuffer data = ByteBuffer.allocateDirect(100).put(data(100)).position(10).limit(30);
        try (PcapWriter writer = PcapWriter.create(file(), LinkType.EN10MB, 100, PcapWriter.Precision.NANO)) {
            writer.write(5, data, 20);
        }
        assertThat(data.position()).isEqualTo(10);
        assertThat(data.limit()).isEqualTo(30);
        Packet packet = new Packet(1);
        try (PcapReader reader = PcapReader.open(file())) {
            assertThat(reader.next(packet)).isTrue();
            assertThat(contentOf(packet)).isEqualTo(java.util.Arrays.copyOfRange(data(100), 10, 30));
            assertThat(packet.timestampNanos()).isEqualTo(5);
        }
    }

    @Test
    void manyLargePacketsSpanSeveralBufferFlushes() throws IOException {
        try (PcapWriter writer = PcapWriter.create(file(), LinkType.EN10MB, PcapReader.MAXIMUM_SNAP_LENGTH, PcapWriter.Precision.MICRO)) {
            for (int i = 0; i < 20; i++) {
                byte[] data = data(1 + i * 13_000);
                writer.write(i * 1_000_000_000L, ByteBuffer.wrap(data), data.length);
            }
            writer.write(0, ByteBuffer.wrap(data(PcapReader.MAXIMUM_SNAP_LENGTH)), PcapReader.MAXIMUM_SNAP_LENGTH);
        }
        Packet packet = new Packet(1);
        try (PcapReader reader = PcapReader.open(file())) {
            for (int i = 0; i < 20; i++) {
                assertThat(reader.next(packet)).isTrue();
                assertThat(contentOf(packet)).isEqualTo(data(1 + i * 13_000));
                assertThat(packet.timestampNanos()).isEqualTo(i * 1_000_000_000L);
            }
            assertThat(reader.next(packet)).isTrue();
            assertThat(packet.length()).isEqualTo(PcapReader.MAXIMUM_SNAP_LENGTH);
            assertThat(reader.next(packet)).isFalse();
        }
    }

    @Test
    void bufferIsWrittenOnlyWhenTheNextRecordDoesNotFit() throws IOException {
        int snapLength = 1000;
        int capacity = 64 * 1024 + 16 + snapLength;
        int records = (capacity - 24) / (16 + snapLength);
        int exactFit = capacity - 24 - records * (16 + snapLength) - 16;
        try (PcapWriter writer = PcapWriter.create(file(), LinkType.EN10MB, snapLength, PcapWriter.Precision.MICRO)) {
            for (int i = 0; i < records; i++) {
                writer.write(1, ByteBuffer.wrap(data(snapLength)), snapLength);
            }
            writer.write(1, ByteBuffer.wrap(data(exactFit)), exactFit);
            assertThat(Files.size(file())).as("the buffer is exactly full").isZero();
            writer.write(1, ByteBuffer.wrap(data(1)), 1);
            assertThat(Files.size(file())).isEqualTo(capacity);
        }
        assertThat(Files.size(file())).isEqualTo(capacity + 16 + 1);
    }

    @Test
    void flushMakesRecordsVisibleBeforeClose() throws IOException {
        try (PcapWriter writer = PcapWriter.create(file(), LinkType.EN10MB, 100, PcapWriter.Precision.MICRO)) {
            writer.write(1, ByteBuffer.wrap(data(7)), 7);
            assertThat(Files.size(file())).isZero();
            writer.flush();
            assertThat(Files.size(file())).isEqualTo(24 + 16 + 7);
            writer.flush();
            assertThat(Files.size(file())).isEqualTo(24 + 16 + 7);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, PcapReader.MAXIMUM_SNAP_LENGTH + 1})
    void rejectsSnapLengthsOutOfRange(int snapLength) {
        assertThatThrownBy(() -> PcapWriter.create(file(), LinkType.EN10MB, snapLength, PcapWriter.Precision.MICRO))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("snap length " + snapLength + " is not between 1 and 262144");
        assertThat(file()).doesNotExist();
    }

    @Test
    void aLinkTypeWithoutALinktypeValueCannotBeSaved() {
        assertThatThrownBy(() -> PcapWriter.create(file(), LinkType.of(60), 100, PcapWriter.Precision.MICRO))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("link type DLT 60 has no pcap LINKTYPE_ value, so it cannot be saved");
        assertThat(file()).doesNotExist();
    }

    /** FreeBSD's DLT values go to files as libpcap's LINKTYPE values: RAW 12 as 101, PFSYNC 121 as 246. */
    @ParameterizedTest
    @CsvSource({"12, 101", "121, 246", "113, 113", "147, 147", "0, 0", "300, 300"})
    void writesTheLinktypeValueOfTheDlt(int dlt, int pcapLinkType) throws IOException {
        PcapWriter.create(file(), LinkType.of(dlt), 100, PcapWriter.Precision.MICRO).close();

        assertThat(ByteBuffer.wrap(Files.readAllBytes(file())).order(ByteOrder.LITTLE_ENDIAN).getInt(20)).isEqualTo(pcapLinkType);
        try (PcapReader reader = PcapReader.open(file())) {
            assertThat(reader.linkType()).isEqualTo(LinkType.of(dlt));
        }
    }

    @Test
    void acceptsTheExtremeSnapLengths() throws IOException {
        for (int snapLength : new int[] {1, PcapReader.MAXIMUM_SNAP_LENGTH}) {
            try (PcapWriter writer = PcapWriter.create(file(), LinkType.EN10MB, snapLength, PcapWriter.Precision.MICRO)) {
                writer.write(0, ByteBuffer.wrap(data(snapLength)), snapLength);
            }
            try (PcapReader reader = PcapReader.open(file())) {
                assertThat(reader.snapLength()).isEqualTo(snapLength);
            }
        }
    }

    @Test
    void rejectsPacketsItCannotRecord() throws IOException {
        try (PcapWriter writer = PcapWriter.create(file(), LinkType.EN10MB, 10, PcapWriter.Precision.NANO)) {
            assertThatThrownBy(() -> writer.write(0, ByteBuffer.wrap(data(11)), 11))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("packet of 11 bytes exceeds the snap length 10");
            assertThatThrownBy(() -> writer.write(0, ByteBuffer.wrap(data(10)), 9))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("wire length 9 is below the 10 bytes captured");
            assertThatThrownBy(() -> writer.write(-1, ByteBuffer.wrap(data(1)), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("time -1 ns is outside the 32-bit seconds of pcap");
            assertThatThrownBy(() -> writer.write(4_294_967_296_000_000_000L, ByteBuffer.wrap(data(1)), 1))
                .isInstanceOf(IllegalArgumentException.class);
            writer.write(0, ByteBuffer.wrap(data(10)), 10);
        }
        assertThat(Files.size(file())).isEqualTo(24 + 16 + 10);
    }

    @Test
    void writeAfterCloseFailsAndCloseTwiceIsHarmless() throws IOException {
        PcapWriter writer = PcapWriter.create(file(), LinkType.EN10MB, 10, PcapWriter.Precision.NANO);
        writer.close();
        writer.close();
        assertThatThrownBy(() -> writer.write(0, ByteBuffer.wrap(data(1)), 1)).isInstanceOf(ClosedChannelException.class);
        assertThat(Files.size(file())).isEqualTo(24);
    }
}

package io.zbuf.core.layout;

import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code struct bpf_hdr} / {@code bpf_xhdr} against ../shared/docs/protocol.md section 4. */
class BpfRecordHeaderTest {
    @Test
    void layoutIsFreeBsdsOnAmd64() {
        assertThat(BpfRecordHeader.TIMESTAMP_SECONDS_OFFSET).isZero();
        assertThat(BpfRecordHeader.TIMESTAMP_FRACTION_OFFSET).isEqualTo(8);
        assertThat(BpfRecordHeader.CAPLEN_OFFSET).isEqualTo(16);
        assertThat(BpfRecordHeader.DATALEN_OFFSET).isEqualTo(20);
        assertThat(BpfRecordHeader.HDRLEN_OFFSET).isEqualTo(24);
        assertThat(BpfRecordHeader.SIZEOF_BPF_HDR).isEqualTo(26);
    }

    @ParameterizedTest(name = "DLT {0}: hdrlen {1}")
    @CsvSource({"1, 26", "0, 28", "12, 32", "113, 32", "276, 28", "147, 32"})
    void headerLengthPutsTheNetworkHeaderOnAnEightByteBoundary(int dlt, int hdrlen) {
        LinkType linkType = LinkType.of(dlt);
        assertThat(BpfRecordHeader.headerLength(linkType)).isEqualTo(hdrlen);
        assertThat((hdrlen + linkType.headerLength()) % BpfAlignment.ALIGNMENT).isZero();
    }

    @Test
    void writesEachFieldInNativeOrderAtItsOffset() {
        ByteBuffer buffer = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        int at = 8;

        BpfRecordHeader.write(buffer, at, 0x0102030405060708L, 0x1112131415161718L, 0xFFFF_FFF0, 0x7FFF_FFFF, 0xFFFE);

        assertThat(buffer.getLong(at)).isEqualTo(0x0102030405060708L);
        assertThat(buffer.getLong(at + 8)).isEqualTo(0x1112131415161718L);
        assertThat(buffer.getInt(at + 16)).isEqualTo(0xFFFF_FFF0);
        assertThat(buffer.getInt(at + 20)).isEqualTo(0x7FFF_FFFF);
        assertThat(buffer.getShort(at + 24)).isEqualTo((short) 0xFFFE);
        assertThat(buffer.getShort(at + 26)).as("byte 26 on is the caller's").isZero();
        assertThat(BpfRecordHeader.seconds(buffer, at)).isEqualTo(0x0102030405060708L);
        assertThat(BpfRecordHeader.fraction(buffer, at)).isEqualTo(0x1112131415161718L);
        assertThat(BpfRecordHeader.caplen(buffer, at)).as("unsigned").isEqualTo(0xFFFF_FFF0L);
        assertThat(BpfRecordHeader.datalen(buffer, at)).isEqualTo(0x7FFF_FFFFL);
        assertThat(BpfRecordHeader.hdrlen(buffer, at)).as("unsigned").isEqualTo(0xFFFE);
    }

    @Test
    void refusesABufferInForeignOrder() {
        ByteOrder foreign = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer buffer = ByteBuffer.allocate(64).order(foreign);
        assertThatThrownBy(() -> BpfRecordHeader.caplen(buffer, 0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("native byte order");
        assertThat(BpfRecordHeader.caplen(ZbufBuffers.view(buffer, 64), 0)).isZero();
    }
}

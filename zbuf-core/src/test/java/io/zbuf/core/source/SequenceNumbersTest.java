package io.zbuf.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.pcap.PcapReader;
import io.zbuf.core.pcap.TestCaptures;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequenceNumbersTest {

    /** A synthetic frame of {@code size} bytes with sequence number {@code sequence}, in a fresh buffer. */
    static ByteBuffer frame(int size, int sequence) {
        SyntheticSource source = SyntheticSource.builder().frameSize(size).build();
        Packet packet = new Packet(1);
        for (int i = 0; i <= sequence; i++) {
            source.next(packet);
        }
        return SyntheticSourceTest.joined(packet);
    }

    @Test
    void readsTheNumberOfSyntheticFrames() {
        ByteBuffer frame = frame(64, 5);
        assertThat(SequenceNumbers.read(frame)).isEqualTo(5);
        assertThat(frame.position()).isZero();
        assertThat(frame.limit()).isEqualTo(64);
    }

    @Test
    void readsUnsignedNumbersAtAnyPosition() {
        ByteBuffer frame = frame(46, 0);
        frame.putInt(42, 0xFFFF_FFFE);
        ByteBuffer shifted = ByteBuffer.allocate(100).position(7).put(frame.duplicate()).flip().position(7);
        assertThat(SequenceNumbers.read(shifted)).isEqualTo(0xFFFF_FFFEL);
        shifted.order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(SequenceNumbers.read(shifted)).isEqualTo(0xFFFF_FFFEL);
        frame.putInt(42, 0x0102_0304);
        assertThat(SequenceNumbers.read(frame)).isEqualTo(0x0102_0304L);
    }

    @Test
    void smtpHasNoSequencedFrames() throws IOException {
        Packet packet = new Packet(1);
        int udp = 0;
        try (PcapReader reader = PcapReader.open(TestCaptures.smtp())) {
            while (reader.next(packet)) {
                ByteBuffer frame = packet.fragment(0);
                if (frame.remaining() > 24 && frame.get(frame.position() + 23) == 17) {
                    udp++;
                    continue;
                }
                assertThat(SequenceNumbers.read(frame)).isEqualTo(SequenceNumbers.NONE);
            }
        }
        assertThat(udp).as("the DNS queries are UDP").isPositive();
    }

    @ParameterizedTest(name = "byte {0} = {1}")
    @CsvSource({
        "12, 0x86", "13, 0x06", "14, 0x65", "14, 0x35", "23, 6", "21, 1", "20, 0x5f", "20, 0x9f",
        "14, 0x44", "39, 11", "14, 0x55"})
    void otherFramesHaveNoNumber(int offset, String value) {
        ByteBuffer frame = frame(64, 3);
        frame.put(offset, (byte) Integer.decode(value).intValue());
        assertThat(SequenceNumbers.read(frame)).isEqualTo(SequenceNumbers.NONE);
    }

    @ParameterizedTest(name = "byte {0} = {1}")
    @CsvSource({"20, 0x20", "20, 0x60", "20, 0x80", "39, 12", "38, 0", "15, 0xFF"})
    void firstFragmentsAndLongDatagramsKeepTheirNumber(int offset, String value) {
        ByteBuffer frame = frame(64, 3);
        frame.put(offset, (byte) Integer.decode(value).intValue());
        assertThat(SequenceNumbers.read(frame)).isEqualTo(3);
    }

    @Test
    void headerOptionsMoveTheUdpHeader() {
        ByteBuffer plain = frame(64, 9);
        ByteBuffer withOptions = ByteBuffer.allocate(68);
        withOptions.put(plain.duplicate().limit(34)).putInt(0x01010101).put(plain.duplicate().position(34)).flip();
        withOptions.put(14, (byte) 0x46);
        assertThat(SequenceNumbers.read(withOptions)).isEqualTo(9);
        assertThat(SequenceNumbers.read(withOptions.limit(24 + 38 - 1))).isEqualTo(9);
        assertThat(SequenceNumbers.read(withOptions.limit(24 + 24 - 1 + 2))).isEqualTo(SequenceNumbers.NONE);
    }

    @Test
    void truncatedFramesHaveNoNumber() {
        ByteBuffer frame = frame(64, 3);
        assertThat(SequenceNumbers.read(frame.duplicate().limit(46))).isEqualTo(3);
        assertThat(SequenceNumbers.read(frame.duplicate().limit(45))).isEqualTo(SequenceNumbers.NONE);
        assertThat(SequenceNumbers.read(ByteBuffer.allocate(0))).isEqualTo(SequenceNumbers.NONE);
        ByteBuffer options = frame(64, 3);
        options.put(14, (byte) 0x47);
        assertThat(SequenceNumbers.read(options.limit(54))).isEqualTo(options.getInt(50) & 0xFFFF_FFFFL);
        assertThat(SequenceNumbers.read(options.limit(53))).isEqualTo(SequenceNumbers.NONE);
    }
}

package io.zbuf.core.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zbuf.core.kernel.Packet;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Jazzer: any bytes read as a capture file, classic pcap or pcapng, give sane packets or a
 * {@link PcapFormatException} at an offset inside the input, nothing else: no exception of a buffer, no hang, and
 * no more memory than the input can justify. The seeds ({@code PcapReaderFuzzTestInputs/anyBytes/}) are the
 * file headers and first records of the captures in {@code shared/data/pcap} and a small pcapng file of every
 * block type; {@link PcapFuzzTest} damages the same files by seeded random bytes.
 */
class PcapReaderFuzzTest {
    /**
     * Direct memory a reader may take for each byte of input beyond its first window: a window that doubles
     * when full ends at most twice the input, and the windows before it, not yet freed, add as much again.
     */
    private static final int BYTES_PER_INPUT_BYTE = 4;

    private final Packet packet = new Packet(1);

    @FuzzTest(maxDuration = "10s")
    void anyBytes(byte[] input) throws IOException {
        long directBefore = DirectMemory.used();
        int packets = 0;
        // inputs of odd length arrive 1 to 13 bytes a read, as from a pipe; the size follows from the input
        int chunk = input.length % 2 == 0 ? Integer.MAX_VALUE : 1 + input.length % 13;
        try (PcapReader reader = PcapReader.open(new TrickleChannel(input, chunk), "fuzz")) {
            assertThat(reader.snapLength()).isBetween(1, PcapReader.MAXIMUM_SNAP_LENGTH);
            assertThat(reader.linkType()).isNotNull();
            while (reader.next(packet)) {
                packets++;
                assertThat(packet.fragmentCount()).isEqualTo(1);
                assertThat(packet.length()).isBetween(0, Math.min(PcapReader.MAXIMUM_SNAP_LENGTH, input.length));
                assertThat(packet.wireLength()).isGreaterThanOrEqualTo(packet.length());
                ByteBuffer bytes = packet.fragment(0);
                assertThat(bytes.remaining()).isEqualTo(packet.length());
                if (bytes.hasRemaining()) {
                    bytes.get(bytes.limit() - 1);
                }
                assertMemoryFor(input, directBefore);
            }
        } catch (PcapFormatException e) {
            assertThat(e.getMessage()).startsWith("fuzz: ").contains(" at byte " + e.offset() + ": ");
            assertThat(e.offset()).isBetween(0L, (long) input.length);
        }
        assertMemoryFor(input, directBefore);
        assertThat(packets).as("a record takes at least 16 bytes").isLessThanOrEqualTo(input.length / 16);
    }

    private static void assertMemoryFor(byte[] input, long directBefore) {
        assertThat(DirectMemory.used() - directBefore).as("direct memory for %d bytes of input", input.length)
            .isLessThanOrEqualTo(InputWindow.INITIAL_CAPACITY + (long) BYTES_PER_INPUT_BYTE * input.length);
    }
}

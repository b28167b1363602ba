package io.zbuf.core.kernel;

import io.zbuf.core.layout.BpfRecordHeader;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.zbuf.core.kernel.TestBuffers.GARBAGE;
import static io.zbuf.core.kernel.TestBuffers.aligned;
import static io.zbuf.core.kernel.TestBuffers.bytes;
import static io.zbuf.core.kernel.TestBuffers.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

class RecordWriterTest {
    private static final int PAGE = 4096;
    private static final long BOOT = 1_600_000_000_000_000_000L;
    /** Uptime 12.345678901 s. */
    private static final long UPTIME = 12_345_678_901L;

    private final ByteBuffer buffer = aligned(2 * PAGE, PAGE);
    private final PageSet pages = new PageSet(buffer, 2 * PAGE, PAGE);
    private final ManualKernelClock clock = new ManualKernelClock(BOOT).advance(UPTIME);
    private final RecordWriter writer = new RecordWriter(clock);

    /** The record FreeBSD writes, built field by field at the offsets of struct bpf_hdr on amd64. */
    private static byte[] expectedRecord(long word0, long word1, int caplen, int datalen, int hdrlen, byte[] data) {
        ByteBuffer record = ByteBuffer.allocate(hdrlen + caplen).order(ByteOrder.nativeOrder());
        record.putLong(0, word0).putLong(8, word1).putInt(16, caplen).putInt(20, datalen).putShort(24, (short) hdrlen);
        record.put(hdrlen, data, 0, caplen);
        return record.array();
    }

    /** protocol.md section 4: {@code hdrlen = WORDALIGN(linkhdr + 26) - linkhdr}, for link headers of 14, 4, 0, 16, 12, 20, none known. */
    @ParameterizedTest(name = "DLT {0}: hdrlen {1}")
    @CsvSource({"1, 26", "0, 28", "12, 32", "113, 32", "109, 28", "276, 28", "147, 32"})
    void framesARecordByteForByteForEachLinkType(int dlt, int hdrlen) {
        assertThat(BpfRecordHeader.headerLength(LinkType.of(dlt))).isEqualTo(hdrlen);
        byte[] data = sequence(60, 1);
        Packet packet = TestBuffers.packet(data, 17).wireLength(1500);

        writer.append(pages, 13, 16, hdrlen, 50, packet, TimestampType.of(TimestampFormat.MICROTIME));

        long wall = BOOT + UPTIME;
        assertThat(bytes(buffer, 32 + 13, 3)).as("pad after the previous record").containsOnly(0);
        assertThat(bytes(buffer, 32 + 16, hdrlen + 50))
            .isEqualTo(expectedRecord(wall / 1_000_000_000L, wall % 1_000_000_000L / 1000, 50, 1500, hdrlen, data));
        assertThat(buffer.get(32 + 12)).as("the previous record").isEqualTo(GARBAGE);
        assertThat(buffer.get(32 + 16 + hdrlen + 50)).as("after the record").isEqualTo(GARBAGE);
    }

    @Test
    void aRecordHeaderMayStraddleAPageBoundary() {
        byte[] data = sequence(40, 7);
        int start = PAGE - 32 - 16;

        writer.append(pages, start, start, 26, 40, TestBuffers.packet(data), TimestampType.of(TimestampFormat.NANOTIME));

        long wall = BOOT + UPTIME;
        assertThat(bytes(buffer, PAGE - 16, 26 + 40))
            .isEqualTo(expectedRecord(wall / 1_000_000_000L, wall % 1_000_000_000L, 40, 40, 26, data));
    }

    @Test
    void stampsBintimeAsABinaryFraction() {
        clock.uptimeNanos(UPTIME + (500_000_000L - (BOOT + UPTIME) % 1_000_000_000L));

        writer.append(pages, 0, 0, 32, 0, TestBuffers.packet(new byte[0]), TimestampType.of(TimestampFormat.BINTIME));

        assertThat(bytes(buffer, 32, 32)).isEqualTo(expectedRecord((BOOT + clock.uptimeNanos()) / 1_000_000_000L, Long.MIN_VALUE, 0, 0, 32, new byte[0]));
    }

    @Test
    void noneLeavesTheTimestampZeroWithoutReadingTheClock() {
        KernelClock silent = mock(KernelClock.class);
        Packet packet = TestBuffers.packet(sequence(4, 1));

        new RecordWriter(silent).append(pages, 0, 0, 28, 4, packet, TimestampType.of(TimestampFormat.NONE));

        assertThat(bytes(buffer, 32, 32)).isEqualTo(expectedRecord(0, 0, 4, 4, 28, sequence(4, 1)));
        verifyNoInteractions(silent);
    }

    @Test
    void monotonicStampsUptime() {
        writer.append(pages, 0, 0, 26, 0, TestBuffers.packet(new byte[0]), new TimestampType(TimestampFormat.NANOTIME, true, false));

        assertThat(bytes(buffer, 32, 16)).isEqualTo(words(12, 345_678_901L));
    }

    @ParameterizedTest(name = "monotonic {0}")
    @ValueSource(booleans = {false, true})
    void fastStampsTheLastTickAndOthersReadTheClock(boolean monotonic) {
        TickingKernelClock ticking = new TickingKernelClock(clock);
        RecordWriter ticked = new RecordWriter(ticking);
        clock.advance(2_000_000_001L);
        long bootSeconds = monotonic ? 0 : BOOT / 1_000_000_000L;

        ticked.append(pages, 0, 0, 26, 0, TestBuffers.packet(new byte[0]), new TimestampType(TimestampFormat.NANOTIME, monotonic, true));
        assertThat(bytes(buffer, 32, 16)).as("the tick taken at UPTIME").isEqualTo(words(bootSeconds + 12, 345_678_901L));

        ticked.append(pages, 0, 0, 26, 0, TestBuffers.packet(new byte[0]), new TimestampType(TimestampFormat.NANOTIME, monotonic, false));
        assertThat(bytes(buffer, 32, 16)).as("a clock read, 2.000000001 s later").isEqualTo(words(bootSeconds + 14, 345_678_902L));

        ticking.tick();
        ticked.append(pages, 0, 0, 26, 0, TestBuffers.packet(new byte[0]), new TimestampType(TimestampFormat.NANOTIME, monotonic, true));
        assertThat(bytes(buffer, 32, 16)).as("the next tick").isEqualTo(words(bootSeconds + 14, 345_678_902L));
    }

    @Test
    void aPacketsOwnTimestampWinsOverTheClock() {
        Packet packet = TestBuffers.packet(new byte[0]).timestamp(BOOT + 3_000_000_250L);

        writer.append(pages, 0, 0, 26, 0, packet, TimestampType.of(TimestampFormat.NANOTIME));
        assertThat(bytes(buffer, 32, 16)).isEqualTo(words(BOOT / 1_000_000_000L + 3, 250));

        writer.append(pages, 0, 0, 26, 0, packet, new TimestampType(TimestampFormat.MICROTIME, true, true));
        assertThat(bytes(buffer, 32, 16)).as("monotonic: since boot").isEqualTo(words(3, 0));
    }

    @Test
    void consecutiveRecordsAreStampedWithinASecondAndAcrossItsEnd() {
        TimestampType micro = TimestampType.of(TimestampFormat.MICROTIME);
        long bootSeconds = BOOT / 1_000_000_000L;
        long[][] expected = {{12, 345_678}, {12, 945_678}, {13, 545_678}, {13, 545_678}, {14, 145_678}};
        for (long[] stamp : expected) {
            writer.append(pages, 0, 0, 26, 0, TestBuffers.packet(new byte[0]), micro);
            assertThat(bytes(buffer, 32, 16)).as("uptime %d.%06d", stamp[0], stamp[1]).isEqualTo(words(bootSeconds + stamp[0], stamp[1]));
            clock.advance(stamp == expected[2] ? 0 : 600_000_000L);
        }
    }

    @Test
    void aPacketStampedBeforeBootGetsAFlooredMonotonicTimestamp() {
        Packet packet = TestBuffers.packet(new byte[0]).timestamp(BOOT - 1);

        writer.append(pages, 0, 0, 26, 0, packet, new TimestampType(TimestampFormat.NANOTIME, true, false));

        assertThat(bytes(buffer, 32, 16)).isEqualTo(words(-1, 999_999_999L));
    }

    @Test
    void aPadBeforeAPageBoundaryIsZeroedWhenTheRecordStartsTheNextPage() {
        byte[] data = sequence(20, 3);
        int start = PAGE - 32;

        writer.append(pages, start - 3, start, 26, 20, TestBuffers.packet(data), TimestampType.of(TimestampFormat.NANOTIME));

        long wall = BOOT + UPTIME;
        assertThat(buffer.get(PAGE - 4)).as("the previous record").isEqualTo(GARBAGE);
        assertThat(bytes(buffer, PAGE - 3, 3)).as("pad after the previous record").containsOnly(0);
        assertThat(bytes(buffer, PAGE, 26 + 20)).isEqualTo(expectedRecord(wall / 1_000_000_000L, wall % 1_000_000_000L, 20, 20, 26, data));
        assertThat(buffer.get(PAGE + 26 + 20)).as("after the record").isEqualTo(GARBAGE);
    }

    @Test
    void zeroesThePadBetweenTheHeaderAndThePacketWhenTheHeaderStraddlesAPage() {
        int start = PAGE - 32 - 16;

        writer.append(pages, start, start, 32, 1, TestBuffers.packet(new byte[] {5}), TimestampType.DEFAULT);

        assertThat(bytes(buffer, PAGE - 16 + 26, 6)).containsOnly(0);
        assertThat(buffer.get(PAGE - 16 + 32)).isEqualTo((byte) 5);
        assertThat(buffer.get(PAGE - 16 + 33)).isEqualTo(GARBAGE);
    }

    @Test
    void zeroesThePadBetweenTheHeaderAndThePacket() {
        writer.append(pages, 0, 0, 32, 1, TestBuffers.packet(new byte[] {5}), TimestampType.DEFAULT);

        assertThat(bytes(buffer, 32 + 26, 6)).containsOnly(0);
        assertThat(buffer.get(32 + 32)).isEqualTo((byte) 5);
        assertThat(buffer.get(32 + 33)).isEqualTo(GARBAGE);
    }

    private static byte[] words(long word0, long word1) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0, word0).putLong(8, word1).array();
    }
}

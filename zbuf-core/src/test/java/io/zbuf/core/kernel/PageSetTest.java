package io.zbuf.core.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static io.zbuf.core.kernel.TestBuffers.GARBAGE;
import static io.zbuf.core.kernel.TestBuffers.aligned;
import static io.zbuf.core.kernel.TestBuffers.bytes;
import static io.zbuf.core.kernel.TestBuffers.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageSetTest {
    private static final int PAGE = 4096;

    @Test
    void viewsTheBufferAsWholePages() {
        PageSet pages = new PageSet(aligned(3 * PAGE, PAGE), 3 * PAGE, PAGE);

        assertThat(pages.pageCount()).isEqualTo(3);
        assertThat(pages.length()).isEqualTo(3 * PAGE);
    }

    @Test
    void coversOnlyTheGivenLength() {
        ByteBuffer buffer = aligned(3 * PAGE, PAGE);
        PageSet pages = new PageSet(buffer, 2 * PAGE, PAGE);

        assertThat(pages.pageCount()).isEqualTo(2);
        assertThatThrownBy(() -> pages.zero(2 * PAGE - 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void handsOutThePageHoldingARangeOnlyWhileTheRangeStaysInOnePage() {
        ByteBuffer buffer = aligned(2 * PAGE, PAGE);
        PageSet pages = new PageSet(buffer, 2 * PAGE, PAGE);

        pages.pageHolding(PAGE + 10, 26).put(pages.offsetInPage(PAGE + 10), (byte) 42);

        assertThat(buffer.get(PAGE + 10)).isEqualTo((byte) 42);
        assertThat(pages.offsetInPage(PAGE + 10)).isEqualTo(10);
        assertThat(pages.pageHolding(PAGE - 26, 26)).as("ends where the page ends").isNotNull();
        assertThat(pages.pageHolding(PAGE - 25, 26)).as("crosses into the next page").isNull();
        assertThatThrownBy(() -> pages.pageHolding(2 * PAGE - 8, 26)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest(name = "{1} bytes at page offset {0}")
    @CsvSource({"0, 0", "0, 1", "8, 2", "9, 3", "16, 4", "17, 5", "24, 6", "25, 7", "32, 8", "33, 9", "40, 15", "41, 16",
        "48, 17", "4090, 6", "4090, 7", "4091, 13", "4095, 1", "4095, 2", "4088, 8", "4087, 20"})
    void zeroesExactlyTheRangeInAnyWidth(int start, int length) {
        ByteBuffer buffer = aligned(2 * PAGE, PAGE);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, GARBAGE);
        }
        PageSet pages = new PageSet(buffer, 2 * PAGE, PAGE);

        pages.zero(start, length);

        byte[] expected = new byte[buffer.capacity()];
        Arrays.fill(expected, GARBAGE);
        Arrays.fill(expected, start, start + length, (byte) 0);
        assertThat(bytes(buffer, 0, buffer.capacity())).isEqualTo(expected);
    }

    @Test
    void refusesBadGeometry() {
        ByteBuffer buffer = aligned(2 * PAGE, PAGE);

        assertThatThrownBy(() -> new PageSet(buffer, 2 * PAGE, 3000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new PageSet(buffer, 2 * PAGE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PageSet(buffer, 2 * PAGE, Integer.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PageSet(buffer, 2 * PAGE, -PAGE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PageSet(buffer, 0, PAGE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> new PageSet(buffer, PAGE + 8, PAGE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PageSet(buffer, 3 * PAGE, PAGE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    }

    @Test
    void copiesBytesAcrossAPageBoundary() {
        ByteBuffer buffer = aligned(3 * PAGE, PAGE);
        PageSet pages = new PageSet(buffer, 3 * PAGE, PAGE);
        byte[] source = sequence(200, 1);

        pages.copyIn(PAGE - 50, ByteBuffer.wrap(source), 7, 100);

        assertThat(bytes(buffer, PAGE - 50, 100)).isEqualTo(Arrays.copyOfRange(source, 7, 107));
        assertThat(buffer.get(PAGE - 51)).isEqualTo(GARBAGE);
        assertThat(buffer.get(PAGE + 50)).isEqualTo(GARBAGE);
    }

    @Test
    void copiesBytesSpanningWholePages() {
        ByteBuffer buffer = aligned(4 * PAGE, PAGE);
        PageSet pages = new PageSet(buffer, 4 * PAGE, PAGE);
        byte[] source = sequence(2 * PAGE + 10, 3);

        pages.copyIn(PAGE - 5, ByteBuffer.wrap(source), 0, source.length);

        assertThat(bytes(buffer, PAGE - 5, source.length)).isEqualTo(source);
        assertThat(buffer.get(PAGE - 6)).isEqualTo(GARBAGE);
        assertThat(buffer.get(PAGE - 5 + source.length)).isEqualTo(GARBAGE);
    }

    @Test
    void refusesByteCopiesOutOfRange() {
        PageSet pages = new PageSet(aligned(PAGE, PAGE), PAGE, PAGE);
        ByteBuffer source = ByteBuffer.wrap(new byte[16]);

        assertThatThrownBy(() -> pages.copyIn(PAGE - 8, source, 0, 9)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> pages.copyIn(-1, source, 0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> pages.copyIn(0, source, 8, 9)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> pages.copyIn(0, source.limit(8), 0, 9)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void zeroesARangeAcrossAPageBoundaryAndNothingElse() {
        ByteBuffer buffer = aligned(2 * PAGE, PAGE);
        PageSet pages = new PageSet(buffer, 2 * PAGE, PAGE);

        pages.zero(PAGE - 3, 7);

        assertThat(bytes(buffer, PAGE - 3, 7)).containsOnly(0);
        assertThat(buffer.get(PAGE - 4)).isEqualTo(GARBAGE);
        assertThat(buffer.get(PAGE + 4)).isEqualTo(GARBAGE);
        assertThatThrownBy(() -> pages.zero(2 * PAGE - 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void copiesTheFirstBytesOfAFragmentChainAndLeavesTheFragmentsAlone() {
        ByteBuffer buffer = aligned(2 * PAGE, PAGE);
        PageSet pages = new PageSet(buffer, 2 * PAGE, PAGE);
        byte[] data = sequence(40, 10);
        Packet packet = TestBuffers.packet(data, 5, 0, 20);

        pages.copyIn(PAGE - 12, packet, 30);

        assertThat(bytes(buffer, PAGE - 12, 30)).isEqualTo(Arrays.copyOf(data, 30));
        assertThat(buffer.get(PAGE + 18)).isEqualTo(GARBAGE);
        assertThat(packet.fragment(0).position()).isZero();
        assertThat(packet.fragment(2).position()).isEqualTo(5);
        assertThat(packet.fragment(3).position()).isEqualTo(25);
    }

    @Test
    void copiesNothingForLengthZeroEvenFromAnEmptyPacket() {
        ByteBuffer buffer = aligned(PAGE, PAGE);
        PageSet pages = new PageSet(buffer, PAGE, PAGE);

        pages.copyIn(8, new Packet(1), 0);

        assertThat(buffer.get(8)).isEqualTo(GARBAGE);
    }

    @ParameterizedTest(name = "{1} bytes at {0}")
    @CsvSource({"4000, 96", "4000, 97", "0, 4096", "1, 4096", "4096, 4096", "8191, 1"})
    void aPacketCopyEndingAtOrJustPastAPageEndFillsExactlyItsRange(int offset, int length) {
        ByteBuffer buffer = aligned(3 * PAGE, PAGE);
        PageSet pages = new PageSet(buffer, 3 * PAGE, PAGE);
        byte[] data = sequence(length, 9);

        pages.copyIn(offset, TestBuffers.packet(data), length);

        assertThat(bytes(buffer, offset, length)).isEqualTo(data);
        assertThat(buffer.get(offset + length)).isEqualTo(GARBAGE);
        if (offset > 0) {
            assertThat(buffer.get(offset - 1)).isEqualTo(GARBAGE);
        }
    }

    @Test
    void copiesNothingForLengthZeroAtTheEndOfTheSet() {
        ByteBuffer buffer = aligned(PAGE, PAGE);
        PageSet pages = new PageSet(buffer, PAGE, PAGE);

        pages.copyIn(PAGE, TestBuffers.packet(new byte[4]), 0);
        pages.copyIn(PAGE, ByteBuffer.wrap(new byte[4]), 0, 0);

        assertThat(buffer.get(PAGE - 1)).isEqualTo(GARBAGE);
    }

    @Test
    void refusesPacketCopiesOutOfRangeOrLongerThanThePacket() {
        PageSet pages = new PageSet(aligned(PAGE, PAGE), PAGE, PAGE);
        Packet packet = TestBuffers.packet(new byte[64]);

        assertThatThrownBy(() -> pages.copyIn(0, packet, 65)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holding 64");
        assertThatThrownBy(() -> pages.copyIn(PAGE - 10, packet, 11)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    static Stream<Arguments> seedsAndPageSizes() {
        return Stream.of(4096, 16384).flatMap(pageSize -> Stream.of(1L, 2L, 3L, 42L, 2024L).map(seed -> Arguments.of(pageSize, seed)));
    }

    @ParameterizedTest(name = "page {0}, seed {1}")
    @MethodSource("seedsAndPageSizes")
    void scatterGathersRandomFragmentsToRandomOffsets(int pageSize, long seed) {
        Random random = new Random(seed);
        int length = 4 * pageSize;
        ByteBuffer buffer = aligned(length, pageSize);
        PageSet pages = new PageSet(buffer, length, pageSize);
        byte[] expected = new byte[length];
        Arrays.fill(expected, GARBAGE);
        for (int round = 0; round < 50; round++) {
            byte[] data = new byte[1 + random.nextInt(2 * pageSize)];
            random.nextBytes(data);
            int[] cuts = random.ints(random.nextInt(8), 0, data.length + 1).sorted().toArray();
            int[] sizes = new int[cuts.length];
            for (int i = 0; i < cuts.length; i++) {
                sizes[i] = cuts[i] - (i == 0 ? 0 : cuts[i - 1]);
            }
            Packet packet = TestBuffers.packet(data, sizes);
            int copied = random.nextInt(data.length + 1);
            int offset = random.nextInt(length - copied + 1);

            pages.copyIn(offset, packet, copied);
            System.arraycopy(data, 0, expected, offset, copied);

            assertThat(bytes(buffer, 0, length)).as("round %d", round).isEqualTo(expected);
        }
    }
}

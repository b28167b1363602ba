package io.zbuf.afpacket;

import io.zbuf.afpacket.TestRing.Frame;
import io.zbuf.core.kernel.Packet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.zbuf.afpacket.BlockDescriptor.TP_STATUS_KERNEL;
import static io.zbuf.afpacket.BlockDescriptor.TP_STATUS_LOSING;
import static io.zbuf.afpacket.BlockDescriptor.TP_STATUS_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The walk over a ring's blocks, over a ring laid out as Linux lays one out. */
class RxRingTest {
    private static final RingGeometry FOUR_PAGES = new RingGeometry(4096, 4, 10);

    private final TestRing kernel = new TestRing(FOUR_PAGES);
    private final List<String> losses = new ArrayList<>();
    private final RxRing ring = new RxRing(kernel.memory(), FOUR_PAGES, () -> losses.add("lost"));
    private final Packet packet = new Packet(1);

    @Test
    void handsOutEachPacketInPlaceWithItsTimestampAndLengths() throws IOException {
        byte[] first = frame(60, 1);
        byte[] second = frame(1514, 2);
        kernel.handOverFrames(0, TP_STATUS_USER, new Frame(first, 60, 1_700_000_000L, 123_456_789), new Frame(second, 9000, 4_000_000_000L, 7));

        assertThat(ring.next(packet.reset())).isTrue();
        ByteBuffer fragment = packet.fragment(0);
        assertThat(fragment.isDirect()).as("a view of the ring, not a copy").isTrue();
        assertThat(fragment.isReadOnly()).as("the kernel side cannot write into the ring").isTrue();
        assertThat(fragment.position()).isEqualTo(TestRing.packetOffset(0) + TestRing.MAC);
        assertThat(bytes(fragment)).isEqualTo(first);
        assertThat(packet.wireLength()).isEqualTo(60);
        assertThat(packet.timestampNanos()).isEqualTo(1_700_000_000_123_456_789L);

        assertThat(ring.next(packet.reset())).isTrue();
        assertThat(bytes(packet.fragment(0))).isEqualTo(second);
        assertThat(packet.fragment(0).position()).isEqualTo(TestRing.packetOffset(1, 60) + TestRing.MAC);
        assertThat(packet.length()).isEqualTo(1514);
        assertThat(packet.wireLength()).as("tp_len: the packet was truncated to tp_snaplen").isEqualTo(9000);
        assertThat(packet.timestampNanos()).as("tp_sec is unsigned").isEqualTo(4_000_000_000_000_000_007L);

        assertThat(ring.next(packet.reset())).isFalse();
        assertThat(ring.blocksRead()).isEqualTo(1);
    }

    @Test
    void aBlockGoesBackOnlyWhenThePacketAfterItsLastIsAskedFor() throws IOException {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0));
        assertThat(ring.next(packet.reset())).isTrue();
        assertThat(kernel.status(0)).as("the packet handed out is still being read").isEqualTo(TP_STATUS_USER);
        assertThat(ring.next(packet.reset())).isFalse();
        assertThat(kernel.status(0)).isEqualTo(TP_STATUS_KERNEL);
        assertThat(ring.next(packet.reset())).as("the block is the kernel's now").isFalse();
    }

    @Test
    void stopsAtTheKernelsBlockAndGoesOnWhenItIsHandedOver() throws IOException {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0));
        kernel.handOver(1, TP_STATUS_KERNEL, frame(64, 1));
        kernel.handOver(2, TP_STATUS_USER, frame(64, 2));
        assertThat(sequences()).as("block 2 waits behind block 1, as the kernel fills them in order").containsExactly(0);
        kernel.putInt(1, BlockDescriptor.BLOCK_STATUS_OFFSET, TP_STATUS_USER);
        assertThat(sequences()).containsExactly(1, 2);
    }

    @Test
    void wrapsAroundTheRing() throws IOException {
        List<Integer> seen = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int block = 0; block < FOUR_PAGES.blockCount(); block++) {
                kernel.handOver(block, TP_STATUS_USER, frame(100, round * 10 + block));
            }
            seen.addAll(sequences());
            for (int block = 0; block < FOUR_PAGES.blockCount(); block++) {
                assertThat(kernel.status(block)).isEqualTo(TP_STATUS_KERNEL);
            }
        }
        assertThat(seen).containsExactly(0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23);
        assertThat(ring.blocksRead()).isEqualTo(12);
    }

    @Test
    void skipsEmptyBlocksAndGivesThemBack() throws IOException {
        kernel.handOver(0, TP_STATUS_USER);
        kernel.handOver(1, TP_STATUS_USER | BlockDescriptor.TP_STATUS_BLK_TMO);
        kernel.handOver(2, TP_STATUS_USER, frame(64, 5));
        assertThat(sequences()).containsExactly(5);
        assertThat(kernel.status(0)).isEqualTo(TP_STATUS_KERNEL);
        assertThat(kernel.status(1)).isEqualTo(TP_STATUS_KERNEL);
    }

    @Test
    void aRingOfEmptyBlocksEndsTheWalk() throws IOException {
        for (int block = 0; block < FOUR_PAGES.blockCount(); block++) {
            kernel.handOver(block, TP_STATUS_USER);
        }
        assertThat(ring.next(packet.reset())).isFalse();
        assertThat(ring.blocksRead()).isEqualTo(4);
        assertThat(packet.fragmentCount()).isZero();
    }

    @Test
    void aLosingBlockIsReportedOnceAsItIsTaken() throws IOException {
        kernel.handOver(0, TP_STATUS_USER | TP_STATUS_LOSING, frame(64, 0), frame(64, 1));
        kernel.handOver(1, TP_STATUS_USER, frame(64, 2));
        assertThat(ring.next(packet.reset())).isTrue();
        assertThat(losses).hasSize(1);
        assertThat(sequences()).containsExactly(1, 2);
        assertThat(losses).hasSize(1);
    }

    @Test
    void discardingGivesBackTheHeldBlockAndEveryBlockHandedOver() throws IOException {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0), frame(64, 1));
        kernel.handOver(1, TP_STATUS_USER, frame(64, 2));
        kernel.handOver(2, TP_STATUS_USER, frame(64, 3));
        assertThat(ring.next(packet.reset())).isTrue();
        ring.discardReady();
        for (int block = 0; block < 3; block++) {
            assertThat(kernel.status(block)).isEqualTo(TP_STATUS_KERNEL);
        }
        assertThat(ring.blocksRead()).isEqualTo(3);
        kernel.handOver(3, TP_STATUS_USER, frame(64, 4));
        assertThat(sequences()).as("the walk goes on where the kernel is").containsExactly(4);
    }

    @Test
    void discardingAFullRingStopsAfterOneRound() throws IOException {
        for (int block = 0; block < FOUR_PAGES.blockCount(); block++) {
            kernel.handOver(block, TP_STATUS_USER, frame(64, block));
        }
        ring.discardReady();
        assertThat(ring.blocksRead()).isEqualTo(4);
        assertThat(ring.next(packet.reset())).isFalse();
    }

    @Test
    void discardingAnEmptyRingTakesNothing() throws IOException {
        ring.discardReady();
        assertThat(ring.blocksRead()).isZero();
        kernel.handOver(0, TP_STATUS_USER, frame(64, 9));
        assertThat(sequences()).containsExactly(9);
    }

    @Test
    void theRingIsAtMostHalfFullWhileTheBlockHalfARingAheadIsTheKernels() throws IOException {
        assertThat(ring.atMostHalfFull()).isTrue();
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0)).handOver(1, TP_STATUS_USER, frame(64, 1));
        assertThat(ring.atMostHalfFull()).as("two of four").isTrue();
        kernel.handOver(2, TP_STATUS_USER, frame(64, 2));
        assertThat(ring.atMostHalfFull()).as("three of four").isFalse();
        assertThat(ring.next(packet.reset())).isTrue();
        assertThat(ring.atMostHalfFull()).as("the block the reader holds counts").isFalse();
        assertThat(ring.next(packet.reset())).isTrue();
        assertThat(ring.atMostHalfFull()).as("block 0 given back: blocks 1 and 2 are the reader's, 3 the kernel's").isTrue();
        kernel.handOver(3, TP_STATUS_USER, frame(64, 3));
        assertThat(ring.atMostHalfFull()).isFalse();
        assertThat(sequences()).containsExactly(2, 3);
        assertThat(ring.atMostHalfFull()).isTrue();
        kernel.handOver(0, TP_STATUS_USER, frame(64, 4)).handOver(1, TP_STATUS_USER, frame(64, 5));
        assertThat(ring.atMostHalfFull()).as("from block 0 again, block 2 ahead").isTrue();
        kernel.handOver(2, TP_STATUS_USER, frame(64, 6));
        assertThat(ring.atMostHalfFull()).isFalse();
    }

    @Test
    void aPacketBeforeItsHeaderEndsIsCorrupt() {
        kernel.handOver(2, TP_STATUS_KERNEL).handOver(0, TP_STATUS_USER, frame(64, 0))
                .putShort(0, TestRing.packetOffset(0) + FrameHeader.MAC_OFFSET, FrameHeader.LENGTH - 1);
        assertThatThrownBy(() -> ring.next(packet.reset())).isInstanceOf(IOException.class)
                .hasMessage("ring block 0 is corrupt: its packet at 48 has tp_mac 47, tp_snaplen 64, tp_len 64");
    }

    @Test
    void aHeaderRightAfterTheFrameHeaderIsFine() throws IOException {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 3)).putShort(0, TestRing.packetOffset(0) + FrameHeader.MAC_OFFSET, FrameHeader.LENGTH);
        assertThat(ring.next(packet.reset())).isTrue();
        assertThat(packet.fragment(0).position()).isEqualTo(TestRing.packetOffset(0) + FrameHeader.LENGTH);
    }

    @Test
    void aPacketPastTheBlocksEndIsCorrupt() {
        int snaplenAt = TestRing.packetOffset(0) + FrameHeader.SNAPLEN_OFFSET;
        int fits = 4096 - TestRing.packetOffset(0) - TestRing.MAC;
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0)).putInt(0, snaplenAt, fits + 1).putInt(0, snaplenAt + 4, fits + 1);
        assertThatThrownBy(() -> ring.next(packet.reset())).hasMessageContaining("tp_snaplen " + (fits + 1));
    }

    @Test
    void aPacketEndingAtTheBlocksEndIsFine() throws IOException {
        int fits = 4096 - TestRing.packetOffset(0) - TestRing.MAC;
        kernel.handOver(0, TP_STATUS_USER, frame(fits, 0));
        assertThat(ring.next(packet.reset())).isTrue();
        assertThat(packet.length()).isEqualTo(fits);
    }

    @Test
    void aSnapLengthBeyondThirtyOneBitsIsCorrupt() {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0)).putInt(0, TestRing.packetOffset(0) + FrameHeader.SNAPLEN_OFFSET, -1);
        assertThatThrownBy(() -> ring.next(packet.reset())).hasMessageContaining("tp_snaplen 4294967295");
    }

    @Test
    void aWireLengthBelowTheBytesPresentIsCorrupt() {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0)).putInt(0, TestRing.packetOffset(0) + FrameHeader.LEN_OFFSET, 63);
        assertThatThrownBy(() -> ring.next(packet.reset())).hasMessageContaining("tp_len 63");
    }

    @Test
    void aWireLengthBeyondThirtyOneBitsIsCorrupt() {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0)).putInt(0, TestRing.packetOffset(0) + FrameHeader.LEN_OFFSET, Integer.MIN_VALUE);
        assertThatThrownBy(() -> ring.next(packet.reset())).hasMessageContaining("tp_len 2147483648");
    }

    @Test
    void aNextPacketOverlappingThisOneIsCorrupt() {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0), frame(64, 1))
                .putInt(0, TestRing.packetOffset(0) + FrameHeader.NEXT_OFFSET_OFFSET, TestRing.MAC + 63);
        assertThatThrownBy(() -> ring.next(packet.reset()))
                .hasMessage("ring block 0 is corrupt: its packet at 48 is followed by one at " + (48 + TestRing.MAC + 63));
    }

    @Test
    void aNextPacketRightAfterThisOneIsFine() throws IOException {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0), frame(64, 1));
        int next = TestRing.packetOffset(1, 64);
        // move the second packet's header to just after the first frame
        ByteBuffer memory = kernel.memory();
        int tight = TestRing.packetOffset(0) + TestRing.MAC + 64;
        for (int i = 0; i < FrameHeader.LENGTH + TestRing.MAC + 64; i++) {
            memory.put(tight + i, memory.get(next + i));
        }
        kernel.putInt(0, TestRing.packetOffset(0) + FrameHeader.NEXT_OFFSET_OFFSET, TestRing.MAC + 64);
        assertThat(sequences()).containsExactly(0, 1);
    }

    @Test
    void aNextPacketWhoseHeaderPassesTheBlocksEndIsCorrupt() {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0), frame(64, 1))
                .putInt(0, TestRing.packetOffset(0) + FrameHeader.NEXT_OFFSET_OFFSET, 4096 - 48 - FrameHeader.LENGTH + 1);
        assertThatThrownBy(() -> ring.next(packet.reset())).hasMessageContaining("is followed by one at 4049");
    }

    @Test
    void aNextPacketWhoseHeaderEndsAtTheBlocksEndIsTaken() throws IOException {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0), frame(64, 1))
                .putInt(0, TestRing.packetOffset(0) + FrameHeader.NEXT_OFFSET_OFFSET, 4096 - 48 - FrameHeader.LENGTH);
        assertThat(ring.next(packet.reset())).isTrue();
        assertThatThrownBy(() -> ring.next(packet.reset())).as("that header's frame cannot fit").hasMessageContaining("its packet at 4048");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, BlockDescriptor.LENGTH - 1, 4096 - FrameHeader.LENGTH + 1, -1})
    void aFirstPacketOutsideTheBlockIsCorrupt(int first) {
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0)).putInt(0, BlockDescriptor.OFFSET_TO_FIRST_PKT_OFFSET, first);
        assertThatThrownBy(() -> ring.next(packet.reset())).hasMessage("ring block 0 is corrupt: it holds 1 packets from offset "
                + Integer.toUnsignedLong(first));
    }

    @Test
    void moreHeadersThanFitInTheBlockIsCorrupt() {
        long fit = (4096 - 48) / FrameHeader.LENGTH + 1;
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0)).putInt(0, BlockDescriptor.NUM_PKTS_OFFSET, (int) fit + 1);
        assertThatThrownBy(() -> ring.next(packet.reset())).hasMessage("ring block 0 is corrupt: it holds " + (fit + 1) + " packets from offset 48");
        kernel.handOver(0, TP_STATUS_USER, frame(64, 0)).putInt(0, BlockDescriptor.NUM_PKTS_OFFSET, -1);
        assertThatThrownBy(() -> new RxRing(kernel.memory(), FOUR_PAGES, () -> { }).next(packet.reset()))
                .hasMessageContaining("it holds 4294967295 packets");
    }

    @Test
    void aMappingSmallerThanTheRingIsRefused() {
        assertThatThrownBy(() -> new RxRing(ByteBuffer.allocateDirect(4096 * 4 - 1), FOUR_PAGES, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a mapping of 16383 bytes cannot hold a ring of 16384");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomBlocksComeOutAsTheyWentIn(long seed) throws IOException {
        Random random = new Random(seed);
        RingGeometry geometry = new RingGeometry(8192, 3, 10);
        TestRing memory = new TestRing(geometry);
        RxRing walk = new RxRing(memory.memory(), geometry, () -> { });
        List<byte[]> sent = new ArrayList<>();
        List<byte[]> received = new ArrayList<>();
        int sequence = 0;
        for (int round = 0; round < 20; round++) {
            for (int block = 0; block < geometry.blockCount(); block++) {
                List<byte[]> frames = new ArrayList<>();
                for (int room = 8192 - 48; ; ) {
                    int length = 14 + random.nextInt(1500);
                    int need = (TestRing.MAC + length + 7) & ~7;
                    if (need > room || random.nextInt(20) == 0) {
                        break;
                    }
                    room -= need;
                    frames.add(frame(length, sequence++));
                }
                sent.addAll(frames);
                memory.handOver(block, TP_STATUS_USER, frames.toArray(byte[][]::new));
            }
            while (walk.next(packet.reset())) {
                received.add(bytes(packet.fragment(0)));
            }
        }
        assertThat(received).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(received.get(i)).isEqualTo(sent.get(i));
        }
    }

    private List<Integer> sequences() throws IOException {
        List<Integer> sequences = new ArrayList<>();
        while (ring.next(packet.reset())) {
            ByteBuffer fragment = packet.fragment(0);
            sequences.add(fragment.getInt(fragment.position()));
        }
        return sequences;
    }

    /** A frame of {@code length} bytes starting with {@code sequence}, the rest a pattern. */
    static byte[] frame(int length, int sequence) {
        byte[] frame = new byte[length];
        for (int i = 0; i < length; i++) {
            frame[i] = (byte) (i * 7 + sequence);
        }
        ByteBuffer.wrap(frame).putInt(0, sequence);
        return frame;
    }

    private static byte[] bytes(ByteBuffer fragment) {
        byte[] bytes = new byte[fragment.remaining()];
        fragment.duplicate().get(bytes);
        return bytes;
    }
}

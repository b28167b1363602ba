package io.zbuf.afpacket;

import io.zbuf.core.kernel.Packet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;

import static io.zbuf.afpacket.BlockDescriptor.TP_STATUS_USER;
import static io.zbuf.afpacket.RxRingTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

/** Walking the ring, packet by packet and block by block, allocates nothing: the per-packet path of the live source. */
class RxRingAllocationTest {
    private static final RingGeometry RING = new RingGeometry(65_536, 4, 10);
    private static final int ROUNDS = 1_000;

    private final TestRing kernel = new TestRing(RING);
    private final RxRing ring = new RxRing(kernel.memory(), RING, () -> { });
    private final Packet packet = new Packet(1);
    private long sum;

    @Test
    void walkingFullBlocksAllocatesNothing() throws IOException {
        byte[][] frames = new byte[40][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame(64 + i * 37, i);
        }
        for (int block = 0; block < RING.blockCount(); block++) {
            kernel.handOver(block, TP_STATUS_USER, frames);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        long thread = Thread.currentThread().getId();

        long packets = walk();
        assertThat(packets).isEqualTo((long) ROUNDS * RING.blockCount() * frames.length);
        walk();
        long before = threads.getThreadAllocatedBytes(thread);
        walk();
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(sum).isPositive();
        // an object per block would be 64 KB, per packet 2.5 MB; what the JIT or the runtime may allocate once stays far below
        assertThat(allocated).as("bytes allocated walking %d blocks of 40 packets", ROUNDS * RING.blockCount()).isLessThan(packets / 10);
    }

    /** Hands every block over again and walks them all, ROUNDS times: the packets walked. */
    private long walk() throws IOException {
        long packets = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int block = 0; block < RING.blockCount(); block++) {
                kernel.putInt(block, BlockDescriptor.BLOCK_STATUS_OFFSET, TP_STATUS_USER);
            }
            while (ring.next(packet.reset())) {
                sum += packet.length() + packet.timestampNanos() + packet.fragment(0).get(packet.fragment(0).position());
                packets++;
            }
        }
        return packets;
    }
}

package io.zbuf.afpacket;

import io.zbuf.core.kernel.Packet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The reader's side of a {@code TPACKET_V3} receive ring: walks the blocks in the kernel's order and hands out
 * each packet in place, as a view of the ring; gives a block back to the kernel once its last packet was handed
 * out and the next packet is asked for, so a packet's bytes stay valid until then. Everything read from the ring
 * is checked against the block's bounds before use. Confined to one thread; allocates nothing.
 */
final class RxRing {
    private final ByteBuffer ring;
    private final ByteBuffer frame;
    private final int blockSize;
    private final int blockCount;
    private final LossListener onLosing;
    private int block;
    private boolean holding;
    private int remaining;
    private int offset;
    private long blocksRead;

    /**
     * The ring mapped at {@code ring} (its first {@code geometry.ringSize()} bytes); {@code onLosing} runs when a
     * block says that packets were dropped since the statistics were last read.
     */
    RxRing(ByteBuffer ring, RingGeometry geometry, LossListener onLosing) {
        if (ring.capacity() < geometry.ringSize()) {
            throw new IllegalArgumentException("a mapping of " + ring.capacity() + " bytes cannot hold a ring of " + geometry.ringSize());
        }
        this.ring = ring.duplicate().order(ByteOrder.nativeOrder());
        this.frame = ring.asReadOnlyBuffer();
        this.blockSize = geometry.blockSize();
        this.blockCount = geometry.blockCount();
        this.onLosing = onLosing;
    }

    /**
     * Fills {@code packet} (reset) with the next packet of the ring: its frame in place, wire length and timestamp.
     *
     * @return false if no block is the reader's now
     * @throws IOException if the ring holds what no kernel writes (a block or packet out of bounds)
     */
    boolean next(Packet packet) throws IOException {
        if (remaining == 0 && !openNextBlock()) {
            return false;
        }
        int header = offset;
        int blockEnd = blockStart() + blockSize;
        long snaplen = Integer.toUnsignedLong(ring.getInt(header + FrameHeader.SNAPLEN_OFFSET));
        long wireLength = Integer.toUnsignedLong(ring.getInt(header + FrameHeader.LEN_OFFSET));
        int mac = Short.toUnsignedInt(ring.getShort(header + FrameHeader.MAC_OFFSET));
        long end = (long) header + mac + snaplen;
        if (mac < FrameHeader.LENGTH || end > blockEnd || wireLength < snaplen || wireLength > Integer.MAX_VALUE) {
            throw corrupt("its packet at " + (header - blockStart()) + " has tp_mac " + mac + ", tp_snaplen " + snaplen + ", tp_len " + wireLength);
        }
        if (--remaining > 0) {
            long next = header + Integer.toUnsignedLong(ring.getInt(header + FrameHeader.NEXT_OFFSET_OFFSET));
            if (next < end || next + FrameHeader.LENGTH > blockEnd) {
                throw corrupt("its packet at " + (header - blockStart()) + " is followed by one at " + (next - blockStart()));
            }
            offset = (int) next;
        }
        frame.limit((int) end).position(header + mac);
        packet.append(frame).wireLength((int) wireLength);
        packet.timestamp(TimeUnit.SECONDS.toNanos(Integer.toUnsignedLong(ring.getInt(header + FrameHeader.SEC_OFFSET)))
            + Integer.toUnsignedLong(ring.getInt(header + FrameHeader.NSEC_OFFSET)));
        return true;
    }

    /** Gives back every block the reader holds or the kernel handed over, unread: what came before a start. */
    void discardReady() {
        remaining = 0;
        for (int i = 0; i < blockCount && (holding || isReadersBlock()); i++) {
            if (!holding) {
                holding = true;
                blocksRead++;
            }
            release();
        }
    }

    /**
     * Whether at most half the ring is the reader's: the block half a ring after the current one is still the
     * kernel's. The kernel fills blocks in order from the current one, so while that holds, the ring has room for
     * what arrives.
     */
    boolean atMostHalfFull() {
        int ahead = block + blockCount / 2;
        int start = (ahead < blockCount ? ahead : ahead - blockCount) * blockSize;
        return (BlockDescriptor.statusAcquire(ring, start) & BlockDescriptor.TP_STATUS_USER) == 0;
    }

    /** Blocks taken from the kernel so far. */
    long blocksRead() {
        return blocksRead;
    }

    /**
     * Moves to the next block that holds packets: gives back the one the reader holds, takes the next if the kernel
     * handed it over, and skips empty ones (at most a ring's worth).
     */
    private boolean openNextBlock() throws IOException {
        for (int looked = 0; looked < blockCount; looked++) {
            if (holding) {
                release();
            }
            int start = blockStart();
            int status = BlockDescriptor.statusAcquire(ring, start);
            if ((status & BlockDescriptor.TP_STATUS_USER) == 0) {
                return false;
            }
            holding = true;
            blocksRead++;
            long packets = Integer.toUnsignedLong(ring.getInt(start + BlockDescriptor.NUM_PKTS_OFFSET));
            long first = Integer.toUnsignedLong(ring.getInt(start + BlockDescriptor.OFFSET_TO_FIRST_PKT_OFFSET));
            if (packets > 0 && (first < BlockDescriptor.LENGTH || first + FrameHeader.LENGTH > blockSize
                    || packets > (blockSize - first) / FrameHeader.LENGTH + 1)) {
                throw corrupt("it holds " + packets + " packets from offset " + first);
            }
            if ((status & BlockDescriptor.TP_STATUS_LOSING) != 0) {
                onLosing.packetsLost();
            }
            if (packets > 0) {
                remaining = (int) packets;
                offset = start + (int) first;
                return true;
            }
        }
        return false;
    }

    private boolean isReadersBlock() {
        return (BlockDescriptor.statusAcquire(ring, blockStart()) & BlockDescriptor.TP_STATUS_USER) != 0;
    }

    private void release() {
        BlockDescriptor.releaseToKernel(ring, blockStart());
        holding = false;
        block = block + 1 == blockCount ? 0 : block + 1;
    }

    private int blockStart() {
        return block * blockSize;
    }

    private IOException corrupt(String what) {
        return new IOException("ring block " + block + " is corrupt: " + what);
    }

    /** Told when a block says that packets were dropped since the statistics were last read. */
    @FunctionalInterface
    interface LossListener {
        void packetsLost() throws IOException;
    }
}

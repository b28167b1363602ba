package io.zbuf.afpacket;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@code TPACKET_V3} ring in direct memory, filled as Linux fills one: blocks with a 48-byte descriptor, packets
 * from offset 48, each behind its 48-byte {@code tpacket3_hdr} and {@code sockaddr_ll}, the frame at
 * {@code tp_mac} = 82 (so that the network header is 16-byte aligned), the next packet 8-byte aligned after it.
 */
final class TestRing {
    /** {@code tp_mac} as Linux sets it for an Ethernet frame on a {@code SOCK_RAW} socket. */
    static final int MAC = 82;

    private final RingGeometry geometry;
    private final ByteBuffer memory;

    TestRing(RingGeometry geometry) {
        this.geometry = geometry;
        this.memory = ByteBuffer.allocateDirect(geometry.ringSize()).order(ByteOrder.nativeOrder());
    }

    ByteBuffer memory() {
        return memory;
    }

    RingGeometry geometry() {
        return geometry;
    }

    /** Fills block {@code block} with {@code frames} (each whole, stamped {@code second}.{@code index}) and hands it over. */
    TestRing handOver(int block, int status, byte[]... frames) {
        Frame[] whole = new Frame[frames.length];
        for (int i = 0; i < frames.length; i++) {
            whole[i] = new Frame(frames[i], frames[i].length, 1_700_000_000L + block, i);
        }
        return handOverFrames(block, status, whole);
    }

    /** Fills block {@code block} with {@code frames} and sets its status. */
    TestRing handOverFrames(int block, int status, Frame... frames) {
        int start = block * geometry.blockSize();
        for (int i = start; i < start + geometry.blockSize(); i++) {
            memory.put(i, (byte) 0xEE);
        }
        int offset = BlockDescriptor.LENGTH;
        for (int i = 0; i < frames.length; i++) {
            Frame frame = frames[i];
            int header = start + offset;
            int next = align8(MAC + frame.bytes().length);
            memory.putInt(header + FrameHeader.NEXT_OFFSET_OFFSET, i == frames.length - 1 ? 0 : next)
                    .putInt(header + FrameHeader.SEC_OFFSET, (int) frame.seconds())
                    .putInt(header + FrameHeader.NSEC_OFFSET, frame.nanos())
                    .putInt(header + FrameHeader.SNAPLEN_OFFSET, frame.bytes().length)
                    .putInt(header + FrameHeader.LEN_OFFSET, frame.wireLength())
                    .putInt(header + FrameHeader.STATUS_OFFSET, 1)
                    .putShort(header + FrameHeader.MAC_OFFSET, (short) MAC);
            memory.put(header + MAC, frame.bytes());
            offset += next;
        }
        memory.putInt(start + BlockDescriptor.VERSION_OFFSET, 1)
                .putInt(start + BlockDescriptor.NUM_PKTS_OFFSET, frames.length)
                .putInt(start + BlockDescriptor.OFFSET_TO_FIRST_PKT_OFFSET, BlockDescriptor.LENGTH)
                .putInt(start + BlockDescriptor.BLK_LEN_OFFSET, offset)
                .putInt(start + BlockDescriptor.BLOCK_STATUS_OFFSET, status);
        return this;
    }

    /** The status of block {@code block}. */
    int status(int block) {
        return memory.getInt(block * geometry.blockSize() + BlockDescriptor.BLOCK_STATUS_OFFSET);
    }

    /** Writes {@code value} at {@code offset} of block {@code block}, to spoil it. */
    TestRing putInt(int block, int offset, int value) {
        memory.putInt(block * geometry.blockSize() + offset, value);
        return this;
    }

    /** Writes {@code value} at {@code offset} of block {@code block}, to spoil it. */
    TestRing putShort(int block, int offset, int value) {
        memory.putShort(block * geometry.blockSize() + offset, (short) value);
        return this;
    }

    /** The offset in its block of packet {@code index} of a block filled with frames of these lengths. */
    static int packetOffset(int index, int... lengths) {
        int offset = BlockDescriptor.LENGTH;
        for (int i = 0; i < index; i++) {
            offset += align8(MAC + lengths[i]);
        }
        return offset;
    }

    private static int align8(int value) {
        return (value + 7) & ~7;
    }

    /** A packet as the kernel puts it in a block. */
    record Frame(byte[] bytes, int wireLength, long seconds, int nanos) {
    }
}

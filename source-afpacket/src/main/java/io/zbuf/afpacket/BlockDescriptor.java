package io.zbuf.afpacket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The header of a {@code TPACKET_V3} ring block, {@code struct tpacket_block_desc} with its
 * {@code struct tpacket_hdr_v1}, in native byte order at the start of every block.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                            version                            |  0
 *  |                         offset_to_priv                        |  4
 *  |          block_status: TP_STATUS_KERNEL (0) or _USER (1)      |  8  owner, handed over with acquire/release
 *  |                            num_pkts                           | 12
 *  |                      offset_to_first_pkt                      | 16
 *  |                   blk_len (bytes used, padding included)      | 20
 *  |                         seq_num (u64)                         | 24
 *  |                 ts_first_pkt (sec, nsec)                      | 32
 *  |                 ts_last_pkt (sec, nsec)                       | 40
 *  +---------------------------------------------------------------+ 48
 * </pre>
 *
 * The kernel fills a block, then sets {@code block_status} to {@link #TP_STATUS_USER} (with
 * {@link #TP_STATUS_BLK_TMO} if the retire timeout closed it, {@link #TP_STATUS_LOSING} if packets were dropped
 * since the statistics were last read); the reader hands it back by storing {@link #TP_STATUS_KERNEL}. The status
 * is read with acquire semantics, so the packets written before it are seen, and written with release semantics,
 * so every read of the block's packets happens before the kernel may refill it.
 */
final class BlockDescriptor {
    static final int VERSION_OFFSET = 0;
    static final int BLOCK_STATUS_OFFSET = 8;
    static final int NUM_PKTS_OFFSET = 12;
    static final int OFFSET_TO_FIRST_PKT_OFFSET = 16;
    static final int BLK_LEN_OFFSET = 20;
    static final int SEQ_NUM_OFFSET = 24;
    /** {@code sizeof(struct tpacket_block_desc)}. */
    static final int LENGTH = 48;

    /** The block is the kernel's. */
    static final int TP_STATUS_KERNEL = 0;
    /** The block is the reader's. */
    static final int TP_STATUS_USER = 1;
    /** Packets were dropped since {@code PACKET_STATISTICS} was last read. */
    static final int TP_STATUS_LOSING = 1 << 2;
    /** The retire timeout closed the block before it was full. */
    static final int TP_STATUS_BLK_TMO = 1 << 5;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private BlockDescriptor() {
    }

    /** {@code block_status} of the block at {@code block}, with acquire semantics. */
    static int statusAcquire(ByteBuffer ring, int block) {
        return (int) INT.getAcquire(ring, block + BLOCK_STATUS_OFFSET);
    }

    /** Hands the block at {@code block} back to the kernel, with release semantics. */
    static void releaseToKernel(ByteBuffer ring, int block) {
        INT.setRelease(ring, block + BLOCK_STATUS_OFFSET, TP_STATUS_KERNEL);
    }
}

package io.zbuf.afpacket.libc;

import com.sun.jna.Memory;

/**
 * {@code struct tpacket_req3}, the argument of {@code PACKET_RX_RING} for {@code TPACKET_V3}: seven {@code unsigned
 * int}s.
 *
 * <pre>
 *   0 tp_block_size   4 tp_block_nr   8 tp_frame_size   12 tp_frame_nr
 *  16 tp_retire_blk_tov (ms)   20 tp_sizeof_priv   24 tp_feature_req_word   (28 bytes)
 * </pre>
 */
public final class TpacketReq3 {
    /** {@code sizeof(struct tpacket_req3)}. */
    public static final int LENGTH = 28;
    public static final int BLOCK_SIZE_OFFSET = 0;
    public static final int BLOCK_NR_OFFSET = 4;
    public static final int FRAME_SIZE_OFFSET = 8;
    public static final int FRAME_NR_OFFSET = 12;
    public static final int RETIRE_BLK_TOV_OFFSET = 16;
    public static final int SIZEOF_PRIV_OFFSET = 20;
    public static final int FEATURE_REQ_WORD_OFFSET = 24;

    private TpacketReq3() {
    }

    /** A request for {@code blockNr} blocks of {@code blockSize} bytes, no private area, no feature. */
    public static Memory of(int blockSize, int blockNr, int frameSize, int frameNr, int retireTimeoutMillis) {
        Memory request = new Memory(LENGTH);
        request.clear();
        request.setInt(BLOCK_SIZE_OFFSET, blockSize);
        request.setInt(BLOCK_NR_OFFSET, blockNr);
        request.setInt(FRAME_SIZE_OFFSET, frameSize);
        request.setInt(FRAME_NR_OFFSET, frameNr);
        request.setInt(RETIRE_BLK_TOV_OFFSET, retireTimeoutMillis);
        return request;
    }
}

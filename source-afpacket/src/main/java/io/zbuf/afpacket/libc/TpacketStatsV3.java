package io.zbuf.afpacket.libc;

/**
 * {@code struct tpacket_stats_v3}, what {@code PACKET_STATISTICS} returns for a {@code TPACKET_V3} ring: counts
 * since the last read, which the kernel then zeroes. {@code tp_packets} includes {@code tp_drops}.
 *
 * <pre>
 *   0 tp_packets (u32)   4 tp_drops (u32)   8 tp_freeze_q_cnt (u32)   (12 bytes)
 * </pre>
 */
public final class TpacketStatsV3 {
    /** {@code sizeof(struct tpacket_stats_v3)}. */
    public static final int LENGTH = 12;
    public static final int PACKETS_OFFSET = 0;
    public static final int DROPS_OFFSET = 4;

    private TpacketStatsV3() {
    }
}

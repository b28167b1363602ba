package io.zbuf.afpacket;

/**
 * The header of one packet in a {@code TPACKET_V3} block, {@code struct tpacket3_hdr}, in native byte order,
 * followed by a {@code struct sockaddr_ll} and the frame itself at {@code tp_mac}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          tp_next_offset: to the next packet, 0 for the last   |  0
 *  |                     tp_sec (timestamp, s)                     |  4
 *  |                     tp_nsec (timestamp, ns)                   |  8
 *  |              tp_snaplen: bytes present at tp_mac              | 12
 *  |                 tp_len: length on the wire                    | 16
 *  |                          tp_status                            | 20
 *  |          tp_mac (u16)         |          tp_net (u16)         | 24
 *  |          hv1: tp_rxhash, tp_vlan_tci, tp_vlan_tpid, padding   | 28
 *  +---------------------------------------------------------------+ 48
 *  |          struct sockaddr_ll (20 bytes) ... frame at tp_mac     |
 * </pre>
 */
final class FrameHeader {
    static final int NEXT_OFFSET_OFFSET = 0;
    static final int SEC_OFFSET = 4;
    static final int NSEC_OFFSET = 8;
    static final int SNAPLEN_OFFSET = 12;
    static final int LEN_OFFSET = 16;
    static final int STATUS_OFFSET = 20;
    static final int MAC_OFFSET = 24;
    /** {@code sizeof(struct tpacket3_hdr)}. */
    static final int LENGTH = 48;
    /** {@code TPACKET3_HDRLEN}: the header, aligned to 16, and the {@code sockaddr_ll}; a frame starts after it. */
    static final int HDRLEN = LENGTH + 20;

    private FrameHeader() {
    }
}

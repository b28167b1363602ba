package io.zbuf.afpacket.libc;

import com.sun.jna.Memory;

/**
 * {@code struct packet_mreq}, the argument of {@code PACKET_ADD_MEMBERSHIP}.
 *
 * <pre>
 *   0 mr_ifindex (int)   4 mr_type (u16)   6 mr_alen (u16)   8 mr_address[8]   (16 bytes)
 * </pre>
 */
public final class PacketMreq {
    /** {@code sizeof(struct packet_mreq)}. */
    public static final int LENGTH = 16;
    public static final int IFINDEX_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;

    private PacketMreq() {
    }

    /** Promiscuous mode on interface {@code ifindex}, for as long as the socket is open. */
    public static Memory promiscuous(int ifindex) {
        Memory request = new Memory(LENGTH);
        request.clear();
        request.setInt(IFINDEX_OFFSET, ifindex);
        request.setShort(TYPE_OFFSET, (short) LinuxLibc.PACKET_MR_PROMISC);
        return request;
    }
}

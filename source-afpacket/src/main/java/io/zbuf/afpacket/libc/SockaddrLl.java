package io.zbuf.afpacket.libc;

import com.sun.jna.Memory;

/**
 * {@code struct sockaddr_ll}, the address a packet socket binds to.
 *
 * <pre>
 *   0 sll_family (u16)   2 sll_protocol (be16)   4 sll_ifindex (int)   8 sll_hatype (u16)
 *  10 sll_pkttype (u8)  11 sll_halen (u8)       12 sll_addr[8]                          (20 bytes)
 * </pre>
 */
public final class SockaddrLl {
    /** {@code sizeof(struct sockaddr_ll)}. */
    public static final int LENGTH = 20;
    public static final int FAMILY_OFFSET = 0;
    public static final int PROTOCOL_OFFSET = 2;
    public static final int IFINDEX_OFFSET = 4;

    private SockaddrLl() {
    }

    /** The address of every protocol ({@code ETH_P_ALL}, in network order) on interface {@code ifindex}. */
    public static Memory allProtocols(int ifindex) {
        Memory address = new Memory(LENGTH);
        address.clear();
        address.setShort(FAMILY_OFFSET, (short) LinuxLibc.AF_PACKET);
        address.setShort(PROTOCOL_OFFSET, Short.reverseBytes((short) LinuxLibc.ETH_P_ALL));
        address.setInt(IFINDEX_OFFSET, ifindex);
        return address;
    }
}

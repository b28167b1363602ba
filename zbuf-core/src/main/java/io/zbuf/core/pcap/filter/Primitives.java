package io.zbuf.core.pcap.filter;

import static io.zbuf.core.filter.BpfOpcodes.*;
import static io.zbuf.core.pcap.filter.LinkLayer.*;

/**
 * The tests behind the primitives of pcap-filter(7), as libpcap's gencode.c builds them: protocols, hosts,
 * networks, ports, Ethernet addresses, broadcast and multicast, lengths.
 */
final class Primitives {
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_IGMP = 2;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_FRAGMENT = 44;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IPPROTO_SCTP = 132;
    /** Port tests with no transport protocol named: TCP, UDP and SCTP. */
    static final int ANY_TRANSPORT = -1;
    private static final int IPV6_HEADER = 40;
    private static final int IP_FRAGMENT_OFFSET = 0x1fff;

    /** Which address of a packet a primitive tests. */
    enum Direction { SOURCE, DESTINATION, EITHER, BOTH }

    private final LinkLayer link;

    Primitives(LinkLayer link) {
        this.link = link;
    }

    LinkLayer link() {
        return link;
    }

    Cond ip() {
        return link.protocol(ETHERTYPE_IP);
    }

    Cond ip6() {
        return link.protocol(ETHERTYPE_IPV6);
    }

    /** {@code ip proto p}. */
    Cond ipProtocol(int protocol) {
        return Cond.and(ip(), test(BPF_B, link.networkOffset() + 9, BPF_JEQ, protocol));
    }

    /** {@code ip6 proto p}: the next header, or the one after a fragment header. */
    Cond ip6Protocol(int protocol) {
        int next = link.networkOffset() + 6;
        Cond direct = test(BPF_B, next, BPF_JEQ, protocol);
        Cond fragmented = Cond.and(test(BPF_B, next, BPF_JEQ, IPPROTO_FRAGMENT),
            test(BPF_B, link.networkOffset() + IPV6_HEADER, BPF_JEQ, protocol));
        return Cond.and(ip6(), Cond.or(direct, fragmented));
    }

    /** {@code proto p}: IPv4 or IPv6. */
    Cond protocol(int protocol) {
        return Cond.or(ipProtocol(protocol), ip6Protocol(protocol));
    }

    /** Not a later IPv4 fragment (the fragment offset is 0); only meaningful after an IPv4 test. */
    Cond firstFragment() {
        return Cond.not(test(BPF_H, link.networkOffset() + 6, BPF_JSET, IP_FRAGMENT_OFFSET));
    }

    /** The guard of {@code tcp[...]} and the like: IPv4, that protocol, not a later fragment. */
    Cond transportGuard(int protocol) {
        return Cond.and(ipProtocol(protocol), firstFragment());
    }

    /** An IPv4 host or network of the IP header ({@code ip host}), or of ARP/RARP ({@code arp host}). */
    Cond ipv4Address(int etherType, int address, int mask, Direction direction) {
        boolean arp = etherType != ETHERTYPE_IP;
        int source = link.networkOffset() + (arp ? 14 : 12);
        int destination = link.networkOffset() + (arp ? 24 : 16);
        Cond protocolTest = link.protocol(etherType);
        return Cond.and(protocolTest, directed(direction,
            masked(BPF_W, source, mask, address & mask), masked(BPF_W, destination, mask, address & mask)));
    }

    /** {@code host a.b.c.d} and {@code net}: IPv4, ARP or RARP. */
    Cond anyIpv4Address(int address, int mask, Direction direction) {
        Cond ip = ipv4Address(ETHERTYPE_IP, address, mask, direction);
        Cond arp = ipv4Address(ETHERTYPE_ARP, address, mask, direction);
        Cond rarp = ipv4Address(ETHERTYPE_REVARP, address, mask, direction);
        return Cond.or(ip, Cond.or(arp, rarp));
    }

    /** An IPv6 host or network, {@code mask} as four words. */
    Cond ipv6Address(int[] address, int[] mask, Direction direction) {
        return Cond.and(ip6(), directed(direction, ipv6Words(link.networkOffset() + 8, address, mask),
            ipv6Words(link.networkOffset() + 24, address, mask)));
    }

    private static Cond ipv6Words(int offset, int[] address, int[] mask) {
        Cond all = Cond.TRUE;
        for (int i = 3; i >= 0; i--) {
            if (mask[i] != 0) {
                all = Cond.and(masked(BPF_W, offset + 4 * i, mask[i], address[i] & mask[i]), all);
            }
        }
        return all;
    }

    /** {@code ether host}: the 6 bytes, compared as a word at +2 then a half word at +0. */
    Cond etherAddress(byte[] mac, Direction direction, Token at) {
        requireEthernet("ethernet addresses", at);
        return directed(direction, mac(6, mac), mac(0, mac));
    }

    private static Cond mac(int offset, byte[] mac) {
        int high = (mac[0] & 0xff) << 8 | mac[1] & 0xff;
        int low = (mac[2] & 0xff) << 24 | (mac[3] & 0xff) << 16 | (mac[4] & 0xff) << 8 | mac[5] & 0xff;
        return Cond.and(test(BPF_W, offset + 2, BPF_JEQ, low), test(BPF_H, offset, BPF_JEQ, high));
    }

    Cond etherBroadcast(Token at) {
        requireEthernet("broadcast", at);
        return mac(0, new byte[] {-1, -1, -1, -1, -1, -1});
    }

    Cond etherMulticast(Token at) {
        requireEthernet("multicast", at);
        return test(BPF_B, 0, BPF_JSET, 1);
    }

    Cond ipMulticast() {
        return Cond.and(ip(), test(BPF_B, link.networkOffset() + 16, BPF_JGE, 224));
    }

    Cond ip6Multicast() {
        return Cond.and(ip6(), test(BPF_B, link.networkOffset() + 24, BPF_JEQ, 255));
    }

    /** {@code port}/{@code portrange} on IPv6 then IPv4 (not later fragments), TCP, UDP, SCTP or one of them. */
    Cond port(int low, int high, int protocol, Direction direction) {
        int[] protocols = protocol == ANY_TRANSPORT ? new int[] {IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP} : new int[] {protocol};
        Cond v6Protocols = Cond.FALSE;
        Cond v4Protocols = Cond.FALSE;
        for (int i = protocols.length - 1; i >= 0; i--) {
            v6Protocols = Cond.or(test(BPF_B, link.networkOffset() + 6, BPF_JEQ, protocols[i]), v6Protocols);
            v4Protocols = Cond.or(test(BPF_B, link.networkOffset() + 9, BPF_JEQ, protocols[i]), v4Protocols);
        }
        int v6Ports = link.networkOffset() + IPV6_HEADER;
        Cond v6 = Cond.and(ip6(), Cond.and(v6Protocols, directed(direction,
            range(new Value.Load(Cond.TRUE, v6Ports, Value.Load.FIXED, new Value.Constant(0), 2), low, high),
            range(new Value.Load(Cond.TRUE, v6Ports + 2, Value.Load.FIXED, new Value.Constant(0), 2), low, high))));
        int headerLength = link.networkOffset();
        Cond v4 = Cond.and(ip(), Cond.and(v4Protocols, Cond.and(firstFragment(), directed(direction,
            range(new Value.Load(Cond.TRUE, headerLength, headerLength, new Value.Constant(0), 2), low, high),
            range(new Value.Load(Cond.TRUE, headerLength + 2, headerLength, new Value.Constant(0), 2), low, high)))));
        return Cond.or(v6, v4);
    }

    private static Cond range(Value port, int low, int high) {
        if (low == high) {
            return Value.relation(port, BPF_JEQ, new Value.Constant(low));
        }
        return Cond.and(Value.relation(port, BPF_JGE, new Value.Constant(low)),
            Cond.not(Value.relation(port, BPF_JGT, new Value.Constant(high))));
    }

    /** {@code less n} ({@code len <= n}) and {@code greater n} ({@code len >= n}). */
    static Cond length(boolean greater, int n) {
        Cond atLeast = Value.relation(new Value.Length(), greater ? BPF_JGE : BPF_JGT, new Value.Constant(n));
        return greater ? atLeast : Cond.not(atLeast);
    }

    private static Cond directed(Direction direction, Cond source, Cond destination) {
        return switch (direction) {
            case SOURCE -> source;
            case DESTINATION -> destination;
            case BOTH -> Cond.and(source, destination);
            case EITHER -> Cond.or(source, destination);
        };
    }

    private void requireEthernet(String what, Token at) {
        if (!link.ethernet()) {
            throw new FilterSyntaxException(what + " are supported only on Ethernet, not on " + link.description(),
                at.column(), at.text());
        }
    }
}

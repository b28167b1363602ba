package io.zbuf.examples.cli.decode;

import java.nio.ByteBuffer;

import static io.zbuf.examples.cli.decode.NetworkBytes.u16;
import static io.zbuf.examples.cli.decode.NetworkBytes.u32;
import static io.zbuf.examples.cli.decode.NetworkBytes.u8;

/**
 * The network and transport part of a {@link PacketLine}: IPv4 and IPv6 with TCP, UDP, ICMP and ICMPv6, as
 * {@code tcpdump -nn -S} words it, truncation markers ({@code [|ip]}, {@code [|tcp]}, ...) included.
 *
 * <p>Every method takes the absolute index where its header starts, the absolute end of the captured
 * bytes, and the number of bytes the header and what follows had on the wire. It reads with absolute
 * gets, checks each read against the captured end, and never throws on garbage.
 */
final class InternetLine {
    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    private static final int TCP_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int ICMP_ECHO_HEADER = 8;

    private static final int PROTOCOL_ICMP = 1;
    private static final int PROTOCOL_TCP = 6;
    private static final int PROTOCOL_UDP = 17;
    private static final int PROTOCOL_ICMPV6 = 58;
    private static final int FRAGMENT_OFFSET_MASK = 0x1fff;


    private static final int TH_FIN = 0x01;
    private static final int TH_SYN = 0x02;
    private static final int TH_RST = 0x04;
    private static final int TH_ACK = 0x10;
    private static final int TH_URG = 0x20;
    /** tcpdump's flag letters, in its order: FIN, SYN, RST, PSH, ACK, URG, ECE, CWR. */
    private static final int[] TCP_FLAG_BITS = {TH_FIN, TH_SYN, TH_RST, 0x08, TH_ACK, TH_URG, 0x40, 0x80};
    private static final char[] TCP_FLAG_LETTERS = {'F', 'S', 'R', 'P', '.', 'U', 'E', 'W'};

    private InternetLine() {
    }

    /** How tcpdump words ICMP and ICMPv6, which differ only in names and numbers. */
    private enum Icmp {
        V4("ICMP", " ", 8, 0, "icmp"),
        V6("ICMP6", ", ", 128, 129, "icmp6");

        final String name;
        final String separator;
        final int echoRequest;
        final int echoReply;
        final String marker;

        Icmp(String name, String separator, int echoRequest, int echoReply, String marker) {
            this.name = name;
            this.separator = separator;
            this.echoRequest = echoRequest;
            this.echoReply = echoReply;
            this.marker = marker;
        }
    }

    /** An IPv4 packet. */
    static void ipv4(StringBuilder out, ByteBuffer packet, int offset, int end, long length) {
        int captured = end - offset;
        if (captured <= 0) {
            out.append(" [|ip]");
            return;
        }
        if (captured < IPV4_HEADER) {
            out.append("IP  [|ip]");
            return;
        }
        int version = u8(packet, offset) >>> 4;
        if (version != 4) {
            if (version == 6) {
                out.append("IP6, wrong link-layer encapsulation");
            } else {
                out.append("IP").append(version);
            }
            out.append(" (invalid)");
            return;
        }
        out.append("IP ");
        int headerLength = (u8(packet, offset) & 0xf) * 4;
        if (headerLength < IPV4_HEADER) {
            out.append("bad-hlen ").append(headerLength);
            return;
        }
        if (captured < headerLength) {
            out.append(" [remaining caplen(").append(captured).append(") < header length(").append(headerLength)
                    .append(")] [|ip]");
            return;
        }
        long totalLength = u16(packet, offset + 2);
        if (totalLength > length) {
            out.append("truncated-ip - ").append(totalLength - length).append(" bytes missing! ");
            totalLength = length;
        }
        if (totalLength < headerLength) {
            out.append("bad-len ").append(totalLength);
            return;
        }
        int transport = offset + headerLength;
        int transportEnd = (int) Math.min(end, offset + totalLength);
        long payload = totalLength - headerLength;
        int protocol = u8(packet, offset + 9);
        int source = offset + 12;
        int destination = offset + 16;
        if ((u16(packet, offset + 6) & FRAGMENT_OFFSET_MASK) != 0) {
            hosts(out, packet, false, source, destination);
            out.append(": ip-proto-").append(protocol);
            return;
        }
        transport(out, packet, false, source, destination, protocol, transport, transportEnd, payload);
    }

    /** An IPv6 packet (extension headers are not followed: their next header is shown as a protocol). */
    static void ipv6(StringBuilder out, ByteBuffer packet, int offset, int end, long length) {
        if (end - offset < IPV6_HEADER) {
            out.append(" [|ip6]");
            return;
        }
        int version = u8(packet, offset) >>> 4;
        if (version != 6) {
            out.append("IP6 version error: ").append(version).append(" != 6");
            return;
        }
        out.append("IP6 ");
        int payloadLength = u16(packet, offset + 4);
        long totalLength = payloadLength == 0 ? length : IPV6_HEADER + payloadLength;
        if (totalLength > length) {
            out.append("truncated-ip6 - ").append(totalLength - length).append(" bytes missing!");
            totalLength = length;
        }
        int transport = offset + IPV6_HEADER;
        int transportEnd = (int) Math.min(end, offset + totalLength);
        transport(out, packet, true, offset + 8, offset + 24, u8(packet, offset + 6), transport, transportEnd,
                totalLength - IPV6_HEADER);
    }

    private static void transport(StringBuilder out, ByteBuffer packet, boolean v6, int source, int destination,
                                  int protocol, int offset, int end, long length) {
        switch (protocol) {
            case PROTOCOL_TCP -> tcp(out, packet, v6, source, destination, offset, end, length);
            case PROTOCOL_UDP -> udp(out, packet, v6, source, destination, offset, end, length);
            case PROTOCOL_ICMP -> icmp(out, packet, v6, source, destination, offset, end, length, Icmp.V4);
            case PROTOCOL_ICMPV6 -> icmp(out, packet, v6, source, destination, offset, end, length, Icmp.V6);
            default -> {
                hosts(out, packet, v6, source, destination);
                out.append(":  ip-proto-").append(protocol).append(' ').append(length);
            }
        }
    }

    private static void tcp(StringBuilder out, ByteBuffer packet, boolean v6, int source, int destination,
                            int offset, int end, long length) {
        if (end - offset < 4) {
            hosts(out, packet, v6, source, destination);
            out.append(": [|tcp]");
            return;
        }
        endpoints(out, packet, v6, source, destination, offset);
        if (end - offset < TCP_HEADER) {
            out.append(" [|tcp]");
            return;
        }
        int headerLength = (u8(packet, offset + 12) >>> 4) * 4;
        if (headerLength < TCP_HEADER) {
            out.append(" tcp ").append(length - headerLength & 0xffffffffL)
                    .append(" [bad hdr length ").append(headerLength).append(" - too short, < 20]");
            return;
        }
        int flags = u8(packet, offset + 13);
        out.append("Flags [");
        if (flags == 0) {
            out.append("none");
        }
        for (int i = 0; i < TCP_FLAG_BITS.length; i++) {
            if ((flags & TCP_FLAG_BITS[i]) != 0) {
                out.append(TCP_FLAG_LETTERS[i]);
            }
        }
        out.append(']');
        if (headerLength > length) {
            out.append(" [bad hdr length ").append(headerLength).append(" - too long, > ").append(length).append(']');
            return;
        }
        long data = length - headerLength;
        long sequence = u32(packet, offset + 4);
        if (data > 0 || (flags & (TH_SYN | TH_FIN | TH_RST)) != 0) {
            out.append(", seq ").append(sequence);
            if (data > 0) {
                out.append(':').append(sequence + data & 0xffffffffL);
            }
        }
        if ((flags & TH_ACK) != 0) {
            out.append(", ack ").append(u32(packet, offset + 8));
        }
        out.append(", win ").append(u16(packet, offset + 14));
        if ((flags & TH_URG) != 0) {
            out.append(", urg ").append(u16(packet, offset + 18));
        }
        out.append(", length ").append(data);
    }

    private static void udp(StringBuilder out, ByteBuffer packet, boolean v6, int source, int destination,
                            int offset, int end, long length) {
        if (end - offset < UDP_HEADER) {
            if (end - offset < 4) {
                hosts(out, packet, v6, source, destination);
                out.append(": ");
            } else {
                endpoints(out, packet, v6, source, destination, offset);
            }
            out.append(" [|udp]");
            return;
        }
        endpoints(out, packet, v6, source, destination, offset);
        int udpLength = u16(packet, offset + 4);
        if (udpLength < UDP_HEADER) {
            out.append("truncated-udplength ").append(udpLength);
            return;
        }
        long data = udpLength - UDP_HEADER;
        if (data > length - UDP_HEADER) {
            out.append("UDP, bad length ").append(data).append(" > ").append(length - UDP_HEADER);
            return;
        }
        out.append("UDP, length ").append(data);
    }

    private static void icmp(StringBuilder out, ByteBuffer packet, boolean v6, int source, int destination,
                             int offset, int end, long length, Icmp icmp) {
        hosts(out, packet, v6, source, destination);
        out.append(": ");
        if (end - offset < ICMP_ECHO_HEADER) {
            out.append(" [|").append(icmp.marker).append(']');
            return;
        }
        out.append(icmp.name).append(icmp.separator);
        int type = u8(packet, offset);
        if (type == icmp.echoRequest || type == icmp.echoReply) {
            out.append(type == icmp.echoRequest ? "echo request" : "echo reply")
                    .append(", id ").append(u16(packet, offset + 4)).append(", seq ").append(u16(packet, offset + 6));
        } else {
            out.append("type ").append(type).append(", code ").append(u8(packet, offset + 1));
        }
        out.append(", length ").append(length);
    }

    /** {@code source > destination}. */
    private static void hosts(StringBuilder out, ByteBuffer packet, boolean v6, int source, int destination) {
        address(out, packet, v6, source);
        out.append(" > ");
        address(out, packet, v6, destination);
    }

    /** {@code source.port > destination.port: }, the ports being the first 4 bytes at {@code ports}. */
    private static void endpoints(StringBuilder out, ByteBuffer packet, boolean v6, int source, int destination, int ports) {
        address(out, packet, v6, source);
        out.append('.').append(u16(packet, ports)).append(" > ");
        address(out, packet, v6, destination);
        out.append('.').append(u16(packet, ports + 2)).append(": ");
    }

    private static void address(StringBuilder out, ByteBuffer packet, boolean v6, int offset) {
        if (v6) {
            Addresses.ipv6(out, packet, offset);
        } else {
            Addresses.ipv4(out, packet, offset);
        }
    }
}

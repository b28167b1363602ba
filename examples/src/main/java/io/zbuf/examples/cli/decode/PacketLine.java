package io.zbuf.examples.cli.decode;

import io.zbuf.spi.LinkType;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static io.zbuf.examples.cli.decode.NetworkBytes.u16;

/**
 * One line per packet, as {@code tcpdump -nn -S} prints it:
 * {@code 12:34:56.789012 IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP, length 18}.
 *
 * <p>Decodes Ethernet, BSD and OpenBSD loopback ({@code DLT_NULL}, {@code DLT_LOOP}) and raw IP ({@code DLT_RAW},
 * {@code DLT_IPV4}, {@code DLT_IPV6}); IPv4, IPv6, ARP; TCP (flags, absolute
 * sequence numbers, window, urgent pointer and length, not options), UDP, ICMP and ICMPv6 echo. Application
 * protocols are not decoded: a DNS datagram is {@code UDP, length 34}, as {@code tcpdump -q} says. Where
 * tcpdump prints a hex dump (an unknown ethertype, an 802.3 frame, an unknown loopback family) this prints
 * one short phrase instead ({@code ethertype 0x88cc, length 60}), and so for any other link type ({@code
 * link-type LINUX_SLL, length 60}).
 *
 * <p>A packet cut short by the snap length, or garbage, never throws: the line ends in a tcpdump-style
 * truncation marker such as {@code [|ip]} or {@code [|tcp]}. The packet's bytes are those between its
 * position and limit; its position, limit and byte order are not touched.
 *
 * <p>The time of day is in UTC unless a zone is given. Nothing is allocated per packet beyond the growth
 * of the caller's {@link StringBuilder} (and, for a zone other than UTC, the lookup of its offset).
 */
public final class PacketLine {
    private static final int ETHERNET_HEADER = 14;
    private static final int LOOPBACK_HEADER = 4;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    /** Ethertype values up to this one are 802.3 frame lengths. */
    private static final int MAX_8023_LENGTH = 1500;
    private static final int AF_INET = 2;
    /** {@code AF_INET6} of NetBSD/OpenBSD, FreeBSD and macOS. */
    private static final int[] AF_INET6 = {24, 28, 30};

    private static final int ARP_FIXED = 8;
    private static final int ARP_ETHERNET_IPV4 = ARP_FIXED + 2 * 6 + 2 * 4;
    private static final int ARP_REQUEST = 1;
    private static final int ARP_REPLY = 2;
    private static final int RARP_REQUEST = 3;
    private static final int RARP_REPLY = 4;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int NANOS_PER_MICRO = 1_000;
    private static final int SECONDS_PER_DAY = 86_400;
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private PacketLine() {
    }

    /**
     * Appends the line for one packet, in UTC, without a line separator.
     *
     * @param out        where the line goes
     * @param epochNanos when the packet was captured, in nanoseconds since the epoch
     * @param linkType   how the packet starts
     * @param packet     the captured bytes, between position and limit
     * @param wireLength the packet's length on the wire (at least the captured length)
     * @param nanos      whether to print 9 fractional digits instead of 6
     */
    public static void format(StringBuilder out, long epochNanos, LinkType linkType, ByteBuffer packet, long wireLength,
                              boolean nanos) {
        format(out, epochNanos, linkType, packet, wireLength, nanos, ZoneOffset.UTC);
    }

    /** As {@link #format(StringBuilder, long, LinkType, ByteBuffer, long, boolean)}, with the time of day in {@code zone}. */
    public static void format(StringBuilder out, long epochNanos, LinkType linkType, ByteBuffer packet, long wireLength,
                              boolean nanos, ZoneId zone) {
        time(out, epochNanos, nanos, zone);
        out.append(' ');
        int start = packet.position();
        int end = packet.limit();
        long length = Math.max(wireLength, end - start);
        if (linkType.equals(LinkType.EN10MB)) {
            ethernet(out, packet, start, end, length);
        } else if (linkType.equals(LinkType.NULL) || linkType.equals(LinkType.LOOP)) {
            loopback(out, packet, start, end, length);
        } else if (linkType.equals(LinkType.RAW) || linkType.equals(LinkType.IPV4) || linkType.equals(LinkType.IPV6)) {
            rawIp(out, packet, start, end, length);
        } else {
            out.append("link-type ").append(linkType.name()).append(", length ").append(length);
        }
    }

    private static void time(StringBuilder out, long epochNanos, boolean nanos, ZoneId zone) {
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        int fraction = (int) Math.floorMod(epochNanos, NANOS_PER_SECOND);
        int offset = zone == ZoneOffset.UTC ? 0 : zone.getRules().getOffset(Instant.ofEpochSecond(seconds)).getTotalSeconds();
        int secondOfDay = (int) Math.floorMod(seconds + offset, SECONDS_PER_DAY);
        twoDigits(out, secondOfDay / 3600).append(':');
        twoDigits(out, secondOfDay / 60 % 60).append(':');
        twoDigits(out, secondOfDay % 60).append('.');
        if (nanos) {
            digits(out, fraction, 9);
        } else {
            digits(out, fraction / NANOS_PER_MICRO, 6);
        }
    }

    private static StringBuilder twoDigits(StringBuilder out, int value) {
        return digits(out, value, 2);
    }

    private static StringBuilder digits(StringBuilder out, int value, int count) {
        for (int divisor = POWERS_OF_TEN[count - 1]; divisor > 0; divisor /= 10) {
            out.append((char) ('0' + value / divisor % 10));
        }
        return out;
    }

    private static void ethernet(StringBuilder out, ByteBuffer packet, int start, int end, long length) {
        if (end - start < ETHERNET_HEADER) {
            out.append(" [|ether]");
            return;
        }
        int etherType = u16(packet, start + 12);
        int network = start + ETHERNET_HEADER;
        long networkLength = length - ETHERNET_HEADER;
        switch (etherType) {
            case ETHERTYPE_IPV4 -> InternetLine.ipv4(out, packet, network, end, networkLength);
            case ETHERTYPE_IPV6 -> InternetLine.ipv6(out, packet, network, end, networkLength);
            case ETHERTYPE_ARP -> arp(out, packet, network, end, networkLength);
            default -> {
                if (etherType <= MAX_8023_LENGTH) {
                    out.append("802.3");
                } else {
                    out.append("ethertype 0x");
                    Addresses.hex(out, etherType, 4);
                }
                out.append(", length ").append(length);
            }
        }
    }

    /**
     * {@code DLT_NULL}: the address family in the capturing host's byte order, which may not be ours; {@code
     * DLT_LOOP}: in network byte order. Either is read in either order.
     */
    private static void loopback(StringBuilder out, ByteBuffer packet, int start, int end, long length) {
        if (end - start < LOOPBACK_HEADER) {
            out.append(" [|null]");
            return;
        }
        int family = Integer.reverseBytes((int) NetworkBytes.u32(packet, start));
        if ((family & 0xffff0000) != 0) {
            family = Integer.reverseBytes(family);
        }
        int network = start + LOOPBACK_HEADER;
        long networkLength = length - LOOPBACK_HEADER;
        if (family == AF_INET) {
            InternetLine.ipv4(out, packet, network, end, networkLength);
        } else if (family == AF_INET6[0] || family == AF_INET6[1] || family == AF_INET6[2]) {
            InternetLine.ipv6(out, packet, network, end, networkLength);
        } else {
            out.append("AF ").append(family).append(", length ").append(length);
        }
    }

    private static void rawIp(StringBuilder out, ByteBuffer packet, int start, int end, long length) {
        int version = start < end ? NetworkBytes.u8(packet, start) >>> 4 : 4;
        switch (version) {
            case 4 -> InternetLine.ipv4(out, packet, start, end, length);
            case 6 -> InternetLine.ipv6(out, packet, start, end, length);
            default -> out.append("unknown ip ").append(version);
        }
    }

    /** ARP and RARP for IPv4 over Ethernet addresses; other address kinds get only the length. */
    private static void arp(StringBuilder out, ByteBuffer packet, int start, int end, long length) {
        if (end - start < ARP_FIXED) {
            out.append(" [|arp]");
            return;
        }
        boolean ipv4OverEthernet = u16(packet, start + 2) == ETHERTYPE_IPV4 && NetworkBytes.u8(packet, start + 4) == 6
                && NetworkBytes.u8(packet, start + 5) == 4;
        if (!ipv4OverEthernet) {
            out.append("ARP, length ").append(length);
            return;
        }
        if (end - start < ARP_ETHERNET_IPV4) {
            out.append(" [|arp]");
            return;
        }
        out.append("ARP, ");
        int senderMac = start + ARP_FIXED;
        int senderIp = senderMac + 6;
        int targetMac = senderIp + 4;
        int targetIp = targetMac + 6;
        int operation = u16(packet, start + 6);
        switch (operation) {
            case ARP_REQUEST -> {
                out.append("Request who-has ");
                Addresses.ipv4(out, packet, targetIp);
                if (!allZero(packet, targetMac, 6)) {
                    out.append(" (");
                    Addresses.mac(out, packet, targetMac);
                    out.append(')');
                }
                out.append(" tell ");
                Addresses.ipv4(out, packet, senderIp);
            }
            case ARP_REPLY -> {
                out.append("Reply ");
                Addresses.ipv4(out, packet, senderIp);
                out.append(" is-at ");
                Addresses.mac(out, packet, senderMac);
            }
            case RARP_REQUEST -> {
                out.append("Reverse Request who-is ");
                Addresses.mac(out, packet, targetMac);
                out.append(" tell ");
                Addresses.mac(out, packet, senderMac);
            }
            case RARP_REPLY -> {
                out.append("Reverse Reply ");
                Addresses.mac(out, packet, targetMac);
                out.append(" at ");
                Addresses.ipv4(out, packet, targetIp);
            }
            default -> out.append("op ").append(operation);
        }
        out.append(", length ").append(length);
    }

    private static boolean allZero(ByteBuffer packet, int offset, int count) {
        for (int i = 0; i < count; i++) {
            if (packet.get(offset + i) != 0) {
                return false;
            }
        }
        return true;
    }
}

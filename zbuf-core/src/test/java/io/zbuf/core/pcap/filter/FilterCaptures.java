package io.zbuf.core.pcap.filter;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.pcap.PcapReader;
import io.zbuf.core.pcap.PcapWriter;
import io.zbuf.core.pcap.TestCaptures;
import io.zbuf.spi.LinkType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Packets that reach every primitive: IPv4 (options, fragments, every TCP flag, UDP, ICMP types, IGMP,
 * SCTP), IPv6 (extension headers, fragment header, ICMPv6 types), ARP and RARP, VLAN tags, broadcast and
 * multicast, LLC and other ethertypes; as Ethernet, BSD loopback (NULL) and raw IP.
 */
final class FilterCaptures {
    static final int SNAP_LENGTH = 262144;
    static final byte[] MAC_A = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
    static final byte[] MAC_B = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    static final byte[] MULTICAST = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
    static final int[] HOSTS = {0x0a000001, 0x0a000002, 0xc0a80101, 0xc0a80164, 0x7f000001, 0xe0000001, 0x4a358c99, 0x0a0a0104};

    private FilterCaptures() {
    }

    /** The frames: Ethernet, each with a network packet (or none for LLC). */
    static List<byte[]> ethernetFrames(long seed) {
        Random random = new Random(seed);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            frames.add(ethernet(random));
        }
        return frames;
    }

    private static byte[] ethernet(Random random) {
        int kind = random.nextInt(20);
        byte[] dst = pickOf(random, MAC_A, MAC_B, BROADCAST, MULTICAST);
        byte[] src = pickOf(random, MAC_A, MAC_B, new byte[] {0x02, 0, 0, 0, 0, (byte) random.nextInt(256)});
        ByteBuffer frame = ByteBuffer.allocate(1600);
        frame.put(dst).put(src);
        int vlans = random.nextInt(6) == 0 ? 1 + random.nextInt(2) : 0;
        for (int v = 0; v < vlans; v++) {
            frame.putShort((short) (v == 0 && random.nextBoolean() ? 0x88a8 : 0x8100));
            frame.putShort((short) (random.nextInt(8) << 13 | pick(random, 5, 10, 100, 4095, random.nextInt(4096))));
        }
        if (kind < 9) {
            frame.putShort((short) 0x0800).put(ipv4(random));
        } else if (kind < 15) {
            frame.putShort((short) 0x86dd).put(ipv6(random));
        } else if (kind < 18) {
            frame.putShort((short) (kind == 17 ? 0x8035 : 0x0806)).put(arp(random, kind == 17));
        } else if (kind == 18) {
            byte[] llc = new byte[3 + random.nextInt(40)];
            llc[0] = (byte) pick(random, 0x42, 0x64, 0xaa, 0xe0);
            frame.putShort((short) llc.length).put(llc);
        } else {
            frame.putShort((short) pick(random, 0x88cc, 0x9000, 0x809b, 0x1234));
            frame.put(new byte[random.nextInt(50)]);
        }
        byte[] bytes = new byte[frame.position()];
        frame.flip().get(bytes);
        return bytes;
    }

    /** An IPv4 packet: sometimes options, a later fragment or a first fragment; TCP, UDP, ICMP, IGMP, SCTP, other. */
    static byte[] ipv4(Random random) {
        int options = random.nextInt(4) == 0 ? 4 * (1 + random.nextInt(3)) : 0;
        int protocol = pick(random, 6, 6, 6, 17, 17, 1, 1, 2, 132, 47);
        byte[] transport = transport(random, protocol, false);
        int length = 20 + options + transport.length;
        ByteBuffer ip = ByteBuffer.allocate(length);
        ip.put((byte) (0x40 | (20 + options) / 4)).put((byte) 0).putShort((short) length);
        int fragment = switch (random.nextInt(8)) {
            case 0 -> 1 + random.nextInt(200);
            case 1 -> 0x2000;
            case 2 -> 0x2000 | 1 + random.nextInt(200);
            default -> 0x4000;
        };
        ip.putShort((short) random.nextInt(65536)).putShort((short) fragment).put((byte) 64).put((byte) protocol).putShort((short) 0);
        ip.putInt(pick(random, HOSTS)).putInt(random.nextInt(10) == 0 ? 0xffffffff : pick(random, HOSTS));
        ip.put(new byte[options]).put(transport);
        return ip.array();
    }

    static byte[] ipv6(Random random) {
        int protocol = pick(random, 6, 6, 17, 17, 58, 58, 58, 132);
        byte[] transport = transport(random, protocol, true);
        List<byte[]> extensions = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        int count = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
        for (int i = 0; i < count; i++) {
            types.add(pick(random, 0, 43, 44, 60));
        }
        ByteBuffer payload = ByteBuffer.allocate(transport.length + 16 * count);
        for (int i = 0; i < count; i++) {
            int next = i + 1 < count ? types.get(i + 1) : protocol;
            if (types.get(i) == 44) {
                payload.put((byte) next).put((byte) 0).putShort((short) (random.nextBoolean() ? 0 : 8 * random.nextInt(100) + 1)).putInt(7);
            } else {
                payload.put((byte) next).put((byte) 1).put(new byte[14]);
            }
        }
        payload.put(transport);
        int length = payload.position();
        ByteBuffer ip = ByteBuffer.allocate(40 + length);
        int first = count > 0 ? types.get(0) : protocol;
        ip.putInt(0x60000000).putShort((short) length).put((byte) first).put((byte) 64);
        ip.put(ipv6Address(random)).put(ipv6Address(random)).put(payload.array(), 0, length);
        return ip.array();
    }

    private static byte[] ipv6Address(Random random) {
        ByteBuffer a = ByteBuffer.allocate(16);
        switch (random.nextInt(4)) {
            case 0 -> a.putLong(0xfe80000000000000L).putLong(random.nextInt(3));
            case 1 -> a.putLong(0).putLong(1);
            case 2 -> a.putLong(0xff02000000000000L).putLong(1);
            default -> a.putLong(0x20010db800000000L).putLong(random.nextInt(4));
        }
        return a.array();
    }

    private static byte[] transport(Random random, int protocol, boolean v6) {
        int payload = random.nextInt(5) == 0 ? 0 : random.nextInt(200);
        ByteBuffer t;
        switch (protocol) {
            case 6 -> {
                t = ByteBuffer.allocate(20 + payload);
                t.putShort((short) port(random)).putShort((short) port(random)).putInt(random.nextInt()).putInt(random.nextInt());
                t.put((byte) 0x50).put((byte) random.nextInt(256)).putShort((short) 1024).putInt(0);
            }
            case 17, 132 -> {
                t = ByteBuffer.allocate(8 + payload);
                t.putShort((short) port(random)).putShort((short) port(random)).putShort((short) (8 + payload)).putShort((short) 0);
            }
            case 1, 58 -> {
                t = ByteBuffer.allocate(8 + payload);
                int type = v6 ? pick(random, 1, 2, 3, 128, 129, 133, 134, 135, 136) : pick(random, 0, 3, 5, 8, 11, 13);
                t.put((byte) type).put((byte) random.nextInt(4)).putShort((short) 0).putInt(random.nextInt());
            }
            default -> {
                t = ByteBuffer.allocate(8 + payload);
                t.put((byte) pick(random, 0x11, 0x16, 0x17)).put(new byte[7]);
            }
        }
        for (int i = t.position(); i < t.capacity(); i++) {
            t.put((byte) random.nextInt(256));
        }
        return t.array();
    }

    private static int port(Random random) {
        return pick(random, 20, 22, 25, 53, 67, 68, 80, 123, 443, 1024, 5060, 8080, 1024 + random.nextInt(60000));
    }

    private static byte[] arp(Random random, boolean reverse) {
        ByteBuffer arp = ByteBuffer.allocate(28);
        arp.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) (reverse ? 3 : 1 + random.nextInt(2)));
        arp.put(MAC_A).putInt(pick(random, HOSTS)).put(MAC_B).putInt(pick(random, HOSTS));
        return arp.array();
    }

    /** The network packet of an Ethernet frame without VLAN tags, or null if it is not IPv4 or IPv6. */
    static byte[] network(byte[] frame) {
        if (frame.length < 15) {
            return null;
        }
        int type = (frame[12] & 0xff) << 8 | frame[13] & 0xff;
        if (type != 0x0800 && type != 0x86dd) {
            return null;
        }
        return java.util.Arrays.copyOfRange(frame, 14, frame.length);
    }

    /** An IP packet behind BSD loopback's address family word (little-endian, FreeBSD's AF_INET6). */
    static byte[] loopback(byte[] ip) {
        int family = (ip[0] & 0xf0) == 0x60 ? 28 : 2;
        return ByteBuffer.allocate(4 + ip.length).order(ByteOrder.LITTLE_ENDIAN).putInt(family).put(ip).array();
    }

    /** Writes packets to a pcap file, packet i stamped i seconds. */
    static void write(Path file, LinkType type, List<byte[]> packets) throws IOException {
        try (PcapWriter writer = PcapWriter.create(file, type, SNAP_LENGTH, PcapWriter.Precision.MICRO)) {
            for (int i = 0; i < packets.size(); i++) {
                writer.write(i * 1_000_000_000L, ByteBuffer.wrap(packets.get(i)), packets.get(i).length);
            }
        }
    }

    /** The packets of a pcap file (captured bytes). */
    static List<byte[]> read(Path file) throws IOException {
        List<byte[]> packets = new ArrayList<>();
        try (PcapReader reader = PcapReader.open(file)) {
            Packet packet = new Packet(1);
            while (reader.next(packet)) {
                ByteBuffer data = packet.fragment(0);
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                packets.add(bytes);
            }
        }
        return packets;
    }

    /** The captures the oracle runs over, per link type: generated, plus the shared Ethernet pcaps. */
    static List<byte[]> packets(LinkType type, long seed) throws IOException {
        List<byte[]> ethernet = new ArrayList<>(ethernetFrames(seed));
        if (type == LinkType.EN10MB) {
            ethernet.addAll(read(TestCaptures.smtp()));
            ethernet.addAll(read(TestCaptures.bigEndian()));
            List<byte[]> lo = read(TestCaptures.loopbackUdpSizes());
            ethernet.addAll(lo.subList(0, Math.min(200, lo.size())));
        }
        if (type == LinkType.EN10MB) {
            return ethernet;
        }
        List<byte[]> out = new ArrayList<>();
        for (byte[] frame : ethernet) {
            byte[] ip = network(frame);
            if (ip == null) {
                continue;
            }
            if (type == LinkType.RAW) {
                out.add(ip);
            } else {
                out.add(loopback(ip));
            }
        }
        return out;
    }

    @SafeVarargs
    private static <T> T pickOf(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    private static int pick(Random random, int... values) {
        return values[random.nextInt(values.length)];
    }
}

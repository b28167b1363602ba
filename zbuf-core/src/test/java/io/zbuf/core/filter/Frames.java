package io.zbuf.core.filter;

import io.zbuf.core.kernel.Packet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

/** Test frames: random Ethernet frames that say what they are, random fragment chains, pcap files. */
final class Frames {
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int TCP = 6;
    static final int UDP = 17;
    static final byte[] WATCHED_MAC = {2, 0, 0, 0, 0, 1};

    private Frames() {
    }

    /** A frame and the facts a filter may ask about. */
    record Frame(byte[] bytes, int etherType, int protocol, int sourcePort, int destinationPort,
                 boolean laterFragment, boolean watchedMac) {
        boolean udp() {
            return (etherType == ETHERTYPE_IPV4 || etherType == ETHERTYPE_IPV6) && protocol == UDP;
        }

        boolean tcp() {
            return (etherType == ETHERTYPE_IPV4 || etherType == ETHERTYPE_IPV6) && protocol == TCP;
        }

        boolean port(int port) {
            return !laterFragment && (sourcePort == port || destinationPort == port);
        }
    }

    /** A random frame: IPv4 (with or without options, sometimes a later fragment) or IPv6, UDP/TCP/ICMP, or ARP. */
    static Frame random(Random random) {
        int kind = random.nextInt(10);
        boolean watched = random.nextInt(4) == 0;
        int etherType = kind < 6 ? ETHERTYPE_IPV4 : kind < 9 ? ETHERTYPE_IPV6 : ETHERTYPE_ARP;
        int protocol = new int[] {UDP, TCP, 1}[random.nextInt(3)];
        int sourcePort = random.nextBoolean() ? 53 : 1024 + random.nextInt(60000);
        int destinationPort = random.nextBoolean() ? 53 : 1024 + random.nextInt(60000);
        int payload = random.nextInt(4) == 0 ? random.nextInt(8) : random.nextInt(400);
        boolean laterFragment = etherType == ETHERTYPE_IPV4 && random.nextInt(6) == 0;
        int ipHeader = etherType == ETHERTYPE_IPV6 ? 40 : 20 + 4 * random.nextInt(3);
        int transport = protocol == TCP ? 20 : 8;
        int length = etherType == ETHERTYPE_ARP ? 14 + 28 + random.nextInt(20) : 14 + ipHeader + transport + payload;
        ByteBuffer frame = ByteBuffer.allocate(length);
        byte[] other = {2, 0, 0, 0, 0, (byte) (2 + random.nextInt(200))};
        boolean watchedIsSource = random.nextBoolean();
        frame.put(watched && !watchedIsSource ? WATCHED_MAC : other);
        frame.put(watched && watchedIsSource ? WATCHED_MAC : new byte[] {2, 0, 0, 0, 1, (byte) random.nextInt(200)});
        frame.putShort((short) etherType);
        if (etherType == ETHERTYPE_IPV4) {
            frame.put((byte) (0x40 | ipHeader / 4)).put((byte) 0).putShort((short) (length - 14));
            frame.putShort((short) random.nextInt(65536)).putShort((short) (laterFragment ? 1 + random.nextInt(100) : 0x4000));
            frame.put((byte) 64).put((byte) protocol).putShort((short) 0);
            frame.putInt(0x0a000001).putInt(0x0a000002);
            frame.position(14 + ipHeader);
        } else if (etherType == ETHERTYPE_IPV6) {
            frame.putInt(0x60000000).putShort((short) (length - 54)).put((byte) protocol).put((byte) 64);
            frame.putLong(0xfe80000000000000L).putLong(1).putLong(0xfe80000000000000L).putLong(2);
        }
        if (etherType != ETHERTYPE_ARP) {
            frame.putShort((short) sourcePort).putShort((short) destinationPort);
        }
        return new Frame(frame.array(), etherType, protocol, sourcePort, destinationPort, laterFragment, watched);
    }

    /** Fills {@code packet} with {@code frame} split into up to 8 random fragments, some of them empty. */
    static Packet split(byte[] frame, Random random, Packet packet) {
        packet.reset();
        int start = 0;
        int pieces = 1 + random.nextInt(8);
        for (int piece = 1; piece < pieces; piece++) {
            int end = start + random.nextInt(frame.length - start + 1);
            packet.append(slice(frame, start, end, random));
            start = end;
        }
        return packet.append(slice(frame, start, frame.length, random));
    }

    /** Bytes {@code start..end} of {@code frame} inside a bigger buffer, so that positions are not zero. */
    private static ByteBuffer slice(byte[] frame, int start, int end, Random random) {
        int before = random.nextInt(3);
        ByteBuffer buffer = ByteBuffer.allocate(before + end - start + 2);
        buffer.position(before);
        buffer.put(frame, start, end - start);
        return buffer.flip().position(before);
    }

    /** Writes a classic pcap file (Ethernet), packet {@code i} stamped {@code i} seconds after the epoch. */
    static void writePcap(Path file, List<Frame> frames) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            channel.write(header.flip());
            for (int i = 0; i < frames.size(); i++) {
                byte[] bytes = frames.get(i).bytes();
                ByteBuffer record = ByteBuffer.allocate(16 + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
                record.putInt(i).putInt(0).putInt(bytes.length).putInt(bytes.length).put(bytes);
                channel.write(record.flip());
            }
        }
    }
}

package io.zbuf.afpacket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * UDP datagrams with sequence numbers (0, 1, 2, ... as 4 big-endian bytes at the start of the payload, as the
 * synthetic sources write them), sent from the namespace the calling thread is in.
 */
public final class Datagrams {
    /** Ethernet, IPv4 and UDP headers: a payload of n bytes makes a frame of n + 42. */
    public static final int HEADERS = 42;

    private Datagrams() {
    }

    /**
     * Sends {@code count} datagrams from {@code from} to {@code to}, the payload of datagram i {@code sizes[i %
     * sizes.length]} bytes (at least 4).
     */
    public static void send(InetSocketAddress from, InetSocketAddress to, int count, int... sizes) throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(from);
            ByteBuffer payload = ByteBuffer.allocate(65_507);
            for (int i = 0; i < count; i++) {
                int size = sizes[i % sizes.length];
                payload.clear();
                payload.putInt(i);
                while (payload.position() < size) {
                    payload.put((byte) (payload.position() + i));
                }
                payload.flip();
                channel.send(payload, to);
            }
        }
    }

    /** A socket bound at {@code address} that takes what is sent there, so that nobody answers with ICMP. */
    public static DatagramChannel sink(InetSocketAddress address) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(address);
        return channel;
    }
}

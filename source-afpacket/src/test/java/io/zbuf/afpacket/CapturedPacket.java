package io.zbuf.afpacket;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.pcap.PcapReader;
import io.zbuf.core.user.BpfRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A packet as a capture kept it: its timestamp in nanoseconds, the bytes kept and its length on the wire. */
public record CapturedPacket(long epochNanos, byte[] bytes, long wireLength) {
    /** The packet of a zero-copy record, copied out. */
    public static CapturedPacket of(BpfRecord record) {
        ByteBuffer packet = record.packet();
        byte[] bytes = new byte[packet.remaining()];
        packet.duplicate().get(bytes);
        return new CapturedPacket(record.epochNanos(), bytes, record.datalen());
    }

    /** Every packet of a pcap or pcapng file. */
    public static List<CapturedPacket> read(Path file) throws IOException {
        List<CapturedPacket> packets = new ArrayList<>();
        try (PcapReader reader = PcapReader.open(file)) {
            Packet packet = new Packet(1);
            while (reader.next(packet.reset())) {
                ByteBuffer fragment = packet.fragment(0);
                byte[] bytes = new byte[fragment.remaining()];
                fragment.duplicate().get(bytes);
                packets.add(new CapturedPacket(packet.timestampNanos(), bytes, packet.wireLength()));
            }
        }
        return packets;
    }

    /** The sequence number a {@link Datagrams} sender put at the start of the UDP payload, or -1. */
    public long sequence() {
        return io.zbuf.core.source.SequenceNumbers.read(ByteBuffer.wrap(bytes));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CapturedPacket that && epochNanos == that.epochNanos && wireLength == that.wireLength
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epochNanos) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return epochNanos + " " + wireLength + " " + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64));
    }
}

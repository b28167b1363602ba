package io.zbuf.examples.cli.decode;

import io.zbuf.spi.LinkType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A test-only reader of classic pcap files (either byte order, micro- or nanosecond), and where the shared ones live. */
record TestPcap(LinkType linkType, List<Record> records) {
    record Record(long epochNanos, ByteBuffer data, long wireLength) {
    }

    static TestPcap read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            in.order(ByteOrder.BIG_ENDIAN);
            magic = Integer.reverseBytes(magic);
        }
        long fractionUnit = magic == 0xa1b23c4d ? 1 : 1000;
        LinkType linkType = LinkType.ofPcapLinkType(in.getInt(20));
        List<Record> records = new ArrayList<>();
        for (int at = 24; at + 16 <= in.limit(); ) {
            long nanos = Integer.toUnsignedLong(in.getInt(at)) * 1_000_000_000L + Integer.toUnsignedLong(in.getInt(at + 4)) * fractionUnit;
            int caplen = in.getInt(at + 8);
            ByteBuffer data = in.slice(at + 16, caplen).order(ByteOrder.BIG_ENDIAN);
            records.add(new Record(nanos, data, Integer.toUnsignedLong(in.getInt(at + 12))));
            at += 16 + caplen;
        }
        return new TestPcap(linkType, records);
    }

    /** {@code shared/data/pcap/<name>}, found from the working directory upwards. */
    static Path shared(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("shared/data/pcap"), dir.resolve("../shared/data/pcap"))) {
                if (Files.isDirectory(candidate)) {
                    return candidate.resolve(name).normalize();
                }
            }
        }
        throw new UncheckedIOException(new IOException("no shared/data/pcap above " + Path.of("").toAbsolutePath()));
    }

    /** Writes a classic little-endian microsecond pcap file; packet {@code i} is stamped {@code i} seconds. */
    static void write(Path file, LinkType linkType, List<byte[]> packets, List<Long> wireLengths) throws IOException {
        int size = 24 + packets.stream().mapToInt(p -> 16 + p.length).sum();
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(linkType.pcapLinkType());
        for (int i = 0; i < packets.size(); i++) {
            byte[] packet = packets.get(i);
            out.putInt(i).putInt(0).putInt(packet.length).putInt(wireLengths.get(i).intValue()).put(packet);
        }
        Files.write(file, out.array());
    }
}

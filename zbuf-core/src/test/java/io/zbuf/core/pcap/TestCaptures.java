package io.zbuf.core.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The real captures in {@code shared/data/pcap}, found by walking up from the working directory until a
 * directory holds (or is next to) {@code shared/data/pcap}. Shared with other modules through the test-jar.
 */
public final class TestCaptures {
    private static final Path RELATIVE = Path.of("shared", "data", "pcap");

    private TestCaptures() {
    }

    /** The directory of the captures. */
    public static Path directory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve(RELATIVE), dir.resolve("..").resolve(RELATIVE)}) {
                if (Files.isDirectory(candidate)) {
                    return candidate.normalize();
                }
            }
        }
        throw new IllegalStateException("no shared/data/pcap above " + start);
    }

    /** The capture of that file name, for parameterized tests. */
    public static Path path(String fileName) {
        return directory().resolve(fileName);
    }

    /** 60 packets of an SMTP session, Ethernet, little-endian, microseconds. */
    public static Path smtp() {
        return directory().resolve("smtp.pcap");
    }

    /** 5 packets, big-endian, snap length 9216, the first captured shorter than on the wire. */
    public static Path bigEndian() {
        return directory().resolve("be.pcap");
    }

    /** 30 bytes of text: not a capture. */
    public static Path malformed() {
        return directory().resolve("malformed.pcap");
    }

    /**
     * Writes to {@code cut} the classic pcap file {@code capture} (little-endian) cut in the middle of the packet
     * bytes of record {@code record} (0-based), as a capture interrupted mid-write is.
     *
     * @return the byte offset of the cut record's header, where a reader finds the damage
     */
    public static long cutInRecord(Path capture, int record, Path cut) throws IOException {
        byte[] bytes = Files.readAllBytes(capture);
        ByteBuffer file = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (file.getInt(0) != 0xa1b2c3d4) {
            throw new IllegalArgumentException(capture + " is not a little-endian microsecond pcap file");
        }
        int offset = 24;
        for (int i = 0; i < record; i++) {
            offset += 16 + file.getInt(offset + 8);
        }
        int caplen = file.getInt(offset + 8);
        Files.write(cut, Arrays.copyOf(bytes, offset + 16 + caplen / 2));
        return offset;
    }

    /** 400 UDP datagrams on loopback, payloads of 4 to 20,000 bytes starting with a big-endian sequence number. */
    public static Path loopbackUdpSizes() {
        return directory().resolve("lo-udp-sizes.pcap");
    }
}

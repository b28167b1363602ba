package io.zbuf.core.pcap;

import java.nio.file.Files;
import java.nio.file.Path;

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

    /** 400 UDP datagrams on loopback, payloads of 4 to 20,000 bytes starting with a big-endian sequence number. */
    public static Path loopbackUdpSizes() {
        return directory().resolve("lo-udp-sizes.pcap");
    }
}

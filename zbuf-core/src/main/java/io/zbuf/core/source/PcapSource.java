package io.zbuf.core.source;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.pcap.PcapReader;
import io.zbuf.spi.LinkType;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Replays a capture file, keeping each packet's original timestamp and wire length, once or a given number
 * of times over (each pass reopens the file; packets of a pass are read without allocation).
 */
public final class PcapSource implements PacketSource {
    private final Path file;
    private final long passes;
    private final long packetsPerSecond;
    private PcapReader reader;
    private long passesStarted;

    private PcapSource(Path file, long passes, long packetsPerSecond, PcapReader reader) {
        this.file = file;
        this.passes = passes;
        this.packetsPerSecond = packetsPerSecond;
        this.reader = reader;
        this.passesStarted = 1;
    }

    /** Plays {@code file} once, as fast as possible. */
    public static PcapSource open(Path file) throws IOException {
        return open(file, 1, 0);
    }

    /**
     * Plays {@code file} {@code passes} times (at least 1), paced at {@code packetsPerSecond} (0: as fast as possible).
     *
     * @throws io.zbuf.core.pcap.PcapFormatException if the file is not a capture zbuf can read
     */
    public static PcapSource open(Path file, long passes, long packetsPerSecond) throws IOException {
        if (passes < 1) {
            throw new IllegalArgumentException("a capture is played at least once, not " + passes + " times");
        }
        if (packetsPerSecond < 0) {
            throw new IllegalArgumentException("rate " + packetsPerSecond + " packets/s is negative");
        }
        return new PcapSource(file, passes, packetsPerSecond, PcapReader.open(file));
    }

    @Override
    public LinkType linkType() {
        return reader.linkType();
    }

    @Override
    public boolean waitsForReaders() {
        return true;
    }

    @Override
    public long packetsPerSecond() {
        return packetsPerSecond;
    }

    @Override
    public boolean next(Packet packet) throws IOException {
        while (!reader.next(packet)) {
            if (passesStarted == passes) {
                return false;
            }
            reader.close();
            reader = PcapReader.open(file);
            passesStarted++;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    @Override
    public String toString() {
        return describe(file, passes, packetsPerSecond);
    }

    /** The replay of {@code file} in words. */
    static String describe(Path file, long passes, long packetsPerSecond) {
        return "replay of " + file + (passes == 1 ? "" : ", " + passes + " times")
            + (packetsPerSecond == 0 ? ", as fast as possible" : ", " + packetsPerSecond + " packets/s");
    }
}

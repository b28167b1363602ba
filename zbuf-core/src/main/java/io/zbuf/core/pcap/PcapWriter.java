package io.zbuf.core.pcap;

import io.zbuf.spi.LinkType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a classic pcap file, little-endian, with micro- or nanosecond timestamps. Records gather in one
 * direct buffer that goes to the file when full, on {@link #flush()} and on {@link #close()}; writing a
 * packet allocates nothing. Not thread-safe.
 */
public final class PcapWriter implements AutoCloseable {
    /** The unit of the timestamps in the file. */
    public enum Precision {
        /** Microseconds: nanoseconds are truncated. */
        MICRO(ClassicPcapFormat.MAGIC_MICROSECONDS, 1_000),
        /** Nanoseconds. */
        NANO(ClassicPcapFormat.MAGIC_NANOSECONDS, 1);

        private final int magic;
        private final int nanosPerUnit;

        Precision(int magic, int nanosPerUnit) {
            this.magic = magic;
            this.nanosPerUnit = nanosPerUnit;
        }
    }

    private static final int BUFFER_CAPACITY = 64 * 1024;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAXIMUM_SECONDS = 0xFFFF_FFFFL;

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final int snapLength;
    private final Precision precision;

    private PcapWriter(FileChannel channel, int snapLength, Precision precision) {
        this.channel = channel;
        this.snapLength = snapLength;
        this.precision = precision;
        this.buffer = ByteBuffer.allocateDirect(BUFFER_CAPACITY + ClassicPcapFormat.RECORD_HEADER_LENGTH + snapLength)
            .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates (or truncates) {@code file} and writes the file header.
     *
     * @param linkType   the link type of every packet; written as its {@code LINKTYPE_} value
     * @param snapLength the largest packet the file may hold, 1 to {@link PcapReader#MAXIMUM_SNAP_LENGTH}
     * @throws IllegalArgumentException for a snap length out of range, or a link type without a {@code LINKTYPE_}
     *                                  value (libpcap: "isn't supported in savefiles")
     */
    public static PcapWriter create(Path file, LinkType linkType, int snapLength, Precision precision) throws IOException {
        if (snapLength < 1 || snapLength > PcapReader.MAXIMUM_SNAP_LENGTH) {
            throw new IllegalArgumentException("snap length " + snapLength + " is not between 1 and " + PcapReader.MAXIMUM_SNAP_LENGTH);
        }
        if (linkType.pcapLinkType() == LinkType.NO_PCAP_LINK_TYPE) {
            throw new IllegalArgumentException("link type " + linkType.description() + " has no pcap LINKTYPE_ value, so it"
                + " cannot be saved");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        PcapWriter writer = new PcapWriter(channel, snapLength, precision);
        writer.buffer.putInt(precision.magic)
            .putShort((short) ClassicPcapFormat.VERSION_MAJOR)
            .putShort((short) ClassicPcapFormat.VERSION_MINOR)
            .putInt(0)
            .putInt(0)
            .putInt(snapLength)
            .putInt(linkType.pcapLinkType());
        return writer;
    }

    /**
     * Appends a packet record: the bytes of {@code data} between its position and limit (left untouched),
     * the time it was captured and its length on the wire.
     *
     * @throws IllegalArgumentException for more bytes than the snap length, a wire length below the captured
     *     length, or a time outside the 32-bit seconds of the format (1970 to 2106)
     */
    public void write(long epochNanos, ByteBuffer data, int wireLength) throws IOException {
        int length = data.remaining();
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        if (length > snapLength) {
            throw new IllegalArgumentException("packet of " + length + " bytes exceeds the snap length " + snapLength);
        }
        if (wireLength < length) {
            throw new IllegalArgumentException("wire length " + wireLength + " is below the " + length + " bytes captured");
        }
        if (seconds < 0 || seconds > MAXIMUM_SECONDS) {
            throw new IllegalArgumentException("time " + epochNanos + " ns is outside the 32-bit seconds of pcap");
        }
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (buffer.remaining() < ClassicPcapFormat.RECORD_HEADER_LENGTH + length) {
            flush();
        }
        buffer.putInt((int) seconds)
            .putInt((int) (Math.floorMod(epochNanos, NANOS_PER_SECOND) / precision.nanosPerUnit))
            .putInt(length)
            .putInt(wireLength)
            .put(buffer.position(), data, data.position(), length)
            .position(buffer.position() + length);
    }

    /** Writes the buffered records to the file. */
    public void flush() throws IOException {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } finally {
            buffer.compact();
        }
    }

    /** Flushes and closes the file; closing again does nothing. */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            try (channel) {
                flush();
            }
        }
    }
}

package io.zbuf.core.pcap;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.LinkType;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a capture file, classic pcap (micro- or nanosecond, either byte order) or pcapng, packet by packet
 * into a reusable {@link Packet}, allocating nothing per packet: the packet's one fragment is a read-only
 * view of an internal buffer, valid until the next call to {@link #next(Packet)}.
 *
 * <p>Malformed, truncated or unsupported input is a {@link PcapFormatException} naming the file, the byte
 * offset and the problem; the reader never yields a packet it could not frame. Deliberate leniencies, as in
 * libpcap: a record may capture more than the file's snap length (up to {@link #MAXIMUM_SNAP_LENGTH}), and a
 * record whose original length is below its captured length reads with a wire length equal to the captured
 * length. Not thread-safe.
 */
public final class PcapReader implements AutoCloseable {
    /** The largest captured length read, and the snap length reported for files that declare 0 or more (libpcap's). */
    public static final int MAXIMUM_SNAP_LENGTH = 0x40000;

    private final InputWindow input;
    private final RecordFormat format;

    private PcapReader(InputWindow input, RecordFormat format) {
        this.input = input;
        this.format = format;
    }

    /**
     * Opens a capture file and reads its file header (pcapng: up to its first interface description).
     *
     * @throws PcapFormatException if it is not a capture file zbuf can read
     * @throws NoSuchFileException if there is no such file
     * @throws FileSystemException  if it is a directory
     */
    public static PcapReader open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "a directory, not a capture file");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such capture file");
        }
        try {
            return open(channel, file.toString());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads a capture from a blocking channel, a pipe for example, which the reader then owns. {@code name}
     * stands for the input in error messages. On failure the channel is left open.
     *
     * @throws PcapFormatException if the input is not a capture zbuf can read
     */
    public static PcapReader open(ReadableByteChannel channel, String name) throws IOException {
        InputWindow input = new InputWindow(channel, name);
        if (!input.request(Integer.BYTES)) {
            throw input.error("not a pcap or pcapng file", "it holds only " + input.remaining() + " bytes");
        }
        int magic = input.getInt(0);
        RecordFormat format;
        if (magic == PcapngFormat.SECTION_HEADER_BLOCK) {
            format = PcapngFormat.open(input);
        } else if (ClassicPcapFormat.recognises(magic)) {
            format = ClassicPcapFormat.open(input);
        } else {
            throw input.error("not a pcap or pcapng file", String.format("it starts with 0x%08x", magic));
        }
        return new PcapReader(input, format);
    }

    /** The link type of every packet in the file. */
    public LinkType linkType() {
        return format.linkType();
    }

    /**
     * The snap length the file declares (pcapng: that of its first interface); 0 (no limit) and values above
     * {@link #MAXIMUM_SNAP_LENGTH} read as {@link #MAXIMUM_SNAP_LENGTH}.
     */
    public int snapLength() {
        return format.snapLength();
    }

    /**
     * Fills {@code packet} (reset first) with the next packet: one fragment holding the captured bytes, the
     * wire length and the timestamp (none for a pcapng simple packet block).
     *
     * @return false at a clean end of the file
     * @throws PcapFormatException if the file is malformed or truncated at this point
     * @throws ClosedChannelException once the reader is closed
     */
    public boolean next(Packet packet) throws IOException {
        if (!input.isOpen()) {
            throw new ClosedChannelException();
        }
        return format.next(packet);
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
        input.close();
    }

    /** A declared snap length as reported: 0 and oversized values become {@link #MAXIMUM_SNAP_LENGTH}. */
    static int snapLength(long declared) {
        return declared == 0 ? MAXIMUM_SNAP_LENGTH : (int) Math.min(declared, MAXIMUM_SNAP_LENGTH);
    }
}

package io.zbuf.core.pcap;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.LinkType;
import java.io.IOException;
import java.nio.ByteOrder;

/**
 * Classic libpcap files: a 24-byte file header, then records of a 16-byte header and the captured bytes.
 * <pre>
 * file header:  0 magic | 4 version major u16 | 6 minor u16 | 8 thiszone | 12 sigfigs | 16 snaplen | 20 linktype
 * record:       0 ts_sec u32 | 4 ts_usec or ts_nsec u32 | 8 caplen u32 | 12 orig_len u32 | 16 data
 * </pre>
 * The magic decides the byte order and whether the fraction counts micro- or nanoseconds.
 */
final class ClassicPcapFormat implements RecordFormat {
    /** Magic of a microsecond file, as written in the writer's byte order. */
    static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    /** Magic of a nanosecond file. */
    static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    static final int FILE_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;
    static final int VERSION_MAJOR = 2;
    static final int VERSION_MINOR = 4;

    private static final int VERSION_MAJOR_OFFSET = 4;
    private static final int VERSION_MINOR_OFFSET = 6;
    private static final int SNAPLEN_OFFSET = 16;
    private static final int LINKTYPE_OFFSET = 20;
    /** The link type proper; the bits above carry FCS information. */
    private static final int LINKTYPE_MASK = 0x03FF_FFFF;

    private static final int TS_SECONDS_OFFSET = 0;
    private static final int TS_FRACTION_OFFSET = 4;
    private static final int CAPLEN_OFFSET = 8;
    private static final int ORIGLEN_OFFSET = 12;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final InputWindow input;
    private final LinkType linkType;
    private final int snapLength;
    private final long nanosPerUnit;
    private final long unitsPerSecond;

    private ClassicPcapFormat(InputWindow input, LinkType linkType, int snapLength, long nanosPerUnit) {
        this.input = input;
        this.linkType = linkType;
        this.snapLength = snapLength;
        this.nanosPerUnit = nanosPerUnit;
        this.unitsPerSecond = NANOS_PER_SECOND / nanosPerUnit;
    }

    /** Reads the file header, which starts at the window's position. */
    static ClassicPcapFormat open(InputWindow input) throws IOException {
        input.require(FILE_HEADER_LENGTH, "pcap file header");
        int magic = input.getInt(0);
        if (magic != MAGIC_MICROSECONDS && magic != MAGIC_NANOSECONDS) {
            input.order(ByteOrder.LITTLE_ENDIAN);
            magic = input.getInt(0);
        }
        int major = input.getUnsignedShort(VERSION_MAJOR_OFFSET);
        if (major != VERSION_MAJOR) {
            throw input.error("unsupported pcap version", "version " + major + "." + input.getUnsignedShort(VERSION_MINOR_OFFSET)
                + ", only " + VERSION_MAJOR + ".x is read");
        }
        LinkType linkType = LinkType.ofPcapLinkType(input.getInt(LINKTYPE_OFFSET) & LINKTYPE_MASK);
        int snapLength = PcapReader.snapLength(input.getUnsignedInt(SNAPLEN_OFFSET));
        input.skip(FILE_HEADER_LENGTH);
        return new ClassicPcapFormat(input, linkType, snapLength, magic == MAGIC_NANOSECONDS ? 1 : 1000);
    }

    /** Whether {@code bigEndianMagic}, the first four bytes read big-endian, start a classic pcap file. */
    static boolean recognises(int bigEndianMagic) {
        return bigEndianMagic == MAGIC_MICROSECONDS || bigEndianMagic == MAGIC_NANOSECONDS
            || Integer.reverseBytes(bigEndianMagic) == MAGIC_MICROSECONDS
            || Integer.reverseBytes(bigEndianMagic) == MAGIC_NANOSECONDS;
    }

    @Override
    public LinkType linkType() {
        return linkType;
    }

    @Override
    public int snapLength() {
        return snapLength;
    }

    @Override
    public boolean next(Packet packet) throws IOException {
        if (!input.request(RECORD_HEADER_LENGTH)) {
            if (input.remaining() == 0) {
                return false;
            }
            input.require(RECORD_HEADER_LENGTH, "packet header");
        }
        long capturedLength = input.getUnsignedInt(CAPLEN_OFFSET);
        long fraction = input.getUnsignedInt(TS_FRACTION_OFFSET);
        if (fraction >= unitsPerSecond) {
            throw input.error("bad packet header", "timestamp fraction " + fraction + " is not below " + unitsPerSecond);
        }
        if (capturedLength <= PcapReader.MAXIMUM_SNAP_LENGTH && !input.request(RECORD_HEADER_LENGTH + (int) capturedLength)) {
            throw input.error("truncated packet record", "header says " + capturedLength + " bytes, "
                + (input.remaining() - RECORD_HEADER_LENGTH) + " remain");
        }
        input.fill(packet, RECORD_HEADER_LENGTH, capturedLength, input.getUnsignedInt(ORIGLEN_OFFSET));
        packet.timestamp(input.getUnsignedInt(TS_SECONDS_OFFSET) * NANOS_PER_SECOND + fraction * nanosPerUnit);
        input.skip(RECORD_HEADER_LENGTH + (int) capturedLength);
        return true;
    }
}

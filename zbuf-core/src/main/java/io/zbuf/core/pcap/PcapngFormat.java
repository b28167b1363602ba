package io.zbuf.core.pcap;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.LinkType;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng files: a sequence of blocks, each {@code type u32 | total length u32 | body | total length u32},
 * lengths a multiple of 4. Reads section headers (either byte order, a new one resets the interfaces),
 * interface descriptions (link type, snap length, {@code if_tsresol}), enhanced and simple packet blocks;
 * skips other blocks by their length; refuses the obsolete packet block. Every interface of the file must
 * have the same link type.
 * <pre>
 * SHB:  8 byte-order magic 0x1A2B3C4D | 12 major u16 | 14 minor u16 | 16 section length i64 | 24 options
 * IDB:  8 link type u16 | 10 reserved | 12 snaplen u32 | 16 options (code u16, length u16, value padded to 4)
 * EPB:  8 interface id | 12 timestamp high | 16 timestamp low | 20 caplen | 24 orig len | 28 data
 * SPB:  8 orig len | 12 data (caplen = min(orig len, room in the block, snaplen of interface 0))
 * </pre>
 */
final class PcapngFormat implements RecordFormat {
    /** Type of a section header block; the same in both byte orders. */
    static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    static final int OBSOLETE_PACKET_BLOCK = 2;
    static final int SIMPLE_PACKET_BLOCK = 3;
    static final int ENHANCED_PACKET_BLOCK = 6;
    static final int VERSION_MAJOR = 1;
    /** Option code of {@code if_tsresol}, and that of the end of the options. */
    static final int IF_TSRESOL = 9;
    static final int END_OF_OPTIONS = 0;
    /** libpcap's limit on a block, which bounds the memory a file can make the reader take. */
    static final int MAXIMUM_BLOCK_LENGTH = 16 * 1024 * 1024;

    private static final int BLOCK_TYPE_OFFSET = 0;
    private static final int BLOCK_LENGTH_OFFSET = 4;
    private static final int BLOCK_HEADER_LENGTH = 8;
    private static final int BLOCK_TRAILER_LENGTH = 4;
    private static final int MINIMUM_BLOCK_LENGTH = BLOCK_HEADER_LENGTH + BLOCK_TRAILER_LENGTH;
    private static final int ALIGNMENT = 4;

    private static final int SHB_BYTE_ORDER_OFFSET = 8;
    private static final int SHB_MAJOR_OFFSET = 12;
    private static final int SHB_MINOR_OFFSET = 14;
    private static final int SHB_MINIMUM_LENGTH = 28;

    private static final int IDB_LINKTYPE_OFFSET = 8;
    private static final int IDB_SNAPLEN_OFFSET = 12;
    private static final int IDB_OPTIONS_OFFSET = 16;
    private static final int IDB_MINIMUM_LENGTH = 20;
    private static final int OPTION_HEADER_LENGTH = 4;

    private static final int EPB_INTERFACE_OFFSET = 8;
    private static final int EPB_TIMESTAMP_HIGH_OFFSET = 12;
    private static final int EPB_TIMESTAMP_LOW_OFFSET = 16;
    private static final int EPB_CAPLEN_OFFSET = 20;
    private static final int EPB_ORIGLEN_OFFSET = 24;
    private static final int EPB_DATA_OFFSET = 28;

    private static final int SPB_ORIGLEN_OFFSET = 8;
    private static final int SPB_DATA_OFFSET = 12;

    private final InputWindow input;
    private final List<Interface> interfaces = new ArrayList<>();
    private LinkType linkType;
    private int snapLength;

    private PcapngFormat(InputWindow input) {
        this.input = input;
    }

    /** Reads the blocks up to and including the first interface description, which names the link type. */
    static PcapngFormat open(InputWindow input) throws IOException {
        PcapngFormat format = new PcapngFormat(input);
        while (format.linkType == null) {
            if (!input.request(1)) {
                throw input.error("no interface description block", "the file ends before describing an interface");
            }
            format.nextBlock(null);
        }
        return format;
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
        while (input.request(1)) {
            if (nextBlock(packet)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the block at the window's position; true if it filled {@code packet}. */
    private boolean nextBlock(Packet packet) throws IOException {
        input.require(BLOCK_HEADER_LENGTH, "block header");
        int type = input.getInt(BLOCK_TYPE_OFFSET);
        if (type == SECTION_HEADER_BLOCK) {
            input.require(SHB_BYTE_ORDER_OFFSET + Integer.BYTES, "section header block");
            adoptByteOrder();
        }
        int length = blockLength();
        boolean packetRead = false;
        switch (type) {
            case SECTION_HEADER_BLOCK -> section(length);
            case INTERFACE_DESCRIPTION_BLOCK -> describeInterface(length);
            case ENHANCED_PACKET_BLOCK -> packetRead = enhancedPacket(packet, length);
            case SIMPLE_PACKET_BLOCK -> packetRead = simplePacket(packet, length);
            case OBSOLETE_PACKET_BLOCK -> throw input.error("unsupported block", "the obsolete packet block (type 2) is not read");
            default -> {
                // a block zbuf has no use for: skipped by its length
            }
        }
        input.skip(length);
        return packetRead;
    }

    /** Takes the byte order of the section whose header is at the window's position from its magic. */
    private void adoptByteOrder() throws PcapFormatException {
        input.order(ByteOrder.BIG_ENDIAN);
        if (input.getInt(SHB_BYTE_ORDER_OFFSET) != BYTE_ORDER_MAGIC) {
            input.order(ByteOrder.LITTLE_ENDIAN);
            if (input.getInt(SHB_BYTE_ORDER_OFFSET) != BYTE_ORDER_MAGIC) {
                throw input.error("bad section header block", String.format("byte-order magic 0x%08x is not 0x%08x",
                    input.getInt(SHB_BYTE_ORDER_OFFSET), BYTE_ORDER_MAGIC));
            }
        }
    }

    /** Validates the leading and trailing lengths of the block and makes all of it readable. */
    private int blockLength() throws IOException {
        long length = input.getUnsignedInt(BLOCK_LENGTH_OFFSET);
        if (length < MINIMUM_BLOCK_LENGTH || length % ALIGNMENT != 0 || length > MAXIMUM_BLOCK_LENGTH) {
            throw input.error("bad block length", "length " + length + " is not a multiple of " + ALIGNMENT + " between "
                + MINIMUM_BLOCK_LENGTH + " and " + MAXIMUM_BLOCK_LENGTH);
        }
        if (!input.request((int) length)) {
            throw input.error("truncated block", "header says " + length + " bytes, " + input.remaining() + " remain");
        }
        long trailing = input.getUnsignedInt((int) length - BLOCK_TRAILER_LENGTH);
        if (trailing != length) {
            throw input.error("bad block length", "trailing length " + trailing + " differs from leading length " + length);
        }
        return (int) length;
    }

    private void section(int length) throws PcapFormatException {
        requireLength(length, SHB_MINIMUM_LENGTH, "section header block");
        int major = input.getUnsignedShort(SHB_MAJOR_OFFSET);
        if (major != VERSION_MAJOR) {
            throw input.error("unsupported pcapng version", "version " + major + "." + input.getUnsignedShort(SHB_MINOR_OFFSET)
                + ", only " + VERSION_MAJOR + ".x is read");
        }
        interfaces.clear();
    }

    private void describeInterface(int length) throws PcapFormatException {
        requireLength(length, IDB_MINIMUM_LENGTH, "interface description block");
        int linkTypeValue = input.getUnsignedShort(IDB_LINKTYPE_OFFSET);
        LinkType type = LinkType.ofPcapLinkType(linkTypeValue);
        if (linkType == null) {
            linkType = type;
            snapLength = PcapReader.snapLength(input.getUnsignedInt(IDB_SNAPLEN_OFFSET));
        } else if (!type.equals(linkType)) {
            throw input.error("mixed link types", "interface " + interfaces.size() + " has link type " + linkTypeValue
                + " but the file started with " + linkType.pcapLinkType() + ": zbuf reads one link type per file");
        }
        interfaces.add(new Interface(input.getUnsignedInt(IDB_SNAPLEN_OFFSET), resolution(length - BLOCK_TRAILER_LENGTH)));
    }

    /** The {@code if_tsresol} among the options of the interface description, which end at {@code end}. */
    private TimestampResolution resolution(int end) throws PcapFormatException {
        TimestampResolution resolution = TimestampResolution.MICROSECONDS;
        int option = IDB_OPTIONS_OFFSET;
        while (option + OPTION_HEADER_LENGTH <= end) {
            int code = input.getUnsignedShort(option);
            int length = input.getUnsignedShort(option + 2);
            if (code == END_OF_OPTIONS) {
                break;
            }
            if (option + OPTION_HEADER_LENGTH + length > end) {
                throw input.error("bad interface description block", "option " + code + " of " + length
                    + " bytes runs past the end of the block");
            }
            if (code == IF_TSRESOL) {
                int tsresol = input.getUnsignedByte(option + OPTION_HEADER_LENGTH);
                resolution = length == 1 ? TimestampResolution.of(tsresol) : null;
                if (resolution == null) {
                    throw input.error("bad interface description block", String.format(
                        "if_tsresol of %d bytes, value 0x%02x, is not a resolution zbuf can count in", length, tsresol));
                }
            }
            option += OPTION_HEADER_LENGTH + (length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        }
        return resolution;
    }

    private boolean enhancedPacket(Packet packet, int length) throws PcapFormatException {
        requireLength(length, EPB_DATA_OFFSET + BLOCK_TRAILER_LENGTH, "enhanced packet block");
        Interface device = interfaceOf(input.getUnsignedInt(EPB_INTERFACE_OFFSET), "enhanced packet block");
        long capturedLength = input.getUnsignedInt(EPB_CAPLEN_OFFSET);
        int room = length - EPB_DATA_OFFSET - BLOCK_TRAILER_LENGTH;
        if (capturedLength > room) {
            throw input.error("bad enhanced packet block", "captured length " + capturedLength + " exceeds the "
                + room + " bytes of data the block has room for");
        }
        long units = input.getUnsignedInt(EPB_TIMESTAMP_HIGH_OFFSET) << Integer.SIZE | input.getUnsignedInt(EPB_TIMESTAMP_LOW_OFFSET);
        long epochNanos;
        try {
            epochNanos = device.resolution().toEpochNanos(units);
        } catch (ArithmeticException e) {
            throw input.error("bad enhanced packet block", "timestamp " + Long.toUnsignedString(units) + " is out of range");
        }
        input.fill(packet, EPB_DATA_OFFSET, capturedLength, input.getUnsignedInt(EPB_ORIGLEN_OFFSET));
        packet.timestamp(epochNanos);
        return true;
    }

    private boolean simplePacket(Packet packet, int length) throws PcapFormatException {
        requireLength(length, SPB_DATA_OFFSET + BLOCK_TRAILER_LENGTH, "simple packet block");
        Interface device = interfaceOf(0, "simple packet block");
        long wireLength = input.getUnsignedInt(SPB_ORIGLEN_OFFSET);
        long capturedLength = Math.min(wireLength, length - SPB_DATA_OFFSET - BLOCK_TRAILER_LENGTH);
        if (device.snapLength() != 0) {
            capturedLength = Math.min(capturedLength, device.snapLength());
        }
        input.fill(packet, SPB_DATA_OFFSET, capturedLength, wireLength);
        return true;
    }

    private Interface interfaceOf(long id, String block) throws PcapFormatException {
        if (id >= interfaces.size()) {
            throw input.error("bad " + block, "it names interface " + id + " but the section describes "
                + interfaces.size() + " interfaces before it");
        }
        return interfaces.get((int) id);
    }

    private void requireLength(int length, int minimum, String block) throws PcapFormatException {
        if (length < minimum) {
            throw input.error("bad " + block, "length " + length + " is below its minimum of " + minimum);
        }
    }

    /** What a packet block needs to know of its interface. */
    private record Interface(long snapLength, TimestampResolution resolution) {
    }
}

package io.zbuf.core.source;

import java.nio.ByteBuffer;

/**
 * Reads the sequence number a {@link SyntheticSource} (or the capture {@code lo-udp-sizes.pcap}) puts in
 * front of the UDP payload, from a captured frame, without allocating.
 */
public final class SequenceNumbers {
    /** What {@link #read} returns for a frame that is not a first (or whole) Ethernet/IPv4/UDP datagram. */
    public static final long NONE = -1;

    private static final int IPV4_VERSION = 4;
    private static final int IHL_UNIT = 4;
    private static final int MINIMUM_IHL = 5;
    private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    private static final int SEQUENCE_LENGTH = 4;

    private SequenceNumbers() {
    }

    /**
     * The unsigned 32-bit big-endian number at the start of the UDP payload of the Ethernet frame between
     * {@code frame}'s position and limit (both left alone), or {@link #NONE} if the frame is not IPv4/UDP,
     * not the first fragment, or too short to hold the number.
     */
    public static long read(ByteBuffer frame) {
        int start = frame.position();
        int length = frame.remaining();
        int ip = start + SyntheticSource.IPV4_OFFSET;
        if (length < SyntheticSource.MINIMUM_FRAME_SIZE
            || unsignedShort(frame, start + SyntheticSource.ETHERTYPE_OFFSET) != SyntheticSource.ETHERTYPE_IPV4
            || Byte.toUnsignedInt(frame.get(ip)) >>> 4 != IPV4_VERSION
            || frame.get(start + SyntheticSource.IPV4_PROTOCOL_OFFSET) != SyntheticSource.PROTOCOL_UDP
            || (unsignedShort(frame, start + SyntheticSource.IPV4_FLAGS_OFFSET) & FRAGMENT_OFFSET_MASK) != 0) {
            return NONE;
        }
        int headerLength = (frame.get(ip) & 0x0F) * IHL_UNIT;
        int udp = ip + headerLength;
        int sequence = udp + SyntheticSource.UDP_HEADER_LENGTH;
        if (headerLength < MINIMUM_IHL * IHL_UNIT || sequence + SEQUENCE_LENGTH > start + length
            || unsignedShort(frame, udp + SyntheticSource.UDP_LENGTH_OFFSET) < SyntheticSource.UDP_HEADER_LENGTH + SEQUENCE_LENGTH) {
            return NONE;
        }
        return (long) unsignedShort(frame, sequence) << Short.SIZE | unsignedShort(frame, sequence + 2);
    }

    private static int unsignedShort(ByteBuffer buffer, int index) {
        return Byte.toUnsignedInt(buffer.get(index)) << Byte.SIZE | Byte.toUnsignedInt(buffer.get(index + 1));
    }
}

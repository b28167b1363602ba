package io.zbuf.core.source;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.LinkType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * Generated Ethernet/IPv4/UDP frames whose UDP payload starts with a 4-byte big-endian sequence number
 * 0, 1, 2, ... (see {@link SequenceNumbers}). The IPv4 header checksum is correct, the UDP checksum 0 (none).
 * One frame buffer serves every packet, optionally handed out as a chain of fragments, so nothing is allocated
 * per packet: a frame is built once per size, and each packet rewrites only its identification, IPv4 checksum
 * and sequence number (10 bytes). Packets carry no timestamp unless a clock is given.
 * <pre>
 *  0 destination MAC | 6 source MAC | 12 EtherType 0x0800
 * 14 IPv4: version/IHL 0x45 | 16 total length | 18 identification | 20 flags DF | 22 TTL | 23 protocol 17 | 24 checksum | 26 source | 30 destination
 * 34 UDP: source port | 36 destination port | 38 length | 40 checksum 0
 * 42 sequence number u32, then filler bytes
 * </pre>
 */
public final class SyntheticSource implements PacketSource {
    /** Ethernet + IPv4 + UDP headers + the sequence number. */
    public static final int MINIMUM_FRAME_SIZE = 46;
    /** Ethernet header + the largest IPv4 total length. */
    public static final int MAXIMUM_FRAME_SIZE = 14 + 0xFFFF;
    /** Where every frame of this source holds its big-endian 32-bit sequence number. */
    public static final int SEQUENCE_OFFSET = 42;

    static final int ETHERNET_HEADER_LENGTH = 14;
    static final int ETHERTYPE_OFFSET = 12;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int IPV4_OFFSET = ETHERNET_HEADER_LENGTH;
    static final int IPV4_HEADER_LENGTH = 20;
    static final int IPV4_TOTAL_LENGTH_OFFSET = IPV4_OFFSET + 2;
    static final int IPV4_PROTOCOL_OFFSET = IPV4_OFFSET + 9;
    static final int IPV4_FLAGS_OFFSET = IPV4_OFFSET + 6;
    static final int PROTOCOL_UDP = 17;
    static final int UDP_HEADER_LENGTH = 8;
    static final int UDP_LENGTH_OFFSET = 4;

    private static final int MAC_LENGTH = 6;
    private static final int SOURCE_MAC_OFFSET = 6;
    private static final int VERSION_IHL = 0x45;
    private static final int IDENTIFICATION_OFFSET = IPV4_OFFSET + 4;
    private static final int DONT_FRAGMENT = 0x4000;
    private static final int TTL_OFFSET = IPV4_OFFSET + 8;
    private static final int TTL = 64;
    private static final int CHECKSUM_OFFSET = IPV4_OFFSET + 10;
    private static final int SOURCE_ADDRESS_OFFSET = IPV4_OFFSET + 12;
    private static final int DESTINATION_ADDRESS_OFFSET = IPV4_OFFSET + 16;
    private static final int UDP_OFFSET = IPV4_OFFSET + IPV4_HEADER_LENGTH;
    /** The count of a source that never ends: one no packet counter reaches. */
    private static final long ENDLESS = -1;

    private final long count;
    private final long packetsPerSecond;
    private final LongSupplier clock;
    private final String description;
    private final FrameSizes sizes;
    private final ByteBuffer frame;
    private final ByteBuffer[] fragmentViews;
    private final int fixedHeaderSum;
    /** The size the frame and its fragment views are set up for; 0 before the first packet. */
    private int frameSize;
    /** {@link #fixedHeaderSum} plus the total length of frames of {@link #frameSize}. */
    private int sizedHeaderSum;
    private long produced;

    private SyntheticSource(Builder settings) {
        this.count = settings.count;
        this.packetsPerSecond = settings.packetsPerSecond;
        this.clock = settings.clock;
        this.description = settings.toString();
        this.sizes = settings.sizes.fresh();
        this.frame = ByteBuffer.allocateDirect(sizes.maximum());
        this.fragmentViews = new ByteBuffer[settings.fragments];
        for (int i = 0; i < fragmentViews.length; i++) {
            fragmentViews[i] = frame.asReadOnlyBuffer();
        }
        writeTemplate(settings);
        this.fixedHeaderSum = fixedHeaderSum();
    }

    /** Settings with the defaults: 64-byte frames from 02:00:00:00:00:01 10.0.0.1:5000 to 02:00:00:00:00:02 10.0.0.2:6000. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public LinkType linkType() {
        return LinkType.EN10MB;
    }

    @Override
    public int maxFragments() {
        return fragmentViews.length;
    }

    @Override
    public long packetsPerSecond() {
        return packetsPerSecond;
    }

    /** Packets produced so far, which is also the sequence number of the next one. */
    public long produced() {
        return produced;
    }

    @Override
    public boolean next(Packet packet) {
        if (produced == count) {
            return false;
        }
        int size = sizes.next();
        if (size != frameSize) {
            sizeFrame(size);
        }
        int sequence = (int) produced++;
        int identification = sequence & 0xFFFF;
        frame.putShort(IDENTIFICATION_OFFSET, (short) identification)
            .putShort(CHECKSUM_OFFSET, ipv4Checksum(identification))
            .putInt(SEQUENCE_OFFSET, sequence);
        packet.reset();
        for (ByteBuffer fragment : fragmentViews) {
            packet.append(fragment);
        }
        if (clock != null) {
            packet.timestamp(clock.getAsLong());
        }
        return true;
    }

    /** Sets the frame's two length fields for frames of {@code size} bytes and splits it into the fragment views. */
    private void sizeFrame(int size) {
        int totalLength = size - IPV4_OFFSET;
        frame.putShort(IPV4_TOTAL_LENGTH_OFFSET, (short) totalLength)
            .putShort(UDP_OFFSET + UDP_LENGTH_OFFSET, (short) (size - UDP_OFFSET));
        sizedHeaderSum = fixedHeaderSum + totalLength;
        int start = 0;
        int last = fragmentViews.length - 1;
        for (int i = 0; i <= last; i++) {
            int end = i == last ? size : (int) ((long) size * (i + 1) / fragmentViews.length);
            fragmentViews[i].clear().limit(end).position(start);
            start = end;
        }
        frameSize = size;
    }

    /** Does nothing: the source holds no resource. */
    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return description;
    }

    private void writeTemplate(Builder settings) {
        for (int i = SEQUENCE_OFFSET; i < frame.capacity(); i++) {
            frame.put(i, (byte) i);
        }
        frame.put(0, settings.destinationMac).put(SOURCE_MAC_OFFSET, settings.sourceMac)
            .putShort(ETHERTYPE_OFFSET, (short) ETHERTYPE_IPV4)
            .put(IPV4_OFFSET, (byte) VERSION_IHL)
            .putShort(IPV4_FLAGS_OFFSET, (short) DONT_FRAGMENT)
            .put(TTL_OFFSET, (byte) TTL)
            .put(IPV4_PROTOCOL_OFFSET, (byte) PROTOCOL_UDP)
            .put(SOURCE_ADDRESS_OFFSET, settings.sourceAddress.getAddress())
            .put(DESTINATION_ADDRESS_OFFSET, settings.destinationAddress.getAddress())
            .putShort(UDP_OFFSET, (short) settings.sourcePort)
            .putShort(UDP_OFFSET + 2, (short) settings.destinationPort);
    }

    /**
     * The one's-complement sum of the template's IPv4 header words, total length, identification and checksum
     * still zero: all but the total length, added once per size, and the identification, added per packet.
     */
    private int fixedHeaderSum() {
        int sum = 0;
        for (int i = IPV4_OFFSET; i < IPV4_OFFSET + IPV4_HEADER_LENGTH; i += 2) {
            sum += Short.toUnsignedInt(frame.getShort(i));
        }
        return sum;
    }

    /** The Internet checksum of the IPv4 header: the sum of the words fixed for this size plus the identification. */
    private short ipv4Checksum(int identification) {
        int sum = sizedHeaderSum + identification;
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum += sum >>> 16;
        return (short) ~sum;
    }

    /** Settings of a {@link SyntheticSource}; {@link #build()} may be called again for a fresh source. */
    public static final class Builder {
        private static final int MAXIMUM_PORT = 0xFFFF;

        private byte[] sourceMac = {2, 0, 0, 0, 0, 1};
        private byte[] destinationMac = {2, 0, 0, 0, 0, 2};
        private Inet4Address sourceAddress = address(10, 0, 0, 1);
        private Inet4Address destinationAddress = address(10, 0, 0, 2);
        private int sourcePort = 5000;
        private int destinationPort = 6000;
        private FrameSizes sizes = FrameSizes.cycled(64);
        private long count = ENDLESS;
        private long packetsPerSecond;
        private int fragments = 1;
        private LongSupplier clock;

        private Builder() {
        }

        /** Every frame {@code size} bytes long (the whole Ethernet frame, without FCS). */
        public Builder frameSize(int size) {
            return frameSizes(size);
        }

        /** Frame lengths taken in turn from {@code sizes}, cycled. */
        public Builder frameSizes(int... sizes) {
            this.sizes = FrameSizes.cycled(sizes);
            return this;
        }

        /** Frame lengths drawn uniformly from {@code [minimum, maximum]}, reproducible from {@code seed}. */
        public Builder randomFrameSizes(int minimum, int maximum, long seed) {
            this.sizes = FrameSizes.random(minimum, maximum, seed);
            return this;
        }

        /** Stops after {@code count} packets (at least 1); by default the source never ends. */
        public Builder count(long count) {
            if (count < 1) {
                throw new IllegalArgumentException("packet count " + count + " is not positive");
            }
            this.count = count;
            return this;
        }

        /** The pace the driver should keep, in packets per second; 0 (the default) for as fast as possible. */
        public Builder packetsPerSecond(long packetsPerSecond) {
            if (packetsPerSecond < 0) {
                throw new IllegalArgumentException("rate " + packetsPerSecond + " packets/s is negative");
            }
            this.packetsPerSecond = packetsPerSecond;
            return this;
        }

        /** Hands each frame out as {@code fragments} nearly equal pieces, 1 to {@link #MINIMUM_FRAME_SIZE}. */
        public Builder fragments(int fragments) {
            if (fragments < 1 || fragments > MINIMUM_FRAME_SIZE) {
                throw new IllegalArgumentException("fragments " + fragments + " is not between 1 and " + MINIMUM_FRAME_SIZE);
            }
            this.fragments = fragments;
            return this;
        }

        /** Stamps every packet with this clock's reading, in nanoseconds since the epoch. */
        public Builder clock(LongSupplier epochNanos) {
            this.clock = epochNanos;
            return this;
        }

        /** Ethernet source and destination addresses, 6 bytes each. */
        public Builder macs(byte[] source, byte[] destination) {
            if (source.length != MAC_LENGTH || destination.length != MAC_LENGTH) {
                throw new IllegalArgumentException("a MAC address has 6 bytes, not " + source.length + " and " + destination.length);
            }
            this.sourceMac = source.clone();
            this.destinationMac = destination.clone();
            return this;
        }

        /** IPv4 source and destination addresses. */
        public Builder addresses(Inet4Address source, Inet4Address destination) {
            this.sourceAddress = source;
            this.destinationAddress = destination;
            return this;
        }

        /** UDP source and destination ports, 0 to 65535. */
        public Builder ports(int source, int destination) {
            if (source < 0 || source > MAXIMUM_PORT || destination < 0 || destination > MAXIMUM_PORT) {
                throw new IllegalArgumentException("UDP ports " + source + " and " + destination + " are not both between 0 and 65535");
            }
            this.sourcePort = source;
            this.destinationPort = destination;
            return this;
        }

        /**
         * A source with these settings, starting at sequence number 0.
         *
         * @throws IllegalArgumentException if a frame size is outside {@link #MINIMUM_FRAME_SIZE} to {@link #MAXIMUM_FRAME_SIZE}
         */
        public SyntheticSource build() {
            if (sizes.minimum() < MINIMUM_FRAME_SIZE || sizes.maximum() > MAXIMUM_FRAME_SIZE) {
                throw new IllegalArgumentException("frame sizes " + sizes + " must lie between " + MINIMUM_FRAME_SIZE
                    + " (Ethernet, IPv4 and UDP headers and a 4-byte sequence number) and " + MAXIMUM_FRAME_SIZE + " bytes");
            }
            return new SyntheticSource(this);
        }

        @Override
        public String toString() {
            return String.format("synthetic UDP %s:%d -> %s:%d, frames of %s, %s, %s, %d fragment(s) per packet",
                sourceAddress.getHostAddress(), sourcePort, destinationAddress.getHostAddress(), destinationPort, sizes,
                count == ENDLESS ? "endless" : count + " packets",
                packetsPerSecond == 0 ? "as fast as possible" : packetsPerSecond + " packets/s", fragments);
        }

        private static Inet4Address address(int a, int b, int c, int d) {
            try {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
            } catch (UnknownHostException e) {
                throw new IllegalStateException("four bytes are always an IPv4 address", e);
            }
        }
    }
}

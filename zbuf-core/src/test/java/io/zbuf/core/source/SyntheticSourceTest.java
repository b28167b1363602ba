package io.zbuf.core.source;

import org.junit.jupiter.api.Tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.pcap.ExternalTool;
import io.zbuf.core.pcap.PcapWriter;
import io.zbuf.spi.LinkType;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticSourceTest {
    @TempDir
    Path temp;

    /** The packet's fragments joined into one buffer. */
    static ByteBuffer joined(Packet packet) {
        ByteBuffer frame = ByteBuffer.allocate(packet.length());
        for (int i = 0; i < packet.fragmentCount(); i++) {
            frame.put(packet.fragment(i).duplicate());
        }
        return frame.flip();
    }

    /** The one's complement sum over the IPv4 header, checksum included: 0xFFFF when the checksum is right. */
    static int ipv4HeaderSum(ByteBuffer frame) {
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += Short.toUnsignedInt(frame.getShort(i));
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    @Test
    void defaultFramesAreValidEthernetIpv4Udp() {
        SyntheticSource source = SyntheticSource.builder().count(3).build();
        Packet packet = new Packet(source.maxFragments());
        assertThat(source.linkType()).isEqualTo(LinkType.EN10MB);
        assertThat(source.packetsPerSecond()).isZero();
        for (int sequence = 0; sequence < 3; sequence++) {
            assertThat(source.produced()).isEqualTo(sequence);
            assertThat(source.next(packet)).isTrue();
            ByteBuffer frame = joined(packet);
            assertThat(frame.remaining()).isEqualTo(64);
            assertThat(packet.wireLength()).isEqualTo(64);
            assertThat(packet.timestamped()).isFalse();
            assertThat(java.util.HexFormat.of().formatHex(frame.array(), 0, 14)).isEqualTo("020000000002" + "020000000001" + "0800");
            assertThat(frame.get(14)).isEqualTo((byte) 0x45);
            assertThat(frame.getShort(16)).isEqualTo((short) 50);
            assertThat(frame.getShort(18)).isEqualTo((short) sequence);
            assertThat(frame.getShort(20)).isEqualTo((short) 0x4000);
            assertThat(frame.get(22)).isEqualTo((byte) 64);
            assertThat(frame.get(23)).isEqualTo((byte) 17);
            assertThat(ipv4HeaderSum(frame)).isEqualTo(0xFFFF);
            assertThat(frame.getInt(26)).isEqualTo(0x0A000001);
            assertThat(frame.getInt(30)).isEqualTo(0x0A000002);
            assertThat(frame.getShort(34)).isEqualTo((short) 5000);
            assertThat(frame.getShort(36)).isEqualTo((short) 6000);
            assertThat(frame.getShort(38)).isEqualTo((short) 30);
            assertThat(frame.getShort(40)).isZero();
            assertThat(frame.getInt(42)).isEqualTo(sequence);
            assertThat(frame.getInt(SyntheticSource.SEQUENCE_OFFSET)).isEqualTo(sequence);
            assertThat(SequenceNumbers.read(frame)).isEqualTo(sequence);
            assertThat(frame.get(46)).isEqualTo((byte) 46);
            assertThat(frame.get(63)).isEqualTo((byte) 63);
        }
        assertThat(source.next(packet)).isFalse();
        assertThat(source.next(packet)).isFalse();
        assertThat(source.produced()).isEqualTo(3);
    }

    @Test
    void addressesAndPortsAreConfigurable() throws IOException {
        SyntheticSource source = SyntheticSource.builder()
            .macs(new byte[] {1, 2, 3, 4, 5, 6}, new byte[] {7, 8, 9, 10, 11, 12})
            .addresses((Inet4Address) InetAddress.getByName("192.168.1.1"), (Inet4Address) InetAddress.getByName("172.16.0.9"))
            .ports(0, 65535)
            .build();
        Packet packet = new Packet(1);
        assertThat(source.next(packet)).isTrue();
        ByteBuffer frame = joined(packet);
        assertThat(java.util.HexFormat.of().formatHex(frame.array(), 0, 12)).isEqualTo("0708090a0b0c010203040506");
        assertThat(frame.getInt(26)).isEqualTo(0xC0A80101);
        assertThat(frame.getInt(30)).isEqualTo(0xAC100009);
        assertThat(Short.toUnsignedInt(frame.getShort(34))).isZero();
        assertThat(Short.toUnsignedInt(frame.getShort(36))).isEqualTo(65535);
        assertThat(ipv4HeaderSum(frame)).isEqualTo(0xFFFF);
        assertThat(source.toString()).contains("192.168.1.1:0 -> 172.16.0.9:65535");
    }

    @Test
    void checksumFoldsItsCarries() throws IOException {
        // 0x4500 + 0x4000 + 0x4011 + 4 * 0xFFFF + (15101 - 14) = 0x4FFFC: folding once gives 0x10000, a second carry
        Inet4Address broadcast = (Inet4Address) InetAddress.getByName("255.255.255.255");
        SyntheticSource source = SyntheticSource.builder().addresses(broadcast, broadcast).ports(65535, 0)
            .frameSizes(15_101, 46, SyntheticSource.MAXIMUM_FRAME_SIZE).count(3).build();
        Packet packet = new Packet(1);
        while (source.next(packet)) {
            ByteBuffer frame = joined(packet);
            assertThat(ipv4HeaderSum(frame)).as("frame of %d bytes", packet.length()).isEqualTo(0xFFFF);
            assertThat(Short.toUnsignedInt(frame.getShort(34))).isEqualTo(65535);
            assertThat(Short.toUnsignedInt(frame.getShort(36))).isZero();
        }
    }

    @Test
    void mixedSizesCycle() {
        SyntheticSource source = SyntheticSource.builder().frameSizes(64, 512, 1500).count(7).build();
        Packet packet = new Packet(1);
        List<Integer> sizes = new ArrayList<>();
        while (source.next(packet)) {
            ByteBuffer frame = joined(packet);
            assertThat(ipv4HeaderSum(frame)).isEqualTo(0xFFFF);
            assertThat(frame.getShort(16)).isEqualTo((short) (packet.length() - 14));
            assertThat(frame.getShort(38)).isEqualTo((short) (packet.length() - 34));
            sizes.add(packet.length());
        }
        assertThat(sizes).containsExactly(64, 512, 1500, 64, 512, 1500, 64);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42})
    void randomSizesStayInRangeAndRepeatWithTheSeed(long seed) {
        SyntheticSource.Builder builder = SyntheticSource.builder().randomFrameSizes(60, 70, seed).count(500);
        List<Integer> first = sizes(builder.build());
        assertThat(first).hasSize(500).allSatisfy(size -> assertThat(size).isBetween(60, 70));
        assertThat(new HashSet<>(first)).hasSize(11);
        assertThat(sizes(builder.build())).isEqualTo(first);
        assertThat(sizes(SyntheticSource.builder().randomFrameSizes(60, 70, seed + 1).count(500).build())).isNotEqualTo(first);
    }

    @Test
    void equalBoundsGiveOneSize() {
        assertThat(new HashSet<>(sizes(SyntheticSource.builder().randomFrameSizes(46, 46, 3).count(20).build()))).containsExactly(46);
    }

    private static List<Integer> sizes(SyntheticSource source) {
        Packet packet = new Packet(1);
        List<Integer> sizes = new ArrayList<>();
        while (source.next(packet)) {
            sizes.add(packet.length());
        }
        return sizes;
    }

    @ParameterizedTest(name = "{0} fragments")
    @ValueSource(ints = {2, 3, 7, 46})
    void fragmentsJoinToTheWholeFrame(int fragments) {
        SyntheticSource whole = SyntheticSource.builder().frameSizes(46, 100, 1514).count(6).build();
        SyntheticSource pieces = SyntheticSource.builder().frameSizes(46, 100, 1514).count(6).fragments(fragments).build();
        assertThat(pieces.maxFragments()).isEqualTo(fragments);
        Packet one = new Packet(1);
        Packet many = new Packet(fragments);
        while (whole.next(one)) {
            assertThat(pieces.next(many)).isTrue();
            assertThat(many.fragmentCount()).isEqualTo(fragments);
            Set<Integer> sizes = new HashSet<>();
            for (int i = 0; i < fragments; i++) {
                assertThat(many.fragment(i).isReadOnly()).isTrue();
                sizes.add(many.fragment(i).remaining());
            }
            assertThat(sizes).allSatisfy(size -> assertThat(size).isPositive());
            assertThat(joined(many)).isEqualTo(joined(one));
        }
        assertThat(pieces.next(many)).isFalse();
    }

    @Test
    void clockStampsEveryPacket() {
        AtomicLong time = new AtomicLong(1_000);
        SyntheticSource source = SyntheticSource.builder().clock(() -> time.getAndAdd(10)).build();
        Packet packet = new Packet(1);
        assertThat(source.next(packet)).isTrue();
        assertThat(packet.timestamped()).isTrue();
        assertThat(packet.timestampNanos()).isEqualTo(1_000);
        assertThat(source.next(packet)).isTrue();
        assertThat(packet.timestampNanos()).isEqualTo(1_010);
    }

    @Test
    void builderLaterChangesDoNotReachABuiltSource() {
        SyntheticSource.Builder builder = SyntheticSource.builder().count(1).packetsPerSecond(5);
        SyntheticSource source = builder.build();
        builder.count(5).packetsPerSecond(9).clock(() -> 1);
        Packet packet = new Packet(1);
        assertThat(source.packetsPerSecond()).isEqualTo(5);
        assertThat(source.next(packet)).isTrue();
        assertThat(packet.timestamped()).isFalse();
        assertThat(source.next(packet)).isFalse();
    }

    @Test
    void describesItself() {
        assertThat(SyntheticSource.builder().build().toString()).isEqualTo(
            "synthetic UDP 10.0.0.1:5000 -> 10.0.0.2:6000, frames of 64 bytes, endless, as fast as possible, 1 fragment(s) per packet");
        assertThat(SyntheticSource.builder().randomFrameSizes(60, 70, 3).count(9).packetsPerSecond(100).fragments(2).build().toString())
            .isEqualTo("synthetic UDP 10.0.0.1:5000 -> 10.0.0.2:6000, frames of 60 to 70 bytes (seed 3), 9 packets, 100 packets/s, "
                + "2 fragment(s) per packet");
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> SyntheticSource.builder().frameSize(45).build()).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("frame sizes 45 bytes must lie between 46 (Ethernet, IPv4 and UDP headers and a 4-byte sequence number) and 65549 bytes");
        assertThatThrownBy(() -> SyntheticSource.builder().frameSizes(64, 65550).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyntheticSource.builder().frameSizes()).hasMessage("a list of frame sizes needs at least one size");
        assertThatThrownBy(() -> SyntheticSource.builder().randomFrameSizes(70, 69, 1)).hasMessage("frame size min 70 is above max 69");
        assertThatThrownBy(() -> SyntheticSource.builder().count(0)).hasMessage("packet count 0 is not positive");
        assertThatThrownBy(() -> SyntheticSource.builder().packetsPerSecond(-1)).hasMessage("rate -1 packets/s is negative");
        assertThatThrownBy(() -> SyntheticSource.builder().fragments(0)).hasMessage("fragments 0 is not between 1 and 46");
        assertThatThrownBy(() -> SyntheticSource.builder().fragments(47)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyntheticSource.builder().macs(new byte[5], new byte[6])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyntheticSource.builder().macs(new byte[6], new byte[7])).isInstanceOf(IllegalArgumentException.class);
        for (int[] ports : new int[][] {{-1, 1}, {65536, 1}, {1, -1}, {1, 65536}}) {
            assertThatThrownBy(() -> SyntheticSource.builder().ports(ports[0], ports[1])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void extremeSizesAndSettingsAreAccepted() {
        SyntheticSource source = SyntheticSource.builder().frameSizes(SyntheticSource.MINIMUM_FRAME_SIZE, SyntheticSource.MAXIMUM_FRAME_SIZE)
            .count(1).packetsPerSecond(0).fragments(1).build();
        Packet packet = new Packet(1);
        assertThat(source.next(packet)).isTrue();
        assertThat(packet.length()).isEqualTo(46);
        assertThat(source.next(packet)).isFalse();
        source.close();
    }

    @Tag("external-tool")
    @Test
    void tsharkDecodesTheFramesAsUdpWithAGoodIpChecksum() throws IOException {
        Path file = temp.resolve("synthetic.pcap");
        SyntheticSource source = SyntheticSource.builder().frameSizes(46, 60, 1514, 9000).count(8).fragments(3).build();
        Packet packet = new Packet(source.maxFragments());
        try (PcapWriter writer = PcapWriter.create(file, LinkType.EN10MB, 65535, PcapWriter.Precision.NANO)) {
            long time = 1_700_000_000_000_000_000L;
            while (source.next(packet)) {
                writer.write(time++, joined(packet), packet.wireLength());
            }
        }
        List<String[]> rows = ExternalTool.tsharkFields(file, "ip.src", "ip.dst", "udp.srcport", "udp.dstport",
            "ip.checksum.status", "udp.length", "frame.len", "_ws.expert");
        assertThat(rows).hasSize(8);
        int[] sizes = {46, 60, 1514, 9000};
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            assertThat(row).startsWith("10.0.0.1", "10.0.0.2", "5000", "6000", "1");
            assertThat(Integer.parseInt(row[5])).isEqualTo(sizes[i % 4] - 34);
            assertThat(Integer.parseInt(row[6])).isEqualTo(sizes[i % 4]);
            assertThat(row[7]).as("no expert warnings").isEmpty();
        }
    }
}

package io.zbuf.examples.cli.decode;

import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Hand-built packets, the odd ones included. The expected lines are what tcpdump 4.99 prints for the same
 * bytes (checked live by {@link #tcpdumpPrintsTheSame}), except the cases marked as deliberate deviations.
 */
class PacketLineTest {
    private static final String ETHER = "020000000002 020000000001";
    private static final String IPV4_UDP = "4500 0020 0001 0000 4011 0000 0a000001 0a000002";
    private static final String UDP = "1388 1770 000c 0000 61626364";
    private static final String IPV4_TCP = "4500 0028 0001 0000 4006 0000 0a000001 0a000002";
    private static final String LOOPBACK6 = "00000000000000000000000000000001";
    private static final String IPV6_UDP = "6000 0000 0008 1140" + LOOPBACK6 + LOOPBACK6;
    private static final String ARP = "0001 0800 06 04";
    /** The link types PacketLine decodes. */
    private static final List<LinkType> DECODED = List.of(LinkType.EN10MB, LinkType.NULL, LinkType.RAW, LinkType.LOOP,
            LinkType.IPV4, LinkType.IPV6);
    /** Those and two it does not decode. */
    private static final List<LinkType> SOME = Stream.concat(DECODED.stream(), Stream.of(LinkType.LINUX_SLL, LinkType.of(147)))
            .toList();

    record Case(String name, LinkType linkType, String hex, long wireLength, String expected, boolean asTcpdump) {
        byte[] bytes() {
            return HexFormat.of().parseHex(hex.replace(" ", ""));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case ether(String name, String hex, String expected) {
        return new Case(name, LinkType.EN10MB, ETHER + hex, 0, expected, true);
    }

    private static Case ether(String name, String hex, long wireLength, String expected) {
        return new Case(name, LinkType.EN10MB, ETHER + hex, wireLength, expected, true);
    }

    private static Case deviation(String name, LinkType linkType, String hex, String expected) {
        return new Case(name, linkType, hex, 0, expected, false);
    }

    static List<Case> cases() {
        return List.of(
                ether("udp", "0800" + IPV4_UDP + UDP, "IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP, length 4"),
                new Case("truncated ethernet", LinkType.EN10MB, "0200000000020200", 60, " [|ether]", true),
                ether("no ip header", "0800", 60, " [|ip]"),
                ether("truncated ip header", "0800 4500 0020 0001 0000 4011", 60, "IP  [|ip]"),
                ether("truncated ip options", "0800 4600 0020 0001 0000 4011 0000 0a000001 0a000002 00", 60,
                        "IP  [remaining caplen(21) < header length(24)] [|ip]"),
                ether("udp without ports", "0800" + IPV4_UDP + "1388 17", 60, "IP 10.0.0.1 > 10.0.0.2:  [|udp]"),
                ether("udp without length", "0800" + IPV4_UDP + "1388 1770 00", 60, "IP 10.0.0.1.5000 > 10.0.0.2.6000:  [|udp]"),
                ether("ip longer than the wire", "0800" + IPV4_UDP + "1388 1770 000c",
                        "IP truncated-ip - 6 bytes missing! 10.0.0.1.5000 > 10.0.0.2.6000:  [|udp]"),
                ether("ip far longer than the wire", "0800 4500 00c8 0001 0000 4011 0000 0a000001 0a000002" + UDP,
                        "IP truncated-ip - 168 bytes missing! 10.0.0.1.5000 > 10.0.0.2.6000: UDP, length 4"),
                ether("later fragment", "0800 4500 0020 0001 0010 4011 0000 0a000001 0a000002" + UDP,
                        "IP 10.0.0.1 > 10.0.0.2: ip-proto-17"),
                ether("unknown protocol", "0800 4500 0020 0001 0000 4063 0000 0a000001 0a000002" + UDP,
                        "IP 10.0.0.1 > 10.0.0.2:  ip-proto-99 12"),
                ether("ip version 5", "0800 5500 0020 0001 0000 4011 0000 0a000001 0a000002" + UDP, "IP5 (invalid)"),
                ether("ipv6 in an ipv4 frame", "0800 6500 0020 0001 0000 4011 0000 0a000001 0a000002" + UDP,
                        "IP6, wrong link-layer encapsulation (invalid)"),
                ether("bad header length", "0800 4300 0020 0001 0000 4011 0000 0a000001 0a000002" + UDP, "IP bad-hlen 12"),
                ether("total length below header", "0800 4500 000a 0001 0000 4011 0000 0a000001 0a000002" + UDP, "IP bad-len 10"),
                ether("total length zero", "0800 4500 0000 0001 0000 4011 0000 0a000001 0a000002" + UDP, "IP bad-len 0"),
                ether("udp length below header", "0800" + IPV4_UDP + "1388 1770 0004 0000 61626364",
                        "IP 10.0.0.1.5000 > 10.0.0.2.6000: truncated-udplength 4"),
                ether("udp length beyond ip", "0800" + IPV4_UDP + "1388 1770 0064 0000 61626364",
                        "IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP, bad length 92 > 4"),
                ether("tcp syn ack", "0800" + IPV4_TCP + "0019 04d2 00000001 00000002 5012 0200 0000 0000",
                        "IP 10.0.0.1.25 > 10.0.0.2.1234: Flags [S.], seq 1, ack 2, win 512, length 0"),
                ether("tcp every flag", "0800" + IPV4_TCP + "0019 04d2 00000001 00000002 50ff 0200 0000 0007",
                        "IP 10.0.0.1.25 > 10.0.0.2.1234: Flags [FSRP.UEW], seq 1, ack 2, win 512, urg 7, length 0"),
                ether("tcp no flag", "0800" + IPV4_TCP + "0019 04d2 00000001 00000002 5000 0200 0000 0007",
                        "IP 10.0.0.1.25 > 10.0.0.2.1234: Flags [none], win 512, length 0"),
                ether("tcp fin ack", "0800" + IPV4_TCP + "0019 04d2 00000001 00000002 5011 0200 0000 0000",
                        "IP 10.0.0.1.25 > 10.0.0.2.1234: Flags [F.], seq 1, ack 2, win 512, length 0"),
                ether("tcp data wrapping", "0800 4500 0032 0001 0000 4006 0000 0a000001 0a000002"
                                + "0fa0 04d2 fffffffa 00000002 5018 0200 0000 0000 30313233343536373839",
                        "IP 10.0.0.1.4000 > 10.0.0.2.1234: Flags [P.], seq 4294967290:4, ack 2, win 512, length 10"),
                ether("tcp header too short", "0800" + IPV4_TCP + "0019 04d2 00000001 00000002 30ff 0200 0000 0007",
                        "IP 10.0.0.1.25 > 10.0.0.2.1234:  tcp 8 [bad hdr length 12 - too short, < 20]"),
                ether("tcp header too long", "0800" + IPV4_TCP + "0019 04d2 00000001 00000002 f010 0200 0000 0000",
                        "IP 10.0.0.1.25 > 10.0.0.2.1234: Flags [.] [bad hdr length 60 - too long, > 20]"),
                ether("tcp without ports", "0800 4500 0020 0001 0000 4006 0000 0a000001 0a000002 0019", 200,
                        "IP 10.0.0.1 > 10.0.0.2: [|tcp]"),
                ether("tcp cut short", "0800" + IPV4_TCP + "0019 04d2 00000001 0000", 60,
                        "IP 10.0.0.1.25 > 10.0.0.2.1234:  [|tcp]"),
                ether("icmp echo", "0800 4500 0020 0001 0000 4001 0000 0a000001 0a000002 0800 0000 0007 0009 61626364",
                        "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 9, length 12"),
                ether("icmp echo reply", "0800 4500 0020 0001 0000 4001 0000 0a000001 0a000002 0000 0000 0007 0009 61626364",
                        "IP 10.0.0.1 > 10.0.0.2: ICMP echo reply, id 7, seq 9, length 12"),
                // tcpdump: "ICMP time stamp query id 7 seq 9, length 12"
                deviation("icmp other", LinkType.EN10MB, ETHER + "0800 4500 0020 0001 0000 4001 0000 0a000001 0a000002 0d00 0000 0007 0009 61626364",
                        "IP 10.0.0.1 > 10.0.0.2: ICMP type 13, code 0, length 12"),
                ether("icmp cut short", "0800 4500 0020 0001 0000 4001 0000 0a000001 0a000002 0800", 60,
                        "IP 10.0.0.1 > 10.0.0.2:  [|icmp]"),
                ether("ipv6 udp", "86dd" + IPV6_UDP + "1388 1770 0008 0000", "IP6 ::1.5000 > ::1.6000: UDP, length 0"),
                ether("ipv6 icmp echo", "86dd 6000 0000 0008 3a40 20010db8000000000001000000000001 fe800000000000000000ffff0a000001"
                        + "8000 0000 0001 0002", "IP6 2001:db8::1:0:0:1 > fe80::ffff:a00:1: ICMP6, echo request, id 1, seq 2, length 8"),
                ether("ipv6 icmp echo reply", "86dd 6000 0000 0008 3a40" + LOOPBACK6 + LOOPBACK6 + "8100 0000 0001 0002",
                        "IP6 ::1 > ::1: ICMP6, echo reply, id 1, seq 2, length 8"),
                // tcpdump: "IP6 ::1 > ::1: ICMP6, echo reply [|icmp6]"
                new Case("ipv6 icmp cut short", LinkType.EN10MB, ETHER + "86dd 6000 0000 0008 3a40" + LOOPBACK6 + LOOPBACK6 + "8100",
                        80, "IP6 ::1 > ::1:  [|icmp6]", false),
                // tcpdump: "ICMP6, destination unreachable, unreachable port [|icmp6]"
                deviation("ipv6 icmp other", LinkType.EN10MB, ETHER + "86dd 6000 0000 0008 3a40" + LOOPBACK6 + LOOPBACK6
                        + "0104 0000 0000 0000", "IP6 ::1 > ::1: ICMP6, type 1, code 4, length 8"),
                ether("ipv6 unknown next header", "86dd 6000 0000 0008 6340 00000000000000000000000000000000"
                        + "00000000000000000000ffff0a000001 0000000000000000", "IP6 :: > ::ffff:10.0.0.1:  ip-proto-99 8"),
                ether("ipv6 cut short", "86dd 6000 0000 0008 1140 0000", " [|ip6]"),
                ether("no ipv6 header", "86dd", 60, " [|ip6]"),
                ether("ipv6 version 4", "86dd 4000 0000 0008 1140" + LOOPBACK6 + LOOPBACK6 + "0000000000000000",
                        "IP6 version error: 4 != 6"),
                ether("ipv6 longer than the wire", "86dd 6000 0000 0064 1140" + LOOPBACK6 + LOOPBACK6 + "1388 1770 000c 0000 61626364",
                        "IP6 truncated-ip6 - 88 bytes missing!::1.5000 > ::1.6000: UDP, length 4"),
                ether("ipv6 without payload length", "86dd 6000 0000 0000 1140" + LOOPBACK6 + LOOPBACK6,
                        "IP6 ::1 > ::1:  [|udp]"),
                ether("arp request", "0806" + ARP + "0001 020000000001 0a000001 000000000000 0a000002",
                        "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28"),
                ether("arp request knowing the target", "0806" + ARP + "0001 020000000001 0a000001 020000000002 0a000002",
                        "ARP, Request who-has 10.0.0.2 (02:00:00:00:00:02) tell 10.0.0.1, length 28"),
                ether("arp reply padded", "0806" + ARP + "0002 020000000001 0a000001 020000000002 0a000002" + "00".repeat(18),
                        "ARP, Reply 10.0.0.1 is-at 02:00:00:00:00:01, length 46"),
                ether("rarp request", "0806" + ARP + "0003 020000000001 0a000001 000000000000 0a000002",
                        "ARP, Reverse Request who-is 00:00:00:00:00:00 tell 02:00:00:00:00:01, length 28"),
                ether("rarp reply", "0806" + ARP + "0004 020000000001 0a000001 020000000002 0a000002",
                        "ARP, Reverse Reply 02:00:00:00:00:02 at 10.0.0.2, length 28"),
                ether("arp cut short", "0806 0001 0800 06", " [|arp]"),
                ether("arp without addresses", "0806" + ARP + "0001 020000000001", " [|arp]"),
                deviation("arp unknown operation", LinkType.EN10MB, ETHER + "0806" + ARP + "0009 020000000001 0a000001 000000000000 0a000002",
                        "ARP, op 9, length 28"),
                deviation("arp for another protocol", LinkType.EN10MB, ETHER + "0806 0001 86dd 06 10 0001", "ARP, length 8"),
                deviation("unknown ethertype", LinkType.EN10MB, ETHER + "88cc" + "00".repeat(46), "ethertype 0x88cc, length 60"),
                deviation("small ethertype", LinkType.EN10MB, ETHER + "0600" + "00".repeat(46), "ethertype 0x0600, length 60"),
                deviation("802.3 frame", LinkType.EN10MB, ETHER + "002e" + "00".repeat(46), "802.3, length 60"),
                new Case("loopback little-endian", LinkType.NULL, "02000000" + IPV4_UDP + UDP, 0,
                        "IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP, length 4", true),
                new Case("loopback big-endian", LinkType.NULL, "00000002" + IPV4_UDP + UDP, 0,
                        "IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP, length 4", true),
                new Case("loopback ipv6 (FreeBSD)", LinkType.NULL, "1c000000" + IPV6_UDP + "1388 1770 0008 0000", 0,
                        "IP6 ::1.5000 > ::1.6000: UDP, length 0", true),
                new Case("loopback ipv6 (macOS)", LinkType.NULL, "1e000000" + IPV6_UDP + "1388 1770 0008 0000", 0,
                        "IP6 ::1.5000 > ::1.6000: UDP, length 0", true),
                new Case("loopback ipv6 (NetBSD)", LinkType.NULL, "00000018" + IPV6_UDP + "1388 1770 0008 0000", 0,
                        "IP6 ::1.5000 > ::1.6000: UDP, length 0", true),
                new Case("loopback cut short", LinkType.NULL, "0200", 0, " [|null]", true),
                deviation("loopback unknown family", LinkType.NULL, "07000000" + IPV4_UDP, "AF 7, length 24"),
                new Case("raw ipv4", LinkType.RAW, IPV4_UDP + UDP, 0, "IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP, length 4", true),
                new Case("raw ipv6", LinkType.RAW, IPV6_UDP + "1388 1770 0008 0000", 0, "IP6 ::1.5000 > ::1.6000: UDP, length 0", true),
                new Case("openbsd loopback", LinkType.LOOP, "00000002" + IPV4_UDP + UDP, 0,
                        "IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP, length 4", true),
                new Case("raw ipv4 link type", LinkType.IPV4, IPV4_UDP + UDP, 0, "IP 10.0.0.1.5000 > 10.0.0.2.6000: UDP, length 4", true),
                new Case("raw ipv6 link type", LinkType.IPV6, IPV6_UDP + "1388 1770 0008 0000", 0, "IP6 ::1.5000 > ::1.6000: UDP, length 0",
                        true),
                deviation("a link type without a decoder", LinkType.LINUX_SLL, "0000 0001 0006 020000000001 0000 0800", "link-type LINUX_SLL,"
                        + " length 16"),
                deviation("an unnamed link type", LinkType.of(147), "010203", "link-type 147, length 3"),
                new Case("raw ip version 5", LinkType.RAW, "5500 0020 0001 0000 4011 0000 0a000001 0a000002", 0, "unknown ip 5", true),
                new Case("raw ip cut short", LinkType.RAW, "45", 0, "IP  [|ip]", true),
                deviation("raw empty", LinkType.RAW, "", " [|ip]"));
    }

    private static String line(LinkType linkType, ByteBuffer packet, long wireLength) {
        StringBuilder out = new StringBuilder();
        PacketLine.format(out, 0, linkType, packet, wireLength, false);
        return out.substring("00:00:00.000000 ".length());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsWhatTcpdumpPrints(Case c) {
        byte[] bytes = c.bytes();
        assertThat(line(c.linkType(), ByteBuffer.wrap(bytes), Math.max(c.wireLength(), bytes.length))).isEqualTo(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsOnlyBetweenPositionAndLimitWhateverTheByteOrder(Case c) {
        byte[] bytes = c.bytes();
        ByteBuffer framed = ByteBuffer.allocate(bytes.length + 64).order(ByteOrder.LITTLE_ENDIAN);
        new Random(bytes.length).nextBytes(framed.array());
        framed.position(32).put(bytes).flip().position(32);
        assertThat(line(c.linkType(), framed, Math.max(c.wireLength(), bytes.length))).isEqualTo(c.expected());
        assertThat(framed.position()).isEqualTo(32);
        assertThat(framed.limit()).isEqualTo(32 + bytes.length);
    }

    @Test
    void tcpdumpPrintsTheSame(@TempDir Path directory) throws IOException {
        assertThat(TcpdumpOutput.available()).as("tcpdump is not installed: apt-get install -y tcpdump").isTrue();
        for (LinkType linkType : DECODED) {
            List<Case> same = cases().stream().filter(c -> c.asTcpdump() && c.linkType().equals(linkType)).toList();
            Path file = directory.resolve(linkType.name() + ".pcap");
            TestPcap.write(file, linkType, same.stream().map(Case::bytes).toList(),
                    same.stream().map(c -> Math.max(c.wireLength(), c.bytes().length)).toList());
            List<String> lines = TcpdumpOutput.read(file);
            assertThat(lines).hasSameSizeAs(same);
            for (int i = 0; i < same.size(); i++) {
                assertThat(lines.get(i).substring("00:00:00.000000 ".length())).as(same.get(i).name())
                        .startsWith(same.get(i).expected());
            }
        }
    }

    @Test
    void timeOfDayInUtcWithMicrosecondsOrNanoseconds() {
        long nanos = 1_254_722_767_492_060_123L; // 2009-10-05T06:06:07.492060123Z
        ByteBuffer empty = ByteBuffer.allocate(0);
        StringBuilder out = new StringBuilder("> ");
        PacketLine.format(out, nanos, LinkType.EN10MB, empty, 0, false);
        assertThat(out).as("appends to what is there").hasToString("> 06:06:07.492060  [|ether]");
        out.setLength(0);
        PacketLine.format(out, nanos, LinkType.EN10MB, empty, 0, true);
        assertThat(out).hasToString("06:06:07.492060123  [|ether]");
        out.setLength(0);
        PacketLine.format(out, nanos, LinkType.EN10MB, empty, 0, false, ZoneId.of("Asia/Kolkata"));
        assertThat(out).hasToString("11:36:07.492060  [|ether]");
        out.setLength(0);
        PacketLine.format(out, -1, LinkType.EN10MB, empty, 0, true, ZoneId.of("UTC"));
        assertThat(out).hasToString("23:59:59.999999999  [|ether]");
        out.setLength(0);
        PacketLine.format(out, 86_399_000_001_000L, LinkType.EN10MB, empty, 0, false);
        assertThat(out).hasToString("23:59:59.000001  [|ether]");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void garbageNeverThrows(long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        List<byte[]> templates = cases().stream().map(Case::bytes).toList();
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = templates.get(random.nextInt(templates.size())).clone();
            int length = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            for (int flips = random.nextInt(4); flips > 0 && length > 0; flips--) {
                bytes[random.nextInt(length)] = (byte) random.nextInt(256);
            }
            LinkType linkType = SOME.get(random.nextInt(SOME.size()));
            ByteBuffer packet = ByteBuffer.wrap(bytes, 0, length);
            out.setLength(0);
            assertThatCode(() -> PacketLine.format(out, random.nextLong(), linkType, packet, random.nextInt(70_000), random.nextBoolean()))
                    .doesNotThrowAnyException();
            assertThat(out.toString()).doesNotContain("\n").hasSizeGreaterThan(16);
        }
    }

    @Test
    void realPacketsCutAtEveryLengthNeverThrow() throws IOException {
        TestPcap pcap = TestPcap.read(TestPcap.shared("smtp.pcap"));
        StringBuilder out = new StringBuilder();
        for (TestPcap.Record record : pcap.records()) {
            ByteBuffer data = record.data();
            for (int length = 0; length <= Math.min(data.remaining(), 80); length++) {
                ByteBuffer cut = data.duplicate().limit(length);
                out.setLength(0);
                PacketLine.format(out, record.epochNanos(), pcap.linkType(), cut, record.wireLength(), false);
                assertThat(out.toString()).doesNotContain("\n");
            }
        }
    }

    @Test
    void formattingAllocatesNothingOnceTheBuilderHasGrown() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).as("this JVM counts the bytes each thread allocates (HotSpot does)").isTrue();
        List<Case> cases = cases();
        List<ByteBuffer> packets = cases.stream().map(c -> ByteBuffer.wrap(c.bytes())).toList();
        StringBuilder out = new StringBuilder(256);
        int rounds = 2_000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < packets.size(); i++) {
                out.setLength(0);
                PacketLine.format(out, round * 1_000_000_007L, cases.get(i).linkType(), packets.get(i), 1500, (round & 1) == 0);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(out).isNotEmpty();
        assertThat(allocated).as("bytes allocated for %d lines", rounds * packets.size()).isLessThan(rounds * packets.size() / 10);
    }
}

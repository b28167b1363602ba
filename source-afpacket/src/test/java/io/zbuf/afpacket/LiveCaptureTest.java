package io.zbuf.afpacket;

import io.zbuf.core.user.CaptureConfig;
import io.zbuf.core.user.ZbufCapture;
import io.zbuf.sim.SimBackend;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.Errno;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real packets in a namespace of the test's own, captured by zbuf's simulator through the live source and, at the
 * same time, by tcpdump: the same packets, the same bytes, the same timestamps (both read the kernel's stamp of
 * the same packet from their rings, to the nanosecond).
 */
@Tag("external-tool")
@Timeout(120)
class LiveCaptureTest {
    private static final InetSocketAddress SENDER = new InetSocketAddress("127.0.0.1", 40_000);
    private static final InetSocketAddress RECEIVER = new InetSocketAddress("127.0.0.1", 5555);
    /** How far apart two packet sockets' own readings of the clock for one packet may be. */
    private static final long STAMP_TOLERANCE_NANOS = 1_000_000;

    @TempDir
    Path directory;

    private final NetworkNamespace namespace = NetworkNamespace.create();
    private final SimBackend sim = new SimBackend();

    @AfterEach
    void removeTheNamespace() {
        sim.close();
        namespace.close();
    }

    @Test
    void aHundredDatagramsOnLoopbackAreWhatTcpdumpSees() throws Exception {
        Path expected = directory.resolve("tcpdump.pcap");
        List<CapturedPacket> captured;
        try (Tcpdump tcpdump = Tcpdump.capture(namespace, "lo", expected, List.of(), null);
             ZbufCapture capture = open("lo", "live:lo")) {
            namespace.run(() -> {
                try (DatagramChannel sink = Datagrams.sink(RECEIVER)) {
                    Datagrams.send(SENDER, RECEIVER, 100, 4, 18, 200, 1400, 9000, 30_000);
                }
                return null;
            });
            captured = read(capture, 100);
            tcpdump.awaitPackets(100);
            // on loopback libpcap sees each packet twice, going out and coming in, and skips the first
            assertThat(tcpdump.stop()).isEqualTo(new Tcpdump.Statistics(100, 200, 0));
            assertThat(capture.stats()).as("zbuf's socket ignores outgoing packets").isEqualTo(new BpfStats(100, 0));
        }
        assertSamePackets(captured, CapturedPacket.read(expected));
        assertThat(captured).extracting(CapturedPacket::sequence).containsExactlyElementsOf(sequence(100));
        assertThat(captured.get(5).bytes()).as("a 30000-byte datagram is one frame on loopback").hasSize(30_000 + Datagrams.HEADERS);
    }

    @Test
    void aTcpExchangeIsWhatTcpdumpSees() throws Exception {
        Path expected = directory.resolve("tcpdump.pcap");
        List<CapturedPacket> captured;
        try (Tcpdump tcpdump = Tcpdump.capture(namespace, "lo", expected, List.of(), "tcp");
             ZbufCapture capture = open("lo", "live:lo", Tcpdump.compile("tcp"))) {
            namespace.run(() -> {
                exchange(new InetSocketAddress("127.0.0.1", 8080));
                return null;
            });
            captured = readUntilQuiet(capture);
            tcpdump.awaitPackets(captured.size());
            assertThat(tcpdump.stop()).isEqualTo(new Tcpdump.Statistics(captured.size(), 2L * captured.size(), 0));
        }
        assertThat(captured.size()).as("handshake, data both ways, teardown").isGreaterThanOrEqualTo(8);
        assertSamePackets(captured, CapturedPacket.read(expected));
    }

    @Test
    void aVethPairsFarEndSeesWhatTheNearEndSent() throws Exception {
        try (NetworkNamespace far = NetworkNamespace.create()) {
            namespace.connect("zb-a", "10.77.0.1", far, "zb-b", "10.77.0.2");
            Path expected = directory.resolve("tcpdump.pcap");
            List<CapturedPacket> captured;
            try (Tcpdump tcpdump = Tcpdump.capture(far, "zb-b", expected, List.of(), null);
                 ZbufCapture capture = far.run(() -> {
                     sim.createInterface("veth", "live:zb-b,promisc");
                     return ZbufCapture.open(sim.open(), config("veth").build());
                 })) {
                DatagramChannel sink = far.run(() -> Datagrams.sink(new InetSocketAddress("10.77.0.2", 5555)));
                namespace.run(() -> {
                    Datagrams.send(new InetSocketAddress("10.77.0.1", 40_000), new InetSocketAddress("10.77.0.2", 5555), 300, 18, 1472);
                    return null;
                });
                sink.close();
                captured = read(capture, 300);
                tcpdump.awaitPackets(300);
                assertThat(tcpdump.stop()).isEqualTo(new Tcpdump.Statistics(300, 300, 0));
            }
            assertSamePackets(captured, CapturedPacket.read(expected));
            assertThat(captured).extracting(CapturedPacket::sequence).containsExactlyElementsOf(sequence(300));
            assertThat(captured.get(1).bytes()).as("a full Ethernet frame").hasSize(1514);
        }
    }

    @Test
    void anInterfaceThatGoesAwayEndsTheCaptureAfterEveryPacketItHad() throws Exception {
        try (NetworkNamespace far = NetworkNamespace.create()) {
            namespace.connect("zb-a", "10.77.0.1", far, "zb-b", "10.77.0.2");
            try (ZbufCapture capture = far.run(() -> {
                sim.createInterface("veth", "live:zb-b,timeout=200");
                return ZbufCapture.open(sim.open(), config("veth").immediate(false).readTimeout(Duration.ZERO).build());
            })) {
                DatagramChannel sink = far.run(() -> Datagrams.sink(new InetSocketAddress("10.77.0.2", 5555)));
                namespace.run(() -> {
                    Datagrams.send(new InetSocketAddress("10.77.0.1", 40_000), new InetSocketAddress("10.77.0.2", 5555), 50, 100);
                    return null;
                });
                sink.close();
                namespace.ip("link", "delete", "zb-a");
                List<Long> sequences = new ArrayList<>();
                assertThatThrownBy(() -> {
                    for (int round = 0; round < 200; round++) {
                        capture.dispatch(record -> sequences.add(CapturedPacket.of(record).sequence()), Duration.ofMillis(100));
                    }
                }).isInstanceOf(InterfaceGoneException.class);
                assertThat(sequences).as("the ring's last, partly filled block too").containsExactlyElementsOf(sequence(50));
                assertThat(capture.stats()).isEqualTo(new BpfStats(50, 0));
            }
            assertThat(sim.interfaces()).doesNotContain("veth");
        }
    }

    @Test
    void anInterfaceThatGoesDownEndsTheCaptureToo() throws Exception {
        try (NetworkNamespace far = NetworkNamespace.create()) {
            namespace.connect("zb-a", "10.77.0.1", far, "zb-b", "10.77.0.2");
            try (ZbufCapture capture = far.run(() -> {
                sim.createInterface("veth", "live:zb-b");
                return ZbufCapture.open(sim.open(), config("veth").build());
            })) {
                DatagramChannel sink = far.run(() -> Datagrams.sink(new InetSocketAddress("10.77.0.2", 5555)));
                namespace.run(() -> {
                    Datagrams.send(new InetSocketAddress("10.77.0.1", 40_000), new InetSocketAddress("10.77.0.2", 5555), 20, 100);
                    return null;
                });
                sink.close();
                assertThat(read(capture, 20)).hasSize(20);
                far.ip("link", "set", "zb-b", "down");
                assertThatThrownBy(() -> {
                    for (int round = 0; round < 200; round++) {
                        capture.dispatch(record -> { }, Duration.ofMillis(100));
                    }
                }).isInstanceOf(InterfaceGoneException.class);
            }
        }
    }

    @Test
    void anUnknownInterfaceIsEnxioNamingTheInterfacesThatExist() throws Exception {
        try (NetworkNamespace far = NetworkNamespace.create()) {
            namespace.connect("zb-a", "10.77.0.1", far, "zb-b", "10.77.0.2");
            BpfException error = namespace.run(() -> {
                try {
                    sim.createInterface("x", "live:zb-nothing");
                    return null;
                } catch (BpfException e) {
                    return e;
                }
            });
            assertThat(error.errno()).isEqualTo(Errno.ENXIO);
            assertThat(error).hasMessage("live:zb-nothing: no interface named zb-nothing here; the interfaces are lo, zb-a (ENXIO)");
            assertThat(sim.interfaces()).doesNotContain("x");
        }
    }

    @Test
    void whatTheRingOrTheBuffersDroppedIsCountedSoThatReceivedIsDeliveredPlusDropped() throws Exception {
        int sent = 3000;
        try (NetworkNamespace far = NetworkNamespace.create()) {
            // the sending end of a veth pair sees every datagram sent: nothing is dropped before its tap
            namespace.connect("zb-a", "10.77.0.1", far, "zb-b", "10.77.0.2");
            DatagramChannel sink = far.run(() -> Datagrams.sink(new InetSocketAddress("10.77.0.2", 5555)));
            try (sink; ZbufCapture capture = namespace.run(() -> {
                sim.createInterface("veth", "live:zb-a,ring=8k,block=4k,timeout=1");
                return ZbufCapture.open(sim.open(), config("veth").bufferSize(8192).immediate(false).build());
            })) {
                namespace.run(() -> {
                    Datagrams.send(new InetSocketAddress("10.77.0.1", 40_000), new InetSocketAddress("10.77.0.2", 5555), sent, 4, 200);
                    return null;
                });
                List<Long> sequences = new ArrayList<>();
                BpfStats stats = capture.stats();
                for (int round = 0; round < 400 && stats.received() < sent; round++) {
                    capture.dispatch(record -> sequences.add(CapturedPacket.of(record).sequence()), Duration.ofMillis(50));
                    stats = capture.stats();
                }
                for (int round = 0; round < 10; round++) {
                    capture.dispatch(record -> sequences.add(CapturedPacket.of(record).sequence()), Duration.ofMillis(50));
                }
                stats = capture.stats();
                assertThat(stats.received()).as("every datagram sent").isEqualTo(sent);
                assertThat(stats.dropped()).as("the reader read nothing while they came").isPositive();
                assertThat(sequences.size() + stats.dropped()).isEqualTo(sent);
                assertThat(sequences).isSorted().doesNotHaveDuplicates();
            }
        }
    }

    private ZbufCapture open(String name, String source) throws Exception {
        return open(name, source, null);
    }

    private ZbufCapture open(String name, String source, io.zbuf.spi.BpfProgram filter) throws Exception {
        return namespace.run(() -> {
            sim.createInterface(name, source);
            CaptureConfig.Builder config = config(name);
            if (filter != null) {
                config.filter(filter);
            }
            return ZbufCapture.open(sim.open(), config.build());
        });
    }

    private static CaptureConfig.Builder config(String name) {
        return CaptureConfig.builder().interfaceName(name).immediate(true).readTimeout(Duration.ofMillis(20))
                .timestampType(TimestampType.of(TimestampFormat.NANOTIME));
    }

    /** The next {@code count} packets of {@code capture}, within 20 s. */
    static List<CapturedPacket> read(ZbufCapture capture, int count) throws BpfException, InterruptedException {
        List<CapturedPacket> packets = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (packets.size() < count && System.nanoTime() - deadline < 0) {
            capture.dispatch(record -> packets.add(CapturedPacket.of(record)), Duration.ofMillis(100));
        }
        return packets;
    }

    /** Packets until none came for half a second (at most 20 s). */
    private static List<CapturedPacket> readUntilQuiet(ZbufCapture capture) throws BpfException, InterruptedException {
        List<CapturedPacket> packets = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int quiet = 0; quiet < 5 && System.nanoTime() - deadline < 0; ) {
            int before = packets.size();
            capture.dispatch(record -> packets.add(CapturedPacket.of(record)), Duration.ofMillis(100));
            quiet = packets.size() == before ? quiet + 1 : 0;
        }
        return packets;
    }

    /**
     * The same packets in the same order, byte for byte and with the same wire length, stamped at the same instant:
     * to the nanosecond where Linux stamped the packet once for every socket, within {@link #STAMP_TOLERANCE_NANOS}
     * where each packet socket takes its own reading (TCP sets the packet's own time stamp aside for pacing).
     */
    static void assertSamePackets(List<CapturedPacket> zbuf, List<CapturedPacket> tcpdump) {
        assertThat(zbuf).hasSameSizeAs(tcpdump);
        for (int i = 0; i < zbuf.size(); i++) {
            CapturedPacket ours = zbuf.get(i);
            CapturedPacket theirs = tcpdump.get(i);
            assertThat(ours.bytes()).as("packet %d", i).isEqualTo(theirs.bytes());
            assertThat(ours.wireLength()).as("packet %d", i).isEqualTo(theirs.wireLength());
            assertThat(Math.abs(ours.epochNanos() - theirs.epochNanos())).as("packet %d: %d against tcpdump's %d", i, ours.epochNanos(),
                    theirs.epochNanos()).isLessThanOrEqualTo(STAMP_TOLERANCE_NANOS);
        }
    }

    private static List<Long> sequence(int count) {
        List<Long> numbers = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    /** A TCP connection: the client sends 3 messages, the server echoes each, both close. */
    private static void exchange(InetSocketAddress address) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(address);
             SocketChannel client = SocketChannel.open(address);
             SocketChannel accepted = server.accept()) {
            ByteBuffer buffer = ByteBuffer.allocate(1000);
            for (int i = 0; i < 3; i++) {
                client.write(ByteBuffer.wrap(("message " + i).repeat(i * 20 + 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                buffer.clear();
                accepted.read(buffer);
                accepted.write(buffer.flip());
                buffer.clear();
                client.read(buffer);
            }
        }
    }
}

package io.zbuf.afpacket;

import io.zbuf.shm.daemon.KernelDaemonMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shm kernel daemon with a live interface, in a namespace of the test's own, serving two reader JVMs at once,
 * each with its own filter: each gets the subset of the traffic that tcpdump's filter selects from tcpdump's own
 * capture of it, byte for byte.
 */
@Tag("external-tool")
@Timeout(180)
class ShmLiveTest {
    private static final String EVEN_PORT = "udp dst port 5002";
    private static final String EARLY = "udp and udp[8:4] < 40";

    @TempDir
    Path directory;

    private final NetworkNamespace namespace = NetworkNamespace.create();

    @AfterEach
    void removeTheNamespace() {
        namespace.close();
    }

    @Test
    void aDaemonServesTwoReadersEachTheSubsetItsFilterSelects() throws Exception {
        Path socket = directory.resolve("kernel.sock");
        Path log = directory.resolve("daemon.log");
        List<String> daemon = new ArrayList<>(List.of(java(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                KernelDaemonMain.class.getName(), "--socket", socket.toString(), "--interface", "lo=live:lo"));
        namespace.start(new ProcessBuilder(namespace.command(daemon.toArray(String[]::new))).redirectErrorStream(true)
                .redirectOutput(log.toFile()));
        awaitLine(log, "zbuf kernel listening at");

        Path all = directory.resolve("tcpdump.pcap");
        Path even = directory.resolve("even.pcap");
        Path early = directory.resolve("early.pcap");
        try (Tcpdump tcpdump = Tcpdump.capture(namespace, "lo", all, List.of(), null)) {
            Process first = reader(socket, EVEN_PORT, 50, even);
            Process second = reader(socket, EARLY, 40, early);
            namespace.run(() -> {
                try (DatagramChannel odd = Datagrams.sink(new InetSocketAddress("127.0.0.1", 5001));
                     DatagramChannel evens = Datagrams.sink(new InetSocketAddress("127.0.0.1", 5002))) {
                    for (int i = 0; i < 100; i++) {
                        sendOne(i, 5001 + i % 2);
                    }
                }
                return null;
            });
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("reader of " + EVEN_PORT + ": " + output(first)).isZero();
            assertThat(second.exitValue()).as("reader of " + EARLY + ": " + output(second)).isZero();
            tcpdump.awaitPackets(100);
            tcpdump.stop();
        }
        Path evenOracle = directory.resolve("even-tcpdump.pcap");
        Path earlyOracle = directory.resolve("early-tcpdump.pcap");
        Tcpdump.filter(all, EVEN_PORT, evenOracle);
        Tcpdump.filter(all, EARLY, earlyOracle);
        List<CapturedPacket> evens = CapturedPacket.read(even);
        List<CapturedPacket> earlies = CapturedPacket.read(early);
        LiveCaptureTest.assertSamePackets(evens, CapturedPacket.read(evenOracle));
        LiveCaptureTest.assertSamePackets(earlies, CapturedPacket.read(earlyOracle));
        assertThat(evens).extracting(CapturedPacket::sequence).hasSize(50).allMatch(sequence -> sequence % 2 == 1);
        assertThat(earlies).extracting(CapturedPacket::sequence).hasSize(40).allMatch(sequence -> sequence < 40);
    }

    /** Sends datagram {@code sequence} from a port of its own (Datagrams numbers from 0 per call). */
    private static void sendOne(int sequence, int port) throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            java.nio.ByteBuffer payload = java.nio.ByteBuffer.allocate(64);
            payload.putInt(sequence).position(64).flip();
            channel.send(payload, new InetSocketAddress("127.0.0.1", port));
        }
    }

    private Process reader(Path socket, String filter, int count, Path out) throws IOException, InterruptedException {
        Process process = namespace.start(new ProcessBuilder(java(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                LiveShmReader.class.getName(), socket.toString(), "lo", filter, Integer.toString(count), out.toString())
                .redirectErrorStream(true));
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        assertThat(line).as("the reader attached").isEqualTo("ready");
        return process;
    }

    private static String output(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void awaitLine(Path log, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains(text)) {
            assertThat(System.nanoTime() - deadline).as("the daemon started: " + Files.readString(log)).isNegative();
            Thread.sleep(20);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("java.class.path");
    }
}

package io.zbuf.examples.cli;

import io.zbuf.afpacket.NetworkNamespace;
import io.zbuf.afpacket.Tcpdump;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zbuf capture --source live:lo -c 100}, as root in a fresh namespace, prints the datagrams a sender there
 * sent, as {@code tcpdump -nn} prints them from its own capture of the same traffic.
 */
@Tag("external-tool")
@Timeout(120)
class LiveCaptureCommandTest {
    private static final int FIRST_PORT = 40_000;

    @Test
    void capturingOnLoopbackPrintsTheDatagramsAsTcpdumpDoes(@TempDir Path directory) throws Exception {
        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            Path file = directory.resolve("tcpdump.pcap");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            try (Tcpdump tcpdump = Tcpdump.capture(namespace, "lo", file, List.of(), "udp")) {
                CompletableFuture<Integer> capture = new CompletableFuture<>();
                namespace.start("zbuf-capture", () -> capture.complete(ZbufCommand.run(
                        new String[] {"capture", "--source", "live:lo", "-c", "100", "--immediate"},
                        new PrintWriter(out, true), new PrintWriter(err, true))));
                // a datagram every 2 ms from a port of its own, until the capture has its 100
                int sent = namespace.run(() -> {
                    try (DatagramChannel sink = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 5555))) {
                        int i = 0;
                        for (; i < 5000 && !capture.isDone(); i++) {
                            try (DatagramChannel sender = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", FIRST_PORT + i))) {
                                sender.send(ByteBuffer.allocate(10 + i % 50), sink.getLocalAddress());
                            }
                            Thread.sleep(2);
                        }
                        return i;
                    }
                });
                assertThat(capture.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
                assertThat(tcpdump.awaitPackets(sent)).hasSize(sent);
                tcpdump.stop();
            }
            List<String> lines = out.toString().lines().toList();
            List<String> printed = lines.subList(0, 100);
            assertThat(lines.subList(100, lines.size())).first().asString().isEqualTo("100 packets captured");
            List<String> tcpdump = tcpdumpLines(file);
            String first = printed.get(0).substring(printed.get(0).indexOf(' '));
            int start = tcpdump.stream().map(line -> line.substring(line.indexOf(' '))).toList().indexOf(first);
            assertThat(start).as("tcpdump saw the first datagram zbuf printed: " + first).isNotNegative();
            for (int i = 0; i < 100; i++) {
                assertThat(withoutTime(printed.get(i))).as("line %d", i).isEqualTo(withoutTime(tcpdump.get(start + i)));
                assertThat(seconds(printed.get(i))).as("line %d: %s, tcpdump %s", i, printed.get(i), tcpdump.get(start + i))
                        .isCloseTo(seconds(tcpdump.get(start + i)), Offset.offset(0.001));
            }
        }
    }

    /** A tcpdump-style line from the first blank on: what follows the timestamp. */
    private static String withoutTime(String line) {
        return line.substring(line.indexOf(' '));
    }

    /** What {@code tcpdump -nn -r file} prints, one line per packet, the time of day first as zbuf prints it. */
    private static List<String> tcpdumpLines(Path file) throws Exception {
        Process process = new ProcessBuilder("tcpdump", "-nn", "-r", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return output.lines().toList();
    }

    /** The time of day of a line (HH:MM:SS.ffffff), in seconds. */
    private static double seconds(String line) {
        String[] parts = line.substring(0, line.indexOf(' ')).split(":");
        return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60 + Double.parseDouble(parts[2]);
    }
}
